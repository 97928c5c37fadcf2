/* test_numfmt.c - the one place numbers are formatted (render/numfmt.h).
 *
 * A table of values with the text a Dutch and an English reader expect:
 * decimals, counts with thousands separators, percentages, p-values
 * ("< 0,001", never "0,000"), negative numbers and zero without a sign,
 * NaN and infinities as a dash, and the plain form for CSV files.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "render/numfmt.h"

typedef enum { DEC, COUNT, PCT, PVAL, PLAIN, PLAIN_P } kind;

static const struct {
    kind k;
    double v;
    int decimals;
    const char *nl, *en;
} cases[] = {
    {DEC, 12.345, 1, "12,3", "12.3"},
    {DEC, 12.35, 0, "12", "12"},
    {DEC, 3.7, 1, "3,7", "3.7"},
    {DEC, 0.05, 3, "0,050", "0.050"},
    {DEC, -2.4711, 2, "-2,47", "-2.47"},
    {DEC, -0.0004, 2, "0,00", "0.00"},     /* no "-0,00" */
    {DEC, -0.0, 0, "0", "0"},
    {DEC, 1374.5, 1, "1.374,5", "1,374.5"},
    {DEC, -1234567.891, 2, "-1.234.567,89", "-1,234,567.89"},
    {DEC, 999.96, 1, "1.000,0", "1,000.0"}, /* grouped after rounding */
    {DEC, NAN, 2, "\xe2\x80\x93", "\xe2\x80\x93"},
    {DEC, INFINITY, 2, "\xe2\x80\x93", "\xe2\x80\x93"},
    {DEC, -INFINITY, 0, "\xe2\x80\x93", "\xe2\x80\x93"},
    {DEC, 2.6, -1, "3", "3"},               /* decimals clamped to 0 */
    {COUNT, 366, 0, "366", "366"},
    {COUNT, 1374, 0, "1.374", "1,374"},
    {COUNT, 1000000, 0, "1.000.000", "1,000,000"},
    {COUNT, 0, 0, "0", "0"},
    {COUNT, NAN, 0, "\xe2\x80\x93", "\xe2\x80\x93"},
    {PCT, 47.4, 0, "47%", "47%"},
    {PCT, 47.45, 1, "47,5%", "47.5%"},
    {PCT, 0.2, 0, "0%", "0%"},
    {PCT, NAN, 0, "\xe2\x80\x93", "\xe2\x80\x93"},
    {PVAL, 0.0004, 0, "< 0,001", "< 0.001"},
    {PVAL, 0.0, 0, "< 0,001", "< 0.001"},
    {PVAL, 0.00099, 0, "< 0,001", "< 0.001"},
    {PVAL, 0.001, 0, "0,001", "0.001"},
    {PVAL, 0.05, 0, "0,050", "0.050"},
    {PVAL, 0.0184, 0, "0,018", "0.018"},
    {PVAL, 1.0, 0, "1,000", "1.000"},
    {PVAL, NAN, 0, "\xe2\x80\x93", "\xe2\x80\x93"},
    {PLAIN, 1374.56, 1, "1374,6", "1374.6"},
    {PLAIN, -0.04, 1, "0,0", "0.0"},
    {PLAIN, 23.2222, 2, "23,22", "23.22"},
    {PLAIN, NAN, 2, "", ""},
    {PLAIN_P, 0.0184, 0, "0,018", "0.018"},
    {PLAIN_P, 0.001, 0, "0,001", "0.001"},
    {PLAIN_P, 0.000123456, 0, "1,23e-04", "1.23e-04"},
    {PLAIN_P, 3.2e-20, 0, "3,20e-20", "3.20e-20"},
    {PLAIN_P, 0.0, 0, "0,000", "0.000"},
    {PLAIN_P, NAN, 0, "", ""},
};

static const char *run(kind k, double v, int d, bar_lang lang, char *buf,
                       size_t size)
{
    switch (k) {
    case DEC: return bar_numfmt_decimal(buf, size, v, d, lang);
    case COUNT: return bar_numfmt_count(buf, size, v, lang);
    case PCT: return bar_numfmt_percent(buf, size, v, d, lang);
    case PVAL: return bar_numfmt_p(buf, size, v, lang);
    case PLAIN: return bar_numfmt_plain(buf, size, v, d, lang);
    case PLAIN_P: return bar_numfmt_plain_p(buf, size, v, lang);
    }
    return "";
}

static void every_case(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[BAR_NUMFMT_MAX];
        const char *want[2] = {cases[i].nl, cases[i].en};
        bar_lang langs[2] = {BAR_LANG_NL, BAR_LANG_EN};
        for (int l = 0; l < 2; l++) {
            const char *got = run(cases[i].k, cases[i].v, cases[i].decimals,
                                  langs[l], buf, sizeof buf);
            if (got != buf || strcmp(got, want[l]) != 0) {
                print_error("case %zu (%s): '%s', want '%s'\n", i,
                            l ? "en" : "nl", got, want[l]);
                bad++;
            }
        }
    }
    assert_int_equal(bad, 0);
}

/* The largest double with the most decimals fits BAR_NUMFMT_MAX; a small
 * buffer gets a cut, terminated text. */
static void sizes(void **state)
{
    (void)state;
    char buf[BAR_NUMFMT_MAX];
    bar_numfmt_decimal(buf, sizeof buf, -1.7976931348623157e308, 9,
                       BAR_LANG_NL);
    assert_true(strlen(buf) < sizeof buf - 1);
    assert_int_equal(buf[0], '-');
    char small[4];
    bar_numfmt_count(small, sizeof small, 123456, BAR_LANG_NL);
    assert_string_equal(small, "123");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_case),
        cmocka_unit_test(sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
