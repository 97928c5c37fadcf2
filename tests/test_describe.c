/* test_describe.c - descriptives, quantiles, boxplots and Shapiro-Wilk
 * against R (and skewness/kurtosis against PSPP).
 *
 * The vectors are tests/data/stats/describe_vectors.csv (long format:
 * vector,value; an empty value is missing). The expected values are
 * tests/ref/describe*.csv, written by tests/ref/describe.R:
 *   describe.csv            mean, sd (R), G1/G2 (type-2 formulas by hand)
 *   describe_quantiles.csv  quantile(type = 7)
 *   describe_boxplot.csv    type-7 quartiles, 1.5 IQR whiskers
 *   describe_outliers.csv   the values beyond the fences, ascending
 *   describe_shapiro.csv    shapiro.test W and p
 * and tests/ref/describe_pspp.csv by tests/ref/describe.sps (PSPP
 * DESCRIPTIVES on the "skewed" vector). Each reference row is one case.
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

#include "stats/describe.h"

#ifndef BAR_TEST_REF
#define BAR_TEST_REF BAR_TEST_DATA "/../ref"
#endif

enum { MAX_VECTORS = 32, MAX_VALUES = 6000, NAME_MAX_LEN = 32,
       LINE_MAX_LEN = 1024, MAX_FIELDS = 16 };

typedef struct vector {
    char name[NAME_MAX_LEN];
    size_t len;
    double values[MAX_VALUES];
} vector;

static vector vectors[MAX_VECTORS];
static size_t nvectors;

/* Split line (modified in place) at commas into at most max fields; the
 * trailing newline is removed. Returns the field count. */
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

/* A number field: "NA" or empty is NAN. */
static double number(const char *s)
{
    if (s[0] == '\0' || strcmp(s, "NA") == 0)
        return NAN;
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

static vector *find_vector(const char *name)
{
    for (size_t i = 0; i < nvectors; i++)
        if (strcmp(vectors[i].name, name) == 0)
            return &vectors[i];
    fail_msg("no vector '%s' in the fixture", name);
    return NULL;
}

static int load_vectors(void **state)
{
    (void)state;
    FILE *f = open_ref(BAR_TEST_DATA "/stats/describe_vectors.csv",
                       "vector,value");
    char line[LINE_MAX_LEN];
    nvectors = 0;
    while (fgets(line, sizeof line, f)) {
        char *fields[MAX_FIELDS] = {0};
        assert_int_equal(split(line, fields, MAX_FIELDS), 2);
        vector *v = NULL;
        for (size_t i = 0; i < nvectors; i++)
            if (strcmp(vectors[i].name, fields[0]) == 0)
                v = &vectors[i];
        if (!v) {
            assert_true(nvectors < MAX_VECTORS);
            v = &vectors[nvectors++];
            snprintf(v->name, sizeof v->name, "%.*s", (int)sizeof v->name - 1,
                     fields[0]);
            v->len = 0;
        }
        assert_true(v->len < MAX_VALUES);
        v->values[v->len++] = number(fields[1]);
    }
    fclose(f);
    return nvectors >= 10 ? 0 : -1;
}

/* |got - want| within rel relative (to the larger magnitude) plus abs;
 * both NAN counts as equal. */
static void check(const char *what, const char *vec, double got, double want,
                  double rel, double abs)
{
    if (isnan(want) && isnan(got))
        return;
    double scale = fmax(fabs(got), fabs(want));
    if (isnan(got) || isnan(want) || fabs(got - want) > rel * scale + abs)
        fail_msg("%s of '%s': got %.17g, reference %.17g", what, vec, got,
                 want);
}

static void descriptives_match_r(void **state)
{
    (void)state;
    FILE *f = open_ref(BAR_TEST_REF "/describe.csv",
                       "vector,n,mean,sd,min,max,skewness,kurtosis");
    char line[LINE_MAX_LEN];
    size_t cases = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[MAX_FIELDS] = {0};
        assert_int_equal(split(line, fl, MAX_FIELDS), 8);
        vector *v = find_vector(fl[0]);
        bar_describe d;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_describe_compute(v->values, v->len, &d, &err),
                         BAR_OK);
        assert_int_equal(d.n, (size_t)number(fl[1]));
        check("mean", v->name, d.mean, number(fl[2]), 1e-12, 1e-14);
        check("sd", v->name, d.sd, number(fl[3]), 1e-12, 0.0);
        check("min", v->name, d.min, number(fl[4]), 0.0, 0.0);
        check("max", v->name, d.max, number(fl[5]), 0.0, 0.0);
        check("skewness", v->name, d.skewness, number(fl[6]), 1e-9, 1e-12);
        check("kurtosis", v->name, d.kurtosis, number(fl[7]), 1e-9, 1e-12);
        bar_error_clear(&err);
        cases++;
    }
    fclose(f);
    assert_true(cases >= 10);
}

static void quantiles_match_r(void **state)
{
    (void)state;
    FILE *f = open_ref(BAR_TEST_REF "/describe_quantiles.csv",
                       "vector,p,q");
    char line[LINE_MAX_LEN];
    size_t cases = 0;
    double *sorted = malloc(MAX_VALUES * sizeof *sorted);
    assert_non_null(sorted);
    while (fgets(line, sizeof line, f)) {
        char *fl[MAX_FIELDS] = {0};
        assert_int_equal(split(line, fl, MAX_FIELDS), 3);
        vector *v = find_vector(fl[0]);
        size_t n = 0;
        for (size_t i = 0; i < v->len; i++)
            if (!isnan(v->values[i]))
                sorted[n++] = v->values[i];
        /* insertion sort: the test must not share code with the library */
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
                double t = sorted[j];
                sorted[j] = sorted[j - 1];
                sorted[j - 1] = t;
            }
        double p = number(fl[1]);
        check("quantile", v->name, bar_quantile_sorted(sorted, n, p),
              number(fl[2]), 1e-13, 1e-15);
        cases++;
    }
    free(sorted);
    fclose(f);
    assert_true(cases >= 60);
}

static void boxplots_match_r(void **state)
{
    (void)state;
    FILE *f = open_ref(BAR_TEST_REF "/describe_boxplot.csv",
                       "vector,n,q1,median,q3,mean,whisker_low,"
                       "whisker_high,noutliers");
    FILE *fo = open_ref(BAR_TEST_REF "/describe_outliers.csv",
                        "vector,value");
    char line[LINE_MAX_LEN], oline[LINE_MAX_LEN];
    size_t cases = 0, total_outliers = 0;
    while (fgets(line, sizeof line, f)) {
        char *fl[MAX_FIELDS] = {0};
        assert_int_equal(split(line, fl, MAX_FIELDS), 9);
        vector *v = find_vector(fl[0]);
        bar_boxplot b;
        assert_int_equal(bar_boxplot_compute(v->values, v->len, &b, NULL),
                         BAR_OK);
        assert_int_equal(b.n, (size_t)number(fl[1]));
        check("q1", v->name, b.q1, number(fl[2]), 1e-13, 1e-15);
        check("median", v->name, b.median, number(fl[3]), 1e-13, 1e-15);
        check("q3", v->name, b.q3, number(fl[4]), 1e-13, 1e-15);
        check("mean", v->name, b.mean, number(fl[5]), 1e-12, 1e-14);
        check("whisker_low", v->name, b.whisker_low, number(fl[6]), 0, 0);
        check("whisker_high", v->name, b.whisker_high, number(fl[7]), 0, 0);
        size_t nout = (size_t)number(fl[8]);
        if (b.noutliers != nout)
            fail_msg("'%s': %zu outliers, R has %zu", v->name, b.noutliers,
                     nout);
        /* The outliers file lists them in the same vector order. */
        for (size_t i = 0; i < nout; i++) {
            char *ol[MAX_FIELDS] = {0};
            assert_non_null(fgets(oline, sizeof oline, fo));
            assert_int_equal(split(oline, ol, MAX_FIELDS), 2);
            assert_string_equal(ol[0], v->name);
            check("outlier", v->name, b.outliers[i], number(ol[1]), 0, 0);
        }
        total_outliers += nout;
        bar_boxplot_clear(&b);
        assert_null(b.outliers);
        cases++;
    }
    assert_null(fgets(oline, sizeof oline, fo));
    fclose(fo);
    fclose(f);
    assert_true(cases >= 10);
    assert_true(total_outliers > 0);
}

static void shapiro_matches_r(void **state)
{
    (void)state;
    FILE *f = open_ref(BAR_TEST_REF "/describe_shapiro.csv", "vector,n,w,p");
    char line[LINE_MAX_LEN];
    size_t cases = 0;
    bool sizes[5001] = {false};
    while (fgets(line, sizeof line, f)) {
        char *fl[MAX_FIELDS] = {0};
        assert_int_equal(split(line, fl, MAX_FIELDS), 4);
        vector *v = find_vector(fl[0]);
        bar_shapiro s;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_shapiro_wilk(v->values, v->len, &s, &err),
                         BAR_OK);
        assert_int_equal(s.n, (size_t)number(fl[1]));
        check("W", v->name, s.w, number(fl[2]), 1e-9, 0.0);
        check("p", v->name, s.p, number(fl[3]), 1e-9, 0.0);
        sizes[s.n] = true;
        bar_error_clear(&err);
        cases++;
    }
    fclose(f);
    /* The brief's sizes: n = 3, 4..11 and 12..5000 all reached. */
    static const size_t needed[] = {3, 4, 5, 11, 12, 50, 366, 5000};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
        if (!sizes[needed[i]])
            fail_msg("no Shapiro-Wilk case of size %zu", needed[i]);
    assert_true(cases >= 8);
}

/* PSPP DESCRIPTIVES prints 15 decimals; the header row names the columns. */
static void skewness_kurtosis_match_pspp(void **state)
{
    (void)state;
    const char *path = BAR_TEST_REF "/describe_pspp.csv";
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[LINE_MAX_LEN];
    int col_skew = -1, col_kurt = -1, col_mean = -1, col_sd = -1;
    double skew = NAN, kurt = NAN, mean = NAN, sd = NAN;
    while (fgets(line, sizeof line, f)) {
        char *fl[MAX_FIELDS] = {0};
        size_t nf = split(line, fl, MAX_FIELDS);
        if (nf > 1 && fl[0][0] == '\0' && strcmp(fl[1], "N") == 0) {
            for (size_t i = 0; i < nf; i++) {
                if (strcmp(fl[i], "Skewness") == 0)
                    col_skew = (int)i;
                else if (strcmp(fl[i], "Kurtosis") == 0)
                    col_kurt = (int)i;
                else if (strcmp(fl[i], "Mean") == 0)
                    col_mean = (int)i;
                else if (strcmp(fl[i], "Std Dev") == 0)
                    col_sd = (int)i;
            }
        } else if (nf > 1 && strcmp(fl[0], "x") == 0 && col_skew > 0) {
            assert_true(col_kurt > 0 && col_mean > 0 && col_sd > 0);
            assert_true((size_t)col_skew < nf && (size_t)col_kurt < nf);
            skew = number(fl[col_skew]);
            kurt = number(fl[col_kurt]);
            mean = number(fl[col_mean]);
            sd = number(fl[col_sd]);
        }
    }
    fclose(f);
    assert_false(isnan(skew) || isnan(kurt));
    vector *v = find_vector("skewed");
    bar_describe d;
    assert_int_equal(bar_describe_compute(v->values, v->len, &d, NULL),
                     BAR_OK);
    check("PSPP mean", v->name, d.mean, mean, 0.0, 1e-14);
    check("PSPP sd", v->name, d.sd, sd, 0.0, 1e-14);
    check("PSPP skewness", v->name, d.skewness, skew, 0.0, 1e-14);
    check("PSPP kurtosis", v->name, d.kurtosis, kurt, 0.0, 1e-14);
}

static void small_and_constant_samples(void **state)
{
    (void)state;
    const double one[] = {NAN, 4.5};
    bar_describe d;
    assert_int_equal(bar_describe_compute(one, 2, &d, NULL), BAR_OK);
    assert_int_equal(d.n, 1);
    assert_true(d.mean == 4.5 && d.min == 4.5 && d.max == 4.5);
    assert_true(isnan(d.sd) && isnan(d.skewness) && isnan(d.kurtosis));

    const double same[] = {0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1};
    assert_int_equal(bar_describe_compute(same, 7, &d, NULL), BAR_OK);
    assert_true(d.mean == 0.1 && d.sd == 0.0);
    assert_true(isnan(d.skewness) && isnan(d.kurtosis));

    bar_boxplot b;
    assert_int_equal(bar_boxplot_compute(same, 7, &b, NULL), BAR_OK);
    assert_true(b.q1 == 0.1 && b.q3 == 0.1 && b.whisker_low == 0.1 &&
                b.whisker_high == 0.1);
    assert_int_equal(b.noutliers, 0);
    assert_null(b.outliers);
    bar_boxplot_clear(&b);
    bar_boxplot_clear(NULL);

    const double s[] = {1.0, 2.0, 4.0};
    assert_true(isnan(bar_quantile_sorted(s, 3, -0.1)));
    assert_true(isnan(bar_quantile_sorted(s, 3, 1.5)));
    assert_true(isnan(bar_quantile_sorted(s, 3, NAN)));
    assert_true(isnan(bar_quantile_sorted(s, 0, 0.5)));
    assert_true(bar_quantile_sorted(s, 1, 0.7) == 1.0);
    assert_true(bar_quantile_sorted(s, 3, 0.75) == 3.0);
}

static const struct bad_case {
    const char *name;
    size_t len;       /* values used from data */
    double data[8];
    bool big;         /* use 5001 distinct values instead */
    bool for_describe; /* describe and boxplot fail too */
    bar_status status;
    const char *msg;          /* in Shapiro-Wilk's message */
    const char *describe_msg; /* in describe's and boxplot's */
    size_t n;                 /* Shapiro-Wilk's out->n after (99: untouched) */
} bad_cases[] = {
    {.name = "empty", .len = 0, .for_describe = true,
     .status = BAR_EINVALID, .msg = "sample size 0",
     .describe_msg = "no valid value", .n = 0},
    {.name = "all missing", .len = 3, .data = {NAN, NAN, NAN},
     .for_describe = true, .status = BAR_EINVALID, .msg = "sample size 0",
     .describe_msg = "no valid value", .n = 0},
    {.name = "infinite", .len = 4, .data = {1.0, 2.0, INFINITY, 3.0},
     .for_describe = true, .status = BAR_EINVALID, .msg = "infinite",
     .describe_msg = "value 3 is infinite", .n = 99},
    {.name = "two values", .len = 3, .data = {1.0, NAN, 2.0},
     .status = BAR_EINVALID, .msg = "sample size 2", .n = 2},
    {.name = "constant", .len = 6, .data = {3, 3, 3, 3, 3, 3},
     .status = BAR_EINVALID, .msg = "identical", .n = 6},
    {.name = "5001 values", .big = true, .status = BAR_EINVALID,
     .msg = "sample size 5001", .n = 5001},
};

static void bad_input_is_refused(void **state)
{
    (void)state;
    double *big = malloc(5001 * sizeof *big);
    assert_non_null(big);
    for (size_t i = 0; i < 5001; i++)
        big[i] = (double)(i * 7919 % 5001);
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        const double *x = c->big ? big : c->data;
        size_t len = c->big ? 5001 : c->len;
        bar_error err;
        bar_error_init(&err);
        bar_shapiro s = {.n = 99};
        if (bar_shapiro_wilk(x, len, &s, &err) != c->status)
            fail_msg("case '%s': wrong status", c->name);
        if (!strstr(err.msg, c->msg))
            fail_msg("case '%s': message '%s'", c->name, err.msg);
        if (s.n != c->n)
            fail_msg("case '%s': n %zu, want %zu", c->name, s.n, c->n);
        bar_error_clear(&err);
        if (!c->for_describe)
            continue;
        bar_error_init(&err);
        bar_describe d = {.n = 99};
        assert_int_equal(bar_describe_compute(x, len, &d, &err), c->status);
        assert_non_null(strstr(err.msg, c->describe_msg));
        assert_int_equal(d.n, 99);
        bar_error_clear(&err);
        bar_error_init(&err);
        bar_boxplot b = {.n = 99};
        assert_int_equal(bar_boxplot_compute(x, len, &b, &err), c->status);
        assert_non_null(strstr(err.msg, c->describe_msg));
        assert_int_equal(b.n, 99);
        bar_error_clear(&err);
    }
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(descriptives_match_r),
        cmocka_unit_test(quantiles_match_r),
        cmocka_unit_test(boxplots_match_r),
        cmocka_unit_test(shapiro_matches_r),
        cmocka_unit_test(skewness_kurtosis_match_pspp),
        cmocka_unit_test(small_and_constant_samples),
        cmocka_unit_test(bad_input_is_refused),
    };
    return cmocka_run_group_tests(tests, load_vectors, NULL);
}
