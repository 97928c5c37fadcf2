/* stemmer.h - a word reduced to its stem: the Snowball stemmers.
 *
 * A thin owner of one libstemmer stemmer (Snowball's C stemmers, Debian
 * libstemmer-dev), so that the rest of the text layer does not see
 * libstemmer. The input is one word, case folded (the Snowball stemmers
 * expect lower case); the Dutch stemmer removes the diacritics of ä ë ï ö
 * ü á é í ó ú è itself. Its wiring is tested against Snowball's own
 * vocabulary (tests/test_text.c, snowball-data's dutch/voc.txt and
 * output.txt).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_STEMMER_H
#define BAR_STEMMER_H

#include <stddef.h>

#include "core/status.h"

typedef struct bar_stemmer bar_stemmer;

/* A stemmer for language (Snowball's name: "dutch"), UTF-8. *out is a new
 * stemmer (release with bar_stemmer_free) or NULL on failure:
 * BAR_ENOTFOUND (no such language), BAR_ENOMEM. */
bar_status bar_stemmer_new(const char *language, bar_stemmer **out,
                           bar_error *err);
void bar_stemmer_free(bar_stemmer *st);

/* The stem of word (len bytes, UTF-8, lower case). The result is owned by
 * the stemmer and valid until its next call; its length in *stem_len.
 * NULL when out of memory. Not thread safe: one stemmer per thread. */
const char *bar_stemmer_stem(bar_stemmer *st, const char *word, size_t len,
                             size_t *stem_len);

#endif
