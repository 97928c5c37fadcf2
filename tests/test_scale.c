/* test_scale.c - correlations, Cronbach's alpha and one-factor principal
 * axis factoring against R (psych).
 *
 * The reference tables are tests/ref/scale_cases.csv (one row per item
 * set), scale_items.csv (one row per item), scale_eigen.csv and
 * scale_cor.csv, written by tests/ref/scale.R from psych::bfi
 * (tests/data/stats/bfi.csv) and the clim_* items of the simulated wave
 * (tests/data/stats/scale_clim366.csv). Every item set is one case: the
 * correlations must agree to 1e-12, alpha, alpha-if-deleted and r.drop to
 * 1e-9 (psych::alpha), the loadings and communalities to 1e-6 and the
 * iteration count exactly (psych::fa(fm = "pa", min.err = 1e-12,
 * max.iter = 1000)), the eigenvalues to 1e-9.
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

#include "stats/scale.h"

#ifndef BAR_TEST_REF
#define BAR_TEST_REF BAR_TEST_DATA "/../ref"
#endif

enum { MAX_COLS = 64, MAX_ROWS = 4000, MAX_CASES = 16, MAX_LINE = 4096 };

/* ---- a small reader for the numeric fixtures (header, commas, empty or
 * NA for missing, no quoted commas) ---- */

typedef struct table {
    size_t rows, cols;
    char names[MAX_COLS][64];
    double *cells; /* rows x cols */
} table;

/* Split line (modified in place) at commas into at most max fields,
 * dropping a trailing newline and surrounding double quotes. */
static size_t split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    char *p = line;
    while (n < max) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        size_t len = strlen(p);
        if (len >= 2 && p[0] == '"' && p[len - 1] == '"') {
            p[len - 1] = '\0';
            p++;
        }
        fields[n++] = p;
        if (!comma)
            break;
        p = comma + 1;
    }
    return n;
}

static void table_read(table *t, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/stats/%s", BAR_TEST_DATA, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    char line[MAX_LINE];
    char *fields[MAX_COLS];
    assert_non_null(fgets(line, sizeof line, f));
    *t = (table){.cols = split(line, fields, MAX_COLS)};
    for (size_t j = 0; j < t->cols; j++)
        snprintf(t->names[j], sizeof t->names[j], "%s", fields[j]);
    t->cells = malloc(MAX_ROWS * t->cols * sizeof *t->cells);
    assert_non_null(t->cells);
    while (fgets(line, sizeof line, f) && t->rows < MAX_ROWS) {
        size_t n = split(line, fields, MAX_COLS);
        assert_int_equal(n, t->cols);
        for (size_t j = 0; j < n; j++) {
            char *end;
            double v = strtod(fields[j], &end);
            if (fields[j][0] == '\0' || strcmp(fields[j], "NA") == 0)
                v = NAN;
            else
                assert_true(*end == '\0');
            t->cells[t->rows * t->cols + j] = v;
        }
        t->rows++;
    }
    fclose(f);
}

/* The columns named in items (space-separated) as a new rows x k block. */
static double *table_select(const table *t, const char *items, size_t *k)
{
    char copy[MAX_LINE];
    snprintf(copy, sizeof copy, "%s", items);
    size_t idx[MAX_COLS], nk = 0;
    for (char *save = NULL, *tok = strtok_r(copy, " ", &save); tok;
         tok = strtok_r(NULL, " ", &save)) {
        size_t j = 0;
        while (j < t->cols && strcmp(t->names[j], tok) != 0)
            j++;
        if (j == t->cols)
            fail_msg("no column %s", tok);
        idx[nk++] = j;
    }
    double *x = malloc(t->rows * nk * sizeof *x);
    assert_non_null(x);
    for (size_t i = 0; i < t->rows; i++)
        for (size_t j = 0; j < nk; j++)
            x[i * nk + j] = t->cells[i * t->cols + idx[j]];
    *k = nk;
    return x;
}

/* ---- the reference tables ---- */

typedef struct ref_case {
    char name[64], file[64], items[MAX_LINE];
    size_t ncomplete;
    double alpha, explained;
    int iterations;
} ref_case;

static FILE *ref_open(const char *name, const char *header)
{
    char path[512], line[MAX_LINE];
    snprintf(path, sizeof path, "%s/%s", BAR_TEST_REF, name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s", path);
    assert_non_null(fgets(line, sizeof line, f));
    assert_string_equal(line, header);
    return f;
}

static size_t read_cases(ref_case *cases, size_t max)
{
    FILE *f = ref_open("scale_cases.csv", "case,file,items,ncomplete,"
                       "raw_alpha,pa_iterations,pa_explained\n");
    char line[MAX_LINE];
    char *fields[8];
    size_t count = 0;
    while (fgets(line, sizeof line, f) && count < max) {
        assert_int_equal(split(line, fields, 8), 7);
        ref_case *c = &cases[count++];
        snprintf(c->name, sizeof c->name, "%s", fields[0]);
        snprintf(c->file, sizeof c->file, "%s", fields[1]);
        snprintf(c->items, sizeof c->items, "%s", fields[2]);
        c->ncomplete = strtoul(fields[3], NULL, 10);
        c->alpha = strtod(fields[4], NULL);
        c->iterations = atoi(fields[5]);
        c->explained = strtod(fields[6], NULL);
    }
    fclose(f);
    return count;
}

/* Rows of a long reference file whose first field is name: the numeric
 * fields from column first on go to v (ncol values a row). Returns the
 * number of rows. */
static size_t read_rows(const char *file, const char *header,
                        const char *name, size_t first, size_t ncol,
                        double *v, size_t max_rows)
{
    FILE *f = ref_open(file, header);
    char line[MAX_LINE];
    char *fields[16];
    size_t rows = 0;
    while (fgets(line, sizeof line, f)) {
        size_t n = split(line, fields, 16);
        assert_true(n == first + ncol);
        if (strcmp(fields[0], name) != 0)
            continue;
        assert_true(rows < max_rows);
        for (size_t j = 0; j < ncol; j++)
            v[rows * ncol + j] = strtod(fields[first + j], NULL);
        rows++;
    }
    fclose(f);
    return rows;
}

static bool close_to(double got, double want, double tol)
{
    return fabs(got - want) <= tol * (1.0 > fabs(want) ? 1.0 : fabs(want));
}

/* The data of one case: x (rows x k, caller frees). */
static double *case_data(const ref_case *c, size_t *rows, size_t *k)
{
    table t;
    table_read(&t, c->file);
    double *x = table_select(&t, c->items, k);
    *rows = t.rows;
    free(t.cells);
    return x;
}

/* ---- tests ---- */

static void correlation_matches_r(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    assert_true(count >= 8);
    for (size_t c = 0; c < count; c++) {
        size_t n, k;
        double *x = case_data(&cases[c], &n, &k);
        double *r = malloc(k * k * sizeof *r);
        double *want = malloc(k * k * 3 * sizeof *want);
        size_t m = 0;
        assert_int_equal(bar_scale_correlation(x, n, k, r, &m, NULL),
                         BAR_OK);
        assert_int_equal(m, cases[c].ncomplete);
        assert_int_equal(read_rows("scale_cor.csv", "case,i,j,r\n",
                                   cases[c].name, 1, 3, want, k * k),
                         k * k);
        for (size_t i = 0; i < k * k; i++) {
            size_t a = (size_t)want[3 * i] - 1, b = (size_t)want[3 * i + 1] - 1;
            if (!close_to(r[a * k + b], want[3 * i + 2], 1e-12))
                fail_msg("%s r[%zu][%zu]: got %.15g, R says %.15g",
                         cases[c].name, a, b, r[a * k + b], want[3 * i + 2]);
        }
        free(want);
        free(r);
        free(x);
    }
}

static void alpha_matches_psych(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    for (size_t c = 0; c < count; c++) {
        size_t n, k;
        double *x = case_data(&cases[c], &n, &k);
        double *want = malloc(k * 4 * sizeof *want);
        assert_int_equal(read_rows("scale_items.csv", "case,index,item,"
                                   "alpha_drop,r_drop,pa_loading,"
                                   "pa_communality\n", cases[c].name, 3, 4,
                                   want, k), k);
        bar_alpha a;
        assert_int_equal(bar_scale_alpha(x, n, k, &a, NULL), BAR_OK);
        assert_int_equal(a.ncomplete, cases[c].ncomplete);
        if (!close_to(a.alpha, cases[c].alpha, 1e-9))
            fail_msg("%s alpha: got %.15g, psych says %.15g", cases[c].name,
                     a.alpha, cases[c].alpha);
        for (size_t i = 0; i < k; i++) {
            if (!close_to(a.alpha_if_deleted[i], want[4 * i], 1e-9) ||
                !close_to(a.item_total_r[i], want[4 * i + 1], 1e-9))
                fail_msg("%s item %zu: alpha.drop %.15g r.drop %.15g, psych "
                         "says %.15g %.15g", cases[c].name, i,
                         a.alpha_if_deleted[i], a.item_total_r[i],
                         want[4 * i], want[4 * i + 1]);
        }
        bar_alpha_clear(&a);
        free(want);
        free(x);
    }
}

static void paf_matches_psych(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    for (size_t c = 0; c < count; c++) {
        size_t n, k, m;
        double *x = case_data(&cases[c], &n, &k);
        double *r = malloc(k * k * sizeof *r);
        double *want = malloc(k * 4 * sizeof *want);
        double *ev = malloc(k * sizeof *ev);
        assert_int_equal(bar_scale_correlation(x, n, k, r, &m, NULL),
                         BAR_OK);
        assert_int_equal(read_rows("scale_items.csv", "case,index,item,"
                                   "alpha_drop,r_drop,pa_loading,"
                                   "pa_communality\n", cases[c].name, 3, 4,
                                   want, k), k);
        assert_int_equal(read_rows("scale_eigen.csv", "case,index,"
                                   "eigenvalue\n", cases[c].name, 2, 1, ev,
                                   k), k);
        bar_paf p;
        bar_error err;
        bar_error_init(&err);
        if (bar_scale_paf(r, k, 1e-12, 1000, &p, &err) != BAR_OK)
            fail_msg("%s: %s", cases[c].name, err.msg);
        assert_true(p.converged);
        assert_int_equal(p.iterations, cases[c].iterations);
        assert_int_equal(p.k, k);
        if (!close_to(p.explained, cases[c].explained, 1e-6))
            fail_msg("%s explained: got %.12g, psych says %.12g",
                     cases[c].name, p.explained, cases[c].explained);
        for (size_t i = 0; i < k; i++) {
            if (!close_to(p.loadings[i], want[4 * i + 2], 1e-6) ||
                !close_to(p.communalities[i], want[4 * i + 3], 1e-6))
                fail_msg("%s item %zu: loading %.12g h2 %.12g, psych says "
                         "%.12g %.12g", cases[c].name, i, p.loadings[i],
                         p.communalities[i], want[4 * i + 2],
                         want[4 * i + 3]);
            if (!close_to(p.eigenvalues[i], ev[i], 1e-9))
                fail_msg("%s eigenvalue %zu: got %.15g, R says %.15g",
                         cases[c].name, i, p.eigenvalues[i], ev[i]);
        }
        bar_paf_clear(&p);
        bar_error_clear(&err);
        free(ev);
        free(want);
        free(r);
        free(x);
    }
}

/* The sign rule and reverse-keyed items: psych::bfi's A1 ("am indifferent
 * to the feelings of others") is reverse keyed. Given the raw items, the
 * loadings are signed so that their sum is positive, A1 loads negatively,
 * and its corrected item-total correlation is negative too (alpha does not
 * flip items). */
static void reverse_keyed_item_loads_negatively(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    size_t c = 0;
    while (c < count && strcmp(cases[c].name, "bfi_agreeableness") != 0)
        c++;
    assert_true(c < count);
    size_t n, k, m;
    double *x = case_data(&cases[c], &n, &k);
    double r[25];
    assert_int_equal(k, 5);
    assert_int_equal(bar_scale_correlation(x, n, k, r, &m, NULL), BAR_OK);
    bar_paf p;
    bar_alpha a;
    assert_int_equal(bar_scale_paf(r, k, 1e-12, 1000, &p, NULL), BAR_OK);
    assert_int_equal(bar_scale_alpha(x, n, k, &a, NULL), BAR_OK);
    double sum = 0.0;
    for (size_t i = 0; i < k; i++)
        sum += p.loadings[i];
    assert_true(sum > 0.0);
    assert_true(p.loadings[0] < 0.0);
    assert_true(a.item_total_r[0] < 0.0);
    for (size_t i = 1; i < k; i++)
        assert_true(p.loadings[i] > 0.0 && a.item_total_r[i] > 0.0);
    /* Dropping the reverse-keyed item raises alpha. */
    assert_true(a.alpha_if_deleted[0] > a.alpha);
    bar_paf_clear(&p);
    bar_alpha_clear(&a);
    free(x);
}

/* The simulator makes clim_collab_external and clim_adopt_elsewhere load
 * weakly: PAF must put them below the 0.40 cut of analysis.md and every
 * other clim item above it. */
static void weak_clim_items_fall_below_cut(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    size_t c = 0;
    while (c < count && strcmp(cases[c].name, "clim366") != 0)
        c++;
    assert_true(c < count);
    size_t n, k, m;
    double *x = case_data(&cases[c], &n, &k);
    assert_int_equal(k, 12);
    double r[144];
    assert_int_equal(bar_scale_correlation(x, n, k, r, &m, NULL), BAR_OK);
    bar_paf p;
    assert_int_equal(bar_scale_paf(r, k, 1e-9, 1000, &p, NULL), BAR_OK);
    assert_true(p.converged);
    /* Items 0 and 1 are clim_collab_external and clim_adopt_elsewhere. */
    for (size_t i = 0; i < k; i++) {
        if (i < 2)
            assert_true(fabs(p.loadings[i]) < 0.40);
        else
            assert_true(fabs(p.loadings[i]) >= 0.40);
    }
    bar_paf_clear(&p);
    free(x);
}

/* PSPP (tests/ref/scale_pspp.sps, cells extracted at full precision by
 * tests/ref/scale_pspp.py into scale_pspp.csv) on the clim_* items. Run 2
 * uses ECONVERGE(1e-12): it agrees with us (and psych) to 1e-6 once the
 * sign is set, PSPP leaving the eigenvector's arbitrary sign (all loadings
 * negative here). The initial communalities are the same SMCs. Run 1 keeps
 * PSPP's default ECONVERGE(0.001) and stops early: it differs by more
 * than 1e-6 but less than 1e-3. */
static void pspp_agrees_but_for_sign_and_stop_rule(void **state)
{
    (void)state;
    ref_case cases[MAX_CASES];
    size_t count = read_cases(cases, MAX_CASES);
    size_t c = 0;
    while (c < count && strcmp(cases[c].name, "clim366") != 0)
        c++;
    assert_true(c < count);
    size_t n, k, m;
    double *x = case_data(&cases[c], &n, &k);
    double r[144];
    assert_int_equal(k, 12);
    assert_int_equal(bar_scale_correlation(x, n, k, r, &m, NULL), BAR_OK);
    bar_paf p;
    assert_int_equal(bar_scale_paf(r, k, 1e-12, 1000, &p, NULL), BAR_OK);

    FILE *f = ref_open("scale_pspp.csv",
                       "run,index,initial,extraction,loading\n");
    char line[MAX_LINE];
    char *fields[8];
    size_t rows = 0;
    double max_diff_default = 0.0;
    while (fgets(line, sizeof line, f)) {
        assert_int_equal(split(line, fields, 8), 5);
        int run = atoi(fields[0]);
        size_t i = strtoul(fields[1], NULL, 10) - 1;
        double initial = strtod(fields[2], NULL);
        double h2 = strtod(fields[3], NULL);
        double loading = strtod(fields[4], NULL);
        assert_true(i < k && loading < 0.0);
        if (!close_to(p.initial[i], initial, 1e-9))
            fail_msg("item %zu SMC %.15g, PSPP says %.15g", i, p.initial[i],
                     initial);
        if (run == 2) {
            if (!close_to(p.loadings[i], -loading, 1e-6) ||
                !close_to(p.communalities[i], h2, 1e-6))
                fail_msg("item %zu: loading %.12g h2 %.12g, PSPP says "
                         "%.12g %.12g", i, p.loadings[i], p.communalities[i],
                         loading, h2);
        } else {
            double d = fabs(p.loadings[i] + loading);
            if (d > max_diff_default)
                max_diff_default = d;
        }
        rows++;
    }
    fclose(f);
    assert_int_equal(rows, 24);
    assert_true(max_diff_default > 1e-6 && max_diff_default < 1e-3);
    bar_paf_clear(&p);
    free(x);
}

/* ---- errors ---- */

enum { BAD_N = 6, BAD_K = 3 };

static const struct bad_case {
    const char *name;
    double x[BAD_N * BAD_K];
    bar_status corr, alpha, paf; /* paf on the correlation, if it exists */
    const char *msg;
} bad_cases[] = {
    {.name = "constant item",
     .x = {1, 2, 3, 2, 2, 4, 3, 2, 5, 4, 2, 4, 5, 2, 1, 1, 2, 2},
     .corr = BAR_EINVALID, .alpha = BAR_EINVALID, .msg = "item 1"},
    {.name = "two complete cases",
     .x = {1, 2, 3, NAN, 2, 4, 3, NAN, 5, 4, 5, 4, 5, NAN, 1, NAN, 2, 2},
     .corr = BAR_EINVALID, .alpha = BAR_EINVALID, .msg = "2 complete cases"},
    {.name = "no complete cases",
     .x = {NAN, 2, 3, NAN, 2, 4, 3, NAN, 5, NAN, 5, 4, 5, NAN, 1, NAN, 2, 2},
     .corr = BAR_EINVALID, .alpha = BAR_EINVALID, .msg = "0 complete cases"},
    {.name = "infinite value",
     .x = {1, 2, 3, 2, INFINITY, 4, 3, 2, 5, 4, 2, 4, 5, 2, 1, 1, 3, 2},
     .corr = BAR_EINVALID, .alpha = BAR_EINVALID, .msg = "infinite"},
    {.name = "duplicate item",
     .x = {1, 1, 3, 2, 2, 4, 3, 3, 5, 4, 4, 4, 5, 5, 1, 1, 1, 2},
     .corr = BAR_OK, .alpha = BAR_OK, .paf = BAR_ENUMERIC,
     .msg = "singular"},
    {.name = "item is a sum of two others",
     .x = {1, 2, 3, 2, 2, 4, 3, 1, 4, 4, 5, 9, 5, 2, 7, 1, 3, 4},
     .corr = BAR_OK, .alpha = BAR_OK, .paf = BAR_ENUMERIC,
     .msg = "singular"},
};

static void bad_data_is_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *b = &bad_cases[i];
        double r[BAD_K * BAD_K];
        size_t m;
        bar_error err;
        bar_error_init(&err);
        bar_status got = bar_scale_correlation(b->x, BAD_N, BAD_K, r, &m,
                                               &err);
        if (got != b->corr)
            fail_msg("%s: correlation gave %s (%s)", b->name,
                     bar_strerror(got), err.msg);
        bar_alpha a = {0};
        bar_error aerr;
        bar_error_init(&aerr);
        assert_int_equal(bar_scale_alpha(b->x, BAD_N, BAD_K, &a, &aerr),
                         b->alpha);
        bar_alpha_clear(&a);
        if (got == BAR_OK) {
            bar_paf p = {0};
            bar_error_clear(&err);
            bar_error_init(&err);
            assert_int_equal(bar_scale_paf(r, BAD_K, 1e-9, 100, &p, &err),
                             b->paf);
            bar_paf_clear(&p);
        } else {
            assert_non_null(strstr(aerr.msg, b->msg));
        }
        if (strstr(err.msg, b->msg) == NULL)
            fail_msg("%s: message '%s' lacks '%s'", b->name, err.msg,
                     b->msg);
        bar_error_clear(&aerr);
        bar_error_clear(&err);
    }
}

static void bad_arguments_are_usage_errors(void **state)
{
    (void)state;
    static const double ok[9] = {1, 0.5, 0.3, 0.5, 1, 0.2, 0.3, 0.2, 1};
    static const double asym[9] = {1, 0.5, 0.3, 0.4, 1, 0.2, 0.3, 0.2, 1};
    static const double diag[9] = {2, 0.5, 0.3, 0.5, 1, 0.2, 0.3, 0.2, 1};
    static const double big[9] = {1, 1.5, 0.3, 1.5, 1, 0.2, 0.3, 0.2, 1};
    static const struct {
        const double *r;
        size_t k;
        double tol;
        int max_iter;
        bar_status want;
    } cases[] = {
        {.r = ok, .k = 2, .tol = 1e-9, .max_iter = 10, .want = BAR_EUSAGE},
        {.r = ok, .k = 3, .tol = -1, .max_iter = 10, .want = BAR_EUSAGE},
        {.r = ok, .k = 3, .tol = 1e-9, .max_iter = 0, .want = BAR_EUSAGE},
        {.r = asym, .k = 3, .tol = 1e-9, .max_iter = 10, .want = BAR_EUSAGE},
        {.r = diag, .k = 3, .tol = 1e-9, .max_iter = 10, .want = BAR_EUSAGE},
        {.r = big, .k = 3, .tol = 1e-9, .max_iter = 10, .want = BAR_EUSAGE},
        {.r = NULL, .k = 3, .tol = 1e-9, .max_iter = 10, .want = BAR_EUSAGE},
        {.r = ok, .k = 3, .tol = 1e-9, .max_iter = 100, .want = BAR_OK},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_paf p = {0};
        assert_int_equal(bar_scale_paf(cases[i].r, cases[i].k, cases[i].tol,
                                       cases[i].max_iter, &p, NULL),
                         cases[i].want);
        bar_paf_clear(&p);
    }
    double x[6] = {1, 2, 3, 4, 5, 6};
    bar_alpha a = {0};
    assert_int_equal(bar_scale_alpha(x, 6, 1, &a, NULL), BAR_EUSAGE);
    double r[1];
    size_t m;
    assert_int_equal(bar_scale_correlation(x, 6, 0, r, &m, NULL),
                     BAR_EUSAGE);
}

/* One iteration only: not converged is a result, not an error. */
static void iteration_cap_is_reported(void **state)
{
    (void)state;
    static const double r[9] = {1, 0.5, 0.3, 0.5, 1, 0.2, 0.3, 0.2, 1};
    bar_paf p;
    assert_int_equal(bar_scale_paf(r, 3, 1e-12, 1, &p, NULL), BAR_OK);
    assert_false(p.converged);
    assert_int_equal(p.iterations, 1);
    bar_paf_clear(&p);
    bar_paf_clear(NULL);
    bar_alpha_clear(NULL);
}

/* Two items: alpha is defined, alpha-if-deleted is not. */
static void two_items(void **state)
{
    (void)state;
    static const double x[10] = {1, 2, 2, 2, 3, 4, 4, 3, 5, 5};
    bar_alpha a;
    assert_int_equal(bar_scale_alpha(x, 5, 2, &a, NULL), BAR_OK);
    /* cov = [[2.5, 1.75], [1.75, 1.7]]: alpha = 2 (1 - 4.2 / 7.7). */
    assert_true(close_to(a.alpha, 2.0 * (1.0 - 4.2 / 7.7), 1e-12));
    assert_true(isnan(a.alpha_if_deleted[0]) && isnan(a.alpha_if_deleted[1]));
    assert_true(close_to(a.item_total_r[0], 1.75 / sqrt(2.5 * 1.7), 1e-12));
    bar_alpha_clear(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(correlation_matches_r),
        cmocka_unit_test(alpha_matches_psych),
        cmocka_unit_test(paf_matches_psych),
        cmocka_unit_test(reverse_keyed_item_loads_negatively),
        cmocka_unit_test(weak_clim_items_fall_below_cut),
        cmocka_unit_test(pspp_agrees_but_for_sign_and_stop_rule),
        cmocka_unit_test(bad_data_is_refused),
        cmocka_unit_test(bad_arguments_are_usage_errors),
        cmocka_unit_test(iteration_cap_is_reported),
        cmocka_unit_test(two_items),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
