/* survey.c - pages, routing between them, and reading a page's form. */
#include "field/survey.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct page {
    size_t first, count;   /* instrument questions */
    size_t block;          /* position of its block */
    size_t part, nparts;   /* part of its block */
} page;

struct bar_survey {
    const bar_instrument *ins;
    page *pages;
    size_t npages, nblocks;
    bool *decides;         /* nvars: tested by a base or condition */
    size_t *question_of;   /* nvars: the question of an asked variable */
};

void bar_survey_free(bar_survey *s)
{
    if (!s)
        return;
    free(s->pages);
    free(s->decides);
    free(s->question_of);
    free(s);
}

/* The variables whose answers decide whether q is asked: `innovated` for
 * a question of innovators, the variable its condition tests. */
static size_t deps_of(const bar_instrument *ins, const bar_question *q,
                      size_t dep[2])
{
    size_t n = 0;
    if (bar_question_base(q) == BAR_BASE_INNOVATORS) {
        long i = bar_instrument_find(ins, "innovated");
        if (i >= 0)
            dep[n++] = (size_t)i;
    }
    const bar_variable *v = NULL;
    if (bar_question_asked_if(q, &v, NULL, NULL) && v)
        dep[n++] = bar_var_index(v);
    return n;
}

bar_status bar_survey_new(const bar_instrument *ins, bar_survey **out,
                          bar_error *err)
{
    bar_status rc = BAR_OK;
    size_t nq = bar_instrument_nquestions(ins);
    size_t nvars = bar_instrument_nvars(ins);
    bar_survey *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s || !(s->pages = calloc(nq ? nq : 1, sizeof *s->pages)) ||
        !(s->decides = calloc(nvars ? nvars : 1, sizeof *s->decides)) ||
        !(s->question_of = calloc(nvars ? nvars : 1,
                                  sizeof *s->question_of))) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    s->ins = ins;
    if (nq == 0) {
        rc = bar_error_set(err, BAR_EINVALID, "instrument '%s' has no "
                           "question", bar_instrument_id(ins));
        goto cleanup;
    }
    for (size_t i = 0; i < nvars; i++)
        s->question_of[i] = nq;
    for (size_t q = 0; q < nq; q++) {
        const bar_question *qq = bar_instrument_question(ins, q);
        for (size_t k = 0; k < bar_question_nvars(qq); k++)
            s->question_of[bar_var_index(bar_question_var(qq, k))] = q;
    }
    const char *block = NULL;
    for (size_t q = 0; q < nq; q++) {
        const bar_question *qq = bar_instrument_question(ins, q);
        size_t dep[2];
        size_t ndep = deps_of(ins, qq, dep);
        bool fresh = !block || strcmp(block, bar_question_block(qq)) != 0;
        for (size_t k = 0; k < ndep; k++) {
            s->decides[dep[k]] = true;
            page *cur = s->npages ? &s->pages[s->npages - 1] : NULL;
            size_t dq = s->question_of[dep[k]];
            if (cur && !fresh && dq >= cur->first &&
                dq < cur->first + cur->count)
                fresh = true;
        }
        if (fresh && block && strcmp(block, bar_question_block(qq)) != 0)
            s->nblocks++;
        if (fresh || s->npages == 0) {
            page *pg = &s->pages[s->npages++];
            bool same_block = block &&
                              strcmp(block, bar_question_block(qq)) == 0;
            *pg = (page){.first = q, .count = 0, .block = s->nblocks,
                         .part = same_block ? pg[-1].part + 1 : 0};
        }
        s->pages[s->npages - 1].count++;
        block = bar_question_block(qq);
    }
    s->nblocks++;
    /* parts of each block */
    for (size_t p = 0; p < s->npages;) {
        size_t e = p;
        while (e < s->npages && s->pages[e].block == s->pages[p].block)
            e++;
        for (size_t k = p; k < e; k++)
            s->pages[k].nparts = e - p;
        p = e;
    }
    *out = s;
    s = NULL;
cleanup:
    bar_survey_free(s);
    return rc;
}

size_t bar_survey_npages(const bar_survey *s)
{
    return s->npages;
}

size_t bar_survey_page_first(const bar_survey *s, size_t p)
{
    return p < s->npages ? s->pages[p].first : 0;
}

size_t bar_survey_page_count(const bar_survey *s, size_t p)
{
    return p < s->npages ? s->pages[p].count : 0;
}

size_t bar_survey_page_block(const bar_survey *s, size_t p)
{
    return p < s->npages ? s->pages[p].block : s->nblocks;
}

size_t bar_survey_nblocks(const bar_survey *s)
{
    return s->nblocks;
}

size_t bar_survey_page_part(const bar_survey *s, size_t p, size_t *nparts)
{
    *nparts = p < s->npages ? s->pages[p].nparts : 1;
    return p < s->npages ? s->pages[p].part : 0;
}

bool bar_survey_decides(const bar_survey *s, size_t var)
{
    return var < bar_instrument_nvars(s->ins) && s->decides[var];
}

bool bar_survey_page_shown(const bar_survey *s, size_t p, const bar_draft *d)
{
    if (p >= s->npages)
        return false;
    for (size_t q = 0; q < s->pages[p].count; q++)
        if (bar_draft_asked(d, bar_instrument_question(
                                   s->ins, s->pages[p].first + q)))
            return true;
    return false;
}

size_t bar_survey_next(const bar_survey *s, size_t p, const bar_draft *d)
{
    for (size_t k = p + 1; k < s->npages; k++)
        if (bar_survey_page_shown(s, k, d))
            return k;
    return s->npages;
}

size_t bar_survey_prev(const bar_survey *s, size_t p, const bar_draft *d)
{
    if (p > s->npages)
        p = s->npages;
    while (p-- > 0)
        if (bar_survey_page_shown(s, p, d))
            return p;
    return s->npages;
}

size_t bar_survey_resume(const bar_survey *s, const bar_draft *d)
{
    for (size_t p = 0; p < s->npages; p++)
        for (size_t q = 0; q < s->pages[p].count; q++) {
            size_t qi = s->pages[p].first + q;
            if (bar_draft_asked(d, bar_instrument_question(s->ins, qi)) &&
                !bar_draft_seen(d, qi))
                return p;
        }
    return s->npages;
}

bar_status bar_page_check_init(bar_page_check *c, const bar_instrument *ins)
{
    size_t n = bar_instrument_nvars(ins);
    c->nproblems = 0;
    c->problem = calloc(n ? n : 1, sizeof *c->problem);
    return c->problem ? BAR_OK : BAR_ENOMEM;
}

void bar_page_check_clear(bar_page_check *c)
{
    if (!c)
        return;
    free(c->problem);
    c->problem = NULL;
    c->nproblems = 0;
}

/* The code in text (a whole decimal number that is one of v's codes), or
 * false. */
static bool parse_code(const bar_variable *v, const char *text, long *code)
{
    if (!text || !*text)
        return false;
    char *end = NULL;
    errno = 0;
    long x = strtol(text, &end, 10);
    if (errno || *end || end == text || text[0] == ' ' || text[0] == '+')
        return false;
    *code = x;
    return bar_var_code_pos(v, x) >= 0;
}

static size_t code_points(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xc0) != 0x80;
    return n;
}

static void flag(bar_page_check *c, size_t var, bar_field_problem p)
{
    if (c->problem[var] == BAR_FIELD_OK) {
        c->problem[var] = p;
        c->nproblems++;
    }
}

bar_status bar_survey_read(const bar_survey *s, size_t p,
                           const bar_form *form, bar_draft *d,
                           bar_page_check *check, bool *ok, bar_error *err)
{
    *ok = false;
    if (p >= s->npages)
        return bar_error_set(err, BAR_EUSAGE, "no page %zu", p);
    size_t nvars = bar_instrument_nvars(s->ins);
    memset(check->problem, 0, nvars * sizeof *check->problem);
    check->nproblems = 0;
    const page *pg = &s->pages[p];
    /* Check first; nothing is written unless the whole page passes. */
    for (size_t k = 0; k < pg->count; k++) {
        const bar_question *q = bar_instrument_question(s->ins,
                                                        pg->first + k);
        if (!bar_draft_asked(d, q))
            continue;
        const bar_variable *excl = bar_question_exclusive(q);
        size_t ticked = 0;
        for (size_t j = 0; j < bar_question_nvars(q); j++) {
            const bar_variable *v = bar_question_var(q, j);
            size_t vi = bar_var_index(v);
            const char *val = bar_form_get(form, bar_var_name(v));
            long code = 0;
            switch (bar_var_type_of(v)) {
            case BAR_VAR_TEXT:
                if (val && code_points(val) > (size_t)bar_var_max(v))
                    flag(check, vi, BAR_FIELD_TOO_LONG);
                break;
            case BAR_VAR_BINARY:
                if (val && strcmp(val, "1") != 0)
                    flag(check, vi, BAR_FIELD_BAD_CODE);
                ticked += val != NULL;
                break;
            default:
                if (val && *val && !parse_code(v, val, &code))
                    flag(check, vi, BAR_FIELD_BAD_CODE);
                else if ((!val || !*val) && s->decides[vi])
                    flag(check, vi, BAR_FIELD_REQUIRED);
                break;
            }
        }
        if (excl && bar_form_get(form, bar_var_name(excl)) && ticked > 1)
            flag(check, bar_var_index(excl), BAR_FIELD_EXCLUSIVE);
    }
    if (check->nproblems > 0)
        return BAR_OK;
    for (size_t k = 0; k < pg->count; k++) {
        size_t qi = pg->first + k;
        const bar_question *q = bar_instrument_question(s->ins, qi);
        bool asked = bar_draft_asked(d, q);
        for (size_t j = 0; j < bar_question_nvars(q); j++) {
            const bar_variable *v = bar_question_var(q, j);
            size_t vi = bar_var_index(v);
            const char *val = asked ? bar_form_get(form, bar_var_name(v))
                                    : NULL;
            long code = 0;
            switch (bar_var_type_of(v)) {
            case BAR_VAR_TEXT: {
                /* blank text is no answer */
                const char *t = val;
                while (t && (*t == ' ' || *t == '\t' || *t == '\r' ||
                             *t == '\n'))
                    t++;
                if (bar_draft_set_text(d, vi, t && *t ? val : NULL) !=
                    BAR_OK)
                    return bar_error_set(err, BAR_ENOMEM, "out of memory");
                break;
            }
            case BAR_VAR_BINARY:
                bar_draft_set_value(d, vi, !asked ? NAN : val ? 1 : 0);
                break;
            default:
                bar_draft_set_value(d, vi, val && parse_code(v, val, &code)
                                               ? (double)code : NAN);
                break;
            }
        }
        bar_draft_set_seen(d, qi, asked);
    }
    *ok = true;
    return BAR_OK;
}
