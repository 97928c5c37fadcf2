/* report_text.c - the report's generated sentences (see report_text.h).
 *
 * Every sentence is a template in `text_en` below, in English, which is
 * its message id in the catalogues (core/i18n.h, po/<lang>.po); "{1}" ..
 * "{9}" are replaced by the arguments (numbers already formatted, labels
 * as they are). Nothing else in the program writes a finding, so a new
 * language is a po file.
 */
#include "render/report_text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/numfmt.h"
#include "results/results.h"

typedef struct templates {
    const char *response, *response_noframe;
    const char *innovated, *innovated_benchmarks;
    const char *sig_more, *sig_less, *not_sig;
    /* the main comparison country of the study ({8}, {2}, {1}: its name) */
    const char *country, *country_none, *country_none_one;
    const char *higher, *lower;
    const char *results;
    const char *types, *types_only;
    const char *link_sig, *link_not, *more_often, *less_often;
    const char *climate, *climate_mean;
    const char *model, *model_none;
    const char *top_answer;
    const char *bench_group, *bench_higher, *bench_lower, *bench_item;
    const char *assoc_sig, *assoc_not_sig, *assoc_many, *assoc_many_not,
        *assoc_none;
    const char *scale, *scale_dropped, *scale_all;
    const char *trend, *trend_up, *trend_down, *trend_none;
    const char *caption_sig, *caption_rest, *caption_rest_one,
        *caption_none, *caption_none_one;
    const char *caption_approx, *caption_cuts, *caption_other_groups;
    const char *and_word, *against, *figure, *table;
} templates;

static const templates text_en = {
    .response = N_("{1} organisations completed the questionnaire; the "
                   "response rate was {2}."),
    .response_noframe = N_("{1} organisations completed the "
                           "questionnaire."),
    .innovated = N_("{1} of the organisations implemented one or more "
                    "innovations in the last two years."),
    .innovated_benchmarks = N_("{1} of the organisations implemented one or "
                               "more innovations in the last two years "
                               "({2})."),
    .sig_more = N_("That is significantly more than in {1}."),
    .sig_less = N_("That is significantly less than in {1}."),
    .not_sig = N_("There is no statistically significant difference with "
                  "{1}."),
    .country = N_("The largest significant difference with {8} concerns "
                  "\xe2\x80\x98{1}\xe2\x80\x99 ({2}): {3} in this wave "
                  "against {4} in {8}, {5} percentage points {6}."),
    .country_none = N_("None of the {1} comparisons with {2} shows a "
                       "statistically significant difference."),
    .country_none_one = N_("The comparison with {1} shows no "
                           "statistically significant difference."),
    .higher = N_("higher"),
    .lower = N_("lower"),
    .results = N_("The result of innovation reached most often is "
                  "\xe2\x80\x98{1}\xe2\x80\x99 ({2} of the organisations "
                  "that innovated)."),
    .types = N_("Most often the innovation was of the type "
                "\xe2\x80\x98{1}\xe2\x80\x99 ({2}); the driver named "
                "most often was \xe2\x80\x98{3}\xe2\x80\x99 ({4})."),
    .types_only = N_("Most often the innovation was of the type "
                     "\xe2\x80\x98{1}\xe2\x80\x99 ({2})."),
    .link_sig = N_("Of the organisations with a climate "
                   "\xe2\x80\x98{1}\xe2\x80\x99, {2} innovated; of those "
                   "with a climate \xe2\x80\x98{3}\xe2\x80\x99, {4}: "
                   "organisations with a climate \xe2\x80\x98{3}\xe2\x80"
                   "\x99 innovate significantly {5}."),
    .link_not = N_("The share of organisations that innovated does not "
                   "differ statistically significantly between the "
                   "innovation-climate groups."),
    .more_often = N_("more often"),
    .less_often = N_("less often"),
    .climate = N_("By their innovation-climate score the organisations fall "
                  "into {1} groups: {2}."),
    .climate_mean = N_("The mean score is {1} on a scale of 1 to 5 "
                       "(n = {2})."),
    .model = N_("The strongest predictor of \xe2\x80\x98{1}\xe2\x80\x99 is "
                "\xe2\x80\x98{2}\xe2\x80\x99 (Exp(B) = {3}, {4})."),
    .model_none = N_("No predictor remains in the model of "
                     "\xe2\x80\x98{1}\xe2\x80\x99."),
    .top_answer = N_("{1} ({2}): the answer chosen most often is "
                     "\xe2\x80\x98{3}\xe2\x80\x99 ({4}, n = {5})."),
    .bench_group = N_("{1} ({2}), compared with {3}: {4}."),
    .bench_higher = N_("significantly higher for {1}"),
    .bench_lower = N_("significantly lower for {1}"),
    .bench_item = N_("\xe2\x80\x98{1}\xe2\x80\x99 ({2} against {3})"),
    .assoc_sig = N_("{1} ({2}): the groups by {3} differ significantly "
                    "(chi-square = {4}, df = {5}, {6}; "
                    "Cram\xc3\xa9r\xe2\x80\x99s V = {7})."),
    .assoc_not_sig = N_("{1} ({2}): there is no statistically significant "
                        "difference between the groups by {3} ({4})."),
    .assoc_many = N_("{1} ({2}): the groups by {3} differ significantly "
                     "for {4} of the {5} items: {6}."),
    .assoc_many_not = N_("No statistically significant difference for: "
                         "{1}."),
    .assoc_none = N_("{1} ({2}): for none of the {3} items do the groups by "
                     "{4} differ statistically significantly."),
    .trend = N_("{1} ({2}), test for a linear trend over {3}: {4}."),
    .trend_up = N_("\xe2\x80\x98{1}\xe2\x80\x99 rises significantly "
                   "(chi-square = {2}, {3})"),
    .trend_down = N_("\xe2\x80\x98{1}\xe2\x80\x99 falls significantly "
                     "(chi-square = {2}, {3})"),
    .trend_none = N_("\xe2\x80\x98{1}\xe2\x80\x99: no significant trend "
                     "({3})"),
    .scale = N_("The scale has {1} statements (Cronbach's alpha = {2})."),
    .scale_all = N_("With all {1} statements, before the selection, "
                    "Cronbach's alpha was {2}."),
    .scale_dropped = N_("Not in the scale, because they hang together too "
                        "little with the other statements: {1}."),
    .caption_sig = N_("Significant difference (p < {1}) with {2} for: {3}."),
    .caption_rest = N_("For the other {1} comparisons with {2} the "
                       "difference is not significant."),
    .caption_rest_one = N_("For the other comparison with {2} the "
                           "difference is not significant."),
    .caption_none = N_("No significant difference (p < {1}) with {2} ({3} "
                       "comparisons)."),
    .caption_none_one = N_("No significant difference (p < {1}) with {2}."),
    .caption_approx = N_("Not tested, as the source gives the value only "
                         "approximately: {1}."),
    .caption_cuts = N_("The groups come from this wave's optimal cut "
                       "points on \xe2\x80\x98{1}\xe2\x80\x99: {2}."),
    .caption_other_groups = N_("The shares of {1} come from groups with "
                               "other cut points; they are shown for "
                               "context only and not tested."),
    .and_word = N_("and"),
    .against = N_("against"),
    .figure = N_("Figure"),
    .table = N_("Table"),
};

/* The words of the benchmark qualifiers (benchmark.h); the one table for
 * charts, tables and sentences. */
static const struct qualifier {
    const char *code, *en;
} qualifiers[] = {
    {"about", N_("about")},        {"almost", N_("almost")},
    {"just over", N_("just over")}, {"just under", N_("just under")},
    {"more than", N_("more than")},
    {"less than", N_("less than")},
    {"over", N_("over")},          {"under", N_("under")},
};

/* Why a comparison has no test (the `no_test` codes of compare.c). */
static const struct no_test {
    const char *code, *en;
} no_tests[] = {
    {"approximate", N_("not tested: approximate value")},
    {"other_groups", N_("not tested: groups with other cut points")},
    {"suppressed", N_("not tested: our value is not shown")},
    {"no_answers", N_("not tested: no answers")},
    {"not_computable", N_("not tested: the test cannot be computed")},
};

enum { MAX_ARGS = 9, MAX_LIST = 16 };

const char *bar_text_qualifier(const char *code, bar_lang lang)
{
    for (size_t i = 0; i < sizeof qualifiers / sizeof qualifiers[0]; i++)
        if (code && strcmp(qualifiers[i].code, code) == 0)
            return bar_tr(lang, qualifiers[i].en);
    return "";
}

const char *bar_text_no_test(const char *code, bar_lang lang)
{
    for (size_t i = 0; i < sizeof no_tests / sizeof no_tests[0]; i++)
        if (code && strcmp(no_tests[i].code, code) == 0)
            return bar_tr(lang, no_tests[i].en);
    return NULL;
}

const char *bar_text_published(char *buf, size_t size, const json_t *b,
                               bar_lang lang)
{
    json_t *v = json_object_get(b, BAR_RK_PERCENT);
    const char *q = bar_text_qualifier(
        json_string_value(json_object_get(b, BAR_RK_QUALIFIER)), lang);
    if (!json_is_number(v)) {
        snprintf(buf, size, "%s", "");
        return buf;
    }
    double x = json_number_value(v);
    /* as published: whole percentages as such, else one decimal */
    char num[64];
    bar_numfmt_decimal(num, sizeof num, x, fabs(x - round(x)) < 1e-9 ? 0 : 1,
                       lang);
    snprintf(buf, size, "%s%s%s%%", q, *q ? " " : "", num);
    return buf;
}

const char *bar_text_country(const bar_study *study, const char *code,
                             bar_lang lang)
{
    const char *name = bar_study_country_name(study, code, lang);
    return name ? name : code ? code : "";
}

/* The template f in lang. */
#define T(lang, f) bar_tr(lang, text_en.f)

/* Append tmpl with "{N}" replaced by args[N - 1] (NULL or beyond nargs:
 * nothing). */
static void fill(bar_buf *out, const char *tmpl, const char *const *args,
                 size_t nargs)
{
    const char *t = tmpl;
    while (*t) {
        if (t[0] == '{' && t[1] >= '1' && t[1] <= '9' && t[2] == '}') {
            size_t k = (size_t)(t[1] - '1');
            if (k < nargs && args[k])
                bar_buf_puts(out, args[k]);
            t += 3;
        } else {
            const char *next = strchr(t + 1, '{');
            size_t len = next ? (size_t)(next - t) : strlen(t);
            bar_buf_add(out, t, len);
            t += len;
        }
    }
}

/* A string of the document, "" when absent (bar_results_str is NULL). */
static const char *str_of(const json_t *o, const char *key)
{
    const char *s = bar_results_str(o, key);
    return s ? s : "";
}

static const char *fmt_dec(char *buf, size_t size, double v, int decimals,
                           bar_lang lang)
{
    return bar_numfmt_decimal(buf, size, v, decimals, lang);
}

/* A whole percentage with its sign: "85%". */
static const char *fmt_pct(char *buf, size_t size, double v)
{
    return bar_numfmt_percent(buf, size, v, 0, BAR_LANG_NL);
}

/* A count in lang: "1.374" / "1,374". */
static const char *fmt_count(char *buf, size_t size, double n,
                             bar_lang lang)
{
    return bar_numfmt_count(buf, size, n, lang);
}

const char *bar_text_p(char *buf, size_t size, double p, bar_lang lang)
{
    char num[BAR_NUMFMT_MAX];
    bar_numfmt_p(num, sizeof num, p, lang);
    int w = snprintf(buf, size, "p %s%s", num[0] == '<' ? "" : "= ", num);
    if (w < 0 && size > 0)
        buf[0] = '\0';
    return buf;
}

/* The significance level of the document: 1 - level (0.05). */
static double alpha_of(const json_t *results)
{
    double level = bar_results_num(results, BAR_RK_LEVEL);
    return level > 0.0 && level < 1.0 ? 1.0 - level : 0.05;
}

/* Join items (nitems) as "A, B en C" into out. */
static void join(bar_buf *out, const char *const *items, size_t nitems,
                 bar_lang lang)
{
    for (size_t i = 0; i < nitems; i++) {
        if (i > 0 && i + 1 == nitems) {
            bar_buf_printf(out, " %s ", T(lang, and_word));
        } else if (i > 0) {
            bar_buf_puts(out, ", ");
        }
        bar_buf_puts(out, items[i]);
    }
}

/* Release part, a buffer built for out, passing its failure on to out:
 * a sentence that could not be made fails the text, it is not left out
 * (allocation failure test, render N=30, 1190, 3753, 5507, 7397, 8704). */
static void pass_on(bar_buf *out, bar_buf *part)
{
    bar_buf_fail(out, bar_buf_status(part));
    bar_buf_clear(part);
}

/* Empty part for its next use, passing a failure on to out first (render
 * N=30, 1190: bar_buf_reset forgets it). */
static void part_reset(bar_buf *out, bar_buf *part)
{
    bar_buf_fail(out, bar_buf_status(part));
    bar_buf_reset(part);
}

static bar_status done(const bar_buf *out, bar_error *err)
{
    bar_status rc = bar_buf_status(out);
    if (rc != BAR_OK)
        return bar_error_set(err, rc, "report text: %s", bar_strerror(rc));
    return BAR_OK;
}

/* The first figure of kind `kind` whose `key` is `value`, or NULL. */
static const json_t *find_figure(const json_t *results, const char *kind,
                                 const char *key, const char *value)
{
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(results, BAR_RK_FIGURES), i, f) {
        if (strcmp(str_of(f, BAR_RK_KIND), kind) == 0 &&
            (!key || strcmp(str_of(f, key), value) == 0))
            return f;
    }
    return NULL;
}

/* "Figuur 7" (or "Tabel 1") of a figure entry into buf. */
static const char *figure_ref(char *buf, size_t size, const json_t *fig,
                              bar_lang lang)
{
    const char *cap = str_of(fig, BAR_RK_CAPTION);
    snprintf(buf, size, "%s %.0f",
             strcmp(cap, "table") == 0 ? T(lang, table)
                                       : T(lang, figure),
             bar_results_num(fig, BAR_RK_NUMBER));
    return buf;
}

/* The label of the answer a benchmark entry b of figure fig is about: the
 * item (multi_response) or the category, codes joined by " / " when it
 * is a merged one. Written into buf. */
static const char *bench_answer(char *buf, size_t size, const json_t *fig,
                                const json_t *b, bar_lang lang)
{
    buf[0] = '\0';
    size_t i;
    json_t *e;
    if (strcmp(str_of(fig, BAR_RK_KIND), "multi_response") == 0) {
        json_array_foreach(json_object_get(fig, BAR_RK_ITEMS), i, e) {
            if (strcmp(str_of(e, BAR_RK_VARIABLE),
                       str_of(b, BAR_RK_VARIABLE)) == 0) {
                snprintf(buf, size, "%s",
                         bar_results_label(e, BAR_RK_LABEL, lang));
                return buf;
            }
        }
        snprintf(buf, size, "%s", str_of(b, BAR_RK_VARIABLE));
        return buf;
    }
    /* codes "1+2" */
    const char *cat = str_of(b, BAR_RK_CATEGORY);
    size_t used = 0;
    while (*cat) {
        char *end = NULL;
        long code = strtol(cat, &end, 10);
        if (end == cat)
            break;
        json_array_foreach(json_object_get(fig, BAR_RK_CATEGORIES), i, e) {
            json_t *c = json_object_get(e, BAR_RK_CODE);
            if (json_is_integer(c) && json_integer_value(c) == code) {
                int w = snprintf(buf + used, size - used, "%s%s",
                                 used ? " / " : "",
                                 bar_results_label(e, BAR_RK_LABEL, lang));
                if (w > 0 && (size_t)w < size - used)
                    used += (size_t)w;
            }
        }
        cat = *end == '+' ? end + 1 : end;
    }
    return buf;
}

/* The series' name into buf: its `label` ("Nederland 2021
 * (gepubliceerd)", the same in every figure); documents without one:
 * "Denemarken 2018-2019" from country and period. */
static const char *bench_name(char *buf, size_t size, const json_t *b,
                              const bar_study *study, bar_lang lang,
                              bool with_period)
{
    const char *label = bar_results_label(b, BAR_RK_LABEL, lang);
    if (*label) {
        snprintf(buf, size, "%s", label);
        return buf;
    }
    const char *period = str_of(b, BAR_RK_PERIOD);
    snprintf(buf, size, "%s%s%s",
             bar_text_country(study, str_of(b, BAR_RK_COUNTRY), lang),
             with_period && *period ? " " : "", with_period ? period : "");
    return buf;
}

/* Whether benchmark entry b has a test with a p-value; its p and our
 * difference to *p and *diff. */
static bool tested(const json_t *b, double *p, double *diff)
{
    json_t *c = json_object_get(b, BAR_RK_COMPARISON);
    *p = bar_results_num(c, BAR_RK_P);
    *diff = bar_results_num(c, BAR_RK_DIFFERENCE);
    return !isnan(*p) && !isnan(*diff);
}

static void response(const json_t *results, bar_lang lang, bar_buf *out)
{
    const json_t *fig =
        find_figure(results, "response_by_group", BAR_RK_VARIABLE, "sector");
    if (!fig)
        return;
    const json_t *total = json_object_get(fig, BAR_RK_TOTAL);
    json_t *done_n = json_object_get(total, BAR_RK_COMPLETED);
    if (!json_is_integer(done_n))
        return;
    char n[32], pct[32];
    fmt_count(n, sizeof n, (double)json_integer_value(done_n), lang);
    double rate = bar_results_num(total, BAR_RK_PERCENT);
    const char *args[] = {n, fmt_pct(pct, sizeof pct, rate)};
    fill(out, isnan(rate) ? T(lang, response_noframe)
                          : T(lang, response),
         args, 2);
}

static void innovated(const json_t *results, const bar_study *study,
                      bar_lang lang, bar_buf *out)
{
    const json_t *fig = find_figure(results, "frequency", BAR_RK_VARIABLE,
                                    "innovated");
    if (!fig || json_is_true(json_object_get(fig, BAR_RK_SUPPRESSED)))
        return;
    double ours = NAN;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(fig, BAR_RK_CATEGORIES), i, e) {
        json_t *c = json_object_get(e, BAR_RK_CODE);
        if (json_is_integer(c) && json_integer_value(c) == 1)
            ours = bar_results_num(e, BAR_RK_PERCENT);
    }
    if (isnan(ours))
        return;
    /* The other countries' values, and which differ significantly. */
    char names[MAX_LIST][96];
    const char *values[MAX_LIST], *more[MAX_LIST], *less[MAX_LIST],
        *same[MAX_LIST];
    size_t nvalues = 0, nmore = 0, nless = 0, nsame = 0;
    double alpha = alpha_of(results);
    json_array_foreach(json_object_get(fig, BAR_RK_BENCHMARKS), i, e) {
        if (strcmp(str_of(e, BAR_RK_CATEGORY), "1") != 0 ||
            bar_study_is_home(study, str_of(e, BAR_RK_COUNTRY)) ||
            nvalues == MAX_LIST)
            continue;
        char name[64], pct[48];
        bench_name(name, sizeof name, e, study, lang, false);
        snprintf(names[nvalues], sizeof names[nvalues], "%s %s", name,
                 bar_text_published(pct, sizeof pct, e, lang));
        values[nvalues] = names[nvalues];
        double p, diff;
        const char *country =
            bar_text_country(study, str_of(e, BAR_RK_COUNTRY), lang);
        if (tested(e, &p, &diff)) {
            if (p < alpha && diff > 0)
                more[nmore++] = country;
            else if (p < alpha && diff < 0)
                less[nless++] = country;
            else
                same[nsame++] = country;
        }
        nvalues++;
    }
    char pct[16];
    bar_buf list;
    bar_buf_init(&list, 4096);
    join(&list, values, nvalues, lang);
    const char *args[] = {fmt_pct(pct, sizeof pct, ours),
                          list.data ? list.data : ""};
    fill(out, nvalues ? T(lang, innovated_benchmarks) : T(lang, innovated),
         args, 2);
    const char *tmpl[] = {T(lang, sig_more), T(lang, sig_less),
                          T(lang, not_sig)};
    const char *const *lists[] = {more, less, same};
    size_t counts[] = {nmore, nless, nsame};
    for (size_t k = 0; k < 3; k++) {
        if (counts[k] == 0)
            continue;
        part_reset(out, &list);
        join(&list, lists[k], counts[k], lang);
        const char *a[] = {list.data ? list.data : ""};
        bar_buf_puts(out, " ");
        fill(out, tmpl[k], a, 1);
    }
    pass_on(out, &list);
}

/* The largest significant difference with the study's main comparison
 * country, or that there is none; nothing without a study or country. */
static void main_country(const json_t *results, const bar_study *study,
                         bar_lang lang, bar_buf *out)
{
    const char *code = study ? bar_study_main_country(study) : NULL;
    if (!code)
        return;
    const char *name = bar_study_country_name(study, code, lang);
    double alpha = alpha_of(results);
    const json_t *best = NULL, *best_fig = NULL;
    double best_abs = -1.0;
    size_t ntested = 0, i, j;
    json_t *f, *b;
    json_array_foreach(json_object_get(results, BAR_RK_FIGURES), i, f) {
        json_array_foreach(json_object_get(f, BAR_RK_BENCHMARKS), j, b) {
            double p, diff;
            if (strcmp(str_of(b, BAR_RK_COUNTRY), code) != 0 ||
                !tested(b, &p, &diff))
                continue;
            ntested++;
            if (p < alpha && fabs(diff) > best_abs) {
                best_abs = fabs(diff);
                best = b;
                best_fig = f;
            }
        }
    }
    if (ntested == 0)
        return;
    char n[32];
    if (!best) {
        fmt_count(n, sizeof n, (double)(ntested), lang);
        if (ntested == 1) {
            const char *args[] = {name};
            fill(out, T(lang, country_none_one), args, 1);
        } else {
            const char *args[] = {n, name};
            fill(out, T(lang, country_none), args, 2);
        }
        return;
    }
    char answer[512], ref[64], ours[16], theirs[16], diff[32], p[32];
    double p_value, d;
    tested(best, &p_value, &d);
    const json_t *c = json_object_get(best, BAR_RK_COMPARISON);
    const char *args[] = {
        bench_answer(answer, sizeof answer, best_fig, best, lang),
        figure_ref(ref, sizeof ref, best_fig, lang),
        fmt_pct(ours, sizeof ours, bar_results_num(c, BAR_RK_PERCENT)),
        fmt_pct(theirs, sizeof theirs, bar_results_num(best, BAR_RK_PERCENT)),
        fmt_dec(diff, sizeof diff, fabs(d), 0, lang),
        d > 0 ? T(lang, higher) : T(lang, lower),
        bar_text_p(p, sizeof p, p_value, lang),
        name,
    };
    fill(out, T(lang, country), args, 8);
}

static void results_reached(const json_t *results, bar_lang lang,
                            bar_buf *out)
{
    const json_t *fig = find_figure(results, "multi_response", BAR_RK_QUESTION,
                                    "result");
    if (!fig || json_is_true(json_object_get(fig, BAR_RK_SUPPRESSED)))
        return;
    const json_t *top = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(fig, BAR_RK_ITEMS), i, e) {
        double v = bar_results_num(e, BAR_RK_PERCENT);
        if (!isnan(v) && (!top || v > bar_results_num(top, BAR_RK_PERCENT)))
            top = e;
    }
    if (!top)
        return;
    char pct[16];
    const char *args[] = {bar_results_label(top, BAR_RK_LABEL, lang),
                          fmt_pct(pct, sizeof pct, bar_results_num(top, BAR_RK_PERCENT))};
    fill(out, T(lang, results), args, 2);
}

static void climate(const json_t *results, bar_lang lang, bar_buf *out)
{
    const json_t *fig = find_figure(results, "scale", NULL, NULL);
    const json_t *groups = json_object_get(fig, BAR_RK_GROUPS);
    json_t *list = json_object_get(groups, BAR_RK_GROUPS);
    size_t n = json_array_size(list);
    if (!fig || n == 0 || n > MAX_LIST ||
        json_object_get(groups, BAR_RK_ERROR))
        return;
    char items[MAX_LIST][160];
    const char *ptrs[MAX_LIST];
    size_t i;
    json_t *g;
    json_array_foreach(list, i, g) {
        double v = bar_results_num(g, BAR_RK_PERCENT);
        if (isnan(v))
            return; /* a suppressed group: no shares to state */
        char pct[16];
        snprintf(items[i], sizeof items[i], "\xe2\x80\x98%s\xe2\x80\x99 %s",
                 bar_results_label(g, BAR_RK_LABEL, lang),
                 fmt_pct(pct, sizeof pct, v));
        ptrs[i] = items[i];
    }
    bar_buf list_buf;
    bar_buf_init(&list_buf, 4096);
    join(&list_buf, ptrs, n, lang);
    char k[16];
    fmt_count(k, sizeof k, (double)(n), lang);
    const char *args[] = {k, list_buf.data ? list_buf.data : ""};
    fill(out, T(lang, climate), args, 2);
    pass_on(out, &list_buf);
    const json_t *d = json_object_get(fig, BAR_RK_DISTRIBUTION);
    double mean = bar_results_num(d, BAR_RK_MEAN),
           dn = bar_results_num(d, BAR_RK_N);
    if (!isnan(mean) && !isnan(dn)) {
        char m[32], nn[32];
        fmt_count(nn, sizeof nn, dn, lang);
        const char *a2[] = {fmt_dec(m, sizeof m, mean, 1, lang), nn};
        bar_buf_puts(out, " ");
        fill(out, T(lang, climate_mean), a2, 2);
    }
}

const char *bar_text_variable_label(char *buf, size_t size,
                                    const char *name,
                                    const bar_instrument *ins, bar_lang lang)
{
    snprintf(buf, size, "%s", name);
    if (!ins)
        return buf;
    char var[128];
    const char *eq = strstr(name, "==");
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    if (len >= sizeof var)
        return buf;
    memcpy(var, name, len);
    var[len] = '\0';
    long idx = bar_instrument_find(ins, var);
    if (idx < 0)
        return buf;
    const bar_variable *v = bar_instrument_var(ins, (size_t)idx);
    if (!eq) {
        snprintf(buf, size, "%s", bar_var_label(v, lang));
        return buf;
    }
    long pos = bar_var_code_pos(v, strtol(eq + 2, NULL, 10));
    const char *code = pos >= 0 ? bar_var_code_label(v, (size_t)pos, lang)
                                : NULL;
    if (code)
        snprintf(buf, size, "%s", code);
    return buf;
}

/* The strongest kept predictor (smallest p) of model entry m, or NULL. */
static const json_t *strongest(const json_t *m)
{
    json_t *steps = json_object_get(m, BAR_RK_STEPS);
    json_t *last = json_object_get(
        json_array_get(steps, json_array_size(steps) - 1), BAR_RK_MODEL);
    const json_t *best = NULL;
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(last, BAR_RK_TERMS), i, t) {
        double p = bar_results_num(t, BAR_RK_P);
        if (json_is_true(json_object_get(t, BAR_RK_ALIASED)) || isnan(p))
            continue;
        if (!best || p < bar_results_num(best, BAR_RK_P))
            best = t;
    }
    return best;
}

static void model_sentences(const json_t *fig, const bar_instrument *ins,
                            bar_lang lang, bar_buf *out, const char *sep)
{
    size_t i;
    json_t *m;
    bool first = true;
    json_array_foreach(json_object_get(fig, BAR_RK_MODELS), i, m) {
        if (json_object_get(m, BAR_RK_ERROR) ||
            !json_object_get(m, BAR_RK_STEPS))
            continue;
        if (!first)
            bar_buf_puts(out, sep);
        first = false;
        const json_t *t = strongest(m);
        const char *outcome = bar_results_label(m, BAR_RK_LABEL, lang);
        if (!t) {
            const char *args[] = {outcome};
            fill(out, T(lang, model_none), args, 1);
            continue;
        }
        char name[256], eb[32], p[32];
        const char *args[] = {
            outcome,
            bar_text_variable_label(name, sizeof name, str_of(t, BAR_RK_NAME),
                                    ins, lang),
            fmt_dec(eb, sizeof eb, bar_results_num(t, BAR_RK_EXP_B), 2, lang),
            bar_text_p(p, sizeof p, bar_results_num(t, BAR_RK_P), lang),
        };
        fill(out, T(lang, model), args, 4);
    }
}

/* The option of a multi_response figure ticked most often, or NULL. */
static const json_t *top_item(const json_t *fig)
{
    if (!fig || json_is_true(json_object_get(fig, BAR_RK_SUPPRESSED)))
        return NULL;
    const json_t *top = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(fig, BAR_RK_ITEMS), i, e) {
        double v = bar_results_num(e, BAR_RK_PERCENT);
        if (!isnan(v) && (!top || v > bar_results_num(top, BAR_RK_PERCENT)))
            top = e;
    }
    return top;
}

static void types(const json_t *results, bar_lang lang, bar_buf *out)
{
    const json_t *type = top_item(find_figure(results, "multi_response",
                                              BAR_RK_QUESTION, "type"));
    const json_t *driver = top_item(find_figure(results, "multi_response",
                                                BAR_RK_QUESTION, "driver"));
    if (!type)
        return;
    char a[16], b[16];
    const char *args[] = {
        bar_results_label(type, BAR_RK_LABEL, lang),
        fmt_pct(a, sizeof a, bar_results_num(type, BAR_RK_PERCENT)),
        driver ? bar_results_label(driver, BAR_RK_LABEL, lang) : "",
        driver ? fmt_pct(b, sizeof b, bar_results_num(driver, BAR_RK_PERCENT))
               : "",
    };
    fill(out, driver ? T(lang, types) : T(lang, types_only), args,
         4);
}

/* Innovation in the first and the last climate group (Fig 18). */
static void climate_link(const json_t *results, bar_lang lang, bar_buf *out)
{
    const json_t *fig = NULL;
    size_t i;
    json_t *f;
    json_array_foreach(json_object_get(results, BAR_RK_FIGURES), i, f) {
        if (strcmp(str_of(f, BAR_RK_KIND), "crosstab") == 0 &&
            strcmp(str_of(f, BAR_RK_VARIABLE), "innovated") == 0 &&
            strcmp(str_of(f, BAR_RK_BY), "climate_group") == 0) {
            fig = f;
            break;
        }
    }
    json_t *groups = json_object_get(fig, BAR_RK_GROUPS);
    const json_t *table =
        json_array_get(json_object_get(fig, BAR_RK_TABLES), 0);
    double p = bar_results_num(json_object_get(table, BAR_RK_TEST), BAR_RK_P);
    size_t ng = json_array_size(groups);
    if (!fig || ng < 2 || isnan(p))
        return;
    const json_t *yes = NULL;
    json_t *r;
    json_array_foreach(json_object_get(table, BAR_RK_ROWS), i, r) {
        json_t *code = json_object_get(r, BAR_RK_CODE);
        if (json_is_integer(code) && json_integer_value(code) == 1)
            yes = r;
    }
    json_t *pcts = json_object_get(yes, BAR_RK_PERCENTS);
    json_t *lo = json_array_get(pcts, 0), *hi = json_array_get(pcts, ng - 1);
    char pv[32];
    bar_text_p(pv, sizeof pv, p, lang);
    if (p >= alpha_of(results) || !json_is_number(lo) ||
        !json_is_number(hi)) {
        const char *args[] = {pv};
        fill(out, T(lang, link_not), args, 1);
        return;
    }
    char a[16], b[16];
    double vlo = json_number_value(lo), vhi = json_number_value(hi);
    const char *args[] = {
        bar_results_label(json_array_get(groups, 0), BAR_RK_LABEL, lang),
        fmt_pct(a, sizeof a, vlo),
        bar_results_label(json_array_get(groups, ng - 1), BAR_RK_LABEL, lang),
        fmt_pct(b, sizeof b, vhi),
        vhi >= vlo ? T(lang, more_often) : T(lang, less_often),
        pv,
    };
    fill(out, T(lang, link_sig), args, 6);
}

static void model_plain(const json_t *fig, const bar_instrument *ins,
                        const bar_study *study, bar_lang lang, bar_buf *out);

bar_status bar_text_finding(const json_t *results, bar_finding which,
                            const bar_instrument *ins,
                            const bar_study *study, bar_lang lang,
                            bar_buf *out, bar_error *err)
{
    switch (which) {
    case BAR_FINDING_RESPONSE:
        response(results, lang, out);
        break;
    case BAR_FINDING_INNOVATED:
        innovated(results, study, lang, out);
        break;
    case BAR_FINDING_TYPES:
        types(results, lang, out);
        break;
    case BAR_FINDING_MAIN_COUNTRY:
        main_country(results, study, lang, out);
        break;
    case BAR_FINDING_CLIMATE_LINK:
        climate_link(results, lang, out);
        break;
    case BAR_FINDING_RESULTS:
        results_reached(results, lang, out);
        break;
    case BAR_FINDING_CLIMATE:
        climate(results, lang, out);
        break;
    case BAR_FINDING_MODEL: {
        const json_t *fig = find_figure(results, "model", NULL, NULL);
        if (fig)
            model_plain(fig, ins, study, lang, out);
        break;
    }
    case BAR_FINDING_COUNT:
        break;
    }
    return done(out, err);
}

/* The most chosen answer of a frequency or multi_response figure. */
static void top_answer(const json_t *fig, bar_lang lang, bar_buf *out)
{
    bool multi = strcmp(str_of(fig, BAR_RK_KIND), "multi_response") == 0;
    if (json_is_true(json_object_get(fig, BAR_RK_SUPPRESSED)))
        return;
    const json_t *top = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(fig, multi ? "items" : "categories"),
                       i, e) {
        double v = bar_results_num(e, BAR_RK_PERCENT);
        if (!isnan(v) && (!top || v > bar_results_num(top, BAR_RK_PERCENT)))
            top = e;
    }
    if (!top)
        return;
    char ref[64], pct[16], n[32];
    fmt_count(n, sizeof n, bar_results_num(multi ? top : fig, BAR_RK_N), lang);
    const char *args[] = {figure_ref(ref, sizeof ref, fig, lang),
                          bar_results_label(fig, BAR_RK_TITLE, lang),
                          bar_results_label(top, BAR_RK_LABEL, lang),
                          fmt_pct(pct, sizeof pct, bar_results_num(top, BAR_RK_PERCENT)),
                          n};
    fill(out, T(lang, top_answer), args, 5);
    bar_buf_puts(out, "\n");
}

/* Per benchmark series (country and period, other than NL): one sentence
 * naming the answers that are significantly higher and lower. */
static void bench_findings(const json_t *results, const json_t *fig,
                           const bar_study *study, bar_lang lang,
                           bar_buf *out)
{
    double alpha = alpha_of(results);
    json_t *bench = json_object_get(fig, BAR_RK_BENCHMARKS);
    size_t i, j;
    json_t *b, *c;
    json_array_foreach(bench, i, b) {
        char name[96], other[96];
        bench_name(name, sizeof name, b, study, lang, true);
        /* only at the first entry of its series */
        bool first = true;
        json_array_foreach(bench, j, c) {
            if (j >= i)
                break;
            if (strcmp(bench_name(other, sizeof other, c, study, lang,
                                  true),
                       name) == 0)
                first = false;
        }
        if (!first || bar_study_is_home(study, str_of(b, BAR_RK_COUNTRY)))
            continue;
        bar_buf parts[2];
        bar_buf_init(&parts[0], 64 * 1024);
        bar_buf_init(&parts[1], 64 * 1024);
        json_array_foreach(bench, j, c) {
            double p, diff;
            if (strcmp(bench_name(other, sizeof other, c, study, lang,
                                  true),
                       name) != 0 || !tested(c, &p, &diff) || p >= alpha)
                continue;
            bar_buf *to = &parts[diff > 0 ? 0 : 1];
            char answer[512], ours[16], theirs[16];
            const json_t *cmp = json_object_get(c, BAR_RK_COMPARISON);
            const char *args[] = {
                bench_answer(answer, sizeof answer, fig, c, lang),
                fmt_pct(ours, sizeof ours,
                        bar_results_num(cmp, BAR_RK_PERCENT)),
                fmt_pct(theirs, sizeof theirs,
                        bar_results_num(c, BAR_RK_PERCENT)),
            };
            if (to->len > 0)
                bar_buf_puts(to, ", ");
            fill(to, T(lang, bench_item), args, 3);
        }
        if (parts[0].len > 0 || parts[1].len > 0) {
            bar_buf all;
            bar_buf_init(&all, 256 * 1024);
            const char *tmpl[] = {T(lang, bench_higher), T(lang, bench_lower)};
            for (size_t k = 0; k < 2; k++) {
                if (parts[k].len == 0)
                    continue;
                if (all.len > 0)
                    bar_buf_puts(&all, "; ");
                const char *a[] = {parts[k].data};
                fill(&all, tmpl[k], a, 1);
            }
            char ref[64];
            const char *args[] = {figure_ref(ref, sizeof ref, fig, lang),
                                  bar_results_label(fig, BAR_RK_TITLE, lang), name,
                                  all.data ? all.data : ""};
            fill(out, T(lang, bench_group), args, 4);
            bar_buf_puts(out, "\n");
            pass_on(out, &all);
        }
        pass_on(out, &parts[0]);
        pass_on(out, &parts[1]);
    }
}

/* The trend tests of a crosstab's tables (tables[].trend): one sentence
 * naming, per table, whether the share rises or falls significantly over
 * the ordered groups. Nothing when no table has a trend test. */
static void trend_findings(const json_t *results, const json_t *fig,
                           bar_lang lang, bar_buf *out)
{
    double alpha = alpha_of(results);
    bar_buf list;
    bar_buf_init(&list, 256 * 1024);
    size_t i;
    json_t *t;
    json_array_foreach(json_object_get(fig, BAR_RK_TABLES), i, t) {
        const json_t *trend = json_object_get(t, BAR_RK_TREND);
        double p = bar_results_num(trend, BAR_RK_P),
               z = bar_results_num(trend, BAR_RK_Z);
        if (isnan(p) || isnan(z))
            continue;
        char chi[32], pv[32];
        const char *args[] = {bar_results_label(t, BAR_RK_LABEL, lang),
                              fmt_dec(chi, sizeof chi,
                                      bar_results_num(trend, BAR_RK_STATISTIC),
                                      1, lang),
                              bar_text_p(pv, sizeof pv, p, lang)};
        if (list.len > 0)
            bar_buf_puts(&list, "; ");
        fill(&list, p >= alpha ? T(lang, trend_none)
                    : z > 0    ? T(lang, trend_up)
                               : T(lang, trend_down), args, 3);
    }
    if (list.len > 0) {
        char ref[64];
        const char *args[] = {figure_ref(ref, sizeof ref, fig, lang),
                              bar_results_label(fig, BAR_RK_TITLE, lang),
                              bar_results_label(fig, BAR_RK_BY_LABEL, lang), list.data};
        fill(out, T(lang, trend), args, 4);
        bar_buf_puts(out, "\n");
    }
    pass_on(out, &list);
}

/* The chi-square tests of a crosstab: one sentence for a single table;
 * for the items of a question, which differ significantly and which do
 * not. */
static void crosstab_findings(const json_t *results, const json_t *fig,
                              bar_lang lang, bar_buf *out)
{
    double alpha = alpha_of(results);
    json_t *tables = json_object_get(fig, BAR_RK_TABLES);
    char ref[64];
    figure_ref(ref, sizeof ref, fig, lang);
    const char *title = bar_results_label(fig, BAR_RK_TITLE, lang);
    const char *by = bar_results_label(fig, BAR_RK_BY_LABEL, lang);
    if (json_array_size(tables) == 1) {
        const json_t *test = json_object_get(json_array_get(tables, 0),
                                             BAR_RK_TEST);
        double p = bar_results_num(test, BAR_RK_P);
        if (isnan(p))
            return;
        char chi[32], df[16], pv[32], v[32];
        bar_text_p(pv, sizeof pv, p, lang);
        const char *args[] = {
            ref,
            title,
            by,
            p < alpha
                ? fmt_dec(chi, sizeof chi,
                          bar_results_num(test, BAR_RK_STATISTIC), 1, lang)
                : pv,
            fmt_dec(df, sizeof df, bar_results_num(test, BAR_RK_DF), 0, lang),
            pv,
            fmt_dec(v, sizeof v, bar_results_num(test, BAR_RK_CRAMERS_V), 2,
                    lang),
        };
        fill(out, p < alpha ? T(lang, assoc_sig) : T(lang, assoc_not_sig),
             args, 7);
        bar_buf_puts(out, "\n");
        return;
    }
    bar_buf sig, not_sig;
    bar_buf_init(&sig, 256 * 1024);
    bar_buf_init(&not_sig, 256 * 1024);
    size_t nsig = 0, ntested = 0, i;
    json_t *t;
    json_array_foreach(tables, i, t) {
        double p = bar_results_num(json_object_get(t, BAR_RK_TEST), BAR_RK_P);
        if (isnan(p))
            continue;
        ntested++;
        bar_buf *to = p < alpha ? &sig : &not_sig;
        nsig += p < alpha;
        if (to->len > 0)
            bar_buf_puts(to, ", ");
        char pv[32];
        bar_buf_printf(to, "\xe2\x80\x98%s\xe2\x80\x99 (%s)",
                       bar_results_label(t, BAR_RK_LABEL, lang),
                       bar_text_p(pv, sizeof pv, p, lang));
    }
    char k[32], n[32];
    fmt_count(k, sizeof k, (double)(nsig), lang);
    fmt_count(n, sizeof n, (double)(ntested), lang);
    if (ntested > 0 && nsig == 0) {
        const char *args[] = {ref, title, n, by};
        fill(out, T(lang, assoc_none), args, 4);
        bar_buf_puts(out, "\n");
    } else if (ntested > 0) {
        const char *args[] = {ref, title, by, k, n, sig.data};
        fill(out, T(lang, assoc_many), args, 6);
        if (not_sig.len > 0) {
            const char *a2[] = {not_sig.data};
            bar_buf_puts(out, " ");
            fill(out, T(lang, assoc_many_not), a2, 1);
        }
        bar_buf_puts(out, "\n");
    }
    pass_on(out, &sig);
    pass_on(out, &not_sig);
}

/* The climate scale: its items and reliability, and what was dropped. */
static void scale_findings(const json_t *fig, bar_lang lang, bar_buf *out)
{
    const json_t *sel = json_object_get(fig, BAR_RK_SELECTION);
    size_t nkept = json_array_size(json_object_get(sel, BAR_RK_RETAINED));
    double alpha = bar_results_num(json_object_get(fig, BAR_RK_RELIABILITY),
                                   BAR_RK_ALPHA);
    if (nkept == 0 || isnan(alpha))
        return;
    char k[32], a[32];
    fmt_count(k, sizeof k, (double)(nkept), lang);
    const char *args[] = {k, fmt_dec(a, sizeof a, alpha, 2, lang)};
    fill(out, T(lang, scale), args, 2);
    const json_t *all = json_object_get(fig, BAR_RK_RELIABILITY_ALL);
    double alpha_all = bar_results_num(all, BAR_RK_ALPHA);
    if (!isnan(alpha_all)) {
        char ka[32], aa[32];
        snprintf(ka, sizeof ka, "%zu",
                 json_array_size(json_object_get(all, BAR_RK_ITEMS)));
        const char *a2[] = {ka, fmt_dec(aa, sizeof aa, alpha_all, 2, lang)};
        bar_buf_puts(out, " ");
        fill(out, T(lang, scale_all), a2, 2);
    }
    json_t *dropped = json_object_get(sel, BAR_RK_DROPPED);
    if (json_array_size(dropped) > 0) {
        bar_buf list;
        bar_buf_init(&list, 64 * 1024);
        size_t i;
        json_t *d;
        json_array_foreach(dropped, i, d) {
            if (i > 0)
                bar_buf_puts(&list, ", ");
            const char *l = bar_results_label(d, BAR_RK_LABEL, lang);
            size_t len = strlen(l);
            if (len > 0 && l[len - 1] == '.')
                len--; /* the sentence's own full stop follows */
            bar_buf_printf(&list, "\xe2\x80\x98%.*s\xe2\x80\x99",
                           (int)len, l);
        }
        const char *a2[] = {list.data ? list.data : ""};
        bar_buf_puts(out, " ");
        fill(out, T(lang, scale_dropped), a2, 1);
        pass_on(out, &list);
    }
    bar_buf_puts(out, "\n");
}

bar_status bar_text_figure_findings(const json_t *results, const json_t *fig,
                                    const bar_instrument *ins,
                                    const bar_study *study, bar_lang lang,
                                    bar_buf *out, bar_error *err)
{
    const char *kind = str_of(fig, BAR_RK_KIND);
    if (strcmp(kind, "frequency") == 0 ||
        strcmp(kind, "multi_response") == 0) {
        top_answer(fig, lang, out);
        bench_findings(results, fig, study, lang, out);
    } else if (strcmp(kind, "crosstab") == 0) {
        crosstab_findings(results, fig, lang, out);
        trend_findings(results, fig, lang, out);
    } else if (strcmp(kind, "scale") == 0) {
        scale_findings(fig, lang, out);
    } else if (strcmp(kind, "model") == 0) {
        model_sentences(fig, ins, lang, out, "\n");
        if (json_array_size(json_object_get(fig, BAR_RK_MODELS)) > 0)
            bar_buf_puts(out, "\n");
    }
    return done(out, err);
}

bar_status bar_text_benchmark_caption(const json_t *results,
                                      const json_t *fig,
                                      const bar_study *study, bar_lang lang,
                                      bar_buf *out, bar_error *err)
{
    double alpha = alpha_of(results);
    char a[16];
    fmt_dec(a, sizeof a, alpha, 2, lang);
    json_t *bench = json_object_get(fig, BAR_RK_BENCHMARKS);
    bar_buf sig;
    bar_buf_init(&sig, 256 * 1024);
    size_t i, j;
    json_t *b, *c;
    bool first_sentence = true;
    /* one sentence per series (country and period), in order of first
     * appearance */
    json_array_foreach(bench, i, b) {
        char name[96], other[96];
        bench_name(name, sizeof name, b, study, lang, true);
        bool first = true;
        json_array_foreach(bench, j, c) {
            if (j >= i)
                break;
            if (strcmp(bench_name(other, sizeof other, c, study, lang,
                                  true),
                       name) == 0)
                first = false;
        }
        if (!first)
            continue;
        part_reset(out, &sig);
        size_t ntested = 0, nsig = 0;
        json_array_foreach(bench, j, c) {
            double p, diff;
            if (strcmp(bench_name(other, sizeof other, c, study, lang,
                                  true),
                       name) != 0 || !tested(c, &p, &diff))
                continue;
            ntested++;
            if (p >= alpha)
                continue;
            nsig++;
            char answer[512], ours[16], theirs[16], pv[32];
            const json_t *cmp = json_object_get(c, BAR_RK_COMPARISON);
            if (sig.len > 0)
                bar_buf_puts(&sig, "; ");
            bar_buf_printf(&sig, "\xe2\x80\x98%s\xe2\x80\x99 (%s %s %s, %s)",
                           bench_answer(answer, sizeof answer, fig, c, lang),
                           fmt_pct(ours, sizeof ours, bar_results_num(cmp, BAR_RK_PERCENT)),
                           T(lang, against),
                           fmt_pct(theirs, sizeof theirs,
                                   bar_results_num(c, BAR_RK_PERCENT)),
                           bar_text_p(pv, sizeof pv, p, lang));
        }
        if (ntested == 0)
            continue;
        if (!first_sentence)
            bar_buf_puts(out, " ");
        first_sentence = false;
        char rest[32];
        fmt_count(rest, sizeof rest, (double)(ntested - nsig), lang);
        if (nsig > 0) {
            const char *args[] = {a, name, sig.data};
            fill(out, T(lang, caption_sig), args, 3);
            if (ntested > nsig) {
                const char *a2[] = {rest, name};
                bar_buf_puts(out, " ");
                fill(out, ntested - nsig == 1 ? T(lang, caption_rest_one)
                                              : T(lang, caption_rest),
                     a2, 2);
            }
        } else {
            fmt_count(rest, sizeof rest, (double)(ntested), lang);
            const char *args[] = {a, name, rest};
            fill(out,
                 ntested == 1 ? T(lang, caption_none_one)
                              : T(lang, caption_none),
                 args, 3);
        }
    }
    /* the values given only approximately, which are not tested */
    part_reset(out, &sig);
    json_array_foreach(bench, i, b) {
        const char *why =
            str_of(json_object_get(b, BAR_RK_COMPARISON), BAR_RK_NO_TEST);
        if (strcmp(why, "approximate") != 0)
            continue;
        char answer[512], name[96], value[48];
        if (sig.len > 0)
            bar_buf_puts(&sig, "; ");
        bar_buf_printf(&sig, "\xe2\x80\x98%s\xe2\x80\x99 (%s: %s)",
                       bench_answer(answer, sizeof answer, fig, b, lang),
                       bench_name(name, sizeof name, b, study, lang, true),
                       bar_text_published(value, sizeof value, b, lang));
    }
    if (sig.len > 0) {
        if (!first_sentence)
            bar_buf_puts(out, " ");
        const char *args[] = {sig.data};
        fill(out, T(lang, caption_approx), args, 1);
    }
    bar_status rc = bar_buf_status(&sig);
    pass_on(out, &sig);
    if (rc != BAR_OK)
        return bar_error_set(err, rc, "report text: %s", bar_strerror(rc));
    return done(out, err);
}

bar_status bar_text_groups_caption(const json_t *fig, const bar_study *study,
                                   bar_lang lang, bar_buf *out,
                                   bar_error *err)
{
    json_t *cuts = json_object_get(fig, BAR_RK_CUTS);
    bool any = false;
    if (json_array_size(cuts) > 0) {
        const char *items[MAX_LIST];
        char nums[MAX_LIST][32];
        size_t n = 0, i;
        json_t *v;
        json_array_foreach(cuts, i, v) {
            if (!json_is_number(v) || n == MAX_LIST)
                continue;
            items[n] = fmt_dec(nums[n], sizeof nums[n],
                               json_number_value(v), 2, lang);
            n++;
        }
        bar_buf list;
        bar_buf_init(&list, 4096);
        join(&list, items, n, lang);
        const char *args[] = {bar_results_label(fig, BAR_RK_CUTS_LABEL, lang),
                              list.data ? list.data : ""};
        if (n > 0) {
            fill(out, T(lang, caption_cuts), args, 2);
            any = true;
        }
        pass_on(out, &list);
    }
    /* the series whose shares come from other cut points, once each */
    json_t *bench = json_object_get(fig, BAR_RK_BENCHMARKS);
    char names[MAX_LIST][96];
    const char *items[MAX_LIST];
    size_t n = 0, i;
    json_t *b;
    json_array_foreach(bench, i, b) {
        if (strcmp(
                str_of(json_object_get(b, BAR_RK_COMPARISON), BAR_RK_NO_TEST),
                "other_groups") != 0 ||
            n == MAX_LIST)
            continue;
        bench_name(names[n], sizeof names[n], b, study, lang, true);
        bool seen = false;
        for (size_t k = 0; k < n; k++)
            seen |= strcmp(names[k], names[n]) == 0;
        if (!seen) {
            items[n] = names[n];
            n++;
        }
    }
    if (n > 0) {
        bar_buf list;
        bar_buf_init(&list, 4096);
        join(&list, items, n, lang);
        const char *args[] = {list.data ? list.data : ""};
        if (any)
            bar_buf_puts(out, " ");
        fill(out, T(lang, caption_other_groups), args, 1);
        pass_on(out, &list);
        any = true;
    }
    return done(out, err);
}

const char *bar_text_condition(char *buf, size_t size, const char *cond,
                               const bar_instrument *ins, bar_lang lang)
{
    if (!cond)
        cond = "";
    size_t at = 0;
    buf[0] = '\0';
    while (*cond && at + 1 < size) {
        size_t n = strcspn(cond, " ");
        char word_[128], lab[256];
        snprintf(word_, sizeof word_, "%.*s", (int)(n < 127 ? n : 127), cond);
        bar_text_variable_label(lab, sizeof lab, word_, ins, lang);
        bool named = strcmp(lab, word_) != 0;
        int w = snprintf(buf + at, size - at,
                         named ? "\xe2\x80\x98%s\xe2\x80\x99%s" : "%s%s", lab,
                         cond[n] ? " " : "");
        if (w < 0 || (size_t)w >= size - at)
            break;
        at += (size_t)w;
        cond += n;
        while (*cond == ' ')
            cond++;
    }
    return buf;
}

const char *bar_text_redundant(char *buf, size_t size, const json_t *rd,
                               const bar_instrument *ins, bar_lang lang)
{
    const json_t *of = json_object_get(rd, BAR_RK_OF);
    size_t nof = json_array_size(of);
    size_t icpt = json_is_true(json_object_get(rd, BAR_RK_INTERCEPT)) ? 1 : 0;
    if (size == 0)
        return buf;
    if (nof == 0) {
        snprintf(buf, size, "%s",
                 bar_tr(lang, "constant: no variation"));
        return buf;
    }
    bar_buf b;
    bar_buf_init(&b, size);
    bar_buf_puts(&b, bar_tr(lang, "linear combination of "));
    for (size_t k = 0; k < nof + icpt; k++) {
        if (k > 0)
            bar_buf_puts(&b, k + 1 == nof + icpt ? bar_tr(lang, " and ")
                                                 : ", ");
        if (icpt && k == 0) {
            bar_buf_puts(&b, bar_tr(lang, "the constant"));
            continue;
        }
        char lab[512];
        const char *name = json_string_value(json_array_get(of, k - icpt));
        bar_buf_puts(&b, bar_text_variable_label(lab, sizeof lab,
                                                 name ? name : "", ins,
                                                 lang));
    }
    snprintf(buf, size, "%s",
             bar_buf_status(&b) == BAR_OK && b.data ? b.data : "");
    bar_buf_clear(&b);
    return buf;
}

/* ---- the analysis' notes ---------------------------------------------- */

/* The analysis writes every note through bar_results_note: its message id
 * is "note_format" (English with "{1}".."{3}" for the arguments in
 * "note_args"), or the note itself when it has no arguments. An argument
 * may itself be a note (the remark on an unset derived variable); those
 * are listed here for the catalogue. */
static const char *const nested_notes[] = {
    N_(" (a derived variable without values: it is set by a scale entry, "
       "which this specification lacks or which could not be computed)"),
};

enum { NOTE_ARGS = 3, NOTE_ARG_MAX = 512 };

const char *bar_text_note_format(char *buf, size_t size, const char *format,
                                 const char *const *args, size_t nargs,
                                 const bar_instrument *ins, bar_lang lang)
{
    if (size == 0)
        return buf;
    snprintf(buf, size, "%s", format ? format : "");
    if (!format)
        return buf;
    if (nargs > NOTE_ARGS)
        nargs = NOTE_ARGS;
    /* A quoted variable name becomes its label; a nested note (the
     * derived-variable remark) is translated itself. */
    char labels[NOTE_ARGS][NOTE_ARG_MAX];
    const char *texts[NOTE_ARGS];
    for (size_t k = 0; k < nargs; k++) {
        const char *a = args[k] ? args[k] : "";
        bool nested = false;
        for (size_t i = 0; i < sizeof nested_notes / sizeof *nested_notes;
             i++)
            nested = nested || strcmp(a, nested_notes[i]) == 0;
        if (nested)
            snprintf(labels[k], sizeof labels[k], "%s", bar_tr(lang, a));
        else
            bar_text_variable_label(labels[k], sizeof labels[k], a, ins,
                                    lang);
        texts[k] = labels[k];
    }
    bar_buf out;
    bar_buf_init(&out, size);
    fill(&out, bar_tr(lang, format), texts, nargs);
    if (bar_buf_status(&out) == BAR_OK && out.data)
        snprintf(buf, size, "%s", out.data);
    bar_buf_clear(&out);
    return buf;
}

const char *bar_text_note(char *buf, size_t size, const json_t *obj,
                          const char *key, const bar_instrument *ins,
                          bar_lang lang)
{
    if (size == 0)
        return buf;
    const char *note = bar_results_str(obj, key);
    snprintf(buf, size, "%s", note ? note : "");
    const char *format_key, *args_key;
    if (!note || !bar_results_note_keys(key, &format_key, &args_key))
        return buf;
    const char *format = bar_results_str(obj, format_key);
    const json_t *args = bar_results_array(obj, args_key);
    if (!format || !args) /* without arguments: its own message id */
        return snprintf(buf, size, "%s", bar_tr(lang, note)), buf;
    const char *a[NOTE_ARGS];
    size_t nargs = json_array_size(args);
    if (nargs > NOTE_ARGS)
        nargs = NOTE_ARGS;
    for (size_t k = 0; k < nargs; k++) {
        a[k] = json_string_value(json_array_get(args, k));
        a[k] = a[k] ? a[k] : "";
    }
    return bar_text_note_format(buf, size, format, a, nargs, ins, lang);
}

/* ---- plain words: the sentence above a figure, the summary's model ---- */

/* The sentences a reader without statistics reads: no test statistic, no
 * p-value, no Exp(B); "significant" only where the document's test says
 * so (p < 1 - level). */
static const struct plain_words {
    const char *top_most, *top, *top_multi;
    const char *vs_some, *vs_all, *vs_none, *vs_one, *vs_one_not, *vs_same,
        *vs_same_not;
    const char *likert, *or_word;
    const char *range, *range_sig, *range_not;
    const char *items_sig, *items_none;
    const char *box;
    const char *odds_number, *odds_dummy, *odds_first, *odds_next,
        *larger, *smaller, *odds_none;
} plain_en = {
    .top_most = N_("Most organisations ({2}) answered \xe2\x80\x98{1}\xe2\x80"
                   "\x99"),
    .top = N_("The answer given most often is \xe2\x80\x98{1}\xe2\x80\x99 "
              "({2})"),
    .top_multi = N_("\xe2\x80\x98{1}\xe2\x80\x99 is named most often, by {2} "
                    "of the organisations"),
    .vs_some = N_("; for {1} of the {2} answers the difference with {3} is "
                  "statistically significant."),
    .vs_none = N_("; for none of the {1} answers is the difference with {2} "
                  "statistically significant."),
    .vs_all = N_("; for all {1} answers the difference with {2} is "
                 "statistically significant."),
    .vs_same = N_("; the difference with {1} ({2}) is statistically "
                  "significant."),
    .vs_same_not = N_("; the difference with {1} ({2}) is not "
                      "statistically significant."),
    .vs_one = N_("; for \xe2\x80\x98{3}\xe2\x80\x99 the difference with "
                 "{1} ({4} against {2}) is statistically significant."),
    .vs_one_not = N_("; for \xe2\x80\x98{3}\xe2\x80\x99 the difference "
                     "with {1} ({4} against {2}) is not statistically "
                     "significant."),
    .likert = N_("For \xe2\x80\x98{1}\xe2\x80\x99 most organisations "
                 "answered {5} ({2}), for \xe2\x80\x98{3}\xe2\x80\x99 the "
                 "fewest ({4})."),
    .or_word = N_("or"),
    .range = N_("Between the groups by {6}, the share "
                "\xe2\x80\x98{1}\xe2\x80\x99 ranges from {2} "
                "(\xe2\x80\x98{3}\xe2\x80\x99) to {4} "
                "(\xe2\x80\x98{5}\xe2\x80\x99)"),
    .range_sig = N_("; that difference is statistically significant."),
    .range_not = N_("; that difference is not statistically significant."),
    .items_sig = N_("For {1} of the {2} items the groups by {3} differ "
                    "statistically significantly; the largest gap is for "
                    "\xe2\x80\x98{4}\xe2\x80\x99 ({5} against {6})."),
    .items_none = N_("For none of the {1} items do the groups by {2} differ "
                     "statistically significantly."),
    .box = N_("The mean score on {1} is highest for "
              "\xe2\x80\x98{2}\xe2\x80\x99 ({3}) and lowest for "
              "\xe2\x80\x98{4}\xe2\x80\x99 ({5})."),
    .odds_number = N_("If an organisation scores one point higher on "
                      "\xe2\x80\x98{1}\xe2\x80\x99, its chance of {2}."),
    .odds_dummy = N_("For organisations with \xe2\x80\x98{1}\xe2\x80\x99, "
                     "the chance of {2}."),
    .odds_first = N_("\xe2\x80\x98{1}\xe2\x80\x99 is {2} times as {3}"),
    .odds_next = N_("of \xe2\x80\x98{1}\xe2\x80\x99 {2} times as {3}"),
    .larger = N_("large"),
    .smaller = N_("small"),
    .odds_none = N_("None of the factors tested makes a clear difference to "
                    "the chance of \xe2\x80\x98{1}\xe2\x80\x99."),
};

#define PLAIN(lang, f) bar_tr(lang, plain_en.f)

/* The short name of variable or dummy `name`: the study's short label,
 * else the label from the instrument (bar_text_variable_label). */
static const char *short_name(char *buf, size_t size, const char *name,
                              const bar_instrument *ins,
                              const bar_study *study, bar_lang lang)
{
    const char *s = bar_study_short_label(study, name, lang);
    if (s) {
        snprintf(buf, size, "%s", s);
        return buf;
    }
    return bar_text_variable_label(buf, size, name, ins, lang);
}

/* The name of model m's outcome: the study's short label, else the
 * document's label (borrowed). */
static const char *outcome_name(const json_t *m, const bar_study *study,
                                bar_lang lang)
{
    const char *s = bar_study_short_label(study, str_of(m, BAR_RK_OUTCOME),
                                          lang);
    return s ? s : bar_results_label(m, BAR_RK_LABEL, lang);
}

/* Whether model term `name` is a 0/1 predictor (a dummy "v==c" or a
 * binary variable) rather than a score. */
static bool is_dummy(const char *name, const bar_instrument *ins)
{
    if (strstr(name, "=="))
        return true;
    long idx = ins ? bar_instrument_find(ins, name) : -1;
    if (idx < 0)
        return false;
    bar_var_type t = bar_var_type_of(bar_instrument_var(ins, (size_t)idx));
    return t == BAR_VAR_BINARY;
}

/* The summary's model finding in plain words: per strongest predictor,
 * how many times as large the chance (the odds) of each outcome is. */
static void model_plain(const json_t *fig, const bar_instrument *ins,
                        const bar_study *study, bar_lang lang, bar_buf *out)
{
    enum { MAX_MODELS = 32 };
    const json_t *best[MAX_MODELS], *models[MAX_MODELS];
    bool done_m[MAX_MODELS] = {false};
    size_t n = 0, i;
    json_t *m;
    json_array_foreach(json_object_get(fig, BAR_RK_MODELS), i, m) {
        if (n == MAX_MODELS || json_object_get(m, BAR_RK_ERROR) ||
            !json_object_get(m, BAR_RK_STEPS))
            continue;
        models[n] = m;
        best[n] = strongest(m);
        n++;
    }
    bool first = true;
    for (size_t a = 0; a < n; a++) {
        if (done_m[a])
            continue;
        if (!first)
            bar_buf_puts(out, " ");
        first = false;
        if (!best[a]) {
            const char *args[] = {outcome_name(models[a], study, lang)};
            fill(out, PLAIN(lang, odds_none), args, 1);
            done_m[a] = true;
            continue;
        }
        const char *name = str_of(best[a], BAR_RK_NAME);
        bar_buf list;
        bar_buf_init(&list, 64 * 1024);
        size_t nitems = 0;
        for (size_t b = a; b < n; b++) {
            if (done_m[b] || !best[b] ||
                strcmp(str_of(best[b], BAR_RK_NAME), name) != 0)
                continue;
            double eb = bar_results_num(best[b], BAR_RK_EXP_B);
            bool larger = !(eb < 1.0);
            char times[32];
            const char *args[] = {
                outcome_name(models[b], study, lang),
                fmt_dec(times, sizeof times, larger ? eb : 1.0 / eb, 1, lang),
                larger ? PLAIN(lang, larger) : PLAIN(lang, smaller)};
            if (nitems > 0)
                bar_buf_puts(&list, ", ");
            nitems++;
            /* "A, B and C": the last joiner is the word "and" */
            done_m[b] = true;
            bool last = true;
            for (size_t c = b + 1; c < n; c++)
                last &= done_m[c] || !best[c] ||
                        strcmp(str_of(best[c], BAR_RK_NAME), name) != 0;
            if (nitems > 1 && last) {
                list.len -= 2; /* the ", " just written */
                list.data[list.len] = '\0';
                bar_buf_printf(&list, " %s ", T(lang, and_word));
            }
            fill(&list, nitems == 1 ? PLAIN(lang, odds_first)
                                    : PLAIN(lang, odds_next),
                 args, 3);
        }
        char pred[256];
        const char *args[] = {
            short_name(pred, sizeof pred, name, ins, study, lang),
            list.data ? list.data : ""};
        fill(out, is_dummy(name, ins) ? PLAIN(lang, odds_dummy)
                                      : PLAIN(lang, odds_number),
             args, 2);
        pass_on(out, &list);
    }
}

/* The entries of a frequency (categories) or multi_response (items)
 * figure and the key its benchmarks name them by. */
static json_t *answers_of(const json_t *fig, bool *multi)
{
    *multi = strcmp(str_of(fig, BAR_RK_KIND), "multi_response") == 0;
    return json_object_get(fig, *multi ? BAR_RK_ITEMS : BAR_RK_CATEGORIES);
}

/* Frequency and multi_response: the answer given most often, and how many
 * of the answers differ significantly from the main comparison country. */
static void lede_answers(const json_t *results, const json_t *fig,
                         const bar_study *study, bar_lang lang, bar_buf *out)
{
    bool multi;
    const json_t *top = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(answers_of(fig, &multi), i, e) {
        double v = bar_results_num(e, BAR_RK_PERCENT);
        if (!isnan(v) && (!top || v > bar_results_num(top, BAR_RK_PERCENT)))
            top = e;
    }
    if (!top)
        return;
    char pct[16];
    double v = bar_results_num(top, BAR_RK_PERCENT);
    const char *args[] = {bar_results_label(top, BAR_RK_LABEL, lang),
                          fmt_pct(pct, sizeof pct, v)};
    fill(out, multi ? PLAIN(lang, top_multi)
         : round(v) > 50.0 ? PLAIN(lang, top_most)
                    : PLAIN(lang, top),
         args, 2);
    const char *code = study ? bar_study_main_country(study) : NULL;
    size_t ntested = 0, nsig = 0;
    const json_t *only = NULL;
    double alpha = alpha_of(results);
    json_array_foreach(json_object_get(fig, BAR_RK_BENCHMARKS), i, e) {
        double p, diff;
        if (!code || strcmp(str_of(e, BAR_RK_COUNTRY), code) != 0 ||
            !tested(e, &p, &diff))
            continue;
        ntested++;
        nsig += p < alpha;
        only = e;
    }
    const char *name = code ? bar_text_country(study, code, lang) : "";
    if (ntested == 1) {
        double p, diff;
        tested(only, &p, &diff);
        char theirs[16], ours[16], answer[512];
        const json_t *cmp = json_object_get(only, BAR_RK_COMPARISON);
        const char *a[] = {
            name,
            fmt_pct(theirs, sizeof theirs,
                    bar_results_num(only, BAR_RK_PERCENT)),
            bench_answer(answer, sizeof answer, fig, only, lang),
            fmt_pct(ours, sizeof ours, bar_results_num(cmp, BAR_RK_PERCENT))};
        bool same = strcmp(a[2], bar_results_label(top, BAR_RK_LABEL,
                                                   lang)) == 0;
        fill(out, same ? (p < alpha ? PLAIN(lang, vs_same)
                                    : PLAIN(lang, vs_same_not))
                       : (p < alpha ? PLAIN(lang, vs_one)
                                    : PLAIN(lang, vs_one_not)),
             a, 4);
    } else if (ntested > 1 && nsig > 0) {
        char k[16], nn[16];
        const char *a[] = {fmt_count(k, sizeof k, (double)nsig, lang),
                           fmt_count(nn, sizeof nn, (double)ntested, lang),
                           name};
        fill(out, nsig == ntested ? PLAIN(lang, vs_all)
                                  : PLAIN(lang, vs_some),
             nsig == ntested ? a + 1 : a, nsig == ntested ? 2 : 3);
    } else if (ntested > 1) {
        char nn[16];
        const char *a[] = {fmt_count(nn, sizeof nn, (double)ntested, lang),
                           name};
        fill(out, PLAIN(lang, vs_none), a, 2);
    } else {
        bar_buf_puts(out, ".");
    }
}

/* label without its final full stop (a statement quoted in a sentence),
 * into buf. */
static const char *bare(char *buf, size_t size, const char *label)
{
    size_t len = strlen(label);
    if (len > 0 && label[len - 1] == '.')
        len--;
    snprintf(buf, size, "%.*s", (int)len, label);
    return buf;
}

/* Likert: the item with the largest and the smallest positive share. */
static void lede_likert(const json_t *fig, bar_lang lang, bar_buf *out)
{
    const json_t *hi = NULL, *lo = NULL;
    size_t i;
    json_t *e;
    json_array_foreach(json_object_get(fig, BAR_RK_ITEMS), i, e) {
        double v = bar_results_num(json_object_get(e, BAR_RK_POSITIVE),
                                   BAR_RK_PERCENT);
        if (isnan(v))
            continue;
        if (!hi || v > bar_results_num(json_object_get(hi, BAR_RK_POSITIVE),
                                       BAR_RK_PERCENT))
            hi = e;
        if (!lo || v < bar_results_num(json_object_get(lo, BAR_RK_POSITIVE),
                                       BAR_RK_PERCENT))
            lo = e;
    }
    if (!hi || hi == lo)
        return;
    /* the positive codes' labels: "'bevorderend' of 'sterk bevorderend'" */
    bar_buf codes;
    bar_buf_init(&codes, 4096);
    json_t *c;
    size_t k = 0;
    size_t npos = json_array_size(json_object_get(fig,
                                                  BAR_RK_POSITIVE_CODES));
    json_array_foreach(json_object_get(fig, BAR_RK_POSITIVE_CODES), i, c) {
        size_t j;
        json_t *cd;
        json_array_foreach(json_object_get(fig, BAR_RK_CODES), j, cd) {
            if (json_integer_value(json_object_get(cd, BAR_RK_CODE)) !=
                json_integer_value(c))
                continue;
            if (k > 0)
                bar_buf_printf(&codes, k + 1 == npos ? " %s " : ", ",
                               PLAIN(lang, or_word));
            bar_buf_printf(&codes, "\xe2\x80\x98%s\xe2\x80\x99",
                           bar_results_label(cd, BAR_RK_LABEL, lang));
            k++;
        }
    }
    char a[16], b[16], hl[512], ll[512];
    const char *args[] = {
        bare(hl, sizeof hl, bar_results_label(hi, BAR_RK_LABEL, lang)),
        fmt_pct(a, sizeof a,
                bar_results_num(json_object_get(hi, BAR_RK_POSITIVE),
                                BAR_RK_PERCENT)),
        bare(ll, sizeof ll, bar_results_label(lo, BAR_RK_LABEL, lang)),
        fmt_pct(b, sizeof b,
                bar_results_num(json_object_get(lo, BAR_RK_POSITIVE),
                                BAR_RK_PERCENT)),
        codes.data ? codes.data : ""};
    fill(out, PLAIN(lang, likert), args, 5);
    pass_on(out, &codes);
}

/* The percentages of table t's focus row (its code 1 row, or the first)
 * per group: the smallest and largest, with their group index. */
static const json_t *focus_row(const json_t *t)
{
    json_t *rows = json_object_get(t, BAR_RK_ROWS);
    json_t *f = json_object_get(t, BAR_RK_FOCUS_ROW);
    if (json_is_integer(f))
        return json_array_get(rows, (size_t)json_integer_value(f));
    size_t i;
    json_t *r;
    json_array_foreach(rows, i, r) {
        json_t *code = json_object_get(r, BAR_RK_CODE);
        if (json_is_integer(code) && json_integer_value(code) == 1)
            return r;
    }
    return json_array_get(rows, 0);
}

static bool spread(const json_t *row, size_t *lo, size_t *hi)
{
    size_t i;
    json_t *v;
    bool any = false;
    json_array_foreach(json_object_get(row, BAR_RK_PERCENTS), i, v) {
        if (!json_is_number(v))
            continue;
        double x = json_number_value(v);
        json_t *pct = json_object_get(row, BAR_RK_PERCENTS);
        if (!any || x < json_number_value(json_array_get(pct, *lo)))
            *lo = i;
        if (!any || x > json_number_value(json_array_get(pct, *hi)))
            *hi = i;
        any = true;
    }
    return any && *lo != *hi;
}

/* Crosstab: for one table, the focus share's range over the groups and
 * the verdict; for the items of a question, how many differ and where
 * the gap is largest among those. */
static void lede_crosstab(const json_t *results, const json_t *fig,
                          const bar_instrument *ins, const bar_study *study,
                          bar_lang lang, bar_buf *out)
{
    double alpha = alpha_of(results);
    json_t *tables = json_object_get(fig, BAR_RK_TABLES);
    json_t *groups = json_object_get(fig, BAR_RK_GROUPS);
    char by[256];
    const char *s = bar_study_short_label(study, str_of(fig, BAR_RK_BY), lang);
    snprintf(by, sizeof by, "%s",
             s ? s : bar_results_label(fig, BAR_RK_BY_LABEL, lang));
    (void)ins;
    if (json_array_size(tables) == 1) {
        const json_t *t = json_array_get(tables, 0);
        double p = bar_results_num(json_object_get(t, BAR_RK_TEST), BAR_RK_P);
        const json_t *row = focus_row(t);
        size_t lo = 0, hi = 0;
        if (isnan(p) || !spread(row, &lo, &hi))
            return;
        json_t *pct = json_object_get(row, BAR_RK_PERCENTS);
        char a[16], b[16];
        const char *args[] = {
            bar_results_label(row, BAR_RK_LABEL, lang),
            fmt_pct(a, sizeof a, json_number_value(json_array_get(pct, lo))),
            bar_results_label(json_array_get(groups, lo), BAR_RK_LABEL, lang),
            fmt_pct(b, sizeof b, json_number_value(json_array_get(pct, hi))),
            bar_results_label(json_array_get(groups, hi), BAR_RK_LABEL, lang),
            by};
        fill(out, PLAIN(lang, range), args, 6);
        fill(out, p < alpha ? PLAIN(lang, range_sig) : PLAIN(lang, range_not),
             NULL, 0);
        return;
    }
    size_t ntested = 0, nsig = 0, i;
    const json_t *widest = NULL;
    double gap = -1.0;
    size_t wlo = 0, whi = 0;
    json_t *t;
    json_array_foreach(tables, i, t) {
        double p = bar_results_num(json_object_get(t, BAR_RK_TEST), BAR_RK_P);
        if (isnan(p))
            continue;
        ntested++;
        if (p >= alpha)
            continue;
        nsig++;
        size_t lo = 0, hi = 0;
        const json_t *row = focus_row(t);
        if (!spread(row, &lo, &hi))
            continue;
        json_t *pct = json_object_get(row, BAR_RK_PERCENTS);
        double g = json_number_value(json_array_get(pct, hi)) -
                   json_number_value(json_array_get(pct, lo));
        if (g > gap) {
            gap = g;
            widest = t;
            wlo = lo;
            whi = hi;
        }
    }
    if (ntested == 0)
        return;
    char k[16], n[16];
    fmt_count(n, sizeof n, (double)ntested, lang);
    if (nsig == 0 || !widest) {
        const char *args[] = {n, by};
        fill(out, PLAIN(lang, items_none), args, 2);
        return;
    }
    json_t *pct = json_object_get(focus_row(widest), BAR_RK_PERCENTS);
    char a[80], b[80], pa[16], pb[16];
    snprintf(a, sizeof a, "%s %s",
             fmt_pct(pa, sizeof pa, json_number_value(json_array_get(pct,
                                                                     whi))),
             bar_results_label(json_array_get(groups, whi), BAR_RK_LABEL,
                               lang));
    snprintf(b, sizeof b, "%s %s",
             fmt_pct(pb, sizeof pb, json_number_value(json_array_get(pct,
                                                                     wlo))),
             bar_results_label(json_array_get(groups, wlo), BAR_RK_LABEL,
                               lang));
    const char *args[] = {fmt_count(k, sizeof k, (double)nsig, lang), n, by,
                          bar_results_label(widest, BAR_RK_LABEL, lang), a,
                          b};
    fill(out, PLAIN(lang, items_sig), args, 6);
}

/* Boxplot: the groups with the highest and the lowest mean. */
static void lede_boxplot(const json_t *fig, const bar_instrument *ins,
                         const bar_study *study, bar_lang lang, bar_buf *out)
{
    const json_t *hi = NULL, *lo = NULL;
    size_t i;
    json_t *g;
    json_array_foreach(json_object_get(fig, BAR_RK_GROUPS), i, g) {
        double m = bar_results_num(g, BAR_RK_MEAN);
        if (isnan(m))
            continue;
        if (!hi || m > bar_results_num(hi, BAR_RK_MEAN))
            hi = g;
        if (!lo || m < bar_results_num(lo, BAR_RK_MEAN))
            lo = g;
    }
    if (!hi || hi == lo)
        return;
    char name[256], a[32], b[32];
    const char *args[] = {
        short_name(name, sizeof name, str_of(fig, BAR_RK_VARIABLE), ins,
                   study, lang),
        bar_results_label(hi, BAR_RK_LABEL, lang),
        fmt_dec(a, sizeof a, bar_results_num(hi, BAR_RK_MEAN), 1, lang),
        bar_results_label(lo, BAR_RK_LABEL, lang),
        fmt_dec(b, sizeof b, bar_results_num(lo, BAR_RK_MEAN), 1, lang)};
    fill(out, PLAIN(lang, box), args, 5);
}

bar_status bar_text_figure_lede(const json_t *results, const json_t *fig,
                                const bar_instrument *ins,
                                const bar_study *study, bar_lang lang,
                                bar_buf *out, bar_error *err)
{
    const char *kind = str_of(fig, BAR_RK_KIND);
    if (json_is_true(json_object_get(fig, BAR_RK_SUPPRESSED)))
        return done(out, err);
    if (strcmp(kind, "frequency") == 0 ||
        strcmp(kind, "multi_response") == 0)
        lede_answers(results, fig, study, lang, out);
    else if (strcmp(kind, "likert") == 0)
        lede_likert(fig, lang, out);
    else if (strcmp(kind, "crosstab") == 0)
        lede_crosstab(results, fig, ins, study, lang, out);
    else if (strcmp(kind, "boxplot") == 0)
        lede_boxplot(fig, ins, study, lang, out);
    else if (strcmp(kind, "model") == 0)
        model_plain(fig, ins, study, lang, out);
    return done(out, err);
}

/* ---- the findings chapter, written as findings ---- */

static const struct findings_words {
    const char *top_fact, *group_gap, *country_head, *country_count,
        *country_higher, *country_lower, *country_none;
} fw_en = {
    .top_fact = N_("For \xe2\x80\x98{1}\xe2\x80\x99 the answer given most "
                   "often is \xe2\x80\x98{2}\xe2\x80\x99 ({3})."),
    .group_gap = N_("In \xe2\x80\x98{3}\xe2\x80\x99 the groups by {1} "
                    "differ most for {2}."),
    .country_head = N_("Comparison with {1}"),
    .country_count = N_("Of the {1} comparisons with {2}, {3} show a "
                        "statistically significant difference."),
    .country_higher = N_("Higher in this wave than in {1}: {2}."),
    .country_lower = N_("Lower in this wave than in {1}: {2}."),
    .country_none = N_("None of the {1} comparisons with {2} shows a "
                       "statistically significant difference."),
};

#define FW(lang, f) bar_tr(lang, fw_en.f)

enum { FINDINGS_TOP = 3, FINDINGS_LIST = 4 };

/* The share of the answer given most often of a frequency or
 * multi_response figure, or NAN; its entry to *top. */
static double top_share(const json_t *fig, const json_t **top)
{
    *top = NULL;
    if (json_is_true(json_object_get(fig, BAR_RK_SUPPRESSED)))
        return NAN;
    bool multi;
    size_t i;
    json_t *e;
    json_array_foreach(answers_of(fig, &multi), i, e) {
        double v = bar_results_num(e, BAR_RK_PERCENT);
        if (!isnan(v) && (!*top || v > bar_results_num(*top, BAR_RK_PERCENT)))
            *top = e;
    }
    return *top ? bar_results_num(*top, BAR_RK_PERCENT) : NAN;
}

/* The largest gap between groups of the significant items of a crosstab
 * by items (NAN: none), and one sentence naming the largest few. */
static double crosstab_gaps(const json_t *results, const json_t *fig,
                            const bar_study *study, bar_lang lang,
                            bar_buf *sentence)
{
    json_t *tables = json_object_get(fig, BAR_RK_TABLES);
    json_t *groups = json_object_get(fig, BAR_RK_GROUPS);
    if (json_array_size(tables) < 2)
        return NAN;
    double alpha = alpha_of(results);
    enum { CAP = 256 };
    const json_t *sig[CAP];
    double gap[CAP];
    size_t lo[CAP], hi[CAP], n = 0, i;
    json_t *t;
    json_array_foreach(tables, i, t) {
        double p = bar_results_num(json_object_get(t, BAR_RK_TEST), BAR_RK_P);
        const json_t *row = focus_row(t);
        if (n == CAP || isnan(p) || p >= alpha ||
            !spread(row, &lo[n], &hi[n]))
            continue;
        json_t *pct = json_object_get(row, BAR_RK_PERCENTS);
        gap[n] = json_number_value(json_array_get(pct, hi[n])) -
                 json_number_value(json_array_get(pct, lo[n]));
        sig[n++] = t;
    }
    if (n == 0)
        return NAN;
    /* the largest few gaps, largest first (selection) */
    bar_buf list;
    bar_buf_init(&list, 64 * 1024);
    bool used[CAP] = {false};
    size_t k = n < FINDINGS_TOP ? n : FINDINGS_TOP;
    double largest = NAN;
    for (size_t r = 0; r < k; r++) {
        size_t b = n;
        for (size_t j = 0; j < n; j++)
            if (!used[j] && (b == n || gap[j] > gap[b]))
                b = j;
        used[b] = true;
        if (r == 0)
            largest = gap[b];
        json_t *pct = json_object_get(focus_row(sig[b]), BAR_RK_PERCENTS);
        char a[160], c[160], pa[16], pc[16], lab[512];
        snprintf(a, sizeof a, "%s \xe2\x80\x98%s\xe2\x80\x99",
                 fmt_pct(pa, sizeof pa,
                         json_number_value(json_array_get(pct, hi[b]))),
                 bar_results_label(json_array_get(groups, hi[b]),
                                   BAR_RK_LABEL, lang));
        snprintf(c, sizeof c, "%s \xe2\x80\x98%s\xe2\x80\x99",
                 fmt_pct(pc, sizeof pc,
                         json_number_value(json_array_get(pct, lo[b]))),
                 bar_results_label(json_array_get(groups, lo[b]),
                                   BAR_RK_LABEL, lang));
        const char *args[] = {
            bare(lab, sizeof lab, bar_results_label(sig[b], BAR_RK_LABEL,
                                                    lang)),
            a, c};
        if (r > 0)
            bar_buf_puts(&list, r + 1 == k ? " " : ", ");
        if (r > 0 && r + 1 == k)
            bar_buf_printf(&list, "%s ", T(lang, and_word));
        fill(&list, T(lang, bench_item), args, 3);
    }
    char by[256];
    const char *s = bar_study_short_label(study, str_of(fig, BAR_RK_BY), lang);
    snprintf(by, sizeof by, "%s",
             s ? s : bar_results_label(fig, BAR_RK_BY_LABEL, lang));
    char title[512];
    const char *args[] = {
        by, list.data ? list.data : "",
        bare(title, sizeof title, bar_results_label(fig, BAR_RK_TITLE,
                                                    lang))};
    fill(sentence, FW(lang, group_gap), args, 3);
    pass_on(sentence, &list);
    return largest;
}

bar_status bar_text_chapter_findings(const json_t *results,
                                     const json_t *const *figs, size_t nfigs,
                                     const bar_instrument *ins,
                                     const bar_study *study, bar_lang lang,
                                     bar_buf *out, bar_error *err)
{
    enum { CAP = 256 };
    if (nfigs > CAP)
        nfigs = CAP;
    bool first = true;
#define SENTENCE_GAP() do { if (!first) bar_buf_puts(out, " "); \
                            first = false; } while (0)
    /* the scale: the climate groups */
    for (size_t i = 0; i < nfigs; i++)
        if (strcmp(str_of(figs[i], BAR_RK_KIND), "scale") == 0) {
            bar_buf s;
            bar_buf_init(&s, 64 * 1024);
            climate(results, lang, &s);
            if (s.len > 0) {
                SENTENCE_GAP();
                bar_buf_puts(out, s.data);
            }
            pass_on(out, &s);
            break;
        }
    /* the answers most widely given, largest share first (not the
     * share that innovated: the opening paragraph has it) */
    double share[CAP];
    const json_t *tops[CAP];
    const json_t *opening = find_figure(results, "frequency",
                                        BAR_RK_VARIABLE, "innovated");
    for (size_t i = 0; i < nfigs; i++) {
        const char *kind = str_of(figs[i], BAR_RK_KIND);
        share[i] = figs[i] != opening &&
                           (strcmp(kind, "frequency") == 0 ||
                            strcmp(kind, "multi_response") == 0)
                       ? top_share(figs[i], &tops[i])
                       : NAN;
    }
    for (size_t r = 0; r < FINDINGS_TOP; r++) {
        size_t b = nfigs;
        for (size_t i = 0; i < nfigs; i++)
            if (!isnan(share[i]) && (b == nfigs || share[i] > share[b]))
                b = i;
        if (b == nfigs)
            break;
        char pct[16];
        const char *args[] = {bar_results_label(figs[b], BAR_RK_TITLE, lang),
                              bar_results_label(tops[b], BAR_RK_LABEL, lang),
                              fmt_pct(pct, sizeof pct, share[b])};
        SENTENCE_GAP();
        fill(out, FW(lang, top_fact), args, 3);
        share[b] = NAN;
    }
    /* differences between groups: one-table crosstabs by their range,
     * item crosstabs by their largest gaps, largest first */
    bar_buf parts[CAP];
    double gap[CAP];
    size_t nparts = 0;
    for (size_t i = 0; i < nfigs && nparts < CAP; i++) {
        if (strcmp(str_of(figs[i], BAR_RK_KIND), "crosstab") != 0)
            continue;
        bar_buf_init(&parts[nparts], 64 * 1024);
        gap[nparts] = crosstab_gaps(results, figs[i], study, lang,
                                    &parts[nparts]);
        if (isnan(gap[nparts]) &&
            json_array_size(json_object_get(figs[i], BAR_RK_TABLES)) == 1) {
            const json_t *t = json_array_get(json_object_get(figs[i],
                                                             BAR_RK_TABLES),
                                             0);
            double p = bar_results_num(json_object_get(t, BAR_RK_TEST),
                                       BAR_RK_P);
            size_t lo = 0, hi = 0;
            if (!isnan(p) && p < alpha_of(results) &&
                spread(focus_row(t), &lo, &hi)) {
                json_t *pct = json_object_get(focus_row(t), BAR_RK_PERCENTS);
                gap[nparts] = json_number_value(json_array_get(pct, hi)) -
                              json_number_value(json_array_get(pct, lo));
                lede_crosstab(results, figs[i], ins, study, lang,
                              &parts[nparts]);
            }
        }
        nparts++;
    }
    for (size_t r = 0; r < nparts; r++) {
        size_t b = nparts;
        for (size_t i = 0; i < nparts; i++)
            if (!isnan(gap[i]) && (b == nparts || gap[i] > gap[b]))
                b = i;
        if (b == nparts || r == FINDINGS_TOP)
            break;
        SENTENCE_GAP();
        bar_buf_puts(out, parts[b].data ? parts[b].data : "");
        gap[b] = NAN;
    }
    for (size_t i = 0; i < nparts; i++)
        pass_on(out, &parts[i]);
    /* the models, in plain words */
    for (size_t i = 0; i < nfigs; i++)
        if (strcmp(str_of(figs[i], BAR_RK_KIND), "model") == 0) {
            bar_buf s;
            bar_buf_init(&s, 64 * 1024);
            model_plain(figs[i], ins, study, lang, &s);
            if (s.len > 0) {
                SENTENCE_GAP();
                bar_buf_puts(out, s.data);
            }
            pass_on(out, &s);
        }
#undef SENTENCE_GAP
    return done(out, err);
}

/* One significant comparison with the main country, for sorting. */
typedef struct country_diff {
    const json_t *fig, *b;
    double diff;
} country_diff;

bar_status bar_text_country_findings(const json_t *results,
                                     const bar_study *study, bar_lang lang,
                                     bar_buf *heading, bar_buf *out,
                                     bar_error *err)
{
    const char *code = study ? bar_study_main_country(study) : NULL;
    if (!code)
        return done(out, err);
    const char *name = bar_text_country(study, code, lang);
    enum { CAP = 1024 };
    country_diff *sig = malloc(CAP * sizeof *sig);
    if (!sig) {
        bar_buf_fail(out, BAR_ENOMEM);
        return done(out, err);
    }
    size_t nsig = 0, ntested = 0, i, j;
    double alpha = alpha_of(results);
    json_t *f, *b;
    json_array_foreach(json_object_get(results, BAR_RK_FIGURES), i, f) {
        json_array_foreach(json_object_get(f, BAR_RK_BENCHMARKS), j, b) {
            double p, diff;
            if (strcmp(str_of(b, BAR_RK_COUNTRY), code) != 0 ||
                !tested(b, &p, &diff))
                continue;
            ntested++;
            if (p < alpha && nsig < CAP)
                sig[nsig++] = (country_diff){f, b, diff};
        }
    }
    if (ntested == 0)
        goto cleanup;
    const char *ha[] = {name};
    fill(heading, FW(lang, country_head), ha, 1);
    char nt[16], ns[16];
    fmt_count(nt, sizeof nt, (double)ntested, lang);
    fmt_count(ns, sizeof ns, (double)nsig, lang);
    if (nsig == 0) {
        const char *args[] = {nt, name};
        fill(out, FW(lang, country_none), args, 2);
        goto cleanup;
    }
    const char *args[] = {nt, name, ns};
    fill(out, FW(lang, country_count), args, 3);
    /* higher, then lower: the largest differences first */
    for (int dir = 0; dir < 2; dir++) {
        bar_buf list;
        bar_buf_init(&list, 64 * 1024);
        bool used[CAP] = {false};
        size_t k = 0;
        for (size_t r = 0; r < FINDINGS_LIST; r++) {
            size_t best = nsig;
            for (size_t x = 0; x < nsig; x++) {
                bool side = dir == 0 ? sig[x].diff > 0 : sig[x].diff < 0;
                if (side && !used[x] &&
                    (best == nsig ||
                     fabs(sig[x].diff) > fabs(sig[best].diff)))
                    best = x;
            }
            if (best == nsig)
                break;
            used[best] = true;
            k++;
        }
        size_t r = 0;
        for (size_t pass = 0; pass < k; pass++) {
            size_t best = nsig;
            for (size_t x = 0; x < nsig; x++)
                if (used[x] && (best == nsig ||
                                fabs(sig[x].diff) > fabs(sig[best].diff)))
                    best = x;
            used[best] = false;
            char answer[512], ours[16], theirs[16];
            const json_t *cmp = json_object_get(sig[best].b,
                                                BAR_RK_COMPARISON);
            const char *a[] = {
                bench_answer(answer, sizeof answer, sig[best].fig,
                             sig[best].b, lang),
                fmt_pct(ours, sizeof ours,
                        bar_results_num(cmp, BAR_RK_PERCENT)),
                fmt_pct(theirs, sizeof theirs,
                        bar_results_num(sig[best].b, BAR_RK_PERCENT))};
            if (r > 0)
                bar_buf_puts(&list, r + 1 == k ? " " : ", ");
            if (r > 0 && r + 1 == k)
                bar_buf_printf(&list, "%s ", T(lang, and_word));
            fill(&list, T(lang, bench_item), a, 3);
            r++;
        }
        if (k > 0) {
            const char *a[] = {name, list.data ? list.data : ""};
            bar_buf_puts(out, " ");
            fill(out, dir == 0 ? FW(lang, country_higher)
                               : FW(lang, country_lower),
                 a, 2);
        }
        pass_on(out, &list);
    }
cleanup:
    bar_buf_fail(out, bar_buf_status(heading));
    free(sig);
    return done(out, err);
}
