/* test_kmeans1d.c - optimal 1-D k-means against the brute-force optimum.
 *
 * tests/ref/kmeans1d.R writes every input vector to
 * tests/data/stats/kmeans_<case>.csv and the exact optimum (every set of
 * k - 1 cut points between distinct sorted values tried) to
 * tests/ref/kmeans1d_cases.csv (one row per vector and k) and
 * kmeans1d_groups.csv (one row per group). Centres, sums of squares and
 * cuts must agree to 1e-9 relative, sizes exactly.
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

#include "stats/kmeans1d.h"

#ifndef BAR_TEST_REF
#define BAR_TEST_REF BAR_TEST_DATA "/../ref"
#endif

enum { MAX_VALUES = 2000, MAX_CASES = 64, MAX_K = 8 };

typedef struct ref_case {
    char name[64];
    size_t k, n;
    double withinss, betweenss, r_kmeans; /* r_kmeans: NAN unless run */
    double centers[MAX_K], cuts[MAX_K];
    size_t sizes[MAX_K];
} ref_case;

static bool close_to(double got, double want, double tol)
{
    return fabs(got - want) <= tol * (1.0 > fabs(want) ? 1.0 : fabs(want));
}

static FILE *open_checked(const char *path, const char *header)
{
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[256];
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, header);
    return f;
}

/* The vector of a case: one value a line after the header "x", an empty
 * line for a missing value. Returns the number of values. */
static size_t read_vector(const char *name, double *x, size_t max)
{
    char path[512], line[128];
    int len = snprintf(path, sizeof path, "%s/stats/kmeans_%.64s.csv",
                       BAR_TEST_DATA, name);
    assert_true(len > 0 && (size_t)len < sizeof path);
    FILE *f = open_checked(path, "x\n");
    size_t n = 0;
    while (fgets(line, sizeof line, f) && n < max) {
        char *end;
        x[n] = strtod(line, &end);
        if (end == line)
            x[n] = NAN;
        n++;
    }
    fclose(f);
    return n;
}

static double field_double(const char *s)
{
    return strcmp(s, "NA") == 0 ? NAN : strtod(s, NULL);
}

static size_t read_cases(ref_case *cases, size_t max)
{
    char line[512];
    FILE *f = open_checked(BAR_TEST_REF "/kmeans1d_cases.csv",
                           "case,k,n,withinss,betweenss,"
                           "r_kmeans_withinss\n");
    size_t count = 0;
    while (fgets(line, sizeof line, f) && count < max) {
        line[strcspn(line, "\n")] = '\0';
        char *save = NULL;
        ref_case *c = &cases[count++];
        *c = (ref_case){0};
        snprintf(c->name, sizeof c->name, "%s", strtok_r(line, ",", &save));
        c->k = strtoul(strtok_r(NULL, ",", &save), NULL, 10);
        c->n = strtoul(strtok_r(NULL, ",", &save), NULL, 10);
        c->withinss = field_double(strtok_r(NULL, ",", &save));
        c->betweenss = field_double(strtok_r(NULL, ",", &save));
        c->r_kmeans = field_double(strtok_r(NULL, ",", &save));
        assert_true(c->k >= 1 && c->k <= MAX_K);
    }
    fclose(f);

    f = open_checked(BAR_TEST_REF "/kmeans1d_groups.csv",
                     "case,k,group,center,size,cut\n");
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *save = NULL;
        const char *name = strtok_r(line, ",", &save);
        size_t k = strtoul(strtok_r(NULL, ",", &save), NULL, 10);
        size_t g = strtoul(strtok_r(NULL, ",", &save), NULL, 10) - 1;
        size_t i = 0;
        while (i < count && !(strcmp(cases[i].name, name) == 0 &&
                              cases[i].k == k))
            i++;
        assert_true(i < count && g < k);
        cases[i].centers[g] = field_double(strtok_r(NULL, ",", &save));
        cases[i].sizes[g] = strtoul(strtok_r(NULL, ",", &save), NULL, 10);
        cases[i].cuts[g] = field_double(strtok_r(NULL, ",", &save));
    }
    fclose(f);
    return count;
}

/* Check a fit against its reference case, and the assignments against the
 * fit: group sizes, every value on the right side of the cuts, equal
 * values in one group. */
static void check_fit(const ref_case *c, const double *x, size_t len,
                      const bar_kmeans1d *km, const int *assign)
{
    assert_int_equal(km->k, c->k);
    if (!close_to(km->withinss, c->withinss, 1e-9) ||
        !close_to(km->betweenss, c->betweenss, 1e-9))
        fail_msg("%s k=%zu: withinss %.15g betweenss %.15g, optimum %.15g "
                 "%.15g", c->name, c->k, km->withinss, km->betweenss,
                 c->withinss, c->betweenss);
    for (size_t g = 0; g < c->k; g++) {
        if (!close_to(km->centers[g], c->centers[g], 1e-9) ||
            km->sizes[g] != c->sizes[g])
            fail_msg("%s k=%zu group %zu: centre %.15g size %zu, optimum "
                     "%.15g %zu", c->name, c->k, g + 1, km->centers[g],
                     km->sizes[g], c->centers[g], c->sizes[g]);
        if (g + 1 < c->k && !close_to(km->cuts[g], c->cuts[g], 1e-12))
            fail_msg("%s k=%zu cut %zu: %.15g, optimum %.15g", c->name,
                     c->k, g + 1, km->cuts[g], c->cuts[g]);
    }
    size_t counted[MAX_K] = {0};
    for (size_t i = 0; i < len; i++) {
        if (isnan(x[i])) {
            assert_int_equal(assign[i], -1);
            continue;
        }
        assert_true(assign[i] >= 0 && (size_t)assign[i] < c->k);
        size_t g = (size_t)assign[i];
        counted[g]++;
        if (g > 0)
            assert_true(x[i] > km->cuts[g - 1]);
        if (g + 1 < c->k)
            assert_true(x[i] < km->cuts[g]);
        for (size_t j = 0; j < i; j++)
            if (x[j] == x[i])
                assert_int_equal(assign[j], assign[i]);
    }
    for (size_t g = 0; g < c->k; g++)
        assert_int_equal(counted[g], km->sizes[g]);
}

static void optimum_matches_brute_force(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    assert_true(count >= 16);
    for (size_t i = 0; i < count; i++) {
        double x[MAX_VALUES];
        int assign[MAX_VALUES];
        size_t len = read_vector(cases[i].name, x, MAX_VALUES);
        bar_kmeans1d km;
        bar_error err;
        bar_error_init(&err);
        if (bar_kmeans1d_fit(x, len, cases[i].k, assign, &km, &err) !=
            BAR_OK)
            fail_msg("%s k=%zu: %s", cases[i].name, cases[i].k, err.msg);
        size_t n = 0;
        for (size_t j = 0; j < len; j++)
            n += !isnan(x[j]);
        assert_int_equal(n, cases[i].n);
        check_fit(&cases[i], x, len, &km, assign);
        bar_kmeans1d_clear(&km);
        bar_error_clear(&err);
    }
}

/* R's kmeans(x, 3, nstart = 1) after set.seed(1) stops in a local optimum
 * on the local_trap vector; ours reaches the exact optimum, so it is never
 * worse than R's local result. */
static void not_worse_than_r_kmeans(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    size_t seen = 0;
    for (size_t i = 0; i < count; i++) {
        if (isnan(cases[i].r_kmeans))
            continue;
        double x[MAX_VALUES];
        size_t len = read_vector(cases[i].name, x, MAX_VALUES);
        bar_kmeans1d km;
        assert_int_equal(bar_kmeans1d_fit(x, len, cases[i].k, NULL, &km,
                                          NULL), BAR_OK);
        assert_true(km.withinss < cases[i].r_kmeans - 1e-6);
        bar_kmeans1d_clear(&km);
        seen++;
    }
    assert_true(seen >= 1);
}

/* The same values shuffled, with missing values in between, give the same
 * groups. */
static void order_and_missing_values_do_not_matter(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    for (size_t i = 0; i < count; i++) {
        double x[MAX_VALUES], y[2 * MAX_VALUES];
        int assign[2 * MAX_VALUES];
        size_t len = read_vector(cases[i].name, x, MAX_VALUES);
        /* Reverse, and put a NAN after every third value. */
        size_t m = 0;
        for (size_t j = len; j-- > 0;) {
            y[m++] = x[j];
            if (j % 3 == 0)
                y[m++] = NAN;
        }
        bar_kmeans1d km;
        assert_int_equal(bar_kmeans1d_fit(y, m, cases[i].k, assign, &km,
                                          NULL), BAR_OK);
        check_fit(&cases[i], y, m, &km, assign);
        bar_kmeans1d_clear(&km);
    }
}

/* As many groups as distinct values: every value its own group. */
static void one_group_per_distinct_value(void **state)
{
    (void)state;
    static const double x[] = {2.5, 1, 4, 1, 2.5, 4, 4};
    int assign[7];
    bar_kmeans1d km;
    assert_int_equal(bar_kmeans1d_fit(x, 7, 3, assign, &km, NULL), BAR_OK);
    assert_true(km.withinss == 0.0);
    static const double centers[] = {1, 2.5, 4};
    static const size_t sizes[] = {2, 2, 3};
    static const double cuts[] = {1.75, 3.25};
    static const int groups[] = {1, 0, 2, 0, 1, 2, 2};
    for (size_t g = 0; g < 3; g++) {
        assert_true(km.centers[g] == centers[g]);
        assert_int_equal(km.sizes[g], sizes[g]);
        if (g < 2)
            assert_true(km.cuts[g] == cuts[g]);
    }
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(assign[i], groups[i]);
    bar_kmeans1d_clear(&km);
    bar_kmeans1d_clear(NULL);
}

static const struct bad_case {
    const char *name;
    double x[8];
    size_t len, k;
    bar_status want;
    const char *msg;
} bad_cases[] = {
    {.name = "more groups than distinct values",
     .x = {1, 1, 2, 2, 2, 1, 1, 2}, .len = 8, .k = 3,
     .want = BAR_EINVALID, .msg = "2 distinct values"},
    {.name = "only missing values", .x = {NAN, NAN, NAN}, .len = 3, .k = 1,
     .want = BAR_EINVALID, .msg = "0 distinct values"},
    {.name = "no values", .len = 0, .k = 1, .want = BAR_EINVALID,
     .msg = "0 distinct values"},
    {.name = "zero groups", .x = {1, 2, 3}, .len = 3, .k = 0,
     .want = BAR_EUSAGE, .msg = "k = 0"},
    {.name = "infinite value", .x = {1, 2, INFINITY, 4}, .len = 4, .k = 2,
     .want = BAR_EINVALID, .msg = "value 2 is infinite"},
};

static void bad_input_is_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *b = &bad_cases[i];
        bar_kmeans1d km = {0};
        bar_error err;
        bar_error_init(&err);
        bar_status got = bar_kmeans1d_fit(b->x, b->len, b->k, NULL, &km,
                                          &err);
        if (got != b->want || strstr(err.msg, b->msg) == NULL)
            fail_msg("%s: got %s '%s'", b->name, bar_strerror(got),
                     err.msg);
        assert_null(km.centers);
        bar_error_clear(&err);
    }
    bar_kmeans1d km;
    assert_int_equal(bar_kmeans1d_fit(NULL, 3, 1, NULL, &km, NULL),
                     BAR_EUSAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(optimum_matches_brute_force),
        cmocka_unit_test(not_worse_than_r_kmeans),
        cmocka_unit_test(order_and_missing_values_do_not_matter),
        cmocka_unit_test(one_group_per_distinct_value),
        cmocka_unit_test(bad_input_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
