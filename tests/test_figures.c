/* test_figures.c - the figures of a whole wave against R, and the hard
 * cases.
 *
 * The wave is tests/data/analysis/wave366.csv (barometer simulate --cases
 * 366 --seed 2021) analysed with data/report/ibo-2021.json. The expected
 * values are tests/ref/analysis_wave366.csv, written by
 * tests/ref/analysis.R with R's own functions (psych::fa, psych::alpha,
 * shapiro.test, quantile type 7, chisq.test, binom.test, prop.test, glm and
 * drop1): one line per value, "path,value", the path leading from a
 * figure id through keys and 0-based indices of the results document.
 *
 * The hard cases each run a whole analysis that must succeed, with the
 * figure concerned carrying a note or error and no numbers.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/analysis.h"
#include "analysis/benchmark.h"
#include "analysis/derive.h"
#include "analysis/spec.h"
#include "dataset/dataset_csv.h"
#include "instrument/instrument.h"

static bar_instrument *ins;
static bar_spec *spec;

/* Benchmarks for the comparison tests: one with n (z-test), the others
 * without (binomial test); exact and approximate values side by side
 * (fig2, fig7), and shares of groups made with other cut points
 * (fig17). */
static const char bench_csv[] =
    "figure,variable,category,country,period,percent,qualifier,n,source\n"
    "fig1,innovated,1,DK,2018-2019,80,,500,test\n"
    "fig1,innovated,1,NO,,77,,,test\n"
    "fig23,covid_production,1+2,NL,2020,45,,,test\n"
    "fig2,type_service,1,NL,2019-2020,52,,,test\n"
    "fig2,type_process,1,NL,2019-2020,75,more than,,test\n"
    "fig7,driver_employees,1,DK,2018-2019,34,,,test\n"
    "fig7,driver_political,1,DK,2018-2019,11,about,,test\n"
    "fig17,climate_group,1,NL,2021,43,,,test\n"
    "fig17,climate_group,3,NL,2021,25,about,,test\n";

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

/* A dataset read from tests/data/analysis/NAME, derived with the default
 * spec (its scale sets climate and climate_group). */
static bar_dataset *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/analysis/%s", BAR_TEST_DATA, name);
    bar_dataset *ds = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_dataset_read_csv(path, ins, &ds, &err) != BAR_OK ||
        bar_derive_compute(ds, spec, NULL, &err) != BAR_OK)
        fail_msg("%s: %s", name, err.msg);
    bar_error_clear(&err);
    return ds;
}

/* Run sp (NULL: the default spec) over ds; the analysis must succeed. */
static json_t *run(bar_dataset *ds, const bar_spec *sp)
{
    bar_benchmarks *bench = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_benchmarks_parse(bench_csv, sizeof bench_csv - 1, "bench.csv",
                             &bench, &err) != BAR_OK)
        fail_msg("benchmarks: %s", err.msg);
    json_t *doc = NULL;
    /* the statistics as computed, before disclosure control */
    bar_analysis_opts raw = {.raw = true};
    if (bar_analysis_run(ds, sp ? sp : spec, NULL, bench, &raw, &doc,
                         &err) != BAR_OK)
        fail_msg("analysis: %s", err.msg);
    bar_benchmarks_free(bench);
    bar_error_clear(&err);
    return doc;
}

static json_t *figure(json_t *doc, const char *id)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "figures"), i, f)
        if (strcmp(json_string_value(json_object_get(f, "id")), id) == 0)
            return f;
    fail_msg("no figure %s", id);
    return NULL;
}

/* The value at path ("fig18/tables/0/test/p") in doc, or NULL. */
static json_t *at(json_t *doc, const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    char *save = NULL;
    char *tok = strtok_r(buf, "/", &save);
    json_t *v = figure(doc, tok);
    while (v && (tok = strtok_r(NULL, "/", &save)))
        v = json_is_array(v) ? json_array_get(v, strtoul(tok, NULL, 10))
                             : json_object_get(v, tok);
    return v;
}

static json_t *wave_doc;
static bar_dataset *wave_ds;

static json_t *wave(void)
{
    if (!wave_doc) {
        wave_ds = load("wave366.csv");
        wave_doc = run(wave_ds, NULL);
    }
    return wave_doc;
}

/* Every value of tests/ref/analysis_wave366.csv. */
static void matches_r(void **state)
{
    (void)state;
    json_t *doc = wave();
    FILE *f = fopen(BAR_TEST_DATA "/../ref/analysis_wave366.csv", "r");
    assert_non_null(f);
    char line[1024];
    size_t checked = 0, failed = 0;
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *comma = strrchr(line, ',');
        assert_non_null(comma);
        *comma = '\0';
        const char *want = comma + 1;
        json_t *got = at(doc, line);
        char *end;
        double w = strtod(want, &end);
        bool ok;
        if (*end != '\0') {
            ok = json_is_string(got) &&
                 strcmp(json_string_value(got), want) == 0;
        } else {
            double g = json_is_number(got) ? json_number_value(got) : NAN;
            ok = fabs(g - w) <= 1e-6 * fabs(w) + 1e-9;
        }
        if (!ok) {
            char *text = got ? json_dumps(got, JSON_ENCODE_ANY) : NULL;
            fprintf(stderr, "mismatch %s: got %s, R %s\n", line,
                    text ? text : "(absent)", want);
            free(text);
            failed++;
        }
        checked++;
    }
    fclose(f);
    assert_true(checked > 700);
    assert_int_equal(failed, 0);
}

/* What the reference file does not cover: shapes and labels. */
static void wave_shapes(void **state)
{
    (void)state;
    json_t *doc = wave();
    assert_int_equal(json_array_size(json_object_get(doc, "figures")),
                     bar_spec_count(spec));
    /* scale: the two items the simulator makes weak are dropped in round
     * 1, for their loading */
    json_t *dropped = at(doc, "climate_scale/selection/dropped");
    assert_int_equal(json_array_size(dropped), 2);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(dropped, 0), "variable")),
                        "clim_collab_external");
    assert_int_equal(json_integer_value(json_object_get(
                         json_array_get(dropped, 0), "round")), 1);
    assert_int_equal(json_array_size(at(doc, "climate_scale/selection/"
                                             "retained")), 10);
    /* the frequency appendix: every variable but org_id, and no text */
    assert_int_equal(json_array_size(at(doc, "frequencies/variables")),
                     bar_instrument_nvars(ins) - 1);
    char *dump = json_dumps(at(doc, "frequencies"), 0);
    assert_non_null(dump);
    assert_null(strstr(dump, "org_id"));
    free(dump);
    /* spectrum is the sum of the type_* options: aliased in the full
     * model (R's glm gives NA), so set aside as redundant before the first
     * step, with its reason in both languages; no step has it */
    for (size_t m = 0; m < 3; m++) {
        char path[96];
        snprintf(path, sizeof path, "tekstvak2/models/%zu/redundant", m);
        json_t *red = at(doc, path);
        assert_int_equal(json_array_size(red), 1);
        json_t *rd = json_array_get(red, 0);
        assert_string_equal(json_string_value(json_object_get(rd, "name")),
                            "spectrum");
        assert_false(json_is_true(json_object_get(rd, "intercept")));
        json_t *of = json_object_get(rd, "of");
        assert_int_equal(json_array_size(of), 4);
        assert_string_equal(json_string_value(json_array_get(of, 3)),
                            "type_interaction");
        json_t *reason = json_object_get(rd, "reason");
        assert_string_equal(
            json_string_value(json_object_get(reason, "en")),
            "linear combination of type_product, type_service, "
            "type_process and type_interaction");
        assert_string_equal(
            json_string_value(json_object_get(reason, "nl")),
            "lineaire combinatie van type_product, type_service, "
            "type_process en type_interaction");
        snprintf(path, sizeof path, "tekstvak2/models/%zu/steps", m);
        size_t i;
        json_t *st;
        json_array_foreach(at(doc, path), i, st) {
            json_t *mod = json_object_get(st, "model");
            assert_int_equal(json_array_size(json_object_get(mod,
                                                             "aliased")), 0);
            size_t j;
            json_t *t;
            json_array_foreach(json_object_get(mod, "terms"), j, t)
                assert_string_not_equal(
                    json_string_value(json_object_get(t, "name")),
                    "spectrum");
            if (i > 0)
                assert_true(json_number_value(json_object_get(st, "lr_p")) <
                            1.0);
        }
        snprintf(path, sizeof path, "tekstvak2/models/%zu/steps/0/model/"
                 "terms", m);
        assert_int_equal(json_array_size(at(doc, path)), 16);
    }
    /* benchmark tests are labelled */
    assert_string_equal(json_string_value(at(doc, "fig1/benchmarks/0/"
                                                  "comparison/test")),
                        "two-proportion z-test");
    assert_string_equal(json_string_value(at(doc, "fig1/benchmarks/1/"
                                                  "comparison/test")),
                        "exact binomial test");
    /* hcs (4) and prov (3) merged into one box of 7 in Fig 16 */
    json_t *groups = at(doc, "fig16/groups");
    json_t *other = json_array_get(groups, json_array_size(groups) - 1);
    assert_true(json_is_true(json_object_get(other, "merged")));
    assert_int_equal(json_integer_value(json_object_get(other, "n")), 7);
    /* the small-expected warning on Fig 19 (spectrum 0 is rare among the
     * strong) is there when cells expect fewer than 5 */
    json_t *test = at(doc, "fig19/tables/0/test");
    if (json_integer_value(json_object_get(test, "cells_below_5")) > 0)
        assert_non_null(json_object_get(test, "warning"));
    /* no open answer or organisation id */
    char *text = json_dumps(doc, 0);
    assert_null(strstr(text, "org0"));
    assert_null(strstr(text, "wijkteam"));
    free(text);
}

/* Which benchmark values are tested: an exact value is (its p and
 * difference are in the R reference), one the source gives only
 * approximately ("meer dan 75%") is not, nor a share of groups that this
 * wave's own cut points made; the reason is a code. */
static void benchmark_tests(void **state)
{
    (void)state;
    static const struct {
        const char *path;      /* the benchmark entry */
        bool approximate;
        const char *no_test;   /* NULL: tested */
        const char *test;      /* the test's name when tested */
    } cases[] = {
        {"fig1/benchmarks/0", false, NULL, "two-proportion z-test"},
        {"fig1/benchmarks/1", false, NULL, "exact binomial test"},
        {"fig2/benchmarks/0", false, NULL, "exact binomial test"},
        {"fig2/benchmarks/1", true, "approximate", NULL},
        {"fig7/benchmarks/0", false, NULL, "exact binomial test"},
        {"fig7/benchmarks/1", true, "approximate", NULL},
        {"fig17/benchmarks/0", false, "other_groups", NULL},
        {"fig17/benchmarks/1", true, "other_groups", NULL},
    };
    json_t *doc = wave();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *b = at(doc, cases[i].path);
        if (!b)
            fail_msg("%s: absent", cases[i].path);
        json_t *c = json_object_get(b, "comparison");
        const char *why = json_string_value(json_object_get(c, "no_test"));
        if (json_is_true(json_object_get(b, "approximate")) !=
                cases[i].approximate ||
            (cases[i].no_test ? !why || strcmp(why, cases[i].no_test)
                              : why != NULL))
            fail_msg("%s: approximate %d, no_test %s", cases[i].path,
                     json_is_true(json_object_get(b, "approximate")),
                     why ? why : "(none)");
        /* our share is shown in every case */
        assert_true(json_is_number(json_object_get(c, "percent")));
        if (cases[i].no_test) {
            assert_null(json_object_get(c, "test"));
            assert_true(json_is_null(json_object_get(c, "p")));
            assert_true(json_is_null(json_object_get(c, "statistic")));
            assert_true(json_is_null(json_object_get(c, "difference")));
        } else {
            assert_string_equal(json_string_value(json_object_get(c,
                                                                  "test")),
                                cases[i].test);
            assert_true(json_is_number(json_object_get(c, "p")));
        }
    }
}

/* mini.csv has no covid, climate or factor answers at all. */
static void no_answers(void **state)
{
    (void)state;
    bar_dataset *ds = load("mini.csv");
    json_t *doc = run(ds, NULL);
    json_t *f = figure(doc, "fig23");
    assert_int_equal(json_integer_value(json_object_get(f, "n")), 0);
    assert_non_null(strstr(json_string_value(json_object_get(f, "note")),
                           "no case"));
    assert_true(json_is_null(at(doc, "fig23/categories/0/percent")));
    json_t *s = figure(doc, "climate_scale");
    assert_non_null(json_object_get(s, "error"));
    assert_null(json_object_get(s, "distribution"));
    assert_int_equal(json_array_size(at(doc, "climate_scale/selection/"
                                             "dropped")), 12);
    assert_non_null(json_object_get(figure(doc, "fig18"), "note"));
    assert_int_equal(json_array_size(at(doc, "fig18/tables")), 0);
    assert_non_null(at(doc, "tekstvak2/models/0/error"));
    assert_null(at(doc, "tekstvak2/models/0/steps"));
    assert_non_null(json_object_get(figure(doc, "fig16"), "note"));
    json_decref(doc);
    bar_dataset_free(ds);
}

/* Set column name to value in every row where innovated = 1 (or all rows
 * when innovators_only is false). */
static void set_all(bar_dataset *ds, const char *name, double value,
                    bool innovators_only)
{
    long col = bar_dataset_col(ds, name), inn = bar_dataset_col(ds,
                                                                "innovated");
    assert_true(col >= 0);
    for (size_t r = 0; r < bar_dataset_nrows(ds); r++)
        if (!innovators_only || bar_dataset_get(ds, r, (size_t)inn) == 1.0)
            bar_dataset_set(ds, r, (size_t)col, value);
}

static void constant_item(void **state)
{
    (void)state;
    bar_dataset *ds = load("wave366.csv");
    set_all(ds, "clim_vision", 3, false);
    json_t *doc = run(ds, NULL);
    json_t *d0 = at(doc, "climate_scale/selection/dropped/0");
    assert_string_equal(json_string_value(json_object_get(d0, "variable")),
                        "clim_vision");
    assert_non_null(strstr(json_string_value(json_object_get(d0, "reason")),
                           "constant"));
    assert_true(json_is_null(json_object_get(d0, "round")));
    assert_non_null(at(doc, "climate_scale/reliability/alpha"));
    assert_non_null(at(doc, "climate_scale/groups/cuts/1"));
    json_decref(doc);
    bar_dataset_free(ds);
}

/* result_quality = type_product among innovators: perfectly separated. */
static void separation(void **state)
{
    (void)state;
    bar_dataset *ds = load("wave366.csv");
    long y = bar_dataset_col(ds, "result_quality");
    long x = bar_dataset_col(ds, "type_product");
    for (size_t r = 0; r < bar_dataset_nrows(ds); r++) {
        double v = bar_dataset_get(ds, r, (size_t)x);
        if (!isnan(bar_dataset_get(ds, r, (size_t)y)))
            bar_dataset_set(ds, r, (size_t)y, v);
    }
    json_t *doc = run(ds, NULL);
    json_t *m = at(doc, "tekstvak2/models/0");
    assert_non_null(json_object_get(m, "error"));
    assert_true(json_is_true(json_object_get(m, "separation")));
    assert_null(json_object_get(m, "steps"));
    /* the other outcomes still get their models */
    assert_non_null(at(doc, "tekstvak2/models/1/steps/0/model/minus2ll"));
    json_decref(doc);
    bar_dataset_free(ds);
}

/* A crosstab by sector on mini.csv: four sectors have no case (left out),
 * hcs (2) + prov (1) are still too few merged (suppressed). */
static void empty_and_small_groups(void **state)
{
    (void)state;
    static const char text[] =
        "{\"format\": \"barometer-report-spec\", \"id\": \"t\",\n"
        " \"figures\": [{\"id\": \"x\", \"kind\": \"crosstab\",\n"
        "  \"title\": {\"nl\": \"x\", \"en\": \"x\"},\n"
        "  \"variable\": \"innovated\", \"by\": \"sector\"}]}\n";
    bar_spec *sp = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_spec_parse(text, sizeof text - 1, "t.json", ins, &sp, &err))
        fail_msg("%s", err.msg);
    bar_dataset *ds = load("mini.csv");
    json_t *doc = run(ds, sp);
    json_t *f = figure(doc, "x");
    /* hcs (2) and prov (1) are too few together, so the wave's merge
     * plan adds the smallest group, zbo (5): "other" is never suppressed
     * and nothing is left out of the totals (docs/disclosure.md) */
    assert_int_equal(json_array_size(json_object_get(f, "groups")), 3);
    assert_int_equal(json_array_size(json_object_get(f, "empty_groups")), 4);
    json_t *sup = json_object_get(f, "suppressed_groups");
    assert_int_equal(json_array_size(sup), 0);
    json_t *codes = at(doc, "x/groups/2/codes");
    assert_int_equal(json_array_size(codes), 3);
    assert_string_equal(json_string_value(json_array_get(codes, 0)), "hcs");
    assert_string_equal(json_string_value(json_array_get(codes, 2)), "zbo");
    /* gem 8 (1 no), gr 5 valid (1 no), zbo + hcs + prov 8 */
    assert_int_equal(json_integer_value(at(doc, "x/groups/2/n")), 8);
    assert_int_equal(json_integer_value(at(doc, "x/n")), 21);
    json_t *pc = at(doc, "x/tables/0/rows/0/percents");
    assert_true(fabs(json_number_value(json_array_get(pc, 0)) - 12.5) <
                1e-9);
    assert_non_null(at(doc, "x/tables/0/test/warning"));
    /* with min_group 1 nothing is merged */
    json_decref(doc);
    bar_analysis_opts o = {.min_group = 1};
    assert_int_equal(bar_analysis_run(ds, sp, NULL, NULL, &o, &doc, &err),
                     BAR_OK);
    assert_int_equal(json_array_size(at(doc, "x/groups")), 5);
    json_decref(doc);
    bar_dataset_free(ds);
    bar_spec_free(sp);
    bar_error_clear(&err);
}

/* The trend test needs ordered groups: with groups merged (below
 * min_group 80) it is null with a note, the chi-square remains; with
 * nothing merged the groups' codes 1-4 are the scores (spectrum 0 has no
 * innovator and is no group). */
static void trend_with_merged_groups(void **state)
{
    (void)state;
    bar_dataset *ds = load("wave366.csv");
    bar_error err;
    bar_error_init(&err);
    json_t *doc = NULL;
    /* raw: the analysis' own rules; disclosure control (tested in
     * test_disclosure) would also null the chi-square on merged groups */
    bar_analysis_opts o = {.min_group = 80, .raw = true};
    assert_int_equal(bar_analysis_run(ds, spec, NULL, NULL, &o, &doc, &err),
                     BAR_OK);
    assert_true(json_is_null(at(doc, "fig9_phase_spectrum/tables/0/trend")));
    assert_non_null(strstr(json_string_value(at(
                               doc, "fig9_phase_spectrum/tables/0/"
                                    "trend_note")), "merged"));
    assert_non_null(at(doc, "fig9_phase_spectrum/tables/0/test/p"));
    json_decref(doc);
    o.min_group = 1;
    assert_int_equal(bar_analysis_run(ds, spec, NULL, NULL, &o, &doc, &err),
                     BAR_OK);
    json_t *sc = at(doc, "fig9_phase_spectrum/tables/3/trend/scores");
    assert_int_equal(json_array_size(sc), 4);
    assert_true(json_real_value(json_array_get(sc, 0)) == 1.0);
    assert_true(json_real_value(json_array_get(sc, 3)) == 4.0);
    json_decref(doc);
    bar_dataset_free(ds);
    bar_error_clear(&err);
}

/* The frequency appendix on mini.csv: each variable within its own base,
 * small sectors merged and (still below min_group) suppressed, an open
 * question counted only, a small variable suppressed. */
static void frequencies_small(void **state)
{
    (void)state;
    static const char text[] =
        "{\"format\": \"barometer-report-spec\", \"id\": \"t\",\n"
        " \"figures\": [{\"id\": \"f\", \"kind\": \"frequencies\",\n"
        "  \"title\": {\"nl\": \"x\", \"en\": \"x\"},\n"
        "  \"variables\": [\"sector\", \"innovated\", \"type_product\",\n"
        "                \"description\", \"spectrum\"]}]}\n";
    bar_spec *sp = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_spec_parse(text, sizeof text - 1, "t.json", ins, &sp, &err))
        fail_msg("%s", err.msg);
    bar_dataset *ds = load("mini.csv");
    json_t *doc = run(ds, sp);
    static const struct {
        const char *path;
        double want; /* NAN: null */
    } cases[] = {
        {"f/variables/0/n", 22},
        {"f/variables/0/categories/0/count", 8},  /* gem */
        {"f/variables/0/categories/1/count", 6},  /* gr */
        {"f/variables/0/merged/count", NAN},      /* hcs 2 + prov 1 */
        {"f/variables/1/asked", 22},
        {"f/variables/1/n", 21},
        {"f/variables/1/missing", 1},
        {"f/variables/1/categories/1/count", 18},
        {"f/variables/2/asked", 18},              /* innovators only */
        {"f/variables/2/not_asked", 4},
        {"f/variables/3/asked", 18},
        {"f/variables/3/n", 0},                   /* no open answers */
        {"f/variables/3/missing", 18},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *v = at(doc, cases[i].path);
        if (isnan(cases[i].want) ? !json_is_null(v)
                                 : !json_is_number(v) ||
                                       json_number_value(v) != cases[i].want)
            fail_msg("%s: got %s", cases[i].path,
                     v ? json_dumps(v, JSON_ENCODE_ANY) : "(absent)");
    }
    json_t *merged = at(doc, "f/variables/0/merged/codes");
    assert_int_equal(json_array_size(merged), 2);
    assert_true(json_is_true(at(doc, "f/variables/0/merged/suppressed")));
    assert_string_equal(json_string_value(at(doc, "f/variables/3/type")),
                        "text");
    assert_null(at(doc, "f/variables/3/categories"));
    assert_false(json_is_true(at(doc, "f/variables/3/suppressed")));
    assert_non_null(at(doc, "f/variables/3/note"));
    json_decref(doc);
    /* min_group 19: innovated (21 answers) shown, type_product (18)
     * suppressed but its n kept */
    bar_analysis_opts o = {.min_group = 19};
    assert_int_equal(bar_analysis_run(ds, sp, NULL, NULL, &o, &doc, &err),
                     BAR_OK);
    assert_true(json_is_number(at(doc, "f/variables/1/categories/1/count")));
    assert_true(json_is_true(at(doc, "f/variables/2/suppressed")));
    assert_true(json_is_null(at(doc, "f/variables/2/categories/1/count")));
    assert_true(json_is_null(at(doc, "f/variables/2/categories/1/percent")));
    assert_int_equal(json_integer_value(at(doc, "f/variables/2/n")), 18);
    json_decref(doc);
    bar_dataset_free(ds);
    bar_spec_free(sp);
    bar_error_clear(&err);
}

static void no_innovators(void **state)
{
    (void)state;
    bar_dataset *ds = load("wave366.csv");
    set_all(ds, "innovated", 0, false);
    json_t *doc = run(ds, NULL);
    assert_non_null(json_object_get(figure(doc, "tekstvak2"), "note"));
    assert_int_equal(json_array_size(at(doc, "tekstvak2/models")), 0);
    assert_int_equal(json_integer_value(at(doc, "fig2/n")), 0);
    assert_true(json_is_null(at(doc, "fig2/items/0/percent")));
    assert_non_null(json_object_get(figure(doc, "fig20"), "note"));
    assert_non_null(json_object_get(figure(doc, "fig13"), "note"));
    /* the climate scale is of all organisations: still computed */
    assert_non_null(at(doc, "climate_scale/reliability/alpha"));
    json_decref(doc);
    bar_dataset_free(ds);
}

static int cleanup_wave(void **state)
{
    (void)state;
    json_decref(wave_doc);
    bar_dataset_free(wave_ds);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_r),
        cmocka_unit_test(benchmark_tests),
        cmocka_unit_test(wave_shapes),
        cmocka_unit_test(no_answers),
        cmocka_unit_test(constant_item),
        cmocka_unit_test(separation),
        cmocka_unit_test(empty_and_small_groups),
        cmocka_unit_test(trend_with_merged_groups),
        cmocka_unit_test(frequencies_small),
        cmocka_unit_test_teardown(no_innovators, cleanup_wave),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
