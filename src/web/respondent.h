/* respondent.h - the respondent's side of `barometer serve`: the
 * personal-link pages of one wave, as a handler for web/http.h.
 *
 * URLs (TOKEN: the personal link's token, field/token.h):
 *   GET  /s/TOKEN            go on where the respondent stopped (303)
 *   GET  /s/TOKEN/p/N        page N of the questionnaire
 *   POST /s/TOKEN/p/N        save page N (303 to the next page), or show it
 *                            again with the problems (422)
 *   GET  /s/TOKEN/review     every answer, with the final submit
 *   POST /s/TOKEN/submit     the final submit: the response is written and
 *                            locked (303 to /s/TOKEN/done)
 *   GET  /s/TOKEN/done       the thank-you page
 *   GET  /print              the whole questionnaire, to read and print
 *   GET  /static/survey.css  the style sheet
 * Any page takes ?lang=CODE (nl, en); on a personal page the choice is
 * kept in the draft. A locked response (submitted, or imported), a closed
 * wave and an unknown or malformed token each get a polite page; an
 * unknown token is answered after a fixed delay and logged with the
 * client's address (never the token). No token, answer or form value is
 * ever logged: the access log shows "/s/-/...".
 *
 * The answers are kept as a draft in the store on every page saved
 * (store.h "drafts"), so a link resumes on any device. Every write (a
 * page saved, a language chosen, the final submit) goes through one
 * committer thread with its own store handle, which commits the writes
 * that arrived together as one transaction (bar_store_draft_group); a
 * request is answered only after its group has committed.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_RESPONDENT_H
#define BAR_RESPONDENT_H

#include "analysis/spec.h"
#include "core/status.h"
#include "instrument/instrument.h"
#include "web/http.h"

typedef struct bar_respondent bar_respondent;

typedef struct bar_respondent_options {
    const char *store;            /* the store's URI (copied) */
    int wave;                     /* the wave served */
    const bar_instrument *ins;    /* the wave's instrument (borrowed) */
    const bar_spec *spec;         /* its report specification (borrowed;
                                     the scale of the climate score; NULL:
                                     no standing on the thank-you page) */
    const char *css_path;         /* the style sheet to serve (read once) */
    unsigned handles;             /* store handles: one per worker thread */
    unsigned unknown_delay_ms;    /* the delay for an unknown token */
    bar_http_log log;             /* warnings (unknown tokens, failures) */
    void *log_ctx;
} bar_respondent_options;

/* The pages of opts->wave: opens opts->handles store handles and reads the
 * style sheet. *out is new; release it with bar_respondent_free after the
 * server has stopped. Errors of bar_store_open, bar_file_read;
 * BAR_ENOTFOUND when the store has no such wave. */
bar_status bar_respondent_new(const bar_respondent_options *opts,
                              bar_respondent **out, bar_error *err);
void bar_respondent_free(bar_respondent *r);

/* The bar_http_handler; ctx is the bar_respondent. Thread-safe. */
void bar_respondent_handle(void *ctx, const bar_http_request *req,
                           bar_http_response *res);

#endif
