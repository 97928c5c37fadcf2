/* test_scalefit.c - a scale's score and groups are derived values.
 *
 * The fit of a scale entry (scalefit.h) is made by derive, which writes
 * climate and climate_group before any figure runs; the analysis reads the
 * dataset only. Checked here:
 *   - the typed fit of wave366 and of waves where a step stops (codes, not
 *     text);
 *   - derive writes the columns from the fit;
 *   - a spec with the scale entry placed after the figures that use its
 *     groups gives the same numbers as the default spec (scale first);
 *   - bar_analysis_run leaves every column of the dataset as it was, with
 *     derive's fits or without them (same document either way);
 *   - derived without a spec, climate and climate_group are missing and a
 *     figure by climate_group says so.
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

#include "analysis/analysis.h"
#include "analysis/derive.h"
#include "analysis/scalefit.h"
#include "analysis/spec.h"
#include "dataset/dataset.h"
#include "dataset/dataset_csv.h"
#include "instrument/instrument.h"
#include "results/results.h"

/* The fit of wave366 as the analysis before this module gave it
 * (climate_scale in its results: 2 rounds, 2 items dropped in round 1,
 * 10 retained, every case scored, groups of 69, 188 and 109; test_figures
 * checks those against R, tests/ref/analysis_wave366.csv). */
enum {
    FIT_NROUNDS = 2,
    FIT_NRETAINED = 10,
    FIT_NDROPPED = 2,
    FIT_NSCORED = 366,
    FIT_SIZE1 = 69,
    FIT_SIZE2 = 188,
    FIT_SIZE3 = 109
};

static bar_instrument *ins;
static bar_spec *spec; /* the default spec: its scale entry comes first */

static int setup(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_instrument_load(
        BAR_DATA_DIR "/instrument/ibo-2021.json", &ins, &err);
    if (rc == BAR_OK)
        rc = bar_spec_load(BAR_DATA_DIR "/report/ibo-2021.json", ins, &spec,
                           &err);
    if (rc != BAR_OK)
        fprintf(stderr, "setup: %s\n", err.msg);
    bar_error_clear(&err);
    return rc == BAR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bar_spec_free(spec);
    bar_instrument_free(ins);
    return 0;
}

static bar_dataset *read_wave(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/analysis/%s", BAR_TEST_DATA, name);
    bar_dataset *ds = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_dataset_read_csv(path, ins, &ds, &err) != BAR_OK)
        fail_msg("%s: %s", name, err.msg);
    bar_error_clear(&err);
    return ds;
}

static size_t col(const bar_dataset *ds, const char *name)
{
    long c = bar_dataset_col(ds, name);
    if (c < 0)
        fail_msg("no column %s", name);
    return (size_t)c;
}

/* FNV-1a over every cell of every column (numbers as their bits, every
 * NAN the same; text cells as text). */
static uint64_t checksum(const bar_dataset *ds)
{
    uint64_t h = 1469598103934665603u;
    size_t nrows = bar_dataset_nrows(ds), ncols = bar_dataset_ncols(ds);
    for (size_t c = 0; c < ncols; c++)
        for (size_t r = 0; r < nrows; r++) {
            double x = bar_dataset_get(ds, r, c);
            unsigned char b[sizeof x];
            if (isnan(x))
                x = NAN;
            memcpy(b, &x, sizeof x);
            for (size_t i = 0; i < sizeof b; i++)
                h = (h ^ b[i]) * 1099511628211u;
            const char *s = bar_dataset_get_str(ds, r, c);
            for (; s && *s; s++)
                h = (h ^ (unsigned char)*s) * 1099511628211u;
            h = (h ^ 0xffu) * 1099511628211u;
        }
    return h;
}

static json_t *analyse(const bar_dataset *ds, const bar_spec *sp,
                       const bar_scale_fits *fits)
{
    bar_error err;
    bar_error_init(&err);
    json_t *doc = NULL;
    bar_analysis_opts o = {.raw = true, .fits = fits};
    if (bar_analysis_run(ds, sp, NULL, NULL, &o, &doc, &err) != BAR_OK)
        fail_msg("analysis: %s", err.msg);
    bar_error_clear(&err);
    return doc;
}

static json_t *figure(json_t *doc, const char *id)
{
    json_t *figs = json_object_get(doc, BAR_RK_FIGURES), *f;
    size_t i;
    json_array_foreach(figs, i, f) if (strcmp(json_string_value(json_object_get(
                                                  f, BAR_RK_ID)),
                                              id) == 0) return f;
    fail_msg("no figure %s", id);
    return NULL;
}

static const bar_spec_entry *scale_entry(const bar_spec *sp)
{
    for (size_t i = 0; i < bar_spec_count(sp); i++)
        if (bar_spec_get(sp, i)->kind == BAR_SPEC_SCALE)
            return bar_spec_get(sp, i);
    fail_msg("no scale entry");
    return NULL;
}

/* The fit of wave366 (the numbers of results.json's climate_scale). */
static void fit_of_wave366(void **state)
{
    (void)state;
    bar_dataset *ds = read_wave("wave366.csv");
    bar_error err;
    bar_error_init(&err);
    bar_scale_fit fit;
    uint64_t before = checksum(ds);
    assert_int_equal(bar_scale_fit_compute(ds, scale_entry(spec), &fit, &err),
                     BAR_OK);
    assert_true(checksum(ds) == before); /* the fit only reads */
    assert_int_equal(fit.nbase, 366);
    assert_int_equal(fit.selection_end, BAR_SCALE_SELECTED);
    assert_int_equal(fit.stop, BAR_SCALE_GROUPED);
    assert_int_equal(fit.nrounds, FIT_NROUNDS);
    assert_int_equal(fit.nretained, FIT_NRETAINED);
    assert_int_equal(fit.ndropped, FIT_NDROPPED);
    assert_int_equal(fit.nscored, FIT_NSCORED);
    assert_int_equal(fit.km.k, 3);
    for (size_t i = 0; i < fit.ndropped; i++)
        assert_true(fit.dropped[i].round > 0
                        ? fit.dropped[i].why == BAR_SCALE_DROP_LOADING &&
                              fabs(fit.dropped[i].loading) < 0.40
                        : fit.dropped[i].why != BAR_SCALE_DROP_LOADING);
    size_t sizes = 0;
    for (size_t g = 0; g < fit.km.k; g++)
        sizes += fit.km.sizes[g];
    assert_int_equal(sizes, fit.nscored);
    bar_scale_fit_clear(&fit);
    bar_scale_fit_clear(&fit); /* cleared twice is fine */
    bar_error_clear(&err);
    bar_dataset_free(ds);
}

/* Waves on which a step of the fit stops, by its code. */
static void fit_stops(void **state)
{
    (void)state;
    static const struct {
        const char *what;
        size_t nclear;      /* clim items made missing (first n) */
        double constant;    /* > 0: every clim item this value, on odd
                               rows (alternate) */
        double alternate;   /* > 0: every clim item this on even rows */
        bar_scale_selection_end end;
        bar_scale_stop stop;
        size_t nretained;
    } cases[] = {
        {"no answers", 100, 0, 0, BAR_SCALE_FEW_ITEMS, BAR_SCALE_NO_SCORE, 0},
        {"constant items", 0, 3, 0, BAR_SCALE_FEW_ITEMS, BAR_SCALE_NO_SCORE,
         0},
        {"two scores only", 0, 2, 4, BAR_SCALE_FACTOR_FAILED,
         BAR_SCALE_GROUPS_FAILED, 12},
    };
    for (size_t t = 0; t < sizeof cases / sizeof cases[0]; t++) {
        bar_dataset *ds = read_wave("wave366.csv");
        const bar_spec_entry *e = scale_entry(spec);
        const bar_question *q = NULL;
        for (size_t i = 0; i < bar_instrument_nquestions(ins); i++)
            if (strcmp(bar_question_id(bar_instrument_question(ins, i)),
                       e->question) == 0)
                q = bar_instrument_question(ins, i);
        assert_non_null(q);
        for (size_t j = 0; j < bar_question_nvars(q); j++) {
            size_t c = bar_var_index(bar_question_var(q, j));
            for (size_t r = 0; r < bar_dataset_nrows(ds); r++)
                if (j < cases[t].nclear || cases[t].constant > 0)
                    bar_dataset_set(ds, r, c,
                                    j < cases[t].nclear ? NAN
                                    : cases[t].alternate > 0 && r % 2 == 0
                                        ? cases[t].alternate
                                        : cases[t].constant);
        }
        bar_error err;
        bar_error_init(&err);
        bar_scale_fits *fits = NULL;
        if (bar_derive_compute(ds, spec, &fits, &err) != BAR_OK)
            fail_msg("%s: %s", cases[t].what, err.msg);
        const bar_scale_fit *f = bar_scale_fits_find(fits, e);
        assert_non_null(f);
        if (f->selection_end != cases[t].end || f->stop != cases[t].stop ||
            f->nretained != cases[t].nretained)
            fail_msg("%s: end %d stop %d retained %zu", cases[t].what,
                     (int)f->selection_end, (int)f->stop, f->nretained);
        bool scored = f->stop != BAR_SCALE_NO_SCORE;
        /* every item set aside in round 0, or none dropped */
        assert_int_equal(f->ndropped, scored ? 0 : bar_question_nvars(q));
        assert_int_equal(f->nscored, scored ? f->nbase : 0);
        /* the numerics' message travels for the note, the code says why */
        assert_true((f->selection_end == BAR_SCALE_FACTOR_FAILED) ==
                    (f->selection_detail[0] != '\0'));
        assert_true((f->stop == BAR_SCALE_GROUPS_FAILED) ==
                    (f->groups_detail[0] != '\0'));
        assert_null(f->group);
        for (size_t r = 0; r < bar_dataset_nrows(ds); r++) {
            double x = bar_dataset_get(ds, r, col(ds, "climate"));
            assert_true(scored ? x == (r % 2 == 0 ? 4 : 2) : isnan(x));
            assert_true(
                isnan(bar_dataset_get(ds, r, col(ds, "climate_group"))));
        }
        /* the figure reports the stop as a note, from the codes */
        json_t *doc = analyse(ds, spec, fits);
        json_t *fig = figure(doc, e->id);
        assert_non_null(json_object_get(json_object_get(fig,
                                                        BAR_RK_SELECTION),
                                        BAR_RK_ERROR));
        json_t *groups = json_object_get(fig, BAR_RK_GROUPS);
        if (scored) {
            assert_null(json_object_get(fig, BAR_RK_ERROR));
            assert_string_equal(json_string_value(json_object_get(
                                    groups, BAR_RK_ERROR)),
                                f->groups_detail);
            assert_null(json_object_get(groups, BAR_RK_CUTS));
        } else {
            assert_non_null(json_object_get(fig, BAR_RK_ERROR));
            assert_null(groups);
        }
        json_decref(doc);
        bar_scale_fits_free(fits);
        bar_error_clear(&err);
        bar_dataset_free(ds);
    }
}

/* derive writes the score and groups of the fit; rows outside the base,
 * and without a score, are missing. */
static void derive_writes_the_fit(void **state)
{
    (void)state;
    bar_dataset *ds = read_wave("wave366.csv");
    bar_error err;
    bar_error_init(&err);
    size_t sc = col(ds, "climate"), gc = col(ds, "climate_group");
    for (size_t r = 0; r < bar_dataset_nrows(ds); r++) {
        bar_dataset_set(ds, r, sc, 9); /* stale values are overwritten */
        bar_dataset_set(ds, r, gc, 9);
    }
    bar_scale_fits *fits = NULL;
    assert_int_equal(bar_derive_compute(ds, spec, &fits, &err), BAR_OK);
    assert_int_equal(fits->n, 1);
    const bar_scale_fit *f = &fits->fit[0];
    size_t nscore = 0, ngroup = 0, count[3] = {0};
    for (size_t i = 0; i < f->nbase; i++) {
        size_t r = f->rows[i];
        double s = bar_dataset_get(ds, r, sc), g = bar_dataset_get(ds, r, gc);
        assert_true(isnan(s) ? isnan(f->score[i]) : s == f->score[i]);
        if (isnan(s)) {
            assert_true(isnan(g));
            continue;
        }
        nscore++;
        assert_true(g == 1 || g == 2 || g == 3);
        assert_int_equal((int)g - 1, f->group[i]);
        ngroup++;
        count[(int)g - 1]++;
        /* groups numbered by ascending centre: the score is on the right
         * side of the cut points */
        if (g > 1)
            assert_true(s > f->km.cuts[(int)g - 2]);
        if (g < 3)
            assert_true(s < f->km.cuts[(int)g - 1]);
    }
    assert_int_equal(nscore, f->nscored);
    assert_int_equal(ngroup, f->nscored);
    for (size_t g = 0; g < 3; g++)
        assert_int_equal(count[g], f->km.sizes[g]);
    assert_int_equal(count[0], FIT_SIZE1);
    assert_int_equal(count[1], FIT_SIZE2);
    assert_int_equal(count[2], FIT_SIZE3);
    bar_scale_fits_free(fits);
    bar_error_clear(&err);
    bar_dataset_free(ds);
}

/* The figures by climate_group of the default spec, and the scale entry,
 * moved after them: the same numbers, because derive sets the groups
 * before any figure runs. */
static void scale_entry_after_its_users(void **state)
{
    (void)state;
    static const char text[] =
        "{\"format\": \"barometer-report-spec\", \"id\": \"late\",\n"
        " \"figures\": [\n"
        "  {\"id\": \"fig18\", \"kind\": \"crosstab\", \"number\": 18,\n"
        "   \"title\": {\"nl\": \"x\", \"en\": \"x\"}, \"base\": \"all\",\n"
        "   \"variable\": \"innovated\", \"by\": \"climate_group\"},\n"
        "  {\"id\": \"fig16\", \"kind\": \"boxplot\", \"number\": 16,\n"
        "   \"title\": {\"nl\": \"x\", \"en\": \"x\"}, \"base\": \"all\",\n"
        "   \"variable\": \"climate\", \"by\": \"sector\",\n"
        "   \"other_label\": {\"nl\": \"Overige sectoren\",\n"
        "                   \"en\": \"Other sectors\"}},\n"
        "  {\"id\": \"climate_scale\", \"kind\": \"scale\", \"number\": 5,\n"
        "   \"title\": {\"nl\": \"x\", \"en\": \"x\"}, \"base\": \"all\",\n"
        "   \"question\": \"clim\", \"variable\": \"climate\",\n"
        "   \"groups\": \"climate_group\", \"min_loading\": 0.4,\n"
        "   \"clusters\": 3, \"bins\": 16}]}\n";
    bar_error err;
    bar_error_init(&err);
    bar_spec *late = NULL;
    if (bar_spec_parse(text, sizeof text - 1, "late.json", ins, &late, &err))
        fail_msg("%s", err.msg);
    bar_dataset *a = read_wave("wave366.csv"), *b = read_wave("wave366.csv");
    assert_int_equal(bar_derive_compute(a, spec, NULL, &err), BAR_OK);
    assert_int_equal(bar_derive_compute(b, late, NULL, &err), BAR_OK);
    assert_true(checksum(a) == checksum(b));
    json_t *want = analyse(a, spec, NULL), *got = analyse(b, late, NULL);
    static const char *const keys[] = {BAR_RK_TABLES, BAR_RK_GROUPS,
                                       BAR_RK_N, BAR_RK_SELECTION,
                                       BAR_RK_RELIABILITY,
                                       BAR_RK_DISTRIBUTION};
    static const char *const ids[] = {"fig18", "fig16", "climate_scale"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            json_t *w = json_object_get(figure(want, ids[i]), keys[k]);
            json_t *g = json_object_get(figure(got, ids[i]), keys[k]);
            if ((w || g) && !json_equal(w, g))
                fail_msg("%s/%s differs", ids[i], keys[k]);
        }
    /* the groups are there: fig18 has the three groups, with the sizes
     * of the fit (69, 188, 109 cases) */
    json_t *groups = json_object_get(figure(got, "fig18"), BAR_RK_GROUPS);
    assert_int_equal(json_array_size(groups), 3);
    static const json_int_t sizes[] = {FIT_SIZE1, FIT_SIZE2, FIT_SIZE3};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(json_integer_value(json_object_get(
                             json_array_get(groups, i), BAR_RK_N)),
                         sizes[i]);
    json_decref(want);
    json_decref(got);
    bar_dataset_free(a);
    bar_dataset_free(b);
    bar_spec_free(late);
    bar_error_clear(&err);
}

/* bar_analysis_run reads the dataset only; with derive's fits or without
 * them it writes the same document. */
static void analysis_leaves_the_dataset(void **state)
{
    (void)state;
    static const char *const waves[] = {"wave366.csv", "mini.csv"};
    for (size_t w = 0; w < sizeof waves / sizeof waves[0]; w++) {
        bar_dataset *ds = read_wave(waves[w]);
        bar_error err;
        bar_error_init(&err);
        bar_scale_fits *fits = NULL;
        assert_int_equal(bar_derive_compute(ds, spec, &fits, &err), BAR_OK);
        uint64_t before = checksum(ds);
        json_t *with = analyse(ds, spec, fits);
        assert_true(checksum(ds) == before);
        json_t *without = analyse(ds, spec, NULL);
        assert_true(checksum(ds) == before);
        if (!json_equal(with, without))
            fail_msg("%s: the fits from derive give another document",
                     waves[w]);
        json_decref(with);
        json_decref(without);
        bar_scale_fits_free(fits);
        bar_error_clear(&err);
        bar_dataset_free(ds);
    }
}

/* Derived without a spec: no scores, no groups, and a figure by the groups
 * says that the variable has no values. */
static void derive_without_spec(void **state)
{
    (void)state;
    bar_dataset *ds = read_wave("wave366.csv");
    bar_error err;
    bar_error_init(&err);
    bar_scale_fits stale = {0};
    bar_scale_fits *fits = &stale; /* set to NULL */
    assert_int_equal(bar_derive_compute(ds, NULL, &fits, &err), BAR_OK);
    assert_null(fits);
    for (size_t r = 0; r < bar_dataset_nrows(ds); r++) {
        assert_true(isnan(bar_dataset_get(ds, r, col(ds, "climate"))));
        assert_true(isnan(bar_dataset_get(ds, r, col(ds, "climate_group"))));
    }
    static const char text[] =
        "{\"format\": \"barometer-report-spec\", \"id\": \"t\",\n"
        " \"figures\": [\n"
        "  {\"id\": \"x\", \"kind\": \"crosstab\",\n"
        "   \"title\": {\"nl\": \"x\", \"en\": \"x\"}, \"base\": \"all\",\n"
        "   \"variable\": \"innovated\", \"by\": \"climate_group\"}]}\n";
    bar_spec *sp = NULL;
    if (bar_spec_parse(text, sizeof text - 1, "t.json", ins, &sp, &err))
        fail_msg("%s", err.msg);
    json_t *doc = analyse(ds, sp, NULL);
    json_t *x = figure(doc, "x");
    char *dump = json_dumps(x, 0);
    assert_non_null(strstr(dump, "a derived variable without values"));
    free(dump);
    json_decref(doc);
    bar_spec_free(sp);
    bar_error_clear(&err);
    bar_dataset_free(ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fit_of_wave366),
        cmocka_unit_test(fit_stops),
        cmocka_unit_test(derive_writes_the_fit),
        cmocka_unit_test(scale_entry_after_its_users),
        cmocka_unit_test(analysis_leaves_the_dataset),
        cmocka_unit_test(derive_without_spec),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
