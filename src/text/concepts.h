/* concepts.h - the themes of a corpus: groups of terms used together.
 *
 * From a corpus (corpus.h):
 * 1. the terms of at least min_count answers (never below
 *    BAR_CONCEPTS_MIN_COUNT = 3: a rarer term could point at one
 *    organisation), at most max_terms of them, most frequent first;
 * 2. their co-occurrence: the number of answers holding both terms;
 * 3. the association of each pair by Dunning's log-likelihood ratio G2 on
 *    its 2 x 2 table of answers (both, one, the other, neither). G2 rather
 *    than PMI: PMI is largest for the rarest pairs (two terms of 3
 *    answers that meet once look as strong as any), G2 grows with the
 *    evidence and has a known scale (chi-square, 1 df). A pair is an edge
 *    of the graph when it meets in at least min_count answers, more often
 *    than independence predicts, and G2 >= 3.84 (p < 0.05); the edge's
 *    weight is G2;
 * 4. concept groups: the communities of that weighted graph by igraph's
 *    fast greedy modularity algorithm (Clauset, Newman and Moore), which
 *    uses no random numbers: the same corpus gives the same groups. Groups
 *    of one term are not concepts and are left out;
 * 5. in each group the terms ordered by their centrality: the weighted
 *    degree inside the group, each link weighted by the number of answers
 *    the two terms share (then by the sum of the links' G2, then count,
 *    then form); the group is named by its two most central terms
 *    ("digitaal & data"). Answers shared rather than G2: a phrase
 *    repeated word for word gives its words a huge G2 with each other,
 *    while the words that carry a theme are used in many answers together
 *    with many of its terms;
 * 6. per answer, which groups it touches (holds at least one of their
 *    terms); the groups ordered by the number of answers touching them,
 *    then by name; at most max_groups.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_CONCEPTS_H
#define BAR_CONCEPTS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "text/corpus.h"

enum {
    BAR_CONCEPTS_MIN_COUNT = 3,  /* the floor of min_count */
    BAR_CONCEPTS_MAX_TERMS = 400 /* the most terms in the graph */
};

typedef struct bar_concepts_opts {
    size_t min_count;   /* answers a term needs; 0 = 3; below 3 refused */
    size_t max_terms;   /* terms in the graph; 0 = 150 */
    size_t max_groups;  /* groups kept; 0 = 8 */
} bar_concepts_opts;

typedef struct bar_concept_term {
    char *form;         /* surface form, owned */
    char *stem;         /* owned */
    size_t count;       /* answers */
    double centrality;  /* answers shared with its group's linked terms */
} bar_concept_term;

typedef struct bar_concept_group {
    char *name;         /* "digitaal & data", owned */
    bar_concept_term *terms; /* most central first */
    size_t nterms;
    size_t count;       /* answers touching the group */
} bar_concept_group;

typedef struct bar_concepts {
    size_t nanswers;
    size_t min_count;
    size_t nterms;           /* terms of >= min_count answers in the graph */
    size_t nedges;
    bar_concept_group *groups;
    size_t ngroups;
    bool *touch;             /* nanswers x ngroups: touch[a * ngroups + g] */
    /* the graph itself, for checking it elsewhere (tests/ref/
     * text_groups.R): the nterms terms' forms, the edges (term indices u <
     * v and their G2), and each term's community (igraph's numbering;
     * -1 when there were no edges). All owned. */
    char **term_forms;
    size_t *edge_u, *edge_v;
    double *edge_g2;
    long *community;
} bar_concepts;

/* Find the concept groups of c (borrowed) by the steps above. *out is
 * always initialised: release with bar_concepts_clear, also after a
 * failure. BAR_EUSAGE (min_count below 3, max_terms above
 * BAR_CONCEPTS_MAX_TERMS), BAR_ENOMEM, BAR_ENUMERIC (igraph failed). */
bar_status bar_concepts_find(const bar_corpus *c,
                             const bar_concepts_opts *opts,
                             bar_concepts *out, bar_error *err);
void bar_concepts_clear(bar_concepts *k);

/* Dunning's G2 of a pair: both in a answers, the first in na, the second
 * in nb, of n answers (0 when the table is degenerate). */
double bar_concepts_g2(size_t a, size_t na, size_t nb, size_t n);

#endif
