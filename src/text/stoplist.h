/* stoplist.h - the stop words: words too common to carry a theme.
 *
 * A set of words matched against a token's plain form (tokenizer.h: case
 * folded, diacritics stripped). It is filled from a file of one word a
 * line (data/text/stop-nl.txt: Snowball's Dutch list; '|' starts a
 * comment, as in Snowball's own files) and from the study's additions
 * (docs/study-format.md). Entries are folded the same way as tokens, so
 * "Één" in a file matches "een" in an answer.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_STOPLIST_H
#define BAR_STOPLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

enum {
    BAR_STOPLIST_MAX_WORDS = 10000,      /* entries of one list */
    BAR_STOPLIST_MAX_BYTES = 1024 * 1024 /* of a stop-word file */
};

typedef struct bar_stoplist bar_stoplist;

/* A new, empty list; NULL when out of memory. */
bar_stoplist *bar_stoplist_new(void);
void bar_stoplist_free(bar_stoplist *sl);

/* Add one word (UTF-8; folded here; copied). Empty words and words of
 * more than one token ("de heer") are refused with BAR_EINVALID; more
 * than BAR_STOPLIST_MAX_WORDS with BAR_ELIMIT; BAR_ENOMEM. */
bar_status bar_stoplist_add(bar_stoplist *sl, const char *word,
                            bar_error *err);
/* Add every word of the file at path (one a line; '|' to the end of the
 * line is a comment; blank lines skipped). BAR_EIO, BAR_ELIMIT,
 * BAR_EINVALID (file:line), BAR_ENOMEM. */
bar_status bar_stoplist_load(bar_stoplist *sl, const char *path,
                             bar_error *err);
/* Whether plain (a token's plain form) is a stop word. */
bool bar_stoplist_has(const bar_stoplist *sl, const char *plain);
size_t bar_stoplist_count(const bar_stoplist *sl);

#endif
