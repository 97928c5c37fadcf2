/* corpus.c - the answers as sets of terms (see corpus.h).
 *
 * Terms live in one array, found by stem through an open-addressing hash
 * table (FNV-1a, linear probing, at most half full). The answers' term
 * sets are one flat array of term indices with an offset per answer.
 */
#include "text/corpus.h"
#include "core/buf.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/tokenizer.h"

typedef struct form {
    char *text;
    size_t count;
} form;

typedef struct term {
    char *stem;
    size_t count;       /* answers */
    size_t last;        /* the last answer it was seen in, + 1 */
    form *forms;
    size_t nforms, aforms;
} term;

struct bar_corpus {
    const bar_stoplist *stop;
    bar_stemmer *stem;
    term *terms;
    size_t nterms, aterms;
    size_t *slots;      /* hash table of term index + 1; 0 = empty */
    size_t nslots;
    size_t *ids;        /* every answer's terms */
    size_t nids, aids;
    size_t *off;        /* answer a: ids[off[a] .. off[a + 1]) */
    size_t nanswers, aoff;
    bar_corpus_tally tally;
};

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

bar_corpus *bar_corpus_new(const bar_stoplist *stop, bar_stemmer *stem)
{
    bar_corpus *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    c->stop = stop;
    c->stem = stem;
    c->off = malloc(16 * sizeof *c->off);
    if (!c->off) {
        free(c);
        return NULL;
    }
    c->aoff = 16;
    c->off[0] = 0;
    return c;
}

void bar_corpus_free(bar_corpus *c)
{
    if (!c)
        return;
    for (size_t t = 0; t < c->nterms; t++) {
        free(c->terms[t].stem);
        for (size_t f = 0; f < c->terms[t].nforms; f++)
            free(c->terms[t].forms[f].text);
        free(c->terms[t].forms);
    }
    free(c->terms);
    free(c->slots);
    free(c->ids);
    free(c->off);
    free(c);
}

/* Rebuild the hash table with n slots (a power of two). */
static bool rehash(bar_corpus *c, size_t n)
{
    size_t *s = calloc(n, sizeof *s);
    if (!s)
        return false;
    for (size_t t = 0; t < c->nterms; t++) {
        const char *k = c->terms[t].stem;
        size_t i = (size_t)hash(k, strlen(k)) & (n - 1);
        while (s[i])
            i = (i + 1) & (n - 1);
        s[i] = t + 1;
    }
    free(c->slots);
    c->slots = s;
    c->nslots = n;
    return true;
}

/* The index of the term of stem s (n bytes) into *out, added when new.
 * BAR_ENOMEM, BAR_ELIMIT. */
static bar_status term_of(bar_corpus *c, const char *s, size_t n,
                          size_t *out, bar_error *err)
{
    if (2 * (c->nterms + 1) > c->nslots &&
        !rehash(c, c->nslots ? 2 * c->nslots : 1024))
        return bar_error_set(err, BAR_ENOMEM, "text: out of memory");
    size_t i = (size_t)hash(s, n) & (c->nslots - 1);
    while (c->slots[i]) {
        const char *k = c->terms[c->slots[i] - 1].stem;
        if (strncmp(k, s, n) == 0 && k[n] == '\0') {
            *out = c->slots[i] - 1;
            return BAR_OK;
        }
        i = (i + 1) & (c->nslots - 1);
    }
    if (c->nterms >= BAR_CORPUS_MAX_TERMS)
        return bar_error_set(err, BAR_ELIMIT, "text: more than %d distinct "
                             "terms", BAR_CORPUS_MAX_TERMS);
    char *copy = malloc(n + 1);
    if (!copy || !bar_array_grow((void **)&c->terms, &c->aterms, c->nterms + 1,
                                 sizeof *c->terms)) {
        free(copy);
        return bar_error_set(err, BAR_ENOMEM, "text: out of memory");
    }
    memcpy(copy, s, n);
    copy[n] = '\0';
    c->terms[c->nterms] = (term){.stem = copy};
    c->slots[i] = c->nterms + 1;
    *out = c->nterms++;
    return BAR_OK;
}

static bar_status add_form(term *t, const char *s, bar_error *err)
{
    for (size_t f = 0; f < t->nforms; f++)
        if (strcmp(t->forms[f].text, s) == 0) {
            t->forms[f].count++;
            return BAR_OK;
        }
    char *copy = strdup(s);
    if (!copy || !bar_array_grow((void **)&t->forms, &t->aforms, t->nforms + 1,
                                 sizeof *t->forms)) {
        free(copy);
        return bar_error_set(err, BAR_ENOMEM, "text: out of memory");
    }
    t->forms[t->nforms++] = (form){copy, 1};
    return BAR_OK;
}

static bar_status on_token(void *ctx, const bar_token *tk, bar_error *err)
{
    bar_corpus *c = ctx;
    switch (tk->kind) {
    case BAR_TOKEN_NUMBER: c->tally.numbers++; return BAR_OK;
    case BAR_TOKEN_URL: c->tally.urls++; return BAR_OK;
    case BAR_TOKEN_EMAIL: c->tally.emails++; return BAR_OK;
    case BAR_TOKEN_WORD: break;
    }
    c->tally.words++;
    if (bar_stoplist_has(c->stop, tk->plain)) {
        c->tally.stop_words++;
        return BAR_OK;
    }
    size_t n = 0;
    const char *s = bar_stemmer_stem(c->stem, tk->key, strlen(tk->key), &n);
    if (!s)
        return bar_error_set(err, BAR_ENOMEM, "text: out of memory");
    if (n == 0)
        return BAR_OK;
    size_t t = 0;
    bar_status rc = term_of(c, s, n, &t, err);
    if (rc != BAR_OK)
        return rc;
    term *tm = &c->terms[t];
    rc = add_form(tm, tk->surface, err);
    if (rc != BAR_OK)
        return rc;
    if (tm->last != c->nanswers + 1) {
        tm->last = c->nanswers + 1;
        tm->count++;
        if (!bar_array_grow((void **)&c->ids, &c->aids, c->nids + 1,
                            sizeof *c->ids))
            return bar_error_set(err, BAR_ENOMEM, "text: out of memory");
        c->ids[c->nids++] = t;
    }
    return BAR_OK;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

bar_status bar_corpus_add(bar_corpus *c, const char *const *texts,
                          size_t ntexts, bar_error *err)
{
    if (c->nanswers >= BAR_CORPUS_MAX_ANSWERS)
        return bar_error_set(err, BAR_ELIMIT, "text: more than %d answers",
                             BAR_CORPUS_MAX_ANSWERS);
    if (ntexts > BAR_CORPUS_MAX_TEXTS)
        return bar_error_set(err, BAR_ELIMIT, "text: more than %d texts in "
                             "one answer", BAR_CORPUS_MAX_TEXTS);
    if (!bar_array_grow((void **)&c->off, &c->aoff, c->nanswers + 2,
                        sizeof *c->off))
        return bar_error_set(err, BAR_ENOMEM, "text: out of memory");
    size_t start = c->nids;
    bar_status rc = BAR_OK;
    for (size_t i = 0; i < ntexts && rc == BAR_OK; i++)
        if (texts[i])
            rc = bar_tokenizer_split(texts[i], strlen(texts[i]), on_token, c,
                                     err);
    if (rc != BAR_OK) {
        /* undo this answer's counts, so that the corpus stays whole */
        for (size_t k = start; k < c->nids; k++) {
            c->terms[c->ids[k]].count--;
            c->terms[c->ids[k]].last = 0;
        }
        c->nids = start;
        return rc;
    }
    if (c->nids > start) /* c->ids is NULL before the first term */
        qsort(c->ids + start, c->nids - start, sizeof *c->ids, cmp_size);
    c->off[++c->nanswers] = c->nids;
    return BAR_OK;
}

size_t bar_corpus_nanswers(const bar_corpus *c) { return c->nanswers; }
size_t bar_corpus_nterms(const bar_corpus *c) { return c->nterms; }
const char *bar_corpus_stem(const bar_corpus *c, size_t t)
{
    return c->terms[t].stem;
}
size_t bar_corpus_count(const bar_corpus *c, size_t t)
{
    return c->terms[t].count;
}

const char *bar_corpus_form(const bar_corpus *c, size_t t)
{
    const term *tm = &c->terms[t];
    const form *best = NULL;
    for (size_t f = 0; f < tm->nforms; f++) {
        const form *x = &tm->forms[f];
        if (!best || x->count > best->count ||
            (x->count == best->count && strcmp(x->text, best->text) < 0))
            best = x;
    }
    return best ? best->text : tm->stem;
}

size_t bar_corpus_answer(const bar_corpus *c, size_t a, const size_t **terms)
{
    *terms = c->ids + c->off[a];
    return c->off[a + 1] - c->off[a];
}

bar_corpus_tally bar_corpus_tally_of(const bar_corpus *c)
{
    return c->tally;
}
