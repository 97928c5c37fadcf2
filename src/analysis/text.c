/* text.c - kind "text": the concept groups of the open answers (issue 12;
 * the method is src/text/, docs/text-mining.md).
 *
 * The answers are the rows in the base with any text in the study's text
 * columns (description and result_other: one answer per organisation).
 * The figure holds, per concept group, its terms (each of at least
 * min_count answers; never fewer than 3) and the share of answers that
 * touch it ("items", counted as a multi-response figure counts its
 * options), and per breakdown variable (sector, climate group) a crosstab
 * of touching by group ("breakdowns", shaped as a crosstab figure, so that
 * disclosure control treats them as it treats every crosstab: small
 * groups merged or suppressed, small counts suppressed, and a second
 * count suppressed so that no subtraction gives one back).
 *
 * Nothing of an answer's text goes into the document: only the surface
 * forms of terms (single words of at least min_count answers; never an
 * address or a number: src/text/tokenizer.h) and the groups' names made
 * of them.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/figure.h"
#include "results/results.h"

static bool use_row(const bar__ctx *c, const bar_spec_entry *e, size_t r)
{
    (void)e;
    return c->rows && c->rows[r];
}

static json_t *pct(size_t x, size_t n)
{
    return n ? json_real(100.0 * (double)x / (double)n) : json_null();
}

/* One breakdown: the answers by the groups of variable by, a crosstab of
 * "touches group g" per concept group. NULL when out of memory. */
static json_t *breakdown(const bar__ctx *c, const bar_spec_entry *e,
                         const bar_variable *by, const bar_concepts *k,
                         const size_t *answer_row, bool *bad_out)
{
    bar__ctx bc = *c;
    bc.by = by;
    bar__groups g = {0};
    json_t *bd = NULL;
    long *grp = NULL;
    size_t *cnt = NULL;
    bool bad = false;
    if (bar__groups_build(&bc, e, use_row, &g) != BAR_OK)
        goto fail;
    size_t ng = g.ngroups, na = k->nanswers;
    grp = malloc((na ? na : 1) * sizeof *grp);
    cnt = calloc(ng + 1, sizeof *cnt);
    if (!grp || !cnt)
        goto fail;
    size_t n = 0;
    for (size_t a = 0; a < na; a++) {
        grp[a] = bar__group_of_row(&bc, &g, by, answer_row[a]);
        n += grp[a] >= 0;
    }
    size_t base_n = 0;
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++)
        base_n += bar__in_base(c, e->base, r);
    json_t *tables = json_array();
    bd = json_pack("{s:s, s:s, s:o, s:I, s:I, s:s, s:o}", BAR_RK_BASE,
                   bar__base_name(e->base), BAR_RK_BY, bar_var_name(by),
                   BAR_RK_BY_LABEL, bar__var_label(by), BAR_RK_BASE_N,
                   (json_int_t)base_n, BAR_RK_N, (json_int_t)n,
                   BAR_RK_PERCENTAGES, "column", BAR_RK_TABLES, tables);
    if (!bd)
        goto fail;
    bad |= bar__set(bd, BAR_RK_VARIABLE, json_string(e->id));
    bad |= bar__set(bd, BAR_RK_GROUPS, json_incref(g.json));
    bad |= bar__set(bd, BAR_RK_SUPPRESSED_GROUPS, json_incref(g.suppressed));
    bad |= bar__set(bd, BAR_RK_EMPTY_GROUPS, json_incref(g.empty));
    for (size_t q = 0; q < k->ngroups && !bad; q++) {
        memset(cnt, 0, (ng + 1) * sizeof *cnt);
        size_t total = 0;
        for (size_t a = 0; a < na; a++)
            if (grp[a] >= 0 && k->touch[a * k->ngroups + q]) {
                cnt[grp[a]]++;
                total++;
            }
        json_t *gn = json_array(), *rows = json_array();
        char var[32];
        snprintf(var, sizeof var, "concept-%zu", q + 1);
        json_t *tb = json_pack(
            "{s:s, s:o, s:I, s:o, s:o, s:I, s:n}", BAR_RK_VARIABLE, var,
            BAR_RK_LABEL, bar__label(k->groups[q].name, k->groups[q].name),
            BAR_RK_N, (json_int_t)n, BAR_RK_GROUP_N, gn, BAR_RK_ROWS, rows,
            BAR_RK_FOCUS_ROW, (json_int_t)0, BAR_RK_TEST);
        if (!tb || json_array_append_new(tables, tb) != 0) {
            bad = true;
            break;
        }
        for (int code = 1; code >= 0; code--) {
            json_t *counts = json_array(), *pcts = json_array();
            size_t tot = code ? total : n - total;
            json_t *row = json_pack(
                "{s:I, s:o, s:o, s:o, s:I, s:o}", BAR_RK_CODE,
                (json_int_t)code, BAR_RK_LABEL,
                code ? bar__label("Raakt de groep", "Touches the group")
                     : bar__label("Raakt de groep niet",
                                  "Does not touch the group"),
                BAR_RK_COUNTS, counts, BAR_RK_PERCENTS, pcts,
                BAR_RK_TOTAL_COUNT, (json_int_t)tot, BAR_RK_TOTAL_PERCENT,
                pct(tot, n));
            if (!row || json_array_append_new(rows, row) != 0) {
                bad = true;
                break;
            }
            for (size_t j = 0; j < ng; j++) {
                size_t x = code ? cnt[j] : g.n[j] - cnt[j];
                bad |= json_array_append_new(counts,
                                             json_integer((json_int_t)x)) != 0;
                bad |= json_array_append_new(pcts, pct(x, g.n[j])) != 0;
            }
        }
        for (size_t j = 0; j < ng; j++)
            bad |= json_array_append_new(gn,
                                         json_integer((json_int_t)g.n[j])) != 0;
    }
    if (bad)
        goto fail;
    goto cleanup;
fail:
    json_decref(bd);
    bd = NULL;
    *bad_out = true;
cleanup:
    free(grp);
    free(cnt);
    bar__groups_clear(&g);
    return bd;
}

bar_status bar__text(const bar__ctx *c, const bar_spec_entry *e, json_t *fig)
{
    bar_status rc = BAR_OK;
    bool *rows = NULL;
    size_t *answer_row = NULL;
    const char **texts = NULL;
    const bar_variable **vars = NULL;
    bar_textmine *tm = NULL;
    bar_concepts k = {0};
    bar_error terr;
    bar_error_init(&terr);
    size_t nrows = bar_dataset_nrows(c->ds);
    const bar_textmine_spec *ts = c->text;
    bool bad = false;
    bad |= bar__set(fig, BAR_RK_BASE, json_string(bar__base_name(e->base)));
    bad |= bar__set(fig, BAR_RK_METHOD, json_string(BAR_RV_METHOD_TEXT));
    if (bad)
        goto nomem;
    size_t ncol = ts ? ts->ncolumns : 0;
    vars = calloc(ncol + 1, sizeof *vars);
    texts = calloc(ncol + 1, sizeof *texts);
    rows = calloc(nrows + 1, sizeof *rows);
    answer_row = malloc((nrows + 1) * sizeof *answer_row);
    json_t *vlist = json_array();
    if (bar__set(fig, BAR_RK_VARIABLES, vlist) || !vars || !texts || !rows ||
        !answer_row)
        goto nomem;
    bool columns_ok = true;
    for (size_t i = 0; i < ncol; i++) {
        vars[i] = bar__var(c, ts->columns[i]);
        if (json_array_append_new(vlist, json_string(ts->columns[i])) != 0)
            goto nomem;
        if (!vars[i] || bar_var_type_of(vars[i]) != BAR_VAR_TEXT) {
            columns_ok = false;
            ncol = 0;
            if (bar_results_note(fig, BAR_RK_NOTE, "the study's text column "
                                 "'{1}' is not a text variable of the "
                                 "instrument", ts->columns[i],
                                 NULL) != BAR_OK)
                goto nomem;
            break;
        }
    }
    /* the answers: rows in the base with any text (none without a text
     * specification: the figure has n = 0 and a note) */
    size_t base_n = 0, n = 0;
    for (size_t r = 0; r < nrows; r++) {
        if (!bar__in_base(c, e->base, r))
            continue;
        base_n++;
        for (size_t i = 0; i < ncol; i++) {
            const char *s = bar_dataset_get_str(c->ds, r,
                                                bar_var_index(vars[i]));
            if (s && *s)
                rows[r] = true;
        }
        if (rows[r])
            answer_row[n++] = r;
    }
    bad |= bar__set(fig, BAR_RK_BASE_N, json_integer((json_int_t)base_n));
    bad |= bar__set(fig, BAR_RK_N, json_integer((json_int_t)n));
    bad |= bar__set(fig, BAR_RK_MISSING,
                    json_integer((json_int_t)(base_n - n)));
    if (bad)
        goto nomem;
    if (!ts) {
        rc = bar_results_note(fig, BAR_RK_NOTE, "the study has no text "
                              "specification (docs/study-format.md)",
                              NULL);
        goto cleanup;
    }
    if (!columns_ok)
        goto cleanup;
    if ((rc = bar_textmine_new(ts, &tm, &terr)) != BAR_OK)
        goto failed;
    for (size_t a = 0; a < n; a++) {
        for (size_t i = 0; i < ncol; i++)
            texts[i] = bar_dataset_get_str(c->ds, answer_row[a],
                                           bar_var_index(vars[i]));
        if ((rc = bar_textmine_add(tm, texts, ncol, &terr)) !=
            BAR_OK)
            goto failed;
    }
    if ((rc = bar_textmine_find(tm, &k, &terr)) != BAR_OK)
        goto failed;
    bad |= bar__set(fig, BAR_RK_MIN_COUNT,
                    json_integer((json_int_t)k.min_count));
    json_t *items = json_array(), *bds = json_array();
    bad |= bar__set(fig, BAR_RK_ITEMS, items);
    bad |= bar__set(fig, BAR_RK_BREAKDOWNS, bds);
    if (bad)
        goto nomem;
    for (size_t q = 0; q < k.ngroups; q++) {
        const bar_concept_group *grp = &k.groups[q];
        char var[32];
        snprintf(var, sizeof var, "concept-%zu", q + 1);
        json_t *terms = json_array();
        json_t *it = json_pack("{s:s, s:o, s:I, s:o}", BAR_RK_VARIABLE, var,
                               BAR_RK_LABEL, bar__label(grp->name, grp->name),
                               BAR_RK_N, (json_int_t)n, BAR_RK_TERMS, terms);
        if (!it || json_array_append_new(items, it) != 0)
            goto nomem;
        for (size_t t = 0; t < grp->nterms; t++)
            if (json_array_append_new(
                    terms, json_pack("{s:s, s:I}", BAR_RK_TERM,
                                     grp->terms[t].form, BAR_RK_COUNT,
                                     (json_int_t)grp->terms[t].count)) != 0)
                goto nomem;
        if (bar__share(c, it, grp->count, n, false) != BAR_OK)
            goto nomem;
    }
    if (n == 0) {
        rc = bar_results_note(fig, BAR_RK_NOTE, "no answers in the text "
                              "columns", NULL);
        goto cleanup;
    }
    if (k.ngroups == 0) {
        rc = bar_results_note(fig, BAR_RK_NOTE, "no concept groups: no two "
                              "terms of at least {1} answers occur together "
                              "often enough", BAR__ZU(k.min_count), NULL);
        goto cleanup;
    }
    for (size_t b = 0; b < e->nbreakdowns; b++) {
        const bar_variable *by = bar__var(c, e->breakdowns[b]);
        if (!by || bar__unset(c, e->breakdowns[b]))
            continue; /* a derived variable without values: no breakdown */
        bar__ctx rc_ctx = *c;
        rc_ctx.rows = rows;
        bool fail = false;
        json_t *bd = breakdown(&rc_ctx, e, by, &k, answer_row, &fail);
        if (fail || json_array_append_new(bds, bd) != 0)
            goto nomem;
    }
    goto cleanup;
failed:
    if (bar__set_failure(fig, BAR_RK_ERROR, &terr))
        goto nomem;
    rc = BAR_OK;
    goto cleanup;
nomem:
    rc = bar__no_memory(c, e->id);
cleanup:
    bar_concepts_clear(&k);
    bar_textmine_free(tm);
    bar_error_clear(&terr);
    free(rows);
    free(answer_row);
    free(texts);
    free(vars);
    return rc;
}
