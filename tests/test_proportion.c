/* test_proportion.c - Wilson score intervals against R's prop.test.
 *
 * The reference table is tests/ref/proportion.csv, written by
 * tests/ref/proportion.R (R: prop.test(x, n, correct = FALSE)). Every row
 * is one case; the estimate and both limits must agree to 1e-9.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stats/proportion.h"

#ifndef BAR_TEST_REF
#define BAR_TEST_REF BAR_TEST_DATA "/../ref"
#endif

enum { MAX_CASES = 256 };

typedef struct ref_case {
    size_t x, n;
    double level, estimate, low, high;
} ref_case;

/* Read the reference CSV (a header, then six numeric fields a line). */
static size_t read_cases(ref_case *cases, size_t max)
{
    const char *path = BAR_TEST_REF "/proportion.csv";
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[512];
    size_t count = 0;
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, "x,n,level,estimate,low,high\n");
    while (fgets(line, sizeof line, f) && count < max) {
        char *p = line, *end;
        double v[6];
        for (int i = 0; i < 6; i++) {
            v[i] = strtod(p, &end);
            assert_true(end != p);
            p = end + 1;
        }
        cases[count++] = (ref_case){
            .x = (size_t)v[0], .n = (size_t)v[1], .level = v[2],
            .estimate = v[3], .low = v[4], .high = v[5]};
    }
    fclose(f);
    return count;
}

static void wilson_matches_r(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    assert_true(count >= 20);
    for (size_t i = 0; i < count; i++) {
        bar_proportion p;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_proportion_wilson(cases[i].x, cases[i].n,
                                               cases[i].level, &p, &err),
                         BAR_OK);
        if (fabs(p.estimate - cases[i].estimate) > 1e-9 ||
            fabs(p.low - cases[i].low) > 1e-9 ||
            fabs(p.high - cases[i].high) > 1e-9)
            fail_msg("case %zu (x=%zu n=%zu level=%g): got %.12g [%.12g, "
                     "%.12g], R says %.12g [%.12g, %.12g]", i + 1,
                     cases[i].x, cases[i].n, cases[i].level, p.estimate,
                     p.low, p.high, cases[i].estimate, cases[i].low,
                     cases[i].high);
        assert_int_equal(p.x, cases[i].x);
        assert_int_equal(p.n, cases[i].n);
        bar_error_clear(&err);
    }
}

static void extremes_are_exact(void **state)
{
    (void)state;
    bar_proportion p;
    assert_int_equal(bar_proportion_wilson(0, 50, 0.95, &p, NULL), BAR_OK);
    assert_true(p.low == 0.0);
    assert_int_equal(bar_proportion_wilson(50, 50, 0.95, &p, NULL), BAR_OK);
    assert_true(p.high == 1.0);
}

static const struct bad_case {
    size_t x, n;
    double level;
    const char *msg;
} bad_cases[] = {
    {.x = 0, .n = 0, .level = 0.95, .msg = "n = 0"},
    {.x = 6, .n = 5, .level = 0.95, .msg = "6 successes out of 5"},
    {.x = 1, .n = 5, .level = 0.0, .msg = "confidence level"},
    {.x = 1, .n = 5, .level = 1.0, .msg = "confidence level"},
    {.x = 1, .n = 5, .level = NAN, .msg = "confidence level"},
};

static void bad_input_is_usage_error(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        bar_proportion p = {.x = 99};
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_proportion_wilson(bad_cases[i].x,
                                               bad_cases[i].n,
                                               bad_cases[i].level, &p, &err),
                         BAR_EUSAGE);
        assert_non_null(strstr(err.msg, bad_cases[i].msg));
        assert_int_equal(p.x, 99);
        bar_error_clear(&err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(wilson_matches_r),
        cmocka_unit_test(extremes_are_exact),
        cmocka_unit_test(bad_input_is_usage_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
