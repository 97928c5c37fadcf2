/* test_disclosure.c - no published output lets a reader derive a
 * suppressed count (src/analysis/disclosure.h, docs/disclosure.md).
 *
 * Waves built to break disclosure control (tests/data/disclosure/, made
 * by make_waves.py): sectors of 1, 2 and 4 respondents, a sector of 8 all
 * answering alike, one "nee" among 20, a sector of 1 and one of 2 that
 * stay too few when merged, and figures whose differences
 * would isolate a group (Table 1, Fig 1 and crosstabs by sector, size and
 * cluster: tests/data/disclosure/spec.json), plus the 2021 specification
 * on those waves and on tests/data/analysis/wave366.csv. For each:
 * - the analysis (protected) against the same analysis unprotected: every
 *   number kept is unchanged, every number removed is null, and no other
 *   numbers appear (no hidden copy of a suppressed value);
 * - the audit, an attacker's view of the published document alone:
 *   every published count is 0 or at least min_cell, every published
 *   group at least min_group, no published group has all its cases in
 *   one category; every relation the document publishes (rows, columns,
 *   totals, merged categories, positive codes, means, percentages with
 *   their n, the same count in other figures) becomes a constraint of a
 *   linear programme (GLPK), and each suppressed count must keep an
 *   interval of at least one between its minimum and maximum (tau-ARGUS's
 *   audit); no test statistic and no mean may rest on a suppressed count;
 * - every output: the tables of every figure (HTML tables, CSV and Excel
 *   sheets are written from them) show only numbers the document
 *   publishes, and the HTML report renders.
 *
 * The audit also runs on a results file given on the command line
 * (`test_disclosure results.json ...`, exit 1 on a finding). Run on the
 * results of these waves from the analysis before disclosure control
 * (commit 502fa77), it reports findings for every wave (14, 15 and 12 with
 * the test spec; 85 for wave366), among them "table1 row hcs+prov:
 * suppressed, but derivable (= 3)" (docs/disclosure.md).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <glpk.h>

#include "analysis/analysis.h"
#include "analysis/derive.h"
#include "analysis/disclosure.h"
#include "analysis/spec.h"
#include "core/buf.h"
#include "dataset/dataset_csv.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"
#include "render/report_html.h"
#include "render/table.h"
#include "wave/study.h"

static bar_instrument *ins;
static bar_study *study;  /* data/study/ibo-2021.json */

/* ---- the audit: terms, relations, an LP ----------------------------- */

enum { MAXT = 20000, MAXR = 20000, MAXK = 64 };

typedef struct term {
    char key[200]; /* the quantity; "" for an unnamed unknown */
    double value;  /* published value, or NAN: unknown */
    char where[160];
} term;

typedef struct rel {
    size_t n;
    size_t t[MAXK];
    double coef[MAXK];
    double rhs;
} rel;

typedef struct audit {
    term *terms;
    size_t nterms;
    rel *rels;
    size_t nrels;
    long long min_group, min_cell;
    int findings;
    bool quiet;
} audit;

/* snprintf that may cut (keys and places are short in practice). */
static void keyf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void keyf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, size, fmt, ap);
    va_end(ap);
}

static void finding(audit *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void finding(audit *a, const char *fmt, ...)
{
    a->findings++;
    if (a->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "disclosure: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
}

/* A term for key with value v (NAN: unknown); a published value of the
 * same key anywhere makes it known everywhere. */
static size_t term_of(audit *a, const char *key, double v, const char *where)
{
    if (key && *key)
        for (size_t i = 0; i < a->nterms; i++)
            if (strcmp(a->terms[i].key, key) == 0) {
                if (isnan(a->terms[i].value) && !isnan(v))
                    a->terms[i].value = v;
                return i;
            }
    assert_true(a->nterms < MAXT);
    term *t = &a->terms[a->nterms];
    snprintf(t->key, sizeof t->key, "%s", key ? key : "");
    snprintf(t->where, sizeof t->where, "%s", where);
    t->value = v;
    return a->nterms++;
}

static double num(const json_t *v)
{
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* count, or count from a published percentage of a known n. */
static double count_of(const json_t *count, const json_t *pct, double n)
{
    double c = num(count);
    if (isnan(c) && !isnan(num(pct)) && !isnan(n))
        c = round(num(pct) * n / 100.0);
    return c;
}

static void rel_add(audit *a, const size_t *t, const double *coef, size_t n,
                    double rhs)
{
    assert_true(a->nrels < MAXR && n <= MAXK);
    rel *r = &a->rels[a->nrels++];
    r->n = n;
    memcpy(r->t, t, n * sizeof *t);
    memcpy(r->coef, coef, n * sizeof *coef);
    r->rhs = rhs;
}

/* sum(parts) - total = 0 */
static void rel_sum(audit *a, const size_t *parts, size_t n, size_t total)
{
    size_t t[MAXK];
    double c[MAXK];
    for (size_t i = 0; i < n && i < MAXK - 1; i++) {
        t[i] = parts[i];
        c[i] = 1;
    }
    t[n] = total;
    c[n] = -1;
    rel_add(a, t, c, n + 1, 0);
}

/* The policy on one published answer count. */
static void check_count(audit *a, double v, const char *where)
{
    if (!isnan(v) && v >= 1 && v < (double)a->min_cell)
        finding(a, "%s: count %g published (below %lld)", where, v,
                a->min_cell);
}

static void check_group(audit *a, double v, bool zero_ok, const char *where)
{
    if (!isnan(v) && v < (double)a->min_group && (v > 0 || !zero_ok))
        finding(a, "%s: group of %g published (below %lld)", where, v,
                a->min_group);
}

/* All of a group in one published category. */
static void check_alike(audit *a, const double *v, size_t n, double total,
                        const char *where)
{
    if (isnan(total) || total <= 0)
        return;
    for (size_t i = 0; i < n; i++)
        if (v[i] == total)
            finding(a, "%s: all %g of a group in one category", where,
                    total);
}

/* The population of a count (as disclosure.c keys it): "@all" for every
 * case of the base, else "@VAR#N". */
static void apop(char *buf, size_t size, double base_n, double n,
                 const char *var)
{
    if (!isnan(base_n) && n == base_n)
        keyf(buf, size, "@all");
    else
        keyf(buf, size, "@%s#%g", var, n);
}

static const char *s_of(const json_t *o, const char *k)
{
    const char *s = json_string_value(json_object_get(o, k));
    return s ? s : "";
}

static void codes_key(const json_t *codes, char *buf, size_t size)
{
    size_t len = 0, i;
    const json_t *c;
    buf[0] = '\0';
    json_array_foreach(codes, i, c) {
        int k = json_is_string(c)
                    ? snprintf(buf + len, size - len, "%s%s", i ? "+" : "",
                               json_string_value(c))
                    : snprintf(buf + len, size - len, "%s%lld",
                               i ? "+" : "",
                               (long long)json_integer_value(c));
        if (k < 0 || (size_t)k >= size - len)
            return;
        len += (size_t)k;
    }
}

static void a_frequency(audit *a, const json_t *f, const char *id)
{
    const char *base = s_of(f, "base"), *var = s_of(f, "variable");
    double n = num(json_object_get(f, "n"));
    const json_t *cats = json_object_get(f, "categories");
    size_t nc = json_array_size(cats), t[MAXK];
    double v[MAXK];
    char key[200], where[160];
    if (nc == 0 || nc >= MAXK || isnan(n))
        return;
    char pop[64];
    apop(pop, sizeof pop, num(json_object_get(f, "base_n")), n, var);
    size_t tn = term_of(a, NULL, n, id);
    for (size_t i = 0; i < nc; i++) {
        const json_t *c = json_array_get(cats, i);
        keyf(key, sizeof key, "%s|%s=%lld%s", base, var,
             (long long)json_integer_value(json_object_get(c, "code")), pop);
        keyf(where, sizeof where, "%s category %zu", id, i);
        v[i] = count_of(json_object_get(c, "count"),
                        json_object_get(c, "percent"), n);
        check_count(a, v[i], where);
        t[i] = term_of(a, key, v[i], where);
    }
    rel_sum(a, t, nc, tn);
    check_alike(a, v, nc, n, id);
    size_t k;
    const json_t *m;
    json_array_foreach(json_object_get(f, "merged_categories"), k, m) {
        size_t parts[MAXK], np = 0, j;
        const json_t *code;
        json_array_foreach(json_object_get(m, "codes"), j, code)
            for (size_t i = 0; i < nc && np < MAXK - 1; i++)
                if (json_integer_value(json_object_get(
                        json_array_get(cats, i), "code")) ==
                    json_integer_value(code))
                    parts[np++] = t[i];
        keyf(where, sizeof where, "%s merged %zu", id, k);
        double mv = count_of(json_object_get(m, "count"),
                             json_object_get(m, "percent"), n);
        check_count(a, mv, where);
        rel_sum(a, parts, np, term_of(a, NULL, mv, where));
    }
}

static void a_multi(audit *a, const json_t *f, const char *id)
{
    const char *base = s_of(f, "base");
    size_t k;
    const json_t *it;
    char key[200], where[160];
    json_array_foreach(json_object_get(f, "items"), k, it) {
        double n = num(json_object_get(it, "n"));
        if (isnan(n))
            continue;
        double c = count_of(json_object_get(it, "count"),
                            json_object_get(it, "percent"), n);
        keyf(where, sizeof where, "%s item %zu", id, k);
        check_count(a, c, where);
        if (!isnan(c))
            check_count(a, n - c, where);
        double both[2] = {c, isnan(c) ? NAN : n - c};
        check_alike(a, both, 2, n, where);
        char pop[64];
        apop(pop, sizeof pop, num(json_object_get(f, "base_n")), n,
             s_of(it, "variable"));
        keyf(key, sizeof key, "%s|%s=1%s", base, s_of(it, "variable"), pop);
        size_t t[2] = {term_of(a, key, c, where),
                       term_of(a, NULL, NAN, where)};
        rel_sum(a, t, 2, term_of(a, NULL, n, where));
    }
}

static void a_likert(audit *a, const json_t *f, const char *id)
{
    const char *base = s_of(f, "base");
    const json_t *codes = json_object_get(f, "codes");
    const json_t *pos = json_object_get(f, "positive_codes");
    size_t nc = json_array_size(codes), k;
    const json_t *it;
    char key[200], where[160];
    if (nc == 0 || nc >= MAXK)
        return;
    json_array_foreach(json_object_get(f, "items"), k, it) {
        double n = num(json_object_get(it, "n"));
        if (isnan(n))
            continue;
        const char *var = s_of(it, "variable");
        char pop[64];
        apop(pop, sizeof pop, num(json_object_get(f, "base_n")), n, var);
        size_t t[MAXK], pt[MAXK], np = 0;
        double v[MAXK], w[MAXK + 1];
        bool any_null = false;
        for (size_t j = 0; j < nc; j++) {
            long long code = json_integer_value(
                json_object_get(json_array_get(codes, j), "code"));
            keyf(key, sizeof key, "%s|%s=%lld%s", base, var, code, pop);
            keyf(where, sizeof where, "%s item %s code %lld", id, var,
                     code);
            v[j] = count_of(json_array_get(json_object_get(it, "counts"), j),
                            json_array_get(json_object_get(it, "percents"),
                                           j),
                            n);
            any_null |= isnan(v[j]);
            check_count(a, v[j], where);
            t[j] = term_of(a, key, v[j], where);
            w[j] = (double)code;
            size_t q;
            const json_t *p;
            json_array_foreach(pos, q, p)
                if (json_integer_value(p) == code)
                    pt[np++] = t[j];
        }
        keyf(where, sizeof where, "%s item %s", id, var);
        size_t tn = term_of(a, NULL, n, where);
        rel_sum(a, t, nc, tn);
        check_alike(a, v, nc, n, where);
        const json_t *share = json_object_get(it, "positive");
        double pv = count_of(json_object_get(share, "count"),
                             json_object_get(share, "percent"), n);
        check_count(a, pv, where);
        char pk[64];
        codes_key(pos, pk, sizeof pk);
        keyf(key, sizeof key, "%s|%s=%s%s", base, var, pk, pop);
        if (np > 0)
            rel_sum(a, pt, np, term_of(a, key, pv, where));
        double mean = num(json_object_get(it, "mean"));
        if (!isnan(mean)) {
            if (any_null)
                finding(a, "%s: mean published over suppressed counts",
                        where);
            t[nc] = tn;
            w[nc] = 0;
            rel_add(a, t, w, nc, round(mean * n));
        }
    }
}

static void a_crosstab(audit *a, const json_t *f, const char *id)
{
    const char *base = s_of(f, "base"), *by = s_of(f, "by");
    const json_t *groups = json_object_get(f, "groups");
    size_t ng = json_array_size(groups), k;
    char gk[MAXK][100], key[200], where[160];
    if (ng == 0 || ng >= MAXK)
        return;
    double fn = num(json_object_get(f, "n"));
    double base_n = num(json_object_get(f, "base_n"));
    char pop[64];
    apop(pop, sizeof pop, base_n, fn,
         json_object_get(f, "question") ? s_of(f, "question")
                                        : s_of(f, "variable"));
    size_t gt[MAXK];
    for (size_t g = 0; g < ng; g++) {
        const json_t *gr = json_array_get(groups, g);
        codes_key(json_object_get(gr, "codes"), gk[g], sizeof gk[g]);
        keyf(key, sizeof key, "%s|%s=%s%s", base, by, gk[g], pop);
        keyf(where, sizeof where, "%s group %s", id, gk[g]);
        double gv = num(json_object_get(gr, "n"));
        check_group(a, gv, false, where);
        gt[g] = term_of(a, key, gv, where);
    }
    if (!isnan(fn))
        rel_sum(a, gt, ng, term_of(a, NULL, fn, id));
    const json_t *tb;
    json_array_foreach(json_object_get(f, "tables"), k, tb) {
        const json_t *rows = json_object_get(tb, "rows");
        size_t nr = json_array_size(rows);
        double n = num(json_object_get(tb, "n"));
        const char *var = s_of(tb, "variable");
        if (nr == 0 || nr >= MAXK || isnan(n))
            continue;
        apop(pop, sizeof pop, base_n, n, var);
        double gn[MAXK], cell[MAXK][MAXK], tot[MAXK];
        size_t tg[MAXK], tc[MAXK][MAXK], tt[MAXK];
        bool any_null = false;
        for (size_t g = 0; g < ng; g++) {
            gn[g] = num(json_array_get(json_object_get(tb, "group_n"), g));
            keyf(key, sizeof key, "%s|%s=%s%s", base, by, gk[g], pop);
            keyf(where, sizeof where, "%s %s n of %s", id, var, gk[g]);
            check_group(a, gn[g], false, where);
            any_null |= isnan(gn[g]);
            tg[g] = term_of(a, key, gn[g], where);
        }
        size_t tn = term_of(a, NULL, n, id);
        rel_sum(a, tg, ng, tn);
        char poskey[64] = "";
        if (json_object_get(f, "positive_codes"))
            codes_key(json_object_get(f, "positive_codes"), poskey,
                      sizeof poskey);
        for (size_t r = 0; r < nr; r++) {
            const json_t *rw = json_array_get(rows, r);
            long long code = json_integer_value(json_object_get(rw, "code"));
            char ck[80];
            if (*poskey)
                keyf(ck, sizeof ck, "%s%s", code ? "" : "not ", poskey);
            else
                keyf(ck, sizeof ck, "%lld", code);
            for (size_t g = 0; g < ng; g++) {
                cell[r][g] = count_of(
                    json_array_get(json_object_get(rw, "counts"), g),
                    json_array_get(json_object_get(rw, "percents"), g),
                    gn[g]);
                keyf(key, sizeof key, "%s|%s=%s|%s=%s%s", base, var, ck,
                     by, gk[g], pop);
                keyf(where, sizeof where, "%s %s=%lld in %s", id, var,
                         code, gk[g]);
                check_count(a, cell[r][g], where);
                any_null |= isnan(cell[r][g]);
                tc[r][g] = term_of(a, key, cell[r][g], where);
            }
            tot[r] = count_of(json_object_get(rw, "total_count"),
                              json_object_get(rw, "total_percent"), n);
            keyf(key, sizeof key, "%s|%s=%s%s", base, var, ck, pop);
            keyf(where, sizeof where, "%s %s=%lld total", id, var, code);
            check_count(a, tot[r], where);
            any_null |= isnan(tot[r]);
            tt[r] = term_of(a, key, tot[r], where);
            rel_sum(a, tc[r], ng, tt[r]);
        }
        for (size_t g = 0; g < ng; g++) {
            size_t col[MAXK];
            double v[MAXK];
            for (size_t r = 0; r < nr; r++) {
                col[r] = tc[r][g];
                v[r] = cell[r][g];
            }
            rel_sum(a, col, nr, tg[g]);
            keyf(where, sizeof where, "%s %s group %s", id, var, gk[g]);
            check_alike(a, v, nr, gn[g], where);
        }
        rel_sum(a, tt, nr, tn);
        keyf(where, sizeof where, "%s %s total", id, var);
        check_alike(a, tot, nr, n, where);
        if (any_null && json_is_object(json_object_get(tb, "test")))
            finding(a, "%s %s: a test over suppressed counts", id, var);
    }
}

static void a_boxplot(audit *a, const json_t *f, const char *id)
{
    const char *base = s_of(f, "base"), *by = s_of(f, "by");
    double n = num(json_object_get(f, "n"));
    const json_t *groups = json_object_get(f, "groups");
    size_t ng = json_array_size(groups);
    size_t t[MAXK];
    char key[200], gk[100], where[160], pop[64];
    if (ng == 0 || ng >= MAXK || isnan(n))
        return;
    apop(pop, sizeof pop, num(json_object_get(f, "base_n")), n,
         s_of(f, "variable"));
    for (size_t g = 0; g < ng; g++) {
        const json_t *gr = json_array_get(groups, g);
        codes_key(json_object_get(gr, "codes"), gk, sizeof gk);
        keyf(key, sizeof key, "%s|%s=%s%s", base, by, gk, pop);
        keyf(where, sizeof where, "%s group %s", id, gk);
        double v = num(json_object_get(gr, "n"));
        check_group(a, v, false, where);
        if (isnan(v) && json_is_number(json_object_get(gr, "mean")))
            finding(a, "%s: statistics of a suppressed group", where);
        t[g] = term_of(a, key, v, where);
    }
    rel_sum(a, t, ng, term_of(a, NULL, n, id));
}

static void a_response(audit *a, const json_t *f, const char *id)
{
    const char *base = s_of(f, "base"), *var = s_of(f, "variable");
    const json_t *total = json_object_get(f, "total");
    double n = num(json_object_get(total, "completed"));
    const json_t *rows = json_object_get(f, "rows");
    size_t nr = json_array_size(rows), t[MAXK];
    char key[200], gk[100], where[160], pop[64];
    if (nr == 0 || nr >= MAXK || isnan(n))
        return;
    apop(pop, sizeof pop,
         num(json_object_get(f, "missing")) == 0 ? n : NAN, n, var);
    for (size_t i = 0; i < nr; i++) {
        const json_t *rw = json_array_get(rows, i);
        codes_key(json_object_get(rw, "codes"), gk, sizeof gk);
        double v = count_of(json_object_get(rw, "completed"),
                            json_object_get(rw, "share"), n);
        if (isnan(v))
            v = count_of(NULL, json_object_get(rw, "percent"),
                         num(json_object_get(rw, "sent")));
        keyf(key, sizeof key, "%s|%s=%s%s", base, var, gk, pop);
        keyf(where, sizeof where, "%s row %s", id, gk);
        check_group(a, v, true, where);
        t[i] = term_of(a, key, v, where);
    }
    rel_sum(a, t, nr, term_of(a, NULL, n, id));
}

static void a_scale(audit *a, const json_t *f, const char *id)
{
    const json_t *dist = json_object_get(f, "distribution");
    const json_t *bins = json_object_get(dist, "histogram");
    size_t nb = json_array_size(bins), t[MAXK];
    char key[200], where[160];
    if (nb > 0 && nb < MAXK) {
        for (size_t b = 0; b < nb; b++) {
            keyf(where, sizeof where, "%s bin %zu", id, b);
            double v = num(json_object_get(json_array_get(bins, b), "count"));
            check_count(a, v, where);
            t[b] = term_of(a, NULL, v, where);
        }
        rel_sum(a, t, nb, term_of(a, NULL, num(json_object_get(dist, "n")),
                                  id));
    }
    const json_t *grp = json_object_get(f, "groups");
    const json_t *list = json_object_get(grp, "groups");
    size_t ng = json_array_size(list);
    double n = num(json_object_get(f, "n"));
    if (ng == 0 || ng >= MAXK || isnan(n))
        return;
    for (size_t g = 0; g < ng; g++) {
        const json_t *o = json_array_get(list, g);
        double v = count_of(json_object_get(o, "count"),
                            json_object_get(o, "percent"), n);
        char pop[64];
        apop(pop, sizeof pop, num(json_object_get(f, "base_n")), n,
             s_of(grp, "variable"));
        keyf(key, sizeof key, "%s|%s=%lld%s", s_of(f, "base"),
             s_of(grp, "variable"),
             (long long)json_integer_value(json_object_get(o, "code")), pop);
        keyf(where, sizeof where, "%s group %zu", id, g);
        check_group(a, v, false, where);
        t[g] = term_of(a, key, v, where);
    }
    rel_sum(a, t, ng, term_of(a, NULL, n, id));
}

static void a_model(audit *a, const json_t *f, const char *id)
{
    size_t k, j;
    const json_t *m, *st;
    char where[160];
    json_array_foreach(json_object_get(f, "models"), k, m)
        json_array_foreach(json_object_get(m, "steps"), j, st) {
            const json_t *mod = json_object_get(st, "model");
            const json_t *cl = json_object_get(mod, "classification");
            const json_t *tab = json_object_get(cl, "table");
            if (json_array_size(tab) != 2)
                continue;
            double n = num(json_object_get(mod, "n"));
            double ev = num(json_object_get(m, "events"));
            size_t t[2][2];
            for (size_t r = 0; r < 2; r++)
                for (size_t c = 0; c < 2; c++) {
                    keyf(where, sizeof where, "%s model %zu step %zu "
                             "cell %zu%zu", id, k, j, r, c);
                    double v = num(json_array_get(json_array_get(tab, r),
                                                  c));
                    check_count(a, v, where);
                    t[r][c] = term_of(a, NULL, v, where);
                }
            rel_sum(a, t[0], 2, term_of(a, NULL, n - ev, where));
            rel_sum(a, t[1], 2, term_of(a, NULL, ev, where));
            double pc = num(json_object_get(cl, "percent_correct"));
            size_t d[2] = {t[0][0], t[1][1]};
            rel_sum(a, d, 2, term_of(a, NULL, isnan(pc) ? NAN
                                               : round(pc * n / 100.0),
                                     where));
        }
}

/* The interval of every unknown term that stands for a suppressed
 * published cell, given every relation: at least one wide. */
static void solve(audit *a)
{
    glp_term_out(GLP_OFF);
    glp_prob *lp = glp_create_prob();
    size_t *col = calloc(a->nterms, sizeof *col);
    size_t ncol = 0;
    assert_non_null(col);
    for (size_t i = 0; i < a->nterms; i++)
        if (isnan(a->terms[i].value))
            col[i] = ++ncol;
    if (ncol == 0)
        goto done;
    glp_add_cols(lp, (int)ncol);
    for (size_t j = 1; j <= ncol; j++)
        glp_set_col_bnds(lp, (int)j, GLP_LO, 0.0, 0.0);
    int *ind = malloc((MAXK + 1) * sizeof *ind);
    double *val = malloc((MAXK + 1) * sizeof *val);
    assert_true(ind && val);
    for (size_t r = 0; r < a->nrels; r++) {
        const rel *rl = &a->rels[r];
        double rhs = rl->rhs;
        int m = 0;
        bool bad = false;
        for (size_t k = 0; k < rl->n; k++) {
            const term *t = &a->terms[rl->t[k]];
            if (isnan(t->value)) {
                ind[++m] = (int)col[rl->t[k]];
                val[m] = rl->coef[k];
            } else {
                rhs -= rl->coef[k] * t->value;
            }
        }
        if (m == 0) {
            bad = fabs(rhs) > 0.5;
            if (bad)
                finding(a, "published numbers disagree (%s, %s: %g over)",
                        a->terms[rl->t[0]].where,
                        a->terms[rl->t[rl->n - 1]].where, -rhs);
            continue;
        }
        int row = glp_add_rows(lp, 1);
        glp_set_row_bnds(lp, row, GLP_FX, rhs, rhs);
        glp_set_mat_row(lp, row, m, ind, val);
    }
    free(ind);
    free(val);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    for (size_t i = 0; i < a->nterms; i++) {
        if (!col[i] || !a->terms[i].key[0])
            continue;
        double lim[2];
        for (int dir = 0; dir < 2; dir++) {
            for (size_t j = 1; j <= ncol; j++)
                glp_set_obj_coef(lp, (int)j, 0.0);
            glp_set_obj_coef(lp, (int)col[i], 1.0);
            glp_set_obj_dir(lp, dir ? GLP_MAX : GLP_MIN);
            int rc = glp_simplex(lp, &parm);
            int st = glp_get_status(lp);
            lim[dir] = rc == 0 && st == GLP_OPT ? glp_get_obj_val(lp)
                       : st == GLP_UNBND       ? HUGE_VAL
                                               : NAN;
        }
        if (isnan(lim[0]) || isnan(lim[1]))
            finding(a, "%s: the published relations have no solution",
                    a->terms[i].where);
        else if (lim[1] - lim[0] < 0.999 && lim[1] > 0.5)
            /* a derivable zero tells nothing (docs/disclosure.md): the
             * group's other cells are then checked themselves */
            finding(a, "%s: suppressed, but derivable (= %g)",
                    a->terms[i].where, lim[0]);
    }
done:
    free(col);
    glp_delete_prob(lp);
}

/* Audit a published document; returns the number of findings. */
static int audit_doc(const json_t *doc, bool quiet)
{
    audit a = {.quiet = quiet};
    a.terms = calloc(MAXT, sizeof *a.terms);
    a.rels = calloc(MAXR, sizeof *a.rels);
    assert_true(a.terms && a.rels);
    a.min_group = json_integer_value(json_object_get(doc, "min_group"));
    a.min_cell = json_integer_value(json_object_get(doc, "min_cell"));
    if (a.min_cell == 0)
        a.min_cell = 3; /* a document from before min_cell existed */
    size_t k;
    const json_t *f;
    json_array_foreach(json_object_get(doc, "figures"), k, f) {
        const char *kind = s_of(f, "kind"), *id = s_of(f, "id");
        if (strcmp(kind, "frequency") == 0)
            a_frequency(&a, f, id);
        else if (strcmp(kind, "multi_response") == 0)
            a_multi(&a, f, id);
        else if (strcmp(kind, "likert") == 0)
            a_likert(&a, f, id);
        else if (strcmp(kind, "crosstab") == 0)
            a_crosstab(&a, f, id);
        else if (strcmp(kind, "boxplot") == 0)
            a_boxplot(&a, f, id);
        else if (strcmp(kind, "response_by_group") == 0)
            a_response(&a, f, id);
        else if (strcmp(kind, "scale") == 0)
            a_scale(&a, f, id);
        else if (strcmp(kind, "model") == 0)
            a_model(&a, f, id);
        else if (strcmp(kind, "text") == 0) {
            /* concept groups as options, each breakdown a crosstab */
            a_multi(&a, f, id);
            size_t b;
            const json_t *bd;
            json_array_foreach(json_object_get(f, "breakdowns"), b, bd)
                a_crosstab(&a, bd, id);
        }
    }
    solve(&a);
    free(a.terms);
    free(a.rels);
    return a.findings;
}

/* ---- the document against the unprotected one, and the outputs ------ */

/* Every number of prot is the same number of raw, at the same place;
 * raw's numbers are in prot or null there. "disclosure" holds no count. */
static void compare(const json_t *raw, const json_t *prot, const char *path)
{
    if (json_is_object(prot)) {
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)prot, key, v) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s", path, key);
            if (strcmp(p, "/disclosure") == 0)
                continue;
            const json_t *r = json_object_get(raw, key);
            if (!r && (json_is_number(v) || json_is_object(v) ||
                       json_is_array(v)))
                fail_msg("%s: a number or object the analysis did not "
                         "write", p);
            compare(r, v, p);
        }
    } else if (json_is_array(prot)) {
        size_t i;
        json_t *v;
        json_array_foreach(prot, i, v) {
            char p[512];
            snprintf(p, sizeof p, "%s/%zu", path, i);
            /* items may be reordered (a suppressed share sorts last):
             * matched by variable */
            const json_t *r = json_array_get(raw, i);
            const char *var = s_of(v, "variable");
            if (*var && strcmp(s_of(r, "variable"), var) != 0) {
                size_t j;
                json_t *w;
                json_array_foreach((json_t *)raw, j, w)
                    if (strcmp(s_of(w, "variable"), var) == 0)
                        r = w;
            }
            compare(r, v, p);
        }
    } else if (json_is_number(prot)) {
        if (!json_is_number(raw) ||
            json_number_value(raw) != json_number_value(prot))
            fail_msg("%s: %g changed", path, json_number_value(prot));
    }
}

static bool number_in(const json_t *o, double x)
{
    if (json_is_number(o))
        return json_number_value(o) == x;
    if (json_is_array(o) && (double)json_array_size(o) == x)
        return true;
    size_t i;
    const char *k;
    json_t *v;
    if (json_is_array(o))
        json_array_foreach(o, i, v)
            if (number_in(v, x))
                return true;
    if (json_is_object(o))
        json_object_foreach((json_t *)o, k, v)
            if (number_in(v, x))
                return true;
    return false;
}

/* Every number of every table of every figure (the HTML tables, the CSV
 * files and the Excel figure sheets) is one the figure publishes; the CSV
 * and the HTML report are written. */
static void check_outputs(const json_t *doc, const bar_spec *specdoc)
{
    size_t k;
    const json_t *f;
    bar_error err;
    bar_error_init(&err);
    json_array_foreach(json_object_get(doc, "figures"), k, f) {
        for (int lang = 0; lang < 2; lang++) {
            bar_table **t = NULL;
            size_t nt = 0;
            if (bar_tables_of_figure(f, NULL, study,
                                     lang ? BAR_LANG_EN : BAR_LANG_NL, &t,
                                     &nt, &err) != BAR_OK)
                fail_msg("tables of %s: %s", s_of(f, "id"), err.msg);
            for (size_t i = 0; i < nt; i++) {
                for (size_t r = 0; r < bar_table_nrows(t[i]); r++)
                    for (size_t c = 0; c < bar_table_ncols(t[i]); c++) {
                        const bar_cell *cell = bar_table_cell(t[i], r, c);
                        /* the appendix's "total valid: 100%" row is
                         * the only number a table adds; it tells nothing */
                        bool total_pct =
                            cell->value == 100 &&
                            strcmp(s_of(f, "kind"), "frequencies") == 0;
                        if (cell->kind == BAR_CELL_NUMBER && !total_pct &&
                            !number_in(f, cell->value))
                            fail_msg("%s table %s: %g is not published",
                                     s_of(f, "id"), bar_table_id(t[i]),
                                     cell->value);
                    }
                FILE *csv = tmpfile();
                assert_non_null(csv);
                assert_int_equal(bar_table_write_csv(t[i], csv, &err),
                                 BAR_OK);
                fclose(csv);
                bar_table_free(t[i]);
            }
            free(t);
        }
    }
    for (int lang = 0; lang < 2; lang++) {
        bar_buf html;
        bar_buf_init(&html, 64 * 1024 * 1024);
        bar_report_options o = {.lang = lang ? BAR_LANG_EN : BAR_LANG_NL,
                                .ins = ins, .study = study,
                                .spec = specdoc};
        if (bar_report_html(doc, &o, &html, &err) != BAR_OK)
            fail_msg("report: %s", err.msg);
        /* a suppressed value is "not shown", never printed as NaN */
        if (strstr(html.data, "nan%") || strstr(html.data, "NaN") ||
            strstr(html.data, ">nan<"))
            fail_msg("report: a suppressed value printed as NaN");
        bar_buf_clear(&html);
    }
    bar_error_clear(&err);
}

/* ---- the cases ------------------------------------------------------ */

typedef struct wave_case {
    const char *data;  /* under tests/data */
    const char *spec;  /* NULL: data/report/ibo-2021.json */
} wave_case;

static const wave_case cases[] = {
    {"disclosure/breaker.csv", "disclosure/spec.json"},
    {"disclosure/one-in-twenty.csv", "disclosure/spec.json"},
    {"disclosure/lone-sector.csv", "disclosure/spec.json"},
    {"disclosure/breaker.csv", NULL},
    {"disclosure/lone-sector.csv", NULL},
    {"disclosure/one-in-twenty.csv", NULL},
    {"analysis/mini.csv", NULL},
    {"analysis/wave366.csv", NULL},
};

static void run_case(const wave_case *w, json_t **raw, json_t **prot,
                     bar_spec **specdoc)
{
    char data[512], spath[512];
    snprintf(data, sizeof data, "%s/%s", BAR_TEST_DATA, w->data);
    if (w->spec)
        snprintf(spath, sizeof spath, "%s/%s", BAR_TEST_DATA, w->spec);
    else
        snprintf(spath, sizeof spath, "%s/report/ibo-2021.json",
                 BAR_DATA_DIR);
    bar_error err;
    bar_error_init(&err);
    bar_spec *sp = NULL;
    bar_dataset *ds = NULL;
    if (bar_spec_load(spath, ins, &sp, &err) != BAR_OK ||
        bar_dataset_read_csv(data, ins, &ds, &err) != BAR_OK ||
        bar_derive_compute(ds, sp, NULL, &err) != BAR_OK)
        fail_msg("%s: %s", w->data, err.msg);
    /* the study's text specification: the text figure and its
     * breakdowns are audited too */
    bar_analysis_opts ro = {.raw = true,
                            .text = bar_study_text_spec(study)};
    bar_analysis_opts po = {.text = bar_study_text_spec(study)};
    if (bar_analysis_run(ds, sp, NULL, NULL, &ro, raw, &err) != BAR_OK ||
        bar_analysis_run(ds, sp, NULL, NULL, &po, prot, &err) != BAR_OK)
        fail_msg("%s: %s", w->data, err.msg);
    *specdoc = sp;
    bar_dataset_free(ds);
    bar_error_clear(&err);
}

static void every_output_protected(void **state)
{
    (void)state;
    size_t text_tables = 0; /* breakdown tables of text figures audited */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *raw = NULL, *prot = NULL;
    bar_spec *specdoc = NULL;
        run_case(&cases[i], &raw, &prot, &specdoc);
        size_t k, b;
        const json_t *f, *bd;
        json_array_foreach(json_object_get(prot, "figures"), k, f)
            if (strcmp(s_of(f, "kind"), "text") == 0)
                json_array_foreach(json_object_get(f, "breakdowns"), b, bd)
                    text_tables += json_array_size(json_object_get(bd,
                                                                   "tables"));
        compare(raw, prot, "");
        int n = audit_doc(prot, false);
        if (n)
            fail_msg("%s with %s: %d disclosure finding(s)", cases[i].data,
                     cases[i].spec ? cases[i].spec : "ibo-2021", n);
        check_outputs(prot, specdoc);
        json_decref(raw);
        json_decref(prot);
        bar_spec_free(specdoc);
    }
    print_message("text figures: %zu breakdown tables audited\n",
                  text_tables);
    assert_true(text_tables >= 4);
}

/* The audit itself finds what it must: the unprotected documents of the
 * waves built to break it have findings. */
static void audit_finds_the_breaks(void **state)
{
    (void)state;
    for (size_t i = 0; i < 3; i++) {
        json_t *raw = NULL, *prot = NULL;
    bar_spec *specdoc = NULL;
        run_case(&cases[i], &raw, &prot, &specdoc);
        assert_true(audit_doc(raw, true) > 0);
        json_decref(raw);
        json_decref(prot);
        bar_spec_free(specdoc);
    }
}

/* The report's method appendix says what was suppressed, never a value. */
static void appendix_names_suppressions(void **state)
{
    (void)state;
    json_t *raw = NULL, *prot = NULL;
    bar_spec *specdoc = NULL;
    run_case(&cases[0], &raw, &prot, &specdoc);
    const json_t *dc = json_object_get(prot, "disclosure");
    assert_int_equal(json_integer_value(json_object_get(dc, "min_cell")), 3);
    assert_true(json_array_size(json_object_get(dc, "tables")) > 0);
    bar_buf html;
    bar_buf_init(&html, 64 * 1024 * 1024);
    bar_error err;
    bar_error_init(&err);
    bar_report_options o = {.lang = BAR_LANG_NL, .ins = ins,
                            .study = study, .spec = specdoc};
    assert_int_equal(bar_report_html(prot, &o, &html, &err), BAR_OK);
    assert_non_null(strstr(html.data ? html.data : "", "id=\"disclosure\""));
    bar_buf_clear(&html);
    bar_error_clear(&err);
    json_decref(raw);
    json_decref(prot);
    bar_spec_free(specdoc);
}

/* A Likert figure sorted by % positive: an item whose positive share is
 * suppressed would be bounded by its neighbours, so it goes last. */
static void likert_order_hides_suppressed(void **state)
{
    (void)state;
    static const char text[] =
        "{\"figures\": [{\"id\": \"f\", \"kind\": \"likert\", "
        "\"base\": \"all\", \"sort\": \"positive\", "
        "\"positive_codes\": [4, 5], \"codes\": [{\"code\": 1}, "
        "{\"code\": 2}, {\"code\": 3}, {\"code\": 4}, {\"code\": 5}], "
        "\"items\": ["
        "{\"variable\": \"a\", \"n\": 50, \"counts\": [5, 5, 10, 15, 15], "
        "\"percents\": [10, 10, 20, 30, 30], \"mean\": 3.6, "
        "\"positive\": {\"count\": 30, \"percent\": 60}},"
        "{\"variable\": \"b\", \"n\": 50, \"counts\": [10, 20, 18, 1, 1], "
        "\"percents\": [20, 40, 36, 2, 2], \"mean\": 2.26, "
        "\"positive\": {\"count\": 2, \"percent\": 4}},"
        "{\"variable\": \"c\", \"n\": 50, \"counts\": [10, 20, 20, 0, 0], "
        "\"percents\": [20, 40, 40, 0, 0], \"mean\": 2.2, "
        "\"positive\": {\"count\": 0, \"percent\": 0}}]}]}";
    json_error_t je;
    json_t *doc = json_loads(text, 0, &je);
    assert_non_null(doc);
    bar_error err;
    bar_error_init(&err);
    bar_disclosure_opts o = {.min_group = 5, .min_cell = 3};
    assert_int_equal(bar_disclosure_apply(doc, &o, &err), BAR_OK);
    json_t *items = json_object_get(json_array_get(json_object_get(
        doc, "figures"), 0), "items");
    const char *want[] = {"a", "c", "b"};
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(s_of(json_array_get(items, i), "variable"),
                            want[i]);
    json_t *b = json_array_get(items, 2);
    assert_true(json_is_null(json_object_get(json_object_get(b, "positive"),
                                             "count")));
    assert_true(json_is_null(json_object_get(b, "mean")));
    assert_int_equal(audit_doc(doc, false), 0);
    bar_error_clear(&err);
    json_decref(doc);
}

static int setup(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_instrument_load(
        BAR_DATA_DIR "/instrument/ibo-2021.json", &ins, &err);
    if (rc == BAR_OK)
        rc = bar_study_load(BAR_DATA_DIR "/study/ibo-2021.json", &study,
                            &err);
    if (rc != BAR_OK)
        fprintf(stderr, "setup: %s\n", err.msg);
    bar_error_clear(&err);
    return rc == BAR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bar_instrument_free(ins);
    bar_study_free(study);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        int bad = 0;
        for (int i = 1; i < argc; i++) {
            json_error_t je;
            json_t *doc = json_load_file(argv[i], 0, &je);
            if (!doc) {
                fprintf(stderr, "%s: %s\n", argv[i], je.text);
                return 2;
            }
            int n = audit_doc(doc, false);
            printf("%s: %d finding(s)\n", argv[i], n);
            bad |= n > 0;
            json_decref(doc);
        }
        return bad;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_output_protected),
        cmocka_unit_test(audit_finds_the_breaks),
        cmocka_unit_test(appendix_names_suppressions),
        cmocka_unit_test(likert_order_hides_suppressed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
