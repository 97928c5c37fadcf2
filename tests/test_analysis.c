/* test_analysis.c - the results document on a hand-made wave.
 *
 * tests/data/analysis/mini.csv has 22 organisations: gem 8, gr 6, zbo 5,
 * hcs 2, prov 1; innovated yes 18, no 3, missing 1; among the 18
 * innovators product 7, service 9, process 13, interaction 6; spectrum
 * 0: 3, 1: 6, 2: 6, 3: 3, 4: 2, missing 2 (an innovator who ticked no type,
 * and the case without innovated). The Wilson limits below are R's
 * prop.test(x, n, correct = FALSE)$conf.int * 100.
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
static bar_dataset *ds;
static bar_spec *spec;

static const char bench_csv[] =
    "figure,variable,category,country,period,percent,qualifier,n,source\n"
    "fig1,innovated,1,DK,2018-2019,80,,,COI (2019)\n"
    "fig1,innovated,1,NO,,77,,,COI (2019)\n"
    "fig2,type_process,1,NL,2019-2020,75,more than,,IBO 2021\n"
    "fig4,origin,1,DK,2018-2019,18,,,COI (2020)\n";

static int setup(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_instrument_load(BAR_DATA_DIR
                                        "/instrument/ibo-2021.json",
                                        &ins, &err);
    if (rc == BAR_OK)
        rc = bar_dataset_read_csv(BAR_TEST_DATA "/analysis/mini.csv", ins,
                                  &ds, &err);
    if (rc == BAR_OK)
        rc = bar_spec_load(BAR_DATA_DIR "/report/ibo-2021.json", ins, &spec,
                           &err);
    if (rc == BAR_OK)
        rc = bar_derive_compute(ds, spec, NULL, &err);
    if (rc != BAR_OK)
        fprintf(stderr, "setup: %s\n", err.msg);
    bar_error_clear(&err);
    return rc == BAR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bar_spec_free(spec);
    bar_dataset_free(ds);
    bar_instrument_free(ins);
    return 0;
}

/* Frame counts per sector code: gem 20, gr 12, hcs 6, prov 4, zbo 10. */
static void frame_counts(size_t *counts, size_t ncodes)
{
    static const struct { const char *code; size_t sent; } sent[] = {
        {"gem", 20}, {"gr", 12}, {"hcs", 6}, {"prov", 4}, {"zbo", 10}};
    const bar_variable *sector =
        bar_instrument_var(ins, (size_t)bar_instrument_find(ins, "sector"));
    assert_int_equal(bar_var_ncodes(sector), ncodes);
    memset(counts, 0, ncodes * sizeof *counts);
    for (size_t i = 0; i < sizeof sent / sizeof sent[0]; i++) {
        long pos = bar_var_code_find(sector, sent[i].code);
        assert_true(pos >= 0);
        counts[pos] = sent[i].sent;
    }
}

static json_t *run(long min_group, bool with_frame, bool with_bench)
{
    size_t counts[64];
    const bar_variable *sector =
        bar_instrument_var(ins, (size_t)bar_instrument_find(ins, "sector"));
    size_t ncodes = bar_var_ncodes(sector);
    assert_true(ncodes <= 64);
    frame_counts(counts, ncodes);
    bar_benchmarks *bench = NULL;
    bar_error err;
    bar_error_init(&err);
    if (with_bench &&
        bar_benchmarks_parse(bench_csv, sizeof bench_csv - 1, "bench.csv",
                             &bench, &err) != BAR_OK)
        fail_msg("benchmarks: %s", err.msg);
    json_t *doc = NULL;
    /* the counts as computed (disclosure control: test_disclosure.c) */
    bar_analysis_opts opts = {.min_group = min_group, .raw = true};
    if (bar_analysis_run(ds, spec, with_frame ? counts : NULL, bench, &opts,
                         &doc, &err) != BAR_OK)
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

static long long int_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v))
        fail_msg("%s is not an integer", key);
    return json_integer_value(v);
}

static double real_of(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_number(v))
        fail_msg("%s is not a number", key);
    return json_number_value(v);
}

static void assert_close(double got, double want, const char *what)
{
    if (fabs(got - want) > 1e-9)
        fail_msg("%s: got %.12g, want %.12g", what, got, want);
}

typedef struct share_case {
    const char *key;   /* category code (as text) or item variable */
    long long count, n;
    double percent, low, high;
} share_case;

static void check_share(json_t *o, const share_case *k)
{
    assert_int_equal(int_of(o, "count"), k->count);
    assert_close(real_of(o, "percent"), k->percent, k->key);
    assert_close(real_of(o, "ci_low"), k->low, k->key);
    assert_close(real_of(o, "ci_high"), k->high, k->key);
}

static void document_head(void **state)
{
    (void)state;
    json_t *doc = run(0, true, true);
    assert_int_equal(int_of(doc, "schema"), 1);
    assert_string_equal(json_string_value(json_object_get(doc, "instrument")),
                        "ibo-2021");
    assert_int_equal(int_of(doc, "wave"), 2021);
    assert_int_equal(int_of(doc, "min_group"), 5);
    assert_int_equal(int_of(doc, "cases"), 22);
    assert_string_equal(
        json_string_value(json_object_get(doc, "generated_by")),
        "barometer 0.1.0");
    static const char *const ids[] = {"table1", "fig1", "fig2", "fig3"};
    json_t *figs = json_object_get(doc, "figures");
    assert_int_equal(json_array_size(figs), bar_spec_count(spec));
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(json_string_value(json_object_get(
                                json_array_get(figs, i), "id")),
                            ids[i]);
    json_decref(doc);
}

static void fig1_innovated(void **state)
{
    (void)state;
    json_t *doc = run(0, true, true);
    json_t *f = figure(doc, "fig1");
    assert_string_equal(json_string_value(json_object_get(f, "kind")),
                        "frequency");
    assert_string_equal(json_string_value(json_object_get(f, "base")), "all");
    assert_int_equal(int_of(f, "base_n"), 22);
    assert_int_equal(int_of(f, "n"), 21);
    assert_int_equal(int_of(f, "missing"), 1);
    static const share_case want[] = {
        {"0", 3, 21, 100.0 * 3 / 21, 4.98101249972527, 34.6360602806209},
        {"1", 18, 21, 100.0 * 18 / 21, 65.3639397193791, 95.0189875002747},
    };
    json_t *cats = json_object_get(f, "categories");
    assert_int_equal(json_array_size(cats), 2);
    for (size_t i = 0; i < 2; i++) {
        json_t *c = json_array_get(cats, i);
        assert_int_equal(int_of(c, "code"), atoi(want[i].key));
        check_share(c, &want[i]);
    }
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(json_array_get(cats, 1), "label"),
                            "nl")),
                        "ja");
    json_t *bench = json_object_get(f, "benchmarks");
    assert_int_equal(json_array_size(bench), 2);
    json_t *dk = json_array_get(bench, 0);
    assert_string_equal(json_string_value(json_object_get(dk, "country")),
                        "DK");
    assert_string_equal(json_string_value(json_object_get(dk, "category")),
                        "1");
    assert_close(real_of(dk, "percent"), 80, "DK");
    assert_true(json_is_null(json_object_get(dk, "n")));
    json_decref(doc);
}

static void fig2_types(void **state)
{
    (void)state;
    json_t *doc = run(0, true, true);
    json_t *f = figure(doc, "fig2");
    assert_string_equal(json_string_value(json_object_get(f, "kind")),
                        "multi_response");
    assert_string_equal(json_string_value(json_object_get(f, "base")),
                        "innovators");
    assert_int_equal(int_of(f, "base_n"), 18);
    assert_int_equal(int_of(f, "n"), 18);
    static const share_case want[] = {
        {"type_product", 7, 18, 100.0 * 7 / 18, 20.3052465721636,
         61.3809583977621},
        {"type_service", 9, 18, 50.0, 29.03102150517, 70.96897849483},
        {"type_process", 13, 18, 100.0 * 13 / 18, 49.1273434397025,
         87.500246620446},
        {"type_interaction", 6, 18, 100.0 * 6 / 18, 16.2787747508337,
         56.2505327040549},
    };
    json_t *items = json_object_get(f, "items");
    assert_int_equal(json_array_size(items), 4);
    for (size_t i = 0; i < 4; i++) {
        json_t *it = json_array_get(items, i);
        assert_string_equal(
            json_string_value(json_object_get(it, "variable")), want[i].key);
        assert_int_equal(int_of(it, "n"), want[i].n);
        check_share(it, &want[i]);
    }
    json_t *bench = json_object_get(f, "benchmarks");
    assert_int_equal(json_array_size(bench), 1);
    assert_string_equal(json_string_value(json_object_get(
                            json_array_get(bench, 0), "qualifier")),
                        "more than");
    json_decref(doc);
}

static void fig3_spectrum(void **state)
{
    (void)state;
    json_t *doc = run(0, true, false);
    json_t *f = figure(doc, "fig3");
    assert_int_equal(int_of(f, "base_n"), 22);
    assert_int_equal(int_of(f, "n"), 20);
    assert_int_equal(int_of(f, "missing"), 2);
    static const share_case want[] = {
        {"0", 3, 20, 15.0, 5.23687458962166, 36.0418864740757},
        {"1", 6, 20, 30.0, 14.5477244867604, 51.8972818353523},
        {"2", 6, 20, 30.0, 14.5477244867604, 51.8972818353523},
        {"3", 3, 20, 15.0, 5.23687458962166, 36.0418864740757},
        {"4", 2, 20, 10.0, 2.78664812137682, 30.1033645228487},
    };
    json_t *cats = json_object_get(f, "categories");
    assert_int_equal(json_array_size(cats), 5);
    for (size_t i = 0; i < 5; i++) {
        json_t *c = json_array_get(cats, i);
        assert_int_equal(int_of(c, "code"), (long long)i);
        check_share(c, &want[i]);
    }
    assert_int_equal(json_array_size(json_object_get(f, "benchmarks")), 0);
    json_decref(doc);
}

typedef struct row_case {
    const char *codes;  /* codes joined by '+' */
    long long sent, completed; /* completed -1: suppressed (null) */
    double percent;            /* NAN: null */
} row_case;

static void check_rows(json_t *f, const row_case *want, size_t nwant)
{
    json_t *rows = json_object_get(f, "rows");
    assert_int_equal(json_array_size(rows), nwant);
    for (size_t i = 0; i < nwant; i++) {
        json_t *r = json_array_get(rows, i);
        char codes[64] = "";
        size_t j;
        json_t *code;
        json_array_foreach(json_object_get(r, "codes"), j, code) {
            if (j)
                strcat(codes, "+");
            strcat(codes, json_string_value(code));
        }
        assert_string_equal(codes, want[i].codes);
        assert_int_equal(int_of(r, "sent"), want[i].sent);
        if (want[i].completed < 0) {
            assert_true(json_is_null(json_object_get(r, "completed")));
            assert_true(json_is_true(json_object_get(r, "suppressed")));
        } else {
            assert_int_equal(int_of(r, "completed"), want[i].completed);
        }
        if (isnan(want[i].percent))
            assert_true(json_is_null(json_object_get(r, "percent")));
        else
            assert_close(real_of(r, "percent"), want[i].percent, codes);
    }
}

static void table1_merges_small_groups(void **state)
{
    (void)state;
    /* min 5: hcs (2) and prov (1) merge into 3 organisations, still too
     * few, so the smallest group, zbo (5), joins them: a merged row that
     * had to be suppressed could be recovered from the total. */
    json_t *doc = run(5, true, false);
    json_t *f = figure(doc, "table1");
    static const row_case want5[] = {
        {"gem", 20, 8, 40.0},
        {"gr", 12, 6, 50.0},
        {"hcs+prov+zbo", 20, 8, 40.0},
    };
    check_rows(f, want5, 3);
    json_t *total = json_object_get(f, "total");
    assert_int_equal(int_of(total, "sent"), 52);
    assert_int_equal(int_of(total, "completed"), 22);
    assert_close(real_of(total, "percent"), 100.0 * 22 / 52, "total");
    assert_int_equal(int_of(f, "n"), 22);
    assert_true(json_is_true(json_object_get(f, "frame")));
    json_t *merged = json_object_get(f, "merged");
    assert_int_equal(json_array_size(merged), 3);
    assert_string_equal(json_string_value(json_array_get(merged, 0)), "hcs");
    json_decref(doc);

    /* min 3: hcs (2) and prov (1) merge into 3, shown. */
    doc = run(3, true, false);
    static const row_case want3[] = {
        {"gem", 20, 8, 40.0},
        {"gr", 12, 6, 50.0},
        {"zbo", 10, 5, 50.0},
        {"hcs+prov", 10, 3, 30.0},
    };
    check_rows(figure(doc, "table1"), want3, 4);
    json_decref(doc);

    /* min 7: gr (6) and zbo (5) merge too. */
    doc = run(7, true, false);
    json_t *rows = json_object_get(figure(doc, "table1"), "rows");
    assert_int_equal(json_array_size(rows), 2);
    json_t *other = json_array_get(rows, 1);
    assert_int_equal(json_array_size(json_object_get(other, "codes")), 4);
    assert_int_equal(int_of(other, "completed"), 14);
    assert_int_equal(int_of(other, "sent"), 32);
    assert_string_equal(json_string_value(json_object_get(
                            json_object_get(other, "label"), "nl")),
                        "Overige sectoren");
    json_decref(doc);
}

static void table1_without_frame(void **state)
{
    (void)state;
    json_t *doc = run(5, false, false);
    json_t *f = figure(doc, "table1");
    assert_true(json_is_false(json_object_get(f, "frame")));
    json_t *first = json_array_get(json_object_get(f, "rows"), 0);
    assert_true(json_is_null(json_object_get(first, "sent")));
    assert_true(json_is_null(json_object_get(first, "percent")));
    assert_int_equal(int_of(first, "completed"), 8);
    json_decref(doc);
}

/* A base smaller than min_group shows no numbers. */
static void small_base_is_suppressed(void **state)
{
    (void)state;
    json_t *doc = run(19, true, false);
    json_t *f = figure(doc, "fig2");
    assert_true(json_is_true(json_object_get(f, "suppressed")));
    json_t *it = json_array_get(json_object_get(f, "items"), 0);
    assert_true(json_is_null(json_object_get(it, "count")));
    assert_true(json_is_null(json_object_get(it, "percent")));
    assert_true(json_is_false(json_object_get(figure(doc, "fig1"),
                                              "suppressed")));
    /* The note carries its message id and arguments for translation. */
    assert_string_equal(json_string_value(json_object_get(f, "note")),
                        "fewer than 19 answers: suppressed");
    assert_string_equal(json_string_value(json_object_get(f, "note_format")),
                        "fewer than {1} answers: suppressed");
    json_t *args = json_object_get(f, "note_args");
    assert_int_equal(json_array_size(args), 1);
    assert_string_equal(json_string_value(json_array_get(args, 0)), "19");
    json_decref(doc);
}

/* No org_id (r01 ... r22) ever enters the document. */
static void no_identifiers(void **state)
{
    (void)state;
    json_t *doc = run(0, true, true);
    char *text = json_dumps(doc, JSON_SORT_KEYS);
    assert_non_null(text);
    assert_null(strstr(text, "org_id"));
    assert_null(strstr(text, "\"r0"));
    assert_null(strstr(text, "\"r1"));
    assert_null(strstr(text, "\"r2"));
    free(text);
    json_decref(doc);
}

static void bad_options(void **state)
{
    (void)state;
    json_t *doc = NULL;
    bar_error err;
    bar_error_init(&err);
    bar_analysis_opts opts = {.min_group = -1};
    assert_int_equal(
        bar_analysis_run(ds, spec, NULL, NULL, &opts, &doc, &err),
        BAR_EUSAGE);
    assert_null(doc);
    opts.min_group = 0;
    assert_int_equal(bar_analysis_run(ds, NULL, NULL, NULL, &opts, &doc, &err),
                     BAR_EUSAGE);
    assert_null(doc);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(document_head),
        cmocka_unit_test(fig1_innovated),
        cmocka_unit_test(fig2_types),
        cmocka_unit_test(fig3_spectrum),
        cmocka_unit_test(table1_merges_small_groups),
        cmocka_unit_test(table1_without_frame),
        cmocka_unit_test(small_base_is_suppressed),
        cmocka_unit_test(no_identifiers),
        cmocka_unit_test(bad_options),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
