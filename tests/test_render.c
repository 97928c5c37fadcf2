/* test_render.c - SVG charts and the HTML report against golden files.
 *
 * tests/golden/fig1.svg is the chart of the cases below;
 * tests/golden/report-mini.html is the report of
 * tests/data/render/results-mini.json (the results of
 * tests/data/analysis/mini.csv with --min-group 3, one label edited to
 * need escaping). When a change to the output is deliberate, regenerate
 * both with
 *     BAR_UPDATE_GOLDEN=1 build/test_render
 * and review the diff before committing.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "render/report_html.h"
#include "render/svg.h"

enum { CAP = 8 * 1024 * 1024 };

static void compare_golden(const char *name, const bar_buf *got)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", BAR_TEST_GOLDEN, name);
    bar_error err;
    bar_error_init(&err);
    const char *update = getenv("BAR_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        assert_int_equal(bar_file_write_atomic(path, got->data, got->len,
                                               &err), BAR_OK);
        bar_error_clear(&err);
        return;
    }
    char *want = NULL;
    size_t len = 0;
    if (bar_file_read(path, CAP, &want, &len, &err) != BAR_OK)
        fail_msg("%s (run with BAR_UPDATE_GOLDEN=1 to create it)", err.msg);
    if (len != got->len || memcmp(want, got->data, len) != 0) {
        size_t i = 0;
        while (i < len && i < got->len && want[i] == got->data[i])
            i++;
        fail_msg("%s differs from the output at byte %zu: want '%.60s', "
                 "got '%.60s'", name, i, want + i, got->data + i);
    }
    free(want);
    bar_error_clear(&err);
}

static const bar_svg_bar fig1_bars[] = {
    {.label = "nee", .value = 11.202185792, .low = 8.37, .high = 14.81},
    {.label = "ja", .value = 88.797814208, .low = 85.19, .high = 91.63},
    {.label = "Een heel lang antwoord dat over meer dan één regel moet "
              "worden verdeeld, met <tekens> & \"aanhalingstekens\"",
     .value = 0.0, .low = 0.0, .high = 1.04},
    {.label = "Onderdrukt", .value = NAN, .low = NAN, .high = NAN},
};

static const bar_svg_mark fig1_marks[] = {
    {.bar = 1, .label = "Nederland 2019-2020", .value = 86, .series = 0},
    {.bar = 1, .label = "Denemarken 2018-2019", .value = 80, .series = 1},
    {.bar = 1, .label = "Noorwegen", .prefix = "bijna ", .value = 77,
     .series = 2},
};

static const bar_svg_chart fig1_chart = {
    .title = "Figuur 1. Aandeel organisaties dat innoveerde",
    .main_label = "Deze meting (2021)",
    .interval_label = "95%-betrouwbaarheidsinterval",
    .bars = fig1_bars,
    .nbars = 4,
    .marks = fig1_marks,
    .nmarks = 3,
};

static void svg_matches_golden(void **state)
{
    (void)state;
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_svg_bar_chart(&out, &fig1_chart, &err), BAR_OK);
    const char *s = out.data;
    assert_non_null(strstr(s, "role=\"img\""));
    assert_non_null(strstr(s, "aria-label=\"Figuur 1. Aandeel"));
    assert_non_null(strstr(s, "<title>Figuur 1. Aandeel"));
    assert_non_null(strstr(s, "&lt;tekens&gt; &amp; &quot;"));
    assert_null(strstr(s, "<tekens>"));
    assert_non_null(strstr(s, ">bijna 77%</text>"));
    assert_non_null(strstr(s, ">89%</text>"));
    compare_golden("fig1.svg", &out);
    bar_buf_clear(&out);
    bar_error_clear(&err);
}

/* The label column grows with the longest label, and a long label wraps
 * to several lines instead of running into the bars. */
static void layout_follows_labels(void **state)
{
    (void)state;
    bar_svg_bar short_bar[] = {{.label = "ja", .value = 50, .low = NAN,
                                .high = NAN}};
    bar_svg_bar long_bar[] = {{.label = "Proces of organisatie van het werk",
                               .value = 50, .low = NAN, .high = NAN}};
    bar_svg_chart c = {.title = "t", .bars = short_bar, .nbars = 1};
    bar_buf a, b;
    bar_buf_init(&a, CAP);
    bar_buf_init(&b, CAP);
    assert_int_equal(bar_svg_bar_chart(&a, &c, NULL), BAR_OK);
    c.bars = long_bar;
    assert_int_equal(bar_svg_bar_chart(&b, &c, NULL), BAR_OK);
    double wa = 0, wb = 0;
    assert_int_equal(sscanf(strstr(a.data, "width=\""), "width=\"%lf", &wa),
                     1);
    assert_int_equal(sscanf(strstr(b.data, "width=\""), "width=\"%lf", &wb),
                     1);
    /* 34 characters at 7.4 px and 16 px padding beyond the minimum 110. */
    assert_true(wb - wa >= 34 * 7.4 + 16 - 110 - 1);
    /* The fig1 golden's long label wrapped into two tspans. */
    bar_buf g;
    bar_buf_init(&g, CAP);
    assert_int_equal(bar_svg_bar_chart(&g, &fig1_chart, NULL), BAR_OK);
    const char *t = strstr(g.data, "Een heel lang");
    assert_non_null(t);
    assert_non_null(strstr(t, "</tspan><tspan"));
    bar_buf_clear(&a);
    bar_buf_clear(&b);
    bar_buf_clear(&g);
}

static void svg_refuses_bad_values(void **state)
{
    (void)state;
    bar_svg_bar bars[] = {{.label = "x", .value = 120, .low = NAN,
                           .high = NAN}};
    bar_svg_chart c = {.title = "t", .bars = bars, .nbars = 1};
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_svg_bar_chart(&out, &c, &err), BAR_EUSAGE);
    bar_error_clear(&err);
    bars[0].value = 50;
    bar_svg_mark m = {.bar = 3, .value = 10};
    c.marks = &m;
    c.nmarks = 1;
    assert_int_equal(bar_svg_bar_chart(&out, &c, &err), BAR_EUSAGE);
    bar_error_clear(&err);
    bar_buf_clear(&out);
}

static json_t *load_fixture(void)
{
    json_error_t jerr;
    json_t *doc = json_load_file(BAR_TEST_DATA "/render/results-mini.json",
                                 0, &jerr);
    if (!doc)
        fail_msg("results-mini.json:%d: %s", jerr.line, jerr.text);
    return doc;
}

static void report_matches_golden(void **state)
{
    (void)state;
    json_t *doc = load_fixture();
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_error err;
    bar_error_init(&err);
    if (bar_report_html(doc, BAR_LANG_NL, &out, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    const char *s = out.data;
    assert_non_null(strstr(s, "<html lang=\"nl\">"));
    assert_non_null(strstr(s, "Tabel 1. "));
    assert_non_null(strstr(s, "Figuur 1. "));
    assert_non_null(strstr(s, "Figuur 2. "));
    assert_non_null(strstr(s, "Figuur 3. "));
    assert_non_null(strstr(s, "Basis: alle organisaties (n = 21; geen "
                              "antwoord: 1)"));
    assert_non_null(strstr(s, "Basis: organisaties die innoveerden "
                              "(n = 18)"));
    assert_non_null(strstr(s, "Product &lt;nieuw&gt; &amp; &quot;anders"
                              "&quot;"));
    assert_null(strstr(s, "<nieuw>"));
    assert_non_null(strstr(s, "Bron: "));
    assert_non_null(strstr(s, "85,7"));  /* 18/21, decimal comma */
    /* Nothing fetched: the only URL is the SVG namespace. */
    for (const char *u = strstr(s, "http"); u; u = strstr(u + 1, "http"))
        assert_int_equal(strncmp(u, "http://www.w3.org/2000/svg", 26), 0);
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "org_id"));
    compare_golden("report-mini.html", &out);
    bar_buf_clear(&out);
    bar_error_clear(&err);
    json_decref(doc);
}

static void report_in_english(void **state)
{
    (void)state;
    json_t *doc = load_fixture();
    bar_buf out;
    bar_buf_init(&out, CAP);
    assert_int_equal(bar_report_html(doc, BAR_LANG_EN, &out, NULL), BAR_OK);
    assert_non_null(strstr(out.data, "<html lang=\"en\">"));
    assert_non_null(strstr(out.data, "Figure 2. Types of innovation"));
    assert_non_null(strstr(out.data, "Base: organisations that innovated"));
    assert_non_null(strstr(out.data, "85.7"));
    assert_non_null(strstr(out.data, "Denmark 2018-2019"));
    bar_buf_clear(&out);
    json_decref(doc);
}

typedef struct broken_case {
    const char *what;
    const char *figure;   /* figure to damage */
    const char *key;      /* key to set */
    const char *value;    /* JSON text; NULL: delete the key */
    const char *message;  /* expected in err.msg */
} broken_case;

static const broken_case broken[] = {
    {"unknown kind", "fig1", "kind", "\"pie\"", "'fig1': 'kind'"},
    {"n missing", "fig2", "n", NULL, "'fig2': 'n'"},
    {"percent a string", "fig3", "categories",
     "[{\"code\": 1, \"label\": {\"nl\": \"a\", \"en\": \"a\"}, \"count\": 1,"
     " \"percent\": \"x\", \"ci_low\": 1, \"ci_high\": 2}]",
     "'fig3': 'percent'"},
    {"rows missing", "table1", "rows", NULL, "'table1': 'rows'"},
};

static void report_refuses_broken_documents(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        json_t *doc = load_fixture();
        size_t j;
        json_t *f;
        json_array_foreach(json_object_get(doc, "figures"), j, f) {
            if (strcmp(json_string_value(json_object_get(f, "id")),
                       broken[i].figure) != 0)
                continue;
            if (broken[i].value)
                json_object_set_new(f, broken[i].key,
                                    json_loads(broken[i].value,
                                               JSON_DECODE_ANY, NULL));
            else
                json_object_del(f, broken[i].key);
        }
        bar_buf out;
        bar_buf_init(&out, CAP);
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_report_html(doc, BAR_LANG_NL, &out, &err);
        if (rc != BAR_EINVALID)
            fail_msg("%s: status %d, want BAR_EINVALID", broken[i].what,
                     (int)rc);
        if (!strstr(err.msg, broken[i].message))
            fail_msg("%s: message '%s' lacks '%s'", broken[i].what, err.msg,
                     broken[i].message);
        bar_error_clear(&err);
        bar_buf_clear(&out);
        json_decref(doc);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(svg_matches_golden),
        cmocka_unit_test(layout_follows_labels),
        cmocka_unit_test(svg_refuses_bad_values),
        cmocka_unit_test(report_matches_golden),
        cmocka_unit_test(report_in_english),
        cmocka_unit_test(report_refuses_broken_documents),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
