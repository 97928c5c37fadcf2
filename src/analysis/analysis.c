/* analysis.c - the results document (see analysis.h and
 * docs/results-schema.md).
 *
 * The figures are a table of entries (id, kind, variable, base, title);
 * each kind has one function that appends its JSON object. The table will
 * move to a report specification file (data/report) once every kind
 * exists; nothing in the kinds depends on which figure they serve.
 */
#include "analysis/analysis.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats/proportion.h"

#ifndef BAR_VERSION
#define BAR_VERSION "0.1.0"
#endif

typedef enum kind {
    KIND_RESPONSE_BY_GROUP,
    KIND_FREQUENCY,
    KIND_MULTI_RESPONSE
} kind;

static const char *const kind_names[] = {
    [KIND_RESPONSE_BY_GROUP] = "response_by_group",
    [KIND_FREQUENCY] = "frequency",
    [KIND_MULTI_RESPONSE] = "multi_response",
};

typedef struct figure_spec {
    const char *id;
    int number;        /* "Tabel N" / "Figuur N" */
    kind kind;
    const char *name;  /* group variable, variable, or multi question id */
    bar_base base;
    const char *title_nl, *title_en;
} figure_spec;

static const figure_spec figures[] = {
    {.id = "table1", .number = 1, .kind = KIND_RESPONSE_BY_GROUP,
     .name = "sector", .base = BAR_BASE_ALL,
     .title_nl = "Verstuurde en ingevulde vragenlijsten en respons per "
                 "sector",
     .title_en = "Questionnaires sent and completed, and response, by "
                 "sector"},
    {.id = "fig1", .number = 1, .kind = KIND_FREQUENCY,
     .name = "innovated", .base = BAR_BASE_ALL,
     .title_nl = "Aandeel organisaties dat in de afgelopen twee jaar een "
                 "of meer innovaties heeft geïmplementeerd",
     .title_en = "Share of organisations that implemented one or more "
                 "innovations in the last two years"},
    {.id = "fig2", .number = 2, .kind = KIND_MULTI_RESPONSE,
     .name = "type", .base = BAR_BASE_INNOVATORS,
     .title_nl = "Typen innovatie (meest recente innovatie)",
     .title_en = "Types of innovation (most recent innovation)"},
    {.id = "fig3", .number = 3, .kind = KIND_FREQUENCY,
     .name = "spectrum", .base = BAR_BASE_ALL,
     .title_nl = "Innovatiespectrum: aantal typen innovatie",
     .title_en = "Innovation spectrum: number of types of innovation"},
};

/* What every kind needs. */
typedef struct ctx {
    const bar_dataset *ds;
    const bar_instrument *ins;
    const size_t *frame_counts;
    const bar_benchmarks *benchmarks;
    size_t min_group;
    double level;
    long innovated_col;
    bar_error *err;
} ctx;

static const char *base_name(bar_base base)
{
    return base == BAR_BASE_INNOVATORS ? "innovators" : "all";
}

static json_t *label_json(const char *nl, const char *en)
{
    return json_pack("{s:s, s:s}", "nl", nl ? nl : "", "en", en ? en : "");
}

static json_t *var_label(const bar_variable *v)
{
    return label_json(bar_var_label(v, BAR_LANG_NL),
                      bar_var_label(v, BAR_LANG_EN));
}

static json_t *code_label(const bar_variable *v, size_t i)
{
    return label_json(bar_var_code_label(v, i, BAR_LANG_NL),
                      bar_var_code_label(v, i, BAR_LANG_EN));
}

/* Whether row r is in the base. */
static bool in_base(const ctx *c, bar_base base, size_t r)
{
    if (base == BAR_BASE_ALL)
        return true;
    return c->innovated_col >= 0 &&
           bar_dataset_get(c->ds, r, (size_t)c->innovated_col) == 1.0;
}

static bar_status no_memory(const ctx *c, const char *id)
{
    return bar_error_set(c->err, BAR_ENOMEM, "analysis: figure '%s': out "
                         "of memory", id);
}

static bar_status find_var(const ctx *c, const figure_spec *f,
                           const char *name, const bar_variable **out)
{
    long i = bar_instrument_find(c->ins, name);
    if (i < 0)
        return bar_error_at(c->err, BAR_ENOTFOUND, NULL, 0, 0, name,
                            "analysis: figure '%s' needs this variable, "
                            "which the instrument lacks", f->id);
    *out = bar_instrument_var(c->ins, (size_t)i);
    return BAR_OK;
}

/* The common head of every figure object. */
static json_t *figure_head(const figure_spec *f)
{
    return json_pack("{s:s, s:s, s:i, s:o}", "id", f->id, "kind",
                     kind_names[f->kind], "number", f->number, "title",
                     label_json(f->title_nl, f->title_en));
}

/* count/percent/ci of x out of n into obj; nulls when hidden or n = 0. */
static bar_status put_share(const ctx *c, json_t *obj, size_t x, size_t n,
                            bool hidden)
{
    bar_proportion p = {0};
    bool have = !hidden && n > 0 &&
                bar_proportion_wilson(x, n, c->level, &p, NULL) == BAR_OK;
    int bad = 0;
    bad |= json_object_set_new(
        obj, "count", hidden ? json_null() : json_integer((json_int_t)x));
    bad |= json_object_set_new(
        obj, "percent", have ? json_real(100.0 * p.estimate) : json_null());
    bad |= json_object_set_new(obj, "ci_low",
                               have ? json_real(100.0 * p.low) : json_null());
    bad |= json_object_set_new(obj, "ci_high",
                               have ? json_real(100.0 * p.high) : json_null());
    return bad ? BAR_ENOMEM : BAR_OK;
}

/* Append the benchmarks of variable = category to arr. */
static bar_status add_benchmarks(const ctx *c, json_t *arr,
                                 const char *variable, const char *category)
{
    size_t pos = 0;
    for (const bar_benchmark *b;
         (b = bar_benchmarks_next(c->benchmarks, variable, category,
                                  &pos));) {
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:s, s:f, s:s, s:o, s:s}", "variable",
            b->variable, "category", b->category, "country", b->country,
            "period", b->period, "percent", b->percent, "qualifier",
            b->qualifier, "n",
            b->n > 0 ? json_integer(b->n) : json_null(), "source",
            b->source);
        if (!o || json_array_append_new(arr, o) != 0)
            return BAR_ENOMEM;
    }
    return BAR_OK;
}

/* Table 1: sent (frame), completed and response per group; small groups
 * merged into one "other" row. */
static bar_status response_by_group(const ctx *c, const figure_spec *f,
                                    json_t *fig)
{
    bar_status rc = BAR_OK;
    const bar_variable *v;
    size_t *completed = NULL;
    if ((rc = find_var(c, f, f->name, &v)) != BAR_OK)
        goto cleanup;
    size_t ncodes = bar_var_ncodes(v);
    size_t col = bar_var_index(v);
    completed = calloc(ncodes ? ncodes : 1, sizeof *completed);
    if (!completed) {
        rc = no_memory(c, f->id);
        goto cleanup;
    }
    size_t missing = 0, total_completed = 0, total_sent = 0;
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        double x = bar_dataset_get(c->ds, r, col);
        if (isnan(x) || x < 0 || (size_t)x >= ncodes) {
            missing++;
            continue;
        }
        completed[(size_t)x]++;
        total_completed++;
    }
    json_t *rows = json_array(), *merged_codes = json_array();
    if (json_object_set_new(fig, "rows", rows) ||
        json_object_set_new(fig, "merged", merged_codes)) {
        rc = no_memory(c, f->id);
        goto cleanup;
    }
    size_t other_sent = 0, other_completed = 0;
    json_t *other_labels = json_array();
    if (json_object_set_new(fig, "merged_labels", other_labels)) {
        rc = no_memory(c, f->id);
        goto cleanup;
    }
    for (size_t i = 0; i < ncodes; i++) {
        size_t sent = c->frame_counts ? c->frame_counts[i] : 0;
        total_sent += sent;
        if (sent == 0 && completed[i] == 0)
            continue;
        if (completed[i] < c->min_group) {
            other_sent += sent;
            other_completed += completed[i];
            if (json_array_append_new(merged_codes,
                                      json_string(bar_var_code_str(v, i))) ||
                json_array_append_new(other_labels, code_label(v, i))) {
                rc = no_memory(c, f->id);
                goto cleanup;
            }
            continue;
        }
        json_t *row = json_pack(
            "{s:[s], s:o, s:o, s:I, s:o, s:b, s:b}", "codes",
            bar_var_code_str(v, i), "label", code_label(v, i), "sent",
            c->frame_counts ? json_integer((json_int_t)sent) : json_null(),
            "completed", (json_int_t)completed[i], "percent",
            sent > 0 ? json_real(100.0 * (double)completed[i] / (double)sent)
                     : json_null(),
            "merged", 0, "suppressed", 0);
        if (!row || json_array_append_new(rows, row)) {
            rc = no_memory(c, f->id);
            goto cleanup;
        }
    }
    if (json_array_size(merged_codes) > 0) {
        bool hide = other_completed < c->min_group;
        json_t *row = json_pack(
            "{s:O, s:o, s:o, s:o, s:o, s:b, s:b}", "codes", merged_codes,
            "label", label_json("Overige sectoren", "Other sectors"), "sent",
            c->frame_counts ? json_integer((json_int_t)other_sent)
                            : json_null(),
            "completed",
            hide ? json_null() : json_integer((json_int_t)other_completed),
            "percent",
            !hide && other_sent > 0
                ? json_real(100.0 * (double)other_completed /
                            (double)other_sent)
                : json_null(),
            "merged", 1, "suppressed", hide);
        if (!row || json_array_append_new(rows, row)) {
            rc = no_memory(c, f->id);
            goto cleanup;
        }
    }
    json_t *total = json_pack(
        "{s:o, s:o, s:I, s:o}", "label", label_json("Totaal", "Total"),
        "sent",
        c->frame_counts ? json_integer((json_int_t)total_sent) : json_null(),
        "completed", (json_int_t)total_completed, "percent",
        total_sent > 0
            ? json_real(100.0 * (double)total_completed / (double)total_sent)
            : json_null());
    if (!total || json_object_set_new(fig, "total", total) ||
        json_object_set_new(fig, "variable", json_string(f->name)) ||
        json_object_set_new(fig, "base", json_string(base_name(f->base))) ||
        json_object_set_new(fig, "n",
                            json_integer((json_int_t)total_completed)) ||
        json_object_set_new(fig, "missing",
                            json_integer((json_int_t)missing)) ||
        json_object_set_new(fig, "frame",
                            json_boolean(c->frame_counts != NULL))) {
        rc = no_memory(c, f->id);
        goto cleanup;
    }
cleanup:
    free(completed);
    return rc;
}

/* Distribution of one single-choice variable within a base. */
static bar_status frequency(const ctx *c, const figure_spec *f, json_t *fig)
{
    bar_status rc = BAR_OK;
    const bar_variable *v;
    size_t *counts = NULL;
    if ((rc = find_var(c, f, f->name, &v)) != BAR_OK)
        goto cleanup;
    size_t ncodes = bar_var_ncodes(v), col = bar_var_index(v);
    counts = calloc(ncodes ? ncodes : 1, sizeof *counts);
    if (!counts) {
        rc = no_memory(c, f->id);
        goto cleanup;
    }
    size_t base_n = 0, n = 0;
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        if (!in_base(c, f->base, r))
            continue;
        base_n++;
        double x = bar_dataset_get(c->ds, r, col);
        if (isnan(x))
            continue;
        long pos = bar_var_code_pos(v, (long)x);
        if (pos < 0)
            continue;
        counts[pos]++;
        n++;
    }
    bool hide = n < c->min_group;
    json_t *cats = json_array(), *bench = json_array();
    if (json_object_set_new(fig, "variable", json_string(f->name)) ||
        json_object_set_new(fig, "label", var_label(v)) ||
        json_object_set_new(fig, "base", json_string(base_name(f->base))) ||
        json_object_set_new(fig, "base_n", json_integer((json_int_t)base_n)) ||
        json_object_set_new(fig, "n", json_integer((json_int_t)n)) ||
        json_object_set_new(fig, "missing",
                            json_integer((json_int_t)(base_n - n))) ||
        json_object_set_new(fig, "suppressed", json_boolean(hide)) ||
        json_object_set_new(fig, "categories", cats) ||
        json_object_set_new(fig, "benchmarks", bench)) {
        rc = no_memory(c, f->id);
        goto cleanup;
    }
    for (size_t i = 0; i < ncodes; i++) {
        long code = bar_var_code(v, i);
        json_t *cat = json_pack("{s:I, s:o}", "code", (json_int_t)code,
                                "label", code_label(v, i));
        if (!cat || json_array_append_new(cats, cat) ||
            put_share(c, cat, counts[i], n, hide) != BAR_OK) {
            rc = no_memory(c, f->id);
            goto cleanup;
        }
        char category[32];
        snprintf(category, sizeof category, "%ld", code);
        if (add_benchmarks(c, bench, f->name, category) != BAR_OK) {
            rc = no_memory(c, f->id);
            goto cleanup;
        }
    }
cleanup:
    free(counts);
    return rc;
}

static const bar_question *find_question(const bar_instrument *ins,
                                         const char *id)
{
    for (size_t i = 0; i < bar_instrument_nquestions(ins); i++) {
        const bar_question *q = bar_instrument_question(ins, i);
        if (strcmp(bar_question_id(q), id) == 0)
            return q;
    }
    return NULL;
}

/* Share ticking each option of a multi-response question within a base. */
static bar_status multi_response(const ctx *c, const figure_spec *f,
                                 json_t *fig)
{
    const bar_question *q = find_question(c->ins, f->name);
    if (!q || bar_question_type_of(q) != BAR_Q_MULTI)
        return bar_error_at(c->err, BAR_ENOTFOUND, NULL, 0, 0, f->name,
                            "analysis: figure '%s' needs this "
                            "multi-response question, which the instrument "
                            "lacks", f->id);
    size_t nopts = bar_question_nvars(q);
    size_t base_n = 0, n = 0;
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
        if (!in_base(c, f->base, r))
            continue;
        base_n++;
        for (size_t i = 0; i < nopts; i++)
            if (!isnan(bar_dataset_get(
                    c->ds, r, bar_var_index(bar_question_var(q, i))))) {
                n++;
                break;
            }
    }
    bool hide = n < c->min_group;
    json_t *items = json_array(), *bench = json_array();
    if (json_object_set_new(fig, "question", json_string(f->name)) ||
        json_object_set_new(fig, "label",
                            label_json(bar_question_text(q, BAR_LANG_NL),
                                       bar_question_text(q, BAR_LANG_EN))) ||
        json_object_set_new(fig, "base", json_string(base_name(f->base))) ||
        json_object_set_new(fig, "base_n", json_integer((json_int_t)base_n)) ||
        json_object_set_new(fig, "n", json_integer((json_int_t)n)) ||
        json_object_set_new(fig, "missing",
                            json_integer((json_int_t)(base_n - n))) ||
        json_object_set_new(fig, "suppressed", json_boolean(hide)) ||
        json_object_set_new(fig, "items", items) ||
        json_object_set_new(fig, "benchmarks", bench))
        return no_memory(c, f->id);
    for (size_t i = 0; i < nopts; i++) {
        const bar_variable *v = bar_question_var(q, i);
        size_t col = bar_var_index(v), ticked = 0, valid = 0;
        for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++) {
            if (!in_base(c, f->base, r))
                continue;
            double x = bar_dataset_get(c->ds, r, col);
            if (isnan(x))
                continue;
            valid++;
            ticked += x == 1.0;
        }
        json_t *item = json_pack("{s:s, s:o, s:I}", "variable",
                                 bar_var_name(v), "label", var_label(v), "n",
                                 (json_int_t)valid);
        if (!item || json_array_append_new(items, item) ||
            put_share(c, item, ticked, valid, hide) != BAR_OK ||
            add_benchmarks(c, bench, bar_var_name(v), "1") != BAR_OK)
            return no_memory(c, f->id);
    }
    return BAR_OK;
}

bar_status bar_analysis_run(const bar_dataset *ds, const size_t *frame_counts,
                            const bar_benchmarks *benchmarks,
                            const bar_analysis_opts *opts, json_t **out,
                            bar_error *err)
{
    bar_status rc = BAR_OK;
    json_t *doc = NULL;
    *out = NULL;
    const bar_instrument *ins = bar_dataset_instrument(ds);
    bar_analysis_opts o = opts ? *opts : (bar_analysis_opts){0};
    if (o.min_group == 0)
        o.min_group = BAR_ANALYSIS_MIN_GROUP;
    if (o.level == 0.0)
        o.level = 0.95;
    if (o.wave == 0)
        o.wave = bar_instrument_wave(ins);
    if (o.min_group < 1 || o.min_group > 1000000 ||
        !(o.level > 0.0 && o.level < 1.0)) {
        rc = bar_error_set(err, BAR_EUSAGE, "analysis: minimum group size "
                           "%ld or confidence level %g out of range",
                           o.min_group, o.level);
        goto cleanup;
    }
    ctx c = {
        .ds = ds,
        .ins = ins,
        .frame_counts = frame_counts,
        .benchmarks = benchmarks,
        .min_group = (size_t)o.min_group,
        .level = o.level,
        .innovated_col = bar_dataset_col(ds, "innovated"),
        .err = err,
    };
    json_t *figs = json_array();
    doc = json_pack(
        "{s:i, s:s, s:i, s:s, s:I, s:f, s:o, s:I, s:o}", "schema",
        BAR_ANALYSIS_SCHEMA, "instrument", bar_instrument_id(ins), "wave",
        o.wave, "generated_by", "barometer " BAR_VERSION, "min_group",
        (json_int_t)o.min_group, "level", o.level, "title",
        label_json(bar_instrument_title(ins, BAR_LANG_NL),
                   bar_instrument_title(ins, BAR_LANG_EN)),
        "cases", (json_int_t)bar_dataset_nrows(ds), "figures", figs);
    if (!doc) {
        rc = bar_error_set(err, BAR_ENOMEM, "analysis: out of memory");
        goto cleanup;
    }
    for (size_t i = 0; i < sizeof figures / sizeof figures[0]; i++) {
        const figure_spec *f = &figures[i];
        json_t *fig = figure_head(f);
        if (!fig || json_array_append_new(figs, fig)) {
            rc = no_memory(&c, f->id);
            goto cleanup;
        }
        switch (f->kind) {
        case KIND_RESPONSE_BY_GROUP:
            rc = response_by_group(&c, f, fig);
            break;
        case KIND_FREQUENCY:
            rc = frequency(&c, f, fig);
            break;
        case KIND_MULTI_RESPONSE:
            rc = multi_response(&c, f, fig);
            break;
        }
        if (rc != BAR_OK)
            goto cleanup;
    }
    *out = doc;
    doc = NULL;
cleanup:
    json_decref(doc);
    return rc;
}
