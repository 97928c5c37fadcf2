/* test_hypothesis.c - tests on counts against R.
 *
 * The expected values are tests/ref/hypothesis_*.csv, written by
 * tests/ref/hypothesis.R:
 *   hypothesis_ztest.csv  prop.test(c(x1, x2), c(n1, n2), correct = FALSE)
 *   hypothesis_binom.csv  binom.test(x, n, p0)$p.value
 *   hypothesis_chisq.csv  chisq.test(t, correct = FALSE) on the table
 *                         without its empty rows and columns; Cramer's V by
 *                         its formula
 *   hypothesis_trend.csv  prop.trend.test(x, n, score); the slope of lm(x/n
 *                         ~ score, weights = n)
 * Each reference row is one case.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "stats/hypothesis.h"

#ifndef BAR_TEST_REF
#define BAR_TEST_REF BAR_TEST_DATA "/../ref"
#endif

enum { LINE_MAX_LEN = 2048, MAX_FIELDS = 16, MAX_CELLS = 64 };

/* Split line (modified in place) at commas into at most max fields. */
static size_t split(char *line, char **fields, size_t max)
{
    line[strcspn(line, "\r\n")] = '\0';
    size_t count = 0;
    char *p = line;
    while (count < max) {
        fields[count++] = p;
        char *comma = strchr(p, ',');
        if (!comma)
            break;
        *comma = '\0';
        p = comma + 1;
    }
    return count;
}

static double number(const char *s)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        fail_msg("not a number: '%s'", s);
    return v;
}

static FILE *open_ref(const char *path, const char *header)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[LINE_MAX_LEN];
    assert_non_null(fgets(line, sizeof line, f));
    line[strcspn(line, "\r\n")] = '\0';
    assert_string_equal(line, header);
    return f;
}

static void check(const char *what, const char *ctx, double got, double want,
                  double rel, double abs)
{
    double scale = fmax(fabs(got), fabs(want));
    if (isnan(got) || isnan(want) || fabs(got - want) > rel * scale + abs)
        fail_msg("%s (%s): got %.17g, R says %.17g", what, ctx, got, want);
}

static void ztest_matches_prop_test(void **state)
{
    (void)state;
    FILE *f = open_ref(BAR_TEST_REF "/hypothesis_ztest.csv",
                       "x1,n1,x2,n2,diff,z,p,xsquared");
    char line[LINE_MAX_LEN];
    size_t cases = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[MAX_FIELDS] = {0};
        assert_int_equal(split(line, fl, MAX_FIELDS), 8);
        size_t x1 = (size_t)number(fl[0]), n1 = (size_t)number(fl[1]);
        size_t x2 = (size_t)number(fl[2]), n2 = (size_t)number(fl[3]);
        char ctx[128];
        snprintf(ctx, sizeof ctx, "%zu/%zu vs %zu/%zu", x1, n1, x2, n2);
        bar_ztest z;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_ztest_two_proportions(x1, n1, x2, n2, &z, &err),
                         BAR_OK);
        check("diff", ctx, z.diff, number(fl[4]), 1e-12, 1e-15);
        check("z", ctx, z.z, number(fl[5]), 1e-9, 0.0);
        check("p", ctx, z.p, number(fl[6]), 1e-9, 0.0);
        check("z^2 = X-squared", ctx, z.z * z.z, number(fl[7]), 1e-9, 0.0);
        bar_error_clear(&err);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 8);
}

static void binom_matches_binom_test(void **state)
{
    (void)state;
    FILE *f = open_ref(BAR_TEST_REF "/hypothesis_binom.csv", "x,n,p0,p");
    char line[LINE_MAX_LEN];
    size_t cases = 0;
    bool saw_zero = false, saw_all = false, saw_366 = false;
    while (fgets(line, sizeof line, f)) {
        char *fl[MAX_FIELDS] = {0};
        assert_int_equal(split(line, fl, MAX_FIELDS), 4);
        size_t x = (size_t)number(fl[0]), n = (size_t)number(fl[1]);
        double p0 = number(fl[2]);
        char ctx[128];
        snprintf(ctx, sizeof ctx, "x = %zu, n = %zu, p0 = %g", x, n, p0);
        double p = -1.0;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_binom_test(x, n, p0, &p, &err), BAR_OK);
        check("p", ctx, p, number(fl[3]), 1e-9, 0.0);
        saw_zero |= x == 0;
        saw_all |= x == n;
        saw_366 |= n == 366 && p0 == 0.8;
        bar_error_clear(&err);
        cases++;
    }
    fclose(f);
    assert_true(saw_zero && saw_all && saw_366);
    assert_true(cases >= 15);
}

static void chisq_matches_chisq_test(void **state)
{
    (void)state;
    FILE *f = open_ref(BAR_TEST_REF "/hypothesis_chisq.csv",
                       "table,rows,cols,counts,statistic,df,p,cramers_v,"
                       "min_expected,cells_below_5");
    char line[LINE_MAX_LEN];
    size_t cases = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[MAX_FIELDS] = {0};
        assert_int_equal(split(line, fl, MAX_FIELDS), 10);
        size_t rows = (size_t)number(fl[1]), cols = (size_t)number(fl[2]);
        assert_true(rows * cols <= MAX_CELLS);
        double counts[MAX_CELLS];
        char *p = fl[3];
        for (size_t i = 0; i < rows * cols; i++) {
            char *end;
            counts[i] = strtod(p, &end);
            assert_true(end != p);
            p = end;
        }
        bar_chisq c;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_chisq_test(counts, rows, cols, &c, &err),
                         BAR_OK);
        check("statistic", fl[0], c.statistic, number(fl[4]), 1e-12, 0.0);
        assert_int_equal(c.df, (long)number(fl[5]));
        check("p", fl[0], c.p, number(fl[6]), 1e-9, 0.0);
        check("Cramer's V", fl[0], c.cramers_v, number(fl[7]), 1e-12, 0.0);
        check("min expected", fl[0], c.min_expected, number(fl[8]), 1e-12,
              0.0);
        assert_int_equal(c.cells_below_5, (size_t)number(fl[9]));
        bar_error_clear(&err);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 5);
}

/* Reads k numbers separated by spaces from s into v. */
static void numbers(const char *s, double *v, size_t k)
{
    for (size_t i = 0; i < k; i++) {
        char *end;
        v[i] = strtod(s, &end);
        assert_true(end != s);
        s = end;
    }
}

static void trend_matches_prop_trend_test(void **state)
{
    (void)state;
    FILE *f = open_ref(BAR_TEST_REF "/hypothesis_trend.csv",
                       "name,k,x,n,score,statistic,p,slope");
    char line[LINE_MAX_LEN];
    size_t cases = 0;
    bool saw_falling = false;
    while (fgets(line, sizeof line, f)) {
        char *fl[MAX_FIELDS] = {0};
        assert_int_equal(split(line, fl, MAX_FIELDS), 8);
        size_t k = (size_t)number(fl[1]);
        assert_true(k <= MAX_CELLS);
        double x[MAX_CELLS], n[MAX_CELLS], s[MAX_CELLS];
        numbers(fl[2], x, k);
        numbers(fl[3], n, k);
        numbers(fl[4], s, k);
        bar_trend t;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_trend_test(x, n, s, k, &t, &err), BAR_OK);
        check("statistic", fl[0], t.statistic, number(fl[5]), 1e-10, 1e-12);
        check("p", fl[0], t.p, number(fl[6]), 1e-9, 0.0);
        check("slope", fl[0], t.slope, number(fl[7]), 1e-10, 1e-12);
        assert_int_equal(t.df, 1);
        /* z carries the direction of the slope. */
        check("z^2", fl[0], t.z * t.z, t.statistic, 1e-12, 1e-12);
        assert_true((t.z < 0) == (t.slope < -1e-12));
        saw_falling |= t.z < 0;
        bar_error_clear(&err);
        cases++;
    }
    fclose(f);
    assert_true(saw_falling);
    assert_true(cases >= 6);
}

/* A group without cases is skipped: the same test as without it. */
static void trend_skips_empty_groups(void **state)
{
    (void)state;
    const double x[] = {10, 0, 18, 25, 30}, n[] = {50, 0, 50, 50, 50};
    const double s[] = {1, 9, 2, 3, 4};
    bar_trend with, without;
    assert_int_equal(bar_trend_test(x, n, s, 5, &with, NULL), BAR_OK);
    const double x2[] = {10, 18, 25, 30}, n2[] = {50, 50, 50, 50};
    const double s2[] = {1, 2, 3, 4};
    assert_int_equal(bar_trend_test(x2, n2, s2, 4, &without, NULL), BAR_OK);
    assert_true(fabs(with.statistic - without.statistic) < 1e-12);
}

static const struct bad_trend {
    const char *name;
    size_t k;
    double x[3], n[3], s[3];
    bool null_x;
    bar_status status;
    const char *msg;
} bad_trends[] = {
    {.name = "no groups", .k = 0, .status = BAR_EUSAGE, .msg = "no groups"},
    {.name = "null", .k = 2, .null_x = true, .status = BAR_EUSAGE,
     .msg = "no groups"},
    {.name = "x above n", .k = 2, .x = {3, 6}, .n = {5, 5}, .s = {1, 2},
     .status = BAR_EUSAGE, .msg = "group 2 has 6 of 5"},
    {.name = "negative", .k = 2, .x = {-1, 2}, .n = {5, 5}, .s = {1, 2},
     .status = BAR_EUSAGE, .msg = "group 1"},
    {.name = "nan score", .k = 2, .x = {1, 2}, .n = {5, 5}, .s = {1, NAN},
     .status = BAR_EUSAGE, .msg = "no finite score"},
    {.name = "one group", .k = 3, .x = {1, 0, 0}, .n = {5, 0, 0},
     .s = {1, 2, 3}, .status = BAR_EINVALID, .msg = "1 group(s)"},
    {.name = "same score", .k = 2, .x = {1, 2}, .n = {5, 5}, .s = {2, 2},
     .status = BAR_EINVALID, .msg = "same score"},
    {.name = "all zero", .k = 2, .x = {0, 0}, .n = {5, 5}, .s = {1, 2},
     .status = BAR_EINVALID, .msg = "pooled proportion is 0"},
    {.name = "all one", .k = 2, .x = {5, 4}, .n = {5, 4}, .s = {1, 2},
     .status = BAR_EINVALID, .msg = "pooled proportion is 1"},
    {.name = "too large", .k = 20000, .status = BAR_EUSAGE,
     .msg = "too large"},
};

static void bad_trends_are_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_trends / sizeof bad_trends[0]; i++) {
        const struct bad_trend *c = &bad_trends[i];
        bar_trend out = {.df = 99};
        bar_error err;
        bar_error_init(&err);
        /* "too large" is refused before the arrays are read. */
        bar_status rc = bar_trend_test(c->null_x ? NULL : c->x, c->n, c->s,
                                       c->k, &out, &err);
        if (rc != c->status || !strstr(err.msg, c->msg))
            fail_msg("trend case '%s': status %d, message '%s'", c->name,
                     (int)rc, err.msg);
        assert_int_equal(out.df, 99);
        bar_error_clear(&err);
    }
}

static const struct bad_ztest {
    size_t x1, n1, x2, n2;
    bar_status status;
    const char *msg;
} bad_ztests[] = {
    {.x1 = 0, .n1 = 0, .x2 = 1, .n2 = 5, .status = BAR_EUSAGE,
     .msg = "no cases"},
    {.x1 = 1, .n1 = 5, .x2 = 0, .n2 = 0, .status = BAR_EUSAGE,
     .msg = "no cases"},
    {.x1 = 6, .n1 = 5, .x2 = 1, .n2 = 5, .status = BAR_EUSAGE,
     .msg = "more successes"},
    {.x1 = 0, .n1 = 5, .x2 = 0, .n2 = 7, .status = BAR_EINVALID,
     .msg = "both proportions are 0"},
    {.x1 = 5, .n1 = 5, .x2 = 7, .n2 = 7, .status = BAR_EINVALID,
     .msg = "both proportions are 1"},
};

static const struct bad_binom {
    size_t x, n;
    double p0;
    const char *msg;
} bad_binoms[] = {
    {.x = 0, .n = 0, .p0 = 0.5, .msg = "n = 0"},
    {.x = 4, .n = 3, .p0 = 0.5, .msg = "4 successes out of 3"},
    {.x = 1, .n = 3, .p0 = -0.1, .msg = "not in [0, 1]"},
    {.x = 1, .n = 3, .p0 = 1.5, .msg = "not in [0, 1]"},
    {.x = 1, .n = 3, .p0 = NAN, .msg = "not in [0, 1]"},
    {.x = 1, .n = 200000000, .p0 = 0.5, .msg = "too large"},
};

static const struct bad_chisq {
    const char *name;
    size_t rows, cols;
    double counts[6];
    bool null_counts;
    bar_status status;
    const char *msg;
} bad_chisqs[] = {
    {.name = "no table", .rows = 2, .cols = 2, .null_counts = true,
     .status = BAR_EUSAGE, .msg = "empty table"},
    {.name = "no rows", .rows = 0, .cols = 3, .status = BAR_EUSAGE,
     .msg = "empty table"},
    {.name = "negative", .rows = 2, .cols = 2, .counts = {1, -2, 3, 4},
     .status = BAR_EUSAGE, .msg = "cell (1, 2)"},
    {.name = "nan", .rows = 2, .cols = 2, .counts = {1, 2, NAN, 4},
     .status = BAR_EUSAGE, .msg = "cell (2, 1)"},
    {.name = "one row left", .rows = 2, .cols = 3,
     .counts = {0, 0, 0, 4, 5, 6}, .status = BAR_EINVALID,
     .msg = "1 non-empty row(s)"},
    {.name = "one column left", .rows = 3, .cols = 2,
     .counts = {3, 0, 4, 0, 5, 0}, .status = BAR_EINVALID,
     .msg = "1 non-empty column(s)"},
    {.name = "all zero", .rows = 2, .cols = 2, .counts = {0, 0, 0, 0},
     .status = BAR_EINVALID, .msg = "0 non-empty row(s)"},
    {.name = "too large", .rows = 20000, .cols = 2, .null_counts = false,
     .status = BAR_EUSAGE, .msg = "too large"},
};

static void bad_arguments_are_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_ztests / sizeof bad_ztests[0]; i++) {
        const struct bad_ztest *c = &bad_ztests[i];
        bar_ztest z = {.z = 99.0};
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_ztest_two_proportions(c->x1, c->n1, c->x2,
                                                   c->n2, &z, &err),
                         c->status);
        if (!strstr(err.msg, c->msg))
            fail_msg("z-test case %zu: message '%s'", i + 1, err.msg);
        assert_true(z.z == 99.0);
        bar_error_clear(&err);
    }
    for (size_t i = 0; i < sizeof bad_binoms / sizeof bad_binoms[0]; i++) {
        const struct bad_binom *c = &bad_binoms[i];
        double p = 99.0;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_binom_test(c->x, c->n, c->p0, &p, &err),
                         BAR_EUSAGE);
        if (!strstr(err.msg, c->msg))
            fail_msg("binomial case %zu: message '%s'", i + 1, err.msg);
        assert_true(p == 99.0);
        bar_error_clear(&err);
    }
    for (size_t i = 0; i < sizeof bad_chisqs / sizeof bad_chisqs[0]; i++) {
        const struct bad_chisq *c = &bad_chisqs[i];
        bar_chisq out = {.df = 99};
        bar_error err;
        bar_error_init(&err);
        /* "too large" is refused before the counts are read. */
        bar_status rc = bar_chisq_test(c->null_counts ? NULL : c->counts,
                                       c->rows, c->cols, &out, &err);
        if (rc != c->status || !strstr(err.msg, c->msg))
            fail_msg("chi-square case '%s': status %d, message '%s'",
                     c->name, (int)rc, err.msg);
        assert_int_equal(out.df, 99);
        bar_error_clear(&err);
    }
}

/* Hand-checked identities: a table without association has X^2 = 0, p = 1;
 * a perfectly associated 2 x 2 table has V = 1. */
static void chisq_identities(void **state)
{
    (void)state;
    const double flat[] = {10, 20, 30, 20, 40, 60};
    bar_chisq c;
    assert_int_equal(bar_chisq_test(flat, 2, 3, &c, NULL), BAR_OK);
    assert_true(fabs(c.statistic) < 1e-12);
    assert_true(fabs(c.p - 1.0) < 1e-12);
    assert_int_equal(c.df, 2);
    const double diag[] = {25, 0, 0, 15};
    assert_int_equal(bar_chisq_test(diag, 2, 2, &c, NULL), BAR_OK);
    assert_true(fabs(c.cramers_v - 1.0) < 1e-12);
    assert_true(fabs(c.statistic - 40.0) < 1e-12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ztest_matches_prop_test),
        cmocka_unit_test(binom_matches_binom_test),
        cmocka_unit_test(chisq_matches_chisq_test),
        cmocka_unit_test(bad_arguments_are_refused),
        cmocka_unit_test(chisq_identities),
        cmocka_unit_test(trend_matches_prop_trend_test),
        cmocka_unit_test(trend_skips_empty_groups),
        cmocka_unit_test(bad_trends_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
