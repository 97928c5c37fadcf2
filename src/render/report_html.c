/* report_html.c - the HTML report (see report_html.h).
 *
 * Each figure kind of the results document has one function here that
 * writes its section; the words of the page are in one table per
 * language (text below). Numbers are rounded for display only: charts
 * show whole percentages, tables one decimal (a decimal comma in Dutch).
 */
#include "render/report_html.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/svg.h"

enum { MAX_SERIES = BAR_SVG_SERIES_MAX, MAX_SOURCES = 32 };

/* The words of the page, per language. */
typedef struct words {
    const char *figure, *table, *base_all, *base_innovators, *missing,
        *source, *comparison_sources, *intro, *this_wave, *interval,
        *answer, *count, *percent, *ci, *valid, *comparison, *sector, *sent,
        *completed, *response, *total, *merged_note, *suppressed_note,
        *too_few, *numbers_of, *multi_note, *thin_bars, *no_frame,
        *generated;
} words;

static const words text[] = {
    [BAR_LANG_NL] = {
        .figure = "Figuur",
        .table = "Tabel",
        .base_all = "Basis: alle organisaties",
        .base_innovators = "Basis: organisaties die innoveerden",
        .missing = "geen antwoord",
        .source = "Bron",
        .comparison_sources = "vergelijkingscijfers",
        .intro =
            "Dit rapport geeft de uitkomsten van de %s: %s organisaties "
            "vulden de vragenlijst in. Percentages zijn berekend over de "
            "geldige antwoorden binnen de basis van de vraag; bij elk "
            "percentage staat het aantal waarop het berust (n) en het "
            "95%%-betrouwbaarheidsinterval (Wilson). Groepen van minder dan "
            "%s organisaties worden niet apart getoond. Waar bekend staan "
            "gepubliceerde vergelijkingscijfers ernaast, zoals die van de "
            "Noordse innovatiebarometers; de bronnen staan onderaan.",
        .this_wave = "Deze meting",
        .interval = "95%-betrouwbaarheidsinterval",
        .answer = "Antwoord",
        .count = "Aantal",
        .percent = "Percentage",
        .ci = "95%-interval",
        .valid = "n",
        .comparison = "Vergelijking",
        .sector = "Sector",
        .sent = "Verstuurd",
        .completed = "Ingevuld",
        .response = "Respons (%)",
        .total = "Totaal",
        .merged_note =
            "Sectoren met minder dan %s ingevulde vragenlijsten zijn "
            "samengevoegd tot \xe2\x80\x98Overige sectoren\xe2\x80\x99: %s.",
        .suppressed_note =
            "Ook samen zijn dit minder dan %s organisaties; het aantal "
            "wordt daarom niet getoond.",
        .too_few = "Te weinig antwoorden om deze figuur te tonen (minimaal "
                   "%s nodig).",
        .numbers_of = "Cijfers bij",
        .multi_note = "Meerdere antwoorden mogelijk; de percentages tellen "
                      "niet op tot 100.",
        .thin_bars = "Dunne balken: gepubliceerde vergelijkingscijfers.",
        .no_frame = "Zonder steekproefkader zijn het aantal verstuurde "
                    "vragenlijsten en de respons niet bekend.",
        .generated = "Gemaakt met",
    },
    [BAR_LANG_EN] = {
        .figure = "Figure",
        .table = "Table",
        .base_all = "Base: all organisations",
        .base_innovators = "Base: organisations that innovated",
        .missing = "no answer",
        .source = "Source",
        .comparison_sources = "comparison figures",
        .intro =
            "This report gives the results of the %s: %s organisations "
            "completed the questionnaire. Percentages are of the valid "
            "answers within the question's base; each comes with the "
            "number it rests on (n) and its 95%% confidence interval "
            "(Wilson). Groups of fewer than %s organisations are not shown "
            "on their own. Where known, published "
            "comparison figures are shown alongside, such as those of the "
            "Nordic innovation barometers; the sources are listed at the "
            "end.",
        .this_wave = "This wave",
        .interval = "95% confidence interval",
        .answer = "Answer",
        .count = "Count",
        .percent = "Percent",
        .ci = "95% interval",
        .valid = "n",
        .comparison = "Comparison",
        .sector = "Sector",
        .sent = "Sent",
        .completed = "Completed",
        .response = "Response (%)",
        .total = "Total",
        .merged_note = "Sectors with fewer than %s completed questionnaires "
                       "are merged into \xe2\x80\x98Other "
                       "sectors\xe2\x80\x99: %s.",
        .suppressed_note = "Together they are still fewer than %s "
                           "organisations, so the count is not shown.",
        .too_few = "Too few answers to show this figure (at least %s "
                   "needed).",
        .numbers_of = "Numbers of",
        .multi_note = "Several answers possible; the percentages do not add "
                      "up to 100.",
        .thin_bars = "Thin bars: published comparison figures.",
        .no_frame = "Without a sampling frame the number of questionnaires "
                    "sent and the response are not known.",
        .generated = "Made with",
    },
};

static const struct country {
    const char *code, *nl, *en;
} countries[] = {
    {"NL", "Nederland", "Netherlands"}, {"DK", "Denemarken", "Denmark"},
    {"NO", "Noorwegen", "Norway"},      {"SE", "Zweden", "Sweden"},
    {"FI", "Finland", "Finland"},       {"IS", "IJsland", "Iceland"},
};

static const struct qualifier {
    const char *code, *nl, *en;
} qualifiers[] = {
    {"about", "circa ", "about "},      {"almost", "bijna ", "almost "},
    {"just over", "ruim ", "just over "},
    {"just under", "krap ", "just under "},
    {"more than", "meer dan ", "more than "},
    {"less than", "minder dan ", "less than "},
    {"over", "boven ", "over "},        {"under", "onder ", "under "},
};

static const char css[] =
    "body{font-family:Arial,Helvetica,sans-serif;color:#111;"
    "background:#fff;margin:0;line-height:1.45}"
    "main{max-width:960px;margin:0 auto;padding:24px 20px 48px}"
    "h1{font-size:1.8em;margin:0 0 .4em}"
    "h2{font-size:1.15em;margin:2em 0 .3em}"
    "p.base{margin:.2em 0 .8em;color:#333}"
    ".intro{max-width:44em}"
    "figure{margin:0}"
    "svg{max-width:100%;height:auto;display:block}"
    "table{border-collapse:collapse;margin:.8em 0;font-size:.92em}"
    "caption{text-align:left;font-weight:bold;padding:.3em 0}"
    "th,td{border:1px solid #bbb;padding:.25em .6em;vertical-align:top;"
    "text-align:left}"
    "tbody th{font-weight:normal}"
    "thead th{background:#eef2f7}"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}"
    "tr.total th,tr.total td{font-weight:bold}"
    "p.note{font-size:.9em;color:#333;max-width:44em}"
    "footer{margin-top:2.5em;border-top:1px solid #bbb;padding-top:.8em;"
    "font-size:.9em;color:#333}";

/* Reading the document: the first fault is kept and later reads return
 * neutral values, so a section is checked once at its end. */
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

/* A label object's text in lang. */
static const char *get_label(reader *r, const json_t *o, const char *key,
                             bar_lang lang)
{
    json_t *l = get(r, o, key, JSON_OBJECT);
    json_t *s = l ? json_object_get(l, lang == BAR_LANG_EN ? "en" : "nl")
                  : NULL;
    if (l && !json_is_string(s))
        bad(r, key, "has no text in this language");
    return json_is_string(s) ? json_string_value(s) : "";
}

/* Format v with `decimals` decimals, a decimal comma in Dutch; "–" for
 * NAN. */
static const char *fmt_num(char *buf, size_t size, double v, int decimals,
                           bar_lang lang)
{
    if (isnan(v)) {
        snprintf(buf, size, "\xe2\x80\x93");
        return buf;
    }
    snprintf(buf, size, "%.*f", decimals, v);
    if (lang == BAR_LANG_NL)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
    return buf;
}

static const char *fmt_count(char *buf, size_t size, long long v)
{
    snprintf(buf, size, "%lld", v);
    return buf;
}

static const char *country_name(const char *code, bar_lang lang)
{
    for (size_t i = 0; i < sizeof countries / sizeof countries[0]; i++)
        if (strcmp(countries[i].code, code) == 0)
            return lang == BAR_LANG_EN ? countries[i].en : countries[i].nl;
    return code;
}

static const char *qualifier_words(const char *code, bar_lang lang)
{
    for (size_t i = 0; i < sizeof qualifiers / sizeof qualifiers[0]; i++)
        if (strcmp(qualifiers[i].code, code) == 0)
            return lang == BAR_LANG_EN ? qualifiers[i].en : qualifiers[i].nl;
    return "";
}

/* What the whole page needs while it is written. */
typedef struct page {
    bar_buf *out;
    bar_lang lang;
    const words *w;
    const char *min_group;    /* as text */
    const char *wave;         /* as text */
    const char *sources[MAX_SOURCES];
    size_t nsources;
    reader r;
} page;

static void add_source(page *p, const char *s)
{
    for (size_t i = 0; i < p->nsources; i++)
        if (strcmp(p->sources[i], s) == 0)
            return;
    if (p->nsources < MAX_SOURCES)
        p->sources[p->nsources++] = s;
}

static void put(page *p, const char *s)
{
    bar_buf_puts(p->out, s);
}

static void esc(page *p, const char *s)
{
    bar_buf_put_html(p->out, s);
}

/* Append tmpl, escaped, with each "%s" replaced by the next of args
 * (escaped) and "%%" by "%". The texts table uses this instead of a
 * printf format so that no format string is ever built at run time. */
static void put_template(page *p, const char *tmpl, const char *const *args,
                         size_t nargs)
{
    size_t next = 0;
    char one[2] = {0};
    for (const char *t = tmpl; *t; t++) {
        if (t[0] == '%' && t[1] == 's') {
            esc(p, next < nargs ? args[next] : "");
            next++;
            t++;
        } else if (t[0] == '%' && t[1] == '%') {
            put(p, "%");
            t++;
        } else {
            one[0] = *t;
            esc(p, one);
        }
    }
}

/* "<p class=base>Basis: ... (n = N; geen antwoord: M)</p>" */
static void base_line(page *p, const json_t *fig)
{
    const char *base = get_str(&p->r, fig, "base");
    long long n = get_int(&p->r, fig, "n");
    long long missing = get_int(&p->r, fig, "missing");
    bar_buf_printf(p->out, "<p class=\"base\">%s (n = %lld",
                   strcmp(base, "innovators") == 0 ? p->w->base_innovators
                                                   : p->w->base_all, n);
    if (missing > 0)
        bar_buf_printf(p->out, "; %s: %lld", p->w->missing, missing);
    put(p, ")</p>\n");
}

/* Caption text "Figuur N. Title" into buf. */
static void caption_text(page *p, const json_t *fig, bool is_table,
                         char *buf, size_t size)
{
    snprintf(buf, size, "%s %lld. %s",
             is_table ? p->w->table : p->w->figure,
             get_int(&p->r, fig, "number"),
             get_label(&p->r, fig, "title", p->lang));
}

static void table1(page *p, const json_t *fig)
{
    char cap[1024], a[32], b[32], c[32];
    caption_text(p, fig, true, cap, sizeof cap);
    bool frame = json_is_true(json_object_get(fig, "frame"));
    json_t *rows = get(&p->r, fig, "rows", JSON_ARRAY);
    json_t *total = get(&p->r, fig, "total", JSON_OBJECT);
    json_t *merged = get(&p->r, fig, "merged_labels", JSON_ARRAY);
    if (p->r.rc != BAR_OK)
        return;
    put(p, "<section id=\"");
    esc(p, get_str(&p->r, fig, "id"));
    put(p, "\">\n<table>\n<caption>");
    esc(p, cap);
    bar_buf_printf(p->out, "</caption>\n<thead><tr><th scope=\"col\">%s</th>",
                   p->w->sector);
    if (frame)
        bar_buf_printf(p->out, "<th scope=\"col\" class=\"num\">%s</th>",
                       p->w->sent);
    bar_buf_printf(p->out, "<th scope=\"col\" class=\"num\">%s</th>",
                   p->w->completed);
    if (frame)
        bar_buf_printf(p->out, "<th scope=\"col\" class=\"num\">%s</th>",
                       p->w->response);
    put(p, "</tr></thead>\n<tbody>\n");
    bool suppressed = false;
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row) {
        put(p, "<tr><th scope=\"row\">");
        esc(p, get_label(&p->r, row, "label", p->lang));
        put(p, "</th>");
        json_t *done = json_object_get(row, "completed");
        if (json_is_true(json_object_get(row, "suppressed")))
            suppressed = true;
        if (frame)
            bar_buf_printf(p->out, "<td class=\"num\">%s</td>",
                           fmt_count(a, sizeof a, get_int(&p->r, row,
                                                          "sent")));
        bar_buf_printf(p->out, "<td class=\"num\">%s</td>",
                       json_is_integer(done)
                           ? fmt_count(b, sizeof b,
                                       json_integer_value(done))
                           : "\xe2\x80\x93");
        if (frame)
            bar_buf_printf(p->out, "<td class=\"num\">%s</td>",
                           fmt_num(c, sizeof c,
                                   get_num(&p->r, row, "percent"), 1,
                                   p->lang));
        put(p, "</tr>\n");
    }
    bar_buf_printf(p->out, "<tr class=\"total\"><th scope=\"row\">%s</th>",
                   p->w->total);
    if (frame)
        bar_buf_printf(p->out, "<td class=\"num\">%s</td>",
                       fmt_count(a, sizeof a, get_int(&p->r, total, "sent")));
    bar_buf_printf(p->out, "<td class=\"num\">%s</td>",
                   fmt_count(b, sizeof b, get_int(&p->r, total, "completed")));
    if (frame)
        bar_buf_printf(p->out, "<td class=\"num\">%s</td>",
                       fmt_num(c, sizeof c, get_num(&p->r, total, "percent"),
                               1, p->lang));
    put(p, "</tr>\n</tbody>\n</table>\n");
    if (json_array_size(merged) > 0) {
        bar_buf buf;
        bar_buf_init(&buf, 4096);
        json_t *l;
        json_array_foreach(merged, i, l) {
            json_t *s = json_object_get(l, p->lang == BAR_LANG_EN ? "en"
                                                                  : "nl");
            if (i)
                bar_buf_puts(&buf, ", ");
            bar_buf_puts(&buf, json_is_string(s) ? json_string_value(s) : "");
        }
        const char *args[] = {p->min_group, buf.data ? buf.data : ""};
        put(p, "<p class=\"note\">");
        put_template(p, p->w->merged_note, args, 2);
        bar_buf_clear(&buf);
        if (suppressed) {
            put(p, " ");
            put_template(p, p->w->suppressed_note, args, 1);
        }
        put(p, "</p>\n");
    }
    if (!frame)
        bar_buf_printf(p->out, "<p class=\"note\">%s</p>\n", p->w->no_frame);
    put(p, "</section>\n");
}

/* One bar per category (frequency) or item (multi_response); the
 * benchmarks of the figure under the bar they belong to. */
typedef struct bars {
    bar_svg_bar *bars;
    bar_svg_mark *marks;
    char **mark_labels;
    size_t nbars, nmarks;
    char *keys[64];  /* category code or item variable of each bar */
} bars;

static void bars_clear(bars *b)
{
    for (size_t i = 0; i < b->nmarks; i++)
        free(b->mark_labels[i]);
    for (size_t i = 0; i < b->nbars && i < 64; i++)
        free(b->keys[i]);
    free(b->bars);
    free(b->marks);
    free(b->mark_labels);
}

/* A numbers table row: label, count, [n], percent, interval. */
static void number_row(page *p, const char *label, const json_t *o,
                       bool with_n)
{
    char a[32], b[32], c[32], d[32];
    double pct = get_num(&p->r, o, "percent");
    double lo = get_num(&p->r, o, "ci_low"), hi = get_num(&p->r, o,
                                                          "ci_high");
    json_t *count = json_object_get(o, "count");
    put(p, "<tr><th scope=\"row\">");
    esc(p, label);
    bar_buf_printf(p->out, "</th><td class=\"num\">%s</td>",
                   json_is_integer(count)
                       ? fmt_count(a, sizeof a, json_integer_value(count))
                       : "\xe2\x80\x93");
    if (with_n)
        bar_buf_printf(p->out, "<td class=\"num\">%s</td>",
                       fmt_count(b, sizeof b, get_int(&p->r, o, "n")));
    bar_buf_printf(p->out, "<td class=\"num\">%s</td>",
                   fmt_num(c, sizeof c, pct, 1, p->lang));
    if (isnan(lo))
        put(p, "<td class=\"num\">\xe2\x80\x93</td>");
    else
        bar_buf_printf(p->out, "<td class=\"num\">%s\xe2\x80\x93%s</td>",
                       fmt_num(c, sizeof c, lo, 1, p->lang),
                       fmt_num(d, sizeof d, hi, 1, p->lang));
    put(p, "</tr>\n");
}

/* The chart and tables of a frequency or multi_response figure. */
static void chart_figure(page *p, const json_t *fig, bool multi)
{
    char cap[1024], lbl[256], pct[32];
    bars b = {0};
    caption_text(p, fig, false, cap, sizeof cap);
    json_t *list = get(&p->r, fig, multi ? "items" : "categories",
                       JSON_ARRAY);
    json_t *bench = get(&p->r, fig, "benchmarks", JSON_ARRAY);
    bool hidden = json_is_true(json_object_get(fig, "suppressed"));
    if (p->r.rc != BAR_OK)
        goto cleanup;
    size_t n = json_array_size(list), nb = json_array_size(bench);
    if (n > 64) {
        bad(&p->r, multi ? "items" : "categories", "has more than 64 entries");
        goto cleanup;
    }
    b.bars = calloc(n ? n : 1, sizeof *b.bars);
    b.marks = calloc(nb ? nb : 1, sizeof *b.marks);
    b.mark_labels = calloc(nb ? nb : 1, sizeof *b.mark_labels);
    if (!b.bars || !b.marks || !b.mark_labels) {
        p->r.rc = bar_error_set(p->r.err, BAR_ENOMEM, "report: out of "
                                "memory");
        goto cleanup;
    }
    size_t i;
    json_t *e;
    json_array_foreach(list, i, e) {
        b.bars[i] = (bar_svg_bar){
            .label = get_label(&p->r, e, "label", p->lang),
            .value = get_num(&p->r, e, "percent"),
            .low = get_num(&p->r, e, "ci_low"),
            .high = get_num(&p->r, e, "ci_high"),
        };
        if (multi)
            b.keys[i] = strdup(get_str(&p->r, e, "variable"));
        else {
            snprintf(lbl, sizeof lbl, "%lld", get_int(&p->r, e, "code"));
            b.keys[i] = strdup(lbl);
        }
        b.nbars = i + 1;
        if (!b.keys[i]) {
            p->r.rc = bar_error_set(p->r.err, BAR_ENOMEM, "report: out of "
                                    "memory");
            goto cleanup;
        }
    }
    /* Series: one colour per country and period, in order of appearance. */
    char series_key[MAX_SERIES][64];
    size_t nseries = 0;
    json_array_foreach(bench, i, e) {
        const char *key = multi ? get_str(&p->r, e, "variable")
                                : get_str(&p->r, e, "category");
        const char *country = get_str(&p->r, e, "country");
        const char *period = get_str(&p->r, e, "period");
        add_source(p, get_str(&p->r, e, "source"));
        size_t bar = 0;
        while (bar < b.nbars && strcmp(b.keys[bar], key) != 0)
            bar++;
        if (bar == b.nbars)
            continue; /* a combined category, shown in the table only */
        char sk[64];
        snprintf(sk, sizeof sk, "%s %s", country, period);
        size_t s = 0;
        while (s < nseries && strcmp(series_key[s], sk) != 0)
            s++;
        if (s == nseries && nseries < MAX_SERIES)
            memcpy(series_key[nseries++], sk, sizeof sk);
        if (s >= MAX_SERIES)
            s = MAX_SERIES - 1;
        snprintf(lbl, sizeof lbl, "%s%s%s", country_name(country, p->lang),
                 *period ? " " : "", period);
        b.mark_labels[b.nmarks] = strdup(lbl);
        if (!b.mark_labels[b.nmarks]) {
            p->r.rc = bar_error_set(p->r.err, BAR_ENOMEM, "report: out of "
                                    "memory");
            goto cleanup;
        }
        b.marks[b.nmarks] = (bar_svg_mark){
            .bar = bar,
            .label = b.mark_labels[b.nmarks],
            .prefix = qualifier_words(get_str(&p->r, e, "qualifier"),
                                      p->lang),
            .value = get_num(&p->r, e, "percent"),
            .series = s,
        };
        b.nmarks++;
    }
    if (p->r.rc != BAR_OK)
        goto cleanup;

    put(p, "<section id=\"");
    esc(p, get_str(&p->r, fig, "id"));
    put(p, "\">\n<figure>\n<figcaption><h2>");
    esc(p, cap);
    put(p, "</h2>\n");
    base_line(p, fig);
    put(p, "</figcaption>\n");
    if (hidden) {
        put(p, "<p class=\"note\">");
        put_template(p, p->w->too_few, &p->min_group, 1);
        put(p, "</p>\n</figure>\n</section>\n");
        goto cleanup;
    }
    char main_label[64];
    snprintf(main_label, sizeof main_label, "%s (%s)", p->w->this_wave,
             p->wave);
    bar_svg_chart chart = {
        .title = cap,
        .main_label = main_label,
        .interval_label = p->w->interval,
        .bars = b.bars,
        .nbars = b.nbars,
        .marks = b.marks,
        .nmarks = b.nmarks,
    };
    bar_status rc = bar_svg_bar_chart(p->out, &chart, p->r.err);
    if (rc != BAR_OK) {
        p->r.rc = rc;
        goto cleanup;
    }
    if (multi || b.nmarks > 0) {
        put(p, "<p class=\"note\">");
        if (multi)
            put(p, p->w->multi_note);
        if (multi && b.nmarks > 0)
            put(p, " ");
        if (b.nmarks > 0)
            put(p, p->w->thin_bars);
        put(p, "</p>\n");
    }
    put(p, "</figure>\n<table>\n<caption>");
    bar_buf_printf(p->out, "%s %s %lld", p->w->numbers_of,
                   p->lang == BAR_LANG_EN ? "figure" : "figuur",
                   get_int(&p->r, fig, "number"));
    bar_buf_printf(p->out,
                   "</caption>\n<thead><tr><th scope=\"col\">%s</th>"
                   "<th scope=\"col\" class=\"num\">%s</th>",
                   p->w->answer, p->w->count);
    if (multi)
        bar_buf_printf(p->out, "<th scope=\"col\" class=\"num\">%s</th>",
                       p->w->valid);
    bar_buf_printf(p->out,
                   "<th scope=\"col\" class=\"num\">%s</th>"
                   "<th scope=\"col\" class=\"num\">%s</th></tr></thead>\n"
                   "<tbody>\n",
                   p->w->percent, p->w->ci);
    json_array_foreach(list, i, e)
        number_row(p, b.bars[i].label, e, multi);
    put(p, "</tbody>\n</table>\n");
    if (nb > 0) {
        bar_buf_printf(p->out,
                       "<table>\n<caption>%s</caption>\n<thead><tr>"
                       "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
                       "<th scope=\"col\" class=\"num\">%s</th>"
                       "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
                       p->w->comparison, p->w->comparison, p->w->answer,
                       p->w->percent, p->w->source);
        json_array_foreach(bench, i, e) {
            const char *country = get_str(&p->r, e, "country");
            const char *period = get_str(&p->r, e, "period");
            const char *key = multi ? get_str(&p->r, e, "variable")
                                    : get_str(&p->r, e, "category");
            const char *answer = key;
            for (size_t k = 0; k < b.nbars; k++)
                if (strcmp(b.keys[k], key) == 0)
                    answer = b.bars[k].label;
            put(p, "<tr><th scope=\"row\">");
            esc(p, country_name(country, p->lang));
            if (*period) {
                put(p, " ");
                esc(p, period);
            }
            put(p, "</th><td>");
            esc(p, answer);
            put(p, "</td><td class=\"num\">");
            esc(p, qualifier_words(get_str(&p->r, e, "qualifier"), p->lang));
            put(p, fmt_num(pct, sizeof pct, get_num(&p->r, e, "percent"), 0,
                           p->lang));
            put(p, "</td><td>");
            esc(p, get_str(&p->r, e, "source"));
            put(p, "</td></tr>\n");
        }
        put(p, "</tbody>\n</table>\n");
    }
    put(p, "</section>\n");
cleanup:
    bars_clear(&b);
}

/* ---- the kinds without a chart yet: plain tables (likert, crosstab,
 * boxplot, scale, model). Read leniently: a field that is absent or null
 * shows as a dash. ---- */

static const char *tr(const page *p, const char *nl, const char *en)
{
    return p->lang == BAR_LANG_EN ? en : nl;
}

static const char *label_of(const page *p, const json_t *o, const char *key)
{
    json_t *l = json_object_get(o, key);
    json_t *s = json_object_get(l, p->lang == BAR_LANG_EN ? "en" : "nl");
    return json_is_string(s) ? json_string_value(s) : "";
}

static double num_of(const json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

static void td_num(page *p, double v, int decimals)
{
    char buf[64];
    put(p, "<td class=\"num\">");
    esc(p, fmt_num(buf, sizeof buf, v, decimals, p->lang));
    put(p, "</td>");
}

static void th_col(page *p, const char *s)
{
    put(p, "<th scope=\"col\">");
    esc(p, s);
    put(p, "</th>");
}

static void note_of(page *p, const json_t *o)
{
    const char *keys[] = {"error", "note"};
    for (size_t i = 0; i < 2; i++) {
        json_t *v = json_object_get(o, keys[i]);
        if (json_is_string(v)) {
            put(p, "<p class=\"note\">");
            esc(p, json_string_value(v));
            put(p, "</p>\n");
        }
    }
}

static void likert_table(page *p, const json_t *fig)
{
    put(p, "<table>\n<thead><tr>");
    th_col(p, tr(p, "Item", "Item"));
    th_col(p, "n");
    th_col(p, tr(p, "% positief", "% positive"));
    th_col(p, p->w->ci);
    th_col(p, tr(p, "Gemiddelde", "Mean"));
    put(p, "</tr></thead>\n<tbody>\n");
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(fig, "items"), i, it) {
        json_t *pos = json_object_get(it, "positive");
        put(p, "<tr><th scope=\"row\">");
        esc(p, label_of(p, it, "label"));
        put(p, "</th>");
        td_num(p, num_of(it, "n"), 0);
        td_num(p, num_of(pos, "percent"), 1);
        char a[32], b[32], buf[80];
        snprintf(buf, sizeof buf, "%s\xe2\x80\x93%s",
                 fmt_num(a, sizeof a, num_of(pos, "ci_low"), 1, p->lang),
                 fmt_num(b, sizeof b, num_of(pos, "ci_high"), 1, p->lang));
        put(p, "<td class=\"num\">");
        esc(p, buf);
        put(p, "</td>");
        td_num(p, num_of(it, "mean"), 2);
        put(p, "</tr>\n");
    }
    put(p, "</tbody>\n</table>\n");
}

static void crosstab_table(page *p, const json_t *fig)
{
    json_t *groups = json_object_get(fig, "groups");
    bool items = json_object_get(fig, "question") != NULL;
    put(p, "<table>\n<thead><tr>");
    th_col(p, "");
    size_t i, j;
    json_t *g, *t;
    json_array_foreach(groups, i, g) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s (n = %.0f)", label_of(p, g, "label"),
                 num_of(g, "n"));
        th_col(p, buf);
    }
    th_col(p, tr(p, "Chi-kwadraat p", "Chi-square p"));
    th_col(p, "Cram\xc3\xa9r's V");
    put(p, "</tr></thead>\n<tbody>\n");
    json_array_foreach(json_object_get(fig, "tables"), i, t) {
        json_t *test = json_object_get(t, "test");
        json_t *row;
        json_array_foreach(json_object_get(t, "rows"), j, row) {
            if (items && j > 0)
                break;
            put(p, "<tr><th scope=\"row\">");
            esc(p, items ? label_of(p, t, "label")
                         : label_of(p, row, "label"));
            put(p, "</th>");
            size_t k;
            json_t *pc;
            json_array_foreach(json_object_get(row, "percents"), k, pc)
                td_num(p, json_is_number(pc) ? json_number_value(pc) : NAN,
                       1);
            bool first = j == 0;
            td_num(p, first ? num_of(test, "p") : NAN, 3);
            td_num(p, first ? num_of(test, "cramers_v") : NAN, 2);
            put(p, "</tr>\n");
        }
    }
    put(p, "</tbody>\n</table>\n");
}

static void box_row(page *p, const json_t *g)
{
    put(p, "<tr><th scope=\"row\">");
    esc(p, label_of(p, g, "label"));
    put(p, "</th>");
    td_num(p, num_of(g, "n"), 0);
    const char *keys[] = {"whisker_low", "q1", "median", "mean", "q3",
                          "whisker_high"};
    for (size_t k = 0; k < 6; k++)
        td_num(p, num_of(g, keys[k]), 2);
    td_num(p, (double)json_array_size(json_object_get(g, "outliers")), 0);
    put(p, "</tr>\n");
}

static void boxplot_table(page *p, const json_t *fig)
{
    put(p, "<table>\n<thead><tr>");
    th_col(p, "");
    th_col(p, "n");
    th_col(p, tr(p, "Snorhaar laag", "Whisker low"));
    th_col(p, "Q1");
    th_col(p, tr(p, "Mediaan", "Median"));
    th_col(p, tr(p, "Gemiddelde", "Mean"));
    th_col(p, "Q3");
    th_col(p, tr(p, "Snorhaar hoog", "Whisker high"));
    th_col(p, tr(p, "Uitbijters", "Outliers"));
    put(p, "</tr></thead>\n<tbody>\n");
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(fig, "groups"), i, g)
        box_row(p, g);
    json_t *total = json_object_get(fig, "total");
    if (total)
        box_row(p, total);
    put(p, "</tbody>\n</table>\n");
}

static void scale_tables(page *p, const json_t *fig)
{
    json_t *sel = json_object_get(fig, "selection");
    note_of(p, sel);
    json_t *rel = json_object_get(fig, "reliability");
    json_t *d = json_object_get(fig, "distribution");
    put(p, "<table>\n<tbody>\n");
    const struct { const char *nl, *en; const json_t *o; const char *key;
                   int dec; } rows[] = {
        {"Cronbachs alfa", "Cronbach's alpha", rel, "alpha", 3},
        {"Gemiddelde", "Mean", d, "mean", 2},
        {"Standaardafwijking", "Standard deviation", d, "sd", 2},
        {"Scheefheid", "Skewness", d, "skewness", 2},
        {"Kurtosis", "Kurtosis", d, "kurtosis", 2},
        {"Shapiro-Wilk W", "Shapiro-Wilk W", d, "shapiro_w", 3},
        {"Shapiro-Wilk p", "Shapiro-Wilk p", d, "shapiro_p", 4},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        put(p, "<tr><th scope=\"row\">");
        esc(p, tr(p, rows[i].nl, rows[i].en));
        put(p, "</th>");
        td_num(p, num_of(rows[i].o, rows[i].key), rows[i].dec);
        put(p, "</tr>\n");
    }
    put(p, "</tbody>\n</table>\n");
    size_t i;
    json_t *o;
    json_t *dropped = json_object_get(sel, "dropped");
    if (json_array_size(dropped) > 0) {
        put(p, "<p class=\"note\">");
        esc(p, tr(p, "Niet in de schaal: ", "Not in the scale: "));
        json_array_foreach(dropped, i, o) {
            if (i)
                put(p, "; ");
            esc(p, label_of(p, o, "label"));
            put(p, " (");
            esc(p, json_string_value(json_object_get(o, "reason")));
            put(p, ")");
        }
        put(p, "</p>\n");
    }
    json_t *groups = json_object_get(fig, "groups");
    note_of(p, groups);
    put(p, "<table>\n<thead><tr>");
    th_col(p, tr(p, "Groep", "Group"));
    th_col(p, tr(p, "Centrum", "Centre"));
    th_col(p, "n");
    th_col(p, p->w->percent);
    put(p, "</tr></thead>\n<tbody>\n");
    json_array_foreach(json_object_get(groups, "groups"), i, o) {
        put(p, "<tr><th scope=\"row\">");
        esc(p, label_of(p, o, "label"));
        put(p, "</th>");
        td_num(p, num_of(o, "center"), 2);
        td_num(p, num_of(o, "n"), 0);
        td_num(p, num_of(o, "percent"), 1);
        put(p, "</tr>\n");
    }
    put(p, "</tbody>\n</table>\n");
}

static void model_tables(page *p, const json_t *fig)
{
    size_t i, j;
    json_t *m, *t;
    json_array_foreach(json_object_get(fig, "models"), i, m) {
        put(p, "<h3>");
        esc(p, label_of(p, m, "label"));
        put(p, "</h3>\n");
        note_of(p, m);
        json_t *steps = json_object_get(m, "steps");
        json_t *last = json_object_get(
            json_array_get(steps, json_array_size(steps) - 1), "model");
        if (!last)
            continue;
        put(p, "<table>\n<thead><tr>");
        th_col(p, "");
        th_col(p, "B");
        th_col(p, "SE");
        th_col(p, "Wald");
        th_col(p, "p");
        th_col(p, "Exp(B)");
        put(p, "</tr></thead>\n<tbody>\n");
        json_array_foreach(json_object_get(last, "terms"), j, t) {
            put(p, "<tr><th scope=\"row\">");
            esc(p, json_string_value(json_object_get(t, "name")));
            put(p, "</th>");
            td_num(p, num_of(t, "b"), 3);
            td_num(p, num_of(t, "se"), 3);
            td_num(p, num_of(t, "wald"), 2);
            td_num(p, num_of(t, "p"), 3);
            td_num(p, num_of(t, "exp_b"), 2);
            put(p, "</tr>\n");
        }
        put(p, "</tbody>\n</table>\n<p class=\"note\">n = ");
        char buf[64];
        esc(p, fmt_num(buf, sizeof buf, num_of(last, "n"), 0, p->lang));
        put(p, "; -2LL = ");
        esc(p, fmt_num(buf, sizeof buf, num_of(last, "minus2ll"), 2,
                       p->lang));
        put(p, "; Nagelkerke R\xc2\xb2 = ");
        esc(p, fmt_num(buf, sizeof buf, num_of(last, "nagelkerke_r2"), 3,
                       p->lang));
        put(p, "</p>\n");
    }
}

/* A section for a kind without a chart: caption, base, notes, table. */
static void table_figure(page *p, const json_t *fig, const char *kind)
{
    const char *cap = json_string_value(json_object_get(fig, "caption"));
    bool is_table = cap && strcmp(cap, "table") == 0;
    bool is_box = cap && strcmp(cap, "box") == 0;
    bool is_section = cap && strcmp(cap, "section") == 0;
    char title[1024];
    if (is_section)
        snprintf(title, sizeof title, "%s", label_of(p, fig, "title"));
    else
        snprintf(title, sizeof title, "%s %lld. %s",
                 is_box ? tr(p, "Tekstvak", "Box")
                        : is_table ? p->w->table : p->w->figure,
                 (long long)num_of(fig, "number"), label_of(p, fig, "title"));
    put(p, "<section id=\"");
    esc(p, json_string_value(json_object_get(fig, "id")));
    put(p, "\">\n<h2>");
    esc(p, title);
    put(p, "</h2>\n");
    if (json_is_integer(json_object_get(fig, "n")) &&
        json_is_integer(json_object_get(fig, "missing")))
        base_line(p, fig);
    note_of(p, fig);
    if (strcmp(kind, "likert") == 0)
        likert_table(p, fig);
    else if (strcmp(kind, "crosstab") == 0)
        crosstab_table(p, fig);
    else if (strcmp(kind, "boxplot") == 0)
        boxplot_table(p, fig);
    else if (strcmp(kind, "scale") == 0)
        scale_tables(p, fig);
    else if (strcmp(kind, "model") == 0)
        model_tables(p, fig);
    put(p, "</section>\n");
}

bar_status bar_report_html(const json_t *results, bar_lang lang,
                           bar_buf *out, bar_error *err)
{
    char min_group[32], cases[32], wave[32];
    page p = {
        .out = out,
        .lang = lang == BAR_LANG_EN ? BAR_LANG_EN : BAR_LANG_NL,
        .r = {.err = err},
    };
    p.w = &text[p.lang];
    reader *r = &p.r;
    if (!json_is_object(results) ||
        get_int(r, results, "schema") != 1) {
        bad(r, "schema", "is not 1");
        goto cleanup;
    }
    const char *title = get_label(r, results, "title", p.lang);
    json_t *figs = get(r, results, "figures", JSON_ARRAY);
    fmt_count(min_group, sizeof min_group, get_int(r, results, "min_group"));
    fmt_count(cases, sizeof cases, get_int(r, results, "cases"));
    fmt_count(wave, sizeof wave, get_int(r, results, "wave"));
    const char *generated_by = get_str(r, results, "generated_by");
    if (r->rc != BAR_OK)
        goto cleanup;
    p.min_group = min_group;
    p.wave = wave;

    bar_buf_printf(out,
                   "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
                   "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
                   "content=\"width=device-width, initial-scale=1\">\n"
                   "<title>",
                   p.lang == BAR_LANG_EN ? "en" : "nl");
    esc(&p, title);
    bar_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n"
                        "<main>\n<h1>", css);
    esc(&p, title);
    put(&p, "</h1>\n<p class=\"intro\">");
    const char *intro_args[] = {title, cases, min_group};
    put_template(&p, p.w->intro, intro_args, 3);
    put(&p, "</p>\n");

    size_t i;
    json_t *fig;
    json_array_foreach(figs, i, fig) {
        r->fig = NULL;
        const char *id = get_str(r, fig, "id");
        r->fig = id;
        const char *kind = get_str(r, fig, "kind");
        if (r->rc != BAR_OK)
            goto cleanup;
        if (strcmp(kind, "response_by_group") == 0)
            table1(&p, fig);
        else if (strcmp(kind, "frequency") == 0)
            chart_figure(&p, fig, false);
        else if (strcmp(kind, "multi_response") == 0)
            chart_figure(&p, fig, true);
        else if (strcmp(kind, "likert") == 0 ||
                 strcmp(kind, "crosstab") == 0 ||
                 strcmp(kind, "boxplot") == 0 ||
                 strcmp(kind, "scale") == 0 || strcmp(kind, "model") == 0)
            table_figure(&p, fig, kind);
        else
            bad(r, "kind", "is not a kind this renderer knows");
        if (r->rc != BAR_OK)
            goto cleanup;
    }
    r->fig = NULL;

    bar_buf_printf(out, "<footer>\n<p>%s: ", p.w->source);
    esc(&p, title);
    bar_buf_printf(out, " (n = %s)", cases);
    if (p.nsources > 0) {
        bar_buf_printf(out, "; %s: ", p.w->comparison_sources);
        for (size_t s = 0; s < p.nsources; s++) {
            if (s)
                put(&p, "; ");
            esc(&p, p.sources[s]);
        }
    }
    bar_buf_printf(out, ".</p>\n<p>%s ", p.w->generated);
    esc(&p, generated_by);
    put(&p, ".</p>\n</footer>\n</main>\n</body>\n</html>\n");
    if (bar_buf_status(out) != BAR_OK)
        r->rc = bar_error_set(err, bar_buf_status(out), "report: %s",
                              bar_strerror(bar_buf_status(out)));
cleanup:
    return r->rc;
}
