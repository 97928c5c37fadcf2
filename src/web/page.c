/* page.c - the HTML of the respondent's pages. */
#include "web/page.h"

#include "render/numfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define P(...) bar_buf_printf(out, __VA_ARGS__)
#define S(s) bar_buf_puts(out, s)
#define H(s) bar_buf_put_html(out, s)

/* The languages a respondent may switch between: those the instrument
 * labels are written in. */
static const bar_lang page_langs[] = {BAR_LANG_NL, BAR_LANG_EN};

/* Where the values shown in the controls come from: a refused form, else
 * the draft (print: neither). */
typedef struct values {
    const bar_draft *d;
    const bar_form *f;
} values;

static bool single_checked(const values *vs, const bar_variable *v,
                           long code)
{
    if (vs->f) {
        const char *x = bar_form_get(vs->f, bar_var_name(v));
        char buf[32];
        snprintf(buf, sizeof buf, "%ld", code);
        return x && strcmp(x, buf) == 0;
    }
    if (vs->d) {
        double x = bar_draft_value(vs->d, bar_var_index(v));
        return !isnan(x) && (long)x == code;
    }
    return false;
}

static bool option_ticked(const values *vs, const bar_variable *v)
{
    if (vs->f)
        return bar_form_get(vs->f, bar_var_name(v)) != NULL;
    return vs->d && bar_draft_value(vs->d, bar_var_index(v)) == 1;
}

static const char *text_of(const values *vs, const bar_variable *v)
{
    if (vs->f)
        return bar_form_get(vs->f, bar_var_name(v));
    return vs->d ? bar_draft_text(vs->d, bar_var_index(v)) : NULL;
}

static void head(bar_buf *out, const bar_page_ctx *ctx, const char *title)
{
    bar_lang lang = ctx->lang;
    S("<!DOCTYPE html>\n<html lang=\"");
    H(bar_lang_code(lang));
    S("\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>");
    H(title);
    S(" – ");
    H(bar_instrument_title(ctx->ins, lang));
    S("</title>\n<link rel=\"stylesheet\" href=\"/static/survey.css\">\n"
      "</head>\n<body>\n<a class=\"skip\" href=\"#main\">");
    H(bar_tr(lang, "Skip to the questions"));
    S("</a>\n<header class=\"site\"><div class=\"wrap\">\n"
      "<p class=\"brand\">");
    H(bar_instrument_title(ctx->ins, lang));
    S("</p>\n<nav class=\"langs\" aria-label=\"");
    H(bar_tr(lang, "Language"));
    S("\"><ul>");
    for (size_t i = 0; i < sizeof page_langs / sizeof page_langs[0]; i++) {
        bar_lang l = page_langs[i];
        if (l == lang)
            continue;
        S("<li><a href=\"?lang=");
        H(bar_lang_code(l));
        S("\" hreflang=\"");
        H(bar_lang_code(l));
        S("\" lang=\"");
        H(bar_lang_code(l));
        S("\">");
        H(bar_trc(l, "language name", "English"));
        S("</a></li>");
    }
    S("</ul></nav>\n</div></header>\n<main id=\"main\" class=\"wrap\">\n");
}

static void foot(bar_buf *out)
{
    S("</main>\n</body>\n</html>\n");
}

/* The message of a problem with the field of v, into buf. */
static void problem_text(const bar_page_ctx *ctx, const bar_variable *v,
                         bar_field_problem p, char *buf, size_t size)
{
    bar_lang lang = ctx->lang;
    switch (p) {
    case BAR_FIELD_REQUIRED:
        snprintf(buf, size, "%s", bar_tr(lang, "Answer this question: the "
                                               "questions that follow "
                                               "depend on it."));
        break;
    case BAR_FIELD_BAD_CODE:
        snprintf(buf, size, "%s", bar_tr(lang, "Choose one of the answers "
                                               "given."));
        break;
    case BAR_FIELD_EXCLUSIVE:
        snprintf(buf, size, bar_tr(lang, "\"%s\" cannot be ticked together "
                                         "with other answers."),
                 bar_var_label(v, lang));
        break;
    case BAR_FIELD_TOO_LONG:
        snprintf(buf, size, bar_tr(lang, "Use at most %ld characters."),
                 bar_var_max(v));
        break;
    default:
        buf[0] = '\0';
        break;
    }
}

/* The id of the first control of v's field (what the error summary links
 * to). */
static void field_id(const bar_variable *v, char *buf, size_t size)
{
    if (bar_var_type_of(v) == BAR_VAR_SINGLE)
        snprintf(buf, size, "f-%s-0", bar_var_name(v));
    else
        snprintf(buf, size, "f-%s", bar_var_name(v));
}

static bar_field_problem problem_of(const bar_page_check *check,
                                    const bar_variable *v)
{
    return check ? check->problem[bar_var_index(v)] : BAR_FIELD_OK;
}

/* The message beside a field, with the id its control refers to. */
static void field_error(bar_buf *out, const bar_page_ctx *ctx,
                        const bar_variable *v, bar_field_problem p)
{
    char msg[512];
    problem_text(ctx, v, p, msg, sizeof msg);
    P("<p class=\"field-error\" id=\"e-%s\"><span class=\"vh\">",
      bar_var_name(v));
    H(bar_tr(ctx->lang, "Error:"));
    S("</span> ");
    H(msg);
    S("</p>\n");
}

/* The radios of one single variable. */
static void radios(bar_buf *out, const bar_page_ctx *ctx,
                   const bar_variable *v, const values *vs, bool print)
{
    const char *name = bar_var_name(v);
    S("<div class=\"choices\">\n");
    for (size_t i = 0; i < bar_var_ncodes(v); i++) {
        long code = bar_var_code(v, i);
        P("<div class=\"choice\"><input type=\"radio\" id=\"f-%s-%zu\" "
          "name=\"%s\" value=\"%ld\"%s%s><label for=\"f-%s-%zu\">",
          name, i, name, code, single_checked(vs, v, code) ? " checked" : "",
          print ? " disabled" : "", name, i);
        H(bar_var_code_label(v, i, ctx->lang));
        S("</label></div>\n");
    }
    S("</div>\n");
}

/* Where a question's answers decide: "Only if ..." for the printed
 * questionnaire. */
static long question_number(const bar_instrument *ins, const bar_question *q)
{
    for (size_t i = 0; i < bar_instrument_nquestions(ins); i++)
        if (bar_instrument_question(ins, i) == q)
            return (long)i + 1;
    return 0;
}

static void routing_note(bar_buf *out, const bar_page_ctx *ctx,
                         const bar_question *q)
{
    bar_lang lang = ctx->lang;
    char note[1024];
    if (bar_question_base(q) == BAR_BASE_INNOVATORS) {
        long i = bar_instrument_find(ctx->ins, "innovated");
        const bar_variable *inn = i >= 0 ? bar_instrument_var(ctx->ins,
                                                              (size_t)i)
                                         : NULL;
        if (inn && bar_var_question(inn) != q) {
            long pos = bar_var_code_pos(inn, 1);
            snprintf(note, sizeof note,
                     bar_tr(lang, "Only if the answer to question %ld is "
                                  "\"%s\"."),
                     question_number(ctx->ins, bar_var_question(inn)),
                     pos >= 0 ? bar_var_code_label(inn, (size_t)pos, lang)
                              : "1");
            S("<p class=\"note\">");
            H(note);
            S("</p>\n");
        }
    }
    const bar_variable *v = NULL;
    const char *op = NULL;
    long value = 0;
    if (!bar_question_asked_if(q, &v, &op, &value) || !v)
        return;
    long qn = question_number(ctx->ins, bar_var_question(v));
    long pos = bar_var_code_pos(v, value);
    const char *label = pos >= 0 ? bar_var_code_label(v, (size_t)pos, lang)
                                 : NULL;
    char num[32];
    snprintf(num, sizeof num, "%ld", value);
    if (!label)
        label = num;
    if (bar_var_type_of(v) == BAR_VAR_BINARY &&
        (strcmp(op, "==") == 0 || strcmp(op, "!=") == 0)) {
        bool ticked = (strcmp(op, "==") == 0) == (value == 1);
        snprintf(note, sizeof note,
                 ticked ? bar_tr(lang, "Only if \"%s\" is ticked at "
                                       "question %ld.")
                        : bar_tr(lang, "Only if \"%s\" is not ticked at "
                                       "question %ld."),
                 bar_var_label(v, lang), qn);
    } else if (strcmp(op, "==") == 0) {
        snprintf(note, sizeof note, bar_tr(lang, "Only if the answer to "
                                                 "question %ld is \"%s\"."),
                 qn, label);
    } else if (strcmp(op, "!=") == 0) {
        snprintf(note, sizeof note, bar_tr(lang, "Only if the answer to "
                                                 "question %ld is not "
                                                 "\"%s\"."),
                 qn, label);
    } else if (strcmp(op, ">=") == 0 || strcmp(op, ">") == 0) {
        snprintf(note, sizeof note,
                 strcmp(op, ">=") == 0
                     ? bar_tr(lang, "Only if the answer to question %ld is "
                                    "\"%s\" or one further down the list.")
                     : bar_tr(lang, "Only if the answer to question %ld "
                                    "comes after \"%s\" in the list."),
                 qn, label);
    } else {
        snprintf(note, sizeof note,
                 strcmp(op, "<=") == 0
                     ? bar_tr(lang, "Only if the answer to question %ld is "
                                    "\"%s\" or one further up the list.")
                     : bar_tr(lang, "Only if the answer to question %ld "
                                    "comes before \"%s\" in the list."),
                 qn, label);
    }
    S("<p class=\"note\">");
    H(note);
    S("</p>\n");
}

/* One question: a fieldset with its legend (a text question: a label). */
static void question(bar_buf *out, const bar_page_ctx *ctx,
                     const bar_question *q, const values *vs,
                     const bar_page_check *check, bool print)
{
    bar_lang lang = ctx->lang;
    const bar_variable *v0 = bar_question_var(q, 0);
    const char *qid = bar_question_id(q);
    bool bad = false;
    for (size_t j = 0; j < bar_question_nvars(q); j++)
        bad |= problem_of(check, bar_question_var(q, j)) != BAR_FIELD_OK;
    P("<div class=\"question%s\" id=\"q-%s\">\n", bad ? " has-error" : "",
      qid);
    switch (bar_question_type_of(q)) {
    case BAR_Q_TEXT: {
        const char *name = bar_var_name(v0);
        bar_field_problem p = problem_of(check, v0);
        P("<label class=\"qtext\" for=\"f-%s\">", name);
        if (print)
            P("<span class=\"qnum\">%ld.</span> ",
              question_number(ctx->ins, q));
        H(bar_question_text(q, lang));
        S("</label>\n");
        if (print)
            routing_note(out, ctx, q);
        char hint[128];
        snprintf(hint, sizeof hint, bar_tr(lang, "At most %ld characters."),
                 bar_var_max(v0));
        P("<p class=\"hint\" id=\"h-%s\">", name);
        H(hint);
        S("</p>\n");
        if (p != BAR_FIELD_OK)
            field_error(out, ctx, v0, p);
        P("<textarea id=\"f-%s\" name=\"%s\" rows=\"6\" "
          "aria-describedby=\"h-%s%s%s\"%s>", name, name, name,
          p != BAR_FIELD_OK ? " e-" : "", p != BAR_FIELD_OK ? name : "",
          print ? " disabled" : "");
        const char *t = text_of(vs, v0);
        if (t)
            H(t);
        S("</textarea>\n");
        break;
    }
    case BAR_Q_SINGLE:
    case BAR_Q_MULTI:
    case BAR_Q_GRID: {
        const bar_variable *excl = bar_question_exclusive(q);
        bar_field_problem pq = BAR_FIELD_OK;
        if (bar_question_type_of(q) == BAR_Q_SINGLE)
            pq = problem_of(check, v0);
        else if (excl)
            pq = problem_of(check, excl);
        const bar_variable *pv = bar_question_type_of(q) == BAR_Q_SINGLE
                                     ? v0 : excl;
        if (pq != BAR_FIELD_OK)
            P("<fieldset aria-describedby=\"e-%s\">\n<legend>",
              bar_var_name(pv));
        else
            S("<fieldset>\n<legend>");
        if (print)
            P("<span class=\"qnum\">%ld.</span> ",
              question_number(ctx->ins, q));
        H(bar_question_text(q, lang));
        S("</legend>\n");
        if (print)
            routing_note(out, ctx, q);
        if (pq != BAR_FIELD_OK)
            field_error(out, ctx, pv, pq);
        if (bar_question_type_of(q) == BAR_Q_SINGLE) {
            radios(out, ctx, v0, vs, print);
        } else if (bar_question_type_of(q) == BAR_Q_MULTI) {
            /* the option that excludes the others comes last, after
             * "or", wherever the instrument lists it */
            S("<div class=\"choices\">\n");
            size_t nv = bar_question_nvars(q);
            for (size_t k = 0; k < nv + (excl != NULL); k++) {
                const bar_variable *v = k < nv ? bar_question_var(q, k)
                                               : excl;
                if (k < nv && v == excl)
                    continue;
                const char *name = bar_var_name(v);
                if (k == nv) {
                    S("<p class=\"or\">");
                    H(bar_tr(lang, "or"));
                    S("</p>\n");
                }
                P("<div class=\"choice\"><input type=\"checkbox\" "
                  "id=\"f-%s\" name=\"%s\" value=\"1\"%s%s>"
                  "<label for=\"f-%s\">", name, name,
                  option_ticked(vs, v) ? " checked" : "",
                  print ? " disabled" : "", name);
                H(bar_var_label(v, lang));
                S("</label></div>\n");
            }
            S("</div>\n");
        } else {
            for (size_t j = 0; j < bar_question_nvars(q); j++) {
                const bar_variable *v = bar_question_var(q, j);
                bar_field_problem p = problem_of(check, v);
                if (p != BAR_FIELD_OK)
                    P("<fieldset class=\"item has-error\" "
                      "aria-describedby=\"e-%s\">\n<legend>",
                      bar_var_name(v));
                else
                    S("<fieldset class=\"item\">\n<legend>");
                H(bar_var_label(v, lang));
                S("</legend>\n");
                if (p != BAR_FIELD_OK)
                    field_error(out, ctx, v, p);
                radios(out, ctx, v, vs, print);
                S("</fieldset>\n");
            }
        }
        S("</fieldset>\n");
        break;
    }
    }
    S("</div>\n");
}

/* The error summary: every problem of the page, linked to its field. */
static void error_summary(bar_buf *out, const bar_page_ctx *ctx, size_t p,
                          const bar_page_check *check)
{
    bar_lang lang = ctx->lang;
    /* focused on arrival (no script: autofocus), so that a keyboard or
     * screen-reader user starts at the list of problems */
    S("<div class=\"error-summary\" role=\"alert\" tabindex=\"-1\" "
      "autofocus aria-labelledby=\"error-summary-title\">\n"
      "<h2 id=\"error-summary-title\">");
    H(bar_tr(lang, "There is a problem"));
    S("</h2>\n<ul>\n");
    size_t first = bar_survey_page_first(ctx->survey, p);
    for (size_t k = 0; k < bar_survey_page_count(ctx->survey, p); k++) {
        const bar_question *q = bar_instrument_question(ctx->ins, first + k);
        for (size_t j = 0; j < bar_question_nvars(q); j++) {
            const bar_variable *v = bar_question_var(q, j);
            bar_field_problem pr = problem_of(check, v);
            if (pr == BAR_FIELD_OK)
                continue;
            char id[300], msg[512];
            field_id(v, id, sizeof id);
            problem_text(ctx, v, pr, msg, sizeof msg);
            P("<li><a href=\"#%s\">", id);
            H(bar_question_type_of(q) == BAR_Q_GRID
                  ? bar_var_label(v, lang)
                  : bar_question_text(q, lang));
            S(" – ");
            H(msg);
            S("</a></li>\n");
        }
    }
    S("</ul>\n</div>\n");
}

static void progress(bar_buf *out, const bar_page_ctx *ctx, size_t p)
{
    bar_lang lang = ctx->lang;
    size_t nblocks = bar_survey_nblocks(ctx->survey);
    size_t block = bar_survey_page_block(ctx->survey, p);
    size_t npages = bar_survey_npages(ctx->survey);
    char text[256];
    if (p >= npages)
        snprintf(text, sizeof text, "%s", bar_tr(lang, "Check your answers"));
    else
        snprintf(text, sizeof text, bar_tr(lang, "Part %zu of %zu"),
                 block + 1, nblocks);
    S("<div class=\"progress\"><p id=\"progress-label\">");
    H(text);
    P("</p><progress aria-labelledby=\"progress-label\" max=\"%zu\" "
      "value=\"%zu\">%zu/%zu</progress></div>\n", nblocks + 1,
      p >= npages ? nblocks + 1 : block + 1,
      p >= npages ? nblocks + 1 : block + 1, nblocks + 1);
}

/* The title of page p: its block's, with the part when it has several. */
static void page_title(const bar_page_ctx *ctx, size_t p, char *buf,
                       size_t size)
{
    size_t first = bar_survey_page_first(ctx->survey, p);
    const bar_question *q = bar_instrument_question(ctx->ins, first);
    size_t nparts = 1;
    size_t part = bar_survey_page_part(ctx->survey, p, &nparts);
    if (nparts > 1)
        snprintf(buf, size, bar_tr(ctx->lang, "%s (%zu of %zu)"),
                 bar_question_block_title(q, ctx->lang), part + 1, nparts);
    else
        snprintf(buf, size, "%s", bar_question_block_title(q, ctx->lang));
}

bar_status bar_page_questions(bar_buf *out, const bar_page_ctx *ctx,
                              size_t p, const bar_draft *d,
                              const bar_form *form,
                              const bar_page_check *check)
{
    bar_lang lang = ctx->lang;
    char title[512], full[600];
    page_title(ctx, p, title, sizeof title);
    if (check && check->nproblems)
        snprintf(full, sizeof full, bar_tr(lang, "Error: %s"), title);
    else
        snprintf(full, sizeof full, "%s", title);
    head(out, ctx, full);
    progress(out, ctx, p);
    if (check && check->nproblems)
        error_summary(out, ctx, p, check);
    S("<h1>");
    H(title);
    P("</h1>\n<form method=\"post\" action=\"%s/p/%zu\" novalidate>\n",
      ctx->base, p);
    if (ctx->to_review)
        S("<input type=\"hidden\" name=\"return\" value=\"review\">\n");
    values vs = {.d = d, .f = check && check->nproblems ? form : NULL};
    size_t first = bar_survey_page_first(ctx->survey, p);
    for (size_t k = 0; k < bar_survey_page_count(ctx->survey, p); k++) {
        const bar_question *q = bar_instrument_question(ctx->ins, first + k);
        if (bar_draft_asked(d, q))
            question(out, ctx, q, &vs, vs.f ? check : NULL, false);
    }
    S("<div class=\"actions\"><button type=\"submit\" class=\"primary\">");
    H(bar_tr(lang, "Save and continue"));
    S("</button></div>\n</form>\n");
    size_t prev = bar_survey_prev(ctx->survey, p, d);
    if (prev < bar_survey_npages(ctx->survey)) {
        P("<p class=\"back\"><a href=\"%s/p/%zu\">", ctx->base, prev);
        H(bar_tr(lang, "Previous page"));
        S("</a></p>\n");
    }
    S("<p class=\"saved\">");
    H(bar_tr(lang, "Your answers are saved on every page: you can stop and "
                   "continue later with the same link, on any device."));
    S("</p>\n");
    foot(out);
    return bar_buf_status(out);
}

/* The answer of v for the review, or NULL when there is none. */
static const char *answer_label(const bar_page_ctx *ctx, const bar_draft *d,
                                const bar_variable *v)
{
    double x = bar_draft_value(d, bar_var_index(v));
    if (isnan(x))
        return NULL;
    long pos = bar_var_code_pos(v, (long)x);
    return pos >= 0 ? bar_var_code_label(v, (size_t)pos, ctx->lang) : NULL;
}

static void review_question(bar_buf *out, const bar_page_ctx *ctx,
                            const bar_question *q, const bar_draft *d)
{
    bar_lang lang = ctx->lang;
    const char *none = bar_tr(lang, "Not answered");
    S("<dt>");
    H(bar_question_text(q, lang));
    S("</dt>\n<dd>");
    switch (bar_question_type_of(q)) {
    case BAR_Q_SINGLE: {
        const char *a = answer_label(ctx, d, bar_question_var(q, 0));
        H(a ? a : none);
        break;
    }
    case BAR_Q_TEXT: {
        const char *t = bar_draft_text(d, bar_var_index(bar_question_var(q,
                                                                         0)));
        if (t) {
            S("<span class=\"text-answer\">");
            H(t);
            S("</span>");
        } else {
            H(none);
        }
        break;
    }
    case BAR_Q_MULTI: {
        size_t n = 0;
        S("<ul>");
        for (size_t j = 0; j < bar_question_nvars(q); j++) {
            const bar_variable *v = bar_question_var(q, j);
            if (bar_draft_value(d, bar_var_index(v)) != 1)
                continue;
            S("<li>");
            H(bar_var_label(v, lang));
            S("</li>");
            n++;
        }
        if (n == 0) {
            S("<li>");
            H(bar_tr(lang, "Nothing ticked"));
            S("</li>");
        }
        S("</ul>");
        break;
    }
    case BAR_Q_GRID:
        S("<ul>");
        for (size_t j = 0; j < bar_question_nvars(q); j++) {
            const bar_variable *v = bar_question_var(q, j);
            const char *a = answer_label(ctx, d, v);
            S("<li>");
            H(bar_var_label(v, lang));
            S(" <strong class=\"grid-answer\">");
            H(a ? a : none);
            S("</strong></li>");
        }
        S("</ul>");
        break;
    }
    S("</dd>\n");
}

bar_status bar_page_review(bar_buf *out, const bar_page_ctx *ctx,
                           const bar_draft *d)
{
    bar_lang lang = ctx->lang;
    size_t npages = bar_survey_npages(ctx->survey);
    head(out, ctx, bar_tr(lang, "Check your answers"));
    progress(out, ctx, npages);
    S("<h1>");
    H(bar_tr(lang, "Check your answers"));
    S("</h1>\n");
    for (size_t p = 0; p < npages; p++) {
        if (!bar_survey_page_shown(ctx->survey, p, d))
            continue;
        char title[512];
        page_title(ctx, p, title, sizeof title);
        S("<section class=\"review\">\n<h2>");
        H(title);
        S("</h2>\n<dl>\n");
        size_t first = bar_survey_page_first(ctx->survey, p);
        for (size_t k = 0; k < bar_survey_page_count(ctx->survey, p); k++) {
            const bar_question *q = bar_instrument_question(ctx->ins,
                                                            first + k);
            if (bar_draft_asked(d, q))
                review_question(out, ctx, q, d);
        }
        P("</dl>\n<p><a href=\"%s/p/%zu?return=review\">", ctx->base, p);
        H(bar_tr(lang, "Change"));
        S("<span class=\"vh\"> ");
        H(title);
        S("</span></a></p>\n</section>\n");
    }
    P("<form method=\"post\" action=\"%s/submit\">\n<p>", ctx->base);
    H(bar_tr(lang, "When you send your answers, you can no longer change "
                   "them."));
    S("</p>\n<div class=\"actions\"><button type=\"submit\" "
      "class=\"primary\">");
    H(bar_tr(lang, "Send my answers"));
    S("</button></div>\n</form>\n");
    foot(out);
    return bar_buf_status(out);
}

bar_status bar_page_message(bar_buf *out, const bar_page_ctx *ctx,
                            bar_page_kind kind)
{
    bar_lang lang = ctx->lang;
    const char *title = "", *text = "";
    switch (kind) {
    case BAR_PAGE_THANKS:
        title = bar_tr(lang, "Thank you");
        text = bar_tr(lang, "Your answers have been received. Thank you for "
                            "taking part.");
        break;
    case BAR_PAGE_LOCKED:
        title = bar_tr(lang, "Your answers have been sent");
        text = bar_tr(lang, "The questionnaire of your organisation has "
                            "already been completed and sent, so it can "
                            "no longer be changed. Thank you for taking "
                            "part.");
        break;
    case BAR_PAGE_CLOSED:
        title = bar_tr(lang, "The questionnaire is closed");
        text = bar_tr(lang, "This questionnaire is not open for answers at "
                            "the moment. If you think this is a mistake, "
                            "please reply to the invitation you received.");
        break;
    case BAR_PAGE_UNKNOWN:
        title = bar_tr(lang, "This link does not work");
        text = bar_tr(lang, "The link is not complete or not valid. Please "
                            "copy the whole link from the invitation you "
                            "received.");
        break;
    case BAR_PAGE_NOT_FOUND:
        title = bar_tr(lang, "Page not found");
        text = bar_tr(lang, "There is no page at this address.");
        break;
    case BAR_PAGE_BAD_FORM:
        title = bar_tr(lang, "The form could not be read");
        text = bar_tr(lang, "Your browser sent the page in a form the "
                            "server cannot read. Please go back and send "
                            "it again.");
        break;
    case BAR_PAGE_ERROR:
        title = bar_tr(lang, "Something went wrong");
        text = bar_tr(lang, "Your answers could not be saved just now. "
                            "Please try again in a few minutes; what you "
                            "saved before is kept.");
        break;
    case BAR_PAGE_UNAVAILABLE:
        title = bar_tr(lang, "One moment, please");
        text = bar_tr(lang, "The survey is briefly unavailable, so what you "
                            "just sent was not saved. Please try again in "
                            "a minute; what you saved before is kept.");
        break;
    }
    head(out, ctx, title);
    S("<h1>");
    H(title);
    S("</h1>\n<p>");
    H(text);
    S("</p>\n");
    if (kind == BAR_PAGE_UNKNOWN || kind == BAR_PAGE_NOT_FOUND ||
        kind == BAR_PAGE_CLOSED) {
        P("<p><a href=\"/print?lang=%s\">", bar_lang_code(lang));
        H(bar_tr(lang, "Read the whole questionnaire"));
        S("</a></p>\n");
    }
    if (kind == BAR_PAGE_UNAVAILABLE && ctx->base) {
        P("<p><a href=\"%s?lang=%s\">", ctx->base, bar_lang_code(lang));
        H(bar_tr(lang, "Try again"));
        S("</a></p>\n");
    }
    foot(out);
    return bar_buf_status(out);
}

bar_status bar_page_thanks(bar_buf *out, const bar_page_ctx *ctx,
                           const bar_standing *st)
{
    bar_lang lang = ctx->lang;
    const char *title = bar_tr(lang, "Thank you");
    head(out, ctx, title);
    S("<h1>");
    H(title);
    S("</h1>\n<p>");
    H(bar_tr(lang, "Your answers have been received. Thank you for taking "
                   "part."));
    S("</p>\n");
    if (st && st->has_score) {
        char num[BAR_NUMFMT_MAX], pct[BAR_NUMFMT_MAX], n[BAR_NUMFMT_MAX];
        char text[1024];
        S("<section class=\"standing\">\n<h2>");
        H(bar_tr(lang, "Your innovation climate"));
        S("</h2>\n<p>");
        snprintf(text, sizeof text,
                 bar_tr(lang, "Your organisation's innovation-climate score "
                              "is %s, on a scale from 1 to 5."),
                 bar_numfmt_decimal(num, sizeof num, st->score, 1, lang));
        H(text);
        S("</p>\n");
        if (st->has_all) {
            snprintf(text, sizeof text,
                     bar_tr(lang, "That is higher than %s of the %s other "
                                  "organisations that have answered so "
                                  "far."),
                     bar_numfmt_percent(pct, sizeof pct, st->below_all, 0,
                                        lang),
                     bar_numfmt_count(n, sizeof n, (double)st->n_all, lang));
            S("<p>");
            H(text);
            S("</p>\n");
        }
        if (st->has_sector) {
            snprintf(text, sizeof text,
                     bar_tr(lang, "In your own sector it is higher than %s "
                                  "of the %s other organisations that have "
                                  "answered so far."),
                     bar_numfmt_percent(pct, sizeof pct, st->below_sector, 0,
                                        lang),
                     bar_numfmt_count(n, sizeof n, (double)st->n_sector,
                                      lang));
            S("<p>");
            H(text);
            S("</p>\n");
        }
        if (!st->has_all && !st->has_sector) {
            S("<p>");
            H(bar_tr(lang, "Too few other organisations have answered yet "
                           "to compare it with."));
            S("</p>\n");
        }
        S("</section>\n");
    }
    foot(out);
    return bar_buf_status(out);
}

bar_status bar_page_print(bar_buf *out, const bar_page_ctx *ctx)
{
    bar_lang lang = ctx->lang;
    head(out, ctx, bar_tr(lang, "The questionnaire"));
    S("<h1>");
    H(bar_instrument_title(ctx->ins, lang));
    S("</h1>\n<p class=\"intro\">");
    H(bar_tr(lang, "The whole questionnaire, to read or to discuss before "
                   "answering. To answer it, use the personal link in your "
                   "invitation."));
    S("</p>\n");
    values vs = {0};
    const char *block = NULL;
    for (size_t i = 0; i < bar_instrument_nquestions(ctx->ins); i++) {
        const bar_question *q = bar_instrument_question(ctx->ins, i);
        if (!block || strcmp(block, bar_question_block(q)) != 0) {
            if (block)
                S("</section>\n");
            S("<section class=\"block\">\n<h2>");
            H(bar_question_block_title(q, lang));
            S("</h2>\n");
            block = bar_question_block(q);
        }
        question(out, ctx, q, &vs, NULL, true);
    }
    if (block)
        S("</section>\n");
    foot(out);
    return bar_buf_status(out);
}
