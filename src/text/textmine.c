/* textmine.c - the pipeline from answers to concept groups (see
 * textmine.h). */
#include "text/textmine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "core/datadir.h"

struct bar_textmine {
    bar_stoplist *stop;
    bar_stemmer *stem;
    bar_corpus *corpus;
    size_t min_count, max_groups;
};

void bar_textmine_free(bar_textmine *tm)
{
    if (!tm)
        return;
    bar_corpus_free(tm->corpus);
    bar_stemmer_free(tm->stem);
    bar_stoplist_free(tm->stop);
    free(tm);
}

bar_status bar_textmine_new(const bar_textmine_spec *spec,
                            bar_textmine **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = NULL;
    bar_textmine *tm = calloc(1, sizeof *tm);
    if (!tm)
        return bar_error_set(err, BAR_ENOMEM, "text: out of memory");
    tm->min_count = spec && spec->min_count ? spec->min_count
                                            : BAR_CONCEPTS_MIN_COUNT;
    tm->max_groups = spec ? spec->max_groups : 0;
    if (tm->min_count < BAR_CONCEPTS_MIN_COUNT) {
        rc = bar_error_set(err, BAR_EUSAGE, "text: a minimum count of %zu "
                           "answers is below %d", tm->min_count,
                           BAR_CONCEPTS_MIN_COUNT);
        goto cleanup;
    }
    if (spec && spec->nstop_words > BAR_TEXTMINE_MAX_STOP) {
        rc = bar_error_set(err, BAR_ELIMIT, "text: more than %d stop-word "
                           "additions", BAR_TEXTMINE_MAX_STOP);
        goto cleanup;
    }
    tm->stop = bar_stoplist_new();
    if (!tm->stop) {
        rc = bar_error_set(err, BAR_ENOMEM, "text: out of memory");
        goto cleanup;
    }
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/text/stop-nl.txt",
                     bar_datadir());
    if (n < 0 || (size_t)n >= sizeof path) {
        rc = bar_error_set(err, BAR_ELIMIT, "text: data folder name too "
                           "long");
        goto cleanup;
    }
    if ((rc = bar_stoplist_load(tm->stop, path, err)) != BAR_OK)
        goto cleanup;
    for (size_t i = 0; spec && i < spec->nstop_words; i++)
        if ((rc = bar_stoplist_add(tm->stop, spec->stop_words[i], err)) !=
            BAR_OK)
            goto cleanup;
    if ((rc = bar_stemmer_new("dutch", &tm->stem, err)) != BAR_OK)
        goto cleanup;
    tm->corpus = bar_corpus_new(tm->stop, tm->stem);
    if (!tm->corpus) {
        rc = bar_error_set(err, BAR_ENOMEM, "text: out of memory");
        goto cleanup;
    }
    *out = tm;
    tm = NULL;
cleanup:
    bar_textmine_free(tm);
    return rc;
}

bar_status bar_textmine_add(bar_textmine *tm, const char *const *texts,
                            size_t n, bar_error *err)
{
    return bar_corpus_add(tm->corpus, texts, n, err);
}

const bar_corpus *bar_textmine_corpus(const bar_textmine *tm)
{
    return tm->corpus;
}

typedef struct csv_ctx {
    bar_textmine *tm;
    const char *column;
    long col;
    size_t rows;
} csv_ctx;

static bar_status csv_row(void *ctx, const bar_csv_row *row, bar_error *err)
{
    csv_ctx *c = ctx;
    if (c->col < 0) {
        for (size_t i = 0; i < row->nfields; i++)
            if (strcmp(row->fields[i], c->column) == 0) {
                c->col = (long)i;
                break;
            }
        if (c->col < 0)
            return bar_error_set(err, BAR_ENOTFOUND, "text: no column '%s'",
                                 c->column);
        return BAR_OK;
    }
    c->rows++;
    const char *cell = row->fields[c->col];
    if (!cell || !*cell)
        return BAR_OK;
    return bar_corpus_add(c->tm->corpus, &cell, 1, err);
}

bar_status bar_textmine_add_csv(bar_textmine *tm, const char *path,
                                const char *column, size_t *rows,
                                bar_error *err)
{
    csv_ctx c = {tm, column, -1, 0};
    bar_status rc = bar_csv_parse_file(path, csv_row, &c, err);
    if (rows)
        *rows = c.rows;
    return rc;
}

bar_status bar_textmine_find(bar_textmine *tm, bar_concepts *out,
                             bar_error *err)
{
    bar_concepts_opts o = {.min_count = tm->min_count,
                           .max_groups = tm->max_groups};
    return bar_concepts_find(tm->corpus, &o, out, err);
}

json_t *bar_textmine_json(const bar_textmine *tm, const bar_concepts *k)
{
    bar_corpus_tally t = bar_corpus_tally_of(tm->corpus);
    json_t *groups = json_array();
    json_t *doc = json_pack(
        "{s:I, s:I, s:I, s:I, s:{s:I, s:I, s:I, s:I, s:I}, s:s, s:o}",
        "answers", (json_int_t)k->nanswers, "min_count",
        (json_int_t)k->min_count, "terms", (json_int_t)k->nterms, "edges",
        (json_int_t)k->nedges, "tokens", "words", (json_int_t)t.words,
        "stop_words", (json_int_t)t.stop_words, "numbers",
        (json_int_t)t.numbers, "urls", (json_int_t)t.urls, "emails",
        (json_int_t)t.emails, "method",
        "Snowball Dutch stems; terms in >= min_count answers; edges by "
        "Dunning's G2 (p < 0.05); igraph fast greedy communities",
        "groups", groups);
    if (!doc)
        return NULL;
    /* the graph: terms (forms), edges [u, v, G2], communities */
    json_t *gterms = json_array(), *edges = json_array();
    json_t *comm = json_array();
    if (json_object_set_new(doc, "graph",
                            json_pack("{s:o, s:o, s:o}", "terms", gterms,
                                      "edges", edges, "communities",
                                      comm)) != 0) {
        json_decref(doc);
        return NULL;
    }
    bool bad = false;
    for (size_t i = 0; k->term_forms && i < k->nterms; i++) {
        bad |= json_array_append_new(gterms,
                                     json_string(k->term_forms[i])) != 0;
        bad |= json_array_append_new(
                   comm, json_integer((json_int_t)k->community[i])) != 0;
    }
    for (size_t e = 0; k->edge_u && e < k->nedges; e++)
        bad |= json_array_append_new(
                   edges, json_pack("[I, I, f]", (json_int_t)k->edge_u[e],
                                    (json_int_t)k->edge_v[e],
                                    k->edge_g2[e])) != 0;
    if (bad) {
        json_decref(doc);
        return NULL;
    }
    for (size_t g = 0; g < k->ngroups; g++) {
        const bar_concept_group *grp = &k->groups[g];
        json_t *terms = json_array();
        json_t *o = json_pack("{s:s, s:I, s:o}", "name", grp->name,
                              "answers", (json_int_t)grp->count, "terms",
                              terms);
        if (!o || json_array_append_new(groups, o) != 0) {
            json_decref(doc);
            return NULL;
        }
        for (size_t i = 0; i < grp->nterms; i++) {
            json_t *x = json_pack("{s:s, s:s, s:I, s:f}", "term",
                                  grp->terms[i].form, "stem",
                                  grp->terms[i].stem, "answers",
                                  (json_int_t)grp->terms[i].count,
                                  "centrality", grp->terms[i].centrality);
            if (!x || json_array_append_new(terms, x) != 0) {
                json_decref(doc);
                return NULL;
            }
        }
    }
    return doc;
}
