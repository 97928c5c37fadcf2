/* stoplist.c - the stop words (see stoplist.h): a sorted array of plain
 * forms, searched by bisection. */
#include "text/stoplist.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "text/tokenizer.h"

struct bar_stoplist {
    char **words; /* sorted, unique */
    size_t n, cap;
};

bar_stoplist *bar_stoplist_new(void)
{
    return calloc(1, sizeof(bar_stoplist));
}

void bar_stoplist_free(bar_stoplist *sl)
{
    if (!sl)
        return;
    for (size_t i = 0; i < sl->n; i++)
        free(sl->words[i]);
    free(sl->words);
    free(sl);
}

size_t bar_stoplist_count(const bar_stoplist *sl) { return sl ? sl->n : 0; }

/* bisection: the index of w, or where it goes (*found false) */
static size_t find(const bar_stoplist *sl, const char *w, bool *found)
{
    size_t lo = 0, hi = sl->n;
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(sl->words[mid], w);
        if (c == 0) {
            *found = true;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

bool bar_stoplist_has(const bar_stoplist *sl, const char *plain)
{
    bool found = false;
    if (sl && plain)
        find(sl, plain, &found);
    return found;
}

/* The one plain form of a stop word, through the tokenizer. */
typedef struct one {
    char plain[BAR_TOKEN_MAX_BYTES + 8];
    size_t words, others;
} one;

static bar_status take(void *ctx, const bar_token *t, bar_error *err)
{
    (void)err;
    one *o = ctx;
    if (t->kind != BAR_TOKEN_WORD) {
        o->others++;
        return BAR_OK;
    }
    if (o->words++ == 0) {
        size_t k = strlen(t->plain);
        memcpy(o->plain, t->plain, k + 1);
    }
    return BAR_OK;
}

bar_status bar_stoplist_add(bar_stoplist *sl, const char *word,
                            bar_error *err)
{
    one o = {{0}, 0, 0};
    bar_status rc = bar_tokenizer_split(word, word ? strlen(word) : 0, take,
                                        &o, err);
    if (rc != BAR_OK)
        return rc;
    /* one-letter words give no token: nothing to match, nothing to add */
    if (o.words == 0 && o.others == 0 && word && *word)
        return BAR_OK;
    if (o.words != 1 || o.others != 0)
        return bar_error_set(err, BAR_EINVALID, "stop word '%.60s': not "
                             "one word", word ? word : "");
    bool found;
    size_t at = find(sl, o.plain, &found);
    if (found)
        return BAR_OK;
    if (sl->n >= BAR_STOPLIST_MAX_WORDS)
        return bar_error_set(err, BAR_ELIMIT, "stop words: more than %d",
                             BAR_STOPLIST_MAX_WORDS);
    if (sl->n == sl->cap) {
        size_t cap = sl->cap ? 2 * sl->cap : 128;
        char **w = realloc(sl->words, cap * sizeof *w);
        if (!w)
            return bar_error_set(err, BAR_ENOMEM, "out of memory");
        sl->words = w;
        sl->cap = cap;
    }
    char *copy = strdup(o.plain);
    if (!copy)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    memmove(sl->words + at + 1, sl->words + at,
            (sl->n - at) * sizeof *sl->words);
    sl->words[at] = copy;
    sl->n++;
    return BAR_OK;
}

bar_status bar_stoplist_load(bar_stoplist *sl, const char *path,
                             bar_error *err)
{
    char *data = NULL;
    size_t len = 0;
    bar_status rc = bar_file_read(path, BAR_STOPLIST_MAX_BYTES, &data, &len,
                                  err);
    if (rc != BAR_OK)
        goto cleanup;
    long line = 0;
    for (char *p = data; p && *p && rc == BAR_OK;) {
        line++;
        char *end = strchr(p, '\n');
        char *next = end ? end + 1 : NULL;
        if (end)
            *end = '\0';
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        /* trim */
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        size_t k = strlen(p);
        while (k > 0 && (p[k - 1] == ' ' || p[k - 1] == '\t' ||
                         p[k - 1] == '\r'))
            p[--k] = '\0';
        if (k > 0) {
            bar_error e2;
            bar_error_init(&e2);
            rc = bar_stoplist_add(sl, p, &e2);
            if (rc != BAR_OK)
                bar_error_set(err, rc, "%s:%ld: %s", path, line, e2.msg);
            bar_error_clear(&e2);
        }
        p = next;
    }
cleanup:
    free(data);
    return rc;
}
