/* instrument.c - load, validate and query the questionnaire.
 *
 * The JSON text is decoded with jansson (which reports syntax errors with a
 * line and column) and then walked once by a validator that builds the
 * variables, questions and blocks. jansson keeps no positions for values, so
 * the validator keeps a path (one member or element index per level) to the
 * value it is looking at; when a rule fails, locate() re-reads the original
 * text along that path to find the value's line and column. Objects are
 * decoded with JSON_REJECT_DUPLICATES and jansson keeps object members in
 * text order, so the n-th member seen by json_object_foreach is the n-th
 * member in the text.
 *
 * The decoded document stays alive with the instrument: every string the
 * instrument hands out (names, labels, codes) points into it.
 */
#include "instrument/instrument.h"

#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

enum {
    MAX_FILE_BYTES = 8 * 1024 * 1024, /* an instrument is a few 100 KiB */
    MAX_NAME = 63,                    /* variable names, bytes */
    MAX_DEPTH = 16,                   /* deepest path the validator visits */
    MAX_FIELDS = 16,                  /* keys of one kind of object */
    TEXT_DEFAULT = 4000,
    TEXT_MAX = 65536
};

/* ---- data --------------------------------------------------------------- */

/* A list of codes with labels: a scale, a question's own codes, a frame
 * category, or the 0/1 codes of binary variables. Strings point into the
 * document. */
typedef struct codeset {
    size_t n;
    long *num;               /* numeric codes; NULL for category codes */
    const char **str;        /* string codes (category); NULL otherwise */
    const char **label[2];   /* [lang][i] */
} codeset;

typedef struct block {
    const char *id;
    const char *title[2];
    bar_base base;
} block;

typedef enum cond_op { OP_EQ, OP_NE, OP_GE, OP_LE, OP_GT, OP_LT } cond_op;

struct bar_question {
    const bar_instrument *ins;
    size_t index;
    const char *id;
    bar_question_type type;
    const char *text[2];
    size_t block;
    bar_base base;
    size_t first_var, nvars;
    long exclusive;          /* variable index of the exclusive option, -1 */
    long innovated;          /* variable index of `innovated` (base), -1 */
    bool has_cond;           /* asked_if present */
    size_t cond_var;
    cond_op cond_op;
    long cond_value;
};

struct bar_variable {
    const bar_instrument *ins;
    const char *name;
    size_t index;
    bar_var_type type;
    bar_var_role role;
    bar_base base;
    const char *label[2];
    long question;           /* question index, -1 for frame and derived */
    long min, max;
    const codeset *codes;    /* SINGLE, BINARY, CATEGORY; else NULL */
};

/* Open-addressing hash from a name to an index (names are borrowed). */
typedef struct name_slot {
    const char *name;        /* NULL = empty */
    size_t value;
} name_slot;

typedef struct name_index {
    name_slot *slots;
    size_t cap;              /* a power of two, or 0 */
    size_t n;
} name_index;

struct bar_instrument {
    json_t *doc;             /* owns every string below */
    const char *id;
    int wave;
    const char *title[2];
    bar_variable *vars;
    size_t nvars, vars_cap;
    bar_question *questions;
    size_t nquestions, questions_cap;
    block *blocks;
    size_t nblocks;
    codeset **sets;          /* every codeset, owned */
    size_t nsets, sets_cap;
    const codeset *binary;   /* shared by every BINARY variable */
    name_index scale_index;  /* scale name -> index in sets */
    name_index var_index;
    name_index question_index;
};

/* ---- name index --------------------------------------------------------- */

static uint64_t hash_name(const char *s)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211u;
    }
    return h;
}

static const name_slot *index_lookup(const name_index *x, const char *name)
{
    if (x->cap == 0)
        return NULL;
    size_t mask = x->cap - 1;
    for (size_t i = (size_t)hash_name(name) & mask;; i = (i + 1) & mask) {
        if (!x->slots[i].name)
            return NULL;
        if (strcmp(x->slots[i].name, name) == 0)
            return &x->slots[i];
    }
}

/* Insert name -> value; name must not be present. BAR_ENOMEM on failure. */
static bar_status index_insert(name_index *x, const char *name, size_t value)
{
    if (2 * (x->n + 1) > x->cap) {
        size_t cap = x->cap ? 2 * x->cap : 64;
        name_slot *slots = calloc(cap, sizeof *slots);
        if (!slots)
            return BAR_ENOMEM;
        for (size_t i = 0; i < x->cap; i++) {
            if (!x->slots[i].name)
                continue;
            size_t j = (size_t)hash_name(x->slots[i].name) & (cap - 1);
            while (slots[j].name)
                j = (j + 1) & (cap - 1);
            slots[j] = x->slots[i];
        }
        free(x->slots);
        x->slots = slots;
        x->cap = cap;
    }
    size_t mask = x->cap - 1;
    size_t i = (size_t)hash_name(name) & mask;
    while (x->slots[i].name)
        i = (i + 1) & mask;
    x->slots[i] = (name_slot){.name = name, .value = value};
    x->n++;
    return BAR_OK;
}

/* ---- locating a value in the text ---------------------------------------
 *
 * A path is a list of indexes: the n-th member of an object or the n-th
 * element of an array, from the root down. locate() follows it through text
 * that jansson already accepted, so it only has to know strings (to skip
 * them), nesting (to skip whole values) and commas (to count members). It
 * returns the offset of the value at the end of the path, or of its key when
 * want_key is set and the last step is an object member; on any surprise it
 * returns the offset reached so far, which is still a useful position.
 */

static size_t skip_ws(const char *t, size_t len, size_t p)
{
    while (p < len && (t[p] == ' ' || t[p] == '\t' || t[p] == '\n' ||
                       t[p] == '\r'))
        p++;
    return p;
}

/* p is at an opening quote; returns the offset after the closing one. */
static size_t skip_string(const char *t, size_t len, size_t p)
{
    for (p++; p < len && t[p] != '"'; p++)
        if (t[p] == '\\')
            p++;
    return p < len ? p + 1 : len;
}

/* p is at the first byte of a value; returns the offset after it. */
static size_t skip_value(const char *t, size_t len, size_t p)
{
    if (p < len && t[p] == '"')
        return skip_string(t, len, p);
    if (p < len && (t[p] == '{' || t[p] == '[')) {
        size_t depth = 0;
        while (p < len) {
            char c = t[p];
            if (c == '"') {
                p = skip_string(t, len, p);
                continue;
            }
            p++;
            if (c == '{' || c == '[')
                depth++;
            else if ((c == '}' || c == ']') && --depth == 0)
                break;
        }
        return p;
    }
    while (p < len && t[p] != ',' && t[p] != '}' && t[p] != ']' &&
           t[p] != ' ' && t[p] != '\t' && t[p] != '\n' && t[p] != '\r')
        p++;
    return p;
}

static size_t locate(const char *t, size_t len, const size_t *path,
                     size_t depth, bool want_key)
{
    size_t p = skip_ws(t, len, 0);
    /* A UTF-8 byte order mark is not JSON; jansson refuses it, so it never
     * gets here. */
    for (size_t d = 0; d < depth; d++) {
        if (p >= len || (t[p] != '{' && t[p] != '['))
            return p;
        bool object = t[p] == '{';
        size_t container = p;
        p = skip_ws(t, len, p + 1);
        for (size_t i = 0;; i++) {
            if (p >= len || t[p] == '}' || t[p] == ']')
                return container;
            size_t key = p;
            if (object) {
                p = skip_ws(t, len, skip_string(t, len, p));
                if (p < len && t[p] == ':')
                    p = skip_ws(t, len, p + 1);
            }
            if (i == path[d]) {
                if (d + 1 == depth && want_key && object)
                    return key;
                break;
            }
            p = skip_ws(t, len, skip_value(t, len, p));
            if (p < len && t[p] == ',')
                p = skip_ws(t, len, p + 1);
        }
    }
    return p;
}

/* Line and column (1-based; columns count UTF-8 characters, as jansson's
 * do) of offset off. */
static void line_col(const char *t, size_t len, size_t off, long *line,
                     long *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (t[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)t[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* ---- validation context ------------------------------------------------- */

typedef struct ctx {
    const char *text;
    size_t len;
    const char *name;        /* file name for messages */
    bar_error *err;
    size_t path[MAX_DEPTH];
    size_t depth;
    bar_instrument *ins;
} ctx;

static void push(ctx *c, size_t i)
{
    if (c->depth < MAX_DEPTH)
        c->path[c->depth] = i;
    c->depth++;
}

static void pop(ctx *c)
{
    c->depth--;
}

/* Record an error located at the current path (at its key when at_key). */
static bar_status fail(ctx *c, bool at_key, bar_status code, const char *fmt,
                       ...) __attribute__((format(printf, 4, 5)));
static bar_status fail(ctx *c, bool at_key, bar_status code, const char *fmt,
                       ...)
{
    char msg[BAR_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t depth = c->depth < MAX_DEPTH ? c->depth : MAX_DEPTH;
    size_t off = locate(c->text, c->len, c->path, depth, at_key);
    long line, col;
    line_col(c->text, c->len, off, &line, &col);
    return bar_error_at(c->err, code, c->name, line, col, NULL, "%s", msg);
}

static bar_status nomem(ctx *c)
{
    return bar_error_set(c->err, BAR_ENOMEM, "%s: out of memory", c->name);
}

/* The members of one object, checked against the keys it may have. */
typedef struct fields {
    const char *const *keys;
    size_t nkeys;
    json_t *val[MAX_FIELDS]; /* NULL when absent; borrowed */
    size_t idx[MAX_FIELDS];  /* member index in the object */
} fields;

/* Check that obj (at the current path) is an object whose keys are all in
 * keys[], and collect them. what names the object in messages. */
static bar_status fields_read(ctx *c, json_t *obj, const char *const *keys,
                              size_t nkeys, fields *f, const char *what)
{
    *f = (fields){.keys = keys, .nkeys = nkeys};
    if (!json_is_object(obj))
        return fail(c, false, BAR_EINVALID, "%s must be an object", what);
    size_t i = 0;
    const char *key;
    json_t *val;
    json_object_foreach(obj, key, val) {
        size_t k = 0;
        while (k < nkeys && strcmp(keys[k], key) != 0)
            k++;
        if (k == nkeys) {
            push(c, i);
            bar_status rc = fail(c, true, BAR_EINVALID,
                                 "%s: unknown key '%s'", what, key);
            pop(c);
            return rc;
        }
        f->val[k] = val;
        f->idx[k] = i;
        i++;
    }
    return BAR_OK;
}

/* Index of key in f (which must be one of its keys). */
static size_t field_slot(const fields *f, const char *key)
{
    size_t k = 0;
    while (k < f->nkeys && strcmp(f->keys[k], key) != 0)
        k++;
    return k;
}

static json_t *field(const fields *f, const char *key)
{
    size_t k = field_slot(f, key);
    return k < f->nkeys ? f->val[k] : NULL;
}

/* Push the path of a present field. */
static void push_field(ctx *c, const fields *f, const char *key)
{
    push(c, f->idx[field_slot(f, key)]);
}

/* A required field; fails at the object when absent. */
static bar_status need(ctx *c, const fields *f, const char *key,
                       const char *what, json_t **out)
{
    *out = field(f, key);
    if (!*out)
        return fail(c, false, BAR_EINVALID, "%s: missing key '%s'", what, key);
    return BAR_OK;
}

/* A non-empty string field. */
static bar_status get_string(ctx *c, const fields *f, const char *key,
                             const char *what, bool required,
                             const char **out)
{
    *out = NULL;
    json_t *v = field(f, key);
    if (!v)
        return required ? fail(c, false, BAR_EINVALID,
                               "%s: missing key '%s'", what, key)
                        : BAR_OK;
    if (!json_is_string(v) || json_string_length(v) == 0) {
        push_field(c, f, key);
        bar_status rc = fail(c, false, BAR_EINVALID,
                             "%s: '%s' must be a non-empty string", what, key);
        pop(c);
        return rc;
    }
    *out = json_string_value(v);
    return BAR_OK;
}

/* An integer field in [lo, hi]. */
static bar_status get_long(ctx *c, const fields *f, const char *key,
                           const char *what, long lo, long hi, long *out)
{
    json_t *v;
    bar_status rc = need(c, f, key, what, &v);
    if (rc != BAR_OK)
        return rc;
    push_field(c, f, key);
    if (!json_is_integer(v) || json_integer_value(v) < lo ||
        json_integer_value(v) > hi)
        rc = fail(c, false, BAR_EINVALID,
                  "%s: '%s' must be an integer from %ld to %ld", what, key, lo,
                  hi);
    else
        *out = (long)json_integer_value(v);
    pop(c);
    return rc;
}

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > MAX_NAME || s[0] < 'a' || s[0] > 'z')
        return false;
    for (size_t i = 1; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_'))
            return false;
    return true;
}

/* A label object {"nl": "...", "en": "..."} at field key of f. */
static bar_status get_label(ctx *c, const fields *f, const char *key,
                            const char *what, const char *out[2])
{
    static const char *const keys[] = {"nl", "en"};
    json_t *v;
    bar_status rc = need(c, f, key, what, &v);
    if (rc != BAR_OK)
        return rc;
    push_field(c, f, key);
    char where[160];
    snprintf(where, sizeof where, "%s: %s", what, key);
    fields lf;
    rc = fields_read(c, v, keys, 2, &lf, where);
    for (int lang = 0; rc == BAR_OK && lang < 2; lang++)
        rc = get_string(c, &lf, keys[lang], where, true, &out[lang]);
    pop(c);
    return rc;
}

/* ---- building ----------------------------------------------------------- */

static codeset *codeset_add(ctx *c, size_t n, bool strings)
{
    bar_instrument *ins = c->ins;
    if (ins->nsets == ins->sets_cap) {
        size_t cap = ins->sets_cap ? 2 * ins->sets_cap : 16;
        codeset **sets = realloc(ins->sets, cap * sizeof *sets);
        if (!sets)
            return NULL;
        ins->sets = sets;
        ins->sets_cap = cap;
    }
    codeset *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    ins->sets[ins->nsets++] = s;
    s->n = n;
    size_t m = n ? n : 1;
    if (strings)
        s->str = calloc(m, sizeof *s->str);
    else
        s->num = calloc(m, sizeof *s->num);
    s->label[0] = calloc(m, sizeof *s->label[0]);
    s->label[1] = calloc(m, sizeof *s->label[1]);
    if ((strings ? !s->str : !s->num) || !s->label[0] || !s->label[1])
        return NULL; /* freed with the instrument */
    return s;
}

static void codeset_free(codeset *s)
{
    if (!s)
        return;
    free(s->num);
    free(s->str);
    free(s->label[0]);
    free(s->label[1]);
    free(s);
}

/* Read a codes array (the current path is the array). strings selects
 * category codes. */
static bar_status read_codes(ctx *c, json_t *arr, bool strings,
                             const char *what, const codeset **out)
{
    static const char *const keys[] = {"code", "label"};
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return fail(c, false, BAR_EINVALID,
                    "%s: codes must be a non-empty array", what);
    size_t n = json_array_size(arr);
    codeset *s = codeset_add(c, n, strings);
    if (!s)
        return nomem(c);
    bar_status rc = BAR_OK;
    for (size_t i = 0; rc == BAR_OK && i < n; i++) {
        push(c, i);
        fields f;
        rc = fields_read(c, json_array_get(arr, i), keys, 2, &f, what);
        json_t *code = NULL;
        if (rc == BAR_OK)
            rc = need(c, &f, "code", what, &code);
        if (rc == BAR_OK) {
            push_field(c, &f, "code");
            if (strings && (!json_is_string(code) ||
                            json_string_length(code) == 0))
                rc = fail(c, false, BAR_EINVALID,
                          "%s: code must be a non-empty string", what);
            else if (!strings && !json_is_integer(code))
                rc = fail(c, false, BAR_EINVALID,
                          "%s: code must be an integer", what);
            for (size_t j = 0; rc == BAR_OK && j < i; j++) {
                bool dup =
                    strings ? strcmp(s->str[j], json_string_value(code)) == 0
                            : s->num[j] == (long)json_integer_value(code);
                if (dup)
                    rc = strings ? fail(c, false, BAR_EINVALID,
                                        "%s: duplicate code '%s'", what,
                                        json_string_value(code))
                                 : fail(c, false, BAR_EINVALID,
                                        "%s: duplicate code %ld", what,
                                        (long)json_integer_value(code));
            }
            if (rc == BAR_OK && strings)
                s->str[i] = json_string_value(code);
            else if (rc == BAR_OK)
                s->num[i] = (long)json_integer_value(code);
            pop(c);
        }
        const char *label[2] = {NULL, NULL};
        if (rc == BAR_OK)
            rc = get_label(c, &f, "label", what, label);
        s->label[0][i] = label[0];
        s->label[1][i] = label[1];
        pop(c);
    }
    *out = s;
    return rc;
}

/* The codes of a variable from the "codes" or "scale" field of f: exactly
 * one of them must be present. */
static bar_status codes_or_scale(ctx *c, const fields *f, const char *what,
                                 const codeset **out)
{
    json_t *codes = field(f, "codes");
    json_t *scale = field(f, "scale");
    if (codes && scale) {
        push_field(c, f, "scale");
        bar_status rc = fail(c, true, BAR_EINVALID,
                             "%s: give either 'codes' or 'scale', not both",
                             what);
        pop(c);
        return rc;
    }
    if (!codes && !scale)
        return fail(c, false, BAR_EINVALID, "%s: needs 'codes' or 'scale'",
                    what);
    bar_status rc;
    if (codes) {
        push_field(c, f, "codes");
        rc = read_codes(c, codes, false, what, out);
        pop(c);
        return rc;
    }
    push_field(c, f, "scale");
    const name_slot *named =
        json_is_string(scale)
            ? index_lookup(&c->ins->scale_index, json_string_value(scale))
            : NULL;
    if (named)
        *out = c->ins->sets[named->value];
    rc = named ? BAR_OK
         : json_is_string(scale)
             ? fail(c, false, BAR_EINVALID, "%s: unknown scale '%s'", what,
                    json_string_value(scale))
             : fail(c, false, BAR_EINVALID, "%s: 'scale' must be a scale name",
                    what);
    pop(c);
    return rc;
}

static bar_status add_var(ctx *c, const char *name, bar_variable **out)
{
    bar_instrument *ins = c->ins;
    if (!valid_name(name))
        return fail(c, false, BAR_EINVALID,
                    "bad variable name '%s' (want [a-z][a-z0-9_]*, at most "
                    "%d bytes)", name, MAX_NAME);
    if (index_lookup(&ins->var_index, name))
        return fail(c, false, BAR_EINVALID, "duplicate variable name '%s'",
                    name);
    if (ins->nvars == ins->vars_cap) {
        size_t cap = ins->vars_cap ? 2 * ins->vars_cap : 64;
        bar_variable *vars = realloc(ins->vars, cap * sizeof *vars);
        if (!vars)
            return nomem(c);
        ins->vars = vars;
        ins->vars_cap = cap;
    }
    if (index_insert(&ins->var_index, name, ins->nvars) != BAR_OK)
        return nomem(c);
    bar_variable *v = &ins->vars[ins->nvars];
    *v = (bar_variable){.ins = ins, .name = name, .index = ins->nvars,
                        .question = -1, .base = BAR_BASE_ALL};
    ins->nvars++;
    *out = v;
    return BAR_OK;
}

/* Set min/max of a coded variable from its codes. */
static void set_code_bounds(bar_variable *v)
{
    const codeset *s = v->codes;
    if (!s || s->n == 0)
        return;
    if (!s->num) {
        v->min = 0;
        v->max = (long)s->n - 1;
        return;
    }
    v->min = v->max = s->num[0];
    for (size_t i = 1; i < s->n; i++) {
        if (s->num[i] < v->min)
            v->min = s->num[i];
        if (s->num[i] > v->max)
            v->max = s->num[i];
    }
}

/* "base": "all" | "innovators" at field key of f; *out unchanged when
 * absent. */
static bar_status get_base(ctx *c, const fields *f, const char *what,
                           bar_base *out)
{
    json_t *v = field(f, "base");
    if (!v)
        return BAR_OK;
    const char *s = json_string_value(v);
    if (s && strcmp(s, "all") == 0) {
        *out = BAR_BASE_ALL;
        return BAR_OK;
    }
    if (s && strcmp(s, "innovators") == 0) {
        *out = BAR_BASE_INNOVATORS;
        return BAR_OK;
    }
    push_field(c, f, "base");
    bar_status rc = fail(c, false, BAR_EINVALID,
                         "%s: base must be \"all\" or \"innovators\"", what);
    pop(c);
    return rc;
}

/* "KIND 'NAME'" for messages about obj, NAME from its key field when that
 * is a string (the object is not validated yet). */
static const char *describe(char *buf, size_t size, const char *kind,
                            json_t *obj, const char *key)
{
    const char *name = json_string_value(json_object_get(obj, key));
    if (name)
        snprintf(buf, size, "%s '%.80s'", kind, name);
    else
        snprintf(buf, size, "%s", kind);
    return buf;
}

/* ---- scales ------------------------------------------------------------- */

static bar_status read_scales(ctx *c, json_t *scales)
{
    if (!json_is_object(scales))
        return fail(c, false, BAR_EINVALID, "'scales' must be an object");
    bar_status rc = BAR_OK;
    size_t i = 0;
    const char *name;
    json_t *val;
    json_object_foreach(scales, name, val) {
        push(c, i++);
        char what[128];
        snprintf(what, sizeof what, "scale '%.80s'", name);
        if (!valid_name(name)) {
            rc = fail(c, true, BAR_EINVALID,
                      "bad scale name '%s' (want [a-z][a-z0-9_]*)", name);
        } else {
            const codeset *s;
            rc = read_codes(c, val, false, what, &s);
            if (rc == BAR_OK &&
                index_insert(&c->ins->scale_index, name, c->ins->nsets - 1) !=
                    BAR_OK)
                rc = nomem(c);
        }
        pop(c);
        if (rc != BAR_OK)
            break;
    }
    return rc;
}

/* The 0/1 codes of binary variables, labelled as the yesno scale's codes 0
 * and 1 when the instrument has that scale, else "0" and "1". */
static bar_status make_binary(ctx *c)
{
    codeset *s = codeset_add(c, 2, false);
    if (!s)
        return nomem(c);
    const name_slot *yn = index_lookup(&c->ins->scale_index, "yesno");
    const codeset *y = yn ? c->ins->sets[yn->value] : NULL;
    static const char *const plain[2] = {"0", "1"};
    for (size_t k = 0; k < 2; k++) {
        s->num[k] = (long)k;
        s->label[0][k] = s->label[1][k] = plain[k];
        for (size_t j = 0; y && j < y->n; j++) {
            if (y->num[j] == (long)k) {
                s->label[0][k] = y->label[0][j];
                s->label[1][k] = y->label[1][j];
            }
        }
    }
    c->ins->binary = s;
    return BAR_OK;
}

/* ---- frame -------------------------------------------------------------- */

static bar_status read_frame_var(ctx *c, json_t *obj, bool *have_id)
{
    static const char *const keys[] = {"name", "type", "label", "min", "max",
                                       "codes"};
    fields f;
    char desc[128];
    bar_status rc = fields_read(c, obj, keys, 6, &f,
                                describe(desc, sizeof desc, "frame variable", obj,
                                         "name"));
    const char *name = NULL, *type = NULL;
    if (rc == BAR_OK)
        rc = get_string(c, &f, "name", "frame variable", true, &name);
    if (rc != BAR_OK)
        return rc;
    char what[128];
    snprintf(what, sizeof what, "frame variable '%.80s'", name);
    rc = get_string(c, &f, "type", what, true, &type);
    if (rc != BAR_OK)
        return rc;
    bar_variable *v;
    push_field(c, &f, "name");
    rc = add_var(c, name, &v);
    pop(c);
    if (rc != BAR_OK)
        return rc;
    v->role = BAR_ROLE_FRAME;
    rc = get_label(c, &f, "label", what, v->label);
    if (rc != BAR_OK)
        return rc;
    bool is_id = strcmp(type, "id") == 0;
    bool is_int = strcmp(type, "integer") == 0;
    bool is_cat = strcmp(type, "category") == 0;
    const char *bad = NULL;
    if (!is_int && field(&f, "min"))
        bad = "min";
    else if (!is_int && field(&f, "max"))
        bad = "max";
    else if (!is_cat && field(&f, "codes"))
        bad = "codes";
    if (!is_id && !is_int && !is_cat) {
        push_field(c, &f, "type");
        rc = fail(c, false, BAR_EINVALID,
                  "%s: type must be \"id\", \"integer\" or \"category\"",
                  what);
        pop(c);
    } else if (bad) {
        push_field(c, &f, bad);
        rc = fail(c, true, BAR_EINVALID,
                  "%s: '%s' does not apply to type \"%s\"", what, bad, type);
        pop(c);
    } else if (is_id) {
        v->type = BAR_VAR_ID;
        if (*have_id || strcmp(name, "org_id") != 0) {
            push_field(c, &f, "type");
            rc = fail(c, false, BAR_EINVALID,
                      "%s: the frame has exactly one id variable, 'org_id'",
                      what);
            pop(c);
        }
        *have_id = true;
    } else if (is_int) {
        v->type = BAR_VAR_INTEGER;
        rc = get_long(c, &f, "min", what, LONG_MIN, LONG_MAX, &v->min);
        if (rc == BAR_OK)
            rc = get_long(c, &f, "max", what, v->min, LONG_MAX, &v->max);
    } else {
        v->type = BAR_VAR_CATEGORY;
        json_t *codes;
        rc = need(c, &f, "codes", what, &codes);
        if (rc == BAR_OK) {
            push_field(c, &f, "codes");
            rc = read_codes(c, codes, true, what, &v->codes);
            pop(c);
        }
        if (rc == BAR_OK)
            set_code_bounds(v);
    }
    return rc;
}

static bar_status read_frame(ctx *c, json_t *frame)
{
    if (!json_is_array(frame) || json_array_size(frame) == 0)
        return fail(c, false, BAR_EINVALID,
                    "'frame' must be a non-empty array");
    bool have_id = false;
    bar_status rc = BAR_OK;
    for (size_t i = 0; rc == BAR_OK && i < json_array_size(frame); i++) {
        push(c, i);
        rc = read_frame_var(c, json_array_get(frame, i), &have_id);
        pop(c);
    }
    if (rc == BAR_OK && !have_id)
        rc = fail(c, false, BAR_EINVALID,
                  "the frame has no id variable 'org_id'");
    return rc;
}

/* ---- questions ---------------------------------------------------------- */

/* The variable a routing condition or base refers to: an earlier asked,
 * non-text variable. */
static const bar_variable *earlier_asked(ctx *c, const char *name)
{
    const name_slot *s = index_lookup(&c->ins->var_index, name);
    if (!s)
        return NULL;
    const bar_variable *v = &c->ins->vars[s->value];
    if (v->role != BAR_ROLE_ASKED || v->type == BAR_VAR_TEXT)
        return NULL;
    return v;
}

static bar_status read_asked_if(ctx *c, json_t *obj, const char *what,
                                bar_question *q)
{
    static const char *const keys[] = {"var", "op", "value"};
    static const char *const ops[] = {"==", "!=", ">=", "<=", ">", "<"};
    char where[160];
    snprintf(where, sizeof where, "%s: asked_if", what);
    fields f;
    bar_status rc = fields_read(c, obj, keys, 3, &f, where);
    const char *var = NULL, *op = NULL;
    if (rc == BAR_OK)
        rc = get_string(c, &f, "var", where, true, &var);
    if (rc == BAR_OK)
        rc = get_string(c, &f, "op", where, true, &op);
    if (rc == BAR_OK)
        rc = get_long(c, &f, "value", where, LONG_MIN, LONG_MAX,
                      &q->cond_value);
    if (rc != BAR_OK)
        return rc;
    const bar_variable *v = earlier_asked(c, var);
    if (!v) {
        push_field(c, &f, "var");
        const name_slot *s = index_lookup(&c->ins->var_index, var);
        rc = s ? fail(c, false, BAR_EINVALID,
                      "%s: asked_if refers to '%s', which is not a "
                      "numeric question variable", what, var)
               : fail(c, false, BAR_EINVALID,
                      "%s: asked_if refers to '%s', which is not defined "
                      "before it", what, var);
        pop(c);
        return rc;
    }
    size_t k = 0;
    while (k < 6 && strcmp(ops[k], op) != 0)
        k++;
    if (k == 6) {
        push_field(c, &f, "op");
        rc = fail(c, false, BAR_EINVALID,
                  "%s: asked_if op '%s' is not one of == != >= <= > <", what,
                  op);
        pop(c);
        return rc;
    }
    q->has_cond = true;
    q->cond_var = v->index;
    q->cond_op = (cond_op)k;
    return BAR_OK;
}

/* Options of a multi question (current path: the options array). */
static bar_status read_options(ctx *c, json_t *arr, const char *what,
                               bar_question *q)
{
    static const char *const keys[] = {"name", "label", "exclusive"};
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return fail(c, false, BAR_EINVALID,
                    "%s: options must be a non-empty array", what);
    bar_status rc = BAR_OK;
    for (size_t i = 0; rc == BAR_OK && i < json_array_size(arr); i++) {
        push(c, i);
        fields f;
        const char *name = NULL;
        bar_variable *v = NULL;
        rc = fields_read(c, json_array_get(arr, i), keys, 3, &f, what);
        if (rc == BAR_OK)
            rc = get_string(c, &f, "name", what, true, &name);
        if (rc == BAR_OK) {
            push_field(c, &f, "name");
            rc = add_var(c, name, &v);
            pop(c);
        }
        if (rc == BAR_OK) {
            v->role = BAR_ROLE_ASKED;
            v->type = BAR_VAR_BINARY;
            v->base = q->base;
            v->question = (long)q->index;
            v->codes = c->ins->binary;
            v->min = 0;
            v->max = 1;
            rc = get_label(c, &f, "label", what, v->label);
        }
        json_t *ex = field(&f, "exclusive");
        if (rc == BAR_OK && ex) {
            push_field(c, &f, "exclusive");
            if (!json_is_boolean(ex))
                rc = fail(c, false, BAR_EINVALID,
                          "%s: 'exclusive' must be true or false", what);
            else if (json_is_true(ex) && q->exclusive >= 0)
                rc = fail(c, false, BAR_EINVALID,
                          "%s: option '%s' is exclusive, but '%s' already "
                          "is (at most one exclusive option)", what, name,
                          c->ins->vars[q->exclusive].name);
            else if (json_is_true(ex))
                q->exclusive = (long)v->index;
            pop(c);
        }
        pop(c);
    }
    return rc;
}

/* Items of a grid (current path: the items array). */
static bar_status read_items(ctx *c, json_t *arr, const char *what,
                             const codeset *codes, bar_question *q)
{
    static const char *const keys[] = {"name", "label"};
    if (!json_is_array(arr) || json_array_size(arr) == 0)
        return fail(c, false, BAR_EINVALID,
                    "%s: items must be a non-empty array", what);
    bar_status rc = BAR_OK;
    for (size_t i = 0; rc == BAR_OK && i < json_array_size(arr); i++) {
        push(c, i);
        fields f;
        const char *name = NULL;
        bar_variable *v = NULL;
        rc = fields_read(c, json_array_get(arr, i), keys, 2, &f, what);
        if (rc == BAR_OK)
            rc = get_string(c, &f, "name", what, true, &name);
        if (rc == BAR_OK) {
            push_field(c, &f, "name");
            rc = add_var(c, name, &v);
            pop(c);
        }
        if (rc == BAR_OK) {
            v->role = BAR_ROLE_ASKED;
            v->type = BAR_VAR_SINGLE;
            v->base = q->base;
            v->question = (long)q->index;
            v->codes = codes;
            set_code_bounds(v);
            rc = get_label(c, &f, "label", what, v->label);
        }
        pop(c);
    }
    return rc;
}

static bar_status read_question(ctx *c, json_t *obj, size_t blk)
{
    static const char *const keys[] = {"id",      "type",  "text",
                                       "base",    "asked_if", "codes",
                                       "scale",   "options", "items",
                                       "max_length"};
    /* Which of keys[5..9] each type may have. */
    static const char *const types[] = {"single", "multi", "grid", "text"};
    static const bool allowed[4][5] = {
        {true, true, false, false, false},  /* single: codes, scale */
        {false, false, true, false, false}, /* multi: options */
        {true, true, false, true, false},   /* grid: codes, scale, items */
        {false, false, false, false, true}, /* text: max_length */
    };
    bar_instrument *ins = c->ins;
    fields f;
    const char *id = NULL, *type = NULL;
    char desc[128];
    bar_status rc = fields_read(c, obj, keys, 10, &f,
                                describe(desc, sizeof desc, "question", obj,
                                         "id"));
    if (rc == BAR_OK)
        rc = get_string(c, &f, "id", "question", true, &id);
    if (rc != BAR_OK)
        return rc;
    char what[128];
    snprintf(what, sizeof what, "question '%.80s'", id);
    rc = get_string(c, &f, "type", what, true, &type);
    if (rc != BAR_OK)
        return rc;
    size_t t = 0;
    while (t < 4 && strcmp(types[t], type) != 0)
        t++;
    if (t == 4) {
        push_field(c, &f, "type");
        rc = fail(c, false, BAR_EINVALID,
                  "%s: type must be \"single\", \"multi\", \"grid\" or "
                  "\"text\"", what);
        pop(c);
        return rc;
    }
    for (size_t k = 5; k < 10; k++) {
        if (f.val[k] && !allowed[t][k - 5]) {
            push(c, f.idx[k]);
            rc = fail(c, true, BAR_EINVALID,
                      "%s: '%s' does not apply to a %s question", what,
                      keys[k], type);
            pop(c);
            return rc;
        }
    }
    push_field(c, &f, "id");
    if (!valid_name(id))
        rc = fail(c, false, BAR_EINVALID,
                  "%s: bad question id (want [a-z][a-z0-9_]*, at most %d "
                  "bytes)", what, MAX_NAME);
    else if (index_lookup(&ins->question_index, id))
        rc = fail(c, false, BAR_EINVALID, "duplicate question id '%s'", id);
    pop(c);
    if (rc != BAR_OK)
        return rc;

    bar_question q = {.ins = ins, .index = ins->nquestions, .id = id,
                      .type = (bar_question_type)t, .block = blk,
                      .base = ins->blocks[blk].base, .first_var = ins->nvars,
                      .exclusive = -1, .innovated = -1};
    rc = get_label(c, &f, "text", what, q.text);
    if (rc == BAR_OK)
        rc = get_base(c, &f, what, &q.base);
    if (rc == BAR_OK && q.base == BAR_BASE_INNOVATORS) {
        const bar_variable *inn = earlier_asked(c, "innovated");
        if (inn) {
            q.innovated = (long)inn->index;
        } else {
            bool own = field(&f, "base") != NULL;
            if (own)
                push_field(c, &f, "base");
            rc = fail(c, false, BAR_EINVALID,
                      "%s: base 'innovators' needs a question 'innovated' "
                      "before it", what);
            if (own)
                pop(c);
        }
    }
    json_t *cond = field(&f, "asked_if");
    if (rc == BAR_OK && cond) {
        push_field(c, &f, "asked_if");
        rc = read_asked_if(c, cond, what, &q);
        pop(c);
    }
    if (rc != BAR_OK)
        return rc;
    if (index_insert(&ins->question_index, id, q.index) != BAR_OK)
        return nomem(c);

    bar_variable *v = NULL;
    if (q.type == BAR_Q_SINGLE || q.type == BAR_Q_TEXT) {
        push_field(c, &f, "id");
        rc = add_var(c, id, &v);
        pop(c);
        if (rc != BAR_OK)
            return rc;
        v->role = BAR_ROLE_ASKED;
        v->base = q.base;
        v->question = (long)q.index;
        v->label[0] = q.text[0];
        v->label[1] = q.text[1];
    }
    if (q.type == BAR_Q_SINGLE) {
        v->type = BAR_VAR_SINGLE;
        rc = codes_or_scale(c, &f, what, &v->codes);
        if (rc == BAR_OK)
            set_code_bounds(v);
    } else if (q.type == BAR_Q_TEXT) {
        v->type = BAR_VAR_TEXT;
        v->min = 0;
        v->max = TEXT_DEFAULT;
        if (field(&f, "max_length"))
            rc = get_long(c, &f, "max_length", what, 1, TEXT_MAX, &v->max);
    } else if (q.type == BAR_Q_MULTI) {
        json_t *opts;
        rc = need(c, &f, "options", what, &opts);
        if (rc == BAR_OK) {
            push_field(c, &f, "options");
            rc = read_options(c, opts, what, &q);
            pop(c);
        }
    } else {
        const codeset *codes = NULL;
        json_t *items;
        rc = codes_or_scale(c, &f, what, &codes);
        if (rc == BAR_OK)
            rc = need(c, &f, "items", what, &items);
        if (rc == BAR_OK) {
            push_field(c, &f, "items");
            rc = read_items(c, items, what, codes, &q);
            pop(c);
        }
    }
    if (rc != BAR_OK)
        return rc;
    q.nvars = ins->nvars - q.first_var;
    if (ins->nquestions == ins->questions_cap) {
        size_t cap = ins->questions_cap ? 2 * ins->questions_cap : 32;
        bar_question *qs = realloc(ins->questions, cap * sizeof *qs);
        if (!qs)
            return nomem(c);
        ins->questions = qs;
        ins->questions_cap = cap;
    }
    ins->questions[ins->nquestions++] = q;
    return BAR_OK;
}

static bar_status read_block(ctx *c, json_t *obj, size_t blk)
{
    static const char *const keys[] = {"id", "title", "base", "questions"};
    bar_instrument *ins = c->ins;
    block *b = &ins->blocks[blk];
    *b = (block){.base = BAR_BASE_ALL};
    fields f;
    char desc[128];
    bar_status rc = fields_read(c, obj, keys, 4, &f,
                                describe(desc, sizeof desc, "block", obj,
                                         "id"));
    if (rc == BAR_OK)
        rc = get_string(c, &f, "id", "block", true, &b->id);
    if (rc != BAR_OK)
        return rc;
    char what[128];
    snprintf(what, sizeof what, "block '%.80s'", b->id);
    for (size_t i = 0; i < blk; i++) {
        if (strcmp(ins->blocks[i].id, b->id) == 0) {
            push_field(c, &f, "id");
            rc = fail(c, false, BAR_EINVALID, "duplicate block id '%s'",
                      b->id);
            pop(c);
            return rc;
        }
    }
    rc = get_label(c, &f, "title", what, b->title);
    if (rc == BAR_OK)
        rc = get_base(c, &f, what, &b->base);
    json_t *qs = NULL;
    if (rc == BAR_OK)
        rc = need(c, &f, "questions", what, &qs);
    if (rc != BAR_OK)
        return rc;
    push_field(c, &f, "questions");
    if (!json_is_array(qs) || json_array_size(qs) == 0)
        rc = fail(c, false, BAR_EINVALID,
                  "%s: 'questions' must be a non-empty array", what);
    for (size_t i = 0; rc == BAR_OK && i < json_array_size(qs); i++) {
        push(c, i);
        rc = read_question(c, json_array_get(qs, i), blk);
        pop(c);
    }
    pop(c);
    return rc;
}

static bar_status read_blocks(ctx *c, json_t *blocks)
{
    if (!json_is_array(blocks) || json_array_size(blocks) == 0)
        return fail(c, false, BAR_EINVALID,
                    "'blocks' must be a non-empty array");
    size_t n = json_array_size(blocks);
    c->ins->blocks = calloc(n, sizeof *c->ins->blocks);
    if (!c->ins->blocks)
        return nomem(c);
    bar_status rc = BAR_OK;
    for (size_t i = 0; rc == BAR_OK && i < n; i++) {
        push(c, i);
        rc = read_block(c, json_array_get(blocks, i), i);
        pop(c);
        c->ins->nblocks = i + 1;
    }
    return rc;
}

/* ---- derived ------------------------------------------------------------ */

static bar_status read_derived_var(ctx *c, json_t *obj)
{
    static const char *const keys[] = {"name",  "type", "label", "codes",
                                       "scale", "min",  "max"};
    fields f;
    const char *name = NULL, *type = NULL;
    char desc[128];
    bar_status rc = fields_read(c, obj, keys, 7, &f,
                                describe(desc, sizeof desc, "derived variable", obj,
                                         "name"));
    if (rc == BAR_OK)
        rc = get_string(c, &f, "name", "derived variable", true, &name);
    if (rc != BAR_OK)
        return rc;
    char what[128];
    snprintf(what, sizeof what, "derived variable '%.80s'", name);
    rc = get_string(c, &f, "type", what, true, &type);
    if (rc != BAR_OK)
        return rc;
    bar_variable *v;
    push_field(c, &f, "name");
    rc = add_var(c, name, &v);
    pop(c);
    if (rc == BAR_OK)
        rc = get_label(c, &f, "label", what, v->label);
    if (rc != BAR_OK)
        return rc;
    v->role = BAR_ROLE_DERIVED;
    bool single = strcmp(type, "single") == 0;
    bool number = strcmp(type, "number") == 0;
    bool binary = strcmp(type, "binary") == 0;
    const char *bad = NULL;
    if (!single && field(&f, "codes"))
        bad = "codes";
    else if (!single && field(&f, "scale"))
        bad = "scale";
    else if (!number && field(&f, "min"))
        bad = "min";
    else if (!number && field(&f, "max"))
        bad = "max";
    if (!single && !number && !binary) {
        push_field(c, &f, "type");
        rc = fail(c, false, BAR_EINVALID,
                  "%s: type must be \"single\", \"number\" or \"binary\"",
                  what);
        pop(c);
    } else if (bad) {
        push_field(c, &f, bad);
        rc = fail(c, true, BAR_EINVALID,
                  "%s: '%s' does not apply to type \"%s\"", what, bad, type);
        pop(c);
    } else if (single) {
        v->type = BAR_VAR_SINGLE;
        rc = codes_or_scale(c, &f, what, &v->codes);
        if (rc == BAR_OK)
            set_code_bounds(v);
    } else if (number) {
        v->type = BAR_VAR_NUMBER;
        rc = get_long(c, &f, "min", what, LONG_MIN, LONG_MAX, &v->min);
        if (rc == BAR_OK)
            rc = get_long(c, &f, "max", what, v->min, LONG_MAX, &v->max);
    } else {
        v->type = BAR_VAR_BINARY;
        v->codes = c->ins->binary;
        v->min = 0;
        v->max = 1;
    }
    return rc;
}

static bar_status read_derived(ctx *c, json_t *derived)
{
    if (!json_is_array(derived))
        return fail(c, false, BAR_EINVALID, "'derived' must be an array");
    bar_status rc = BAR_OK;
    for (size_t i = 0; rc == BAR_OK && i < json_array_size(derived); i++) {
        push(c, i);
        rc = read_derived_var(c, json_array_get(derived, i));
        pop(c);
    }
    return rc;
}

/* ---- the document ------------------------------------------------------- */

static bar_status read_document(ctx *c, json_t *root)
{
    static const char *const keys[] = {"format", "id",     "wave",   "title",
                                       "scales", "frame",  "blocks",
                                       "derived"};
    bar_instrument *ins = c->ins;
    fields f;
    long format = 0, wave = 0;
    bar_status rc = fields_read(c, root, keys, 8, &f, "instrument");
    if (rc == BAR_OK)
        rc = get_long(c, &f, "format", "instrument", 1, 1, &format);
    if (rc == BAR_OK)
        rc = get_string(c, &f, "id", "instrument", true, &ins->id);
    if (rc == BAR_OK)
        rc = get_long(c, &f, "wave", "instrument", 2000, 2100, &wave);
    ins->wave = (int)wave;
    if (rc == BAR_OK)
        rc = get_label(c, &f, "title", "instrument", ins->title);
    if (rc == BAR_OK && field(&f, "scales")) {
        push_field(c, &f, "scales");
        rc = read_scales(c, field(&f, "scales"));
        pop(c);
    }
    if (rc == BAR_OK)
        rc = make_binary(c);
    json_t *v = NULL;
    if (rc == BAR_OK)
        rc = need(c, &f, "frame", "instrument", &v);
    if (rc == BAR_OK) {
        push_field(c, &f, "frame");
        rc = read_frame(c, v);
        pop(c);
    }
    if (rc == BAR_OK)
        rc = need(c, &f, "blocks", "instrument", &v);
    if (rc == BAR_OK) {
        push_field(c, &f, "blocks");
        rc = read_blocks(c, v);
        pop(c);
    }
    if (rc == BAR_OK && field(&f, "derived")) {
        push_field(c, &f, "derived");
        rc = read_derived(c, field(&f, "derived"));
        pop(c);
    }
    return rc;
}

bar_status bar_instrument_parse(const char *text, size_t len,
                                const char *name, bar_instrument **out,
                                bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_instrument *ins = NULL;
    *out = NULL;
    if (!name)
        name = "instrument";
    if (len > MAX_FILE_BYTES) {
        rc = bar_error_at(err, BAR_ELIMIT, name, 0, 0, NULL,
                          "instrument is larger than %d bytes",
                          MAX_FILE_BYTES);
        goto cleanup;
    }
    ins = calloc(1, sizeof *ins);
    if (!ins) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", name);
        goto cleanup;
    }
    json_error_t jerr;
    ins->doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!ins->doc) {
        rc = bar_error_at(err, BAR_EPARSE, name, jerr.line > 0 ? jerr.line : 1,
                          jerr.column > 0 ? jerr.column : 1, NULL, "%s",
                          jerr.text);
        goto cleanup;
    }
    ctx c = {.text = text, .len = len, .name = name, .err = err, .ins = ins};
    rc = read_document(&c, ins->doc);
    if (rc != BAR_OK)
        goto cleanup;
    *out = ins;
    ins = NULL;
cleanup:
    bar_instrument_free(ins);
    return rc;
}

bar_status bar_instrument_load(const char *path, bar_instrument **out,
                               bar_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    bar_status rc = bar_file_read(path, MAX_FILE_BYTES, &text, &len, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_instrument_parse(text, len, path, out, err);
cleanup:
    free(text);
    return rc;
}

void bar_instrument_free(bar_instrument *ins)
{
    if (!ins)
        return;
    for (size_t i = 0; i < ins->nsets; i++)
        codeset_free(ins->sets[i]);
    free(ins->sets);
    free(ins->vars);
    free(ins->questions);
    free(ins->blocks);
    free(ins->scale_index.slots);
    free(ins->var_index.slots);
    free(ins->question_index.slots);
    json_decref(ins->doc);
    free(ins);
}

/* ---- queries ------------------------------------------------------------ */

/* Labels are nl and en; every other language reads the English ones. */
static int lang_of(bar_lang lang)
{
    return lang == BAR_LANG_NL ? 0 : 1;
}

const char *bar_instrument_id(const bar_instrument *ins)
{
    return ins->id;
}

int bar_instrument_wave(const bar_instrument *ins)
{
    return ins->wave;
}

const char *bar_instrument_title(const bar_instrument *ins, bar_lang lang)
{
    return ins->title[lang_of(lang)];
}

size_t bar_instrument_nvars(const bar_instrument *ins)
{
    return ins->nvars;
}

const bar_variable *bar_instrument_var(const bar_instrument *ins, size_t i)
{
    return i < ins->nvars ? &ins->vars[i] : NULL;
}

long bar_instrument_find(const bar_instrument *ins, const char *name)
{
    if (!name)
        return -1;
    const name_slot *s = index_lookup(&ins->var_index, name);
    return s ? (long)s->value : -1;
}

const char *bar_var_name(const bar_variable *v)
{
    return v->name;
}

size_t bar_var_index(const bar_variable *v)
{
    return v->index;
}

bar_var_type bar_var_type_of(const bar_variable *v)
{
    return v->type;
}

bar_var_role bar_var_role_of(const bar_variable *v)
{
    return v->role;
}

bar_base bar_var_base(const bar_variable *v)
{
    return v->base;
}

const char *bar_var_label(const bar_variable *v, bar_lang lang)
{
    return v->label[lang_of(lang)];
}

const bar_question *bar_var_question(const bar_variable *v)
{
    return v->question >= 0 ? &v->ins->questions[v->question] : NULL;
}

long bar_var_min(const bar_variable *v)
{
    return v->min;
}

long bar_var_max(const bar_variable *v)
{
    return v->max;
}

size_t bar_var_ncodes(const bar_variable *v)
{
    return v->codes ? v->codes->n : 0;
}

long bar_var_code(const bar_variable *v, size_t i)
{
    if (!v->codes || i >= v->codes->n)
        return -1;
    return v->codes->num ? v->codes->num[i] : (long)i;
}

const char *bar_var_code_str(const bar_variable *v, size_t i)
{
    if (!v->codes || !v->codes->str || i >= v->codes->n)
        return NULL;
    return v->codes->str[i];
}

const char *bar_var_code_label(const bar_variable *v, size_t i,
                               bar_lang lang)
{
    if (!v->codes || i >= v->codes->n)
        return NULL;
    return v->codes->label[lang_of(lang)][i];
}

long bar_var_code_pos(const bar_variable *v, long code)
{
    const codeset *s = v->codes;
    if (!s)
        return -1;
    if (!s->num)
        return code >= 0 && (size_t)code < s->n ? code : -1;
    for (size_t i = 0; i < s->n; i++)
        if (s->num[i] == code)
            return (long)i;
    return -1;
}

long bar_var_code_find(const bar_variable *v, const char *code)
{
    const codeset *s = v->codes;
    if (!s || !s->str || !code)
        return -1;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->str[i], code) == 0)
            return (long)i;
    return -1;
}

static bool holds(cond_op op, double x, long value)
{
    double y = (double)value;
    switch (op) {
    case OP_EQ: return x == y;
    case OP_NE: return x != y;
    case OP_GE: return x >= y;
    case OP_LE: return x <= y;
    case OP_GT: return x > y;
    case OP_LT: return x < y;
    }
    return false;
}

bool bar_var_asked(const bar_variable *v, const double *row)
{
    if (v->role != BAR_ROLE_ASKED || v->question < 0)
        return true;
    const bar_question *q = &v->ins->questions[v->question];
    if (q->base == BAR_BASE_INNOVATORS) {
        double inn = row[q->innovated];
        if (isnan(inn) || inn != 1.0)
            return false;
    }
    if (q->has_cond) {
        double x = row[q->cond_var];
        if (isnan(x) || !holds(q->cond_op, x, q->cond_value))
            return false;
    }
    return true;
}

size_t bar_instrument_nquestions(const bar_instrument *ins)
{
    return ins->nquestions;
}

const bar_question *bar_instrument_question(const bar_instrument *ins,
                                            size_t i)
{
    return i < ins->nquestions ? &ins->questions[i] : NULL;
}

const char *bar_question_id(const bar_question *q)
{
    return q->id;
}

bar_question_type bar_question_type_of(const bar_question *q)
{
    return q->type;
}

const char *bar_question_text(const bar_question *q, bar_lang lang)
{
    return q->text[lang_of(lang)];
}

const char *bar_question_block(const bar_question *q)
{
    return q->ins->blocks[q->block].id;
}

const char *bar_question_block_title(const bar_question *q, bar_lang lang)
{
    return q->ins->blocks[q->block].title[lang_of(lang)];
}

bar_base bar_question_base(const bar_question *q)
{
    return q->base;
}

size_t bar_question_nvars(const bar_question *q)
{
    return q->nvars;
}

const bar_variable *bar_question_var(const bar_question *q, size_t i)
{
    return i < q->nvars ? &q->ins->vars[q->first_var + i] : NULL;
}

const bar_variable *bar_question_exclusive(const bar_question *q)
{
    return q->exclusive >= 0 ? &q->ins->vars[q->exclusive] : NULL;
}

bool bar_question_asked_if(const bar_question *q, const bar_variable **var,
                           const char **op, long *value)
{
    static const char *const ops[] = {
        [OP_EQ] = "==", [OP_NE] = "!=", [OP_GE] = ">=",
        [OP_LE] = "<=", [OP_GT] = ">",  [OP_LT] = "<"};
    if (!q->has_cond)
        return false;
    if (var)
        *var = &q->ins->vars[q->cond_var];
    if (op)
        *op = ops[q->cond_op];
    if (value)
        *value = q->cond_value;
    return true;
}

const char *bar_var_type_name(bar_var_type t)
{
    switch (t) {
    case BAR_VAR_ID: return "id";
    case BAR_VAR_INTEGER: return "integer";
    case BAR_VAR_CATEGORY: return "category";
    case BAR_VAR_SINGLE: return "single";
    case BAR_VAR_BINARY: return "binary";
    case BAR_VAR_NUMBER: return "number";
    case BAR_VAR_TEXT: return "text";
    }
    return "";
}
