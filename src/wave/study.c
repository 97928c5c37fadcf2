/* study.c - the study file (see study.h; format in docs/study-format.md).
 *
 * The JSON tree is kept for the life of the study: every string handed out
 * points into it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/buf.h"
#include "analysis/spec.h"
#include "wave/study.h"

enum { MAX_CHAPTERS = 32, MAX_COUNTRIES = 64, MAX_AUTHORED = 64 };

struct bar_study {
    char *source;
    json_t *doc;
    const char *id;
    int year;
    bar_study_text title, total;
    const char *files[4];
    bar_study_chapter chapters[MAX_CHAPTERS];
    size_t nchapters, findings_before;
    bar_study_country countries[MAX_COUNTRIES];
    size_t ncountries;
    const char *main_country, *home_country;
    bar_study_text mail[2]; /* bar_study_mail: template file per language */
    const json_t *short_labels;   /* name -> {"nl", "en"}; NULL: none */
    bar_study_text publisher;
    bar_study_authored authored[MAX_AUTHORED];
    size_t nauthored;
    /* the text specification ("text"); has_text false without one */
    bool has_text;
    bar_textmine_spec text;
    const char *text_columns[BAR_TEXTMINE_MAX_COLUMNS];
    const char *text_stop[BAR_TEXTMINE_MAX_STOP];
};

/* The parse of one document: where faults go. */
typedef struct parser {
    const char *name;
    bar_error *err;
    bool bad;
} parser;

static void fault(parser *p, const char *key, const char *what)
{
    p->bad = true;
    bar_error_at(p->err, BAR_EINVALID, p->name, 0, 0, NULL, "\"%s\" %s", key,
                 what);
}

/* A non-empty string member; NULL (a fault when required) otherwise. */
static const char *string_of(parser *p, const json_t *o, const char *key,
                             const char *where, bool required)
{
    const json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v)) {
        if (required)
            fault(p, where, "is required");
        return NULL;
    }
    if (!json_is_string(v) || json_string_length(v) == 0) {
        fault(p, where, "must be a non-empty string");
        return NULL;
    }
    return json_string_value(v);
}

/* A text {"nl": ..., "en": ...}; both required when required. */
static bar_study_text text_of(parser *p, const json_t *o, const char *key,
                              const char *where, bool required)
{
    bar_study_text t = {0};
    const json_t *v = json_object_get(o, key);
    if (!v) {
        if (required)
            fault(p, where, "is required");
        return t;
    }
    if (!json_is_object(v)) {
        fault(p, where, "must be an object {\"nl\": ..., \"en\": ...}");
        return t;
    }
    t.nl = string_of(p, v, "nl", where, true);
    t.en = string_of(p, v, "en", where, true);
    return t;
}

static void read_chapters(parser *p, bar_study *s)
{
    const json_t *a = json_object_get(s->doc, "chapters");
    if (!json_is_array(a) || json_array_size(a) == 0 ||
        json_array_size(a) > MAX_CHAPTERS) {
        fault(p, "chapters", "must be an array of 1 to 32 chapters");
        return;
    }
    size_t i;
    const json_t *c;
    json_array_foreach(a, i, c) {
        char where[64];
        snprintf(where, sizeof where, "chapters[%zu]", i);
        if (!json_is_object(c)) {
            fault(p, where, "must be an object");
            continue;
        }
        bar_study_chapter *ch = &s->chapters[s->nchapters++];
        ch->id = string_of(p, c, "id", where, true);
        const json_t *num = json_object_get(c, "numbered");
        const json_t *always = json_object_get(c, "always");
        const json_t *notes = json_object_get(c, "method_notes");
        if ((num && !json_is_boolean(num)) ||
            (always && !json_is_boolean(always)) ||
            (notes && !json_is_boolean(notes)))
            fault(p, where, "\"numbered\", \"always\" and "
                  "\"method_notes\" must be true or false");
        ch->numbered = json_is_true(num);
        ch->always = json_is_true(always);
        ch->method_notes = json_is_true(notes);
        ch->title = text_of(p, c, "title", where, true);
        ch->intro = text_of(p, c, "intro", where, false);
        for (size_t k = 0; ch->id && k + 1 < s->nchapters; k++)
            if (s->chapters[k].id && strcmp(s->chapters[k].id, ch->id) == 0)
                fault(p, where, "repeats the id of an earlier chapter");
    }
    s->findings_before = s->nchapters;
    const char *fb = string_of(p, s->doc, "findings_before",
                               "findings_before", false);
    if (!fb)
        return;
    for (size_t k = 0; k < s->nchapters; k++)
        if (s->chapters[k].id && strcmp(s->chapters[k].id, fb) == 0)
            s->findings_before = k;
    if (s->findings_before == s->nchapters)
        fault(p, "findings_before", "must be the id of a chapter");
}

/* "short_labels": {"climate": {"nl": ..., "en": ...}, ...} */
static void read_short_labels(parser *p, bar_study *s)
{
    const json_t *o = json_object_get(s->doc, "short_labels");
    if (!o)
        return;
    if (!json_is_object(o)) {
        fault(p, "short_labels", "must be an object of variable names");
        return;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)o, key, v) {
        char where[160];
        snprintf(where, sizeof where, "short_labels.%.128s", key);
        text_of(p, o, key, where, true);
    }
    s->short_labels = o;
}

/* "texts": the researchers' Markdown files and where they go. */
static void read_authored(parser *p, bar_study *s)
{
    const json_t *a = json_object_get(s->doc, "texts");
    if (!a)
        return;
    if (!json_is_array(a) || json_array_size(a) > MAX_AUTHORED) {
        fault(p, "texts", "must be an array of at most 64 texts");
        return;
    }
    size_t i;
    const json_t *t;
    json_array_foreach(a, i, t) {
        char where[64];
        snprintf(where, sizeof where, "texts[%zu]", i);
        if (!json_is_object(t)) {
            fault(p, where, "must be an object");
            continue;
        }
        bar_study_authored *x = &s->authored[s->nauthored++];
        x->id = string_of(p, t, "id", where, true);
        if (x->id && !bar_spec_id_valid(x->id))
            fault(p, where, "\"id\" must be letters, digits, '-' "
                  "and '_', beginning with a letter or digit");
        for (size_t k = 0; x->id && k + 1 < s->nauthored; k++)
            if (s->authored[k].id && strcmp(s->authored[k].id, x->id) == 0)
                fault(p, where, "repeats the id of an earlier text");
        x->file = text_of(p, t, "file", where, true);
        x->title = text_of(p, t, "title", where, false);
        x->authors = string_of(p, t, "authors", where, false);
        const char *before = string_of(p, t, "before", where, false);
        const char *after = string_of(p, t, "after", where, false);
        if (!before == !after) {
            fault(p, where, "needs exactly one of \"before\" and "
                  "\"after\" (\"chapter:ID\" or a figure id)");
            continue;
        }
        x->after = after != NULL;
        const char *target = after ? after : before;
        if (strncmp(target, "chapter:", 8) == 0) {
            x->chapter = target + 8;
            bool known = false;
            for (size_t k = 0; k < s->nchapters; k++)
                known |= s->chapters[k].id &&
                         strcmp(s->chapters[k].id, x->chapter) == 0;
            if (!known)
                fault(p, where, "names a chapter the study does not have");
        } else {
            x->figure = target;
        }
    }
}

static void read_countries(parser *p, bar_study *s)
{
    const json_t *a = json_object_get(s->doc, "countries");
    if (!a)
        return;
    if (!json_is_array(a) || json_array_size(a) > MAX_COUNTRIES) {
        fault(p, "countries", "must be an array of at most 64 countries");
        return;
    }
    size_t i;
    const json_t *c;
    json_array_foreach(a, i, c) {
        char where[64];
        snprintf(where, sizeof where, "countries[%zu]", i);
        if (!json_is_object(c)) {
            fault(p, where, "must be an object");
            continue;
        }
        bar_study_country *co = &s->countries[s->ncountries++];
        co->code = string_of(p, c, "code", where, true);
        co->name = text_of(p, c, "name", where, true);
    }
    s->main_country = string_of(p, s->doc, "main_country", "main_country",
                                false);
    s->home_country = string_of(p, s->doc, "home_country", "home_country",
                                false);
    if (s->home_country &&
        !bar_study_country_name(s, s->home_country, BAR_LANG_NL))
        fault(p, "home_country", "must be the code of one of the countries");
    if (s->main_country &&
        !bar_study_country_name(s, s->main_country, BAR_LANG_NL))
        fault(p, "main_country", "must be the code of one of the countries");
}

/* A list of non-empty strings at o[key] into out (at most max); its
 * length, or 0 after a fault. */
static size_t strings_of(parser *p, const json_t *o, const char *key,
                         const char *where, const char **out, size_t max)
{
    const json_t *a = json_object_get(o, key);
    if (!a)
        return 0;
    if (!json_is_array(a) || json_array_size(a) > max) {
        char what[96];
        snprintf(what, sizeof what, "must be an array of at most %zu "
                 "strings", max);
        fault(p, where, what);
        return 0;
    }
    size_t i;
    const json_t *v;
    json_array_foreach(a, i, v) {
        if (!json_is_string(v) || json_string_length(v) == 0) {
            fault(p, where, "must hold non-empty strings");
            return 0;
        }
        out[i] = json_string_value(v);
    }
    return json_array_size(a);
}

/* "text": {"columns": [...], "stop_words": [...], "min_count": N,
 * "max_groups": N} */
static void read_text(parser *p, bar_study *s)
{
    const json_t *t = json_object_get(s->doc, "text");
    if (!t)
        return;
    if (!json_is_object(t)) {
        fault(p, "text", "must be an object {\"columns\", "
              "\"stop_words\", \"min_count\"}");
        return;
    }
    s->has_text = true;
    s->text.ncolumns = strings_of(p, t, "columns", "text.columns",
                                  s->text_columns, BAR_TEXTMINE_MAX_COLUMNS);
    s->text.columns = s->text_columns;
    if (s->text.ncolumns == 0)
        fault(p, "text.columns", "must name at least one text variable");
    s->text.nstop_words = strings_of(p, t, "stop_words", "text.stop_words",
                                     s->text_stop, BAR_TEXTMINE_MAX_STOP);
    s->text.stop_words = s->text_stop;
    const json_t *mc = json_object_get(t, "min_count");
    if (mc && (!json_is_integer(mc) ||
               json_integer_value(mc) < BAR_CONCEPTS_MIN_COUNT ||
               json_integer_value(mc) > 1000000))
        fault(p, "text.min_count", "must be a whole number 3-1000000 (a "
              "term of fewer than 3 answers is never shown)");
    else if (mc)
        s->text.min_count = (size_t)json_integer_value(mc);
    const json_t *mg = json_object_get(t, "max_groups");
    if (mg && (!json_is_integer(mg) || json_integer_value(mg) < 1 ||
               json_integer_value(mg) > 20))
        fault(p, "text.max_groups", "must be a whole number 1-20");
    else if (mg)
        s->text.max_groups = (size_t)json_integer_value(mg);
}

const bar_textmine_spec *bar_study_text_spec(const bar_study *study)
{
    return study && study->has_text ? &study->text : NULL;
}

bar_status bar_study_parse(const char *text, size_t len, const char *name,
                           bar_study **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = NULL;
    bar_study *s = calloc(1, sizeof *s);
    if (!s || !(s->source = malloc(len + 1))) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", name);
        goto cleanup;
    }
    memcpy(s->source, text, len);
    s->source[len] = '\0';
    json_error_t jerr;
    s->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!s->doc) {
        rc = bar_error_at(err, BAR_EPARSE, name, jerr.line, jerr.column,
                          NULL, "%s", jerr.text);
        goto cleanup;
    }
    parser p = {.name = name, .err = err};
    if (!json_is_object(s->doc)) {
        rc = bar_error_at(err, BAR_EINVALID, name, 0, 0, NULL,
                          "a study must be a JSON object");
        goto cleanup;
    }
    const char *format = string_of(&p, s->doc, "format", "format", true);
    if (format && strcmp(format, "barometer-study") != 0)
        fault(&p, "format", "must be \"barometer-study\"");
    s->id = string_of(&p, s->doc, "id", "id", true);
    const json_t *year = json_object_get(s->doc, "year");
    if (!json_is_integer(year) || json_integer_value(year) < 2000 ||
        json_integer_value(year) > 2100)
        fault(&p, "year", "must be a year 2000-2100");
    else
        s->year = (int)json_integer_value(year);
    s->title = text_of(&p, s->doc, "title", "title", true);
    s->files[BAR_STUDY_INSTRUMENT] =
        string_of(&p, s->doc, "instrument", "instrument", true);
    s->files[BAR_STUDY_REPORT] =
        string_of(&p, s->doc, "report", "report", true);
    const json_t *b = json_object_get(s->doc, "benchmarks");
    if (b && !json_is_object(b)) {
        fault(&p, "benchmarks", "must be an object {\"values\", "
              "\"labels\"}");
    } else if (b) {
        s->files[BAR_STUDY_BENCHMARKS] =
            string_of(&p, b, "values", "benchmarks.values", true);
        s->files[BAR_STUDY_BENCHMARK_LABELS] =
            string_of(&p, b, "labels", "benchmarks.labels", false);
    }
    const json_t *mail = json_object_get(s->doc, "mail");
    if (mail && !json_is_object(mail)) {
        fault(&p, "mail", "must be an object {\"invite\", \"remind\"}");
    } else if (mail) {
        s->mail[BAR_STUDY_MAIL_INVITE] =
            text_of(&p, mail, "invite", "mail.invite", true);
        s->mail[BAR_STUDY_MAIL_REMIND] =
            text_of(&p, mail, "remind", "mail.remind", true);
    }
    read_chapters(&p, s);
    read_countries(&p, s);
    read_short_labels(&p, s);
    read_authored(&p, s);
    s->publisher = text_of(&p, s->doc, "publisher", "publisher", false);
    read_text(&p, s);
    const json_t *labels = json_object_get(s->doc, "labels");
    if (!json_is_object(labels))
        fault(&p, "labels", "must be an object with \"total\"");
    else
        s->total = text_of(&p, labels, "total", "labels.total", true);
    if (p.bad) {
        rc = BAR_EINVALID;
        goto cleanup;
    }
    *out = s;
    s = NULL;
cleanup:
    bar_study_free(s);
    return rc;
}

bar_status bar_study_load(const char *path, bar_study **out, bar_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    bar_status rc = bar_file_read(path, BAR_STUDY_MAX_BYTES, &text, &len,
                                  err);
    if (rc == BAR_OK)
        rc = bar_study_parse(text, len, path, out, err);
    free(text);
    return rc;
}

void bar_study_free(bar_study *study)
{
    if (!study)
        return;
    json_decref(study->doc);
    free(study->source);
    free(study);
}

const char *bar_study_source(const bar_study *study)
{
    return study->source;
}

const char *bar_study_id(const bar_study *study)
{
    return study->id;
}

int bar_study_year(const bar_study *study)
{
    return study->year;
}

const bar_study_text *bar_study_title(const bar_study *study)
{
    return &study->title;
}

const char *bar_study_text_in(const bar_study_text *t, bar_lang lang)
{
    if (!t)
        return NULL;
    if (lang == BAR_LANG_NL)
        return t->nl ? t->nl : t->en;
    return t->en ? t->en : t->nl;
}

bool bar_study_path(const bar_study *study, bar_study_file which,
                    const char *data_dir, char *buf, size_t size)
{
    if ((size_t)which >= sizeof study->files / sizeof study->files[0])
        return false;
    const char *f = study->files[which];
    if (!f)
        return false;
    int n = f[0] == '/' ? snprintf(buf, size, "%s", f)
                        : snprintf(buf, size, "%s/%s", data_dir, f);
    return n > 0 && (size_t)n < size;
}

size_t bar_study_nchapters(const bar_study *study)
{
    return study->nchapters;
}

const bar_study_chapter *bar_study_chapter_get(const bar_study *study,
                                               size_t i)
{
    return i < study->nchapters ? &study->chapters[i] : NULL;
}

size_t bar_study_findings_before(const bar_study *study)
{
    return study->findings_before;
}

size_t bar_study_ncountries(const bar_study *study)
{
    return study->ncountries;
}

const bar_study_country *bar_study_country_get(const bar_study *study,
                                               size_t i)
{
    return i < study->ncountries ? &study->countries[i] : NULL;
}

const char *bar_study_country_name(const bar_study *study, const char *code,
                                   bar_lang lang)
{
    for (size_t i = 0; study && code && i < study->ncountries; i++)
        if (study->countries[i].code &&
            strcmp(study->countries[i].code, code) == 0)
            return bar_study_text_in(&study->countries[i].name, lang);
    return NULL;
}

const char *bar_study_main_country(const bar_study *study)
{
    return study->main_country;
}

bool bar_study_is_home(const bar_study *study, const char *code)
{
    return study && study->home_country && code &&
           strcmp(study->home_country, code) == 0;
}

const bar_study_text *bar_study_total(const bar_study *study)
{
    return &study->total;
}

bool bar_study_mail_path(const bar_study *study, bar_study_mail which,
                         bar_lang lang, const char *data_dir, char *buf,
                         size_t size)
{
    if ((size_t)which >= sizeof study->mail / sizeof study->mail[0])
        return false;
    const char *f = bar_study_text_in(&study->mail[which], lang);
    if (!f)
        return false;
    int n = f[0] == '/' ? snprintf(buf, size, "%s", f)
                        : snprintf(buf, size, "%s/%s", data_dir, f);
    return n > 0 && (size_t)n < size;
}

const char *bar_study_short_label(const bar_study *study, const char *name,
                                  bar_lang lang)
{
    if (!study || !study->short_labels || !name)
        return NULL;
    const json_t *t = json_object_get(study->short_labels, name);
    const json_t *v = json_object_get(t, lang == BAR_LANG_NL ? "nl" : "en");
    return json_string_value(v);
}

size_t bar_study_nauthored(const bar_study *study)
{
    return study ? study->nauthored : 0;
}

const bar_study_authored *bar_study_authored_get(const bar_study *study,
                                                 size_t i)
{
    return i < study->nauthored ? &study->authored[i] : NULL;
}

const bar_study_text *bar_study_publisher(const bar_study *study)
{
    return &study->publisher;
}
