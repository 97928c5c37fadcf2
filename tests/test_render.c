/* test_render.c - SVG charts, the HTML report and its sentences.
 *
 * Golden files (tests/golden/):
 * - fig1.svg: the bar chart of the cases below;
 * - report-mini.html: the report of tests/data/render/results-mini.json
 *   (tests/data/analysis/mini.csv with --min-group 3, one label edited to
 *   need escaping) without a report specification: one chapter;
 * - report-full.html, report-full-en.html: the report of
 *   tests/data/render/results-full.json (`barometer simulate --cases 80
 *   --seed 11 | barometer analyze`) with the 2021 specification and the
 *   instrument, in Dutch and English.
 * When a change to the output is deliberate, regenerate them with
 *     BAR_UPDATE_GOLDEN=1 build/test_render
 * and review the diff before committing.
 *
 * The sentence generator (report_text.h) is tested on a table of results
 * fragments with the sentences expected in both languages, including
 * differences that are not significant and must not be called one.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "golden.h"

#include "core/buf.h"
#include "instrument/instrument.h"
#include "render/authored.h"
#include "render/markup.h"
#include "render/report_html.h"
#include "render/report_text.h"
#include "results/results.h"
#include "render/svg.h"
#include "wave/study.h"

enum { CAP = 8 * 1024 * 1024 };

static void compare_golden(const char *name, const bar_buf *got)
{
    golden_compare(name, got->data, got->len);
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
    /* the label's width in the shipped font and 16 px padding beyond the
     * minimum 110 */
    assert_true(wb - wa >= bar_svg_text_width(long_bar[0].label, 13) + 16 -
                               110 - 1);
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

static json_t *load_json(const char *path)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    if (!doc)
        fail_msg("%s:%d: %s", path, jerr.line, jerr.text);
    return doc;
}

static json_t *load_fixture(void)
{
    return load_json(BAR_TEST_DATA "/render/results-mini.json");
}

/* The 2021 study, with main_country replaced by main when not NULL. */
static bar_study *load_study(const char *main)
{
    bar_study *study = NULL;
    bar_error err;
    bar_error_init(&err);
    char *text = NULL;
    size_t len = 0;
    const char *path = BAR_DATA_DIR "/study/ibo-2021.json";
    if (bar_file_read(path, 1 << 20, &text, &len, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    json_error_t jerr;
    json_t *j = json_loadb(text, len, 0, &jerr);
    assert_non_null(j);
    if (main)
        json_object_set_new(j, "main_country", json_string(main));
    char *out = json_dumps(j, 0);
    assert_non_null(out);
    if (bar_study_parse(out, strlen(out), path, &study, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    free(out);
    free(text);
    json_decref(j);
    bar_error_clear(&err);
    return study;
}

/* The 2021 report specification, typed. */
static bar_spec *load_spec(const bar_instrument *ins)
{
    bar_spec *spec = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_spec_load(BAR_DATA_DIR "/report/ibo-2021.json", ins, &spec,
                      &err) != BAR_OK)
        fail_msg("%s", err.msg);
    bar_error_clear(&err);
    return spec;
}

static bar_instrument *load_instrument(void)
{
    bar_instrument *ins = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_instrument_load(BAR_DATA_DIR "/instrument/ibo-2021.json", &ins,
                            &err) != BAR_OK)
        fail_msg("%s", err.msg);
    bar_error_clear(&err);
    return ins;
}

/* Nothing fetched: the only URLs are the SVG namespace; no script; every
 * <link> and <img> is local. */
static void assert_self_contained(const char *s)
{
    for (const char *u = strstr(s, "http"); u; u = strstr(u + 1, "http"))
        if (strncmp(u, "http://www.w3.org/2000/svg", 26) != 0)
            fail_msg("a URL in the page: %.60s", u);
    assert_null(strstr(s, "<script"));
    assert_null(strstr(s, "<img"));
    assert_null(strstr(s, "//"  "cdn"));
    assert_null(strstr(s, "org_id"));
}

static void report_matches_golden(void **state)
{
    (void)state;
    json_t *doc = load_fixture();
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_error err;
    bar_error_init(&err);
    bar_study *study = load_study(NULL);
    bar_report_options opt = {.lang = BAR_LANG_NL, .study = study};
    if (bar_report_html(doc, &opt, &out, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    const char *s = out.data;
    assert_non_null(strstr(s, "<html lang=\"nl\">"));
    assert_non_null(strstr(s, "Tabel 1. "));
    assert_non_null(strstr(s, "Figuur 1.</span> "));
    assert_non_null(strstr(s, "Figuur 2.</span> "));
    assert_non_null(strstr(s, "Figuur 3.</span> "));
    /* without a spec: one chapter */
    assert_non_null(strstr(s, "Figuren en tabellen"));
    assert_non_null(strstr(s, "alle organisaties (n = 21; zonder geldig "
                              "antwoord: 1)"));
    assert_non_null(strstr(s, "Product &lt;nieuw&gt; &amp; &quot;anders"
                              "&quot;"));
    assert_null(strstr(s, "<nieuw>"));
    assert_non_null(strstr(s, "Bron: "));
    assert_non_null(strstr(s, "Ongewogen."));
    assert_non_null(strstr(s, "85,7"));  /* 18/21, decimal comma */
    assert_non_null(strstr(s, "<style>"));
    assert_non_null(strstr(s, "@media print"));
    assert_self_contained(s);
    compare_golden("report-mini.html", &out);
    bar_buf_clear(&out);
    bar_error_clear(&err);
    bar_study_free(study);
    json_decref(doc);
}

static void report_in_english(void **state)
{
    (void)state;
    json_t *doc = load_fixture();
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_study *study = load_study(NULL);
    bar_report_options opt = {.lang = BAR_LANG_EN, .study = study};
    assert_int_equal(bar_report_html(doc, &opt, &out, NULL), BAR_OK);
    bar_study_free(study);
    assert_non_null(strstr(out.data, "<html lang=\"en\">"));
    assert_non_null(strstr(out.data, "Figure 2.</span> Types of innovation"));
    assert_non_null(strstr(out.data, "organisations that implemented an "
                                     "innovation"));
    assert_non_null(strstr(out.data, "85.7"));
    assert_non_null(strstr(out.data, "Denmark 2018-2019"));
    assert_non_null(strstr(out.data, "Unweighted."));
    bar_buf_clear(&out);
    json_decref(doc);
}

/* The full report: chapters in the 2021 order from the spec's `chapter`
 * field, every figure with its caption parts, the question's wording from
 * the instrument, a table per figure and CSV links. */
typedef struct full_case {
    bar_lang lang;
    const char *golden;
    const char *in_order[12];  /* must appear, in this order */
    const char *present[12];
} full_case;

static const full_case full_cases[] = {
    {BAR_LANG_NL, "report-full.html",
     {"<h1>Innovatie Barometer Overheid 2021</h1>",
      "id=\"contents\"", "id=\"summary\"", "De belangrijkste uitkomsten",
      "<h2>1 Innovaties in organisaties</h2>", "id=\"fig1\"", "id=\"fig12\"",
      "<h2>2 Resultaten van innovaties</h2>", "id=\"tekstvak2\"",
      "<h2>3 Het innovatieklimaat</h2>", "<h2>4 Bevindingen</h2>",
      "<h2>Bijlage 1: Onderzoeksverantwoording</h2>"},
     {"Vraag:</strong> \xe2\x80\x98Heeft uw organisatie in de afgelopen twee "
      "jaar",
      "Ongewogen.", "Bron: Innovatie Barometer Overheid 2021",
      "<th scope=\"row\">", "<th scope=\"col\"",
      "href=\"data/fig1.csv\"", "href=\"data/fig1-comparison.csv\"",
      "<h2>Bijlage 2: Achtergrondgegevens</h2>", "Tekstvak 2.",
      "De cijfers zijn ongewogen", "Wilson", NULL}},
    {BAR_LANG_EN, "report-full-en.html",
     {"<h1>Public Sector Innovation Barometer 2021</h1>",
      "id=\"contents\"", "id=\"summary\"", "Key findings",
      "<h2>1 Innovations in organisations</h2>", "id=\"fig1\"",
      "id=\"fig12\"", "<h2>2 Results of innovations</h2>",
      "<h2>3 The innovation climate</h2>", "<h2>4 Findings</h2>",
      "<h2>Appendix 1: Research methods</h2>",
      "<h2>Appendix 2: Background data</h2>"},
     {"Question:</strong> \xe2\x80\x98" "Did your organisation implement",
      "Unweighted.", "Source: Public Sector Innovation Barometer 2021",
      "href=\"data/fig1.csv\"", "The figures are unweighted", "Box 2.",
      NULL}},
};

static void full_report(void **state)
{
    (void)state;
    json_t *doc = load_json(BAR_TEST_DATA "/render/results-full.json");
    bar_instrument *ins = load_instrument();
    bar_spec *spec = load_spec(ins);
    bar_study *study = load_study(NULL);
    for (size_t c = 0; c < sizeof full_cases / sizeof full_cases[0]; c++) {
        const full_case *k = &full_cases[c];
        bar_buf out;
        bar_buf_init(&out, CAP);
        bar_error err;
        bar_error_init(&err);
        bar_report_options opt = {.lang = k->lang, .ins = ins,
                                  .study = study, .spec = spec,
                                  .data_dir = "data",
                                  .stylesheet = "report.css"};
        if (bar_report_html(doc, &opt, &out, &err) != BAR_OK)
            fail_msg("%s", err.msg);
        const char *s = out.data, *at = s;
        for (size_t i = 0; i < 12 && k->in_order[i]; i++) {
            const char *next = strstr(at, k->in_order[i]);
            if (!next)
                fail_msg("%s: '%s' missing or out of order", k->golden,
                         k->in_order[i]);
            at = next;
        }
        for (size_t i = 0; i < 12 && k->present[i]; i++)
            if (!strstr(s, k->present[i]))
                fail_msg("%s: '%s' missing", k->golden, k->present[i]);
        /* every figure of the document has its block and a chart or a
         * table */
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(doc, "figures"), i, f) {
            char anchor[128];
            snprintf(anchor, sizeof anchor, "id=\"%s\"",
                     json_string_value(json_object_get(f, "id")));
            if (!strstr(s, anchor))
                fail_msg("%s: no block %s", k->golden, anchor);
        }
        assert_non_null(strstr(s, "<link rel=\"stylesheet\" "
                                  "href=\"report.css\">"));
        assert_null(strstr(s, "@media"));  /* the stylesheet is separate */
        assert_self_contained(s);
        compare_golden(k->golden, &out);
        bar_buf_clear(&out);
        bar_error_clear(&err);
    }
    bar_spec_free(spec);
    bar_study_free(study);
    bar_instrument_free(ins);
    json_decref(doc);
}

/* The chart order the spec asks for: Fig 7 ("sort": "value", "last":
 * ["driver_other"]) by value, largest first, with "Anders" last; its table
 * keeps the questionnaire's order (Medewerkers, Managers, ...); Fig 20
 * ("sort": "gap") is a dot chart whose items are ordered by the gap
 * between the lowest and highest group. */
static void chart_order_follows_spec(void **state)
{
    (void)state;
    json_t *doc = load_json(BAR_TEST_DATA "/render/results-full.json");
    bar_instrument *ins = load_instrument();
    bar_spec *spec = load_spec(ins);
    bar_study *study = load_study(NULL);
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_error err;
    bar_error_init(&err);
    bar_report_options opt = {.lang = BAR_LANG_NL, .ins = ins,
                              .study = study, .spec = spec,
                              .data_dir = "data"};
    if (bar_report_html(doc, &opt, &out, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    static const struct {
        const char *fig;
        bool gap;           /* values per row: groups; else one value */
        const char *last;   /* the first label of the fixed tail ("last"
                               options), or NULL */
    } cases[] = {
        {"id=\"fig7\"", false, "Anders"},
        {"id=\"fig11\"", false, "Geen specifieke financiering nodig"},
        {"id=\"fig14\"", false, NULL},
        {"id=\"fig20\"", true, NULL},
        {"id=\"fig21\"", true, NULL},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *f = strstr(out.data, cases[c].fig);
        assert_non_null(f);
        const char *d = strstr(f, "<desc>"), *end = strstr(d, "</desc>");
        assert_non_null(d);
        double prev = 1e9;
        size_t rows = 0;
        const char *at = d + 6, *last_label = NULL;
        while (at < end) {
            const char *colon = strstr(at, ": ");
            if (!colon || colon > end)
                break;
            const char *semi = strstr(colon, "; ");
            if (!semi || semi > end)
                semi = end;
            /* the row's values: the first (ours) or the gap of all */
            double lo = 1e9, hi = -1e9, first = -1;
            for (const char *q = colon; q < semi; q++) {
                if (*q == '%' && q > colon) {
                    const char *n = q;
                    while (n > colon && n[-1] >= '0' && n[-1] <= '9')
                        n--;
                    double v = atof(n);
                    if (first < 0)
                        first = v;
                    lo = v < lo ? v : lo;
                    hi = v > hi ? v : hi;
                    if (!cases[c].gap)
                        break;
                }
            }
            double key = cases[c].gap ? hi - lo : first;
            bool is_last = cases[c].last &&
                           strncmp(at, cases[c].last,
                                   strlen(cases[c].last)) == 0 &&
                           at + strlen(cases[c].last) == colon;
            if (is_last)
                last_label = at;
            else if (last_label)
                ; /* the fixed tail, in the spec's order */
            else if (key > prev + 1.0) /* whole percentages in the desc */
                fail_msg("%s: row %zu (%.*s) %.0f after %.0f", cases[c].fig,
                         rows + 1, (int)(colon - at), at, key, prev);
            else
                prev = key;
            rows++;
            at = semi + 2;
        }
        assert_true(rows >= 4);
        if (cases[c].last) { /* the tail: the last one or two options */
            assert_non_null(last_label);
            size_t after = 0;
            for (const char *q = last_label; q + 1 < end; q++)
                after += q[0] == ';' && q[1] == ' ';
            assert_true(after <= 1);
        }
    }
    /* Fig 7's table keeps the questionnaire's order */
    const char *f7 = strstr(out.data, "id=\"fig7\"");
    const char *t = strstr(f7, "<table");
    const char *a = strstr(t, ">Medewerkers<"), *b = strstr(t, ">Managers<");
    const char *m = strstr(t, ">Mogelijkheden van nieuwe technologie<");
    assert_true(a && b && m && a < b && b < m);
    assert_non_null(strstr(strstr(out.data, "id=\"fig20\""), "<circle"));
    bar_error_clear(&err);
    bar_buf_clear(&out);
    bar_spec_free(spec);
    bar_study_free(study);
    bar_instrument_free(ins);
    json_decref(doc);
}

static void stylesheet_prints_a4(void **state)
{
    (void)state;
    const char *css = bar_report_css();
    assert_non_null(strstr(css, "@page{size:A4"));
    assert_non_null(strstr(css, "@media print"));
    assert_non_null(strstr(css, "section.chapter,.authored-chapter,"
                                "footer.colophon{break-before:page"));
    assert_non_null(strstr(css, "break-inside:avoid"));
    /* page numbers; no link target printed, the downloads left out; a
     * table wider than A4 left out with its pointer shown */
    assert_non_null(strstr(css, "@bottom-right{content:counter(page)"));
    assert_non_null(strstr(css, "@page:first{@bottom-right{content:none}"));
    assert_null(strstr(css, "attr(href)"));
    assert_non_null(strstr(css, "p.top,details.numbers,p.download{"
                                "display:none}"));
    assert_non_null(strstr(css, ".table-wrap.wide{display:none}"));
    assert_non_null(strstr(css, "p.print-only{display:block"));
}

static void csv_names(void **state)
{
    (void)state;
    char buf[64];
    assert_true(bar_report_csv_name(buf, sizeof buf, "fig1", 0, "numbers"));
    assert_string_equal(buf, "fig1.csv");
    assert_true(bar_report_csv_name(buf, sizeof buf, "fig1", 1,
                                    "comparison"));
    assert_string_equal(buf, "fig1-comparison.csv");
    assert_false(bar_report_csv_name(buf, sizeof buf, "../x", 0, "n"));
    assert_false(bar_report_csv_name(buf, sizeof buf, "fig1", 1, "a/b"));
    assert_false(bar_report_csv_name(buf, 8, "fig1234567", 0, "n"));
}

/* ---- the sentence generator ---- */

#define TITLE(nl, en) "\"title\": {\"nl\": \"" nl "\", \"en\": \"" en "\"}"
#define LABEL(nl, en) "{\"nl\": \"" nl "\", \"en\": \"" en "\"}"

static const char fig1_dk_sig_se_not[] =
    "{\"level\": 0.95, \"figures\": [{\"id\": \"fig1\", \"kind\": "
    "\"frequency\", \"caption\": \"figure\", \"number\": 1, "
    TITLE("Innovatie", "Innovation") ", \"variable\": \"innovated\", "
    "\"n\": 366, \"categories\": ["
    "{\"code\": 0, \"label\": " LABEL("nee", "no") ", \"percent\": 14.2},"
    "{\"code\": 1, \"label\": " LABEL("ja", "yes") ", \"percent\": 85.8}],"
    "\"benchmarks\": ["
    "{\"variable\": \"innovated\", \"category\": \"1\", \"country\": \"NL\","
    " \"period\": \"2019-2020\", \"percent\": 86, \"comparison\": "
    "{\"percent\": 85.8, \"difference\": -0.2, \"p\": 0.9}},"
    "{\"variable\": \"innovated\", \"category\": \"1\", \"country\": \"DK\","
    " \"period\": \"2018-2019\", \"percent\": 80, \"comparison\": "
    "{\"percent\": 85.8, \"difference\": 5.8, \"p\": 0.0034}},"
    "{\"variable\": \"innovated\", \"category\": \"1\", \"country\": \"SE\","
    " \"period\": \"\", \"percent\": 84, \"comparison\": "
    "{\"percent\": 85.8, \"difference\": 1.8, \"p\": 0.31}}]}]}";

/* Denmark: the larger difference (15 points) is not significant, the
 * smaller (8 points) is: the sentence names the significant one. */
static const char fig7_dk[] =
    "{\"level\": 0.95, \"figures\": [{\"id\": \"fig7\", \"kind\": "
    "\"multi_response\", \"caption\": \"figure\", \"number\": 7, "
    TITLE("Aanleiding", "Drivers") ", \"question\": \"driver\", \"n\": 300,"
    " \"items\": ["
    "{\"variable\": \"driver_tech\", \"label\": " LABEL("Nieuwe technologie",
                                                     "New technology")
    ", \"n\": 300, \"percent\": 30},"
    "{\"variable\": \"driver_law\", \"label\": " LABEL("Wetgeving",
                                                    "Legislation")
    ", \"n\": 40, \"percent\": 35}],"
    "\"benchmarks\": ["
    "{\"variable\": \"driver_tech\", \"category\": \"1\", \"country\": "
    "\"DK\", \"period\": \"2018-2019\", \"percent\": 22, \"comparison\": "
    "{\"percent\": 30, \"difference\": 8, \"p\": 0.0100}},"
    "{\"variable\": \"driver_law\", \"category\": \"1\", \"country\": "
    "\"DK\", \"period\": \"2018-2019\", \"percent\": 20, \"comparison\": "
    "{\"percent\": 35, \"difference\": 15, \"p\": 0.062}}]}]}";

/* Denmark: the only comparison, 9 points, is not significant. */
static const char fig7_dk_not[] =
    "{\"level\": 0.95, \"figures\": [{\"id\": \"fig7\", \"kind\": "
    "\"multi_response\", \"caption\": \"figure\", \"number\": 7, "
    TITLE("Aanleiding", "Drivers") ", \"question\": \"driver\", \"n\": 30,"
    " \"items\": [{\"variable\": \"driver_law\", \"label\": "
    LABEL("Wetgeving", "Legislation") ", \"n\": 30, \"percent\": 29}],"
    "\"benchmarks\": [{\"variable\": \"driver_law\", \"category\": \"1\", "
    "\"country\": \"DK\", \"period\": \"2018-2019\", \"percent\": 20, "
    "\"comparison\": {\"percent\": 29, \"difference\": 9, "
    "\"p\": 0.21}}]}]}";

static const char scale_groups[] =
    "{\"figures\": [{\"id\": \"climate_scale\", \"kind\": \"scale\", "
    "\"caption\": \"section\", \"selection\": {\"retained\": [\"a\", \"b\", "
    "\"c\"], \"dropped\": [{\"label\": " LABEL("We werken samen.",
                                               "We work together.")
    "}]}, \"reliability\": {\"alpha\": 0.884}, "
    "\"distribution\": {\"n\": 366, \"mean\": 3.639}, \"groups\": "
    "{\"groups\": ["
    "{\"code\": 1, \"label\": " LABEL("Beperkt", "Limited")
    ", \"percent\": 16.94},"
    "{\"code\": 2, \"label\": " LABEL("Gemiddeld", "Average")
    ", \"percent\": 42.35},"
    "{\"code\": 3, \"label\": " LABEL("Krachtig", "Strong")
    ", \"percent\": 40.71}]}}]}";

static const char model_fragment[] =
    "{\"figures\": [{\"id\": \"tekstvak2\", \"kind\": \"model\", "
    "\"caption\": \"box\", \"number\": 2, \"models\": ["
    "{\"outcome\": \"result_quality\", \"label\": "
    LABEL("Hogere kwaliteit", "Higher quality") ", \"steps\": [{\"model\": "
    "{\"terms\": [{\"name\": \"spectrum\", \"aliased\": false, \"p\": 0.021,"
    " \"exp_b\": 1.37}, {\"name\": \"climate\", \"aliased\": false, "
    "\"p\": 3.2e-07, \"exp_b\": 4.489}]}}]},"
    "{\"outcome\": \"result_employee_satisfaction\", \"label\": "
    LABEL("Meer tevreden", "More satisfied") ", \"steps\": [{\"model\": "
    "{\"terms\": [{\"name\": \"climate\", \"aliased\": false, "
    "\"p\": 0.03, \"exp_b\": 2.2}, {\"name\": \"x\", \"aliased\": true, "
    "\"p\": null, \"exp_b\": null}]}}]},"
    "{\"outcome\": \"result_citizens\", \"label\": "
    LABEL("Meer invloed", "More influence") ", \"steps\": [{\"model\": "
    "{\"terms\": []}}]},"
    "{\"outcome\": \"result_x\", \"label\": " LABEL("X", "X")
    ", \"error\": \"separation\"}]}]}";

static const char response_fragment[] =
    "{\"figures\": [{\"id\": \"table1\", \"kind\": \"response_by_group\", "
    "\"variable\": \"sector\", \"total\": {\"sent\": 1374, \"completed\": "
    "366, \"percent\": 26.64}}]}";

static const char response_noframe[] =
    "{\"figures\": [{\"id\": \"table1\", \"kind\": \"response_by_group\", "
    "\"variable\": \"sector\", \"total\": {\"sent\": null, \"completed\": "
    "80, \"percent\": null}}]}";

#define LINK_FIG(p)                                                       \
    "{\"level\": 0.95, \"figures\": [{\"id\": \"fig18\", \"kind\": "        \
    "\"crosstab\", \"variable\": \"innovated\", \"by\": \"climate_group\", " \
    "\"groups\": [{\"label\": " LABEL("Beperkt", "Limited") "}, "           \
    "{\"label\": " LABEL("Gemiddeld", "Average") "}, "                      \
    "{\"label\": " LABEL("Krachtig", "Strong") "}], \"tables\": [{"         \
    "\"rows\": [{\"code\": 0, \"percents\": [37.1, 15.5, 5.4]}, "          \
    "{\"code\": 1, \"percents\": [62.9, 84.5, 94.6]}], "                    \
    "\"test\": {\"p\": " p "}}]}]}"

static const char link_sig[] = LINK_FIG("3.1e-08");
static const char link_not[] = LINK_FIG("0.12");

static const char types_fragment[] =
    "{\"figures\": [{\"id\": \"fig2\", \"kind\": \"multi_response\", "
    "\"question\": \"type\", \"items\": ["
    "{\"label\": " LABEL("Product", "Product") ", \"percent\": 35.7},"
    "{\"label\": " LABEL("Proces", "Process") ", \"percent\": 80.1}]},"
    "{\"id\": \"fig7\", \"kind\": \"multi_response\", "
    "\"question\": \"driver\", \"items\": ["
    "{\"label\": " LABEL("Medewerkers", "Employees")
    ", \"percent\": 50.5}]}]}";

typedef struct finding_case {
    const char *name;
    const char *doc;
    bar_finding which;
    const char *nl, *en;
} finding_case;

static const finding_case finding_cases[] = {
    {"innovated: Denmark significant, Sweden not", fig1_dk_sig_se_not,
     BAR_FINDING_INNOVATED,
     "86% van de organisaties implementeerde in de afgelopen twee jaar een "
     "of meer innovaties (Denemarken 80% en Zweden 84%). Dat is significant "
     "meer dan in Denemarken. Met Zweden is er geen statistisch significant "
     "verschil.",
     "86% of the organisations implemented one or more innovations in the "
     "last two years (Denmark 80% and Sweden 84%). That is significantly "
     "more than in Denmark. There is no statistically significant "
     "difference with Sweden."},
    {"Denmark: the largest significant difference", fig7_dk,
     BAR_FINDING_MAIN_COUNTRY,
     "Het grootste significante verschil met Denemarken betreft "
     "\xe2\x80\x98Nieuwe technologie\xe2\x80\x99 (Figuur 7): 30% in deze "
     "meting tegen 22% in Denemarken, 8 procentpunt hoger.",
     "The largest significant difference with Denmark concerns "
     "\xe2\x80\x98New technology\xe2\x80\x99 (Figure 7): 30% in this wave "
     "against 22% in Denmark, 8 percentage points higher."},
    {"Denmark: not significant is no difference", fig7_dk_not,
     BAR_FINDING_MAIN_COUNTRY,
     "De vergelijking met Denemarken laat geen statistisch significant "
     "verschil zien.",
     "The comparison with Denmark shows no statistically significant "
     "difference."},
    {"Denmark: no comparison, no sentence", scale_groups,
     BAR_FINDING_MAIN_COUNTRY, "", ""},
    {"climate groups", scale_groups, BAR_FINDING_CLIMATE,
     "Naar hun score voor het innovatieklimaat vallen de organisaties in 3 "
     "groepen: \xe2\x80\x98" "Beperkt\xe2\x80\x99 17%, \xe2\x80\x98" "Gemiddeld"
     "\xe2\x80\x99 42% en \xe2\x80\x98Krachtig\xe2\x80\x99 41%. De "
     "gemiddelde score is 3,6 op een schaal van 1 tot 5 (n = 366).",
     "By their innovation-climate score the organisations fall into 3 "
     "groups: \xe2\x80\x98Limited\xe2\x80\x99 17%, \xe2\x80\x98" "Average"
     "\xe2\x80\x99 42% and \xe2\x80\x98Strong\xe2\x80\x99 41%. The mean "
     "score is 3.6 on a scale of 1 to 5 (n = 366)."},
    {"model: strongest predictor, none, error skipped", model_fragment,
     BAR_FINDING_MODEL,
     /* plain words: no Exp(B), no p-value */
     /* the study's short labels where it has them (climate,
      * result_quality, result_employee_satisfaction), else the label */
     "Scoort een organisatie \xc3\xa9\xc3\xa9n punt hoger op \xe2\x80\x98"
     "innovatieklimaat\xe2\x80\x99, dan is haar kans op \xe2\x80\x98"
     "hogere kwaliteit\xe2\x80\x99 4,5 keer zo groot en op \xe2\x80\x98"
     "meer tevreden medewerkers\xe2\x80\x99 2,2 keer zo groot. Geen van de onderzochte "
     "factoren maakt een duidelijk verschil voor de kans op \xe2\x80\x98"
     "Meer invloed\xe2\x80\x99.",
     "If an organisation scores one point higher on \xe2\x80\x98"
     "innovation climate\xe2\x80\x99, its chance of \xe2\x80\x98higher "
     "quality\xe2\x80\x99 is 4.5 times as large and of \xe2\x80\x98more "
     "satisfied employees\xe2\x80\x99 2.2 times as large. None of the factors "
     "tested makes a clear difference to the chance of \xe2\x80\x98More "
     "influence\xe2\x80\x99."},
    {"climate link: significant", link_sig, BAR_FINDING_CLIMATE_LINK,
     "Van de organisaties met een klimaat \xe2\x80\x98" "Beperkt\xe2\x80\x99 "
     "innoveerde 63%, van die met een klimaat \xe2\x80\x98Krachtig\xe2\x80"
     "\x99 95%: organisaties met een klimaat \xe2\x80\x98Krachtig\xe2\x80"
     "\x99 innoveren significant vaker.",
     "Of the organisations with a climate \xe2\x80\x98Limited\xe2\x80\x99, "
     "63% innovated; of those with a climate \xe2\x80\x98Strong\xe2\x80"
     "\x99, 95%: organisations with a climate \xe2\x80\x98Strong\xe2\x80"
     "\x99 innovate significantly more often."},
    {"climate link: not significant is no difference", link_not,
     BAR_FINDING_CLIMATE_LINK,
     "Het aandeel organisaties dat innoveerde verschilt niet statistisch "
     "significant tussen de groepen naar innovatieklimaat.",
     "The share of organisations that innovated does not differ "
     "statistically significantly between the innovation-climate "
     "groups."},
    {"types and drivers", types_fragment, BAR_FINDING_TYPES,
     "Het vaakst ging het om een innovatie van het type \xe2\x80\x98"
     "Proces\xe2\x80\x99 (80%); de meest genoemde aanleiding was "
     "\xe2\x80\x98Medewerkers\xe2\x80\x99 (50%).",
     "Most often the innovation was of the type \xe2\x80\x98Process"
     "\xe2\x80\x99 (80%); the driver named most often was \xe2\x80\x98"
     "Employees\xe2\x80\x99 (50%)."},
    {"response with a frame", response_fragment, BAR_FINDING_RESPONSE,
     "366 organisaties vulden de vragenlijst in; de respons was 27%.",
     "366 organisations completed the questionnaire; the response rate "
     "was 27%."},
    {"response without a frame", response_noframe, BAR_FINDING_RESPONSE,
     "80 organisaties vulden de vragenlijst in.",
     "80 organisations completed the questionnaire."},
};

static void findings_sentences(void **state)
{
    (void)state;
    bar_study *study = load_study(NULL);
    for (size_t i = 0; i < sizeof finding_cases / sizeof finding_cases[0];
         i++) {
        const finding_case *k = &finding_cases[i];
        json_error_t jerr;
        json_t *doc = json_loads(k->doc, 0, &jerr);
        if (!doc)
            fail_msg("%s: fragment:%d: %s", k->name, jerr.line, jerr.text);
        for (int l = 0; l < 2; l++) {
            bar_buf out;
            bar_buf_init(&out, CAP);
            assert_int_equal(bar_text_finding(doc, k->which, NULL, study,
                                              (bar_lang)l, &out, NULL),
                             BAR_OK);
            const char *want = l == 0 ? k->nl : k->en;
            const char *got = out.data ? out.data : "";
            if (strcmp(got, want) != 0)
                fail_msg("%s (%s):\n got '%s'\nwant '%s'", k->name,
                         l == 0 ? "nl" : "en", got, want);
            bar_buf_clear(&out);
        }
        json_decref(doc);
    }
    bar_study_free(study);
}

/* The comparison finding names the study's main comparison country: with
 * Sweden as the main country the sentence is about Sweden, not Denmark;
 * without a main country (or study) there is no sentence. */
static void findings_main_country_from_study(void **state)
{
    (void)state;
    static const struct {
        const char *main, *nl, *en;
    } cases[] = {
        {"SE", "De vergelijking met Zweden laat geen statistisch "
               "significant verschil zien.",
         "The comparison with Sweden shows no statistically significant "
         "difference."},
        {"DK", "Het grootste significante verschil met Denemarken betreft "
               "\xe2\x80\x98ja\xe2\x80\x99 (Figuur 1): 86% in "
               "deze meting tegen 80% in Denemarken, 6 procentpunt "
               "hoger.",
         NULL},
        {NULL, "", ""},
    };
    json_error_t jerr;
    json_t *doc = json_loads(fig1_dk_sig_se_not, 0, &jerr);
    assert_non_null(doc);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_study *study = cases[i].main ? load_study(cases[i].main) : NULL;
        for (int l = 0; l < 2; l++) {
            const char *want = l == 0 ? cases[i].nl : cases[i].en;
            if (!want)
                continue;
            bar_buf out;
            bar_buf_init(&out, CAP);
            assert_int_equal(bar_text_finding(doc, BAR_FINDING_MAIN_COUNTRY,
                                              NULL, study, (bar_lang)l, &out,
                                              NULL),
                             BAR_OK);
            const char *got = out.data ? out.data : "";
            if (strcmp(got, want) != 0)
                fail_msg("%s (%s):\n got '%s'\nwant '%s'",
                         cases[i].main ? cases[i].main : "none",
                         l == 0 ? "nl" : "en", got, want);
            bar_buf_clear(&out);
        }
        bar_study_free(study);
    }
    json_decref(doc);
}

/* The figure-level sentences: findings chapter and caption lines. */
static const char crosstab_fragment[] =
    "{\"level\": 0.95, \"figures\": []}";
static const char crosstab_one_not[] =
    "{\"id\": \"fig18\", \"kind\": \"crosstab\", \"caption\": \"figure\", "
    "\"number\": 18, " TITLE("Innovatie naar klimaat", "Innovation by "
                             "climate")
    ", \"by_label\": " LABEL("klimaatgroep", "climate group")
    ", \"tables\": [{\"label\": " LABEL("Innovatie", "Innovation")
    ", \"test\": {\"statistic\": 2.34, \"df\": 2, \"p\": 0.31, "
    "\"cramers_v\": 0.08}}]}";
static const char crosstab_items[] =
    "{\"id\": \"fig20\", \"kind\": \"crosstab\", \"caption\": \"figure\", "
    "\"number\": 20, " TITLE("Succesfactoren", "Success factors")
    ", \"by_label\": " LABEL("klimaatgroep", "climate group")
    ", \"tables\": ["
    "{\"label\": " LABEL("Medewerkers", "Employees")
    ", \"test\": {\"statistic\": 38.8, \"df\": 2, \"p\": 0.00001, "
    "\"cramers_v\": 0.36}},"
    "{\"label\": " LABEL("Geld", "Money")
    ", \"test\": {\"statistic\": 5.8, \"df\": 2, \"p\": 0.055, "
    "\"cramers_v\": 0.14}}]}";
static const char crosstab_trend[] =
    "{\"id\": \"fig9_phase_spectrum\", \"kind\": \"crosstab\", "
    "\"caption\": \"figure\", \"number\": 9, "
    TITLE("Fasen", "Phases") ", \"by_label\": " LABEL("spectrum",
                                                     "spectrum")
    ", \"tables\": ["
    "{\"label\": " LABEL("Analyse", "Analysis")
    ", \"test\": {\"statistic\": 9.1, \"df\": 3, \"p\": 0.028, "
    "\"cramers_v\": 0.2}, \"trend\": {\"statistic\": 8.04, \"df\": 1, "
    "\"p\": 0.0046, \"z\": 2.84, \"slope\": 6.2}},"
    "{\"label\": " LABEL("Levering", "Delivery")
    ", \"test\": {\"statistic\": 7.0, \"df\": 3, \"p\": 0.07, "
    "\"cramers_v\": 0.1}, \"trend\": {\"statistic\": 4.5, \"df\": 1, "
    "\"p\": 0.034, \"z\": -2.12, \"slope\": -3.0}},"
    "{\"label\": " LABEL("Implementatie", "Implementation")
    ", \"test\": {\"statistic\": 1.0, \"df\": 3, \"p\": 0.8, "
    "\"cramers_v\": 0.05}, \"trend\": {\"statistic\": 0.36, \"df\": 1, "
    "\"p\": 0.547, \"z\": -0.6, \"slope\": -1.0}},"
    "{\"label\": " LABEL("Ontwikkeling", "Development")
    ", \"test\": null, \"trend\": null, \"trend_note\": \"merged\"}]}";
static const char caption_none_sig[] =
    "{\"id\": \"fig3\", \"kind\": \"frequency\", \"caption\": \"figure\", "
    "\"number\": 3, " TITLE("Spectrum", "Spectrum") ", \"n\": 200"
    ", \"categories\": [{\"code\": 1, \"label\": " LABEL("1 type", "1 type")
    ", \"percent\": 25}], \"benchmarks\": [{\"variable\": \"spectrum\", "
    "\"category\": \"1\", \"country\": \"NL\", \"period\": \"2019-2020\", "
    "\"percent\": 30, \"comparison\": {\"percent\": 25, \"difference\": -5, "
    "\"p\": 0.06}}]}";

/* An exact benchmark and an approximate one ("meer dan 75%") side by
 * side; the approximate one differs more but has no test. */
static const char exact_and_approx[] =
    "{\"id\": \"fig2\", \"kind\": \"multi_response\", "
    "\"caption\": \"figure\", \"number\": 2, " TITLE("Typen", "Types")
    ", \"n\": 100, \"items\": ["
    "{\"variable\": \"type_service\", \"label\": " LABEL("Dienst",
                                                          "Service")
    ", \"n\": 100, \"percent\": 40},"
    "{\"variable\": \"type_process\", \"label\": " LABEL("Proces",
                                                          "Process")
    ", \"n\": 100, \"percent\": 95}], \"benchmarks\": ["
    "{\"variable\": \"type_service\", \"category\": \"1\", "
    "\"country\": \"DK\", \"period\": \"2018-2019\", \"percent\": 52, "
    "\"qualifier\": \"\", \"approximate\": false, \"comparison\": "
    "{\"percent\": 40, \"difference\": -12, \"test\": \"exact binomial "
    "test\", \"p\": 0.02}},"
    "{\"variable\": \"type_process\", \"category\": \"1\", "
    "\"country\": \"DK\", \"period\": \"2018-2019\", \"percent\": 75, "
    "\"qualifier\": \"more than\", \"approximate\": true, "
    "\"comparison\": {\"percent\": 95, \"difference\": null, "
    "\"p\": null, \"no_test\": \"approximate\"}}]}";

/* Fig 17: groups from this wave's cut points; the published shares come
 * from other cut points and are context only. */
static const char groups_fig[] =
    "{\"id\": \"fig17\", \"kind\": \"frequency\", \"caption\": "
    "\"figure\", \"number\": 17, " TITLE("Groepen", "Groups")
    ", \"cuts\": [3.15, 4.05], \"cuts_from\": \"climate_scale\", "
    "\"cuts_label\": " LABEL("Innovatieklimaat", "Innovation climate")
    ", \"categories\": [], \"benchmarks\": [{\"variable\": "
    "\"climate_group\", \"category\": \"1\", \"country\": \"NL\", "
    "\"period\": \"2021\", \"percent\": 43, \"qualifier\": \"\", "
    "\"comparison\": {\"percent\": 19, \"difference\": null, "
    "\"p\": null, \"no_test\": \"other_groups\"}}]}";

/* Two values of the published 2021 report about different periods: one
 * series, named by its label, not by the periods. */
static const char one_label[] =
    "{\"id\": \"fig23\", \"kind\": \"frequency\", \"caption\": "
    "\"figure\", \"number\": 23, " TITLE("Productie", "Production")
    ", \"n\": 100, \"categories\": [{\"code\": 1, \"label\": "
    LABEL("Minder", "Less") ", \"percent\": 44}, {\"code\": 3, "
    "\"label\": " LABEL("Gelijk", "Same") ", \"percent\": 36}], "
    "\"benchmarks\": ["
    "{\"variable\": \"covid_production\", \"category\": \"1\", "
    "\"country\": \"NL\", \"period\": \"2020\", \"percent\": 45, "
    "\"label\": " LABEL("Nederland 2021 (gepubliceerd)",
                         "Netherlands 2021 (published)")
    ", \"comparison\": {\"percent\": 44, \"difference\": -1, "
    "\"p\": 0.8}},"
    "{\"variable\": \"covid_production\", \"category\": \"3\", "
    "\"country\": \"NL\", \"period\": \"2019-2020\", \"percent\": 35, "
    "\"label\": " LABEL("Nederland 2021 (gepubliceerd)",
                         "Netherlands 2021 (published)")
    ", \"comparison\": {\"percent\": 36, \"difference\": 1, "
    "\"p\": 0.7}}]}";

typedef struct figure_case {
    const char *name;
    const char *fig;   /* a figure entry; NULL: the first of `doc` */
    const char *doc;
    bool caption;  /* bar_text_benchmark_caption, else figure findings */
    const char *nl, *en;
} figure_case;

static const figure_case figure_cases[] = {
    {"crosstab, one table, not significant", crosstab_one_not, NULL, false,
     "Figuur 18 (Innovatie naar klimaat): er is geen statistisch "
     "significant verschil tussen de groepen naar klimaatgroep "
     "(p = 0,310).\n",
     "Figure 18 (Innovation by climate): there is no statistically "
     "significant difference between the groups by climate group "
     "(p = 0.310).\n"},
    {"crosstab, items", crosstab_items, NULL, false,
     "Figuur 20 (Succesfactoren): de groepen naar klimaatgroep verschillen "
     "significant bij 1 van de 2 onderdelen: \xe2\x80\x98Medewerkers"
     "\xe2\x80\x99 (p < 0,001). Geen statistisch significant verschil "
     "bij: \xe2\x80\x98Geld\xe2\x80\x99 (p = 0,055).\n",
     "Figure 20 (Success factors): the groups by climate group differ "
     "significantly for 1 of the 2 items: \xe2\x80\x98" "Employees"
     "\xe2\x80\x99 (p < 0.001). No statistically significant difference "
     "for: \xe2\x80\x98Money\xe2\x80\x99 (p = 0.055).\n"},
    {"crosstab with trend tests: rising, falling, none, absent",
     crosstab_trend, NULL, false,
     "Figuur 9 (Fasen): de groepen naar spectrum verschillen significant "
     "bij 1 van de 3 onderdelen: \xe2\x80\x98" "Analyse\xe2\x80\x99 "
     "(p = 0,028). Geen statistisch significant verschil bij: "
     "\xe2\x80\x98Levering\xe2\x80\x99 (p = 0,070), \xe2\x80\x98"
     "Implementatie\xe2\x80\x99 (p = 0,800).\n"
     "Figuur 9 (Fasen), toets op een lineaire trend over spectrum: "
     "\xe2\x80\x98" "Analyse\xe2\x80\x99 neemt significant toe "
     "(chi-kwadraat = 8,0, p = 0,005); \xe2\x80\x98Levering\xe2\x80\x99 "
     "neemt significant af (chi-kwadraat = 4,5, p = 0,034); \xe2\x80\x98"
     "Implementatie\xe2\x80\x99: geen significante trend (p = 0,547).\n",
     "Figure 9 (Phases): the groups by spectrum differ significantly for "
     "1 of the 3 items: \xe2\x80\x98" "Analysis\xe2\x80\x99 (p = 0.028). "
     "No statistically significant difference for: \xe2\x80\x98"
     "Delivery\xe2\x80\x99 (p = 0.070), \xe2\x80\x98Implementation"
     "\xe2\x80\x99 (p = 0.800).\n"
     "Figure 9 (Phases), test for a linear trend over spectrum: "
     "\xe2\x80\x98" "Analysis\xe2\x80\x99 rises significantly "
     "(chi-square = 8.0, p = 0.005); \xe2\x80\x98" "Delivery\xe2\x80\x99 "
     "falls significantly (chi-square = 4.5, p = 0.034); \xe2\x80\x98"
     "Implementation\xe2\x80\x99: no significant trend (p = 0.547).\n"},
    {"caption: p = 0.06 is not significant", caption_none_sig, NULL, true,
     "Geen significant verschil (p < 0,05) met Nederland 2019-2020.",
     "No significant difference (p < 0.05) with Netherlands 2019-2020."},
    {"figure findings: top answer, no significant benchmark",
     caption_none_sig, NULL, false,
     "Figuur 3 (Spectrum): het vaakst gekozen antwoord is \xe2\x80\x98"
     "1 type\xe2\x80\x99 (25%, n = 200).\n",
     "Figure 3 (Spectrum): the answer chosen most often is \xe2\x80\x98"
     "1 type\xe2\x80\x99 (25%, n = 200).\n"},
    {"caption: a significant and a non-significant item", NULL, fig7_dk,
     true,
     "Significant verschil (p < 0,05) met Denemarken 2018-2019 bij: "
     "\xe2\x80\x98Nieuwe technologie\xe2\x80\x99 (30% tegen 22%, "
     "p = 0,010). Bij de andere vergelijking met Denemarken 2018-2019 is het "
     "verschil niet significant.",
     "Significant difference (p < 0.05) with Denmark 2018-2019 for: "
     "\xe2\x80\x98New technology\xe2\x80\x99 (30% against 22%, "
     "p = 0.010). For the other comparison with Denmark 2018-2019 the "
     "difference is not significant."},
    {"findings: only the significant item is named", NULL, fig7_dk, false,
     "Figuur 7 (Aanleiding): het vaakst gekozen antwoord is \xe2\x80\x98"
     "Wetgeving\xe2\x80\x99 (35%, n = 40).\n"
     "Figuur 7 (Aanleiding), vergeleken met Denemarken 2018-2019: "
     "significant hoger bij \xe2\x80\x98Nieuwe technologie\xe2\x80\x99 "
     "(30% tegen 22%).\n",
     "Figure 7 (Drivers): the answer chosen most often is \xe2\x80\x98"
     "Legislation\xe2\x80\x99 (35%, n = 40).\n"
     "Figure 7 (Drivers), compared with Denmark 2018-2019: significantly "
     "higher for \xe2\x80\x98New technology\xe2\x80\x99 (30% against "
     "22%).\n"},
    {"caption: exact tested, approximate named as not tested",
     exact_and_approx, NULL, true,
     "Significant verschil (p < 0,05) met Denemarken 2018-2019 bij: "
     "\xe2\x80\x98" "Dienst\xe2\x80\x99 (40% tegen 52%, p = 0,020). "
     "Niet getoetst, omdat de bron de waarde alleen bij benadering geeft: "
     "\xe2\x80\x98Proces\xe2\x80\x99 (Denemarken 2018-2019: meer dan "
     "75%).",
     "Significant difference (p < 0.05) with Denmark 2018-2019 for: "
     "\xe2\x80\x98Service\xe2\x80\x99 (40% against 52%, p = 0.020). "
     "Not tested, as the source gives the value only approximately: "
     "\xe2\x80\x98Process\xe2\x80\x99 (Denmark 2018-2019: more "
     "than 75%)."},
    {"findings: no difference claimed on the approximate value",
     exact_and_approx, NULL, false,
     "Figuur 2 (Typen): het vaakst gekozen antwoord is \xe2\x80\x98"
     "Proces\xe2\x80\x99 (95%, n = 100).\n"
     "Figuur 2 (Typen), vergeleken met Denemarken 2018-2019: significant "
     "lager bij \xe2\x80\x98" "Dienst\xe2\x80\x99 (40% tegen 52%).\n",
     "Figure 2 (Types): the answer chosen most often is \xe2\x80\x98"
     "Process\xe2\x80\x99 (95%, n = 100).\n"
     "Figure 2 (Types), compared with Denmark 2018-2019: significantly "
     "lower for \xe2\x80\x98Service\xe2\x80\x99 (40% against 52%).\n"},
    {"caption: groups from this wave's cut points, 2021 not tested",
     groups_fig, NULL, true, "", ""},
    {"caption: one label for one source, whatever the period", one_label,
     NULL, true,
     "Geen significant verschil (p < 0,05) met Nederland 2021 "
     "(gepubliceerd) (2 vergelijkingen).",
     "No significant difference (p < 0.05) with Netherlands 2021 "
     "(published) (2 comparisons)."},
    {"caption: Denmark significant, Sweden not", NULL, fig1_dk_sig_se_not,
     true,
     "Geen significant verschil (p < 0,05) met Nederland 2019-2020. "
     "Significant verschil (p < 0,05) met Denemarken 2018-2019 bij: "
     "\xe2\x80\x98ja\xe2\x80\x99 (86% tegen 80%, p = 0,003). Geen "
     "significant verschil (p < 0,05) met Zweden.",
     "No significant difference (p < 0.05) with Netherlands 2019-2020. "
     "Significant difference (p < 0.05) with Denmark 2018-2019 for: "
     "\xe2\x80\x98yes\xe2\x80\x99 (86% against 80%, p = 0.003). No "
     "significant difference (p < 0.05) with Sweden."},
};

/* A benchmark value as published, with its qualifier in words. */
static void published_values(void **state)
{
    (void)state;
    static const struct {
        const char *entry, *nl, *en;
    } cases[] = {
        {"{\"percent\": 86, \"qualifier\": \"\"}", "86%", "86%"},
        {"{\"percent\": 15, \"qualifier\": \"about\"}", "circa 15%",
         "about 15%"},
        {"{\"percent\": 75, \"qualifier\": \"more than\"}", "meer dan 75%",
         "more than 75%"},
        {"{\"percent\": 30, \"qualifier\": \"almost\"}", "bijna 30%",
         "almost 30%"},
        {"{\"percent\": 12.5, \"qualifier\": \"just over\"}",
         "ruim 12,5%", "just over 12.5%"},
        {"{\"percent\": null}", "", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *b = json_loads(cases[i].entry, 0, NULL);
        assert_non_null(b);
        char buf[64];
        assert_string_equal(bar_text_published(buf, sizeof buf, b,
                                               BAR_LANG_NL), cases[i].nl);
        assert_string_equal(bar_text_published(buf, sizeof buf, b,
                                               BAR_LANG_EN), cases[i].en);
        json_decref(b);
    }
}

/* The caption of Fig 17: this wave's cut points with a decimal comma in
 * Dutch, and the published shares named as context, not tested. */
static void groups_caption(void **state)
{
    (void)state;
    static const char *const want[] = {
        "De groepen komen uit de optimale afkappunten van deze meting op "
        "\xe2\x80\x98Innovatieklimaat\xe2\x80\x99: 3,15 en 4,05. De "
        "aandelen van Nederland 2021 komen uit groepen met andere "
        "afkappunten; ze staan er alleen ter vergelijking en zijn niet "
        "getoetst.",
        "The groups come from this wave's optimal cut points on "
        "\xe2\x80\x98Innovation climate\xe2\x80\x99: 3.15 and 4.05. The "
        "shares of Netherlands 2021 come from groups with other cut points; "
        "they are shown for context only and not tested.",
    };
    json_t *fig = json_loads(groups_fig, 0, NULL);
    assert_non_null(fig);
    bar_study *study = load_study(NULL);
    for (int l = 0; l < 2; l++) {
        bar_buf out;
        bar_buf_init(&out, CAP);
        assert_int_equal(bar_text_groups_caption(fig, study, (bar_lang)l,
                                                 &out, NULL), BAR_OK);
        if (strcmp(out.data ? out.data : "", want[l]) != 0)
            fail_msg("%s:\n got '%s'\nwant '%s'", l ? "en" : "nl",
                     out.data ? out.data : "", want[l]);
        bar_buf_clear(&out);
    }
    /* another figure: nothing */
    json_t *other = json_loads(caption_none_sig, 0, NULL);
    bar_buf out;
    bar_buf_init(&out, CAP);
    assert_int_equal(bar_text_groups_caption(other, study, BAR_LANG_NL, &out,
                                             NULL),
                     BAR_OK);
    assert_int_equal(out.len, 0);
    bar_buf_clear(&out);
    json_decref(other);
    json_decref(fig);
    bar_study_free(study);
}

static void figure_sentences(void **state)
{
    (void)state;
    json_t *results = json_loads(crosstab_fragment, 0, NULL);
    assert_non_null(results);
    bar_study *study = load_study(NULL);
    for (size_t i = 0; i < sizeof figure_cases / sizeof figure_cases[0];
         i++) {
        const figure_case *k = &figure_cases[i];
        json_error_t jerr;
        json_t *doc = json_loads(k->fig ? k->fig : k->doc, 0, &jerr);
        if (!doc)
            fail_msg("%s: fragment:%d: %s", k->name, jerr.line, jerr.text);
        json_t *fig = k->fig ? json_incref(doc)
                             : json_incref(json_array_get(
                                   json_object_get(doc, "figures"), 0));
        json_decref(doc);
        for (int l = 0; l < 2; l++) {
            bar_buf out;
            bar_buf_init(&out, CAP);
            bar_status rc =
                k->caption
                    ? bar_text_benchmark_caption(results, fig, study,
                                                 (bar_lang)l, &out, NULL)
                    : bar_text_figure_findings(results, fig, NULL, study,
                                               (bar_lang)l, &out, NULL);
            assert_int_equal(rc, BAR_OK);
            const char *want = l == 0 ? k->nl : k->en;
            const char *got = out.data ? out.data : "";
            if (strcmp(got, want) != 0)
                fail_msg("%s (%s):\n got '%s'\nwant '%s'", k->name,
                         l == 0 ? "nl" : "en", got, want);
            bar_buf_clear(&out);
        }
        json_decref(fig);
    }
    json_decref(results);
    bar_study_free(study);
}

/* The plain-language sentence above a figure (bar_text_figure_lede): the
 * answer given most often and the comparisons with the main country as a
 * count or one verdict, the range over groups with the verdict, the
 * highest and lowest mean; variables by the study's short labels; never a
 * p-value. */
static const char lede_crosstab[] =
    "{\"figures\": [{\"id\": \"fig18\", \"kind\": \"crosstab\", "
    "\"caption\": \"figure\", \"number\": 18, " TITLE("Innovatie", "Innovation")
    ", \"by\": \"climate_group\", \"by_label\": " LABEL("Klimaat (groep)",
                                                      "Climate (group)")
    ", \"groups\": [{\"label\": " LABEL("Beperkt", "Limited") "}, {\"label\": "
    LABEL("Gemiddeld", "Average") "}, {\"label\": " LABEL("Krachtig", "Strong")
    "}], \"tables\": [{\"label\": " LABEL("Innovatie", "Innovation")
    ", \"rows\": [{\"code\": 0, \"label\": " LABEL("nee", "no")
    ", \"percents\": [30, 5, 20]}, {\"code\": 1, \"label\": " LABEL("ja", "yes")
    ", \"percents\": [70, 95, 80]}], \"test\": {\"p\": 0.00001}}]}]}";
static const char lede_boxplot[] =
    "{\"figures\": [{\"id\": \"fig16\", \"kind\": \"boxplot\", "
    "\"caption\": \"figure\", \"number\": 16, " TITLE("Klimaat", "Climate")
    ", \"variable\": \"climate\", \"groups\": [{\"label\": " LABEL("A", "A")
    ", \"mean\": 3.52}, {\"label\": " LABEL("B", "B") ", \"mean\": 4.04}, "
    "{\"label\": " LABEL("C", "C") ", \"mean\": null}]}]}";
static const char lede_suppressed[] =
    "{\"figures\": [{\"id\": \"fig3\", \"kind\": \"frequency\", "
    "\"suppressed\": true, \"categories\": []}]}";

static const struct lede_case {
    const char *name, *doc, *nl, *en;
} lede_cases[] = {
    {"the one comparison, significant", fig1_dk_sig_se_not,
     "De meeste organisaties (86%) antwoordden \xe2\x80\x98ja\xe2\x80\x99; "
     "het verschil met Denemarken (80%) is statistisch significant.",
     "Most organisations (86%) answered \xe2\x80\x98yes\xe2\x80\x99; the "
     "difference with Denmark (80%) is statistically significant."},
    {"a count of the comparisons", fig7_dk,
     "\xe2\x80\x98Wetgeving\xe2\x80\x99 wordt het vaakst genoemd, door 35% "
     "van de organisaties; bij 1 van de 2 antwoorden is het verschil met "
     "Denemarken statistisch significant.",
     "\xe2\x80\x98Legislation\xe2\x80\x99 is named most often, by 35% of "
     "the organisations; for 1 of the 2 answers the difference with Denmark "
     "is statistically significant."},
    {"not significant is no difference", fig7_dk_not,
     "\xe2\x80\x98Wetgeving\xe2\x80\x99 wordt het vaakst genoemd, door 29% "
     "van de organisaties; het verschil met Denemarken (20%) is niet "
     "statistisch significant.",
     "\xe2\x80\x98Legislation\xe2\x80\x99 is named most often, by 29% of "
     "the organisations; the difference with Denmark (20%) is not "
     "statistically significant."},
    {"range over the groups, short label", lede_crosstab,
     "Tussen de groepen naar innovatieklimaat loopt het aandeel \xe2\x80\x98"
     "ja\xe2\x80\x99 uiteen van 70% (\xe2\x80\x98" "Beperkt\xe2\x80\x99) tot "
     "95% (\xe2\x80\x98Gemiddeld\xe2\x80\x99); dat verschil is statistisch "
     "significant.",
     "Between the groups by innovation climate, the share \xe2\x80\x98yes"
     "\xe2\x80\x99 ranges from 70% (\xe2\x80\x98Limited\xe2\x80\x99) to 95% "
     "(\xe2\x80\x98" "Average\xe2\x80\x99); that difference is statistically "
     "significant."},
    {"highest and lowest mean", lede_boxplot,
     "De gemiddelde score op innovatieklimaat is het hoogst bij \xe2\x80\x98"
     "B\xe2\x80\x99 (4,0) en het laagst bij \xe2\x80\x98" "A\xe2\x80\x99 "
     "(3,5).",
     "The mean score on innovation climate is highest for \xe2\x80\x98"
     "B\xe2\x80\x99 (4.0) and lowest for \xe2\x80\x98" "A\xe2\x80\x99 "
     "(3.5)."},
    {"suppressed: nothing", lede_suppressed, "", ""},
};

static void figure_ledes(void **state)
{
    (void)state;
    bar_study *study = load_study(NULL);
    for (size_t i = 0; i < sizeof lede_cases / sizeof lede_cases[0]; i++) {
        const struct lede_case *k = &lede_cases[i];
        json_error_t jerr;
        json_t *doc = json_loads(k->doc, 0, &jerr);
        if (!doc)
            fail_msg("%s: fragment:%d: %s", k->name, jerr.line, jerr.text);
        json_t *fig = json_array_get(json_object_get(doc, "figures"), 0);
        for (int l = 0; l < 2; l++) {
            bar_buf out;
            bar_buf_init(&out, CAP);
            assert_int_equal(bar_text_figure_lede(doc, fig, NULL, study,
                                                  (bar_lang)l, &out, NULL),
                             BAR_OK);
            const char *want = l == 0 ? k->nl : k->en;
            const char *got = out.data ? out.data : "";
            if (strcmp(got, want) != 0)
                fail_msg("%s (%s):\n got '%s'\nwant '%s'", k->name,
                         l == 0 ? "nl" : "en", got, want);
            if (strstr(got, "p ="))
                fail_msg("%s: a p-value above a figure", k->name);
            bar_buf_clear(&out);
        }
        json_decref(doc);
    }
    bar_study_free(study);
}

/* The findings chapter as findings: per chapter the most widely given
 * answers and the significant group differences; the comparison with the
 * main country counted, then its largest differences each way. */
static void findings_chapter(void **state)
{
    (void)state;
    bar_study *study = load_study(NULL);
    static const struct {
        const char *doc, *nl, *en;
    } cases[] = {
        {fig7_dk,
         "Bij \xe2\x80\x98" "Aanleiding\xe2\x80\x99 is \xe2\x80\x98Wetgeving"
         "\xe2\x80\x99 het vaakst gegeven antwoord (35%).",
         "For \xe2\x80\x98" "Drivers\xe2\x80\x99 the answer given most often "
         "is \xe2\x80\x98Legislation\xe2\x80\x99 (35%)."},
        {lede_crosstab,
         "Tussen de groepen naar innovatieklimaat loopt het aandeel \xe2\x80"
         "\x98ja\xe2\x80\x99 uiteen van 70% (\xe2\x80\x98" "Beperkt\xe2\x80"
         "\x99) tot 95% (\xe2\x80\x98Gemiddeld\xe2\x80\x99); dat verschil is "
         "statistisch significant.",
         "Between the groups by innovation climate, the share \xe2\x80\x98"
         "yes\xe2\x80\x99 ranges from 70% (\xe2\x80\x98Limited\xe2\x80\x99) to "
         "95% (\xe2\x80\x98" "Average\xe2\x80\x99); that difference is "
         "statistically significant."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *doc = json_loads(cases[i].doc, 0, NULL);
        assert_non_null(doc);
        const json_t *figs[] = {
            json_array_get(json_object_get(doc, "figures"), 0)};
        for (int l = 0; l < 2; l++) {
            bar_buf out;
            bar_buf_init(&out, CAP);
            assert_int_equal(bar_text_chapter_findings(doc, figs, 1, NULL,
                                                       study, (bar_lang)l,
                                                       &out, NULL),
                             BAR_OK);
            const char *want = l == 0 ? cases[i].nl : cases[i].en;
            if (strcmp(out.data ? out.data : "", want) != 0)
                fail_msg("case %zu (%s):\n got '%s'\nwant '%s'", i,
                         l == 0 ? "nl" : "en", out.data, want);
            bar_buf_clear(&out);
        }
        json_decref(doc);
    }
    json_t *doc = json_loads(fig7_dk, 0, NULL);
    assert_non_null(doc);
    bar_buf head, out;
    bar_buf_init(&head, CAP);
    bar_buf_init(&out, CAP);
    assert_int_equal(bar_text_country_findings(doc, study, BAR_LANG_NL,
                                               &head, &out, NULL),
                     BAR_OK);
    assert_string_equal(head.data, "Vergelijking met Denemarken");
    assert_string_equal(out.data,
                        "Van de 2 vergelijkingen met Denemarken laten er 1 "
                        "een statistisch significant verschil zien. Hoger "
                        "in deze meting dan in Denemarken: \xe2\x80\x98"
                        "Nieuwe technologie\xe2\x80\x99 (30% tegen 22%).");
    bar_buf_clear(&head);
    bar_buf_clear(&out);
    /* no study, so no main country: nothing */
    bar_study *none = NULL;
    bar_buf_init(&head, CAP);
    bar_buf_init(&out, CAP);
    assert_int_equal(bar_text_country_findings(doc, none, BAR_LANG_NL,
                                               &head, &out, NULL),
                     BAR_OK);
    assert_int_equal(out.len, 0);
    bar_buf_clear(&head);
    bar_buf_clear(&out);
    json_decref(doc);
    bar_study_free(study);
}

/* Authored Markdown (bar_markup_markdown): CommonMark in, and nothing
 * from the file passes through as markup. */
static const struct md_case {
    const char *name, *md, *want, *never;
} md_cases[] = {
    {"paragraph and emphasis", "Een *nieuwe* tekst.",
     "<p>Een <em>nieuwe</em> tekst.</p>", NULL},
    {"heading moved down two levels", "# Kop\n\n### Sub",
     "<h3>Kop</h3>\n<h5>Sub</h5>", NULL},
    {"heading capped at h6", "###### Diep", "<h6>Diep</h6>", NULL},
    {"a script block is text", "<script>alert(1)</script>\n",
     "&lt;script&gt;alert(1)&lt;/script&gt;", "<script"},
    {"inline HTML is text", "Dit is <b onclick=\"x()\">vet</b>.",
     "&lt;b onclick=&quot;x()&quot;&gt;vet&lt;/b&gt;", "<b"},
    {"an HTML block is text", "<div style=\"x\">\n<iframe src=x>\n</div>\n",
     "&lt;iframe src=x&gt;", "<iframe"},
    {"javascript: link loses its target", "[klik](javascript:alert(1))",
     "<a href=\"\">klik</a>", "javascript:"},
    {"javascript: autolink too", "<javascript:alert(1)>", NULL,
     "href=\"javascript"},
    {"an image is its text", "![een grafiek](http://example.org/x.png)",
     "<p>een grafiek</p>", "<img"},
    {"a link stays a link", "[bron](https://example.org/a?b=1&c=2)",
     "<a href=\"https://example.org/a?b=1&amp;c=2\">bron</a>", NULL},
};

static void markdown_escapes(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof md_cases / sizeof md_cases[0]; i++) {
        const struct md_case *k = &md_cases[i];
        bar_buf out;
        bar_buf_init(&out, CAP);
        assert_int_equal(bar_markup_markdown(&out, k->md, strlen(k->md), 2),
                         BAR_OK);
        const char *got = out.data ? out.data : "";
        if (k->want && !strstr(got, k->want))
            fail_msg("%s: want '%s' in '%s'", k->name, k->want, got);
        if (k->never && strstr(got, k->never))
            fail_msg("%s: '%s' in '%s'", k->name, k->never, got);
        bar_buf_clear(&out);
    }
}

/* A study with texts (JSON of the "texts" array, files under dir). */
static bar_study *study_with_texts(const char *texts, bar_error *err)
{
    char *text = NULL;
    size_t len = 0;
    const char *path = BAR_DATA_DIR "/study/ibo-2021.json";
    assert_int_equal(bar_file_read(path, 1 << 20, &text, &len, err), BAR_OK);
    json_t *j = json_loadb(text, len, 0, NULL);
    assert_non_null(j);
    json_object_set_new(j, "texts", json_loads(texts, 0, NULL));
    char *out = json_dumps(j, 0);
    bar_study *study = NULL;
    bar_status rc = bar_study_parse(out, strlen(out), "study.json", &study,
                                    err);
    free(out);
    free(text);
    json_decref(j);
    return rc == BAR_OK ? study : NULL;
}

static void write_text(const char *dir, const char *name, const char *s)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(s, f);
    fclose(f);
}

/* Authored texts on the page: each where the study puts it (before a
 * chapter, after a figure), framed and signed, its Markdown escaped; a
 * place not on the page puts it at the end; a missing file is an error
 * naming the text and the file. */
static void authored_texts(void **state)
{
    (void)state;
    char dir[] = "/tmp/bar_texts_XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_text(dir, "intro.nl.md", "# Welkom\n\nDe *inleiding*.\n\n"
                                   "<script>alert('x')</script>\n");
    write_text(dir, "intro.en.md", "Welcome.");
    write_text(dir, "box.nl.md", "Na figuur 1.");
    write_text(dir, "box.en.md", "After figure 1.");
    json_t *doc = load_json(BAR_TEST_DATA "/render/results-full.json");
    bar_instrument *ins = load_instrument();
    bar_spec *spec = load_spec(ins);
    bar_error err;
    bar_error_init(&err);
    bar_study *study = study_with_texts(
        "[{\"id\": \"intro\", \"before\": \"chapter:innovations\", "
        "\"title\": {\"nl\": \"Inleiding\", \"en\": \"Introduction\"}, "
        "\"authors\": \"A. Auteur\", \"file\": {\"nl\": \"intro.nl.md\", "
        "\"en\": \"intro.en.md\"}}, {\"id\": \"box\", \"after\": \"fig1\", "
        "\"file\": {\"nl\": \"box.nl.md\", \"en\": \"box.en.md\"}}]", &err);
    if (!study)
        fail_msg("%s", err.msg);
    bar_authored *texts = NULL;
    assert_int_equal(bar_authored_load(study, dir, BAR_LANG_NL, &texts,
                                       &err), BAR_OK);
    assert_int_equal(bar_authored_count(texts), 2);
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_report_options opt = {.lang = BAR_LANG_NL, .ins = ins,
                              .study = study, .spec = spec,
                              .authored = texts};
    if (bar_report_html(doc, &opt, &out, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    const char *s = out.data;
    const char *order[] = {
        "<a href=\"#text-intro\">Inleiding</a>",   /* in the contents */
        "id=\"text-intro\"", "Tekst van A. Auteur", "<h2 id=\"text-intro-"
        "title\">Inleiding</h2>", "<h3>Welkom</h3>",
        "&lt;script&gt;alert('x')&lt;/script&gt;",
        "id=\"ch-innovations\"", "id=\"fig1\"", "id=\"text-box\"",
        "Tekst van de auteurs", "Na figuur 1.", "id=\"fig2\""};
    const char *at = s;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *next = strstr(at, order[i]);
        if (!next)
            fail_msg("'%s' missing or out of order", order[i]);
        at = next;
    }
    assert_null(strstr(s, "<script"));
    bar_buf_clear(&out);
    bar_authored_free(texts);
    bar_study_free(study);

    /* a figure the report does not have: the text is not lost */
    study = study_with_texts(
        "[{\"id\": \"lost\", \"before\": \"fig99\", \"file\": "
        "{\"nl\": \"box.nl.md\", \"en\": \"box.en.md\"}}]", &err);
    assert_non_null(study);
    assert_int_equal(bar_authored_load(study, dir, BAR_LANG_NL, &texts,
                                       &err), BAR_OK);
    bar_buf_init(&out, CAP);
    opt.study = study;
    opt.authored = texts;
    bar_error_clear(&err);
    bar_error_init(&err);
    assert_int_equal(bar_report_html(doc, &opt, &out, &err), BAR_OK);
    /* at the end of the page, after the last chapter */
    const char *lost = strstr(out.data, "id=\"text-lost\"");
    assert_non_null(lost);
    assert_non_null(strstr(out.data, "id=\"ch-frequencies\""));
    assert_true(lost > strstr(out.data, "id=\"ch-frequencies\""));
    assert_true(lost < strstr(out.data, "</main>"));
    bar_buf_clear(&out);
    bar_authored_free(texts);
    bar_study_free(study);

    /* a missing file: the error names it */
    study = study_with_texts(
        "[{\"id\": \"gone\", \"after\": \"chapter:climate\", \"file\": "
        "{\"nl\": \"nowhere.nl.md\", \"en\": \"nowhere.en.md\"}}]", &err);
    assert_non_null(study);
    bar_error_clear(&err);
    bar_error_init(&err);
    assert_int_equal(bar_authored_load(study, dir, BAR_LANG_EN, &texts,
                                       &err), BAR_EIO);
    assert_null(texts);
    assert_non_null(strstr(err.msg, "text 'gone'"));
    assert_non_null(strstr(err.msg, "nowhere.en.md"));
    bar_study_free(study);

    /* the study refuses a text without a place, or with two */
    bar_error_clear(&err);
    bar_error_init(&err);
    assert_null(study_with_texts(
        "[{\"id\": \"x\", \"file\": {\"nl\": \"a\", \"en\": \"b\"}}]",
        &err));
    assert_non_null(strstr(err.msg, "exactly one of"));
    bar_error_clear(&err);
    bar_error_init(&err);
    assert_null(study_with_texts(
        "[{\"id\": \"x\", \"before\": \"chapter:nope\", \"file\": "
        "{\"nl\": \"a\", \"en\": \"b\"}}]", &err));
    assert_non_null(strstr(err.msg, "chapter the study does not have"));
    bar_error_clear(&err);
    const char *names[] = {"intro.nl.md", "intro.en.md", "box.nl.md",
                           "box.en.md"};
    for (size_t i = 0; i < 4; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
    bar_spec_free(spec);
    bar_instrument_free(ins);
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
    {"n missing", "fig2", "n", NULL, "'fig2': 'n'"},
    {"percent a string", "fig3", "categories",
     "[{\"code\": 1, \"label\": {\"nl\": \"a\", \"en\": \"a\"}, \"count\": 1,"
     " \"percent\": \"x\", \"ci_low\": 1, \"ci_high\": 2}]",
     "'fig3': 'percent'"},
    {"rows missing", "table1", "rows", NULL, "'table1': 'rows'"},
    {"title missing", "fig1", "title", NULL, "'fig1': 'title'"},
};

static json_t *damaged(const char *figure, const char *key,
                       const char *value)
{
    json_t *doc = load_fixture();
    size_t j;
    json_t *f;
    json_array_foreach(json_object_get(doc, "figures"), j, f) {
        if (strcmp(json_string_value(json_object_get(f, "id")), figure) != 0)
            continue;
        if (value)
            json_object_set_new(f, key,
                                json_loads(value, JSON_DECODE_ANY, NULL));
        else
            json_object_del(f, key);
    }
    return doc;
}

static void report_refuses_broken_documents(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        json_t *doc = damaged(broken[i].figure, broken[i].key,
                              broken[i].value);
        bar_buf out;
        bar_buf_init(&out, CAP);
        bar_error err;
        bar_error_init(&err);
        bar_report_options opt = {.lang = BAR_LANG_NL};
        bar_status rc = bar_report_html(doc, &opt, &out, &err);
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

/* A kind the renderer does not know is shown as a note (schema: fields
 * and kinds are only ever added). */
static void unknown_kind_is_a_note(void **state)
{
    (void)state;
    json_t *doc = damaged("fig1", "kind", "\"pie\"");
    bar_buf out;
    bar_buf_init(&out, CAP);
    bar_report_options opt = {.lang = BAR_LANG_NL};
    assert_int_equal(bar_report_html(doc, &opt, &out, NULL), BAR_OK);
    assert_non_null(strstr(out.data, "Dit onderdeel (soort \xe2\x80\x98pie"
                                     "\xe2\x80\x99) kan deze versie niet "
                                     "tonen."));
    bar_buf_clear(&out);
    json_decref(doc);
}

/* Simulated data say so on the cover, in both languages; real data do
 * not carry the notice. */
static void simulated_data_say_so(void **state)
{
    (void)state;
    static const struct {
        bar_lang lang;
        bool simulated;
        const char *want;
    } cases[] = {
        {BAR_LANG_NL, true, "<p class=\"notice\" role=\"note\">Gesimuleerde "
                            "gegevens: de cijfers in dit rapport zijn door "
                            "een model gemaakt"},
        {BAR_LANG_EN, true, "<p class=\"notice\" role=\"note\">Simulated "
                            "data: the figures in this report were made by "
                            "a model"},
        {BAR_LANG_NL, false, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *doc = load_fixture();
        if (cases[i].simulated)
            json_object_set_new(doc, "data", json_string("simulated"));
        bar_buf out;
        bar_buf_init(&out, CAP);
        bar_report_options opt = {.lang = cases[i].lang};
        assert_int_equal(bar_report_html(doc, &opt, &out, NULL), BAR_OK);
        if (cases[i].want)
            assert_non_null(strstr(out.data, cases[i].want));
        else
            assert_null(strstr(out.data, "class=\"notice\""));
        bar_buf_clear(&out);
        json_decref(doc);
    }
}

/* ---- what a Dutch reader reads --------------------------------------- */

/* The text nodes of an HTML page (inline SVG included), one per line:
 * tags with their attributes, comments, <style> and <script> left out.
 * Entities stay as written (none of them is a digit or a point). */
static void visible_text(const char *html, bar_buf *out)
{
    const char *s = html;
    while (*s) {
        if (*s != '<') {
            const char *e = strchr(s, '<');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            bar_buf_add(out, s, n);
            s += n;
            continue;
        }
        bar_buf_puts(out, "\n");
        if (strncmp(s, "<!--", 4) == 0) {
            const char *e = strstr(s, "-->");
            s = e ? e + 3 : s + strlen(s);
            continue;
        }
        const char *skip_to = NULL;
        if (strncmp(s, "<style", 6) == 0)
            skip_to = "</style>";
        else if (strncmp(s, "<script", 7) == 0)
            skip_to = "</script>";
        if (skip_to) {
            const char *e = strstr(s, skip_to);
            s = e ? e + strlen(skip_to) : s + strlen(s);
            continue;
        }
        char quote = 0;
        for (s++; *s && (quote || *s != '>'); s++)
            if (quote && *s == quote)
                quote = 0;
            else if (!quote && (*s == '"' || *s == '\''))
                quote = *s;
        if (*s)
            s++;
    }
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Whether [b, e) is a Dutch number with a point between thousands:
 * "1.374", "12.345.678,5" (a first group of 1-3 digits, not 0). */
static bool dutch_grouped(const char *b, const char *e)
{
    const char *p = b;
    size_t lead = 0;
    while (p < e && is_digit(*p))
        p++, lead++;
    if (lead < 1 || lead > 3 || *b == '0' || p == e || *p != '.')
        return false;
    while (p < e && *p == '.') {
        for (int k = 1; k <= 3; k++)
            if (p + k >= e || !is_digit(p[k]))
                return false;
        p += 4;
    }
    if (p < e && *p == ',') {
        p++;
        while (p < e && is_digit(*p))
            p++;
    }
    return p == e;
}

/* Every number written with a decimal point in text, with its context;
 * returns how many. */
static int decimal_points(const char *text, const char *what)
{
    int bad = 0;
    for (const char *s = text; *s; s++) {
        if (!(s > text && is_digit(s[-1]) && s[0] == '.' && is_digit(s[1])))
            continue;
        const char *b = s, *e = s;
        while (b > text && (is_digit(b[-1]) || b[-1] == '.' || b[-1] == ','))
            b--;
        while (*e && (is_digit(*e) || *e == '.' || *e == ','))
            e++;
        while (e > b && (e[-1] == '.' || e[-1] == ','))
            e--;
        /* The program's version ("barometer 0.1.0") is not a number. */
        if (dutch_grouped(b, e) ||
            (b - text >= 10 && strncmp(b - 10, "barometer ", 10) == 0)) {
            s = e;
            continue;
        }
        const char *cb = b - text > 40 ? b - 40 : text;
        if (bad < 20)
            print_error("%s: a decimal point: '%.*s'\n", what,
                        (int)(e - cb + 20), cb);
        bad++;
        s = e;
    }
    return bad;
}

/* Whether word occurs in text as a whole word (not inside a longer name). */
static const char *find_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *s = strstr(text, word); s; s = strstr(s + 1, word)) {
        char before = s > text ? s[-1] : ' ', after = s[n];
        bool name_char_before = (before >= 'a' && before <= 'z') ||
                                is_digit(before) || before == '_';
        bool name_char_after = (after >= 'a' && after <= 'z') ||
                               is_digit(after) || after == '_';
        if (!name_char_before && !name_char_after)
            return s;
    }
    return NULL;
}

/* The full fixture (366 simulated cases, every kind) with the 2021 spec and
 * the instrument: in the Dutch edition no number has a decimal point, no
 * p-value reads 0,000, no English method sentence, no variable name of
 * the instrument and no country code reaches the reader; the English
 * edition carries none of the Dutch method sentences, no variable name and
 * no country code either. */
static void dutch_reader(void **state)
{
    (void)state;
    json_t *doc = load_json(BAR_TEST_DATA "/render/results-wave366.json");
    bar_instrument *ins = load_instrument();
    bar_spec *spec = load_spec(ins);
    bar_study *study = load_study(NULL);
    static const char *const english[] = {
        "expect fewer than", "approximate", "principal axis",
        "backward elimination", "loading below",
        "|loading|", "Pearson correlations", "no answers",
        "no variation", "mean of the retained", "cell(s)", "Complete cases",
        "not shown", "Numbers for", "k-means (exact dynamic",
    };
    static const char *const dutch[] = {
        "cel(len)", "bij benadering", "principale-assen",
        "achterwaartse eliminatie", "vallen af", "|lading|",
        "geen antwoorden", "geen variatie", "Volledige gevallen",
        "Cijfers bij", "significant verschil",
    };
    int bad = 0;
    for (int l = 0; l < 2; l++) {
        bar_lang lang = l ? BAR_LANG_EN : BAR_LANG_NL;
        const char *what = l ? "en" : "nl";
        bar_buf out, text;
        bar_buf_init(&out, CAP);
        bar_buf_init(&text, CAP);
        bar_error err;
        bar_error_init(&err);
        bar_report_options opt = {.lang = lang, .ins = ins, .spec = spec,
                                  .study = study, .data_dir = "data"};
        if (bar_report_html(doc, &opt, &out, &err) != BAR_OK)
            fail_msg("%s", err.msg);
        visible_text(out.data, &text);
        assert_int_equal(bar_buf_status(&text), BAR_OK);
        const char *t = text.data;
        if (lang == BAR_LANG_NL) {
            bad += decimal_points(t, what);
            if (strstr(t, "0,000") && strstr(t, "p = 0,000")) {
                print_error("nl: p = 0,000\n");
                bad++;
            }
        } else {
            if (strstr(t, "p = 0.000")) {
                print_error("en: p = 0.000\n");
                bad++;
            }
        }
        const char *const *foreign = l ? dutch : english;
        size_t nforeign = l ? sizeof dutch / sizeof dutch[0]
                            : sizeof english / sizeof english[0];
        for (size_t i = 0; i < nforeign; i++) {
            const char *at = strstr(t, foreign[i]);
            if (at) {
                print_error("%s: '%s' in '%.80s'\n", what, foreign[i],
                            at > t + 30 ? at - 30 : t);
                bad++;
            }
        }
        /* A country is named, not coded: no cell or label "DK" ("SE" is
         * also the standard error's column). */
        static const char *const codes[] = {"\nDK\n", "\nNO\n", "\nFI\n",
                                            "\nNL\n"};
        for (size_t c = 0; c < sizeof codes / sizeof codes[0]; c++) {
            if (strstr(t, codes[c])) {
                print_error("%s: a country code%s", what, codes[c]);
                bad++;
            }
        }
        for (size_t v = 0; v < bar_instrument_nvars(ins); v++) {
            const char *name = bar_var_name(bar_instrument_var(ins, v));
            if (!strchr(name, '_'))
                continue;  /* "sector" is also a word */
            const char *at = find_word(t, name);
            if (at) {
                print_error("%s: variable name '%s' in '%.80s'\n", what,
                            name, at > t + 30 ? at - 30 : t);
                bad++;
            }
        }
        bar_buf_clear(&out);
        bar_buf_clear(&text);
        bar_error_clear(&err);
    }
    assert_int_equal(bad, 0);
    bar_spec_free(spec);
    bar_study_free(study);
    bar_instrument_free(ins);
    json_decref(doc);
}

/* The analysis' notes (English in the document, written by
 * bar_results_note) as the reader reads them: translated in Dutch,
 * variable names as labels in both languages, unknown notes as they are. */
static void analysis_notes(void **state)
{
    (void)state;
    static const char derived[] =
        " (a derived variable without values: it is set by a scale entry, "
        "which this specification lacks or which could not be computed)";
    static const struct {
        bar_lang lang;
        const char *key, *format, *args[3], *want;
    } cases[] = {
        {BAR_LANG_NL, BAR_RK_NOTE, "fewer than {1} answers: suppressed",
         {"5"}, "minder dan 5 antwoorden: niet getoond"},
        {BAR_LANG_EN, BAR_RK_NOTE, "fewer than {1} answers: suppressed",
         {"5"}, "fewer than 5 answers: suppressed"},
        {BAR_LANG_NL, BAR_RK_NOTE, "no case in the base answered '{1}'",
         {"clim_vision"},
         "geen organisatie in de basis beantwoordde \xe2\x80\x98"
         "Er is een duidelijke visie op waar de organisatie naartoe gaat."
         "\xe2\x80\x99"},
        {BAR_LANG_EN, BAR_RK_NOTE, "no case in the base answered '{1}'",
         {"clim_vision"},
         "no case in the base answered 'There is a clear vision of where "
         "the organisation is heading.'"},
        {BAR_LANG_NL, BAR_RK_ERROR,
         "'{1}' does not vary among the {2} complete cases: no model",
         {"spectrum", "12"},
         "\xe2\x80\x98Innovatiespectrum (aantal typen innovatie)"
         "\xe2\x80\x99 varieert niet binnen de 12 volledige gevallen: geen "
         "model"},
        {BAR_LANG_NL, BAR_RK_NOTE,
         "no case in the base has both '{1}' and '{2}'{3}",
         {"spectrum", "climate_group", derived},
         "geen organisatie in de basis heeft zowel \xe2\x80\x98"
         "Innovatiespectrum (aantal typen innovatie)\xe2\x80\x99 als "
         "\xe2\x80\x98Innovatieklimaat (groep)\xe2\x80\x99 (een afgeleide "
         "variabele zonder waarden: een schaalonderdeel zet haar, maar dat "
         "ontbreekt in deze specificatie of kon niet worden berekend)"},
        {BAR_LANG_NL, BAR_RK_SHAPIRO_NOTE,
         "shapiro-wilk: sample size {1} is not between 3 and 5000", {"6012"},
         "Shapiro-Wilk: de steekproef van 6012 ligt niet tussen 3 en 5000"},
        /* an argument that is not a variable's name stays as it is */
        {BAR_LANG_NL, BAR_RK_NOTE, "fewer than {1} answers: suppressed",
         {"x"}, "minder dan x antwoorden: niet getoond"},
        {BAR_LANG_NL, BAR_RK_ERROR, "something new", {NULL}, "something new"},
        {BAR_LANG_NL, BAR_RK_NOTE, "", {NULL}, ""},
    };
    bar_instrument *ins = load_instrument();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[1024];
        json_t *o = json_object();
        assert_int_equal(bar_results_note(o, cases[i].key, cases[i].format,
                                          cases[i].args[0], cases[i].args[1],
                                          cases[i].args[2], NULL),
                         BAR_OK);
        bar_text_note(buf, sizeof buf, o, cases[i].key, ins, cases[i].lang);
        if (strcmp(buf, cases[i].want) != 0)
            fail_msg("case %zu: '%s', want '%s'", i, buf, cases[i].want);
        json_decref(o);
    }
    bar_instrument_free(ins);
}

/* ---- what goes into HTML --------------------------------------------- */

static const char *const payloads[] = {
    "\"><img src=x onerror=alert(1)>",
    "</title><script>alert(2)</script>",
    "' onmouseover='alert(3)' x='",
    "x\" onmouseover=alert(4)><img src=x onerror=alert(5)>",
    "javascript:alert(6)",
    "]]><!--<svg onload=alert(7)>-->",
};

/* Keys whose values the renderer dispatches on; every other string of the
 * document is made hostile. */
static bool structural(const char *key)
{
    static const char *const keys[] = {"kind", "caption", "schema", "data",
                                       "base", NULL};
    for (size_t i = 0; keys[i]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

/* Prefix every string value of j (but structural keys') with a payload,
 * the same string always with the same payload, so that ids still match
 * between the results and the spec. */
static void poison(json_t *j)
{
    if (json_is_object(j)) {
        const char *key;
        json_t *v;
        json_object_foreach(j, key, v) {
            if (json_is_string(v) && !structural(key)) {
                const char *old = json_string_value(v);
                size_t h = 0;
                for (const char *c = old; *c; c++)
                    h = h * 31 + (unsigned char)*c;
                char *both = NULL;
                const char *pay = payloads[h % (sizeof payloads /
                                                sizeof payloads[0])];
                size_t n = strlen(pay) + strlen(old) + 1;
                both = malloc(n);
                assert_non_null(both);
                snprintf(both, n, "%s%s", pay, old);
                json_object_set_new(j, key, json_string(both));
                free(both);
            } else {
                poison(v);
            }
        }
    } else if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) {
            if (json_is_string(v)) {
                char both[512];
                snprintf(both, sizeof both, "%s%s", payloads[i % 6],
                         json_string_value(v));
                json_array_set_new(j, i, json_string(both));
            } else {
                poison(v);
            }
        }
    }
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '!';
}

static bool listed(const char *const *list, const char *s, size_t n)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == n && strncmp(list[i], s, n) == 0)
            return true;
    return false;
}

/* Every tag of page (outside <style>) must be one the report writes, with
 * attributes the report writes, each value double-quoted; an href must
 * point into the page or to data/ or report.css. Returns the faults. */
static int live_markup(const char *page, const char *what)
{
    static const char *const tags[] = {
        "!DOCTYPE", "html", "head", "meta", "title", "link", "style",
        "body", "main", "header", "nav", "h1", "h2", "h3", "p", "ul", "ol",
        "li", "a", "section", "figure", "figcaption", "aside", "div",
        "table", "caption", "thead", "tbody", "tr", "th", "td", "details",
        "summary", "span", "strong", "em", "dl", "dt", "dd", "footer", "br",
        "svg", "g", "rect", "line", "path", "circle", "text", "tspan",
        "desc", NULL};
    static const char *const attrs[] = {
        "lang", "charset", "name", "content", "rel", "href", "class", "id",
        "role", "tabindex", "aria-label", "aria-labelledby", "scope", "download",
        "xmlns", "width", "height", "viewBox", "font-family", "font-size",
        "font-weight", "font-style", "x", "y", "x1", "y1", "x2", "y2", "cx",
        "cy", "r", "d", "fill", "stroke", "stroke-width",
        "stroke-dasharray", "text-anchor", "dy", "html", "text-rendering",
        NULL};
    int bad = 0;
    const char *s = page;
    while ((s = strchr(s, '<')) != NULL) {
        s++;
        if (*s == '/')
            s++;
        const char *name = s;
        while (name_char(*s))
            s++;
        size_t n = (size_t)(s - name);
        if (!listed(tags, name, n)) {
            print_error("%s: element <%.*s> at '%.60s'\n", what, (int)n,
                        name, name);
            bad++;
            continue;
        }
        /* Attributes: name="value", value without a raw quote. */
        for (;;) {
            while (*s == ' ' || *s == '\n')
                s++;
            if (*s == '>' || (*s == '/' && s[1] == '>') || !*s)
                break;
            const char *an = s;
            while (name_char(*s))
                s++;
            size_t alen = (size_t)(s - an);
            if (alen == 0 || !listed(attrs, an, alen)) {
                print_error("%s: attribute '%.*s' at '%.60s'\n", what,
                            (int)(alen ? alen : 1), an, an);
                bad++;
                break;
            }
            if (*s != '=')
                continue;  /* a bare attribute: download, html */
            if (s[1] != '"') {
                print_error("%s: unquoted value at '%.60s'\n", what, an);
                bad++;
                break;
            }
            const char *v = s + 2, *e = strchr(v, '"');
            if (!e)
                break;
            if (alen == 4 && strncmp(an, "href", 4) == 0 && *v != '#' &&
                strncmp(v, "data/", 5) != 0 &&
                strncmp(v, "report.css", 10) != 0) {
                print_error("%s: href '%.*s'\n", what, (int)(e - v), v);
                bad++;
            }
            s = e + 1;
        }
        if (n == 5 && strncmp(name, "style", 5) == 0) {
            const char *e = strstr(s, "</style>");
            s = e ? e : s + strlen(s);
        }
    }
    return bad;
}

/* A study whose chapters (ids, titles, intros; every one shown), country
 * names and total label are the payloads. */
static bar_study *hostile_study(void)
{
    json_t *chapters = json_array(), *countries = json_array();
    for (size_t i = 0; i < 6; i++) {
        json_t *t = json_pack("{s:s, s:s}", "nl", payloads[i], "en",
                              payloads[i]);
        json_array_append_new(chapters,
                              json_pack("{s:s, s:b, s:b, s:O, s:O}", "id",
                                        payloads[i], "numbered", i < 3,
                                        "always", 1, "title", t, "intro",
                                        t));
        char code[8];
        snprintf(code, sizeof code, "C%zu", i);
        json_array_append_new(countries, json_pack("{s:s, s:O}", "code",
                                                   code, "name", t));
        json_decref(t);
    }
    json_t *j = json_pack(
        "{s:s, s:s, s:i, s:{s:s, s:s}, s:s, s:s, s:o, s:s, s:o, s:s,"
        " s:{s:{s:s, s:s}}}",
        "format", "barometer-study", "id", payloads[0], "year", 2021,
        "title", "nl", payloads[1], "en", payloads[1], "instrument", "i",
        "report", "r", "chapters", chapters, "findings_before", payloads[3],
        "countries", countries, "main_country", "C0", "labels", "total",
        "nl", payloads[2], "en", payloads[2]);
    assert_non_null(j);
    char *text = json_dumps(j, 0);
    bar_study *study = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_study_parse(text, strlen(text), "hostile", &study, &err) !=
        BAR_OK)
        fail_msg("%s", err.msg);
    bar_error_clear(&err);
    free(text);
    json_decref(j);
    return study;
}

/* Every string of the full results document (labels, ids, countries,
 * sources, test names, notes), the study's chapters and names and every
 * text of the instrument hostile: the Dutch and English pages carry them
 * as text only. */
static void hostile_strings_stay_text(void **state)
{
    (void)state;
    json_t *doc = load_json(BAR_TEST_DATA "/render/results-full.json");
    poison(doc);
    bar_study *study = hostile_study();
    bar_instrument *ins = load_instrument();
    bar_spec *spec = load_spec(ins);
    int bad = 0;
    for (int l = 0; l < 2; l++) {
        for (int with_ins = 0; with_ins < 2; with_ins++) {
            bar_buf out;
            bar_buf_init(&out, CAP);
            bar_error err;
            bar_error_init(&err);
            bar_report_options opt = {.lang = l ? BAR_LANG_EN : BAR_LANG_NL,
                                      .ins = with_ins ? ins : NULL,
                                      .study = study, .spec = spec,
                                      .data_dir = "data",
                                      .stylesheet = "report.css"};
            if (bar_report_html(doc, &opt, &out, &err) != BAR_OK)
                fail_msg("%s", err.msg);
            const char *what = l ? "en" : "nl";
            bad += live_markup(out.data, what);
            /* The payloads are there, as text. */
            if (!strstr(out.data, "&lt;img src=x onerror=alert(1)&gt;") ||
                !strstr(out.data, "&lt;/title&gt;&lt;script&gt;"))
                fail_msg("%s: the payloads did not reach the page", what);
            bar_buf_clear(&out);
            bar_error_clear(&err);
        }
    }
    assert_int_equal(bad, 0);
    bar_spec_free(spec);
    bar_study_free(study);
    bar_instrument_free(ins);
    json_decref(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(svg_matches_golden),
        cmocka_unit_test(layout_follows_labels),
        cmocka_unit_test(svg_refuses_bad_values),
        cmocka_unit_test(report_matches_golden),
        cmocka_unit_test(report_in_english),
        cmocka_unit_test(full_report),
        cmocka_unit_test(chart_order_follows_spec),
        cmocka_unit_test(stylesheet_prints_a4),
        cmocka_unit_test(csv_names),
        cmocka_unit_test(findings_sentences),
        cmocka_unit_test(findings_main_country_from_study),
        cmocka_unit_test(figure_sentences),
        cmocka_unit_test(figure_ledes),
        cmocka_unit_test(findings_chapter),
        cmocka_unit_test(markdown_escapes),
        cmocka_unit_test(authored_texts),
        cmocka_unit_test(groups_caption),
        cmocka_unit_test(published_values),
        cmocka_unit_test(report_refuses_broken_documents),
        cmocka_unit_test(unknown_kind_is_a_note),
        cmocka_unit_test(simulated_data_say_so),
        cmocka_unit_test(dutch_reader),
        cmocka_unit_test(analysis_notes),
        cmocka_unit_test(hostile_strings_stay_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
