/* test_table.c - figures of the results document as tables (render/table.h).
 *
 * The cases read tests/data/render/results-wave366.json (written by
 * `barometer analyze tests/data/analysis/wave366.csv --json ...`) and
 * tests/data/render/results-mini.json (22 cases, no frame, min_group 3,
 * suppressed values), check cells against the values of the document, and
 * compare the CSV of one figure per kind with tests/golden/table_<kind>.csv
 * (every table of the figure, in order, separated by an empty line). When a
 * change to the output is deliberate, regenerate the golden files with
 *     BAR_UPDATE_GOLDEN=1 build/test_table
 * and review the diff before committing.
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

#include "golden.h"

#include "core/buf.h"
#include "render/table.h"
#include "wave/study.h"

enum { CAP = 8 * 1024 * 1024 };

/* The 2021 study: the names of the benchmark countries. */
static bar_study *study;

static int setup(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_study_load(BAR_DATA_DIR "/study/ibo-2021.json",
                                   &study, &err);
    if (rc != BAR_OK)
        fprintf(stderr, "setup: %s\n", err.msg);
    bar_error_clear(&err);
    return rc == BAR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bar_study_free(study);
    return 0;
}

static json_t *load(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/render/%s", BAR_TEST_DATA, name);
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    if (!doc)
        fail_msg("%s: %s", path, je.text);
    return doc;
}

static json_t *figure(json_t *doc, const char *id)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(doc, "figures"), i, f) {
        if (strcmp(json_string_value(json_object_get(f, "id")), id) == 0)
            return f;
    }
    fail_msg("no figure %s", id);
    return NULL;
}

typedef struct tables {
    bar_table **t;
    size_t n;
} tables;

static tables tables_of(const json_t *fig, bar_lang lang)
{
    bar_error err;
    bar_error_init(&err);
    tables ts = {0};
    bar_status rc = bar_tables_of_figure(fig, NULL, study, lang, &ts.t, &ts.n,
                                         &err);
    if (rc != BAR_OK)
        fail_msg("%s", err.msg);
    bar_error_clear(&err);
    return ts;
}

static void tables_free(tables *ts)
{
    for (size_t i = 0; i < ts->n; i++)
        bar_table_free(ts->t[i]);
    free(ts->t);
}

static const bar_table *find_table(const tables *ts, const char *id)
{
    for (size_t i = 0; i < ts->n; i++)
        if (strcmp(bar_table_id(ts->t[i]), id) == 0)
            return ts->t[i];
    fail_msg("no table %s", id);
    return NULL;
}

/* One expected cell. kind EMPTY, TEXT (text) or NUMBER (value, decimals). */
typedef struct cell_case {
    const char *doc;
    const char *fig;
    const char *table;
    bar_lang lang;
    size_t row, col;
    bar_cell_kind kind;
    const char *text;
    double value;
    int decimals;
} cell_case;

#define NUM(d, f, t, r, c, v, dec)                                        \
    {.doc = d, .fig = f, .table = t, .lang = BAR_LANG_NL, .row = r,        \
     .col = c, .kind = BAR_CELL_NUMBER, .value = v, .decimals = dec}
#define TXT(d, f, t, l, r, c, s)                                          \
    {.doc = d, .fig = f, .table = t, .lang = l, .row = r, .col = c,        \
     .kind = BAR_CELL_TEXT, .text = s}
#define EMP(d, f, t, r, c)                                                \
    {.doc = d, .fig = f, .table = t, .lang = BAR_LANG_NL, .row = r,        \
     .col = c, .kind = BAR_CELL_EMPTY}

static const char W[] = "results-wave366.json";
static const char M[] = "results-mini.json";

static const cell_case cell_cases[] = {
    /* Table 1: sent, completed, response % of the municipalities. */
    TXT(W, "table1", "numbers", BAR_LANG_NL, 0, 0, "Gemeenten"),
    TXT(W, "table1", "numbers", BAR_LANG_EN, 0, 0, "Municipalities"),
    /* Analysed from a CSV: no frame, so the sent and response columns,
     * unknown for every group, are left out: completed, share. */
    NUM(W, "table1", "numbers", 0, 1, 85, 0),
    NUM(W, "table1", "numbers", 0, 2, 23.2240437158, 1),
    TXT(W, "table1", "numbers", BAR_LANG_NL, 8, 0, "Totaal"),
    NUM(W, "table1", "numbers", 8, 1, 366, 0),
    NUM(W, "table1", "numbers", 8, 2, 100, 1),
    NUM(M, "table1", "numbers", 0, 1, 8, 0),
    /* a document without shares says so in words */
    TXT(M, "table1", "numbers", BAR_LANG_NL, 0, 2, "onbekend"),
    /* Table 2: the small clusters merged with the smallest others until
     * the merged row has min_group (one merge plan for the wave) */
    TXT(W, "table2", "numbers", BAR_LANG_NL, 15, 0, "Overige clusters"),
    NUM(W, "table2", "numbers", 15, 1, 10, 0),
    NUM(W, "table2", "numbers", 14, 1, 6, 0),
    NUM(W, "table2", "numbers", 16, 1, 366, 0),
    NUM(W, "table2", "numbers", 16, 2, 100, 1),
    /* Fig 1: innovated; 325 of 366, Wilson interval. */
    TXT(W, "fig1", "numbers", BAR_LANG_NL, 1, 0, "ja"),
    NUM(W, "fig1", "numbers", 1, 1, 325, 0),
    NUM(W, "fig1", "numbers", 1, 2, 366, 0),
    NUM(W, "fig1", "numbers", 1, 3, 88.7978142077, 1),
    NUM(W, "fig1", "numbers", 1, 4, 85.1553200819, 1),
    NUM(W, "fig1", "numbers", 1, 5, 91.6343402513, 1),
    /* ... against Denmark 80%: exact binomial test, p = 1.06e-5. */
    TXT(W, "fig1", "comparison", BAR_LANG_EN, 1, 1, "Denmark 2018-2019"),
    /* one label per source: the published 2021 report's values about
     * 2019-2020 (Fig 1), 2021 (Fig 17) and 2020 (Fig 23) */
    TXT(W, "fig1", "comparison", BAR_LANG_NL, 0, 1,
        "Nederland 2021 (gepubliceerd)"),
    TXT(W, "fig17", "comparison", BAR_LANG_NL, 0, 1,
        "Nederland 2021 (gepubliceerd)"),
    TXT(W, "fig23", "comparison", BAR_LANG_NL, 0, 1,
        "Nederland 2021 (gepubliceerd)"),
    TXT(W, "fig23", "comparison", BAR_LANG_EN, 0, 1,
        "Netherlands 2021 (published)"),
    TXT(W, "fig23", "comparison", BAR_LANG_EN, 0, 2, "2020"),
    TXT(W, "fig1", "comparison", BAR_LANG_NL, 1, 1, "Denemarken 2018-2019"),
    NUM(W, "fig1", "comparison", 1, 3, 80, 1),
    NUM(W, "fig1", "comparison", 1, 6, 88.7978142077, 1),
    NUM(W, "fig1", "comparison", 1, 8, 8.79781420765, 1),
    TXT(W, "fig1", "comparison", BAR_LANG_EN, 1, 9, "exact binomial test"),
    TXT(W, "fig1", "comparison", BAR_LANG_NL, 1, 9,
        "exacte binomiaaltoets"),
    EMP(W, "fig1", "comparison", 1, 10),
    NUM(W, "fig1", "comparison", 1, 11, 1.05569932414e-05, 3),
    TXT(W, "fig1", "comparison", BAR_LANG_EN, 1, 12, "yes"),
    TXT(W, "fig1", "comparison", BAR_LANG_NL, 0, 12, "nee"),
    /* Mini: the comparison has no test (too few cases): empty cells. */
    EMP(M, "fig1", "comparison", 0, 6),
    EMP(M, "fig1", "comparison", 0, 11),
    EMP(M, "fig1", "comparison", 0, 12),
    /* Fig 5: the merged category "1+2" after the codes. */
    TXT(W, "fig5", "numbers", BAR_LANG_NL, 4, 0, "Geen + Een klein deel"),
    NUM(W, "fig5", "numbers", 4, 1, 95, 0),
    NUM(W, "fig5", "numbers", 4, 3, 29.5031055901, 1),
    TXT(W, "fig5", "comparison", BAR_LANG_NL, 2, 4, "minder dan 30%"),
    /* Fig 2: multi-response option n per item. */
    TXT(W, "fig2", "numbers", BAR_LANG_EN, 0, 0, "Product"),
    NUM(W, "fig2", "numbers", 0, 1, 131, 0),
    NUM(W, "fig2", "numbers", 0, 2, 325, 0),
    NUM(W, "fig2", "numbers", 0, 3, 40.3076923077, 1),
    /* ... an exact benchmark (service, 52%) and an approximate one
     * (process, "meer dan 75%") side by side: the exact one is tested,
     * the approximate one shown with its qualifier and not tested. */
    TXT(W, "fig2", "comparison", BAR_LANG_NL, 1, 4, "52%"),
    NUM(W, "fig2", "comparison", 1, 3, 52, 1),
    NUM(W, "fig2", "comparison", 1, 8, 1.53846153846, 1),
    TXT(W, "fig2", "comparison", BAR_LANG_NL, 1, 9,
        "exacte binomiaaltoets"),
    NUM(W, "fig2", "comparison", 1, 11, 0.617403838673, 3),
    TXT(W, "fig2", "comparison", BAR_LANG_NL, 1, 12, "nee"),
    TXT(W, "fig2", "comparison", BAR_LANG_EN, 2, 4, "more than 75%"),
    TXT(W, "fig2", "comparison", BAR_LANG_NL, 2, 4, "meer dan 75%"),
    NUM(W, "fig2", "comparison", 2, 3, 75, 1),
    NUM(W, "fig2", "comparison", 2, 6, 73.5384615385, 1),
    EMP(W, "fig2", "comparison", 2, 8),
    TXT(W, "fig2", "comparison", BAR_LANG_NL, 2, 9,
        "niet getoetst: waarde bij benadering"),
    TXT(W, "fig2", "comparison", BAR_LANG_EN, 2, 9,
        "not tested: approximate value"),
    EMP(W, "fig2", "comparison", 2, 10),
    EMP(W, "fig2", "comparison", 2, 11),
    EMP(W, "fig2", "comparison", 2, 12),
    /* Fig 13: Likert items x categories, sorted by % positive. */
    TXT(W, "fig13", "numbers", BAR_LANG_EN, 0, 0, "Employees' contribution"),
    NUM(W, "fig13", "numbers", 0, 1, 322, 0),
    NUM(W, "fig13", "numbers", 0, 2, 1.24223602484, 1),
    NUM(W, "fig13", "numbers", 0, 7, 74.5341614907, 1),
    NUM(W, "fig13", "numbers", 0, 10, 3.93167701863, 2),
    /* Fig 18: innovated x climate group, column %, then the test. */
    TXT(W, "fig18", "numbers", BAR_LANG_NL, 0, 0, "nee"),
    NUM(W, "fig18", "numbers", 0, 1, 21.7391304348, 1),
    NUM(W, "fig18", "numbers", 1, 4, 88.7978142077, 1),
    NUM(W, "fig18", "numbers", 2, 1, 69, 0),
    NUM(W, "fig18", "numbers", 2, 4, 366, 0),
    NUM(W, "fig18", "tests", 0, 2, 15.7266051492, 2),
    NUM(W, "fig18", "tests", 0, 3, 2, 0),
    NUM(W, "fig18", "tests", 0, 4, 0.000384601596176, 3),
    NUM(W, "fig18", "tests", 0, 5, 0.207289330473, 3),
    /* Fig 20: grid items by group, % of the focus row. */
    TXT(W, "fig20", "numbers", BAR_LANG_NL, 0, 0, "Bijdrage van medewerkers"),
    NUM(W, "fig20", "numbers", 0, 1, 41.5094339623, 1),
    NUM(W, "fig20", "tests", 0, 2, 48.1224521302, 2),
    /* Fig 16: boxplot of the climate score by sector. */
    TXT(W, "fig16", "numbers", BAR_LANG_NL, 0, 0, "Gemeenten"),
    NUM(W, "fig16", "numbers", 0, 1, 85, 0),
    NUM(W, "fig16", "numbers", 0, 2, 2.2, 2),
    NUM(W, "fig16", "numbers", 0, 3, 3.33333333333, 2),
    NUM(W, "fig16", "numbers", 0, 4, 3.8, 2),
    NUM(W, "fig16", "numbers", 0, 5, 4.2, 2),
    NUM(W, "fig16", "numbers", 0, 6, 5.0, 2),
    NUM(W, "fig16", "numbers", 0, 7, 3.70111111111, 2),
    NUM(W, "fig16", "numbers", 0, 8, 2, 0),
    TXT(W, "fig16", "numbers", BAR_LANG_NL, 1, 9, "1,80; 1,90"),
    EMP(W, "fig16", "numbers", 2, 9),
    /* The climate scale. */
    TXT(W, "climate_scale", "loadings", BAR_LANG_NL, 0, 0,
        "clim_collab_external"),
    NUM(W, "climate_scale", "loadings", 0, 1, 0.245852527433, 3),
    EMP(W, "climate_scale", "loadings", 0, 2),
    NUM(W, "climate_scale", "loadings", 2, 2, 0.696881617872, 3),
    NUM(W, "climate_scale", "reliability", 0, 1, 0.887514559345, 3),
    NUM(W, "climate_scale", "distribution", 1, 1, 3.69022356666, 2),
    NUM(W, "climate_scale", "distribution", 8, 1, 8.89954181497e-06, 3),
    NUM(W, "climate_scale", "groups", 0, 2, 69, 0),
    NUM(W, "climate_scale", "groups", 0, 3, 18.8524590164, 1),
    /* Tekstvak 2: the final model of result_quality. */
    NUM(W, "tekstvak2", "summary-result_quality", 1, 1, 294, 0),
    NUM(W, "tekstvak2", "summary-result_quality", 2, 1, 169, 0),
    TXT(W, "tekstvak2", "model-result_quality", BAR_LANG_NL, 4, 0,
        "climate"),
    NUM(W, "tekstvak2", "model-result_quality", 4, 1, 1.87643189338, 3),
    NUM(W, "tekstvak2", "model-result_quality", 4, 6, 6.53016292613, 3),
    TXT(W, "tekstvak2", "model-result_quality", BAR_LANG_NL, 5, 0,
        "(constant)"),
    /* spectrum was set aside before step 1: the first removal has 1 df */
    NUM(W, "tekstvak2", "steps-result_quality", 1, 3, 0.884834944066, 3),
    TXT(W, "tekstvak2", "steps-result_quality", BAR_LANG_NL, 1, 1,
        "origin==3"),
};

static void test_cells(void **state)
{
    (void)state;
    json_t *w = load(W), *m = load(M);
    for (size_t i = 0; i < sizeof cell_cases / sizeof cell_cases[0]; i++) {
        const cell_case *cc = &cell_cases[i];
        json_t *doc = cc->doc == W ? w : m;
        tables ts = tables_of(figure(doc, cc->fig), cc->lang);
        const bar_table *t = find_table(&ts, cc->table);
        const bar_cell *cell = bar_table_cell(t, cc->row, cc->col);
        if (!cell)
            fail_msg("case %zu: no cell (%zu, %zu)", i, cc->row, cc->col);
        if (cell->kind != cc->kind)
            fail_msg("case %zu (%s/%s %zu,%zu): kind %d, want %d", i,
                     cc->fig, cc->table, cc->row, cc->col, cell->kind,
                     cc->kind);
        if (cc->kind == BAR_CELL_TEXT && strcmp(cell->text, cc->text) != 0)
            fail_msg("case %zu: '%s', want '%s'", i, cell->text, cc->text);
        if (cc->kind == BAR_CELL_NUMBER &&
            (cell->value != cc->value || cell->decimals != cc->decimals))
            fail_msg("case %zu (%s/%s %zu,%zu): %.17g (%d), want %.17g (%d)",
                     i, cc->fig, cc->table, cc->row, cc->col, cell->value,
                     cell->decimals, cc->value, cc->decimals);
        tables_free(&ts);
    }
    json_decref(w);
    json_decref(m);
}

/* Every figure of both documents, both languages: a table per figure
 * (none without numbers), rectangular, headers and ids set. */
static void test_every_figure(void **state)
{
    (void)state;
    const char *docs[] = {W, M};
    for (size_t d = 0; d < 2; d++) {
        json_t *doc = load(docs[d]);
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(doc, "figures"), i, f) {
            for (int l = 0; l < 2; l++) {
                tables ts = tables_of(f, (bar_lang)l);
                assert_true(ts.n >= 1);
                for (size_t k = 0; k < ts.n; k++) {
                    const bar_table *t = ts.t[k];
                    assert_true(bar_table_ncols(t) >= 2);
                    assert_non_null(bar_table_id(t));
                    assert_non_null(bar_table_title(t));
                    for (size_t c = 0; c < bar_table_ncols(t); c++)
                        assert_non_null(bar_table_header(t, c));
                    assert_null(bar_table_cell(t, bar_table_nrows(t), 0));
                    assert_null(bar_table_cell(t, 0, bar_table_ncols(t)));
                }
                tables_free(&ts);
            }
        }
        json_decref(doc);
    }
}

static void test_errors(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_table **t = NULL;
    size_t n = 7;
    json_t *f = json_pack("{s:s, s:s, s:i}", "id", "figX", "kind",
                          "frequency", "n", 3);
    assert_int_equal(bar_tables_of_figure(f, NULL, study, BAR_LANG_NL, &t, &n,
                                          &err),
                     BAR_EINVALID);
    assert_null(t);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err.msg, "figX"));
    assert_non_null(strstr(err.msg, "categories"));
    json_decref(f);
    bar_error_clear(&err);

    /* A kind this version does not know gives no tables. */
    bar_error_init(&err);
    f = json_pack("{s:s, s:s}", "id", "figY", "kind", "wordcloud");
    assert_int_equal(bar_tables_of_figure(f, NULL, study, BAR_LANG_NL, &t, &n,
                                          &err),
                     BAR_OK);
    assert_int_equal(n, 0);
    free(t);
    json_decref(f);
    /* No id. */
    f = json_pack("{s:s}", "kind", "frequency");
    assert_int_equal(bar_tables_of_figure(f, NULL, study, BAR_LANG_NL, &t, &n,
                                          &err),
                     BAR_EINVALID);
    json_decref(f);
    bar_error_clear(&err);
}

/* With a frame (a store): sent and response %; a suppressed merged row
 * has empty counts. */
static void test_response_frame(void **state)
{
    (void)state;
    json_t *f = json_pack(
        "{s:s, s:s, s:b, s:[{s:{s:s, s:s}, s:i, s:i, s:f, s:f},"
        "{s:{s:s, s:s}, s:i, s:n, s:n, s:n, s:b}],"
        " s:{s:{s:s, s:s}, s:i, s:i, s:f}, s:[{s:s, s:s}]}",
        "id", "table1", "kind", "response_by_group", "frame", 1, "rows",
        "label", "nl", "Gemeenten", "en", "Municipalities", "sent", 435,
        "completed", 85, "percent", 19.5402298851, "share", 96.5909090909,
        "label", "nl", "Overige sectoren", "en", "Other sectors", "sent", 9,
        "completed", "percent", "share", "suppressed", 1,
        "total", "label", "nl", "Totaal", "en", "Total", "sent", 444,
        "completed", 88, "percent", 19.8198198198,
        "merged_labels", "nl", "Provincies", "en", "Provinces");
    assert_non_null(f);
    tables ts = tables_of(f, BAR_LANG_EN);
    assert_int_equal(ts.n, 1);
    const bar_table *t = ts.t[0];
    assert_int_equal(bar_table_nrows(t), 3);
    assert_string_equal(bar_table_header(t, 3), "Response %");
    assert_true(bar_table_cell(t, 0, 1)->value == 435);
    assert_true(bar_table_cell(t, 0, 3)->value == 19.5402298851);
    assert_int_equal(bar_table_cell(t, 0, 3)->decimals, 1);
    assert_int_equal(bar_table_ncols(t), 5);
    assert_true(bar_table_cell(t, 1, 1)->value == 9);
    /* the suppressed row says so in words */
    assert_string_equal(bar_table_cell(t, 1, 2)->text, "too small to show");
    assert_string_equal(bar_table_cell(t, 1, 3)->text, "too small to show");
    assert_string_equal(bar_table_cell(t, 2, 0)->text, "Total");
    assert_true(bar_table_cell(t, 2, 3)->value == 19.8198198198);
    /* a total without a share (older documents): not known, in words */
    assert_string_equal(bar_table_cell(t, 2, 4)->text, "not known");
    assert_string_equal(bar_table_note(t),
                        "Merged (below the minimum group size): Provinces");
    tables_free(&ts);
    json_decref(f);
}

/* A predictor set aside as redundant before the first step is named, with
 * its reason in the table's language, under the steps table. */
static void test_model_redundant(void **state)
{
    (void)state;
    json_t *f = json_pack(
        "{s:s, s:s, s:[{s:s, s:{s:s, s:s}, s:[{s:i, s:n, s:n, s:n, "
        "s:{s:f, s:[]}}], s:[{s:s, s:b, s:[s, s], "
        "s:{s:s, s:s}}]}]}",
        "id", "tekstvak2", "kind", "model", "models", "outcome", "y",
        "label", "nl", "Y", "en", "Y", "steps", "step", 1, "removed",
        "lr_chisq", "lr_p", "model", "minus2ll", 10.5, "terms",
        "redundant", "name", "total", "intercept", 0, "of", "a", "b",
        "reason", "nl", "lineaire combinatie van a en b", "en",
        "linear combination of a and b");
    assert_non_null(f);
    static const struct {
        bar_lang lang;
        const char *note;
    } cases[] = {
        {BAR_LANG_NL, "V\xc3\xb3\xc3\xb3r stap 1 weggelaten als redundant: "
                      "total (lineaire combinatie van a en b)."},
        {BAR_LANG_EN, "Left out before step 1 as redundant: total (linear "
                      "combination of a and b)."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tables ts = tables_of(f, cases[i].lang);
        const bar_table *steps = NULL;
        for (size_t k = 0; k < ts.n; k++)
            if (strcmp(bar_table_id(ts.t[k]), "steps-y") == 0)
                steps = ts.t[k];
        assert_non_null(steps);
        assert_non_null(bar_table_note(steps));
        assert_string_equal(bar_table_note(steps), cases[i].note);
        tables_free(&ts);
    }
    json_decref(f);
}

/* The frequency appendix: a merged category row still too small says so
 * in its note; an open answer gives counts only. */
static void test_frequencies_notes(void **state)
{
    (void)state;
    json_t *doc = load(W);
    json_t *f = figure(doc, "frequencies");
    tables ts = tables_of(f, BAR_LANG_EN);
    /* the overview and one table per variable */
    assert_int_equal(ts.n,
                     1 + json_array_size(json_object_get(f, "variables")));
    const bar_table *t = find_table(&ts, "cluster");
    assert_non_null(t);
    assert_string_equal(bar_table_note(t),
                        "Merged (below the minimum group size): hcs; too "
                        "few to show even together. Base: every "
                        "organisation.");
    t = find_table(&ts, "sector");
    assert_string_equal(bar_table_note(t),
                        "Merged (below the minimum group size): hcs, prov. "
                        "Base: every organisation.");
    t = find_table(&ts, "phase_analysis");
    assert_string_equal(bar_table_note(t),
                        "Asked of: organisations with an innovation, if "
                        "collab_none != 1.");
    t = find_table(&ts, "description");
    assert_int_equal(bar_table_ncols(t), 2);
    assert_int_equal(bar_table_nrows(t), 3);
    tables_free(&ts);
    json_decref(doc);
}

/* Table 1 and 2 have no blank cell, so no empty column or row: without a
 * frame the sent and response columns are left out, and what is not known
 * or too small to show is said in words. */
static void test_response_no_blanks(void **state)
{
    (void)state;
    static const struct {
        const char *file, *fig;
        size_t ncols;
    } cases[] = {
        {W, "table1", 3}, {W, "table2", 3}, {M, "table1", 3},
        {"results-full.json", "table2", 3},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        json_t *doc = load(cases[k].file);
        for (int l = 0; l < 2; l++) {
            tables ts = tables_of(figure(doc, cases[k].fig), (bar_lang)l);
            const bar_table *t = ts.t[0];
            if (bar_table_ncols(t) != cases[k].ncols)
                fail_msg("%s %s: %zu columns", cases[k].file, cases[k].fig,
                         bar_table_ncols(t));
            for (size_t r = 0; r < bar_table_nrows(t); r++)
                for (size_t c = 0; c < bar_table_ncols(t); c++)
                    if (bar_table_cell(t, r, c)->kind == BAR_CELL_EMPTY)
                        fail_msg("%s %s: cell (%zu, %zu) is blank",
                                 cases[k].file, cases[k].fig, r, c);
            tables_free(&ts);
        }
        json_decref(doc);
    }
}

/* Labels a spreadsheet would run are neutralised; numbers stay numbers. */
static void test_csv_neutralised(void **state)
{
    (void)state;
    json_t *f = json_pack(
        "{s:s, s:s, s:i, s:[{s:i, s:{s:s, s:s}, s:i, s:f, s:f, s:f},"
        "{s:i, s:{s:s}, s:n, s:n, s:n, s:n}], s:[]}",
        "id", "figZ", "kind", "frequency", "n", 4, "categories",
        "code", 1, "label", "nl", "=HYPERLINK(\"x\")", "en", "@SUM(A1)",
        "count", 4, "percent", -12.5, "ci_low", 0.1, "ci_high", 1e-7,
        "code", 2, "label", "nl", "+31 6", "count", "percent", "ci_low",
        "ci_high", "benchmarks");
    assert_non_null(f);
    tables ts = tables_of(f, BAR_LANG_NL);
    assert_int_equal(ts.n, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_table_write_csv(ts.t[0], mem, &err), BAR_OK);
    fclose(mem);
    /* Dutch: ';' and a decimal comma, rounded to the table's decimals. */
    assert_string_equal(buf,
                        "Antwoord;Aantal;n;%;95%-interval laag;"
                        "95%-interval hoog\n"
                        "\"'=HYPERLINK(\"\"x\"\")\";4;4;-12,5;0,1;0,0\n"
                        "'+31 6;;4;;;\n");
    free(buf);
    tables_free(&ts);
    ts = tables_of(f, BAR_LANG_EN);
    buf = NULL;
    mem = open_memstream(&buf, &len);
    assert_int_equal(bar_table_write_csv(ts.t[0], mem, &err), BAR_OK);
    fclose(mem);
    assert_string_equal(buf,
                        "Answer,Count,n,%,95% interval low,"
                        "95% interval high\n"
                        "'@SUM(A1),4,4,-12.5,0.1,0.0\n"
                        "'+31 6,,4,,,\n");
    free(buf);
    assert_string_equal(bar_table_cell(ts.t[0], 0, 0)->text, "@SUM(A1)");
    /* The nl label is the fallback of a missing en label. */
    assert_string_equal(bar_table_cell(ts.t[0], 1, 0)->text, "+31 6");
    tables_free(&ts);
    bar_error_clear(&err);
    json_decref(f);
}

static void compare_golden(const char *name, const char *got, size_t glen)
{
    golden_compare(name, got, glen);
}

static const struct {
    const char *kind, *fig;
    bar_lang lang;
} golden_cases[] = {
    {"response_by_group", "table1", BAR_LANG_NL},
    {"frequency", "fig5", BAR_LANG_NL},
    {"multi_response", "fig2", BAR_LANG_EN},
    {"likert", "fig13", BAR_LANG_EN},
    {"crosstab", "fig19", BAR_LANG_NL},
    {"crosstab_grid", "fig20", BAR_LANG_EN},
    {"boxplot", "fig16", BAR_LANG_NL},
    {"scale", "climate_scale", BAR_LANG_EN},
    {"model", "tekstvak2", BAR_LANG_NL},
    {"crosstab_trend", "fig9_phase_spectrum", BAR_LANG_NL},
    {"frequencies", "frequencies", BAR_LANG_EN},
    {"text", "text_concepts", BAR_LANG_NL},
};

static bool names_p(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n > 0 && s[n - 1] == 'p' && (n == 1 || s[n - 2] == ' ');
}

/* Every p-value of every table (a column headed "p" or "... p", a row
 * labelled "... p") is flagged as one, so the page shows "< 0,001" and
 * never "0,000". */
static void test_p_values(void **state)
{
    (void)state;
    const char *docs[] = {W, M};
    int bad = 0, seen = 0;
    for (size_t d = 0; d < 2; d++) {
        json_t *doc = load(docs[d]);
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(doc, "figures"), i, f) {
            for (int l = 0; l < 2; l++) {
                tables ts = tables_of(f, (bar_lang)l);
                for (size_t k = 0; k < ts.n; k++) {
                    const bar_table *t = ts.t[k];
                    for (size_t r = 0; r < bar_table_nrows(t); r++) {
                        const bar_cell *c0 = bar_table_cell(t, r, 0);
                        bool row_p = c0->kind == BAR_CELL_TEXT &&
                                     names_p(c0->text);
                        for (size_t c = 1; c < bar_table_ncols(t); c++) {
                            const bar_cell *cell = bar_table_cell(t, r, c);
                            if (cell->kind != BAR_CELL_NUMBER ||
                                !(row_p || names_p(bar_table_header(t, c))))
                                continue;
                            seen++;
                            char buf[64];
                            bar_table_number_text(cell, (bar_lang)l, buf,
                                                  sizeof buf);
                            if (!cell->pvalue || strcmp(buf, "0,000") == 0 ||
                                strcmp(buf, "0.000") == 0) {
                                print_error("%s %s row %zu col %zu: '%s'\n",
                                            bar_table_title(t),
                                            bar_table_id(t), r, c, buf);
                                bad++;
                            }
                        }
                    }
                }
                tables_free(&ts);
            }
        }
        json_decref(doc);
    }
    assert_true(seen > 50);
    assert_int_equal(bad, 0);
}

static void test_golden(void **state)
{
    (void)state;
    json_t *doc = load(W);
    for (size_t i = 0; i < sizeof golden_cases / sizeof golden_cases[0];
         i++) {
        tables ts = tables_of(figure(doc, golden_cases[i].fig),
                              golden_cases[i].lang);
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        bar_error err;
        bar_error_init(&err);
        for (size_t k = 0; k < ts.n; k++) {
            if (k > 0)
                fputc('\n', mem);
            assert_int_equal(bar_table_write_csv(ts.t[k], mem, &err),
                             BAR_OK);
        }
        fclose(mem);
        char name[128];
        snprintf(name, sizeof name, "table_%s.csv", golden_cases[i].kind);
        compare_golden(name, buf, len);
        free(buf);
        bar_error_clear(&err);
        tables_free(&ts);
    }
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_every_figure),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_response_frame),
        cmocka_unit_test(test_model_redundant),
        cmocka_unit_test(test_response_no_blanks),
        cmocka_unit_test(test_csv_neutralised),
        cmocka_unit_test(test_frequencies_notes),
        cmocka_unit_test(test_p_values),
        cmocka_unit_test(test_golden),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
