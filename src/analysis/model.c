/* model.c - kind "model": binary logistic regressions with backward
 * elimination by likelihood-ratio test (Tekstvak 2). One model per
 * outcome; the candidate predictors come from the spec, a "var==code"
 * predictor being the 0/1 dummy of that code. Every step is reported with
 * B, SE, Wald, p, Exp(B) and its interval, -2LL, the R2 measures,
 * Hosmer-Lemeshow and the classification table (src/stats/logistic.h).
 * Redundant predictors (aliased in the full model: a linear combination of
 * others, such as spectrum = the sum of the type_* options) are set aside
 * before the first step and reported with that reason ("redundant");
 * separation and non-convergence give an "error" and no coefficients.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/figure.h"
#include "core/buf.h"
#include "stats/logistic.h"
#include "results/results.h"

enum { MAX_ITER = 50 };

static json_t *term_json(const char *name, const bar_logit_term *t)
{
    if (t->aliased)
        return json_pack("{s:s, s:b, s:n, s:n, s:n, s:n, s:n, s:n, s:n}",
                         BAR_RK_NAME, name, BAR_RK_ALIASED, 1, BAR_RK_B,
                         BAR_RK_SE, BAR_RK_WALD, BAR_RK_P, BAR_RK_EXP_B,
                         BAR_RK_EXP_B_LOW, BAR_RK_EXP_B_HIGH);
    return json_pack("{s:s, s:b, s:o, s:o, s:o, s:i, s:o, s:o, s:o, s:o}",
                     BAR_RK_NAME, name, BAR_RK_ALIASED, 0, BAR_RK_B,
                     bar__real(t->b), BAR_RK_SE, bar__real(t->se), BAR_RK_WALD,
                     bar__real(t->wald), BAR_RK_DF, 1, BAR_RK_P,
                     bar__real(t->p), BAR_RK_EXP_B, bar__real(t->exp_b),
                     BAR_RK_EXP_B_LOW, bar__real(t->exp_b_low),
                     BAR_RK_EXP_B_HIGH, bar__real(t->exp_b_high));
}

/* The model m whose terms are the predictors flagged in `in`. */
static json_t *model_json(const bar_spec_entry *e, const bar_logit *m,
                          const bool *in)
{
    json_t *terms = json_array(), *aliased = json_array();
    bool bad = !terms || !aliased;
    size_t t = 0;
    for (size_t j = 0; !bad && j < e->npredictors; j++) {
        if (m->p != e->npredictors && !in[j])
            continue;
        if (m->p == e->npredictors && !in[j]) {
            t++;
            continue;
        }
        if (t >= m->p)
            break;
        const bar_logit_term *term = &m->terms[t++];
        bad |= json_array_append_new(
                   terms, term_json(e->predictors[j].name, term)) != 0;
        if (term->aliased)
            bad |= json_array_append_new(
                       aliased, json_string(e->predictors[j].name)) != 0;
    }
    json_t *o = json_pack(
        "{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:{s:o, s:I, s:o}, "
        "s:{s:f, s:[[I, I], [I, I]], s:o}, s:i, s:b}",
        BAR_RK_N, (json_int_t)m->n, BAR_RK_INTERCEPT,
        term_json("(constant)", &m->intercept), BAR_RK_TERMS, terms,
        BAR_RK_ALIASED, aliased, BAR_RK_MINUS2LL, bar__real(m->minus2ll),
        BAR_RK_MINUS2LL_NULL, bar__real(m->minus2ll_null), BAR_RK_COX_SNELL_R2,
        bar__real(m->cox_snell_r2), BAR_RK_NAGELKERKE_R2,
        bar__real(m->nagelkerke_r2), BAR_RK_HOSMER_LEMESHOW, BAR_RK_CHISQ,
        bar__real(m->hl_chisq), BAR_RK_DF, (json_int_t)m->hl_df, BAR_RK_P,
        bar__real(m->hl_p), BAR_RK_CLASSIFICATION, BAR_RK_CUT, 0.5,
        BAR_RK_TABLE, (json_int_t)m->table[0][0], (json_int_t)m->table[0][1],
        (json_int_t)m->table[1][0], (json_int_t)m->table[1][1],
        BAR_RK_PERCENT_CORRECT, bar__real(m->percent_correct),
        BAR_RK_ITERATIONS, m->iterations, BAR_RK_CONVERGED, m->converged);
    if (bad || !o) {
        json_decref(o);
        if (!o) {
            json_decref(terms);
            json_decref(aliased);
        }
        return NULL;
    }
    return o;
}

/* The predictors set aside before the first step, each with the ones it
 * is a linear combination of and that reason in both languages. NULL when
 * out of memory. */
static json_t *redundant_json(const bar_spec_entry *e,
                              const bar_stepwise *sw)
{
    static const struct {
        const char *lang, *of, *constant, *and, *fixed;
    } words[] = {
        {"nl", "lineaire combinatie van ", "de constante", " en ",
         "constant: geen variatie"},
        {"en", "linear combination of ", "the constant", " and ",
         "constant: no variation"},
    };
    json_t *arr = json_array();
    bool bad = !arr;
    for (size_t i = 0; !bad && i < sw->nredundant; i++) {
        const bar_logit_redundant *rd = &sw->redundant[i];
        json_t *of = json_array(), *reason = json_object();
        bad = !of || !reason;
        for (size_t k = 0; !bad && k < rd->nof; k++)
            bad |= json_array_append_new(
                       of, json_string(e->predictors[rd->of[k]].name)) != 0;
        for (size_t w = 0; !bad && w < 2; w++) {
            bar_buf b;
            bar_buf_init(&b, 16384);
            size_t nparts = rd->nof + rd->intercept;
            bar_buf_puts(&b, rd->nof == 0 ? words[w].fixed : words[w].of);
            if (rd->nof == 0)
                nparts = 0;
            for (size_t k = 0; k < nparts; k++) {
                if (k > 0)
                    bar_buf_puts(&b, k + 1 == nparts ? words[w].and : ", ");
                bar_buf_puts(&b, rd->intercept && k == 0
                                     ? words[w].constant
                                     : e->predictors[rd->of[k - rd->intercept]]
                                           .name);
            }
            bad |= bar_buf_status(&b) != BAR_OK ||
                   json_object_set_new(reason, words[w].lang,
                                       json_string(b.data)) != 0;
            bar_buf_clear(&b);
        }
        json_t *o = bad ? NULL
                        : json_pack("{s:s, s:b, s:O, s:O}", BAR_RK_NAME,
                                    e->predictors[rd->index].name,
                                    BAR_RK_INTERCEPT, rd->intercept, BAR_RK_OF,
                                    of, BAR_RK_REASON, reason);
        json_decref(of);
        json_decref(reason);
        bad |= !o || json_array_append_new(arr, o) != 0;
    }
    if (bad) {
        json_decref(arr);
        return NULL;
    }
    return arr;
}

/* One outcome: returns true on out of memory. */
static bool one_model(const bar__ctx *c, const bar_spec_entry *e,
                      const char *outcome, json_t *models)
{
    const bar_variable *yv = bar__var(c, outcome);
    size_t p = e->npredictors, nrows = bar_dataset_nrows(c->ds);
    double *x = malloc((nrows ? nrows : 1) * (p ? p : 1) * sizeof *x);
    double *y = malloc((nrows ? nrows : 1) * sizeof *y);
    bool *in = calloc(p ? p : 1, sizeof *in);
    bar_stepwise sw = {0};
    bar_error err;
    bar_error_init(&err);
    json_t *o = json_pack("{s:s, s:o}", BAR_RK_OUTCOME, outcome, BAR_RK_LABEL,
                          bar__var_label(yv));
    size_t *xcol = malloc((p ? p : 1) * sizeof *xcol);
    /* o is handed to models before anything can stop (a leak of o when
     * x failed: allocation failure test, analyze N=8397) */
    bool bad = !o || json_array_append_new(models, o) != 0;
    bad |= !x || !y || !in || !xcol;
    if (bad)
        goto done;
    /* Each predictor's dataset column, looked up once. */
    for (size_t j = 0; j < p; j++)
        xcol[j] = bar_var_index(bar__var(c, e->predictors[j].variable));
    size_t ycol = bar_var_index(yv);
    size_t n = 0, complete = 0, events = 0;
    for (size_t r = 0; r < nrows; r++) {
        if (!bar__in_base(c, e->base, r))
            continue;
        bool ok = true;
        for (size_t j = 0; j < p; j++) {
            const bar_spec_predictor *pr = &e->predictors[j];
            double v = bar_dataset_get(c->ds, r, xcol[j]);
            if (pr->code >= 0 && !isnan(v))
                v = v == (double)pr->code ? 1.0 : 0.0;
            x[n * p + j] = v;
            ok &= !isnan(v);
        }
        y[n] = bar_dataset_get(c->ds, r, ycol);
        ok &= !isnan(y[n]);
        complete += ok;
        events += ok && y[n] == 1.0;
        n++;
    }
    bad |= bar__set(o, BAR_RK_BASE_N, json_integer((json_int_t)n));
    bad |= bar__set(o, BAR_RK_N, json_integer((json_int_t)complete));
    bad |= bar__set(o, BAR_RK_EVENTS, json_integer((json_int_t)events));
    if (bad)
        goto done;
    if (complete == 0) {
        bad |= bar_results_note(o, BAR_RK_ERROR,
                                "no complete cases in the base: no model",
                                NULL) != BAR_OK;
        goto done;
    }
    if (events == 0 || events == complete) {
        bad |= bar_results_note(o, BAR_RK_ERROR,
                                "'{1}' does not vary among the {2} "
                                "complete cases: no model",
                                outcome, BAR__ZU(complete), NULL) != BAR_OK;
        goto done;
    }
    if (complete < c->min_group) {
        bad |= bar_results_note(o, BAR_RK_ERROR,
                                "fewer than {1} complete cases: no model",
                                BAR__ZU(c->min_group), NULL) != BAR_OK;
        goto done;
    }
    bar_status rc = bar_logit_backward(x, y, n, p, e->p_remove, MAX_ITER,
                                       &sw, &err);
    if (rc != BAR_OK) {
        bool sep = sw.separation;
        for (size_t s = 0; s < sw.nsteps; s++)
            sep |= sw.steps[s].model.separation;
        bad |= bar__set_failure(o, BAR_RK_ERROR, &err);
        bad |= bar__set(o, BAR_RK_SEPARATION, json_boolean(sep));
        goto done;
    }
    json_t *steps = json_array();
    bad |= bar__set(o, BAR_RK_STEPS, steps);
    json_t *redundant = redundant_json(e, &sw);
    bad |= !redundant || bar__set(o, BAR_RK_REDUNDANT, redundant);
    for (size_t j = 0; j < p; j++)
        in[j] = true;
    for (size_t i = 0; i < sw.nredundant; i++)
        in[sw.redundant[i].index] = false;
    for (size_t s = 0; !bad && s < sw.nsteps; s++) {
        const bar_logit_step *st = &sw.steps[s];
        bool first = st->removed == (size_t)-1 || st->removed >= p;
        if (!first)
            in[st->removed] = false;
        json_t *m = model_json(e, &st->model, in);
        json_t *so = json_pack(
            "{s:I, s:o, s:o, s:o, s:o}", BAR_RK_STEP, (json_int_t)(s + 1),
            BAR_RK_REMOVED,
            first ? json_null() : json_string(e->predictors[st->removed].name),
            BAR_RK_LR_CHISQ, first ? json_null() : bar__real(st->lr_chisq),
            BAR_RK_LR_P, first ? json_null() : bar__real(st->lr_p),
            BAR_RK_MODEL, m);
        bad |= !so || json_array_append_new(steps, so) != 0;
    }
    json_t *kept = json_array(), *removed = json_array();
    for (size_t j = 0; j < p; j++)
        in[j] = true;
    for (size_t i = 0; i < sw.nredundant; i++)
        in[sw.redundant[i].index] = false; /* in neither list */
    for (size_t j = 0; j < p; j++)
        if (in[j])
            bad |= json_array_append_new(
                       sw.kept && sw.kept[j] ? kept : removed,
                       json_string(e->predictors[j].name)) != 0;
    bad |= bar__set(o, BAR_RK_KEPT, kept);
    bad |= bar__set(o, BAR_RK_REMOVED, removed);
done:
    bar_stepwise_clear(&sw);
    bar_error_clear(&err);
    free(x);
    free(y);
    free(in);
    free(xcol);
    return bad;
}

bar_status bar__model(const bar__ctx *c, const bar_spec_entry *e,
                      json_t *fig)
{
    json_t *models = json_array(), *preds = json_array();
    bool bad = !preds;
    for (size_t j = 0; !bad && j < e->npredictors; j++)
        bad |= json_array_append_new(preds,
                                     json_string(e->predictors[j].name)) != 0;
    bad |= bar__set(fig, BAR_RK_CANDIDATES, preds);
    bad |= bar__set(fig, BAR_RK_SELECTION, json_string(
        BAR_RV_SELECTION_BACKWARD));
    bad |= bar__set(fig, BAR_RK_P_REMOVE, json_real(e->p_remove));
    bad |= bar__set(fig, BAR_RK_MODELS, models);
    size_t base_n = 0;
    for (size_t r = 0; r < bar_dataset_nrows(c->ds); r++)
        base_n += bar__in_base(c, e->base, r);
    bad |= bar__set(fig, BAR_RK_BASE_N, json_integer((json_int_t)base_n));
    if (bad)
        return bar__no_memory(c, e->id);
    if (base_n == 0)
        return bar_results_note(fig, BAR_RK_NOTE,
                                "no case in the base ({1}): no models",
                                bar__base_name(e->base), NULL);
    for (size_t i = 0; i < e->noutcomes; i++)
        if (one_model(c, e, e->outcomes[i], models))
            return bar__no_memory(c, e->id);
    return BAR_OK;
}
