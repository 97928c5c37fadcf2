/* draft.c - the answers of one respondent before the final submit. */
#include "field/draft.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct bar_draft {
    const bar_instrument *ins;
    size_t nvars, nquestions;
    double *values;   /* nvars; NAN: not answered */
    char **texts;     /* nvars; TEXT answers */
    bool *seen;       /* nquestions */
};

bar_draft *bar_draft_new(const bar_instrument *ins)
{
    bar_draft *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->ins = ins;
    d->nvars = bar_instrument_nvars(ins);
    d->nquestions = bar_instrument_nquestions(ins);
    d->values = calloc(d->nvars ? d->nvars : 1, sizeof *d->values);
    d->texts = calloc(d->nvars ? d->nvars : 1, sizeof *d->texts);
    d->seen = calloc(d->nquestions ? d->nquestions : 1, sizeof *d->seen);
    if (!d->values || !d->texts || !d->seen) {
        bar_draft_free(d);
        return NULL;
    }
    for (size_t i = 0; i < d->nvars; i++)
        d->values[i] = NAN;
    return d;
}

void bar_draft_free(bar_draft *d)
{
    if (!d)
        return;
    if (d->texts)
        for (size_t i = 0; i < d->nvars; i++)
            free(d->texts[i]);
    free(d->texts);
    free(d->values);
    free(d->seen);
    free(d);
}

void bar_draft_reset(bar_draft *d)
{
    for (size_t i = 0; i < d->nvars; i++) {
        d->values[i] = NAN;
        free(d->texts[i]);
        d->texts[i] = NULL;
    }
    memset(d->seen, 0, d->nquestions * sizeof *d->seen);
}

const bar_instrument *bar_draft_instrument(const bar_draft *d)
{
    return d->ins;
}

double bar_draft_value(const bar_draft *d, size_t var)
{
    return var < d->nvars ? d->values[var] : NAN;
}

const char *bar_draft_text(const bar_draft *d, size_t var)
{
    return var < d->nvars ? d->texts[var] : NULL;
}

void bar_draft_set_value(bar_draft *d, size_t var, double value)
{
    if (var < d->nvars)
        d->values[var] = value;
}

bar_status bar_draft_set_text(bar_draft *d, size_t var, const char *text)
{
    if (var >= d->nvars)
        return BAR_EUSAGE;
    char *copy = NULL;
    if (text && !(copy = strdup(text)))
        return BAR_ENOMEM;
    free(d->texts[var]);
    d->texts[var] = copy;
    return BAR_OK;
}

bool bar_draft_seen(const bar_draft *d, size_t q)
{
    return q < d->nquestions && d->seen[q];
}

void bar_draft_set_seen(bar_draft *d, size_t q, bool seen)
{
    if (q < d->nquestions)
        d->seen[q] = seen;
}

bool bar_draft_asked(const bar_draft *d, const bar_question *q)
{
    /* Every variable of a question shares its base and condition. */
    return bar_question_nvars(q) > 0 &&
           bar_var_asked(bar_question_var(q, 0), d->values);
}

bar_status bar_draft_to_json(const bar_draft *d, char **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = NULL;
    json_t *doc = json_object(), *answers = json_object(),
           *seen = json_array();
    if (!doc || !answers || !seen ||
        json_object_set(doc, "answers", answers) != 0 ||
        json_object_set(doc, "seen", seen) != 0)
        goto oom;
    for (size_t i = 0; i < d->nvars; i++) {
        const bar_variable *v = bar_instrument_var(d->ins, i);
        json_t *x = NULL;
        if (bar_var_role_of(v) != BAR_ROLE_ASKED)
            continue;
        if (bar_var_type_of(v) == BAR_VAR_TEXT) {
            if (!d->texts[i])
                continue;
            x = json_string(d->texts[i]);
        } else {
            if (isnan(d->values[i]))
                continue;
            x = json_integer((json_int_t)d->values[i]);
        }
        if (!x || json_object_set_new(answers, bar_var_name(v), x) != 0)
            goto oom;
    }
    for (size_t q = 0; q < d->nquestions; q++)
        if (d->seen[q] &&
            json_array_append_new(
                seen, json_string(bar_question_id(
                          bar_instrument_question(d->ins, q)))) != 0)
            goto oom;
    *out = json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
    if (!*out)
        goto oom;
    goto cleanup;
oom:
    rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
cleanup:
    json_decref(answers);
    json_decref(seen);
    json_decref(doc);
    return rc;
}

/* The number of code points of UTF-8 text s. */
static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

/* Set one answer from its JSON value, checked against the variable. */
static bar_status read_answer(bar_draft *d, const char *name,
                              const json_t *x, bar_error *err)
{
    long i = bar_instrument_find(d->ins, name);
    const bar_variable *v = i < 0 ? NULL
                                  : bar_instrument_var(d->ins, (size_t)i);
    if (!v || bar_var_role_of(v) != BAR_ROLE_ASKED)
        return bar_error_set(err, BAR_EINVALID, "draft: '%s' is not an "
                             "asked variable", name);
    if (bar_var_type_of(v) == BAR_VAR_TEXT) {
        if (!json_is_string(x) ||
            code_points(json_string_value(x)) > (size_t)bar_var_max(v))
            return bar_error_set(err, BAR_EINVALID, "draft: '%s': not a "
                                 "text within its length", name);
        if (bar_draft_set_text(d, (size_t)i, json_string_value(x)) != BAR_OK)
            return bar_error_set(err, BAR_ENOMEM, "out of memory");
        return BAR_OK;
    }
    if (!json_is_integer(x) ||
        bar_var_code_pos(v, (long)json_integer_value(x)) < 0)
        return bar_error_set(err, BAR_EINVALID, "draft: '%s': not one of "
                             "its codes", name);
    d->values[i] = (double)json_integer_value(x);
    return BAR_OK;
}

bar_status bar_draft_from_json(bar_draft *d, const char *text, size_t len,
                               bar_error *err)
{
    bar_status rc = BAR_OK;
    json_t *doc = NULL;
    bar_draft_reset(d);
    if (len > BAR_DRAFT_JSON_MAX) {
        rc = bar_error_set(err, BAR_ELIMIT, "draft: more than %d bytes",
                           BAR_DRAFT_JSON_MAX);
        goto cleanup;
    }
    json_error_t jerr;
    doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!doc) {
        rc = bar_error_set(err, BAR_EPARSE, "draft: %s", jerr.text);
        goto cleanup;
    }
    const json_t *answers = json_object_get(doc, "answers");
    const json_t *seen = json_object_get(doc, "seen");
    if (!json_is_object(doc) || !json_is_object(answers) ||
        !json_is_array(seen)) {
        rc = bar_error_set(err, BAR_EINVALID, "draft: not an object with "
                           "'answers' and 'seen'");
        goto cleanup;
    }
    const char *name;
    const json_t *x;
    json_object_foreach((json_t *)answers, name, x) {
        rc = read_answer(d, name, x, err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    size_t k;
    json_array_foreach(seen, k, x) {
        const char *id = json_string_value(x);
        size_t q = 0;
        while (id && q < d->nquestions &&
               strcmp(bar_question_id(bar_instrument_question(d->ins, q)),
                      id) != 0)
            q++;
        if (!id || q == d->nquestions) {
            rc = bar_error_set(err, BAR_EINVALID, "draft: '%s' is not a "
                               "question", id ? id : "(not a string)");
            goto cleanup;
        }
        d->seen[q] = true;
    }
cleanup:
    json_decref(doc);
    if (rc != BAR_OK)
        bar_draft_reset(d);
    return rc;
}

bar_status bar_draft_to_dataset(const bar_draft *d, const char *org_id,
                                int wave, const char *sector,
                                const char *cluster, bar_dataset **out,
                                bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_dataset *ds = bar_dataset_new(d->ins);
    double *row = malloc((d->nvars ? d->nvars : 1) * sizeof *row);
    size_t r = 0;
    *out = NULL;
    if (!ds || !row || bar_dataset_add_row(ds, &r) != BAR_OK) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* The routing of the final answers: a question decides only about
     * later ones, so one pass in order sees every decision made. */
    memcpy(row, d->values, d->nvars * sizeof *row);
    for (size_t i = 0; i < d->nvars; i++) {
        const bar_variable *v = bar_instrument_var(d->ins, i);
        bar_var_type t = bar_var_type_of(v);
        const char *name = bar_var_name(v);
        if (bar_var_role_of(v) == BAR_ROLE_FRAME) {
            if (t == BAR_VAR_ID)
                rc = bar_dataset_set_str(ds, r, i, org_id);
            else if (strcmp(name, "wave") == 0)
                bar_dataset_set(ds, r, i, wave);
            else if (t == BAR_VAR_CATEGORY) {
                const char *code = strcmp(name, "sector") == 0 ? sector
                                   : strcmp(name, "cluster") == 0 ? cluster
                                                                  : NULL;
                long pos = code ? bar_var_code_find(v, code) : -1;
                if (pos >= 0)
                    bar_dataset_set(ds, r, i, (double)pos);
            }
            if (rc != BAR_OK)
                goto oom;
            continue;
        }
        if (bar_var_role_of(v) != BAR_ROLE_ASKED)
            continue;
        if (!bar_var_asked(v, row)) {
            row[i] = NAN;
            continue;
        }
        if (t == BAR_VAR_TEXT) {
            if (d->texts[i] &&
                bar_dataset_set_str(ds, r, i, d->texts[i]) != BAR_OK)
                goto oom;
            continue;
        }
        double x = d->values[i];
        if (isnan(x) && t == BAR_VAR_BINARY)
            x = 0; /* an option of an asked question, not ticked */
        row[i] = x;
        bar_dataset_set(ds, r, i, x);
    }
    rc = bar_dataset_check_row(ds, r, NULL, 0, err);
    if (rc != BAR_OK)
        goto cleanup;
    *out = ds;
    ds = NULL;
    goto cleanup;
oom:
    rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
cleanup:
    free(row);
    bar_dataset_free(ds);
    return rc;
}
