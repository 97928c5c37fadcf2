/* concepts.c - the concept groups of a corpus (see concepts.h): kept
 * terms, a dense co-occurrence triangle, G2 edges, igraph's fast greedy
 * communities. */
#include "text/concepts.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <igraph.h>

enum { DEFAULT_MAX_TERMS = 150, DEFAULT_MAX_GROUPS = 8, NAME_TERMS = 2 };

/* G2 >= this: p < 0.05 on one degree of freedom */
static const double g2_critical = 3.841458820694124;

double bar_concepts_g2(size_t a, size_t na, size_t nb, size_t n)
{
    if (n == 0 || a > na || a > nb || na + nb - a > n)
        return 0.0;
    double k[4] = {(double)a, (double)(na - a), (double)(nb - a),
                   (double)(n - na - nb + a)};
    double row[2] = {(double)na, (double)(n - na)};
    double col[2] = {(double)nb, (double)(n - nb)};
    double g = 0.0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++) {
            double o = k[2 * i + j], e = row[i] * col[j] / (double)n;
            if (o > 0.0 && e > 0.0)
                g += o * log(o / e);
        }
    return g > 0.0 ? 2.0 * g : 0.0;
}

void bar_concepts_clear(bar_concepts *k)
{
    if (!k)
        return;
    for (size_t g = 0; g < k->ngroups; g++) {
        for (size_t t = 0; t < k->groups[g].nterms; t++) {
            free(k->groups[g].terms[t].form);
            free(k->groups[g].terms[t].stem);
        }
        free(k->groups[g].terms);
        free(k->groups[g].name);
    }
    free(k->groups);
    free(k->touch);
    for (size_t t = 0; k->term_forms && t < k->nterms; t++)
        free(k->term_forms[t]);
    free(k->term_forms);
    free(k->edge_u);
    free(k->edge_v);
    free(k->edge_g2);
    free(k->community);
    *k = (bar_concepts){0};
}

typedef struct kept {
    size_t term;     /* corpus index */
    size_t count;
    const char *stem;
} kept;

static int by_count(const void *a, const void *b)
{
    const kept *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->stem, y->stem);
}

/* A group being built: its kept indices, with centrality. */
typedef struct member {
    size_t k;
    double centrality; /* answers shared with the group's terms */
    double strength;   /* G2 sum inside the group: ties */
    size_t count;
    const char *form;
} member;

static int by_centrality(const void *a, const void *b)
{
    const member *x = a, *y = b;
    if (x->centrality != y->centrality)
        return x->centrality > y->centrality ? -1 : 1;
    if (x->strength != y->strength)
        return x->strength > y->strength ? -1 : 1;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->form, y->form);
}

static int by_group_count(const void *a, const void *b)
{
    const bar_concept_group *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->name, y->name);
}

static size_t tri(size_t i, size_t j, size_t n)
{
    /* i < j < n: index into the strict upper triangle, row by row */
    return i * n - i * (i + 1) / 2 + (j - i - 1);
}

bar_status bar_concepts_find(const bar_corpus *c,
                             const bar_concepts_opts *opts,
                             bar_concepts *out, bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = (bar_concepts){0};
    size_t min_count = opts && opts->min_count ? opts->min_count
                                               : BAR_CONCEPTS_MIN_COUNT;
    size_t max_terms = opts && opts->max_terms ? opts->max_terms
                                               : DEFAULT_MAX_TERMS;
    size_t max_groups = opts && opts->max_groups ? opts->max_groups
                                                 : DEFAULT_MAX_GROUPS;
    kept *kp = NULL;
    long *kof = NULL;
    uint32_t *co = NULL;
    size_t *ins = NULL;
    member *mem = NULL;
    long *gof = NULL;
    size_t *stamp = NULL, *rank = NULL;
    bool igraph_live = false;
    igraph_t graph;
    igraph_vector_int_t edges, membership;
    igraph_vector_t weights, modularity;
    igraph_matrix_int_t merges;
    bool v_edges = false, v_weights = false, v_member = false,
         v_mod = false, v_merges = false;

    if (min_count < BAR_CONCEPTS_MIN_COUNT)
        return bar_error_set(err, BAR_EUSAGE, "text: a minimum count of "
                             "%zu answers is below %d", min_count,
                             BAR_CONCEPTS_MIN_COUNT);
    if (max_terms > BAR_CONCEPTS_MAX_TERMS)
        return bar_error_set(err, BAR_EUSAGE, "text: more than %d terms",
                             BAR_CONCEPTS_MAX_TERMS);
    size_t n = bar_corpus_nanswers(c), nt = bar_corpus_nterms(c);
    out->nanswers = n;
    out->min_count = min_count;

    /* 1. the kept terms */
    kp = malloc((nt ? nt : 1) * sizeof *kp);
    kof = malloc((nt ? nt : 1) * sizeof *kof);
    if (!kp || !kof)
        goto nomem;
    size_t nk = 0;
    for (size_t t = 0; t < nt; t++) {
        kof[t] = -1;
        if (bar_corpus_count(c, t) >= min_count)
            kp[nk++] = (kept){t, bar_corpus_count(c, t),
                              bar_corpus_stem(c, t)};
    }
    qsort(kp, nk, sizeof *kp, by_count);
    if (nk > max_terms)
        nk = max_terms;
    for (size_t k = 0; k < nk; k++)
        kof[kp[k].term] = (long)k;
    out->nterms = nk;
    if (nk < 2)
        goto cleanup;

    /* 2. co-occurrence */
    co = calloc(nk * (nk - 1) / 2, sizeof *co);
    ins = malloc(nk * sizeof *ins);
    if (!co || !ins)
        goto nomem;
    for (size_t a = 0; a < n; a++) {
        const size_t *terms;
        size_t m = bar_corpus_answer(c, a, &terms), q = 0;
        for (size_t i = 0; i < m; i++)
            if (kof[terms[i]] >= 0)
                ins[q++] = (size_t)kof[terms[i]];
        for (size_t i = 0; i < q; i++)
            for (size_t j = 0; j < q; j++)
                if (ins[i] < ins[j])
                    co[tri(ins[i], ins[j], nk)]++;
    }

    /* 3. the edges */
    igraph_set_error_handler(igraph_error_handler_ignore);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
    if (igraph_vector_int_init(&edges, 0) != IGRAPH_SUCCESS)
        goto nomem;
    v_edges = true;
    if (igraph_vector_init(&weights, 0) != IGRAPH_SUCCESS)
        goto nomem;
    v_weights = true;
    for (size_t i = 0; i < nk; i++)
        for (size_t j = i + 1; j < nk; j++) {
            size_t a = co[tri(i, j, nk)];
            if (a < min_count ||
                (double)a * (double)n <= (double)kp[i].count *
                                             (double)kp[j].count)
                continue;
            double g2 = bar_concepts_g2(a, kp[i].count, kp[j].count, n);
            if (g2 < g2_critical)
                continue;
            if (igraph_vector_int_push_back(&edges, (igraph_integer_t)i) ||
                igraph_vector_int_push_back(&edges, (igraph_integer_t)j) ||
                igraph_vector_push_back(&weights, g2))
                goto nomem;
        }
    out->nedges = (size_t)igraph_vector_size(&weights);
    out->term_forms = calloc(nk, sizeof *out->term_forms);
    out->community = malloc(nk * sizeof *out->community);
    out->edge_u = malloc((out->nedges + 1) * sizeof *out->edge_u);
    out->edge_v = malloc((out->nedges + 1) * sizeof *out->edge_v);
    out->edge_g2 = malloc((out->nedges + 1) * sizeof *out->edge_g2);
    if (!out->term_forms || !out->community || !out->edge_u ||
        !out->edge_v || !out->edge_g2)
        goto nomem;
    for (size_t k = 0; k < nk; k++) {
        out->community[k] = -1;
        out->term_forms[k] = strdup(bar_corpus_form(c, kp[k].term));
        if (!out->term_forms[k])
            goto nomem;
    }
    for (size_t e = 0; e < out->nedges; e++) {
        out->edge_u[e] = (size_t)VECTOR(edges)[2 * e];
        out->edge_v[e] = (size_t)VECTOR(edges)[2 * e + 1];
        out->edge_g2[e] = VECTOR(weights)[e];
    }
    if (out->nedges == 0)
        goto cleanup;

    /* 4. communities */
    if (igraph_create(&graph, &edges, (igraph_integer_t)nk,
                      IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS)
        goto nomem;
    igraph_live = true;
    if (igraph_vector_int_init(&membership, 0) != IGRAPH_SUCCESS)
        goto nomem;
    v_member = true;
    if (igraph_vector_init(&modularity, 0) != IGRAPH_SUCCESS)
        goto nomem;
    v_mod = true;
    if (igraph_matrix_int_init(&merges, 0, 0) != IGRAPH_SUCCESS)
        goto nomem;
    v_merges = true;
    if (igraph_community_fastgreedy(&graph, &weights, &merges, &modularity,
                                    &membership) != IGRAPH_SUCCESS) {
        rc = bar_error_set(err, BAR_ENUMERIC, "text: community detection "
                           "failed (igraph)");
        goto cleanup;
    }

    for (size_t k = 0; k < nk; k++)
        out->community[k] = (long)VECTOR(membership)[k];
    /* 5. the groups: members, centrality, names */
    size_t ncomm = 0;
    for (size_t k = 0; k < nk; k++)
        if ((size_t)VECTOR(membership)[k] + 1 > ncomm)
            ncomm = (size_t)VECTOR(membership)[k] + 1;
    mem = malloc(nk * sizeof *mem);
    out->groups = calloc(ncomm ? ncomm : 1, sizeof *out->groups);
    if (!mem || !out->groups)
        goto nomem;
    for (size_t g = 0; g < ncomm; g++) {
        size_t m = 0;
        for (size_t k = 0; k < nk; k++)
            if ((size_t)VECTOR(membership)[k] == g)
                mem[m++] = (member){k, 0.0, 0.0, kp[k].count,
                                    bar_corpus_form(c, kp[k].term)};
        if (m < 2)
            continue;
        for (size_t e = 0; e < out->nedges; e++) {
            size_t u = (size_t)VECTOR(edges)[2 * e];
            size_t v = (size_t)VECTOR(edges)[2 * e + 1];
            if ((size_t)VECTOR(membership)[u] != g ||
                (size_t)VECTOR(membership)[v] != g)
                continue;
            for (size_t i = 0; i < m; i++)
                if (mem[i].k == u || mem[i].k == v) {
                    mem[i].centrality += (double)co[tri(u, v, nk)];
                    mem[i].strength += VECTOR(weights)[e];
                }
        }
        qsort(mem, m, sizeof *mem, by_centrality);
        bar_concept_group *grp = &out->groups[out->ngroups];
        grp->terms = calloc(m, sizeof *grp->terms);
        if (!grp->terms)
            goto nomem;
        out->ngroups++;
        size_t namelen = 1;
        for (size_t i = 0; i < m; i++) {
            bar_concept_term *t = &grp->terms[i];
            t->form = strdup(mem[i].form);
            t->stem = strdup(kp[mem[i].k].stem);
            t->count = mem[i].count;
            t->centrality = mem[i].centrality;
            grp->nterms++;
            if (!t->form || !t->stem)
                goto nomem;
            if (i < NAME_TERMS)
                namelen += strlen(t->form) + 3;
        }
        grp->name = malloc(namelen);
        if (!grp->name)
            goto nomem;
        grp->name[0] = '\0';
        size_t at = 0;
        for (size_t i = 0; i < m && i < NAME_TERMS; i++)
            at += (size_t)snprintf(grp->name + at, namelen - at, "%s%s",
                                   i ? " & " : "", grp->terms[i].form);
    }

    /* 6. touching answers, order, cap: gof[k] = the group of kept term k
     * (-1: none), stamp[g] = the last answer (+ 1) that touched g */
    gof = malloc(nk * sizeof *gof);
    stamp = calloc(out->ngroups + 1, sizeof *stamp);
    rank = malloc((out->ngroups + 1) * sizeof *rank);
    if (!gof || !stamp || !rank)
        goto nomem;
    for (size_t k = 0; k < nk; k++)
        gof[k] = -1;
    for (size_t g = 0; g < out->ngroups; g++)
        for (size_t t = 0; t < out->groups[g].nterms; t++) {
            const char *st = out->groups[g].terms[t].stem;
            for (size_t k = 0; k < nk; k++)
                if (strcmp(kp[k].stem, st) == 0)
                    gof[k] = (long)g;
        }
    for (size_t a = 0; a < n; a++) {
        const size_t *terms;
        size_t m = bar_corpus_answer(c, a, &terms);
        for (size_t i = 0; i < m; i++) {
            long k = kof[terms[i]];
            long g = k >= 0 ? gof[k] : -1;
            if (g >= 0 && stamp[g] != a + 1) {
                stamp[g] = a + 1;
                out->groups[g].count++;
            }
        }
    }
    /* order: sort a copy, then find each old group's rank by its name
     * (names are unique: two groups never share their most central term) */
    bar_concept_group *sorted = malloc((out->ngroups + 1) * sizeof *sorted);
    if (!sorted)
        goto nomem;
    memcpy(sorted, out->groups, out->ngroups * sizeof *sorted);
    qsort(sorted, out->ngroups, sizeof *sorted, by_group_count);
    for (size_t g = 0; g < out->ngroups; g++)
        for (size_t r = 0; r < out->ngroups; r++)
            if (sorted[r].terms == out->groups[g].terms)
                rank[g] = r;
    free(out->groups);
    out->groups = sorted;
    while (out->ngroups > max_groups) {
        bar_concept_group *grp = &out->groups[--out->ngroups];
        for (size_t t = 0; t < grp->nterms; t++) {
            free(grp->terms[t].form);
            free(grp->terms[t].stem);
        }
        free(grp->terms);
        free(grp->name);
    }
    out->touch = calloc(n * out->ngroups + 1, sizeof *out->touch);
    if (!out->touch)
        goto nomem;
    for (size_t a = 0; a < n; a++) {
        const size_t *terms;
        size_t m = bar_corpus_answer(c, a, &terms);
        for (size_t i = 0; i < m; i++) {
            long k = kof[terms[i]];
            long g = k >= 0 ? gof[k] : -1;
            if (g >= 0 && rank[g] < out->ngroups)
                out->touch[a * out->ngroups + rank[g]] = true;
        }
    }
    goto cleanup;
nomem:
    rc = bar_error_set(err, BAR_ENOMEM, "text: out of memory");
cleanup:
    if (v_merges)
        igraph_matrix_int_destroy(&merges);
    if (v_mod)
        igraph_vector_destroy(&modularity);
    if (v_member)
        igraph_vector_int_destroy(&membership);
    if (igraph_live)
        igraph_destroy(&graph);
    if (v_weights)
        igraph_vector_destroy(&weights);
    if (v_edges)
        igraph_vector_int_destroy(&edges);
    free(kp);
    free(kof);
    free(co);
    free(ins);
    free(mem);
    free(gof);
    free(stamp);
    free(rank);
    return rc;
}
