/* spec.c - report specifications (see spec.h and docs/report-spec.md).
 *
 * The JSON is read with jansson; the entries are copied into plain structs
 * whose strings live in the spec (one strdup each), so the JSON tree is
 * released before bar_spec_parse returns. Validation keeps going after a
 * fault so that err lists every one.
 */
#include "analysis/spec.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "core/buf.h"

static const char format_name[] = "barometer-report-spec";

static const char *const kind_names[] = {
    [BAR_SPEC_RESPONSE_BY_GROUP] = "response_by_group",
    [BAR_SPEC_FREQUENCY] = "frequency",
    [BAR_SPEC_MULTI_RESPONSE] = "multi_response",
    [BAR_SPEC_LIKERT] = "likert",
    [BAR_SPEC_CROSSTAB] = "crosstab",
    [BAR_SPEC_BOXPLOT] = "boxplot",
    [BAR_SPEC_SCALE] = "scale",
    [BAR_SPEC_MODEL] = "model",
    [BAR_SPEC_FREQUENCIES] = "frequencies",
    [BAR_SPEC_TEXT] = "text",
};

/* Keys each kind accepts besides the common ones. */
static const char *const kind_keys[BAR_SPEC_KIND_COUNT][10] = {
    [BAR_SPEC_RESPONSE_BY_GROUP] = {"variable", "frame", "other_label"},
    [BAR_SPEC_FREQUENCY] = {"variable", "merge", "benchmarks", "sort"},
    [BAR_SPEC_MULTI_RESPONSE] = {"question", "benchmarks", "sort", "last"},
    [BAR_SPEC_LIKERT] = {"question", "positive", "sort"},
    [BAR_SPEC_CROSSTAB] = {"variable", "question", "by", "positive",
                           "other_label", "trend", "sort"},
    [BAR_SPEC_BOXPLOT] = {"variable", "by", "other_label"},
    [BAR_SPEC_SCALE] = {"question", "variable", "groups", "min_loading",
                        "clusters", "bins"},
    [BAR_SPEC_MODEL] = {"outcomes", "predictors", "p_remove"},
    [BAR_SPEC_FREQUENCIES] = {"variables", "other_label"},
    [BAR_SPEC_TEXT] = {"breakdowns", "other_label"},
};
static const char *const common_keys[] = {
    "id", "kind", "caption", "number", "title", "base", "note", "chapter",
    "caption_note"};

struct bar_spec {
    char *id;
    long min_group, min_cell; /* "disclosure"; 0 = not given */
    size_t count;
    bar_spec_entry *entries;
    /* every string handed out, freed with the spec */
    char **strings;
    size_t nstrings, astrings;
};

const char *bar_spec_kind_name(bar_spec_kind kind)
{
    return kind < BAR_SPEC_KIND_COUNT ? kind_names[kind] : "?";
}

/* Parsing state. */
typedef struct parser {
    bar_spec *spec;
    const bar_instrument *ins;
    const char *name; /* file name for messages */
    bar_error *err;
    bar_status rc;    /* first failure */
    const char *entry; /* id of the entry being read, for messages */
} parser;

static void fault(parser *p, bar_status code, const char *key,
                  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void fault(parser *p, bar_status code, const char *key,
                  const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (p->entry)
        bar_error_at(p->err, code, p->name, 0, 0, NULL,
                     "entry '%s', key '%s': %s", p->entry, key, msg);
    else
        bar_error_at(p->err, code, p->name, 0, 0, NULL, "key '%s': %s", key,
                     msg);
    if (p->rc == BAR_OK)
        p->rc = code;
}

/* A copy of s kept by the spec; NULL (with p->rc set) when out of memory. */
static const char *keep(parser *p, const char *s)
{
    bar_spec *sp = p->spec;
    if (sp->nstrings == sp->astrings) {
        size_t n = sp->astrings ? 2 * sp->astrings : 64;
        char **a = realloc(sp->strings, n * sizeof *a);
        if (!a)
            goto nomem;
        sp->strings = a;
        sp->astrings = n;
    }
    char *c = strdup(s);
    if (!c)
        goto nomem;
    sp->strings[sp->nstrings++] = c;
    return c;
nomem:
    fault(p, BAR_ENOMEM, "-", "out of memory");
    return NULL;
}

static const bar_variable *var_named(parser *p, const char *key,
                                     const char *name)
{
    long i = bar_instrument_find(p->ins, name);
    if (i < 0) {
        fault(p, BAR_EINVALID, key, "the instrument has no variable '%s'",
              name);
        return NULL;
    }
    return bar_instrument_var(p->ins, (size_t)i);
}

static const bar_question *question_named(const bar_instrument *ins,
                                          const char *id)
{
    for (size_t i = 0; i < bar_instrument_nquestions(ins); i++) {
        const bar_question *q = bar_instrument_question(ins, i);
        if (strcmp(bar_question_id(q), id) == 0)
            return q;
    }
    return NULL;
}

bool bar_spec_id_valid(const char *id)
{
    if (!id || !*id)
        return false;
    size_t n = 0;
    for (const char *s = id; *s; s++, n++) {
        bool alnum = (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
                     (*s >= '0' && *s <= '9');
        if (!alnum && (s == id || (*s != '-' && *s != '_')))
            return false;
    }
    return n <= BAR_SPEC_ID_MAX;
}

/* A string member (NULL when absent and not required). */
static const char *get_string(parser *p, json_t *o, const char *key,
                              bool required)
{
    json_t *v = json_object_get(o, key);
    if (!v) {
        if (required)
            fault(p, BAR_EINVALID, key, "is required");
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        fault(p, BAR_EINVALID, key, "must be a non-empty string");
        return NULL;
    }
    return keep(p, json_string_value(v));
}

/* A required id member, checked by bar_spec_id_valid (NULL on a fault). */
static const char *get_id(parser *p, json_t *o)
{
    const char *id = get_string(p, o, "id", true);
    if (id && !bar_spec_id_valid(id)) {
        fault(p, BAR_EINVALID, "id", "'%.*s%s' is not a valid id (1 to %d "
              "letters, digits, '-' or '_', beginning with a letter or "
              "digit: ids name files of the report)", BAR_SPEC_ID_MAX, id,
              strlen(id) > BAR_SPEC_ID_MAX ? "..." : "", BAR_SPEC_ID_MAX);
        return NULL;
    }
    return id;
}

static bool get_bool(parser *p, json_t *o, const char *key, bool dflt)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return dflt;
    if (!json_is_boolean(v)) {
        fault(p, BAR_EINVALID, key, "must be true or false");
        return dflt;
    }
    return json_is_true(v);
}

static double get_number(parser *p, json_t *o, const char *key, double dflt,
                         double min, double max)
{
    json_t *v = json_object_get(o, key);
    if (!v)
        return dflt;
    double x = json_number_value(v);
    if (!json_is_number(v) || x < min || x > max) {
        fault(p, BAR_EINVALID, key, "must be a number from %g to %g", min,
              max);
        return dflt;
    }
    return x;
}

/* A label object {"nl": ..., "en": ...}; both required. */
static void get_label(parser *p, json_t *o, const char *key, bool required,
                      const char **nl, const char **en)
{
    json_t *v = json_object_get(o, key);
    *nl = *en = NULL;
    if (!v) {
        if (required)
            fault(p, BAR_EINVALID, key, "is required");
        return;
    }
    json_t *vnl = json_object_get(v, "nl"), *ven = json_object_get(v, "en");
    if (!json_is_object(v) || !json_is_string(vnl) || !json_is_string(ven)) {
        fault(p, BAR_EINVALID, key, "must be an object with strings 'nl' "
                                    "and 'en'");
        return;
    }
    *nl = keep(p, json_string_value(vnl));
    *en = keep(p, json_string_value(ven));
}

/* An array of non-empty strings (at most BAR_SPEC_MAX_LIST); *n gets the
 * count. The array itself is kept in the strings list as one block. */
static const char **get_list(parser *p, json_t *o, const char *key,
                             bool required, size_t *n)
{
    json_t *v = json_object_get(o, key);
    *n = 0;
    if (!v) {
        if (required)
            fault(p, BAR_EINVALID, key, "is required");
        return NULL;
    }
    if (!json_is_array(v) || json_array_size(v) == 0 ||
        json_array_size(v) > BAR_SPEC_MAX_LIST) {
        fault(p, BAR_EINVALID, key, "must be an array of 1 to %d strings",
              BAR_SPEC_MAX_LIST);
        return NULL;
    }
    size_t len = json_array_size(v);
    /* the pointer array is stored as a "string" so the spec frees it */
    char *block = calloc(len + 1, sizeof(char *));
    if (!block) {
        fault(p, BAR_ENOMEM, key, "out of memory");
        return NULL;
    }
    bar_spec *sp = p->spec;
    if (keep(p, "") == NULL) { /* make room, then swap the block in */
        free(block);
        return NULL;
    }
    free(sp->strings[sp->nstrings - 1]);
    sp->strings[sp->nstrings - 1] = block;
    const char **list = (const char **)(void *)block;
    for (size_t i = 0; i < len; i++) {
        json_t *s = json_array_get(v, i);
        if (!json_is_string(s) || json_string_length(s) == 0) {
            fault(p, BAR_EINVALID, key, "element %zu is not a non-empty "
                                        "string", i + 1);
            return NULL;
        }
        if (!(list[i] = keep(p, json_string_value(s))))
            return NULL;
    }
    *n = len;
    return list;
}

static bool coded_type(bar_var_type t)
{
    return t == BAR_VAR_SINGLE || t == BAR_VAR_BINARY;
}

static bool numeric_type(bar_var_type t)
{
    return t == BAR_VAR_SINGLE || t == BAR_VAR_BINARY ||
           t == BAR_VAR_NUMBER || t == BAR_VAR_INTEGER;
}

static bool group_type(bar_var_type t)
{
    return t == BAR_VAR_SINGLE || t == BAR_VAR_CATEGORY ||
           t == BAR_VAR_BINARY;
}

/* "variable" of the entry, checked to be one of the accepted types. */
static void get_var(parser *p, json_t *o, const char *key, bool required,
                    bool (*accept)(bar_var_type), const char *what,
                    const char **out)
{
    *out = get_string(p, o, key, required);
    if (!*out)
        return;
    const bar_variable *v = var_named(p, key, *out);
    if (v && !accept(bar_var_type_of(v)))
        fault(p, BAR_EINVALID, key, "variable '%s' is not %s", *out, what);
}

static void get_question(parser *p, json_t *o, bool required,
                         bar_question_type type1, bar_question_type type2,
                         const char **out)
{
    *out = get_string(p, o, "question", required);
    if (!*out)
        return;
    const bar_question *q = question_named(p->ins, *out);
    if (!q)
        fault(p, BAR_EINVALID, "question", "the instrument has no question "
                                           "'%s'", *out);
    else if (bar_question_type_of(q) != type1 &&
             bar_question_type_of(q) != type2)
        fault(p, BAR_EINVALID, "question", "question '%s' has the wrong "
                                           "type for this kind", *out);
}

static void get_positive(parser *p, json_t *o, bar_spec_entry *e)
{
    json_t *v = json_object_get(o, "positive");
    if (!v) {
        e->positive[0] = 4;
        e->positive[1] = 5;
        e->npositive = 2;
        return;
    }
    size_t max = sizeof e->positive / sizeof e->positive[0];
    if (!json_is_array(v) || json_array_size(v) == 0 ||
        json_array_size(v) > max) {
        fault(p, BAR_EINVALID, "positive", "must be an array of 1 to %zu "
                                           "codes", max);
        return;
    }
    for (size_t i = 0; i < json_array_size(v); i++) {
        json_t *c = json_array_get(v, i);
        if (!json_is_integer(c)) {
            fault(p, BAR_EINVALID, "positive", "element %zu is not an "
                                               "integer code", i + 1);
            return;
        }
        e->positive[e->npositive++] = (long)json_integer_value(c);
    }
}

/* "1+2": codes of v joined by '+', each a code of v. */
static bool valid_merge(const bar_variable *v, const char *s)
{
    char buf[128];
    if (strlen(s) >= sizeof buf)
        return false;
    memcpy(buf, s, strlen(s) + 1);
    size_t parts = 0;
    for (char *save = NULL, *t = strtok_r(buf, "+", &save); t;
         t = strtok_r(NULL, "+", &save)) {
        char *end;
        errno = 0;
        long code = strtol(t, &end, 10);
        if (errno || *end || end == t || bar_var_code_pos(v, code) < 0)
            return false;
        parts++;
    }
    return parts >= 2;
}

/* "origin==2" or "type_product". */
static void get_predictors(parser *p, json_t *o, bar_spec_entry *e)
{
    size_t n;
    const char **names = get_list(p, o, "predictors", true, &n);
    if (!names)
        return;
    e->predictors = calloc(n, sizeof *e->predictors);
    if (!e->predictors) {
        fault(p, BAR_ENOMEM, "predictors", "out of memory");
        return;
    }
    e->npredictors = n;
    for (size_t i = 0; i < n; i++) {
        bar_spec_predictor *pr = &e->predictors[i];
        pr->name = names[i];
        pr->code = -1;
        const char *eq = strstr(names[i], "==");
        char var[128];
        size_t len = eq ? (size_t)(eq - names[i]) : strlen(names[i]);
        if (len == 0 || len >= sizeof var) {
            fault(p, BAR_EINVALID, "predictors",
                  "'%s' is not a variable or variable==code", names[i]);
            continue;
        }
        memcpy(var, names[i], len);
        var[len] = '\0';
        if (!(pr->variable = keep(p, var)))
            return;
        const bar_variable *v = var_named(p, "predictors", var);
        if (!v)
            continue;
        if (!numeric_type(bar_var_type_of(v))) {
            fault(p, BAR_EINVALID, "predictors", "variable '%s' is not "
                                                 "numeric", var);
            continue;
        }
        if (eq) {
            char *end;
            errno = 0;
            long code = strtol(eq + 2, &end, 10);
            if (errno || *end || end == eq + 2 ||
                bar_var_code_pos(v, code) < 0) {
                fault(p, BAR_EINVALID, "predictors", "'%s': '%s' is not a "
                                                     "code of '%s'",
                      names[i], eq + 2, var);
                continue;
            }
            pr->code = code;
        }
    }
}

static bool is_binary(bar_var_type t) { return t == BAR_VAR_BINARY; }
static bool is_number(bar_var_type t)
{
    return t == BAR_VAR_NUMBER;
}
static bool is_single(bar_var_type t) { return t == BAR_VAR_SINGLE; }

/* Read one entry into e. */
static void read_entry(parser *p, json_t *o, size_t index, bar_spec_entry *e)
{
    char where[32];
    snprintf(where, sizeof where, "#%zu", index + 1);
    p->entry = where;
    if (!json_is_object(o)) {
        fault(p, BAR_EINVALID, "-", "an entry must be an object");
        return;
    }
    e->id = get_id(p, o);
    if (e->id)
        p->entry = e->id;
    const char *kind = get_string(p, o, "kind", true);
    if (!kind)
        return;
    size_t k = 0;
    while (k < BAR_SPEC_KIND_COUNT && strcmp(kind, kind_names[k]) != 0)
        k++;
    if (k == BAR_SPEC_KIND_COUNT) {
        fault(p, BAR_EINVALID, "kind", "'%s' is not a kind (response_by_"
                                       "group, frequency, multi_response, "
                                       "likert, crosstab, boxplot, scale, "
                                       "model, frequencies, text)", kind);
        return;
    }
    e->kind = (bar_spec_kind)k;
    const char *key;
    json_t *val;
    json_object_foreach(o, key, val) {
        bool known = false;
        for (size_t i = 0; i < sizeof common_keys / sizeof *common_keys; i++)
            known |= strcmp(key, common_keys[i]) == 0;
        for (size_t i = 0; i < 10 && kind_keys[k][i]; i++)
            known |= strcmp(key, kind_keys[k][i]) == 0;
        if (!known)
            fault(p, BAR_EINVALID, key, "is not a key of kind '%s'", kind);
    }
    e->chapter = get_string(p, o, "chapter", false);
    if (k == BAR_SPEC_FREQUENCY || k == BAR_SPEC_MULTI_RESPONSE) {
        /* the chart's order (the report's; results keep the codes') */
        const char *sort = get_string(p, o, "sort", false);
        if (sort && strcmp(sort, "value") && strcmp(sort, "questionnaire"))
            fault(p, BAR_EINVALID, "sort", "must be 'value' or "
                                           "'questionnaire'");
        e->sort_value = sort && strcmp(sort, "value") == 0;
    }
    e->caption = get_string(p, o, "caption", false);
    if (!e->caption)
        e->caption = "figure";
    else if (strcmp(e->caption, "table") && strcmp(e->caption, "figure") &&
             strcmp(e->caption, "box") && strcmp(e->caption, "section"))
        fault(p, BAR_EINVALID, "caption", "must be table, figure, box or "
                                          "section");
    e->number = (int)get_number(p, o, "number", 0, 0, 1000);
    get_label(p, o, "title", true, &e->title_nl, &e->title_en);
    get_label(p, o, "caption_note", false, &e->caption_note_nl,
              &e->caption_note_en);
    const char *base = get_string(p, o, "base", false);
    e->base = BAR_BASE_ALL;
    if (base && strcmp(base, "innovators") == 0)
        e->base = BAR_BASE_INNOVATORS;
    else if (base && strcmp(base, "all") != 0)
        fault(p, BAR_EINVALID, "base", "must be 'all' or 'innovators'");
    e->benchmarks = get_bool(p, o, "benchmarks", true);
    get_label(p, o, "other_label", false, &e->other_nl, &e->other_en);
    if (!e->other_nl) {
        e->other_nl = "Overig";
        e->other_en = "Other";
    }

    switch (e->kind) {
    case BAR_SPEC_RESPONSE_BY_GROUP:
        get_var(p, o, "variable", true, group_type, "a group variable",
                &e->variable);
        e->frame = get_bool(p, o, "frame", false);
        break;
    case BAR_SPEC_FREQUENCY: {
        get_var(p, o, "variable", true, coded_type, "a coded variable",
                &e->variable);
        e->merge = get_list(p, o, "merge", false, &e->nmerge);
        long vi = e->variable ? bar_instrument_find(p->ins, e->variable)
                              : -1;
        for (size_t i = 0; vi >= 0 && i < e->nmerge; i++)
            if (!valid_merge(bar_instrument_var(p->ins, (size_t)vi),
                             e->merge[i]))
                fault(p, BAR_EINVALID, "merge", "'%s' is not two or more "
                                                "codes of '%s' joined by '+'",
                      e->merge[i], e->variable);
        break;
    }
    case BAR_SPEC_MULTI_RESPONSE:
        get_question(p, o, true, BAR_Q_MULTI, BAR_Q_MULTI, &e->question);
        /* options kept at the end of a chart sorted by value ("other",
         * "none") */
        e->last = get_list(p, o, "last", false, &e->nlast);
        for (size_t i = 0; i < e->nlast; i++)
            if (bar_instrument_find(p->ins, e->last[i]) < 0)
                fault(p, BAR_EINVALID, "last", "'%s' is not a variable",
                      e->last[i]);
        break;
    case BAR_SPEC_LIKERT: {
        get_question(p, o, true, BAR_Q_GRID, BAR_Q_GRID, &e->question);
        get_positive(p, o, e);
        const char *sort = get_string(p, o, "sort", false);
        if (sort && strcmp(sort, "positive") && strcmp(sort, "questionnaire"))
            fault(p, BAR_EINVALID, "sort", "must be 'positive' or "
                                           "'questionnaire'");
        e->sort_positive = sort && strcmp(sort, "positive") == 0;
        break;
    }
    case BAR_SPEC_CROSSTAB:
        if (json_object_get(o, "variable") && json_object_get(o, "question"))
            fault(p, BAR_EINVALID, "variable", "give 'variable' or "
                                               "'question', not both");
        else if (json_object_get(o, "variable"))
            get_var(p, o, "variable", true, coded_type, "a coded variable",
                    &e->variable);
        else
            get_question(p, o, true, BAR_Q_MULTI, BAR_Q_GRID, &e->question);
        get_var(p, o, "by", true, group_type, "a group variable", &e->by);
        get_positive(p, o, e);
        {
            /* the chart's order of a question's items (the report's) */
            const char *sort = get_string(p, o, "sort", false);
            if (sort && strcmp(sort, "gap") && strcmp(sort, "questionnaire"))
                fault(p, BAR_EINVALID, "sort", "must be 'gap' or "
                                               "'questionnaire'");
            e->sort_gap = sort && strcmp(sort, "gap") == 0;
        }
        e->trend = get_bool(p, o, "trend", false);
        if (e->trend && e->by) {
            long bi = bar_instrument_find(p->ins, e->by);
            if (bi >= 0 && bar_var_type_of(bar_instrument_var(
                               p->ins, (size_t)bi)) == BAR_VAR_CATEGORY)
                fault(p, BAR_EINVALID, "trend", "needs ordered numeric "
                                                "groups; '%s' has names as "
                                                "codes", e->by);
        }
        if (e->trend && e->variable) {
            long vi = bar_instrument_find(p->ins, e->variable);
            if (vi >= 0 && bar_var_type_of(bar_instrument_var(
                               p->ins, (size_t)vi)) != BAR_VAR_BINARY)
                fault(p, BAR_EINVALID, "trend", "needs a 0/1 variable or a "
                                                "question; '%s' is not 0/1",
                      e->variable);
        }
        break;
    case BAR_SPEC_BOXPLOT:
        get_var(p, o, "variable", true, numeric_type, "numeric",
                &e->variable);
        get_var(p, o, "by", true, group_type, "a group variable", &e->by);
        break;
    case BAR_SPEC_SCALE:
        get_question(p, o, true, BAR_Q_GRID, BAR_Q_GRID, &e->question);
        get_var(p, o, "variable", true, is_number, "a number (the score)",
                &e->variable);
        get_var(p, o, "groups", true, is_single, "a single-choice variable "
                                                 "(the groups)", &e->groups);
        e->min_loading = get_number(p, o, "min_loading", 0.40, 0.0, 1.0);
        e->nclusters = (size_t)get_number(p, o, "clusters", 3, 2, 10);
        e->bins = (size_t)get_number(p, o, "bins", 16, 2, 100);
        if (e->groups) {
            long gi = bar_instrument_find(p->ins, e->groups);
            if (gi >= 0 && bar_var_ncodes(bar_instrument_var(
                               p->ins, (size_t)gi)) != e->nclusters)
                fault(p, BAR_EINVALID, "clusters", "'%s' has %zu codes, not "
                                                   "%zu", e->groups,
                      bar_var_ncodes(bar_instrument_var(p->ins, (size_t)gi)),
                      e->nclusters);
        }
        break;
    case BAR_SPEC_MODEL:
        e->outcomes = get_list(p, o, "outcomes", true, &e->noutcomes);
        for (size_t i = 0; i < e->noutcomes; i++) {
            const bar_variable *v = var_named(p, "outcomes", e->outcomes[i]);
            if (v && !is_binary(bar_var_type_of(v)) &&
                !(bar_var_type_of(v) == BAR_VAR_SINGLE &&
                  bar_var_code_pos(v, 0) >= 0 && bar_var_code_pos(v, 1) >= 0 &&
                  bar_var_ncodes(v) == 2))
                fault(p, BAR_EINVALID, "outcomes", "'%s' is not a 0/1 "
                                                   "variable", e->outcomes[i]);
        }
        get_predictors(p, o, e);
        e->p_remove = get_number(p, o, "p_remove", 0.10, 0.0, 1.0);
        break;
    case BAR_SPEC_FREQUENCIES: {
        if (e->base != BAR_BASE_ALL)
            fault(p, BAR_EINVALID, "base", "must be 'all': each variable "
                                           "is tabulated within its own "
                                           "base");
        json_t *vs = json_object_get(o, "variables");
        if (json_is_string(vs) && strcmp(json_string_value(vs), "all") == 0) {
            e->all_variables = true;
            break;
        }
        if (json_is_string(vs)) {
            fault(p, BAR_EINVALID, "variables", "must be \"all\" or an "
                                                "array of variable names");
            break;
        }
        e->variables = get_list(p, o, "variables", true, &e->nvariables);
        for (size_t i = 0; i < e->nvariables; i++) {
            const bar_variable *v = var_named(p, "variables",
                                              e->variables[i]);
            if (v && bar_var_type_of(v) == BAR_VAR_ID)
                fault(p, BAR_EINVALID, "variables", "'%s' is an id, never "
                                                    "published",
                      e->variables[i]);
        }
        break;
    }
    case BAR_SPEC_TEXT:
        e->breakdowns = get_list(p, o, "breakdowns", false,
                                 &e->nbreakdowns);
        if (e->nbreakdowns > 4)
            fault(p, BAR_EINVALID, "breakdowns", "at most 4 group "
                                                 "variables");
        for (size_t i = 0; i < e->nbreakdowns; i++) {
            const bar_variable *v = var_named(p, "breakdowns",
                                              e->breakdowns[i]);
            if (v && !group_type(bar_var_type_of(v)))
                fault(p, BAR_EINVALID, "breakdowns", "variable '%s' is not "
                                                     "a group variable",
                      e->breakdowns[i]);
        }
        break;
    case BAR_SPEC_KIND_COUNT:
        break;
    }
}

/* Fault entry i when an earlier entry has the same caption kind and
 * number ("Figuur 20" twice); number 0 (none) may repeat. */
static void number_used_twice(parser *p, size_t i)
{
    const bar_spec_entry *e = &p->spec->entries[i];
    if (e->number == 0 || !e->caption)
        return;
    for (size_t j = 0; j < i; j++) {
        const bar_spec_entry *o = &p->spec->entries[j];
        if (o->number == e->number && o->caption &&
            strcmp(o->caption, e->caption) == 0) {
            fault(p, BAR_EINVALID, "number", "%s %d is also entry '%s'",
                  e->caption, e->number, o->id ? o->id : "?");
            return;
        }
    }
}

bar_status bar_spec_parse(const char *text, size_t len, const char *name,
                          const bar_instrument *ins, bar_spec **out,
                          bar_error *err)
{
    parser p = {.ins = ins, .name = name, .err = err};
    json_t *root = NULL;
    *out = NULL;
    if (len > BAR_SPEC_MAX_BYTES) {
        p.rc = bar_error_at(err, BAR_ELIMIT, name, 0, 0, NULL,
                            "report specification larger than %d bytes",
                            BAR_SPEC_MAX_BYTES);
        goto cleanup;
    }
    json_error_t jerr;
    root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        p.rc = bar_error_at(err, BAR_EPARSE, name, jerr.line, jerr.column,
                            NULL, "%s", jerr.text);
        goto cleanup;
    }
    p.spec = calloc(1, sizeof *p.spec);
    if (!p.spec) {
        p.rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", name);
        goto cleanup;
    }
    json_t *fmt = json_object_get(root, "format");
    if (!json_is_object(root) || !json_is_string(fmt) ||
        strcmp(json_string_value(fmt), format_name) != 0) {
        fault(&p, BAR_EINVALID, "format", "must be \"%s\" (is this a report "
                                          "specification?)", format_name);
        goto cleanup;
    }
    const char *id = get_id(&p, root);
    p.spec->id = id ? strdup(id) : NULL;
    const char *instrument = get_string(&p, root, "instrument", false);
    if (instrument && strcmp(instrument, bar_instrument_id(ins)) != 0)
        fault(&p, BAR_EINVALID, "instrument", "the spec is for '%s', the "
                                              "data for '%s'", instrument,
              bar_instrument_id(ins));
    json_t *dc = json_object_get(root, "disclosure");
    if (dc && !json_is_object(dc))
        fault(&p, BAR_EINVALID, "disclosure", "must be an object with "
                                              "min_group and min_cell");
    const char *dkeys[] = {"min_group", "min_cell"};
    long *dvals[] = {&p.spec->min_group, &p.spec->min_cell};
    for (size_t i = 0; json_is_object(dc) && i < 2; i++) {
        json_t *v = json_object_get(dc, dkeys[i]);
        if (!v)
            continue;
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > 1000000)
            fault(&p, BAR_EINVALID, "disclosure",
                  "%s must be a whole number from 1 to 1000000", dkeys[i]);
        else
            *dvals[i] = (long)json_integer_value(v);
    }
    if (json_object_size(dc) > (size_t)(json_object_get(dc, "min_group") !=
                                        NULL) +
                                   (json_object_get(dc, "min_cell") != NULL))
        fault(&p, BAR_EINVALID, "disclosure", "unknown key (min_group and "
                                              "min_cell are allowed)");
    json_t *figs = json_object_get(root, "figures");
    if (!json_is_array(figs) || json_array_size(figs) == 0 ||
        json_array_size(figs) > BAR_SPEC_MAX_ENTRIES) {
        fault(&p, BAR_EINVALID, "figures", "must be an array of 1 to %d "
                                           "entries", BAR_SPEC_MAX_ENTRIES);
        goto cleanup;
    }
    size_t n = json_array_size(figs);
    p.spec->entries = calloc(n, sizeof *p.spec->entries);
    if (!p.spec->entries) {
        fault(&p, BAR_ENOMEM, "figures", "out of memory");
        goto cleanup;
    }
    p.spec->count = n;
    for (size_t i = 0; i < n; i++) {
        read_entry(&p, json_array_get(figs, i), i, &p.spec->entries[i]);
        for (size_t j = 0; j < i && p.spec->entries[i].id; j++)
            if (p.spec->entries[j].id &&
                strcasecmp(p.spec->entries[j].id, p.spec->entries[i].id) ==
                    0)
                fault(&p, BAR_EINVALID, "id", "the id is used twice (ids "
                      "must differ in more than case: entry '%s')",
                      p.spec->entries[j].id);
        number_used_twice(&p, i);
        p.entry = NULL;
    }
cleanup:
    json_decref(root);
    if (p.rc != BAR_OK) {
        bar_spec_free(p.spec);
        return p.rc;
    }
    *out = p.spec;
    return BAR_OK;
}

bar_status bar_spec_load(const char *path, const bar_instrument *ins,
                         bar_spec **out, bar_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    bar_status rc = bar_file_read(path, BAR_SPEC_MAX_BYTES, &text, &len, err);
    if (rc == BAR_OK)
        rc = bar_spec_parse(text, len, path, ins, out, err);
    free(text);
    return rc;
}

void bar_spec_free(bar_spec *spec)
{
    if (!spec)
        return;
    for (size_t i = 0; i < spec->count; i++)
        free(spec->entries[i].predictors);
    free(spec->entries);
    for (size_t i = 0; i < spec->nstrings; i++)
        free(spec->strings[i]);
    free(spec->strings);
    free(spec->id);
    free(spec);
}

const char *bar_spec_id(const bar_spec *spec) { return spec->id; }
long bar_spec_min_group(const bar_spec *spec) { return spec->min_group; }
long bar_spec_min_cell(const bar_spec *spec) { return spec->min_cell; }
size_t bar_spec_count(const bar_spec *spec) { return spec->count; }
const bar_spec_entry *bar_spec_get(const bar_spec *spec, size_t i)
{
    return i < spec->count ? &spec->entries[i] : NULL;
}
