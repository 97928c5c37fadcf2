/* stemmer.c - one libstemmer stemmer (see stemmer.h). */
#include "text/stemmer.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

struct bar_stemmer {
    struct sb_stemmer *sb;
};

bar_status bar_stemmer_new(const char *language, bar_stemmer **out,
                           bar_error *err)
{
    *out = NULL;
    bar_stemmer *st = calloc(1, sizeof *st);
    if (!st)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    /* libstemmer returns NULL both for an unknown language and when out
     * of memory; the list of languages tells the two apart */
    st->sb = sb_stemmer_new(language, "UTF_8");
    if (!st->sb) {
        bool known = false;
        for (const char **l = sb_stemmer_list(); l && *l; l++)
            if (strcmp(*l, language) == 0)
                known = true;
        free(st);
        return known ? bar_error_set(err, BAR_ENOMEM, "out of memory")
                     : bar_error_set(err, BAR_ENOTFOUND, "no Snowball "
                                     "stemmer for '%s'", language);
    }
    *out = st;
    return BAR_OK;
}

void bar_stemmer_free(bar_stemmer *st)
{
    if (!st)
        return;
    sb_stemmer_delete(st->sb);
    free(st);
}

const char *bar_stemmer_stem(bar_stemmer *st, const char *word, size_t len,
                             size_t *stem_len)
{
    const sb_symbol *s =
        sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len);
    *stem_len = s ? (size_t)sb_stemmer_length(st->sb) : 0;
    return (const char *)s;
}
