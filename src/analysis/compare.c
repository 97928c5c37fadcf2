/* compare.c - benchmark values next to our own, with the difference and
 * its test (analysis.md, "Comparison with the Nordic barometers").
 *
 * Where the benchmark's n is known: the two-proportion z-test (pooled, no
 * continuity correction; the benchmark's count is its percent of n,
 * rounded); otherwise the exact binomial test of our count against the
 * benchmark's proportion. Both are labelled in the "test" field.
 *
 * No test (and no difference) where the comparison would not be honest;
 * `no_test` then says why, as a code every renderer treats the same:
 * "suppressed" (our value is hidden), "no_answers", "other_groups" (the
 * variable holds this wave's own clusters, e.g. climate_group: its groups
 * come from this wave's optimal cut points, the benchmark's from others),
 * "approximate" (the source gives the value only approximately: "meer dan
 * 75%", its `qualifier`), "not_computable" (the test itself failed; `note`
 * says how).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/figure.h"
#include "stats/hypothesis.h"
#include "results/results.h"

/* Whether variable holds the groups a scale entry of the spec computes
 * from this wave (k-means cut points of its own). */
static bool own_groups(const bar__ctx *c, const char *variable)
{
    for (size_t i = 0; c->spec && i < bar_spec_count(c->spec); i++) {
        const bar_spec_entry *e = bar_spec_get(c->spec, i);
        if (e->kind == BAR_SPEC_SCALE && e->groups &&
            strcmp(e->groups, variable) == 0)
            return true;
    }
    return false;
}

/* Why b is not tested against our x out of n; NULL when it is. */
static const char *no_test_reason(const bar__ctx *c, const bar_benchmark *b,
                                  size_t n, bool hidden)
{
    if (hidden)
        return "suppressed";
    if (n == 0)
        return "no_answers";
    if (own_groups(c, b->variable))
        return "other_groups";
    if (*b->qualifier)
        return "approximate";
    return NULL;
}

/* The comparison object of our x out of n with benchmark b; NULL when out
 * of memory. */
static json_t *comparison(const bar__ctx *c, const bar_benchmark *b,
                          size_t x, size_t n, bool hidden)
{
    const char *why = no_test_reason(c, b, n, hidden);
    if (why && (hidden || n == 0)) {
        json_t *o = json_pack("{s:n, s:n, s:n, s:n, s:n, s:n, s:s}",
                              BAR_RK_COUNT, BAR_RK_N, BAR_RK_PERCENT,
                              BAR_RK_DIFFERENCE, BAR_RK_STATISTIC, BAR_RK_P,
                              BAR_RK_NO_TEST, why);
        bar_status rc =
            !o ? BAR_ENOMEM
            : n == 0
                ? bar_results_note(o, BAR_RK_NOTE, "no answers to compare", NULL)
                : bar_results_note(o, BAR_RK_NOTE, "our value is suppressed",
                                   NULL);
        if (rc != BAR_OK) {
            json_decref(o);
            return NULL;
        }
        return o;
    }
    double ours = 100.0 * (double)x / (double)n;
    if (why)
        return json_pack("{s:I, s:I, s:f, s:n, s:n, s:n, s:s}", BAR_RK_COUNT,
                         (json_int_t)x, BAR_RK_N, (json_int_t)n,
                         BAR_RK_PERCENT, ours, BAR_RK_DIFFERENCE,
                         BAR_RK_STATISTIC, BAR_RK_P, BAR_RK_NO_TEST, why);
    json_t *o = json_pack("{s:I, s:I, s:f, s:f}", BAR_RK_COUNT, (json_int_t)x,
                          BAR_RK_N, (json_int_t)n, BAR_RK_PERCENT, ours,
                          BAR_RK_DIFFERENCE, ours - b->percent);
    if (!o)
        return NULL;
    bool bad = false;
    bar_error err;
    bar_error_init(&err);
    bool ok;
    if (b->n > 0) {
        size_t x2 = (size_t)llround(b->percent * (double)b->n / 100.0);
        if (x2 > (size_t)b->n)
            x2 = (size_t)b->n;
        bar_ztest z;
        ok = bar_ztest_two_proportions(x, n, x2, (size_t)b->n, &z, &err) ==
             BAR_OK;
        bad |=
            bar__set(o, BAR_RK_TEST, json_string(BAR_RV_TEST_TWO_PROPORTIONS));
        bad |=
            bar__set(o, BAR_RK_STATISTIC, ok ? bar__real(z.z) : json_null());
        bad |= bar__set(o, BAR_RK_P, ok ? bar__real(z.p) : json_null());
    } else {
        double p = NAN;
        ok = bar_binom_test(x, n, b->percent / 100.0, &p, &err) == BAR_OK;
        bad |= bar__set(o, BAR_RK_TEST, json_string(BAR_RV_TEST_BINOMIAL));
        bad |= bar__set(o, BAR_RK_STATISTIC, json_null());
        bad |= bar__set(o, BAR_RK_P, ok ? bar__real(p) : json_null());
    }
    if (!ok) {
        bad |= bar__set(o, BAR_RK_NO_TEST, json_string("not_computable"));
        bad |= bar__set_failure(o, BAR_RK_NOTE, &err);
    }
    bar_error_clear(&err);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

bar_status bar__benchmarks(const bar__ctx *c, json_t *arr,
                           const char *variable, const char *category,
                           size_t x, size_t n, bool hidden)
{
    size_t pos = 0;
    for (const bar_benchmark *b;
         (b = bar_benchmarks_next(c->benchmarks, variable, category,
                                  &pos));) {
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:s, s:f, s:s, s:b, s:o, s:s, s:o}",
            BAR_RK_VARIABLE, b->variable, BAR_RK_CATEGORY, b->category,
            BAR_RK_COUNTRY, b->country, BAR_RK_PERIOD, b->period,
            BAR_RK_PERCENT, b->percent, BAR_RK_QUALIFIER, b->qualifier,
            BAR_RK_APPROXIMATE, *b->qualifier != '\0', BAR_RK_N,
            b->n > 0 ? json_integer(b->n) : json_null(), BAR_RK_SOURCE,
            b->source, BAR_RK_COMPARISON, comparison(c, b, x, n, hidden));
        if (o && b->label_nl &&
            bar__set(o, BAR_RK_LABEL, bar__label(b->label_nl, b->label_en))) {
            json_decref(o);
            o = NULL;
        }
        if (!o || json_array_append_new(arr, o) != 0)
            return BAR_ENOMEM;
    }
    return BAR_OK;
}
