/* textmine.h - the text mining of open answers, from answers to concept
 * groups, as the study specifies it.
 *
 * The one pipeline the analysis (the report's text figure) and the
 * command `barometer text` share: the study's text specification (which
 * columns, stop-word additions, the minimum count; docs/study-format.md)
 * gives a stop list (data/text/stop-nl.txt plus the additions), the
 * Snowball Dutch stemmer and an empty corpus; answers are added one by
 * one; bar_textmine_find gives the concept groups (concepts.h). Method
 * and rules: docs/text-mining.md.
 *
 * Nothing of an answer's text leaves this layer except the surface forms
 * of terms (each a single word found in at least min_count answers, never
 * a web or e-mail address or a number).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_TEXTMINE_H
#define BAR_TEXTMINE_H

#include <stddef.h>

#include <jansson.h>

#include "core/status.h"
#include "text/concepts.h"
#include "text/corpus.h"

/* The language of the answers this pipeline reads (its stop list and
 * stemmer are Dutch), as a BCP 47 tag: a page in another language marks
 * the terms and quotes it shows with it (lang="nl"). */
#define BAR_TEXTMINE_LANG "nl"

enum {
    BAR_TEXTMINE_MAX_COLUMNS = 16,   /* text columns of one analysis */
    BAR_TEXTMINE_MAX_STOP = 1000     /* the study's stop-word additions */
};

/* A text specification; every pointer borrowed. */
typedef struct bar_textmine_spec {
    const char *const *columns;    /* the text variables, e.g.
                                      description, result_other */
    size_t ncolumns;
    const char *const *stop_words; /* additions to the stop list */
    size_t nstop_words;
    size_t min_count;              /* answers a term needs; 0 = 3; never
                                      below 3 */
    size_t max_groups;             /* concept groups shown; 0 = 8 */
} bar_textmine_spec;

typedef struct bar_textmine bar_textmine;

/* A new pipeline for spec (borrowed, may be NULL: no additions, minimum
 * 3), with the stop list of the data folder (bar_datadir()) and the Dutch
 * stemmer. Errors: BAR_EUSAGE (min_count below 3), BAR_EIO/BAR_EINVALID
 * (the stop-word file), BAR_EINVALID (an addition that is not one word),
 * BAR_ENOMEM. *out is NULL on failure. */
bar_status bar_textmine_new(const bar_textmine_spec *spec,
                            bar_textmine **out, bar_error *err);
void bar_textmine_free(bar_textmine *tm);

/* Add one answer (texts[0 .. n), NULL entries skipped); bar_corpus_add. */
bar_status bar_textmine_add(bar_textmine *tm, const char *const *texts,
                            size_t n, bar_error *err);
/* Add every non-empty cell of column of the CSV file at path as one
 * answer; the rows read (the header excluded) to *rows. BAR_ENOTFOUND (no
 * such column), the CSV reader's errors. */
bar_status bar_textmine_add_csv(bar_textmine *tm, const char *path,
                                const char *column, size_t *rows,
                                bar_error *err);
const bar_corpus *bar_textmine_corpus(const bar_textmine *tm);

/* The concept groups of the answers added so far (concepts.h); *out is
 * always initialised: release with bar_concepts_clear. */
bar_status bar_textmine_find(bar_textmine *tm, bar_concepts *out,
                             bar_error *err);

/* The groups as a new JSON object for `barometer text --json`: answers,
 * min_count, terms and edges in the graph, the tally of tokens, the
 * groups with their terms (form, count, centrality) and counts, and the
 * graph itself ("graph": the terms' forms, the edges [u, v, G2] and each
 * term's community, for tests/ref/text_groups.R). Holds no answer text.
 * NULL when out of memory. */
json_t *bar_textmine_json(const bar_textmine *tm, const bar_concepts *k);

#endif
