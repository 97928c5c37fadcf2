/* corpus.h - the open answers as sets of terms, and how often each term is
 * used.
 *
 * A corpus takes answers one by one (an "answer" is what one organisation
 * wrote; it may be several texts, e.g. description and result_other),
 * tokenizes them (tokenizer.h), drops stop words (stoplist.h), stems the
 * rest (stemmer.h) and keeps, per answer, the set of its terms (a term is
 * a stem). A term's count is the number of answers it occurs in, not how
 * often it was written. Each term is shown by its most frequent surface
 * form (folded case, NFKC, diacritics kept: "financiële"), counted over every
 * occurrence; a tie goes to the form that sorts first by its bytes, so
 * the same answers always give the same form. Numbers, web addresses and
 * e-mail addresses are only counted (never kept as text).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_CORPUS_H
#define BAR_CORPUS_H

#include <stddef.h>

#include "core/status.h"
#include "text/stemmer.h"
#include "text/stoplist.h"

enum {
    BAR_CORPUS_MAX_ANSWERS = 10000000, /* answers of one corpus */
    BAR_CORPUS_MAX_TERMS = 2000000,    /* distinct stems */
    BAR_CORPUS_MAX_TEXTS = 16          /* texts of one answer */
};

typedef struct bar_corpus bar_corpus;

/* A new corpus using stop and stem (both borrowed: they must outlive the
 * corpus; stop may be NULL). NULL when out of memory. */
bar_corpus *bar_corpus_new(const bar_stoplist *stop, bar_stemmer *stem);
void bar_corpus_free(bar_corpus *c);

/* Add one answer made of texts[0 .. ntexts) (NULL entries are skipped;
 * each read as bar_tokenizer_split reads it). Its index is the number of
 * answers added before it; an answer without any term is still an answer.
 * BAR_ENOMEM, BAR_ELIMIT (too many answers, terms or texts). */
bar_status bar_corpus_add(bar_corpus *c, const char *const *texts,
                          size_t ntexts, bar_error *err);

size_t bar_corpus_nanswers(const bar_corpus *c);
size_t bar_corpus_nterms(const bar_corpus *c);
/* Term t (0 .. nterms - 1, in order of first appearance): its stem, its
 * surface form (as above) and its count (answers). Strings are owned by
 * the corpus. */
const char *bar_corpus_stem(const bar_corpus *c, size_t t);
const char *bar_corpus_form(const bar_corpus *c, size_t t);
size_t bar_corpus_count(const bar_corpus *c, size_t t);
/* The terms of answer a (each once, ascending term index) into *terms
 * (owned by the corpus, valid until the next add); their number. */
size_t bar_corpus_answer(const bar_corpus *c, size_t a,
                         const size_t **terms);

/* What the tokenizer found besides words, over all answers. */
typedef struct bar_corpus_tally {
    size_t words, stop_words, numbers, urls, emails;
} bar_corpus_tally;
bar_corpus_tally bar_corpus_tally_of(const bar_corpus *c);

#endif
