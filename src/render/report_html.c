/* report_html.c - the published report as one HTML page (report_html.h).
 *
 * The page is written top to bottom: title block, contents, summary, the
 * chapters (entries grouped by the `chapter` of their spec entry, in the
 * order of `chapters` below, spec order within), findings, appendices.
 * Each entry is one block: caption, chart (one function per kind that
 * pulls the numbers out of the document and calls svg.h), the notes under
 * it, and its tables (table.h). The fixed words of the page are the English
 * `ui_en`, translated through the catalogues (core/i18n.h, po/); the
 * generated sentences are report_text.c's.
 */
#include "render/report_html.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/authored.h"
#include "render/font.h"
#include "render/markup.h"
#include "render/numfmt.h"
#include "render/report_text.h"
#include "render/svg.h"
#include "render/wordcloud.h"
#include "text/textmine.h"
#include "text/tokenizer.h"
#include "render/table.h"
#include "results/results.h"

/* The chapter of an entry of the report specification (a key of the spec,
 * not of the results document). */
#define SPEC_CHAPTER "chapter"

enum {
    MAX_SOURCES = 32,   /* distinct benchmark sources named on the page */
    MAX_ITEMS = 256,    /* bars, items, groups of one chart */
    MAX_CHAPTERS = 48   /* chapters, of the study and unknown */
};

/* ---- the fixed words of the page ---- */

typedef struct ui_words {
    const char *report, *contents, *summary, *summary_intro,
        *key_findings, *findings, *findings_intro, *figure, *table, *box,
        *other_chapter, *question, *variable, *asked_all, *asked_innovators,
        *asked, *no_answer, *not_asked, *unweighted, *interval_rule, *source,
        *generated_on, *made_with, *wave, *organisations, *csv, *numbers,
        *this_wave, *interval, *multi_note, *too_few, *not_shown, *by,
        *column_pct, *chi_square_rule, *method_intro, *method_base,
        *method_weighting, *method_missing, *method_groups, *method_intervals,
        *method_tests_list, *method_heading, *scale_note, *model_note,
        *model_redundant, *sig_legend, *unknown_kind, *groups_label,
        *climate_axis, *back_to_top, *n_label, *more_numbers, *no_frame,
        *simulated, *tests, *authored_label, *authored_by, *publisher,
        *colophon, *colophon_data, *skip, *date, *print_left_out;
} ui_words;

/* The word f of the page in p's language. */
#define UI(p, f) bar_tr((p)->lang, ui_en.f)

static const ui_words ui_en = {
    .report = N_("Report"),
    .contents = N_("Contents"),
    .summary = N_("Management summary"),
    .summary_intro =
        N_("This report describes the results of the {1}: which "
           "innovations public-sector organisations implemented, how they "
           "came about, what they achieved and in which climate. Where "
           "possible the figures are shown next to those of the Nordic "
           "innovation barometers."),
    .key_findings = N_("Key findings"),
    .findings = N_("Findings"),
    .findings_intro =
        N_("These findings are derived from the figures' numbers. A "
           "difference is only called a difference when its test finds it "
           "statistically significant (p < 0.05)."),
    .figure = N_("Figure"),
    .table = N_("Table"),
    .box = N_("Box"),
    .other_chapter = N_("Figures and tables"),
    .question = N_("Question"),
    .variable = N_("Variable"),
    .asked_all = N_("all organisations"),
    .asked_innovators = N_("organisations that implemented an innovation "
                           "in the last two years"),
    .asked = N_("Asked of"),
    .no_answer = N_("without a valid answer"),
    .not_asked = N_("of whom {1} were not asked ({2})"),
    .unweighted = N_("Unweighted."),
    .interval_rule = N_("Whiskers: 95% confidence interval (Wilson)."),
    .source = N_("Source"),
    .generated_on = N_("Generated on"),
    .made_with = N_("Made with"),
    .simulated = N_("Simulated data: the figures in this report were made "
                    "by a model (barometer simulate) and describe no real "
                    "organisations."),
    .wave = N_("Wave"),
    .organisations = N_("organisations"),
    .csv = N_("Download as CSV"),
    .numbers = N_("Numbers"),
    .this_wave = N_("This wave"),
    .interval = N_("95% confidence interval"),
    .multi_note = N_("Several answers possible; the percentages do not add "
                     "up to 100."),
    .too_few = N_("Too few answers to show this figure."),
    .not_shown = N_("There is no chart for this entry."),
    .by = N_("by"),
    .column_pct = N_("Percentages within each group (column percentages)."),
    .chi_square_rule = N_("Test: Pearson's chi-square test (p < 0.05 is "
                          "significant)."),
    .method_heading = N_("Method"),
    .method_intro =
        N_("The {1} is a survey of Dutch public-sector organisations. {2} "
           "organisations completed the questionnaire."),
    .method_base =
        N_("Base. Every percentage is of the organisations that were asked "
           "the question and gave a valid answer: all responding "
           "organisations or, for questions on the most recent innovation, "
           "only the organisations that innovated. Each figure states its "
           "base and n."),
    .method_weighting =
        N_("Weighting. The figures are unweighted: this version does not "
           "weight by sector or size, so sectors with a high response "
           "count for more."),
    .method_missing =
        N_("Missing answers. Questions not answered or not asked are left "
           "out of the percentages; their number is given with the figure. "
           "Where \xe2\x80\x98" "don't know\xe2\x80\x99 is an answer, it is "
           "shown as a category."),
    .method_groups =
        N_("Small groups. Groups of fewer than {1} organisations are merged "
           "into an \xe2\x80\x98Other\xe2\x80\x99 group; when that group is "
           "still too small, its counts are not shown. No organisation can "
           "be recognised."),
    .method_intervals =
        N_("Intervals. The whiskers on the bars are 95% confidence "
           "intervals (Wilson)."),
    .method_tests_list =
        N_("Tests. Comparisons with published figures: the two-proportion "
           "z-test "
           "when the number behind the published figure is known, "
           "otherwise the exact binomial test. Differences between groups: "
           "Pearson's chi-square test with Cram\xc3\xa9r's V. The "
           "innovation-climate scale: factor analysis (principal axis), "
           "Cronbach's alpha and groups by k-means. Explanatory analyses: "
           "logistic regression with backward elimination "
           "(likelihood ratio). A difference is significant at p < 0.05."),
    .scale_note = N_("The score is the mean of the statements an "
                     "organisation answered (scale 1-5)."),
    .model_note = N_("Exp(B) with 95% interval on a log scale; filled "
                     "markers are significant (p < 0.05)."),
    .model_redundant = N_("Left out before the first step as redundant"),
    .sig_legend = N_("* difference with this wave significant (p < 0.05)"),
    .unknown_kind = N_("This version cannot show this entry (kind "
                       "\xe2\x80\x98{1}\xe2\x80\x99)."),
    .groups_label = N_("Group"),
    .climate_axis = N_("Innovation-climate score (1-5)"),
    .back_to_top = N_("Back to contents"),
    .n_label = N_("n"),
    .more_numbers = N_("More numbers"),
    .tests = N_("Tests"),
    .authored_label = N_("Text by the authors"),
    .publisher = N_("Publisher"),
    .colophon = N_("Colophon"),
    .colophon_data = N_("The numbers of every figure and table are in CSV "
                        "files in the folder \xe2\x80\x98" "data\xe2\x80\x99 "
                        "beside this report; all results with their tests "
                        "are in results.json."),
    .skip = N_("Skip to the content"),
    .date = N_("Date"),
    .print_left_out = N_("This table is too wide for print; its numbers "
                         "are in the file {1}."),
    .authored_by = N_("Text by {1}"),
    .no_frame = N_("The number of questionnaires sent and the response "
                   "rate per group are not known (the sampling frame does "
                   "not count them by the groups of this table, or there "
                   "is no frame, as with responses from a CSV file); so "
                   "the table leaves them out."),
};


/* The stylesheet, a literal so that the page can inline it as markup. */
#define CSS \
    "@page{size:A4;margin:20mm 16mm 20mm;"\
    "@bottom-right{content:counter(page) \" / \" counter(pages);"\
    "font:8pt " BAR_FONT_STACK ";color:#4a4a4a}}\n"\
    "@page:first{@bottom-right{content:none}@top-left{content:none}}\n"\
    ":root{--ink:#1b1b1b;--accent:#154273;--muted:#4a4a4a;--rule:#c8ced6;"\
    "--tint:#eef2f7}\n"\
    "html{-webkit-text-size-adjust:100%}\n"\
    "body{font-family:\"Barometer Sans\",\"Liberation Sans\",Arial,"\
    "Helvetica,sans-serif;color:var(--ink);"\
    "background:#fff;margin:0;line-height:1.5;font-size:16px}\n"\
    "main,header.cover,nav.toc,footer.colophon{max-width:980px;"\
    "margin-left:auto;margin-right:auto;box-sizing:border-box}\n"\
    "main{padding:0 24px 64px}\n"\
    "header.cover{padding-left:24px;padding-right:24px}\n"\
    "a.skip{position:absolute;left:8px;top:-48px;background:#fff;"\
    "color:var(--accent);padding:8px 12px;border:2px solid var(--accent);"\
    "z-index:10}\n"\
    "a.skip:focus{top:8px}\n"\
    "main:focus{outline:none}\n"\
    "a{color:var(--accent)}\n"\
    ".cover{border-bottom:6px solid var(--accent);padding:56px 0 28px;"\
    "margin-bottom:24px}\n"\
    ".cover .kicker{text-transform:uppercase;letter-spacing:.12em;"\
    "font-size:.8em;color:var(--accent);margin:0 0 .5em;font-weight:bold}\n"\
    ".cover h1{font-size:2.4em;line-height:1.15;margin:0 0 .3em;"\
    "color:var(--accent)}\n"\
    ".cover .subtitle{font-size:1.2em;margin:0 0 1.2em}\n"\
    ".cover .notice{border-left:6px solid #b35900;background:#fff4e5;"\
    "padding:.6em 1em;font-weight:bold}\n"\
    ".cover dl{display:grid;grid-template-columns:max-content 1fr;"\
    "gap:.2em 1em;margin:0;font-size:.95em;color:var(--muted)}\n"\
    ".cover dt{font-weight:bold}.cover dd{margin:0}\n"\
    "nav.toc{background:var(--tint);padding:16px 24px;margin-top:24px;"\
    "margin-bottom:8px}\n"\
    "nav.toc h2{margin:0 0 .4em;font-size:1.2em;border:0;padding:0}\n"\
    "nav.toc ol{margin:0;padding-left:0;list-style:none}\n"\
    "nav.toc ol ol{columns:2;column-gap:2em;font-size:.9em;"\
    "margin:.2em 0 .6em;padding-left:1.2em}\n"\
    "nav.toc li{break-inside:avoid}\n"\
    "h1,h2,h3,nav.toc a{overflow-wrap:anywhere}\n"\
    "@media screen and (max-width:640px){nav.toc ol ol{columns:1}"\
    "section.chapter>h2{font-size:1.4em}}\n"\
    "section.chapter{margin-top:48px}\n"\
    "section.chapter>h2{font-size:1.7em;color:var(--accent);"\
    "border-bottom:2px solid var(--accent);padding-bottom:.2em;"\
    "margin:0 0 .6em}\n"\
    "h3{font-size:1.2em;color:var(--accent);margin:1.6em 0 .4em}\n"\
    "p.lead{font-size:1.08em;max-width:46em}\n"\
    "p.lede{font-size:1.05em;max-width:46em;margin:.2em 0 .8em}\n"\
    "p.tests{font-size:.86em;color:var(--muted);max-width:52em}\n"\
    "ul.findings{padding-left:1.2em;max-width:46em}\n"\
    "ul.findings li{margin:.35em 0}\n"\
    "p.finding{max-width:46em}\n"\
    ".summary-box{border-left:6px solid var(--accent);background:var(--tint);"\
    "padding:12px 20px;margin:16px 0}\n"\
    ".summary-box h3{margin-top:.2em}\n"\
    "figure.figure,div.table-block,aside.box,section.scale{margin:36px 0;"\
    "padding-top:8px;border-top:1px solid var(--rule)}\n"\
    "figure.figure{margin-left:0;margin-right:0}\n"\
    ".caption{font-weight:bold;font-size:1.05em;margin:.2em 0 .8em}\n"\
    ".caption .label{color:var(--accent)}\n"\
    ".chart svg{max-width:100%;height:auto;display:block}\n"\
    ".notes{font-size:.86em;color:var(--muted);max-width:52em;"\
    "margin:.6em 0}\n"\
    ".notes p{margin:.25em 0}\n"\
    ".notes .source{font-style:italic}\n"\
    "aside.box{background:#f6f3ea;border:1px solid #d9d2bd;"\
    "padding:12px 20px}\n"\
    "aside.box h3{margin-top:.3em}\n"\
    ".authored{border-left:6px solid #5b3f8c;background:#f7f4fb;"\
    "padding:8px 20px 12px;margin:28px 0;max-width:52em}\n"\
    ".authored h2,.authored h3{color:#5b3f8c;margin-top:.3em}\n"\
    ".authored-by{font-size:.8em;text-transform:uppercase;"\
    "letter-spacing:.08em;color:#5b3f8c;margin:.2em 0 .4em;"\
    "font-weight:bold}\n"\
    "details.numbers{margin:.6em 0}\n"\
    "details.numbers summary{cursor:pointer;color:var(--accent);"\
    "font-size:.9em}\n"\
    "table.data{border-collapse:collapse;margin:.8em 0;font-size:.86em;"\
    "max-width:100%}\n"\
    "table.data caption{text-align:left;font-weight:bold;padding:.3em 0;"\
    "caption-side:top}\n"\
    "table.data th,table.data td{border:1px solid var(--rule);"\
    "padding:.2em .55em;vertical-align:top;text-align:left}\n"\
    "table.data tbody th{font-weight:normal}\n"\
    "table.data thead th{background:var(--tint)}\n"\
    "table.data td.num{text-align:right;"\
    "font-variant-numeric:tabular-nums;white-space:nowrap}\n"\
    ".table-wrap{overflow-x:auto}\n"\
    "p.table-note{font-size:.85em;color:var(--muted);margin:.2em 0 .6em}\n"\
    "p.download{font-size:.85em;margin:.2em 0 1em}\n"\
    "p.note{font-size:.9em;color:var(--muted)}\n"\
    ".method p{max-width:46em}\n"\
    "footer.colophon{margin-top:48px;border-top:1px solid var(--rule);"\
    "padding:12px 24px 32px;font-size:.85em;color:var(--muted)}\n"\
    "footer.colophon h2{font-size:1.2em;color:var(--accent);margin:.2em 0}\n"\
    "footer.colophon dl{display:grid;grid-template-columns:max-content 1fr;"\
    "gap:.2em 1em;margin:0}\n"\
    "footer.colophon dt{font-weight:bold}footer.colophon dd{margin:0}\n"\
    "p.print-only{display:none}\n"\
    "a.top{font-size:.8em}\n"\
    "@media print{\n"\
    "body{font-size:10pt;line-height:1.4}\n"\
    "main,header.cover,nav.toc,footer.colophon{max-width:none;padding:0}\n"\
    "a.skip{display:none}\n"\
    "header.cover{padding:60mm 0 12mm;border-bottom-width:4px}\n"\
    ".cover,nav.toc{break-after:page}\n"\
    "nav.toc{background:none;padding:0;margin:0}\n"\
    "section.chapter,.authored-chapter,footer.colophon{break-before:page;"\
    "margin-top:0}\n"\
    "figure.figure,aside.box,section.scale,div.table-block,.authored{"\
    "break-inside:avoid-page}\n"\
    ".chart,table.data,.caption,.notes,p.lede{break-inside:avoid}\n"\
    "h2,h3,.caption,p.lede{break-after:avoid}\n"\
    "a{color:inherit;text-decoration:none}\n"\
    "p.top,details.numbers,p.download{display:none}\n"\
    "table.data{font-size:8pt}\n"\
    ".table-wrap{overflow:visible}\n"\
    ".table-wrap.wide{display:none}\n"\
    "p.print-only{display:block;font-size:8pt;font-style:italic}\n"\
    "}\n"

/* The stylesheet is longer than the 4095 characters C requires a
 * compiler to take in one literal; GCC and Clang take it. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
static const char css[] = CSS;
#pragma GCC diagnostic pop

const char *bar_report_css(void)
{
    return css;
}

bool bar_report_csv_name(char *buf, size_t size, const char *figure_id,
                         size_t index, const char *table_id)
{
    const char *parts[] = {figure_id, index > 0 ? table_id : ""};
    for (size_t k = 0; k < 2; k++) {
        if (!parts[k])
            return false;
        for (const char *s = parts[k]; *s; s++) {
            bool ok = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_';
            if (!ok)
                return false;
        }
    }
    if (!*figure_id)
        return false;
    int w = index > 0 ? snprintf(buf, size, "%s-%s.csv", figure_id, table_id)
                      : snprintf(buf, size, "%s.csv", figure_id);
    return w > 0 && (size_t)w < size;
}

/* ---- reading the document: the first fault is kept ---- */

typedef struct reader {
    const char *fig;  /* id of the figure being read, for messages */
    bar_status rc;
    bar_error *err;
} reader;

static void bad(reader *r, const char *key, const char *what)
{
    if (r->rc != BAR_OK)
        return;
    r->rc = bar_error_set(r->err, BAR_EINVALID,
                          "results: %s%s%s'%s' %s", r->fig ? "figure '" : "",
                          r->fig ? r->fig : "", r->fig ? "': " : "", key,
                          what);
}

static json_t *get(reader *r, const json_t *o, const char *key,
                   json_type type)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_typeof(v) != type) {
        bad(r, key, "is missing or of the wrong type");
        return NULL;
    }
    return v;
}

static const char *get_str(reader *r, const json_t *o, const char *key)
{
    json_t *v = get(r, o, key, JSON_STRING);
    return v ? json_string_value(v) : "";
}

static long long get_int(reader *r, const json_t *o, const char *key)
{
    json_t *v = get(r, o, key, JSON_INTEGER);
    return v ? json_integer_value(v) : 0;
}

/* A number or null (NAN); anything else is a fault. */
static double get_num(reader *r, const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_null(v))
        return NAN;
    if (!json_is_number(v)) {
        bad(r, key, "is missing or not a number");
        return NAN;
    }
    return json_number_value(v);
}

static const char *get_label(reader *r, const json_t *o, const char *key,
                             bar_lang lang)
{
    json_t *l = get(r, o, key, JSON_OBJECT);
    json_t *s = l ? json_object_get(l, lang != BAR_LANG_NL ? "en" : "nl")
                  : NULL;
    if (l && !json_is_string(s))
        bad(r, key, "has no text in this language");
    return json_is_string(s) ? json_string_value(s) : "";
}

/* Lenient reads, for optional fields: bar_results_str, _label, _num. */

/* ---- the page being written ---- */

typedef struct page {
    bar_buf *out;
    bar_lang lang;
    const bar_report_options *opt;
    const json_t *results;
    const char *title;        /* the survey's title in lang */
    double alpha;             /* 1 - level */
    const char *sources[MAX_SOURCES];
    const char *source_countries[MAX_SOURCES];
    size_t nsources;
    bool placed[64];          /* authored text i is on the page */
    char **region_names;      /* the names of the table regions so far */
    size_t nregion_names, region_cap;
    reader r;
} page;

/* Markup goes onto the page only through markup.h: put() takes string
 * literals (raw markup), esc() and bar_markup_printf() escape what they
 * are given. */
#define put(p, lit) bar_markup_literal((p)->out, lit)

static void esc(page *p, const char *s)
{
    bar_markup_text(p->out, s ? s : "");
}

/* Release b, a buffer built for the page, failing the page when b failed:
 * a text that could not be made is an error, not left out of the page
 * (allocation failure test, render N=8722). */
static void release_part(page *p, bar_buf *b)
{
    bar_status rc = bar_buf_status(b);
    if (rc != BAR_OK && p->r.rc == BAR_OK)
        p->r.rc = bar_error_set(p->r.err, rc, "report: %s",
                                bar_strerror(rc));
    bar_buf_clear(b);
}

/* Append tmpl escaped, "{N}" replaced by args[N - 1] (escaped). */
static void put_template(page *p, const char *tmpl, const char *const *args,
                         size_t nargs)
{
    bar_buf tmp;
    bar_buf_init(&tmp, 64 * 1024);
    for (const char *t = tmpl; *t; t++) {
        if (t[0] == '{' && t[1] >= '1' && t[1] <= '9' && t[2] == '}') {
            size_t k = (size_t)(t[1] - '1');
            if (k < nargs && args[k])
                bar_buf_puts(&tmp, args[k]);
            t += 2;
        } else {
            bar_buf_add(&tmp, t, 1);
        }
    }
    esc(p, tmp.data ? tmp.data : "");
    release_part(p, &tmp);
}

static void fail_status(page *p, bar_status rc)
{
    if (p->r.rc == BAR_OK && rc != BAR_OK)
        p->r.rc = rc;
}

/* A count from the document (an integer, or a missing one as 0) in lang's
 * notation: "1.374" / "1,374". */
static const char *fmt_count(char *buf, size_t size, const json_t *v,
                             bar_lang lang)
{
    return bar_numfmt_count(buf, size, (double)json_integer_value(v), lang);
}

static void add_source(page *p, const char *country, const char *s)
{
    if (!s || !*s)
        return;
    for (size_t i = 0; i < p->nsources; i++)
        if (strcmp(p->sources[i], s) == 0)
            return;
    if (p->nsources < MAX_SOURCES) {
        p->source_countries[p->nsources] = country;
        p->sources[p->nsources++] = s;
    }
}

/* The entry's caption kind; documents before `caption` was added: a
 * table for response_by_group, else a figure. */
static const char *caption_of(const json_t *fig)
{
    const char *cap = bar_results_str(fig, BAR_RK_CAPTION);
    if (cap)
        return cap;
    const char *kind = bar_results_str(fig, BAR_RK_KIND);
    return kind && strcmp(kind, "response_by_group") == 0 ? "table"
                                                          : "figure";
}

/* "Figuur 3", "Tabel 1", "Tekstvak 2"; a section has no number. */
static void caption_label(page *p, const json_t *fig, char *buf,
                          size_t size)
{
    const char *cap = caption_of(fig);
    long long num = json_integer_value(json_object_get(fig, BAR_RK_NUMBER));
    const char *noun = UI(p, figure);
    if (cap && strcmp(cap, "table") == 0)
        noun = UI(p, table);
    else if (cap && strcmp(cap, "box") == 0)
        noun = UI(p, box);
    if ((cap && strcmp(cap, "section") == 0) || num <= 0)
        buf[0] = '\0';
    else
        snprintf(buf, size, "%s %lld.", noun, num);
}

/* ---- chapters ---- */

typedef struct chapter {
    const char *id;          /* spec value; "" for entries without one */
    const bar_study_chapter *def;  /* NULL: not a chapter of the study */
    int number;              /* 0: none */
} chapter;

/* The chapter of entry `id` in the spec, or "" (borrowed from the spec). */
static const char *chapter_of(const page *p, const char *id)
{
    const bar_spec *spec = p->opt->spec;
    const char *spec_id = spec ? bar_spec_id(spec) : NULL;
    const char *res_spec = bar_results_str(p->results, BAR_RK_SPEC);
    if (!spec || !spec_id || !res_spec || strcmp(spec_id, res_spec) != 0)
        return "";
    for (size_t i = 0; i < bar_spec_count(spec); i++) {
        const bar_spec_entry *e = bar_spec_get(spec, i);
        if (e->id && strcmp(e->id, id) == 0)
            return e->chapter ? e->chapter : "";
    }
    return "";
}

static const char *chapter_title(const page *p, const chapter *c)
{
    if (c->def)
        return bar_study_text_in(&c->def->title, p->lang);
    return *c->id ? c->id : UI(p, other_chapter);
}

/* The chapters of the page in order: the study's chapters that have
 * entries (or are shown always), those the study does not know where the
 * findings go, in order of first appearance; the findings go before
 * out[*findings_at] (the study's findings_before) and are numbered after
 * the numbered chapters before it (*findings_number). */
static size_t plan_chapters(const page *p, const json_t *figs,
                            chapter *out, int *findings_number,
                            size_t *findings_at)
{
    size_t n = 0;
    int number = 0;
    const bar_study *study = p->opt->study;
    size_t nknown = study ? bar_study_nchapters(study) : 0;
    size_t before = study ? bar_study_findings_before(study) : 0;
    for (size_t d = 0; d <= nknown; d++) {
        if (d == before) {
            /* unknown chapters in order of first appearance */
            size_t i;
            json_t *f;
            json_array_foreach(figs, i, f) {
                const char *c =
                    chapter_of(p, bar_results_str(f, BAR_RK_ID)
                                      ? bar_results_str(f, BAR_RK_ID)
                                      : "");
                bool known = false, seen = false;
                for (size_t k = 0; k < nknown; k++)
                    known |= strcmp(bar_study_chapter_get(study, k)->id, c)
                             == 0;
                for (size_t k = 0; k < n; k++)
                    seen |= strcmp(out[k].id, c) == 0;
                if (!known && !seen && n < MAX_CHAPTERS - 3)
                    out[n++] = (chapter){.id = c, .number = ++number};
            }
            *findings_number = ++number;
            *findings_at = n;
        }
        if (d == nknown)
            break;
        const bar_study_chapter *def = bar_study_chapter_get(study, d);
        bool used = false;
        size_t i;
        json_t *f;
        json_array_foreach(figs, i, f) {
            const char *id = bar_results_str(f, BAR_RK_ID);
            used |= strcmp(chapter_of(p, id ? id : ""), def->id) == 0;
        }
        if ((used || def->always) && n < MAX_CHAPTERS)
            out[n++] = (chapter){.id = def->id,
                                 .def = def,
                                 .number = def->numbered ? ++number : 0};
    }
    return n;
}

/* The anchor of chapter c (number k in the page's list): "ch-<id>" for an
 * id of letters, digits, '-' and '_', else "ch-x<k>", so that an anchor
 * never carries what a spec wrote (it is escaped where written too). */
static void chapter_anchor(char *buf, size_t size, const chapter *c,
                           size_t k)
{
    bool plain = *c->id != '\0' && strlen(c->id) < 64;
    for (const char *s = c->id; plain && *s; s++)
        plain = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                (*s >= '0' && *s <= '9') || *s == '-' || *s == '_';
    if (plain)
        snprintf(buf, size, "ch-%s", c->id);
    else if (!*c->id)
        snprintf(buf, size, "ch-other");
    else
        snprintf(buf, size, "ch-x%zu", k);
}

/* ---- the instrument: question wording ---- */

static const bar_question *find_question(const bar_instrument *ins,
                                         const char *id)
{
    for (size_t i = 0; ins && id && i < bar_instrument_nquestions(ins); i++)
        if (strcmp(bar_question_id(bar_instrument_question(ins, i)), id) ==
            0)
            return bar_instrument_question(ins, i);
    return NULL;
}

/* The question of a figure: its `question`, or the question of its
 * `variable` (NULL for derived variables). */
static const bar_question *figure_question(const page *p, const json_t *fig)
{
    const bar_instrument *ins = p->opt->ins;
    if (!ins)
        return NULL;
    const bar_question *q =
        find_question(ins, bar_results_str(fig, BAR_RK_QUESTION));
    if (q)
        return q;
    const char *var = bar_results_str(fig, BAR_RK_VARIABLE);
    long idx = var ? bar_instrument_find(ins, var) : -1;
    if (idx < 0)
        return NULL;
    return bar_var_question(bar_instrument_var(ins, (size_t)idx));
}

/* ---- charts, one per kind ---- */

/* A chart in its two layouts (svg.h): the wide one, then the narrow one
 * for a phone, each in its <div>; the stylesheet (BAR_SVG_CSS) shows one.
 * `chart` is the description (a variable with a `narrow` field). */
#define BOTH_LAYOUTS(p, draw, chart)                                      \
    do {                                                                  \
        put(p, "<div class=\"chart-wide\">\n");                           \
        fail_status(p, draw((p)->out, &(chart), (p)->r.err));             \
        put(p, "</div>\n<div class=\"chart-narrow\">\n");                 \
        (chart).narrow = true;                                            \
        if ((p)->r.rc == BAR_OK)                                          \
            fail_status(p, draw((p)->out, &(chart), (p)->r.err));         \
        put(p, "</div>\n");                                               \
    } while (0)

/* The spec's entry of figure `id` when the spec is the results' (else
 * NULL); borrowed from the spec. */
static const bar_spec_entry *spec_entry_of(const page *p, const char *id)
{
    const bar_spec *spec = p->opt->spec;
    const char *spec_id = spec ? bar_spec_id(spec) : NULL;
    const char *res_spec = bar_results_str(p->results, BAR_RK_SPEC);
    if (!id || !spec || !spec_id || !res_spec || strcmp(spec_id, res_spec))
        return NULL;
    for (size_t i = 0; i < bar_spec_count(spec); i++) {
        const bar_spec_entry *e = bar_spec_get(spec, i);
        if (e->id && strcmp(e->id, id) == 0)
            return e;
    }
    return NULL;
}

/* 0 for an option sorted by value; 1 + its place among the spec
 * entry's `last` options for one of those. */
static size_t last_rank(const bar_spec_entry *e, const char *key)
{
    for (size_t i = 0; i < e->nlast; i++)
        if (strcmp(e->last[i], key) == 0)
            return i + 1;
    return 0;
}

/* The chart order of n bars with their keys (variable or code): by value,
 * largest first (ties and suppressed bars keep their order; the entry's
 * `last` options at the end in its order) when the spec says "sort":
 * "value"; else as given. The tables and CSV files keep the results'
 * order. A stable insertion sort: n is small. */
static void chart_order(const page *p, const json_t *fig, bar_svg_bar *bars,
                        char (*keys)[64], size_t n)
{
    const bar_spec_entry *e =
        spec_entry_of(p, bar_results_str(fig, BAR_RK_ID));
    if (!e || !e->sort_value)
        return;
    for (size_t i = 1; i < n; i++) {
        bar_svg_bar b = bars[i];
        char k[64];
        memcpy(k, keys[i], sizeof k);
        size_t rank = last_rank(e, k);
        double v = isnan(b.value) ? -1 : b.value;
        size_t j = i;
        while (j > 0) {
            size_t prank = last_rank(e, keys[j - 1]);
            double pv = isnan(bars[j - 1].value) ? -1 : bars[j - 1].value;
            bool before = rank < prank || (rank == 0 && prank == 0 &&
                                           v > pv);
            if (!before)
                break;
            bars[j] = bars[j - 1];
            memcpy(keys[j], keys[j - 1], sizeof k);
            j--;
        }
        bars[j] = b;
        memcpy(keys[j], k, sizeof k);
    }
}

/* Frequency and multi_response: bars with whiskers; benchmarks as marks,
 * '*' where the test is significant. */
static void bar_chart(page *p, const json_t *fig, bool multi,
                      const char *title)
{
    json_t *list = get(&p->r, fig, multi ? "items" : "categories",
                       JSON_ARRAY);
    json_t *bench = json_object_get(fig, BAR_RK_BENCHMARKS);
    size_t n = json_array_size(list), nb = json_array_size(bench);
    if (p->r.rc != BAR_OK || n == 0)
        return;
    if (n > MAX_ITEMS || nb > MAX_ITEMS) {
        bad(&p->r, multi ? "items" : "categories", "has too many entries");
        return;
    }
    bar_svg_bar bars[MAX_ITEMS];
    char keys[MAX_ITEMS][64];
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        bars[i] = (bar_svg_bar){
            .label = get_label(&p->r, e, BAR_RK_LABEL, p->lang),
            .value = get_num(&p->r, e, BAR_RK_PERCENT),
            .low = get_num(&p->r, e, BAR_RK_CI_LOW),
            .high = get_num(&p->r, e, BAR_RK_CI_HIGH),
        };
        if (multi)
            snprintf(keys[i], sizeof keys[i], "%s",
                     get_str(&p->r, e, BAR_RK_VARIABLE));
        else
            snprintf(keys[i], sizeof keys[i], "%lld",
                     get_int(&p->r, e, BAR_RK_CODE));
    }
    chart_order(p, fig, bars, keys, n);
    bar_svg_mark marks[MAX_ITEMS];
    char mark_labels[MAX_ITEMS][96], prefixes[MAX_ITEMS][32];
    char series_key[BAR_SVG_SERIES_MAX][96];
    const char *series_labels[BAR_SVG_SERIES_MAX];
    size_t nmarks = 0, nseries = 0;
    bool any_sig = false;
    json_array_foreach(bench, i, e) {
        const char *key = bar_results_str(e, multi ? "variable" : "category");
        const char *country = bar_results_str(e, BAR_RK_COUNTRY);
        const char *period = bar_results_str(e, BAR_RK_PERIOD);
        add_source(p, country, bar_results_str(e, BAR_RK_SOURCE));
        if (!key || !country)
            continue;
        size_t bar = 0;
        while (bar < n && strcmp(keys[bar], key) != 0)
            bar++;
        if (bar == n)
            continue; /* a merged category: in the table only */
        const char *series = bar_results_label(e, BAR_RK_LABEL, p->lang);
        if (*series) /* one name per source, the same in every figure */
            snprintf(mark_labels[nmarks], sizeof mark_labels[nmarks], "%s",
                     series);
        else
            snprintf(mark_labels[nmarks], sizeof mark_labels[nmarks],
                     "%s%s%s", bar_text_country(p->opt->study, country, p->lang),
                     period && *period ? " " : "", period ? period : "");
        size_t s = 0;
        while (s < nseries && strcmp(series_key[s], mark_labels[nmarks]))
            s++;
        if (s == nseries && nseries < BAR_SVG_SERIES_MAX) {
            snprintf(series_key[nseries], sizeof series_key[nseries], "%s",
                     mark_labels[nmarks]);
            series_labels[nseries] = series_key[nseries];
            nseries++;
        }
        if (s >= BAR_SVG_SERIES_MAX)
            s = BAR_SVG_SERIES_MAX - 1;
        const char *qual =
            bar_text_qualifier(bar_results_str(e, BAR_RK_QUALIFIER), p->lang);
        /* documents before `approximate` was added: the qualifier says */
        bool approx = json_is_true(json_object_get(e, BAR_RK_APPROXIMATE)) ||
                      *qual;
        const char *why = bar_results_str(
            json_object_get(e, BAR_RK_COMPARISON), BAR_RK_NO_TEST);
        bool context = why && strcmp(why, "other_groups") == 0;
        double pv =
            bar_results_num(json_object_get(e, BAR_RK_COMPARISON), BAR_RK_P);
        bool sig = !approx && !context && !isnan(pv) && pv < p->alpha;
        any_sig |= sig;
        snprintf(prefixes[nmarks], sizeof prefixes[nmarks], "%s%s", qual,
                 *qual ? " " : "");
        marks[nmarks] = (bar_svg_mark){
            .bar = bar,
            .label = mark_labels[nmarks],
            .prefix = prefixes[nmarks],
            .value = bar_results_num(e, BAR_RK_PERCENT),
            .series = s,
            .significant = sig,
            .approximate = approx,
            .context = context,
        };
        nmarks++;
    }
    if (p->r.rc != BAR_OK)
        return;
    char main_label[64];
    snprintf(main_label, sizeof main_label, "%s (%lld)", UI(p, this_wave),
             (long long)json_integer_value(json_object_get(p->results,
                                                           BAR_RK_WAVE)));
    bar_svg_chart chart = {
        .title = title,
        .main_label = main_label,
        .interval_label = UI(p, interval),
        .bars = bars,
        .nbars = n,
        .marks = marks,
        .nmarks = nmarks,
        .series_labels = nseries ? series_labels : NULL,
        .nseries = nseries,
        .significance_label = any_sig ? UI(p, sig_legend) : NULL,
        .lang = p->lang,
    };
    BOTH_LAYOUTS(p, bar_svg_bar_chart, chart);
}

static void likert_chart(page *p, const json_t *fig, const char *title)
{
    json_t *codes = get(&p->r, fig, BAR_RK_CODES, JSON_ARRAY);
    json_t *items = get(&p->r, fig, BAR_RK_ITEMS, JSON_ARRAY);
    size_t nc = json_array_size(codes), ni = json_array_size(items);
    if (p->r.rc != BAR_OK || nc == 0 || ni == 0)
        return;
    if (nc > BAR_SVG_CATEGORIES_MAX || ni > MAX_ITEMS) {
        bad(&p->r, "codes", "has more categories than a chart can show");
        return;
    }
    const char *cats[BAR_SVG_CATEGORIES_MAX];
    size_t i;
    json_t *e;
    json_array_foreach(codes, i, e)
        cats[i] = get_label(&p->r, e, BAR_RK_LABEL, p->lang);
    double pct[MAX_ITEMS][BAR_SVG_CATEGORIES_MAX];
    bar_svg_likert_item its[MAX_ITEMS];
    json_array_foreach(items, i, e) {
        json_t *ps = json_object_get(e, BAR_RK_PERCENTS);
        bool ok = json_array_size(ps) == nc &&
                  !json_is_true(json_object_get(e, BAR_RK_SUPPRESSED));
        for (size_t c = 0; ok && c < nc; c++) {
            json_t *v = json_array_get(ps, c);
            ok = json_is_number(v);
            pct[i][c] = ok ? json_number_value(v) : 0.0;
        }
        its[i] = (bar_svg_likert_item){
            .label = get_label(&p->r, e, BAR_RK_LABEL, p->lang),
            .n = (int64_t)json_integer_value(json_object_get(e, BAR_RK_N)),
            .percents = ok ? pct[i] : NULL,
        };
    }
    bar_svg_likert chart = {
        .title = title,
        .categories = cats,
        .ncategories = nc,
        .nnegative = nc / 2,
        .neutral = nc % 2 == 1,
        .items = its,
        .nitems = ni,
        .lang = p->lang,
    };
    if (p->r.rc == BAR_OK)
        BOTH_LAYOUTS(p, bar_svg_likert_chart, chart);
}

/* The gap of row i of values (nrows x ng): highest minus lowest shown
 * value; -1 with fewer than two. */
static double row_gap(const double *values, size_t i, size_t ng)
{
    double lo = INFINITY, hi = -INFINITY;
    size_t k = 0;
    for (size_t c = 0; c < ng; c++) {
        double v = values[i * ng + c];
        if (!isnan(v)) {
            lo = fmin(lo, v);
            hi = fmax(hi, v);
            k++;
        }
    }
    return k >= 2 ? hi - lo : -1;
}

/* The items of a crosstab's dot chart by the gap between the lowest and
 * the highest group, largest first (ties keep their order), when the spec
 * says "sort": "gap"; else as given. Labels and values (nrows x ng,
 * row-major) are reordered together; tables and CSVs keep the results'
 * order. */
static void items_by_gap(const page *p, const json_t *fig,
                         const char **labels, double *values, size_t nrows,
                         size_t ng)
{
    const bar_spec_entry *e =
        spec_entry_of(p, bar_results_str(fig, BAR_RK_ID));
    if (!e || !e->sort_gap || ng > BAR_SVG_SERIES_MAX)
        return;
    for (size_t i = 1; i < nrows; i++) {
        const char *l = labels[i];
        double row[BAR_SVG_SERIES_MAX];
        memcpy(row, values + i * ng, ng * sizeof *row);
        double gap = row_gap(values, i, ng);
        size_t j = i;
        while (j > 0 && row_gap(values, j - 1, ng) < gap) {
            labels[j] = labels[j - 1];
            memcpy(values + j * ng, values + (j - 1) * ng,
                   ng * sizeof *values);
            j--;
        }
        labels[j] = l;
        memcpy(values + j * ng, row, ng * sizeof *row);
    }
}

/* A crosstab of one variable: 100% stacked bars per group; of the
 * options or items of a question: grouped bars of the focus row. */
static void crosstab_chart(page *p, const json_t *fig, const char *title)
{
    json_t *groups = get(&p->r, fig, BAR_RK_GROUPS, JSON_ARRAY);
    json_t *tables = get(&p->r, fig, BAR_RK_TABLES, JSON_ARRAY);
    size_t ng = json_array_size(groups), nt = json_array_size(tables);
    if (p->r.rc != BAR_OK || ng == 0 || nt == 0)
        return;
    if (ng > BAR_SVG_SERIES_MAX || nt > MAX_ITEMS)
        return; /* the table shows it */
    const char *glabels[BAR_SVG_SERIES_MAX];
    int64_t gn[BAR_SVG_SERIES_MAX];
    size_t i;
    json_t *g;
    json_array_foreach(groups, i, g) {
        glabels[i] = get_label(&p->r, g, BAR_RK_LABEL, p->lang);
        gn[i] = (int64_t)json_integer_value(json_object_get(g, BAR_RK_N));
    }
    json_t *first = json_array_get(tables, 0);
    bool by_item = json_is_integer(json_object_get(first, BAR_RK_FOCUS_ROW));
    if (!by_item) {
        json_t *rows = json_object_get(first, BAR_RK_ROWS);
        size_t nr = json_array_size(rows);
        if (nr == 0 || nr > BAR_SVG_CATEGORIES_MAX)
            return;
        const char *cats[BAR_SVG_CATEGORIES_MAX];
        double pct[BAR_SVG_SERIES_MAX][BAR_SVG_CATEGORIES_MAX];
        bar_svg_stack_row srows[BAR_SVG_SERIES_MAX];
        json_t *r;
        size_t k;
        json_array_foreach(rows, k, r) {
            cats[k] = get_label(&p->r, r, BAR_RK_LABEL, p->lang);
            json_t *ps = json_object_get(r, BAR_RK_PERCENTS);
            for (size_t c = 0; c < ng; c++) {
                json_t *v = json_array_get(ps, c);
                pct[c][k] = json_is_number(v) ? json_number_value(v) : NAN;
            }
        }
        for (size_t c = 0; c < ng; c++) {
            bool ok = true;
            for (size_t k2 = 0; k2 < nr; k2++)
                ok &= !isnan(pct[c][k2]);
            srows[c] = (bar_svg_stack_row){.label = glabels[c], .n = gn[c],
                                           .percents = ok ? pct[c] : NULL};
        }
        bar_svg_stacked chart = {
            .title = title, .categories = cats, .ncategories = nr,
            .ordinal = true, .rows = srows, .nrows = ng, .lang = p->lang,
        };
        if (p->r.rc == BAR_OK)
            BOTH_LAYOUTS(p, bar_svg_stacked_chart, chart);
        return;
    }
    const char *rlabels[MAX_ITEMS];
    double values[MAX_ITEMS * BAR_SVG_SERIES_MAX];
    json_t *t;
    json_array_foreach(tables, i, t) {
        rlabels[i] = get_label(&p->r, t, BAR_RK_LABEL, p->lang);
        json_t *focus = json_object_get(t, BAR_RK_FOCUS_ROW);
        json_t *row = json_array_get(json_object_get(t, BAR_RK_ROWS),
                                     (size_t)json_integer_value(focus));
        json_t *ps = json_object_get(row, BAR_RK_PERCENTS);
        for (size_t c = 0; c < ng; c++) {
            json_t *v = json_array_get(ps, c);
            values[i * ng + c] = json_is_number(v) ? json_number_value(v)
                                                   : NAN;
        }
    }
    items_by_gap(p, fig, rlabels, values, nt, ng);
    bar_svg_grouped chart = {
        .title = title, .rows = rlabels, .nrows = nt, .series = glabels,
        .nseries = ng, .values = values, .lang = p->lang,
    };
    if (p->r.rc == BAR_OK)
        BOTH_LAYOUTS(p, bar_svg_dot_chart, chart);
}

static bar_svg_box box_of(page *p, const json_t *g, const char *label,
                          double *outliers, size_t cap)
{
    json_t *o = json_object_get(g, BAR_RK_OUTLIERS);
    size_t no = 0, i;
    json_t *v;
    json_array_foreach(o, i, v) {
        if (no < cap && json_is_number(v))
            outliers[no++] = json_number_value(v);
    }
    (void)p;
    return (bar_svg_box){
        .label = label,
        .n = (int64_t)json_integer_value(json_object_get(g, BAR_RK_N)),
        .q1 = bar_results_num(g, BAR_RK_Q1),
        .median = bar_results_num(g, BAR_RK_MEDIAN),
        .q3 = bar_results_num(g, BAR_RK_Q3),
        .mean = bar_results_num(g, BAR_RK_MEAN),
        .whisker_low = bar_results_num(g, BAR_RK_WHISKER_LOW),
        .whisker_high = bar_results_num(g, BAR_RK_WHISKER_HIGH),
        .outliers = outliers,
        .noutliers = no,
    };
}

static void boxplot_chart(page *p, const json_t *fig, const char *title)
{
    json_t *groups = get(&p->r, fig, BAR_RK_GROUPS, JSON_ARRAY);
    size_t ng = json_array_size(groups);
    if (p->r.rc != BAR_OK || ng == 0 || ng + 1 > 32)
        return;
    enum { OUT_CAP = 128 };
    double outl[33][OUT_CAP];
    bar_svg_box boxes[33];
    size_t nb = 0, i;
    json_t *g;
    json_array_foreach(groups, i, g) {
        if (isnan(bar_results_num(g, BAR_RK_MEDIAN)))
            continue;
        boxes[nb] = box_of(p, g, get_label(&p->r, g, BAR_RK_LABEL, p->lang),
                           outl[nb], OUT_CAP);
        nb++;
    }
    json_t *total = json_object_get(fig, BAR_RK_TOTAL);
    if (json_is_object(total) &&
        !isnan(bar_results_num(total, BAR_RK_MEDIAN))) {
        boxes[nb] =
            box_of(p, total, bar_results_label(total, BAR_RK_LABEL, p->lang),
                   outl[nb], OUT_CAP);
        nb++;
    }
    if (nb == 0)
        return;
    bar_svg_boxplot chart = {
        .title = title,
        .axis_label = bar_results_label(fig, BAR_RK_LABEL, p->lang),
        .axis_min = 1.0,
        .axis_max = 5.0,
        .boxes = boxes,
        .nboxes = nb,
        .lang = p->lang,
    };
    /* A scale other than 1-5: let the chart find the axis. */
    for (size_t b = 0; b < nb; b++)
        if (boxes[b].whisker_low < 1.0 || boxes[b].whisker_high > 5.0 ||
            boxes[b].noutliers > 0)
            chart.axis_min = chart.axis_max = NAN;
    BOTH_LAYOUTS(p, bar_svg_boxplot_chart, chart);
}

static void histogram_chart(page *p, const json_t *fig, const char *title)
{
    const json_t *d = json_object_get(fig, BAR_RK_DISTRIBUTION);
    json_t *hist = json_object_get(d, BAR_RK_HISTOGRAM);
    size_t nb = json_array_size(hist);
    if (nb == 0 || nb > MAX_ITEMS)
        return;
    bar_svg_bin bins[MAX_ITEMS];
    size_t i;
    json_t *b;
    json_array_foreach(hist, i, b) {
        bins[i] = (bar_svg_bin){
            .from = bar_results_num(b, BAR_RK_FROM),
            .to = bar_results_num(b, BAR_RK_TO),
            .count =
                (int64_t)json_integer_value(json_object_get(b, BAR_RK_COUNT)),
        };
    }
    bar_svg_histogram chart = {
        .title = title,
        .axis_label = UI(p, climate_axis),
        .bins = bins,
        .nbins = nb,
        .mean = bar_results_num(d, BAR_RK_MEAN),
        .sd = bar_results_num(d, BAR_RK_SD),
        .lang = p->lang,
    };
    BOTH_LAYOUTS(p, bar_svg_histogram_chart, chart);
}

/* Tekstvak 2: a forest plot of the final models' odds ratios. */
static void forest_chart(page *p, const json_t *fig, const char *title)
{
    enum { ROWS = 128 };
    bar_svg_odds rows[ROWS];
    char names[ROWS][160];
    size_t nr = 0, i, j;
    json_t *m, *t;
    json_array_foreach(json_object_get(fig, BAR_RK_MODELS), i, m) {
        json_t *steps = json_object_get(m, BAR_RK_STEPS);
        json_t *last = json_object_get(
            json_array_get(steps, json_array_size(steps) - 1), BAR_RK_MODEL);
        if (!last || nr + 1 >= ROWS)
            continue;
        rows[nr++] = (bar_svg_odds){
            .label = bar_results_label(m, BAR_RK_LABEL, p->lang),
            .heading = true,
            .ratio = NAN,
            .low = NAN,
            .high = NAN,
            .p = NAN};
        json_array_foreach(json_object_get(last, BAR_RK_TERMS), j, t) {
            if (nr >= ROWS || json_is_true(json_object_get(t, BAR_RK_ALIASED)))
                continue;
            const char *name = bar_results_str(t, BAR_RK_NAME);
            snprintf(names[nr], sizeof names[nr], "%s", name ? name : "");
            /* the predictor's label from the instrument */
            if (p->opt->ins && name) {
                char var[128];
                const char *eq = strstr(name, "==");
                size_t len = eq ? (size_t)(eq - name) : strlen(name);
                long idx = -1;
                if (len < sizeof var) {
                    memcpy(var, name, len);
                    var[len] = '\0';
                    idx = bar_instrument_find(p->opt->ins, var);
                }
                if (idx >= 0) {
                    const bar_variable *v =
                        bar_instrument_var(p->opt->ins, (size_t)idx);
                    long pos = eq ? bar_var_code_pos(v, strtol(eq + 2, NULL,
                                                               10))
                                  : -1;
                    const char *code = pos >= 0 ? bar_var_code_label(
                                                      v, (size_t)pos, p->lang)
                                                : NULL;
                    snprintf(names[nr], sizeof names[nr], "%s%s%s",
                             bar_var_label(v, p->lang), code ? ": " : "",
                             code ? code : "");
                }
            }
            rows[nr] = (bar_svg_odds){
                .label = names[nr],
                .ratio = bar_results_num(t, BAR_RK_EXP_B),
                .low = bar_results_num(t, BAR_RK_EXP_B_LOW),
                .high = bar_results_num(t, BAR_RK_EXP_B_HIGH),
                .p = bar_results_num(t, BAR_RK_P),
            };
            nr++;
        }
    }
    if (nr == 0)
        return;
    bar_svg_forest chart = {.title = title, .rows = rows, .nrows = nr,
                            .lang = p->lang};
    BOTH_LAYOUTS(p, bar_svg_forest_chart, chart);
}

/* ---- tables (table.h) ---- */

enum { PRINT_MAX_COLUMNS = 9 };  /* wider: left out of print (A4) */

/* Under a table too wide for an A4 page: in print only, where its numbers
 * are (csv: the file's name under the data folder; NULL: no note). */
static void print_pointer(page *p, const char *csv)
{
    if (!csv || !p->opt->data_dir)
        return;
    char file[512];
    snprintf(file, sizeof file, "%s/%s", p->opt->data_dir, csv);
    const char *args[] = {file};
    put(p, "<p class=\"print-only\">");
    put_template(p, UI(p, print_left_out), args, 1);
    put(p, "</p>\n");
}

/* A name for a table's scrolling region that no other region of the page
 * has (axe landmark-unique): the caption, "Tabel" when it is empty, with
 * " (2)", " (3)" .. after a name used before. Into buf. */
static const char *region_name(page *p, const char *caption, char *buf,
                               size_t size)
{
    const char *base = caption && *caption ? caption : UI(p, table);
    size_t seen = 0;
    for (size_t i = 0; i < p->nregion_names; i++)
        seen += strcmp(p->region_names[i], base) == 0;
    if (seen == 0)
        snprintf(buf, size, "%s", base);
    else
        snprintf(buf, size, "%s (%zu)", base, seen + 1);
    if (p->nregion_names == p->region_cap) {
        size_t cap = p->region_cap ? 2 * p->region_cap : 64;
        char **grown = realloc(p->region_names, cap * sizeof *grown);
        if (!grown) {
            fail_status(p, bar_error_set(p->r.err, BAR_ENOMEM,
                                         "report: out of memory"));
            return buf;
        }
        p->region_names = grown;
        p->region_cap = cap;
    }
    char *copy = malloc(strlen(base) + 1);
    if (!copy) {
        fail_status(p, bar_error_set(p->r.err, BAR_ENOMEM,
                                     "report: out of memory"));
        return buf;
    }
    memcpy(copy, base, strlen(base) + 1);
    p->region_names[p->nregion_names++] = copy;
    return buf;
}

static void html_table(page *p, const bar_table *t, const char *caption,
                       const char *csv)
{
    char name[1200];
    region_name(p, caption ? caption : bar_table_title(t), name,
                sizeof name);
    char buf[BAR_NUMFMT_MAX];
    /* A wide table scrolls inside its wrapper, which can then take the
     * keyboard focus (WCAG 2.1.1) and is named by the table's caption; a
     * table wider than an A4 page is left out of print. */
    bool wide = bar_table_ncols(t) > PRINT_MAX_COLUMNS;
    if (wide)
        put(p, "<div class=\"table-wrap wide\" tabindex=\"0\" "
               "role=\"region\" aria-label=\"");
    else
        put(p, "<div class=\"table-wrap\" tabindex=\"0\" "
               "role=\"region\" aria-label=\"");
    esc(p, name);
    put(p, "\"><table class=\"data\">\n<caption>");
    esc(p, caption ? caption : bar_table_title(t));
    put(p, "</caption>\n<thead><tr>");
    size_t nc = bar_table_ncols(t), nr = bar_table_nrows(t);
    for (size_t c = 0; c < nc; c++) {
        if (c > 0)
            put(p, "<th scope=\"col\" class=\"num\">");
        else
            put(p, "<th scope=\"col\">");
        esc(p, bar_table_header(t, c));
        put(p, "</th>");
    }
    put(p, "</tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < nr; r++) {
        put(p, "<tr>");
        for (size_t c = 0; c < nc; c++) {
            const bar_cell *cell = bar_table_cell(t, r, c);
            if (c == 0)
                put(p, "<th scope=\"row\">");
            else if (cell->kind == BAR_CELL_NUMBER)
                put(p, "<td class=\"num\">");
            else
                put(p, "<td>");
            if (cell->kind == BAR_CELL_TEXT)
                esc(p, cell->text);
            else if (cell->kind == BAR_CELL_NUMBER)
                esc(p, bar_table_number_text(cell, p->lang, buf,
                                             sizeof buf));
            if (c == 0)
                put(p, "</th>");
            else
                put(p, "</td>");
        }
        put(p, "</tr>\n");
    }
    put(p, "</tbody>\n</table></div>\n");
    if (wide)
        print_pointer(p, csv);
    if (bar_table_note(t)) {
        put(p, "<p class=\"table-note\">");
        esc(p, bar_table_note(t));
        put(p, "</p>\n");
    }
}

/* The tables of fig: the first shown (all of a Table entry, whose first
 * takes `first_caption`; none of a scale or model entry, whose tables
 * are technical), the others in a <details> element; then one line of
 * CSV links, one per table. */
static void figure_tables(page *p, const json_t *fig, const char *fig_id,
                          const char *kind, const char *first_caption,
                          const char *tests)
{
    bar_table **tables = NULL;
    size_t count = 0;
    bar_status rc = bar_tables_of_figure(fig, p->opt->ins, p->opt->study,
                                         p->lang, &tables, &count, p->r.err);
    if (rc != BAR_OK) {
        fail_status(p, rc);
        return;
    }
    size_t shown = first_caption ? count
                   : strcmp(kind, "scale") == 0 ||
                           strcmp(kind, "model") == 0
                       ? 0
                       : 1;
    if (shown > count)
        shown = count;
    for (size_t i = 0; i < shown; i++) {
        char name[256];
        bool named = bar_report_csv_name(name, sizeof name, fig_id, i,
                                         bar_table_id(tables[i]));
        html_table(p, tables[i], i == 0 ? first_caption : NULL,
                   named ? name : NULL);
    }
    bool has_tests = tests && *tests;
    if (shown < count || has_tests) {
        put(p, "<details class=\"numbers\">\n<summary>");
        esc(p, UI(p, more_numbers));
        put(p, ": ");
        if (has_tests) {
            esc(p, UI(p, tests));
            if (shown < count)
                put(p, "; ");
        }
        for (size_t i = shown; i < count; i++) {
            if (i > shown)
                put(p, "; ");
            esc(p, bar_table_title(tables[i]));
        }
        put(p, "</summary>\n");
        if (has_tests) {
            put(p, "<p class=\"tests\">");
            esc(p, tests);
            put(p, "</p>\n");
        }
        for (size_t i = shown; i < count; i++)
            html_table(p, tables[i], NULL, NULL);
        put(p, "</details>\n");
    }
    if (p->opt->data_dir && count > 0) {
        put(p, "<p class=\"download\">");
        esc(p, UI(p, csv));
        put(p, ": ");
        for (size_t i = 0; i < count; i++) {
            char name[256];
            if (!bar_report_csv_name(name, sizeof name, fig_id, i,
                                     bar_table_id(tables[i])))
                continue;
            if (i > 0)
                put(p, " &#183; ");
            put(p, "<a href=\"");
            esc(p, p->opt->data_dir);
            put(p, "/");
            esc(p, name);
            put(p, "\" download>");
            esc(p, bar_table_title(tables[i]));
            put(p, "</a>");
        }
        put(p, "</p>\n");
    }
    for (size_t i = 0; i < count; i++)
        bar_table_free(tables[i]);
    free(tables);
}

/* Append text (lines separated by '\n'), escaped, the lines joined by a
 * space. */
static void put_lines(page *p, char *text)
{
    bool first = true;
    for (char *s = text; s && *s;) {
        char *nl = strchr(s, '\n');
        if (nl)
            *nl = '\0';
        if (*s) {
            if (!first)
                put(p, " ");
            esc(p, s);
            first = false;
        }
        if (!nl)
            break;
        s = nl + 1;
    }
}

/* ---- the notes under a figure ---- */

static void notes(page *p, const json_t *fig, const char *kind)
{
    put(p, "<div class=\"notes\">\n");
    const char *caption_note =
        bar_results_label(fig, BAR_RK_CAPTION_NOTE, p->lang);
    if (*caption_note) {
        put(p, "<p>");
        esc(p, caption_note);
        put(p, "</p>\n");
    }
    const bar_question *q = figure_question(p, fig);
    if (q) {
        bar_markup_printf(p->out, "<p><strong>%s:</strong> \xe2\x80\x98",
                          UI(p, question));
        esc(p, bar_question_text(q, p->lang));
        put(p, "\xe2\x80\x99</p>\n");
    } else if (*bar_results_label(fig, BAR_RK_LABEL, p->lang)) {
        bar_markup_printf(p->out, "<p><strong>%s:</strong> ", UI(p, variable));
        esc(p, bar_results_label(fig, BAR_RK_LABEL, p->lang));
        put(p, "</p>\n");
    }
    bool model = strcmp(kind, "model") == 0;
    const char *base = bar_results_str(fig, BAR_RK_BASE);
    bar_markup_printf(p->out, "<p><strong>%s:</strong> %s", UI(p, asked),
                      base && strcmp(base, "innovators") == 0
                          ? UI(p, asked_innovators)
                          : UI(p, asked_all));
    json_t *n = json_object_get(fig, BAR_RK_N);
    json_t *missing = json_object_get(fig, BAR_RK_MISSING);
    char num[BAR_NUMFMT_MAX];
    if (json_is_integer(n))
        bar_markup_printf(p->out, " (n = %s",
                          fmt_count(num, sizeof num, n, p->lang));
    else if (model && json_is_integer(json_object_get(fig, BAR_RK_BASE_N)))
        bar_markup_printf(p->out, " (n = %s",
                          fmt_count(num, sizeof num,
                                    json_object_get(fig, BAR_RK_BASE_N),
                                    p->lang));
    if (json_is_integer(missing) && json_integer_value(missing) > 0)
        bar_markup_printf(p->out, "; %s: %s", UI(p, no_answer),
                          fmt_count(num, sizeof num, missing, p->lang));
    /* those the routing did not ask (among the missing) */
    json_t *not_asked = json_object_get(fig, BAR_RK_NOT_ASKED);
    if (json_is_integer(not_asked) && json_integer_value(not_asked) > 0) {
        char k[32];
        snprintf(k, sizeof k, "%lld",
                 (long long)json_integer_value(not_asked));
        char cond[1024];
        const char *args[] = {
            k, bar_text_condition(cond, sizeof cond,
                                  bar_results_str(fig, BAR_RK_ASKED_IF),
                                  p->opt->ins, p->lang)};
        put(p, ", ");
        put_template(p, UI(p, not_asked), args, 2);
    }
    if (json_is_integer(n) ||
        (model && json_is_integer(json_object_get(fig, BAR_RK_BASE_N))))
        put(p, ")");
    put(p, ". ");
    esc(p, UI(p, unweighted));
    /* missing answers and 'don't know': once, in the method appendix */
    if (strcmp(kind, "frequency") == 0 ||
        strcmp(kind, "multi_response") == 0) {
        put(p, " ");
        esc(p, UI(p, interval_rule));
    }
    if (strcmp(kind, "multi_response") == 0) {
        put(p, " ");
        esc(p, UI(p, multi_note));
    }
    if (strcmp(kind, "scale") == 0) {
        put(p, " ");
        esc(p, UI(p, scale_note));
    }
    if (model) {
        put(p, " ");
        esc(p, UI(p, model_note));
        /* Predictors set aside as redundant, each named once. */
        size_t i, j, k;
        json_t *m, *rd, *m2, *rd2;
        json_array_foreach(json_object_get(fig, BAR_RK_MODELS), i, m)
            json_array_foreach(json_object_get(m, BAR_RK_REDUNDANT), j, rd) {
            const char *name = bar_results_str(rd, BAR_RK_NAME);
            bool seen = false;
            json_array_foreach(json_object_get(fig, BAR_RK_MODELS), k, m2) {
                if (k >= i)
                    break;
                size_t l;
                json_array_foreach(json_object_get(m2, BAR_RK_REDUNDANT), l,
                                   rd2) seen |=
                    name && bar_results_str(rd2, BAR_RK_NAME) &&
                    strcmp(name, bar_results_str(rd2, BAR_RK_NAME)) == 0;
            }
            if (seen || !name)
                continue;
            char lab[256];
            bar_markup_printf(p->out, " %s: %s (", UI(p, model_redundant),
                              bar_text_variable_label(lab, sizeof lab, name,
                                                      p->opt->ins, p->lang));
            char why[2048];
            esc(p, bar_text_redundant(why, sizeof why, rd, p->opt->ins,
                                      p->lang));
            put(p, ").");
        }
    }
    put(p, "</p>\n");
    if (strcmp(kind, "crosstab") == 0) {
        bar_markup_printf(p->out, "<p>%s %s</p>\n", UI(p, column_pct),
                          UI(p, chi_square_rule));
    }
    if (strcmp(kind, "response_by_group") == 0 &&
        !json_is_true(json_object_get(fig, BAR_RK_FRAME)))
        bar_markup_printf(p->out, "<p>%s</p>\n", UI(p, no_frame));
    /* where the groups come from (cut points) */
    bar_buf cuts;
    bar_buf_init(&cuts, 64 * 1024);
    fail_status(p, bar_text_groups_caption(fig, p->opt->study, p->lang,
                                           &cuts, p->r.err));
    if (cuts.len > 0) {
        put(p, "<p>");
        put_lines(p, cuts.data);
        put(p, "</p>\n");
    }
    release_part(p, &cuts);
    const char *note = bar_results_str(fig, BAR_RK_NOTE);
    const char *error = bar_results_str(fig, BAR_RK_ERROR);
    if (note || error) {
        char buf[4096];
        put(p, "<p>");
        esc(p, bar_text_note(buf, sizeof buf, fig,
                             error ? BAR_RK_ERROR : BAR_RK_NOTE, p->opt->ins,
                             p->lang));
        put(p, "</p>\n");
    }
    /* the source line */
    bar_markup_printf(p->out, "<p class=\"source\">%s: ", UI(p, source));
    esc(p, p->title);
    size_t i;
    json_t *b;
    const char *seen[MAX_SOURCES];
    size_t nseen = 0;
    json_array_foreach(json_object_get(fig, BAR_RK_BENCHMARKS), i, b) {
        const char *src = bar_results_str(b, BAR_RK_SOURCE);
        const char *country = bar_results_str(b, BAR_RK_COUNTRY);
        if (!src || !country || bar_study_is_home(p->opt->study, country))
            continue;
        bool dup = false;
        for (size_t k = 0; k < nseen; k++)
            dup |= strcmp(seen[k], src) == 0;
        if (dup || nseen == MAX_SOURCES)
            continue;
        seen[nseen++] = src;
        put(p, "; ");
        esc(p, src);
    }
    put(p, ".</p>\n</div>\n");
}

/* ---- words a reader reads: the sentence above a figure, the tests ---- */

/* The plain-language sentence above the chart (bar_text_figure_lede). */
static void figure_lede(page *p, const json_t *fig)
{
    bar_buf lede;
    bar_buf_init(&lede, 64 * 1024);
    fail_status(p, bar_text_figure_lede(p->results, fig, p->opt->ins,
                                        p->opt->study, p->lang, &lede,
                                        p->r.err));
    if (lede.len > 0) {
        put(p, "<p class=\"lede\">");
        esc(p, lede.data);
        put(p, "</p>\n");
    }
    release_part(p, &lede);
}

/* Every test of fig with its p-value, as text into out, for the "More
 * numbers" fold: the benchmark comparisons and, for a crosstab, the
 * chi-square (and trend) tests. */
static void figure_tests(page *p, const json_t *fig, const char *kind,
                         bar_buf *text)
{
    bar_buf lines;
    bar_buf_init(&lines, 256 * 1024);
    bar_status rc = bar_text_benchmark_caption(p->results, fig,
                                               p->opt->study, p->lang,
                                               &lines, p->r.err);
    if (rc == BAR_OK && strcmp(kind, "crosstab") == 0) {
        if (lines.len > 0)
            bar_buf_puts(&lines, "\n");
        rc = bar_text_figure_findings(p->results, fig, p->opt->ins,
                                      p->opt->study, p->lang, &lines,
                                      p->r.err);
    }
    fail_status(p, rc);
    /* the lines joined by a space */
    bool first = true;
    for (char *s = lines.data; s && *s;) {
        char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        while (len > 0 && s[len - 1] == ' ')
            len--;
        if (len > 0) {
            if (!first)
                bar_buf_puts(text, " ");
            bar_buf_add(text, s, len);
            first = false;
        }
        if (!nl)
            break;
        s = nl + 1;
    }
    release_part(p, &lines);
}

/* ---- authored texts (authored.h): the researchers' own words ---- */

/* Text i of the study on the page: a block told apart from the generated
 * ones by its frame and a line naming its authors; its title (h2 at the
 * level of the chapters, h3 beside a figure) and the Markdown's headings
 * below it. */
static void authored_text(page *p, size_t i, bool chapter_level)
{
    const bar_study_authored *def = bar_authored_def(p->opt->authored, i);
    const char *title = bar_study_text_in(&def->title, p->lang);
    p->placed[i] = true;
    if (title) {
        bar_markup_printf(p->out, "<section class=\"authored%s\" "
                                  "id=\"text-%s\" aria-labelledby=\"text-"
                                  "%s-title\">\n",
                          chapter_level ? " authored-chapter" : "", def->id,
                          def->id);
    } else {
        bar_markup_printf(p->out, "<div class=\"authored%s\" "
                                  "id=\"text-%s\">\n",
                          chapter_level ? " authored-chapter" : "",
                          def->id);
    }
    put(p, "<p class=\"authored-by\">");
    if (def->authors) {
        const char *args[] = {def->authors};
        put_template(p, UI(p, authored_by), args, 1);
    } else {
        esc(p, UI(p, authored_label));
    }
    put(p, "</p>\n");
    if (title)
        bar_markup_printf(p->out, "<h%d id=\"text-%s-title\">%s</h%d>\n",
                          chapter_level ? 2 : 3, def->id, title,
                          chapter_level ? 2 : 3);
    size_t len = 0;
    const char *md = bar_authored_text(p->opt->authored, i, &len);
    fail_status(p, bar_markup_markdown(p->out, md, len,
                                       (chapter_level ? 1 : 2) +
                                           (title ? 1 : 0)));
    if (title)
        put(p, "</section>\n");
    else
        put(p, "</div>\n");
}

/* The texts placed before (after: after) chapter `chapter_id` or figure
 * `figure` (one of them NULL). */
static void authored_at(page *p, const char *chapter_id,
                        const char *figure, bool after)
{
    size_t n = bar_authored_count(p->opt->authored);
    for (size_t i = 0; i < n && i < 64 && p->r.rc == BAR_OK; i++) {
        const bar_study_authored *d = bar_authored_def(p->opt->authored, i);
        if (d->after != after)
            continue;
        if ((chapter_id && d->chapter &&
             strcmp(d->chapter, chapter_id) == 0) ||
            (figure && d->figure && strcmp(d->figure, figure) == 0))
            authored_text(p, i, chapter_id != NULL);
    }
}

/* The contents' entries of the titled texts placed before (after) a
 * chapter. */
static void authored_toc(page *p, const char *chapter_id, bool after)
{
    size_t n = bar_authored_count(p->opt->authored);
    for (size_t i = 0; i < n; i++) {
        const bar_study_authored *d = bar_authored_def(p->opt->authored, i);
        const char *title = bar_study_text_in(&d->title, p->lang);
        if (d->after != after || !d->chapter || !title ||
            strcmp(d->chapter, chapter_id) != 0)
            continue;
        bar_markup_printf(p->out, "<li><a href=\"#text-%s\">%s</a></li>\n",
                          d->id, title);
    }
}

/* The texts whose chapter or figure is not on the page (another
 * specification, a chapter without entries) go at the end, so that no
 * words are lost without a trace. */
static void authored_rest(page *p)
{
    size_t n = bar_authored_count(p->opt->authored);
    for (size_t i = 0; i < n && i < 64 && p->r.rc == BAR_OK; i++)
        if (!p->placed[i])
            authored_text(p, i, true);
}

/* ---- the text figure: concept groups (issue 12) ----
 * One block per concept group: its name, the share of answers touching
 * it, and its terms sized by the number of answers (a word cloud). Only
 * what the results document holds: no answer text. */

/* The language of the answers' words when the page is in another one
 * (they are marked with it, WCAG 3.1.2), else NULL. */
static const char *answers_lang(const page *p)
{
    return strcmp(bar_lang_code(p->lang), BAR_TEXTMINE_LANG) != 0
               ? BAR_TEXTMINE_LANG
               : NULL;
}

/* foreign: answers_lang(p). */
static void text_group(page *p, const json_t *it, size_t index,
                       const char *foreign)
{
    const char *name = bar_results_label(it, BAR_RK_LABEL, p->lang);
    json_t *terms = bar_results_array(it, BAR_RK_TERMS);
    bar_cloud_word words[BAR_CLOUD_WORDS_MAX];
    size_t n = 0, i;
    json_t *t;
    bar_buf desc;
    bar_buf_init(&desc, 16 * 1024);
    bar_buf_puts(&desc, bar_tr(p->lang, N_("Terms sized by the number of "
                                           "answers they occur in: ")));
    json_array_foreach(terms, i, t) {
        const char *w = bar_results_str(t, BAR_RK_TERM);
        long long c = bar_results_int(t, BAR_RK_COUNT, 0);
        if (!w || c <= 0 || n == BAR_CLOUD_WORDS_MAX)
            continue;
        words[n++] = (bar_cloud_word){w, (double)c};
        bar_buf_printf(&desc, "%s%s (%lld)", n > 1 ? ", " : "", w, c);
    }
    bar_markup_printf(p->out, "<section class=\"concept\" aria-labelledby="
                              "\"concept-%zu\">\n<h3 id=\"concept-%zu\">",
                      index + 1, index + 1);
    if (foreign)
        bar_markup_printf(p->out, "<span lang=\"%s\">", foreign);
    esc(p, name);
    if (foreign)
        put(p, "</span>");
    put(p, "</h3>\n");
    double pct = bar_results_num(it, BAR_RK_PERCENT);
    if (isfinite(pct)) {
        char num[BAR_NUMFMT_MAX];
        bar_numfmt_decimal(num, sizeof num, pct, 0, p->lang);
        put(p, "<p class=\"note\">");
        const char *args[] = {num};
        put_template(p, bar_tr(p->lang, N_("{1} percent of the answers touch "
                                           "this group")),
                     args, 1);
        put(p, "</p>\n");
    }
    if (n > 0 && bar_buf_status(&desc) == BAR_OK) {
        /* two layouts as the other charts (svg.h): the default width, and
         * the phone's, whose smallest words stay 11 px or more at 390 px */
        bar_cloud_opts o = {.title = name, .desc = desc.data,
                            .color = bar_wordcloud_color(index),
                            .lang = foreign};
        put(p, "<div class=\"chart-wide\">\n");
        fail_status(p, bar_wordcloud_svg(p->out, words, n, &o, p->r.err));
        put(p, "</div>\n<div class=\"chart-narrow\">\n");
        o.width = BAR_SVG_NARROW_W;
        o.height = BAR_SVG_NARROW_W;
        if (p->r.rc == BAR_OK)
            fail_status(p, bar_wordcloud_svg(p->out, words, n, &o, p->r.err));
        put(p, "</div>\n");
    }
    release_part(p, &desc);
    put(p, "</section>\n");
}

static void text_chart(page *p, const json_t *fig, const char *title)
{
    (void)title;
    json_t *items = bar_results_array(fig, BAR_RK_ITEMS);
    if (json_array_size(items) == 0)
        return;
    const char *foreign = answers_lang(p);
    if (foreign) {
        put(p, "<p class=\"note\">");
        esc(p, bar_tr(p->lang, N_("The terms and quotes are the "
                                  "respondents' own words, in Dutch.")));
        put(p, "</p>\n");
    }
    put(p, "<div class=\"concepts\">\n");
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it)
        text_group(p, it, i, foreign);
    put(p, "</div>\n");
    /* approved quotes of the figure's text columns, addresses hidden */
    json_t *vars = bar_results_array(fig, BAR_RK_VARIABLES);
    bool any = false;
    for (size_t q = 0; q < p->opt->nquotes; q++) {
        const bar_wave_quote *qt = &p->opt->quotes[q];
        bool ours = false;
        json_t *v;
        json_array_foreach(vars, i, v)
            ours |= json_is_string(v) &&
                    strcmp(json_string_value(v), qt->variable) == 0;
        if (!ours)
            continue;
        if (!any) {
            put(p, "<div class=\"quotes\">\n<h3>");
            esc(p, bar_tr(p->lang, N_("From the answers")));
            put(p, "</h3>\n");
            any = true;
        }
        bar_buf b;
        bar_buf_init(&b, 64 * 1024);
        bar_tokenizer_redact(qt->text, strlen(qt->text), &b);
        if (bar_buf_status(&b) == BAR_OK) {
            if (foreign)
                bar_markup_printf(p->out, "<blockquote class=\"quote\" "
                                          "lang=\"%s\"><p>", foreign);
            else
                put(p, "<blockquote class=\"quote\"><p>");
            esc(p, b.data ? b.data : "");
            put(p, "</p></blockquote>\n");
        }
        release_part(p, &b);
    }
    if (any)
        put(p, "</div>\n");
}

/* ---- one entry ---- */

static void entry(page *p, const json_t *fig)
{
    reader *r = &p->r;
    r->fig = NULL;
    const char *id = get_str(r, fig, BAR_RK_ID);
    r->fig = id;
    const char *kind = get_str(r, fig, BAR_RK_KIND);
    const char *title = get_label(r, fig, BAR_RK_TITLE, p->lang);
    const char *cap = caption_of(fig);
    bool has_n = strcmp(kind, "model") != 0 && strcmp(kind, "scale") != 0;
    if (has_n) {
        /* n may be null where disclosure control suppressed it */
        if (!json_is_null(json_object_get(fig, BAR_RK_N)))
            get_int(r, fig, BAR_RK_N);
        get_int(r, fig, BAR_RK_MISSING);
    }
    if (strcmp(kind, "response_by_group") == 0) {
        get(r, fig, BAR_RK_ROWS, JSON_ARRAY);
        get(r, fig, BAR_RK_TOTAL, JSON_OBJECT);
    }
    if (r->rc != BAR_OK)
        return;
    char label[64], full[1200];
    caption_label(p, fig, label, sizeof label);
    snprintf(full, sizeof full, "%s%s%s", label, *label ? " " : "", title);
    bool is_table = cap && strcmp(cap, "table") == 0;
    bool is_box = cap && strcmp(cap, "box") == 0;
    bool is_section = cap && strcmp(cap, "section") == 0;

    if (is_table) {
        put(p, "<div class=\"table-block\" id=\"");
        esc(p, id);
        put(p, "\">\n");
        figure_tables(p, fig, id, kind, full, NULL);
        notes(p, fig, kind);
        put(p, "</div>\n");
        return;
    }
    if (is_section) {
        put(p, "<section class=\"scale\" id=\"");
        esc(p, id);
        put(p, "\">\n<h3>");
        esc(p, title);
        put(p, "</h3>\n");
    } else if (is_box) {
        put(p, "<aside class=\"box\" id=\"");
        esc(p, id);
        put(p, "\" aria-labelledby=\"");
        esc(p, id);
        put(p, "-title\">\n<h3 id=\"");
        esc(p, id);
        put(p, "-title\">");
        esc(p, full);
        put(p, "</h3>\n");
    } else {
        put(p, "<figure class=\"figure\" id=\"");
        esc(p, id);
        put(p, "\">\n<figcaption class=\"caption\">");
        if (*label) {
            put(p, "<span class=\"label\">");
            esc(p, label);
            put(p, "</span> ");
        }
        esc(p, title);
        put(p, "</figcaption>\n");
    }
    /* generated text for the scale section and the text box */
    bar_buf text;
    bar_buf_init(&text, 256 * 1024);
    if (strcmp(kind, "scale") == 0) {
        fail_status(p, bar_text_finding(p->results, BAR_FINDING_CLIMATE,
                                        p->opt->ins, p->opt->study, p->lang,
                                        &text,
                                        p->r.err));
        bar_buf_puts(&text, "\n");
        fail_status(p, bar_text_figure_findings(p->results, fig, p->opt->ins,
                                                p->opt->study,
                                                p->lang, &text, p->r.err));
    }
    if (text.len > 0 && text.data[0] != '\n') {
        put(p, "<p>");
        put_lines(p, text.data);
        put(p, "</p>\n");
    }
    release_part(p, &text);
    figure_lede(p, fig);

    put(p, "<div class=\"chart\">\n");
    if (json_is_true(json_object_get(fig, BAR_RK_SUPPRESSED))) {
        put(p, "<p class=\"note\">");
        esc(p, UI(p, too_few));
        put(p, "</p>\n");
    } else if (strcmp(kind, "frequency") == 0) {
        bar_chart(p, fig, false, full);
    } else if (strcmp(kind, "multi_response") == 0) {
        bar_chart(p, fig, true, full);
    } else if (strcmp(kind, "likert") == 0) {
        likert_chart(p, fig, full);
    } else if (strcmp(kind, "crosstab") == 0) {
        crosstab_chart(p, fig, full);
    } else if (strcmp(kind, "boxplot") == 0) {
        boxplot_chart(p, fig, full);
    } else if (strcmp(kind, "scale") == 0) {
        histogram_chart(p, fig, full);
    } else if (strcmp(kind, "model") == 0) {
        forest_chart(p, fig, full);
    } else if (strcmp(kind, "text") == 0) {
        text_chart(p, fig, full);
    } else {
        put(p, "<p class=\"note\">");
        put_template(p, UI(p, unknown_kind), &kind, 1);
        put(p, "</p>\n");
    }
    put(p, "</div>\n");
    if (p->r.rc != BAR_OK)
        goto end;
    notes(p, fig, kind);
    bar_buf tests;
    bar_buf_init(&tests, 256 * 1024);
    figure_tests(p, fig, kind, &tests);
    figure_tables(p, fig, id, kind, NULL, tests.data);
    release_part(p, &tests);
end:
    if (is_section)
        put(p, "</section>\n");
    else if (is_box)
        put(p, "</aside>\n");
    else
        put(p, "</figure>\n");
}

/* ---- the page's parts ---- */

/* The study's publisher on the cover (nothing without one). */
static void cover_publisher(page *p)
{
    const char *pub = p->opt->study ? bar_study_text_in(
                                          bar_study_publisher(p->opt->study),
                                          p->lang)
                                    : NULL;
    if (pub)
        bar_markup_printf(p->out, "<dt>%s</dt><dd>%s</dd>\n",
                          UI(p, publisher), pub);
}

static void cover(page *p)
{
    const json_t *res = p->results;
    put(p, "<header class=\"cover\">\n<p class=\"kicker\">");
    esc(p, UI(p, report));
    put(p, "</p>\n<h1>");
    esc(p, p->title);
    char num[BAR_NUMFMT_MAX];
    bar_markup_printf(p->out, "</h1>\n<p class=\"subtitle\">%s %lld &#183; "
                              "%s %s</p>\n<dl>\n",
                      UI(p, wave),
                      (long long)json_integer_value(json_object_get(res,
                                                                    BAR_RK_WAVE)),
                      fmt_count(num, sizeof num, json_object_get(res, BAR_RK_CASES),
                                p->lang),
                      UI(p, organisations));
    cover_publisher(p);
    bar_markup_printf(p->out, "<dt>%s</dt><dd>", UI(p, source));
    esc(p, p->title);
    put(p, "</dd>\n");
    if (p->opt->date) {
        bar_markup_printf(p->out, "<dt>%s</dt><dd>", UI(p, generated_on));
        esc(p, p->opt->date);
        put(p, "</dd>\n");
    }
    bar_markup_printf(p->out, "<dt>%s</dt><dd>", UI(p, made_with));
    esc(p, bar_results_str(res, BAR_RK_GENERATED_BY));
    put(p, "</dd>\n</dl>\n");
    const char *data = bar_results_str(res, BAR_RK_DATA);
    if (data && strcmp(data, "simulated") == 0) {
        put(p, "<p class=\"notice\" role=\"note\">");
        esc(p, UI(p, simulated));
        put(p, "</p>\n");
    }
    put(p, "</header>\n");
}

static void chapter_heading(page *p, const chapter *c, const char *anchor)
{
    put(p, "<section class=\"chapter\" id=\"");
    esc(p, anchor);
    put(p, "\">\n<h2>");
    if (c->number > 0)
        bar_markup_printf(p->out, "%d ", c->number);
    esc(p, chapter_title(p, c));
    put(p, "</h2>\n");
    const char *intro = c->def ? bar_study_text_in(&c->def->intro, p->lang)
                               : NULL;
    if (intro) {
        put(p, "<p class=\"lead\">");
        esc(p, intro);
        put(p, "</p>\n");
    }
}

static void toc(page *p, const json_t *figs, const chapter *chs, size_t nch,
                int findings_number, size_t findings_at)
{
    bar_markup_printf(p->out, "<nav class=\"toc\" id=\"contents\" "
                              "aria-labelledby=\"contents-title\">\n"
                              "<h2 id=\"contents-title\">%s</h2>\n<ol>\n",
                      UI(p, contents));
    bar_markup_printf(p->out, "<li><a href=\"#summary\">%s</a></li>\n",
                      UI(p, summary));
    for (size_t c = 0; c <= nch; c++) {
        if (c == nch || c == findings_at) {
            if (findings_number > 0)
                bar_markup_printf(p->out, "<li><a href=\"#findings\">%d %s"
                                          "</a></li>\n",
                                  findings_number, UI(p, findings));
            findings_number = 0;
        }
        if (c == nch)
            break;
        char anchor[96];
        chapter_anchor(anchor, sizeof anchor, &chs[c], c);
        authored_toc(p, chs[c].id, false);
        bar_markup_printf(p->out, "<li><a href=\"#%s\">", anchor);
        if (chs[c].number > 0)
            bar_markup_printf(p->out, "%d ", chs[c].number);
        esc(p, chapter_title(p, &chs[c]));
        put(p, "</a>\n<ol>\n");
        size_t i;
        json_t *f;
        json_array_foreach(figs, i, f) {
            const char *id = bar_results_str(f, BAR_RK_ID);
            if (!id || strcmp(chapter_of(p, id), chs[c].id) != 0)
                continue;
            char label[64];
            caption_label(p, f, label, sizeof label);
            put(p, "<li><a href=\"#");
            esc(p, id);
            put(p, "\">");
            if (*label) {
                esc(p, label);
                put(p, " ");
            }
            esc(p, bar_results_label(f, BAR_RK_TITLE, p->lang));
            put(p, "</a></li>\n");
        }
        put(p, "</ol></li>\n");
        authored_toc(p, chs[c].id, true);
    }
    put(p, "</ol>\n</nav>\n");
}

static void summary(page *p)
{
    bar_markup_printf(p->out, "<section class=\"chapter\" id=\"summary\">\n"
                              "<h2>%s</h2>\n<p class=\"lead\">",
                      UI(p, summary));
    const char *args[] = {p->title};
    put_template(p, UI(p, summary_intro), args, 1);
    bar_markup_printf(p->out, "</p>\n<div class=\"summary-box\">\n"
                              "<h3>%s</h3>\n<ul class=\"findings\">\n",
                      UI(p, key_findings));
    bar_buf sentence;
    bar_buf_init(&sentence, 64 * 1024);
    for (int f = 0; f < BAR_FINDING_COUNT; f++) {
        bar_buf_reset(&sentence);
        fail_status(p, bar_text_finding(p->results, (bar_finding)f,
                                        p->opt->ins, p->opt->study, p->lang,
                                        &sentence,
                                        p->r.err));
        if (sentence.len == 0)
            continue;
        put(p, "<li>");
        esc(p, sentence.data);
        put(p, "</li>\n");
    }
    release_part(p, &sentence);
    put(p, "</ul>\n</div>\n</section>\n");
}

/* Empty b for its next use, failing the page first when b failed
 * (bar_buf_reset forgets it). */
static void reset_part(page *p, bar_buf *b)
{
    bar_status rc = bar_buf_status(b);
    if (rc != BAR_OK && p->r.rc == BAR_OK)
        p->r.rc = bar_error_set(p->r.err, rc, "report: %s",
                                bar_strerror(rc));
    bar_buf_reset(b);
}

/* A paragraph of the findings: its heading (none when NULL) and text. */
static void findings_paragraph(page *p, const char *heading,
                               const char *text)
{
    if (!text || !*text)
        return;
    if (heading && *heading) {
        put(p, "<h3>");
        esc(p, heading);
        put(p, "</h3>\n");
    }
    put(p, "<p class=\"finding\">");
    esc(p, text);
    put(p, "</p>\n");
}

/* The findings chapter, written as findings (the 2021 report's chapter 6
 * as the model): an opening paragraph (response, how many innovated),
 * a paragraph per numbered chapter (bar_text_chapter_findings), then the
 * comparison with the main country (bar_text_country_findings). */
static void findings(page *p, const json_t *figs, const chapter *chs,
                     size_t nch, int number)
{
    bar_markup_printf(p->out, "<section class=\"chapter findings\" "
                              "id=\"findings\">\n"
                              "<h2>%d %s</h2>\n<p class=\"lead\">%s</p>\n",
                      number, UI(p, findings), UI(p, findings_intro));
    bar_buf text, heading;
    bar_buf_init(&text, 1024 * 1024);
    bar_buf_init(&heading, 4096);
    const bar_finding opening[] = {BAR_FINDING_RESPONSE,
                                   BAR_FINDING_INNOVATED};
    for (size_t k = 0; k < 2; k++) {
        if (text.len > 0)
            bar_buf_puts(&text, " ");
        fail_status(p, bar_text_finding(p->results, opening[k], p->opt->ins,
                                        p->opt->study, p->lang, &text,
                                        p->r.err));
    }
    findings_paragraph(p, NULL, text.data);
    const json_t **list = calloc(json_array_size(figs) + 1, sizeof *list);
    if (!list)
        fail_status(p, bar_error_set(p->r.err, BAR_ENOMEM,
                                     "report: out of memory"));
    for (size_t c = 0; list && c < nch; c++) {
        if (chs[c].def && !chs[c].def->numbered)
            continue;
        reset_part(p, &text);
        size_t n = 0, i;
        json_t *f;
        json_array_foreach(figs, i, f) {
            const char *id = bar_results_str(f, BAR_RK_ID);
            if (id && strcmp(chapter_of(p, id), chs[c].id) == 0)
                list[n++] = f;
        }
        fail_status(p, bar_text_chapter_findings(p->results, list, n,
                                                 p->opt->ins, p->opt->study,
                                                 p->lang, &text, p->r.err));
        findings_paragraph(p, chapter_title(p, &chs[c]), text.data);
    }
    free(list);
    reset_part(p, &text);
    fail_status(p, bar_text_country_findings(p->results, p->opt->study,
                                             p->lang, &heading, &text,
                                             p->r.err));
    findings_paragraph(p, heading.data, text.data);
    release_part(p, &heading);
    release_part(p, &text);
    put(p, "</section>\n");
}

/* Fill tmpl into text (plain text, escaped when it reaches the page),
 * "{N}" replaced by args[N - 1]. */
static void put_template_to(bar_buf *text, const char *tmpl,
                            const char *const *args, size_t nargs)
{
    for (const char *t = tmpl; *t; t++) {
        if (t[0] == '{' && t[1] >= '1' && t[1] <= '9' && t[2] == '}') {
            size_t k = (size_t)(t[1] - '1');
            if (k < nargs && args[k])
                bar_buf_puts(text, args[k]);
            t += 2;
        } else {
            bar_buf_add(text, t, 1);
        }
    }
}

/* "<p><strong>Basis.</strong> rest</p>": the words up to the first ". "
 * are the paragraph's lead-in. */
static void lead_paragraph(page *p, const char *text)
{
    const char *dot = strstr(text, ". ");
    put(p, "<p>");
    if (dot && dot - text < 40) {
        char lead[48];
        snprintf(lead, sizeof lead, "%.*s", (int)(dot - text + 1), text);
        put(p, "<strong>");
        esc(p, lead);
        put(p, "</strong> ");
        esc(p, dot + 2);
    } else {
        esc(p, text);
    }
    put(p, "</p>\n");
}

/* ---- disclosure control (results "disclosure"; docs/disclosure.md) ---- */

/* The words of the disclosure paragraph and table (message ids). */
static const struct {
    const char *lead, *policy, *none, *th_where, *th_cells, *th_rules,
        *rules[5];
} sdc_en = {
    N_("Disclosure control."),
    N_("No publication may reveal the answer of one organisation. Therefore "
       "not shown are: counts of 1 to {2} organisations (threshold rule), "
       "groups of fewer than {1} organisations, and a group whose "
       "organisations all gave the same answer (group disclosure); with the "
       "percentages and tests resting on them. Then further cells are left "
       "out where needed (secondary suppression), so that no suppressed count "
       "can be recovered from totals, other cells or other figures of this "
       "wave; the same count is left out in every figure. The table says "
       "where cells were left out and which rules applied in that table, not "
       "which rule applies to which cell."),
    N_("No cells were suppressed."),
    N_("Figure or table"),
    N_("Suppressed cells"),
    N_("Rules"),
    {N_("minimum group size"), N_("threshold rule"), N_("group disclosure"),
     N_("secondary suppression"), N_("linked tables")},
};

static const json_t *figure_by_id(const page *p, const char *id)
{
    size_t i;
    const json_t *f;
    json_array_foreach(json_object_get(p->results, BAR_RK_FIGURES), i, f) {
        const char *fid = bar_results_str(f, BAR_RK_ID);
        if (fid && id && strcmp(fid, id) == 0)
            return f;
    }
    return NULL;
}

static void disclosure_notes(page *p)
{
    const json_t *dc = json_object_get(p->results, BAR_RK_DISCLOSURE);
    if (!json_is_object(dc))
        return;
    char mg[32], mc[32];
    snprintf(
        mg, sizeof mg, "%lld",
        (long long)json_integer_value(json_object_get(dc, BAR_RK_MIN_GROUP)));
    snprintf(
        mc, sizeof mc, "%lld",
        (long long)json_integer_value(json_object_get(dc, BAR_RK_MIN_CELL)) -
            1);
    put(p, "<p id=\"disclosure\"><strong>");
    esc(p, bar_tr(p->lang, sdc_en.lead));
    put(p, "</strong> ");
    const char *args[] = {mg, mc};
    put_template(p, bar_tr(p->lang, sdc_en.policy), args, 2);
    put(p, "</p>\n");
    const json_t *tables = json_object_get(dc, BAR_RK_TABLES);
    if (json_array_size(tables) == 0) {
        put(p, "<p>");
        esc(p, bar_tr(p->lang, sdc_en.none));
        put(p, "</p>\n");
        return;
    }
    put(p, "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" "
           "aria-label=\"");
    esc(p, bar_tr(p->lang, sdc_en.th_cells));
    put(p, "\"><table class=\"data disclosure\">\n<thead><tr>"
           "<th scope=\"col\">");
    esc(p, bar_tr(p->lang, sdc_en.th_where));
    put(p, "</th><th scope=\"col\">");
    esc(p, bar_tr(p->lang, sdc_en.th_cells));
    put(p, "</th><th scope=\"col\">");
    esc(p, bar_tr(p->lang, sdc_en.th_rules));
    put(p, "</th></tr></thead>\n<tbody>\n");
    size_t i;
    const json_t *t;
    json_array_foreach(tables, i, t) {
        /* "frequencies/sector": a table of the figure "frequencies" */
        char fid[128];
        snprintf(fid, sizeof fid, "%s", bar_results_str(t, BAR_RK_FIGURE));
        fid[strcspn(fid, "/")] = '\0';
        const json_t *fig = figure_by_id(p, fid);
        char cap[64] = "";
        if (fig)
            caption_label(p, fig, cap, sizeof cap);
        if (fig && !*cap)
            snprintf(cap, sizeof cap, "%s",
                     bar_results_label(fig, BAR_RK_TITLE, p->lang));
        put(p, "<tr><th scope=\"row\">");
        esc(p, *cap ? cap : fid);
        const char *what = bar_results_label(t, BAR_RK_LABEL, p->lang);
        if (*what) {
            put(p, " ");
            esc(p, what);
        }
        put(p, "</th><td>");
        size_t k;
        const json_t *c;
        json_array_foreach(json_object_get(t, BAR_RK_CELLS), k, c) {
            if (k)
                put(p, "; ");
            esc(p, bar_results_label(c, BAR_RK_ROW, p->lang));
            const char *g = bar_results_label(c, BAR_RK_GROUP, p->lang);
            if (*g) {
                put(p, " \xc3\x97 ");
                esc(p, g);
            }
        }
        put(p, "</td><td>");
        const json_t *r;
        json_array_foreach(json_object_get(t, BAR_RK_RULES), k, r) {
            static const char *const names[5] = {
                "min_group", "min_cell", "group_disclosure", "secondary",
                "linked"};
            const char *name = json_string_value(r);
            for (size_t n = 0; name && n < 5; n++)
                if (strcmp(name, names[n]) == 0) {
                    if (k)
                        put(p, ", ");
                    esc(p, bar_tr(p->lang, sdc_en.rules[n]));
                }
        }
        put(p, "</td></tr>\n");
    }
    put(p, "</tbody>\n</table></div>\n");
}

static void method_notes(page *p)
{
    char cases[BAR_NUMFMT_MAX], min_group[BAR_NUMFMT_MAX];
    fmt_count(cases, sizeof cases, json_object_get(p->results, BAR_RK_CASES),
              p->lang);
    fmt_count(min_group, sizeof min_group,
              json_object_get(p->results, BAR_RK_MIN_GROUP), p->lang);
    bar_markup_printf(p->out, "<div class=\"method\">\n<h3>%s</h3>\n<p>",
                      UI(p, method_heading));
    const char *a1[] = {p->title, cases};
    put_template(p, UI(p, method_intro), a1, 2);
    put(p, "</p>\n");
    const char *paras[] = {UI(p, method_base), UI(p, method_weighting),
                           UI(p, method_missing)};
    for (size_t i = 0; i < 3; i++)
        lead_paragraph(p, paras[i]);
    bar_buf groups;
    bar_buf_init(&groups, 4096);
    const char *a2[] = {min_group};
    put_template_to(&groups, UI(p, method_groups), a2, 1);
    lead_paragraph(p, groups.data ? groups.data : "");
    release_part(p, &groups);
    lead_paragraph(p, UI(p, method_intervals));
    lead_paragraph(p, UI(p, method_tests_list));
    disclosure_notes(p);
    put(p, "</div>\n");
}

/* The colophon (the page's footer, a page of its own in print): title,
 * publisher, wave and n, sources, the data notice, where the numbers are,
 * date and program. */
static void footer(page *p)
{
    bar_markup_printf(p->out, "<footer class=\"colophon\" "
                              "aria-labelledby=\"colophon-title\">\n"
                              "<h2 id=\"colophon-title\">%s</h2>\n<dl>\n"
                              "<dt>%s</dt><dd>",
                      UI(p, colophon), UI(p, report));
    esc(p, p->title);
    put(p, "</dd>\n");
    cover_publisher(p);
    char num[BAR_NUMFMT_MAX];
    bar_markup_printf(p->out, "<dt>%s</dt><dd>%lld (n = %s)</dd>\n",
                      UI(p, wave),
                      (long long)json_integer_value(json_object_get(
                          p->results, BAR_RK_WAVE)),
                      fmt_count(num, sizeof num,
                                json_object_get(p->results, BAR_RK_CASES),
                                p->lang));
    bar_markup_printf(p->out, "<dt>%s</dt><dd>", UI(p, source));
    esc(p, p->title);
    for (size_t s = 0; s < p->nsources; s++) {
        if (bar_study_is_home(p->opt->study, p->source_countries[s]))
            continue;
        put(p, "; ");
        esc(p, p->sources[s]);
    }
    put(p, "</dd>\n");
    const char *data = bar_results_str(p->results, BAR_RK_DATA);
    if (data && strcmp(data, "simulated") == 0)
        bar_markup_printf(p->out, "<dt>%s</dt><dd>%s</dd>\n",
                          UI(p, numbers), UI(p, simulated));
    if (p->opt->data_dir)
        bar_markup_printf(p->out, "<dt>CSV</dt><dd>%s</dd>\n",
                          UI(p, colophon_data));
    if (p->opt->date)
        bar_markup_printf(p->out, "<dt>%s</dt><dd>%s</dd>\n", UI(p, date),
                          p->opt->date);
    bar_markup_printf(p->out, "<dt>%s</dt><dd>", UI(p, made_with));
    esc(p, bar_results_str(p->results, BAR_RK_GENERATED_BY));
    put(p, "</dd>\n</dl>\n</footer>\n");
}

bar_status bar_report_html(const json_t *results,
                           const bar_report_options *options, bar_buf *out,
                           bar_error *err)
{
    bar_report_options defaults = {.lang = BAR_LANG_NL};
    const bar_report_options *opt = options ? options : &defaults;
    page p = {
        .out = out,
        .lang = (size_t)opt->lang < bar_lang_count() ? opt->lang : BAR_LANG_EN,
        .opt = opt,
        .results = results,
        .r = {.err = err},
    };
    reader *r = &p.r;
    chapter chs[MAX_CHAPTERS];
    if (!json_is_object(results) || get_int(r, results, BAR_RK_SCHEMA) != 1) {
        bad(r, "schema", "is not 1");
        goto cleanup;
    }
    p.title = get_label(r, results, BAR_RK_TITLE, p.lang);
    /* the study names the report (the instrument may serve several) */
    if (opt->study && bar_study_text_in(bar_study_title(opt->study), p.lang))
        p.title = bar_study_text_in(bar_study_title(opt->study), p.lang);
    json_t *figs = get(r, results, BAR_RK_FIGURES, JSON_ARRAY);
    get_int(r, results, BAR_RK_WAVE);
    get_int(r, results, BAR_RK_CASES);
    get_int(r, results, BAR_RK_MIN_GROUP);
    get_str(r, results, BAR_RK_GENERATED_BY);
    double level = bar_results_num(results, BAR_RK_LEVEL);
    p.alpha = level > 0.0 && level < 1.0 ? 1.0 - level : 0.05;
    if (r->rc != BAR_OK)
        goto cleanup;
    int findings_number = 0;
    size_t findings_at = 0;
    size_t nch = plan_chapters(&p, figs, chs, &findings_number,
                               &findings_at);

    bar_markup_printf(out,
                      "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                      "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                      "content=\"width=device-width, initial-scale=1\">\n"
                      "<title>",
                      bar_lang_code(p.lang));
    esc(&p, p.title);
    put(&p, "</title>\n");
    if (opt->stylesheet) {
        put(&p, "<link rel=\"stylesheet\" href=\"");
        esc(&p, opt->stylesheet);
        put(&p, "\">\n");
    } else {
        /* the font's rules first (render/font.h), then the page's */
        bar_markup_literal(out, "<style>\n" BAR_FONT_CSS);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
        bar_markup_literal(out, CSS);
#pragma GCC diagnostic pop
        bar_markup_literal(out, BAR_SVG_CSS "</style>\n");
    }
    bar_markup_printf(out, "</head>\n<body>\n<a class=\"skip\" "
                           "href=\"#main\">%s</a>\n",
                      UI(&p, skip));
    cover(&p);
    toc(&p, figs, chs, nch, findings_number, findings_at);
    put(&p, "<main id=\"main\" tabindex=\"-1\">\n");
    summary(&p);
    bool findings_done = false;
    size_t written = 0, nfigs = json_array_size(figs);
    for (size_t c = 0; c < nch && r->rc == BAR_OK; c++) {
        if (!findings_done && c == findings_at) {
            findings(&p, figs, chs, nch, findings_number);
            findings_done = true;
        }
        char anchor[96];
        chapter_anchor(anchor, sizeof anchor, &chs[c], c);
        authored_at(&p, chs[c].id, NULL, false);
        chapter_heading(&p, &chs[c], anchor);
        if (chs[c].def && chs[c].def->method_notes)
            method_notes(&p);
        size_t i;
        json_t *f;
        json_array_foreach(figs, i, f) {
            r->fig = NULL;
            const char *id = bar_results_str(f, BAR_RK_ID);
            if (!id) {
                get_str(r, f, BAR_RK_ID);
                break;
            }
            if (strcmp(chapter_of(&p, id), chs[c].id) != 0)
                continue;
            authored_at(&p, NULL, id, false);
            entry(&p, f);
            authored_at(&p, NULL, id, true);
            if (r->rc != BAR_OK)
                break;
            bar_progress_report(&opt->progress, N_("figures written"), ++written,
                                nfigs);
        }
        bar_markup_printf(out, "<p class=\"top\"><a class=\"top\" "
                               "href=\"#contents\">%s"
                               "</a></p>\n</section>\n",
                          UI(&p, back_to_top));
        authored_at(&p, chs[c].id, NULL, true);
    }
    if (r->rc != BAR_OK)
        goto cleanup;
    if (!findings_done)
        findings(&p, figs, chs, nch, findings_number);
    r->fig = NULL;
    authored_rest(&p);
    if (r->rc != BAR_OK)
        goto cleanup;
    put(&p, "</main>\n");
    footer(&p);
    put(&p, "</body>\n</html>\n");
    if (bar_buf_status(out) != BAR_OK && r->rc == BAR_OK)
        r->rc = bar_error_set(err, bar_buf_status(out), "report: %s",
                              bar_strerror(bar_buf_status(out)));
cleanup:
    for (size_t i = 0; i < p.nregion_names; i++)
        free(p.region_names[i]);
    free(p.region_names);
    return r->rc;
}
