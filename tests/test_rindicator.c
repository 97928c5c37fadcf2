/* test_rindicator.c - the R-indicator and partial R-indicators against R.
 *
 * Fixtures are frames in tests/data/stats/rind_*.csv (auxiliary variables,
 * response, optional design weight), made by tests/ref/rindicator_data.R
 * from the simulator's 2021 frame. The reference values are
 * tests/ref/rindicator_{overall,variables,categories,remind,propensity}.csv,
 * written by tests/ref/rindicator.R with base R's glm: every estimate to
 * 1e-12 absolute plus 1e-9 relative (they agree to about 1e-13), the
 * counts and the reminder order exactly.
 * Every reference row must be matched (a missing row fails). The
 * degenerate cases are a table of small frames with their expected status
 * and problem. Every allocation of a computation is failed in turn
 * (allocation_failures: BAR_ENOMEM, nothing left live).
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

#include <cmocka.h>

#include "stats/rindicator.h"

#define BAR_TEST_REF BAR_TEST_DATA "/../ref"
#define FIXTURE_DIR BAR_TEST_DATA "/stats"

enum { LINE_MAX_LEN = 1024, MAX_FIELDS = 16, MAX_LABELS = 64,
       LABEL_LEN = 32 };

static const double ABS_TOL = 1e-12;
static const double REL_TOL = 1e-9;

static const char *const FIXTURES[] = {"frame1374", "sample1374",
                                       "early1374", "crossed600"};
enum { NFIXTURES = sizeof FIXTURES / sizeof FIXTURES[0] };

/* ---- allocation failures ------------------------------------------ */

/* The test is linked with -Wl,--wrap=malloc,calloc,realloc,free
 * (CMakeLists.txt): while `armed`, allocations are counted, the one
 * numbered fail_at fails, and the blocks made minus the blocks freed are
 * kept in `live` (the computation and its clear must leave 0). */
void *__real_malloc(size_t n);
void *__real_calloc(size_t m, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t m, size_t n);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

static bool armed;
static unsigned long alloc_count, fail_at;
static long live;

static bool fail_now(void)
{
    if (!armed)
        return false;
    return ++alloc_count == fail_at;
}

void *__wrap_malloc(size_t n)
{
    if (fail_now())
        return NULL;
    void *p = __real_malloc(n);
    live += armed && p;
    return p;
}

void *__wrap_calloc(size_t m, size_t n)
{
    if (fail_now())
        return NULL;
    void *p = __real_calloc(m, n);
    live += armed && p;
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    if (fail_now())
        return NULL;
    void *q = __real_realloc(p, n);
    live += armed && q && !p;
    return q;
}

void __wrap_free(void *p)
{
    live -= armed && p;
    __real_free(p);
}

/* ---- CSV ----------------------------------------------------------- */

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

static double number(const char *s)
{
    if (strcmp(s, "NA") == 0)
        return NAN;
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end != '\0')
        fail_msg("not a number: '%s'", s);
    return v;
}

/* ---- a frame ------------------------------------------------------- */

typedef struct frame {
    size_t n, nvars;
    char names[MAX_FIELDS][LABEL_LEN];
    char labels[MAX_FIELDS][MAX_LABELS][LABEL_LEN];
    const char *label_ptr[MAX_FIELDS][MAX_LABELS];
    bar_rindicator_var vars[MAX_FIELDS];
    size_t *codes;
    unsigned char *response;
    double *weights;
    char (*raw)[MAX_FIELDS][LABEL_LEN]; /* the labels as read, by unit */
} frame;

static int label_compare(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Load tests/data/stats/rind_NAME.csv; categories are numbered in byte
 * order of their labels (R's factor levels in the C locale). */
static void frame_load(const char *name, frame *f)
{
    char path[512];
    snprintf(path, sizeof path, "%s/rind_%s.csv", FIXTURE_DIR, name);
    FILE *in = fopen(path, "r");
    if (!in)
        fail_msg("cannot open %s", path);
    memset(f, 0, sizeof *f);
    char line[LINE_MAX_LEN];
    char *fields[MAX_FIELDS];
    assert_non_null(fgets(line, sizeof line, in));
    size_t width = split(line, fields, MAX_FIELDS);
    size_t resp_col = SIZE_MAX, weight_col = SIZE_MAX;
    for (size_t c = 0; c < width; c++) {
        if (strcmp(fields[c], "response") == 0)
            resp_col = c;
        else if (strcmp(fields[c], "weight") == 0)
            weight_col = c;
        else
            snprintf(f->names[f->nvars++], LABEL_LEN, "%s", fields[c]);
    }
    assert_int_equal(resp_col, f->nvars); /* variables first */
    size_t cap = 2048;
    f->raw = malloc(cap * sizeof *f->raw);
    f->response = malloc(cap);
    f->weights = weight_col != SIZE_MAX ? malloc(cap * sizeof(double))
                                        : NULL;
    assert_non_null(f->raw);
    while (fgets(line, sizeof line, in)) {
        assert_true(f->n < cap);
        assert_int_equal(split(line, fields, MAX_FIELDS), width);
        for (size_t v = 0; v < f->nvars; v++)
            snprintf(f->raw[f->n][v], LABEL_LEN, "%s", fields[v]);
        f->response[f->n] = (unsigned char)number(fields[resp_col]);
        if (f->weights)
            f->weights[f->n] = number(fields[weight_col]);
        f->n++;
    }
    fclose(in);
    for (size_t v = 0; v < f->nvars; v++) {
        size_t ncat = 0;
        for (size_t i = 0; i < f->n; i++) {
            bool seen = false;
            for (size_t k = 0; k < ncat && !seen; k++)
                seen = strcmp(f->labels[v][k], f->raw[i][v]) == 0;
            if (!seen) {
                assert_true(ncat < MAX_LABELS);
                snprintf(f->labels[v][ncat++], LABEL_LEN, "%s",
                         f->raw[i][v]);
            }
        }
        qsort(f->labels[v], ncat, LABEL_LEN, label_compare);
        for (size_t k = 0; k < ncat; k++)
            f->label_ptr[v][k] = f->labels[v][k];
        f->vars[v] = (bar_rindicator_var){
            .name = f->names[v], .ncat = ncat, .labels = f->label_ptr[v]};
    }
    f->codes = malloc(f->n * f->nvars * sizeof *f->codes);
    assert_non_null(f->codes);
    for (size_t i = 0; i < f->n; i++)
        for (size_t v = 0; v < f->nvars; v++) {
            size_t k = 0;
            while (strcmp(f->labels[v][k], f->raw[i][v]) != 0)
                k++;
            f->codes[i * f->nvars + v] = k;
        }
}

static void frame_clear(frame *f)
{
    free(f->codes);
    free(f->response);
    free(f->weights);
    free(f->raw);
}

static bar_rindicator_input frame_input(const frame *f)
{
    return (bar_rindicator_input){
        .n = f->n, .nvars = f->nvars, .vars = f->vars, .codes = f->codes,
        .response = f->response, .weights = f->weights};
}

static size_t var_index(const frame *f, const char *name)
{
    for (size_t v = 0; v < f->nvars; v++)
        if (strcmp(f->names[v], name) == 0)
            return v;
    fail_msg("no variable '%s'", name);
    return 0;
}

static size_t cat_index(const frame *f, size_t v, const char *label)
{
    for (size_t k = 0; k < f->vars[v].ncat; k++)
        if (strcmp(f->labels[v][k], label) == 0)
            return k;
    fail_msg("no category '%s' in '%s'", label, f->names[v]);
    return 0;
}

static void check_close(double got, double want, const char *fixture,
                        const char *what)
{
    if (isnan(want) ? !isnan(got)
                    : !(fabs(got - want) <= ABS_TOL + REL_TOL * fabs(want)))
        fail_msg("%s %s: got %.17g, R says %.17g (diff %.3g)", fixture, what,
                 got, want, fabs(got - want));
}

/* ---- against R ----------------------------------------------------- */

typedef struct computed {
    frame f;
    bar_rindicator r;
} computed;

static computed results[NFIXTURES];

static int setup(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFIXTURES; i++) {
        frame_load(FIXTURES[i], &results[i].f);
        bar_error err;
        bar_error_init(&err);
        bar_rindicator_input in = frame_input(&results[i].f);
        bar_status rc = bar_rindicator_compute(&in, &results[i].r, &err);
        if (rc != BAR_OK)
            fail_msg("%s: %s", FIXTURES[i], err.msg);
        bar_error_clear(&err);
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFIXTURES; i++) {
        bar_rindicator_clear(&results[i].r);
        frame_clear(&results[i].f);
    }
    return 0;
}

static computed *find(const char *fixture)
{
    for (size_t i = 0; i < NFIXTURES; i++)
        if (strcmp(FIXTURES[i], fixture) == 0)
            return &results[i];
    fail_msg("unknown fixture %s", fixture);
    return NULL;
}

/* Each reference file: its header, and a row checker. */
typedef void (*row_fn)(char **f, size_t count);

static size_t read_ref(const char *file, const char *header, row_fn fn)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", BAR_TEST_REF, file);
    FILE *in = fopen(path, "r");
    if (!in)
        fail_msg("cannot open %s", path);
    char line[LINE_MAX_LEN];
    char *fields[MAX_FIELDS + 8];
    assert_non_null(fgets(line, sizeof line, in));
    line[strcspn(line, "\r\n")] = '\0';
    assert_string_equal(line, header);
    size_t rows = 0;
    while (fgets(line, sizeof line, in)) {
        fn(fields, split(line, fields, MAX_FIELDS + 8));
        rows++;
    }
    fclose(in);
    return rows;
}

static void overall_row(char **f, size_t count)
{
    assert_int_equal(count, 16);
    computed *c = find(f[0]);
    const bar_rindicator *r = &c->r;
    assert_int_equal(r->n, strtoul(f[1], NULL, 10));
    assert_int_equal(r->respondents, strtoul(f[3], NULL, 10));
    assert_int_equal(r->aliased, strtoul(f[4], NULL, 10));
    assert_int_equal(r->problem, BAR_RINDICATOR_OK);
    const char *what[] = {"population", "mean", "sd", "r", "r_adj",
                          "bias_factor", "r_se", "cv", "cv_adj", "cv_se",
                          "max_bias", "max_bias_adj"};
    double got[] = {r->population, r->mean, r->sd, r->r, r->r_adj,
                    r->bias_factor, r->r_se, r->cv, r->cv_adj, r->cv_se,
                    r->max_bias, r->max_bias_adj};
    double want[] = {number(f[2]), number(f[5]), number(f[6]), number(f[7]),
                     number(f[8]), number(f[9]), number(f[10]),
                     number(f[11]), number(f[12]), number(f[13]),
                     number(f[14]), number(f[15])};
    for (size_t k = 0; k < sizeof got / sizeof got[0]; k++)
        check_close(got[k], want[k], f[0], what[k]);
}

static void overall_matches_r(void **state)
{
    (void)state;
    size_t rows = read_ref(
        "rindicator_overall.csv",
        "fixture,n,population,respondents,aliased,mean,sd,r,r_adj,"
        "bias_factor,r_se,cv,cv_adj,cv_se,max_bias,max_bias_adj",
        overall_row);
    assert_int_equal(rows, NFIXTURES);
}

static void variable_row(char **f, size_t count)
{
    assert_int_equal(count, 7);
    computed *c = find(f[0]);
    const bar_rindicator_variable *v = &c->r.vars[var_index(&c->f, f[1])];
    char what[64];
    const char *names[] = {"pu", "pu_adj", "pc", "pc_adj", "pu_se"};
    double got[] = {v->pu, v->pu_adj, v->pc, v->pc_adj, v->pu_se};
    for (size_t k = 0; k < 5; k++) {
        snprintf(what, sizeof what, "%s %s", f[1], names[k]);
        check_close(got[k], number(f[2 + k]), f[0], what);
    }
}

static void variables_match_r(void **state)
{
    (void)state;
    size_t rows = read_ref("rindicator_variables.csv",
                           "fixture,variable,pu,pu_adj,pc,pc_adj,pu_se",
                           variable_row);
    size_t want = 0;
    for (size_t i = 0; i < NFIXTURES; i++)
        want += results[i].f.nvars;
    assert_int_equal(rows, want);
}

static void category_row(char **f, size_t count)
{
    assert_int_equal(count, 10);
    computed *c = find(f[0]);
    size_t v = var_index(&c->f, f[1]);
    const bar_rindicator_category *k =
        &c->r.vars[v].cats[cat_index(&c->f, v, f[2])];
    assert_int_equal(k->units, strtoul(f[3], NULL, 10));
    assert_int_equal(k->respondents, strtoul(f[4], NULL, 10));
    char what[96];
    const char *names[] = {"rho_mean", "pu", "pc", "pu_se", "pc_se"};
    double got[] = {k->rho_mean, k->pu, k->pc, k->pu_se, k->pc_se};
    for (size_t j = 0; j < 5; j++) {
        snprintf(what, sizeof what, "%s=%s %s", f[1], f[2], names[j]);
        check_close(got[j], number(f[5 + j]), f[0], what);
    }
}

static void categories_match_r(void **state)
{
    (void)state;
    size_t rows = read_ref(
        "rindicator_categories.csv",
        "fixture,variable,category,units,respondents,rho_mean,pu,pc,pu_se,"
        "pc_se",
        category_row);
    size_t want = 0;
    for (size_t i = 0; i < NFIXTURES; i++)
        for (size_t v = 0; v < results[i].f.nvars; v++)
            want += results[i].f.vars[v].ncat;
    assert_int_equal(rows, want);
}

static size_t remind_rows[NFIXTURES];

static void remind_row(char **f, size_t count)
{
    assert_int_equal(count, 4);
    computed *c = find(f[0]);
    size_t rank = strtoul(f[1], NULL, 10);
    assert_true(rank >= 1 && rank <= c->r.nremind);
    size_t v = var_index(&c->f, f[2]);
    const bar_rindicator_ref *ref = &c->r.remind[rank - 1];
    if (ref->var != v || ref->cat != cat_index(&c->f, v, f[3]))
        fail_msg("%s remind %zu: got %s=%s, R says %s=%s", f[0], rank,
                 c->f.names[ref->var], c->f.labels[ref->var][ref->cat],
                 f[2], f[3]);
    remind_rows[c - results]++;
}

static void remind_order_matches_r(void **state)
{
    (void)state;
    read_ref("rindicator_remind.csv", "fixture,rank,variable,category",
             remind_row);
    for (size_t i = 0; i < NFIXTURES; i++)
        assert_int_equal(remind_rows[i], results[i].r.nremind);
}

static void propensity_row(char **f, size_t count)
{
    assert_int_equal(count, 3);
    computed *c = find(f[0]);
    size_t row = strtoul(f[1], NULL, 10);
    assert_true(row >= 1 && row <= c->r.n);
    check_close(c->r.propensity[row - 1], number(f[2]), f[0], "propensity");
}

static void propensities_match_r(void **state)
{
    (void)state;
    size_t rows = read_ref("rindicator_propensity.csv", "fixture,row,rho",
                           propensity_row);
    size_t want = 0;
    for (size_t i = 0; i < NFIXTURES; i++)
        want += results[i].r.n;
    assert_int_equal(rows, want);
}

/* The identities the definitions imply, on every fixture. */
static void identities_hold(void **state)
{
    (void)state;
    for (size_t i = 0; i < NFIXTURES; i++) {
        const bar_rindicator *r = &results[i].r;
        assert_true(fabs(r->r - (1 - 2 * r->sd)) < 1e-15);
        assert_true(fabs(r->max_bias - r->cv) < 1e-12);
        for (size_t v = 0; v < r->nvars; v++) {
            double su = 0, sc = 0;
            for (size_t k = 0; k < r->vars[v].ncat; k++) {
                const bar_rindicator_category *c = &r->vars[v].cats[k];
                su += c->pu * c->pu;
                sc += c->pc * c->pc;
                /* main effects: the category's mean propensity is its
                 * response rate */
                assert_true(fabs(c->rho_mean - (double)c->respondents /
                                                   (double)c->units) < 1e-10);
            }
            assert_true(fabs(sqrt(su) - r->vars[v].pu) < 1e-15);
            assert_true(fabs(sqrt(sc) - r->vars[v].pc) < 1e-15);
        }
    }
}

/* ---- degenerate cases ---------------------------------------------- */

enum { SMALL_MAX = 16 };

typedef struct small_case {
    const char *name;
    size_t n;
    size_t ncat[2];            /* second 0: one variable */
    size_t codes[SMALL_MAX][2];
    unsigned char response[SMALL_MAX];
    double weight;             /* 0: none */
    double odd_weight;         /* != 0: the last unit's weight */
    bar_status status;
    bar_rindicator_problem problem;
    size_t problem_var, problem_cat;
    double r;                  /* expected R when status is OK */
} small_case;

static const small_case SMALL_CASES[] = {
    {.name = "nobody responded", .n = 4, .ncat = {2, 0},
     .codes = {{0}, {0}, {1}, {1}}, .response = {0, 0, 0, 0},
     .status = BAR_EUSAGE, .problem = BAR_RINDICATOR_NO_RESPONSE,
     .problem_var = SIZE_MAX, .problem_cat = SIZE_MAX},
    {.name = "everyone responded", .n = 4, .ncat = {2, 0},
     .codes = {{0}, {0}, {1}, {1}}, .response = {1, 1, 1, 1},
     .status = BAR_OK, .problem = BAR_RINDICATOR_ALL_RESPONDED,
     .problem_var = SIZE_MAX, .problem_cat = SIZE_MAX, .r = 1.0},
    {.name = "a category where none responded", .n = 6, .ncat = {3, 0},
     .codes = {{0}, {0}, {1}, {1}, {2}, {2}},
     .response = {1, 0, 1, 0, 0, 0}, .status = BAR_ENUMERIC,
     .problem = BAR_RINDICATOR_SEPARATION, .problem_var = 0,
     .problem_cat = 2},
    {.name = "a category where all responded", .n = 6, .ncat = {2, 2},
     .codes = {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0, 1}, {1, 1}},
     .response = {1, 0, 1, 1, 0, 0}, .status = BAR_ENUMERIC,
     .problem = BAR_RINDICATOR_SEPARATION, .problem_var = 1,
     .problem_cat = 0},
    /* b = 2 occurs only with a = 1, and the other units of a = 1 (b = 0)
     * all did not respond: every category is mixed, but lowering a = 1
     * and raising b = 2 by the same amount without bound raises the
     * likelihood (the zbo organisations outside the zbo cluster in
     * rind_quasisep1374.csv, in small) */
    {.name = "quasi-complete separation in a combination", .n = 8,
     .ncat = {2, 3},
     .codes = {{0, 0}, {0, 0}, {0, 1}, {0, 1}, {1, 2}, {1, 2}, {1, 0},
               {1, 0}},
     .response = {1, 0, 1, 0, 1, 0, 0, 0}, .status = BAR_ENUMERIC,
     .problem = BAR_RINDICATOR_SEPARATION, .problem_var = SIZE_MAX,
     .problem_cat = SIZE_MAX},
    /* a category with no units is left out: same R as without it */
    {.name = "an empty category", .n = 6, .ncat = {4, 0},
     .codes = {{0}, {0}, {0}, {2}, {2}, {2}},
     .response = {1, 0, 0, 1, 1, 0}, .status = BAR_OK,
     .problem = BAR_RINDICATOR_OK, .problem_var = SIZE_MAX,
     .problem_cat = SIZE_MAX,
     /* rho 1/3 and 2/3: S = sqrt(6 (1/6)^2 / 5) */
     .r = 0.63485162832988926},
    {.name = "equal response everywhere: R = 1", .n = 4, .ncat = {2, 0},
     .codes = {{0}, {0}, {1}, {1}}, .response = {1, 0, 0, 1},
     .status = BAR_OK, .problem = BAR_RINDICATOR_OK,
     .problem_var = SIZE_MAX, .problem_cat = SIZE_MAX, .r = 1.0},
    {.name = "a code out of range", .n = 4, .ncat = {2, 0},
     .codes = {{0}, {2}, {1}, {1}}, .response = {1, 0, 0, 1},
     .status = BAR_EUSAGE, .problem = BAR_RINDICATOR_OK,
     .problem_var = SIZE_MAX, .problem_cat = SIZE_MAX},
    {.name = "a response of 2", .n = 4, .ncat = {2, 0},
     .codes = {{0}, {0}, {1}, {1}}, .response = {1, 2, 0, 1},
     .status = BAR_EUSAGE, .problem = BAR_RINDICATOR_OK,
     .problem_var = SIZE_MAX, .problem_cat = SIZE_MAX},
    {.name = "one unit", .n = 1, .ncat = {2, 0}, .codes = {{0}},
     .response = {1}, .status = BAR_EUSAGE, .problem = BAR_RINDICATOR_OK,
     .problem_var = SIZE_MAX, .problem_cat = SIZE_MAX},
    {.name = "unequal design weights", .n = 4, .ncat = {2, 0},
     .codes = {{0}, {0}, {1}, {1}}, .response = {1, 0, 0, 1},
     .weight = 2.0, .odd_weight = 3.0, .status = BAR_EUSAGE,
     .problem = BAR_RINDICATOR_OK, .problem_var = SIZE_MAX,
     .problem_cat = SIZE_MAX},
    {.name = "a design weight below 1", .n = 4, .ncat = {2, 0},
     .codes = {{0}, {0}, {1}, {1}}, .response = {1, 0, 0, 1},
     .weight = 0.5, .status = BAR_EUSAGE, .problem = BAR_RINDICATOR_OK,
     .problem_var = SIZE_MAX, .problem_cat = SIZE_MAX},
};

static void degenerate_cases(void **state)
{
    (void)state;
    for (size_t t = 0; t < sizeof SMALL_CASES / sizeof SMALL_CASES[0];
         t++) {
        const small_case *c = &SMALL_CASES[t];
        size_t nvars = c->ncat[1] ? 2 : 1;
        size_t codes[SMALL_MAX * 2];
        double weights[SMALL_MAX];
        for (size_t i = 0; i < c->n; i++) {
            for (size_t v = 0; v < nvars; v++)
                codes[i * nvars + v] = c->codes[i][v];
            weights[i] = c->weight;
        }
        if (c->odd_weight != 0)
            weights[c->n - 1] = c->odd_weight;
        bar_rindicator_var vars[2] = {{.name = "a", .ncat = c->ncat[0]},
                                      {.name = "b", .ncat = c->ncat[1]}};
        bar_rindicator_input in = {
            .n = c->n, .nvars = nvars, .vars = vars, .codes = codes,
            .response = c->response,
            .weights = c->weight != 0 ? weights : NULL};
        bar_rindicator r;
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_rindicator_compute(&in, &r, &err);
        if (rc != c->status || r.problem != c->problem ||
            r.problem_var != c->problem_var ||
            r.problem_cat != c->problem_cat)
            fail_msg("%s: status %d problem %d at %zu/%zu (%s); want "
                     "status %d problem %d at %zu/%zu", c->name, rc,
                     r.problem, r.problem_var, r.problem_cat, err.msg,
                     c->status, c->problem, c->problem_var,
                     c->problem_cat);
        if (rc == BAR_OK) {
            if (fabs(r.r - c->r) > 1e-12)
                fail_msg("%s: R %.17g, want %.17g", c->name, r.r, c->r);
            assert_true(err.msg[0] == '\0');
        } else {
            assert_true(err.msg[0] != '\0');
            assert_true(isnan(r.r) && isnan(r.mean) && r.nremind == 0);
        }
        bar_rindicator_clear(&r);
        bar_error_clear(&err);
    }
}

/* An empty category: its row is 0/NAN and the rest equals the frame
 * without it (the frame1374 with an unused extra sector code). */
static void empty_category_changes_nothing(void **state)
{
    (void)state;
    const computed *base = find("frame1374");
    frame f = base->f;
    size_t s = var_index(&f, "sector");
    f.vars[s].ncat++;
    f.label_ptr[s][f.vars[s].ncat - 1] = "unused";
    bar_rindicator_input in = frame_input(&f);
    bar_rindicator r;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_rindicator_compute(&in, &r, &err), BAR_OK);
    const bar_rindicator_category *e = &r.vars[s].cats[f.vars[s].ncat - 1];
    assert_int_equal(e->units, 0);
    assert_true(isnan(e->rho_mean) && e->pu == 0 && e->pc == 0);
    assert_true(fabs(r.r - base->r.r) < 1e-12);
    assert_true(fabs(r.r_se - base->r.r_se) < 1e-12);
    assert_true(fabs(r.vars[s].pc - base->r.vars[s].pc) < 1e-12);
    bar_rindicator_clear(&r);
    bar_error_clear(&err);
}

/* The simulated frame at a moment where the 4 zbo organisations outside
 * the zbo cluster have not responded (R's glm "converges" there with
 * fitted propensities of 4e-7 and a coefficient of -13.8). */
static void quasi_separation_in_the_frame(void **state)
{
    (void)state;
    frame f;
    frame_load("quasisep1374", &f);
    bar_rindicator_input in = frame_input(&f);
    bar_rindicator r;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_rindicator_compute(&in, &r, &err), BAR_ENUMERIC);
    assert_int_equal(r.problem, BAR_RINDICATOR_SEPARATION);
    assert_int_equal(r.respondents, 300);
    assert_true(isnan(r.r));
    bar_rindicator_clear(&r);
    bar_error_clear(&err);
    frame_clear(&f);
}

/* Every allocation of a computation fails in turn (the crossed frame:
 * three variables, so the partial SEs' sub-computations too): the status
 * is BAR_ENOMEM, no estimate is left and no block stays live; past the
 * last allocation the result is the clean one. */
static void allocation_failures(void **state)
{
    (void)state;
    const computed *base = find("crossed600");
    bar_rindicator_input in = frame_input(&base->f);
    unsigned long total = 0;
    for (fail_at = 1;; fail_at++) {
        bar_rindicator r;
        bar_error err;
        alloc_count = 0;
        live = 0;
        armed = true;
        bar_error_init(&err);
        bar_status rc = bar_rindicator_compute(&in, &r, &err);
        bool fired = alloc_count >= fail_at;
        double got_r = r.r, got_se = r.vars ? r.vars[0].pu_se : NAN;
        bar_rindicator_clear(&r);
        bar_error_clear(&err);
        armed = false;
        if (live != 0)
            fail_msg("allocation %lu failed: %ld blocks left", fail_at,
                     live);
        if (!fired) {
            assert_int_equal(rc, BAR_OK);
            assert_true(got_r == base->r.r &&
                        got_se == base->r.vars[0].pu_se);
            total = fail_at - 1;
            break;
        }
        if (rc != BAR_ENOMEM)
            fail_msg("allocation %lu failed: status %d", fail_at, rc);
        assert_true(isnan(got_r));
    }
    assert_true(total > 20);
    print_message("%lu allocations\n", total);
}

/* The clear of a zeroed or NULL result is harmless. */
static void clear_is_safe(void **state)
{
    (void)state;
    bar_rindicator_clear(NULL);
    bar_rindicator r;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_rindicator_compute(NULL, &r, &err), BAR_EUSAGE);
    bar_rindicator_clear(&r);
    bar_rindicator_clear(&r);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(overall_matches_r),
        cmocka_unit_test(variables_match_r),
        cmocka_unit_test(categories_match_r),
        cmocka_unit_test(remind_order_matches_r),
        cmocka_unit_test(propensities_match_r),
        cmocka_unit_test(identities_hold),
        cmocka_unit_test(degenerate_cases),
        cmocka_unit_test(empty_category_changes_nothing),
        cmocka_unit_test(quasi_separation_in_the_frame),
        cmocka_unit_test(clear_is_safe),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
