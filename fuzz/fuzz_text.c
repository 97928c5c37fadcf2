/* fuzz_text.c - libFuzzer target for the tokenizer of open answers
 * (text/tokenizer.h) and the redaction of quotes: every open answer of a
 * wave goes through bar_tokenizer_split, every approved quote through
 * bar_tokenizer_redact.
 *
 * Checks their contract on any bytes: BAR_OK; every word token non-empty,
 * valid UTF-8, within BAR_TOKEN_MAX_BYTES, without white space, '@' or a
 * "://"; other kinds without text; the redacted copy valid UTF-8 holding
 * no '@' and no "://" (an address never survives); redacting twice gives
 * the same text. The input also goes through a whole corpus and its
 * concept groups, in slices as answers.
 *
 * Build: cmake -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON; run e.g.
 *   ./fuzz_text -max_len=20000
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "core/buf.h"
#include "text/concepts.h"
#include "text/corpus.h"
#include "text/stemmer.h"
#include "text/tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool valid_utf8(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0)
            return false;
        i += (size_t)k;
    }
    return true;
}

static bar_status check(void *ctx, const bar_token *t, bar_error *err)
{
    (void)ctx;
    (void)err;
    if (t->kind != BAR_TOKEN_WORD) {
        if (t->surface || t->key || t->plain)
            abort();
        return BAR_OK;
    }
    size_t n = strlen(t->surface);
    if (n == 0 || n > BAR_TOKEN_MAX_BYTES || !valid_utf8(t->surface, n) ||
        strchr(t->surface, '@') || strstr(t->surface, "://") ||
        strchr(t->surface, ' ') || strlen(t->key) == 0)
        abort();
    return BAR_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    if (bar_tokenizer_split(text, size, check, NULL, NULL) != BAR_OK)
        abort();
    bar_buf a, b;
    bar_buf_init(&a, 1 << 20);
    bar_buf_init(&b, 1 << 20);
    if (bar_tokenizer_redact(text, size, &a) != BAR_OK)
        abort();
    const char *r = a.data ? a.data : "";
    if (!valid_utf8(r, a.len) || strchr(r, '@') || strstr(r, "://"))
        abort();
    if (bar_tokenizer_redact(r, a.len, &b) != BAR_OK ||
        strcmp(r, b.data ? b.data : "") != 0)
        abort();
    bar_buf_clear(&a);
    bar_buf_clear(&b);

    /* slices of the input as answers of a corpus */
    static bar_stemmer *st;
    if (!st && bar_stemmer_new("dutch", &st, NULL) != BAR_OK)
        abort();
    bar_corpus *c = bar_corpus_new(NULL, st);
    if (!c)
        return 0;
    char *copy = malloc(size + 1);
    if (copy) {
        memcpy(copy, data, size);
        copy[size] = '\0';
        const char *p = copy;
        for (size_t i = 0; i <= size; i++)
            if (i == size || copy[i] == '\n') {
                copy[i] = '\0';
                if (bar_corpus_add(c, &p, 1, NULL) != BAR_OK)
                    abort();
                p = copy + i + 1;
            }
        bar_concepts k;
        if (bar_concepts_find(c, NULL, &k, NULL) != BAR_OK)
            abort();
        for (size_t g = 0; g < k.ngroups; g++)
            for (size_t t = 0; t < k.groups[g].nterms; t++)
                if (k.groups[g].terms[t].count < 3)
                    abort();
        bar_concepts_clear(&k);
    }
    free(copy);
    bar_corpus_free(c);
    return 0;
}
