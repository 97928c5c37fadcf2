/* test_logistic.c - logistic regression against R's glm(family = binomial).
 *
 * Fixtures are design matrices (y, then the predictors; an empty cell is
 * missing) in tests/data/stats/logit_*.csv, made by tests/ref/logistic_data.R
 * from the simulated wave366.csv (Tekstvak 2 models), a 5,000-case wave and
 * small hand-made separation cases. The reference values are
 * tests/ref/logistic_{terms,models,steps,step_terms,redundant}.csv, written
 * by tests/ref/logistic.R: B, SE, Wald, p, Exp(B) and its interval, -2LL,
 * null -2LL, the R2 measures and Hosmer-Lemeshow to 1e-6 relative; the
 * classification table, the HL df, the backward steps and the predictors
 * set aside as redundant before them exactly.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "stats/logistic.h"

#ifndef BAR_TEST_REF
#define BAR_TEST_REF BAR_TEST_DATA "/../ref"
#endif
#define FIXTURE_DIR BAR_TEST_DATA "/stats"

enum { LINE_MAX_LEN = 8192, MAX_FIELDS = 64, MAX_ROWS = 2048 };

static const double TOL = 1e-6;

/* ---- CSV reading -------------------------------------------------- */

/* Split line in place at commas; returns the field count. */
static size_t split(char *line, char **fields, size_t max)
{
    size_t count = 0;
    line[strcspn(line, "\r\n")] = '\0';
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

/* A number, or NAN for an empty cell or "NA". */
static double number(const char *s)
{
    if (*s == '\0' || strcmp(s, "NA") == 0)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        fail_msg("not a number: '%s'", s);
    return v;
}

typedef struct fixture {
    size_t n, p;
    double *x; /* n x p */
    double *y;
} fixture;

static void fixture_load(const char *name, fixture *f)
{
    char path[512];
    snprintf(path, sizeof path, "%s/logit_%s.csv", FIXTURE_DIR, name);
    FILE *in = fopen(path, "r");
    if (!in)
        fail_msg("cannot open %s", path);
    char *line = malloc(LINE_MAX_LEN);
    char *fields[MAX_FIELDS];
    assert_non_null(line);
    assert_non_null(fgets(line, LINE_MAX_LEN, in));
    size_t width = split(line, fields, MAX_FIELDS);
    assert_string_equal(fields[0], "y");
    *f = (fixture){.p = width - 1};
    size_t cap = 256;
    f->x = malloc(cap * f->p * sizeof *f->x);
    f->y = malloc(cap * sizeof *f->y);
    while (fgets(line, LINE_MAX_LEN, in)) {
        if (f->n == cap) {
            cap *= 2;
            f->x = realloc(f->x, cap * f->p * sizeof *f->x);
            f->y = realloc(f->y, cap * sizeof *f->y);
        }
        assert_non_null(f->x);
        assert_non_null(f->y);
        assert_int_equal(split(line, fields, MAX_FIELDS), width);
        f->y[f->n] = number(fields[0]);
        for (size_t j = 0; j < f->p; j++)
            f->x[f->n * f->p + j] = number(fields[j + 1]);
        f->n++;
    }
    free(line);
    fclose(in);
}

static void fixture_clear(fixture *f)
{
    free(f->x);
    free(f->y);
}

/* Reads a reference CSV: the header must match; each row's fields are
 * passed to the callback. */
typedef void (*row_fn)(char **fields, size_t count, void *ctx);

static size_t read_ref(const char *file, const char *header, row_fn fn,
                       void *ctx)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", BAR_TEST_REF, file);
    FILE *in = fopen(path, "r");
    if (!in)
        fail_msg("cannot open %s", path);
    char line[LINE_MAX_LEN];
    char *fields[MAX_FIELDS];
    assert_non_null(fgets(line, sizeof line, in));
    line[strcspn(line, "\r\n")] = '\0';
    assert_string_equal(line, header);
    size_t rows = 0;
    while (fgets(line, sizeof line, in)) {
        size_t count = split(line, fields, MAX_FIELDS);
        fn(fields, count, ctx);
        rows++;
    }
    fclose(in);
    return rows;
}

static void check_close(double got, double want, const char *what,
                        const char *fixture_name, long index)
{
    if (isnan(want)) {
        if (!isnan(got))
            fail_msg("%s %s[%ld]: got %.17g, R says NA", fixture_name, what,
                     index, got);
        return;
    }
    double scale = fmax(fabs(want), 1e-9);
    if (!(fabs(got - want) <= TOL * scale))
        fail_msg("%s %s[%ld]: got %.17g, R says %.17g (rel. diff %.3g)",
                 fixture_name, what, index, got, want,
                 fabs(got - want) / scale);
}

/* ---- full models -------------------------------------------------- */

typedef struct full_ctx {
    const char *name;
    const bar_logit *m;
    size_t matched;
} full_ctx;

static void check_term_row(char **f, size_t count, void *vctx)
{
    full_ctx *ctx = vctx;
    assert_int_equal(count, 10);
    if (strcmp(f[0], ctx->name) != 0)
        return;
    long term = strtol(f[1], NULL, 10);
    assert_true(term >= -1 && term < (long)ctx->m->p);
    const bar_logit_term *t =
        term < 0 ? &ctx->m->intercept : &ctx->m->terms[term];
    if (t->aliased != (strcmp(f[2], "1") == 0))
        fail_msg("%s term %ld: aliased %d, R says %s", ctx->name, term,
                 t->aliased, f[2]);
    const char *what[] = {"b", "se", "wald", "p", "exp_b", "exp_b_low",
                          "exp_b_high"};
    double got[] = {t->b, t->se, t->wald, t->p, t->exp_b, t->exp_b_low,
                    t->exp_b_high};
    for (size_t k = 0; k < 7; k++)
        check_close(got[k], number(f[3 + k]), what[k], ctx->name, term);
    ctx->matched++;
}

typedef struct model_row {
    char name[64];
    double v[13]; /* n .. percent_correct */
} model_row;

typedef struct model_list {
    model_row rows[16];
    size_t count;
} model_list;

static void collect_model_row(char **f, size_t count, void *vctx)
{
    model_list *list = vctx;
    assert_int_equal(count, 14);
    assert_true(list->count < 16);
    model_row *r = &list->rows[list->count++];
    snprintf(r->name, sizeof r->name, "%s", f[0]);
    for (size_t k = 0; k < 13; k++)
        r->v[k] = number(f[1 + k]);
}

static void full_models_match_r(void **state)
{
    (void)state;
    model_list list = {.count = 0};
    read_ref("logistic_models.csv",
             "fixture,n,minus2ll,minus2ll_null,cox_snell_r2,nagelkerke_r2,"
             "hl_chisq,hl_df,hl_p,t00,t01,t10,t11,percent_correct",
             collect_model_row, &list);
    assert_true(list.count >= 5);
    for (size_t i = 0; i < list.count; i++) {
        const model_row *r = &list.rows[i];
        fixture fx;
        fixture_load(r->name, &fx);
        bar_logit m;
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_logit_fit(fx.x, fx.y, fx.n, fx.p, 0, &m, &err);
        if (rc != BAR_OK)
            fail_msg("%s: %s", r->name, err.msg);
        assert_true(m.converged);
        assert_false(m.separation);
        assert_int_equal(m.n, (size_t)r->v[0]);
        assert_int_equal(m.p, fx.p);
        check_close(m.minus2ll, r->v[1], "minus2ll", r->name, 0);
        check_close(m.minus2ll_null, r->v[2], "minus2ll_null", r->name, 0);
        check_close(m.cox_snell_r2, r->v[3], "cox_snell", r->name, 0);
        check_close(m.nagelkerke_r2, r->v[4], "nagelkerke", r->name, 0);
        check_close(m.hl_chisq, r->v[5], "hl_chisq", r->name, 0);
        assert_int_equal(m.hl_df, (long)r->v[6]);
        check_close(m.hl_p, r->v[7], "hl_p", r->name, 0);
        assert_int_equal(m.table[0][0], (size_t)r->v[8]);
        assert_int_equal(m.table[0][1], (size_t)r->v[9]);
        assert_int_equal(m.table[1][0], (size_t)r->v[10]);
        assert_int_equal(m.table[1][1], (size_t)r->v[11]);
        check_close(m.percent_correct, r->v[12], "percent", r->name, 0);

        full_ctx ctx = {.name = r->name, .m = &m, .matched = 0};
        read_ref("logistic_terms.csv",
                 "fixture,term,aliased,b,se,wald,p,exp_b,exp_b_low,"
                 "exp_b_high", check_term_row, &ctx);
        assert_int_equal(ctx.matched, fx.p + 1);
        bar_logit_clear(&m);
        bar_error_clear(&err);
        fixture_clear(&fx);
    }
}

/* spectrum = type_product + type_service + type_process + type_interaction:
 * R's glm gives NA; so do we, and the rest is the model without it. */
static void spectrum_is_aliased(void **state)
{
    (void)state;
    fixture fx;
    fixture_load("alias", &fx);
    assert_int_equal(fx.p, 5);
    bar_logit m;
    assert_int_equal(bar_logit_fit(fx.x, fx.y, fx.n, fx.p, 0, &m, NULL),
                     BAR_OK);
    for (size_t j = 0; j < 4; j++)
        assert_false(m.terms[j].aliased);
    assert_true(m.terms[4].aliased);
    assert_true(isnan(m.terms[4].b) && isnan(m.terms[4].se) &&
                isnan(m.terms[4].p) && isnan(m.terms[4].exp_b));
    bar_logit_clear(&m);

    /* Same model without the aliased column: identical -2LL. */
    double *x4 = malloc(fx.n * 4 * sizeof *x4);
    assert_non_null(x4);
    for (size_t i = 0; i < fx.n; i++)
        for (size_t j = 0; j < 4; j++)
            x4[i * 4 + j] = fx.x[i * 5 + j];
    bar_logit full, reduced;
    assert_int_equal(bar_logit_fit(fx.x, fx.y, fx.n, 5, 0, &full, NULL),
                     BAR_OK);
    assert_int_equal(bar_logit_fit(x4, fx.y, fx.n, 4, 0, &reduced, NULL),
                     BAR_OK);
    check_close(full.minus2ll, reduced.minus2ll, "minus2ll", "alias", 0);
    bar_logit_clear(&full);
    bar_logit_clear(&reduced);
    free(x4);
    fixture_clear(&fx);
}

/* ---- backward elimination ----------------------------------------- */

typedef struct step_row {
    char name[64];
    long step, removed;
    double lr, p, minus2ll, nagelkerke;
    size_t nterms;
} step_row;

typedef struct step_list {
    step_row rows[128];
    size_t count;
} step_list;

static void collect_step_row(char **f, size_t count, void *vctx)
{
    step_list *list = vctx;
    assert_int_equal(count, 8);
    assert_true(list->count < 128);
    step_row *r = &list->rows[list->count++];
    snprintf(r->name, sizeof r->name, "%s", f[0]);
    r->step = strtol(f[1], NULL, 10);
    r->removed = strtol(f[2], NULL, 10);
    r->lr = number(f[3]);
    r->p = number(f[4]);
    r->minus2ll = number(f[5]);
    r->nterms = (size_t)strtoul(f[6], NULL, 10);
    r->nagelkerke = number(f[7]);
}

/* tests/ref/logistic_redundant.csv: the predictors R's glm aliases in the
 * full model, with the ones the least-squares combination uses. */
typedef struct redundant_ctx {
    const char *name;
    const bar_stepwise *sw;
    size_t matched;
} redundant_ctx;

static void check_redundant_row(char **f, size_t count, void *vctx)
{
    redundant_ctx *ctx = vctx;
    assert_int_equal(count, 4);
    if (strcmp(f[0], ctx->name) != 0)
        return;
    size_t index = (size_t)strtoul(f[1], NULL, 10);
    const bar_logit_redundant *rd = NULL;
    for (size_t i = 0; i < ctx->sw->nredundant; i++)
        if (ctx->sw->redundant[i].index == index)
            rd = &ctx->sw->redundant[i];
    if (!rd)
        fail_msg("%s: predictor %zu not set aside, R aliases it", ctx->name,
                 index);
    assert_int_equal(rd->intercept, strcmp(f[2], "1") == 0);
    char of[256] = "";
    size_t len = 0;
    for (size_t i = 0; i < rd->nof && len < sizeof of; i++)
        len += (size_t)snprintf(of + len, sizeof of - len, "%s%zu",
                                i ? ";" : "", rd->of[i]);
    assert_string_equal(of, f[3]);
    assert_false(ctx->sw->kept[index]);
    ctx->matched++;
}

typedef struct step_term_ctx {
    const char *name;
    const bar_stepwise *sw;
    size_t matched;
} step_term_ctx;

static void check_step_term_row(char **f, size_t count, void *vctx)
{
    step_term_ctx *ctx = vctx;
    assert_int_equal(count, 5);
    if (strcmp(f[0], ctx->name) != 0)
        return;
    size_t step = (size_t)strtoul(f[1], NULL, 10);
    long term = strtol(f[2], NULL, 10);
    assert_true(step < ctx->sw->nsteps);
    const bar_logit_step *s = &ctx->sw->steps[step];
    const bar_logit_term *t = NULL;
    if (term < 0) {
        t = &s->model.intercept;
    } else {
        for (size_t k = 0; k < s->model.p; k++)
            if (s->columns[k] == (size_t)term)
                t = &s->model.terms[k];
    }
    if (!t)
        fail_msg("%s step %zu: predictor %ld missing", ctx->name, step,
                 term);
    check_close(t->b, number(f[3]), "step b", ctx->name, term);
    check_close(t->se, number(f[4]), "step se", ctx->name, term);
    ctx->matched++;
}

static void backward_matches_r(void **state)
{
    (void)state;
    step_list *list = calloc(1, sizeof *list);
    assert_non_null(list);
    read_ref("logistic_steps.csv",
             "fixture,step,removed,lr_chisq,lr_p,minus2ll,n_terms,"
             "nagelkerke_r2",
             collect_step_row, list);
    const char *names[] = {"quality", "efficiency", "satisfaction", "large",
                           "alias", "redundant"};
    for (size_t f = 0; f < sizeof names / sizeof names[0]; f++) {
        fixture fx;
        fixture_load(names[f], &fx);
        bar_stepwise sw;
        bar_error err;
        bar_error_init(&err);
        bar_status rc =
            bar_logit_backward(fx.x, fx.y, fx.n, fx.p, 0.10, 0, &sw, &err);
        if (rc != BAR_OK)
            fail_msg("%s: %s", names[f], err.msg);
        size_t want_steps = 0;
        size_t want_terms = SIZE_MAX;
        for (size_t i = 0; i < list->count; i++) {
            const step_row *r = &list->rows[i];
            if (strcmp(r->name, names[f]) != 0)
                continue;
            want_steps++;
            want_terms = r->nterms;
            if ((size_t)r->step >= sw.nsteps)
                fail_msg("%s: R has step %ld, we stopped after %zu",
                         names[f], r->step, sw.nsteps);
            const bar_logit_step *s = &sw.steps[r->step];
            if (r->removed < 0)
                assert_true(s->removed == SIZE_MAX);
            else if (s->removed != (size_t)r->removed)
                fail_msg("%s step %ld: removed %zu, R removed %ld", names[f],
                         r->step, s->removed, r->removed);
            check_close(s->lr_chisq, r->lr, "lr_chisq", names[f], r->step);
            check_close(s->lr_p, r->p, "lr_p", names[f], r->step);
            check_close(s->model.minus2ll, r->minus2ll, "step minus2ll",
                        names[f], r->step);
            check_close(s->model.nagelkerke_r2, r->nagelkerke,
                        "step nagelkerke", names[f], r->step);
            /* every removal has 1 df: no term of a step is aliased */
            for (size_t k = 0; k < s->model.p; k++)
                assert_false(s->model.terms[k].aliased);
            assert_int_equal(s->model.p, r->nterms);
            assert_int_equal(s->model.n, sw.steps[0].model.n);
        }
        assert_int_equal(sw.nsteps, want_steps);
        size_t kept = 0;
        for (size_t j = 0; j < fx.p; j++)
            kept += sw.kept[j];
        assert_int_equal(kept, want_terms);
        const bar_logit_step *last = &sw.steps[sw.nsteps - 1];
        for (size_t k = 0; k < last->model.p; k++)
            assert_true(sw.kept[last->columns[k]]);

        step_term_ctx ctx = {.name = names[f], .sw = &sw, .matched = 0};
        read_ref("logistic_step_terms.csv", "fixture,step,term,b,se",
                 check_step_term_row, &ctx);
        size_t want_matched = 0;
        for (size_t s = 0; s < sw.nsteps; s++)
            want_matched += sw.steps[s].model.p + 1;
        assert_int_equal(ctx.matched, want_matched);

        redundant_ctx rctx = {.name = names[f], .sw = &sw, .matched = 0};
        read_ref("logistic_redundant.csv", "fixture,term,intercept,of",
                 check_redundant_row, &rctx);
        assert_int_equal(rctx.matched, sw.nredundant);
        bar_stepwise_clear(&sw);
        bar_error_clear(&err);
        fixture_clear(&fx);
    }
    free(list);
}

/* What a redundant predictor is a combination of: hand-made designs with
 * exact dependencies (x0 varies; the others are built from it). */
static void redundant_combinations(void **state)
{
    (void)state;
    enum { N = 10, P = 4 };
    static const double y[N] = {0, 1, 0, 1, 1, 0, 1, 0, 0, 1};
    static const double x0[N] = {1, 2, 2, 3, 5, 4, 6, 2, 7, 3};
    static const double z[N] = {0, 1, 1, 0, 1, 0, 0, 1, 1, 1};
    static const struct {
        const char *name;
        int col[P];    /* 0: x0; 1: all 0; 2: all 3; 3: x0 + 1; 4: z;
                          5: x0 - 2 z */
        size_t nred;
        size_t index[2];
        bool intercept[2];
        size_t nof[2];
        size_t of0[2];  /* the first of each `of` */
    } cases[] = {
        {"zero column", {0, 1, 4, 0}, 2, {1, 3}, {false, false}, {0, 1},
         {0, 0}},
        {"constant column", {0, 4, 2, 1}, 2, {2, 3}, {true, false}, {0, 0},
         {0, 0}},
        {"x0 + 1", {0, 4, 3, 1}, 2, {2, 3}, {true, false}, {1, 0}, {0, 0}},
        {"x0 - 2 z", {4, 0, 5, 1}, 2, {2, 3}, {false, false}, {2, 0},
         {0, 0}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        double x[N * P];
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < P; j++) {
                double v[6] = {x0[i], 0.0, 3.0, x0[i] + 1, z[i],
                               x0[i] - 2 * z[i]};
                x[i * P + j] = v[cases[c].col[j]];
            }
        bar_stepwise sw;
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_logit_backward(x, y, N, P, 0.10, 0, &sw, &err);
        if (rc != BAR_OK)
            fail_msg("%s: %s", cases[c].name, err.msg);
        if (sw.nredundant != cases[c].nred)
            fail_msg("%s: %zu redundant", cases[c].name, sw.nredundant);
        for (size_t r = 0; r < sw.nredundant; r++) {
            const bar_logit_redundant *rd = &sw.redundant[r];
            if (rd->index != cases[c].index[r] ||
                rd->intercept != cases[c].intercept[r] ||
                rd->nof != cases[c].nof[r] ||
                (rd->nof && rd->of[0] != cases[c].of0[r]))
                fail_msg("%s, redundant %zu: index %zu, intercept %d, "
                         "%zu of", cases[c].name, r, rd->index,
                         rd->intercept, rd->nof);
            assert_false(sw.kept[rd->index]);
        }
        for (size_t s = 0; s < sw.nsteps; s++)
            assert_int_equal(sw.steps[s].model.p + sw.nredundant + s, P);
        bar_stepwise_clear(&sw);
        bar_error_clear(&err);
    }
}

/* With p_remove = 1 nothing is removed (no p exceeds 1); with 0 every
 * term goes, down to the intercept-only model, whose -2LL is the null
 * -2LL; a p_remove outside [0, 1] is a usage error. */
static void backward_bounds(void **state)
{
    (void)state;
    fixture fx;
    fixture_load("quality", &fx);
    bar_stepwise sw;
    assert_int_equal(bar_logit_backward(fx.x, fx.y, fx.n, fx.p, 1.0, 0, &sw,
                                        NULL), BAR_OK);
    assert_int_equal(sw.nsteps, 1);
    for (size_t j = 0; j < fx.p; j++)
        assert_true(sw.kept[j]);
    bar_stepwise_clear(&sw);
    assert_int_equal(bar_logit_backward(fx.x, fx.y, fx.n, fx.p, 0.0, 0, &sw,
                                        NULL), BAR_OK);
    assert_int_equal(sw.nsteps, fx.p + 1);
    assert_int_equal(sw.steps[fx.p].model.p, 0);
    check_close(sw.steps[fx.p].model.minus2ll,
                sw.steps[fx.p].model.minus2ll_null, "null", "quality", 0);
    bar_stepwise_clear(&sw);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_logit_backward(fx.x, fx.y, fx.n, fx.p, 1.5, 0, &sw,
                                        &err), BAR_EUSAGE);
    bar_stepwise_clear(&sw);
    bar_error_clear(&err);
    fixture_clear(&fx);
}

/* ---- separation and non-convergence -------------------------------- */

static const struct failure_case {
    const char *fixture;
    int max_iter;
    bar_status status;
    bool separation;
    const char *msg; /* must appear in err.msg */
} failure_cases[] = {
    {.fixture = "sep_complete", .max_iter = 0, .status = BAR_ENUMERIC,
     .separation = true, .msg = "predictor index 1 growing"},
    {.fixture = "sep_dummy", .max_iter = 0, .status = BAR_ENUMERIC,
     .separation = true, .msg = "predictor index 1 predicts the outcome "
                                "perfectly where it is 1 (every such case "
                                "is 1)"},
    {.fixture = "sep_quasi", .max_iter = 0, .status = BAR_ENUMERIC,
     .separation = true, .msg = "predictor index 1 growing"},
    {.fixture = "sep_combo", .max_iter = 0, .status = BAR_ENUMERIC,
     .separation = true, .msg = "predictor index 0, 1 growing"},
    {.fixture = "sep_complete", .max_iter = 1000, .status = BAR_ENUMERIC,
     .separation = true, .msg = "separation"},
    {.fixture = "quality", .max_iter = 2, .status = BAR_ENUMERIC,
     .separation = false, .msg = "no convergence after 2 iterations"},
};

static void separation_and_nonconvergence(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof failure_cases / sizeof failure_cases[0];
         i++) {
        const struct failure_case *c = &failure_cases[i];
        fixture fx;
        fixture_load(c->fixture, &fx);
        bar_logit m;
        bar_error err;
        bar_error_init(&err);
        bar_status rc =
            bar_logit_fit(fx.x, fx.y, fx.n, fx.p, c->max_iter, &m, &err);
        if (rc != c->status || m.separation != c->separation ||
            !strstr(err.msg, c->msg))
            fail_msg("case %zu (%s): status %d separation %d, message '%s'",
                     i, c->fixture, rc, m.separation, err.msg);
        assert_false(m.converged);
        /* No estimate is ever handed out from a failed fit. */
        assert_true(isnan(m.intercept.b));
        for (size_t j = 0; j < m.p; j++)
            assert_true(isnan(m.terms[j].b));
        bar_logit_clear(&m);

        bar_stepwise sw;
        bar_error_clear(&err);
        bar_error_init(&err);
        assert_int_equal(bar_logit_backward(fx.x, fx.y, fx.n, fx.p, 0.10,
                                            c->max_iter, &sw, &err),
                         c->status);
        assert_non_null(strstr(err.msg, c->msg));
        /* The kind of failure travels as a flag, not as message text. */
        if (sw.separation != c->separation)
            fail_msg("case %zu (%s): backward separation %d", i, c->fixture,
                     sw.separation);
        bar_stepwise_clear(&sw);
        bar_error_clear(&err);
        fixture_clear(&fx);
    }
}

/* ---- bad input --------------------------------------------------- */

static const struct bad_case {
    double y[6];
    double x[6];
    bar_status status;
    const char *msg;
} bad_cases[] = {
    {.y = {0, 1, 2, 0, 1, 0}, .x = {1, 2, 3, 4, 5, 6},
     .status = BAR_EUSAGE, .msg = "case 3: outcome 2 is not 0 or 1"},
    {.y = {1, 1, 1, 1, 1, NAN}, .x = {1, 2, 3, 4, 5, 6},
     .status = BAR_EUSAGE, .msg = "outcome is constant (all 5"},
    {.y = {0, 1, 0, 1, 0, 1}, .x = {1, 2, INFINITY, 4, 5, 6},
     .status = BAR_EUSAGE, .msg = "case 3: predictor index 0 is infinite"},
    {.y = {NAN, 1, 0, NAN, 0, 1}, .x = {1, NAN, NAN, 4, NAN, NAN},
     .status = BAR_EUSAGE, .msg = "no complete cases"},
};

static void bad_input_is_usage_error(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        bar_logit m;
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_logit_fit(bad_cases[i].x, bad_cases[i].y, 6, 1,
                                      0, &m, &err);
        if (rc != bad_cases[i].status || !strstr(err.msg, bad_cases[i].msg))
            fail_msg("case %zu: status %d, message '%s'", i, rc, err.msg);
        bar_logit_clear(&m);
        bar_error_clear(&err);
        /* backward elimination fails the same way (setting redundant
         * predictors aside comes after the data are checked) */
        bar_stepwise sw;
        bar_error_init(&err);
        rc = bar_logit_backward(bad_cases[i].x, bad_cases[i].y, 6, 1, 0.1, 0,
                                &sw, &err);
        if (rc != bad_cases[i].status || !strstr(err.msg, bad_cases[i].msg))
            fail_msg("backward, case %zu: status %d, message '%s'", i, rc,
                     err.msg);
        bar_stepwise_clear(&sw);
        bar_error_clear(&err);
    }
    bar_logit m;
    assert_int_equal(bar_logit_fit(NULL, NULL, 3, 1, 0, &m, NULL),
                     BAR_EUSAGE);
    bar_logit_clear(&m);
    bar_logit_clear(NULL);
    bar_stepwise_clear(NULL);
}

/* Complete cases: rows with a missing predictor or outcome are dropped,
 * and the fit equals the fit on the complete rows alone. */
static void missing_rows_are_dropped(void **state)
{
    (void)state;
    fixture fx;
    fixture_load("quality", &fx);
    double *x = malloc(fx.n * fx.p * sizeof *x);
    double *y = malloc(fx.n * sizeof *y);
    assert_non_null(x);
    assert_non_null(y);
    size_t kept = 0;
    for (size_t i = 0; i < fx.n; i++) {
        bool complete = !isnan(fx.y[i]);
        for (size_t j = 0; j < fx.p; j++)
            complete = complete && !isnan(fx.x[i * fx.p + j]);
        if (!complete)
            continue;
        memcpy(x + kept * fx.p, fx.x + i * fx.p, fx.p * sizeof *x);
        y[kept++] = fx.y[i];
    }
    assert_true(kept < fx.n);
    bar_logit a, b;
    assert_int_equal(bar_logit_fit(fx.x, fx.y, fx.n, fx.p, 0, &a, NULL),
                     BAR_OK);
    assert_int_equal(bar_logit_fit(x, y, kept, fx.p, 0, &b, NULL), BAR_OK);
    assert_int_equal(a.n, kept);
    assert_true(a.minus2ll == b.minus2ll);
    for (size_t j = 0; j < fx.p; j++)
        assert_true(a.terms[j].b == b.terms[j].b);
    bar_logit_clear(&a);
    bar_logit_clear(&b);
    free(x);
    free(y);
    fixture_clear(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_models_match_r),
        cmocka_unit_test(spectrum_is_aliased),
        cmocka_unit_test(redundant_combinations),
        cmocka_unit_test(backward_matches_r),
        cmocka_unit_test(backward_bounds),
        cmocka_unit_test(separation_and_nonconvergence),
        cmocka_unit_test(bad_input_is_usage_error),
        cmocka_unit_test(missing_rows_are_dropped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
