/* page.h - the HTML of the respondent's pages, rendered on the server.
 *
 * Every page is a whole HTML document in the respondent's language that
 * works without JavaScript and needs none: no script, no inline style
 * (the one style sheet is /static/survey.css, with its print rules), so
 * the Content-Security-Policy of web/http.h holds. Accessibility (WCAG 2.1
 * AA): the document's language, a skip link, one h1, every question a
 * fieldset with its legend (a grid: a fieldset per item inside the
 * question's), every control labelled, a validation message beside the
 * field it belongs to (aria-describedby) and an error summary at the top
 * whose links lead to the fields, the progress as a labelled <progress>,
 * the other languages as links on every page.
 *
 * Everything written from the instrument, the answers or a form is
 * escaped. The functions append to out (a capped buffer) and return its
 * status.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_PAGE_H
#define BAR_PAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/form.h"
#include "core/i18n.h"
#include "field/draft.h"
#include "field/standing.h"
#include "field/survey.h"
#include "instrument/instrument.h"

/* What every page needs; all borrowed. */
typedef struct bar_page_ctx {
    const bar_instrument *ins;
    const bar_survey *survey;
    bar_lang lang;
    const char *base;   /* the respondent's URL prefix "/s/TOKEN"; NULL on
                           pages reached without a token */
    bool to_review;     /* a question page reached with "Change" from the
                           review: its form returns there */
} bar_page_ctx;

/* The polite pages without a form. */
typedef enum bar_page_kind {
    BAR_PAGE_THANKS,     /* after the final submit */
    BAR_PAGE_LOCKED,     /* the response is submitted already */
    BAR_PAGE_CLOSED,     /* the wave is not open */
    BAR_PAGE_UNKNOWN,    /* the link is malformed or unknown */
    BAR_PAGE_NOT_FOUND,  /* no such page */
    BAR_PAGE_BAD_FORM,   /* a form that could not be read */
    BAR_PAGE_ERROR,      /* the server failed; try again later */
    BAR_PAGE_UNAVAILABLE /* the database is briefly unreachable (503):
                            nothing of this request was saved; with a
                            link back to the personal link when base */
} bar_page_kind;

/* Page p of the questionnaire with the answers of d, or, after a refused
 * submission, with the values of form and the problems of check (both
 * NULL otherwise). */
bar_status bar_page_questions(bar_buf *out, const bar_page_ctx *ctx,
                              size_t p, const bar_draft *d,
                              const bar_form *form,
                              const bar_page_check *check);
/* The review of every answer before the final submit. */
bar_status bar_page_review(bar_buf *out, const bar_page_ctx *ctx,
                           const bar_draft *d);
/* A polite page without a form. */
bar_status bar_page_message(bar_buf *out, const bar_page_ctx *ctx,
                            bar_page_kind kind);
/* The thank-you page, with the organisation's climate score and its
 * standing (standing NULL, or without a score: the plain thank-you). */
bar_status bar_page_thanks(bar_buf *out, const bar_page_ctx *ctx,
                           const bar_standing *standing);
/* The whole questionnaire for reading and printing, with its routing as
 * notes. */
bar_status bar_page_print(bar_buf *out, const bar_page_ctx *ctx);

#endif
