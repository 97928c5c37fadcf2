/* admin.h - the research team's side of `barometer serve`: the pages
 * under /admin/ for the wave served, behind a login, as a handler for
 * web/http.h.
 *
 * URLs:
 *   GET  /admin/login          the login form
 *   POST /admin/login          log in (303 to /admin/), or the form again
 *   POST /admin/logout         log out (303 to /admin/login)
 *   GET  /admin/               the live fieldwork monitor (field/monitor.h)
 *   GET  /admin/reminders      who has not completed, with name and e-mail
 *   GET  /admin/reminders.csv  the same as a CSV download
 *   GET  /admin/quotes         the open answers of completed responses,
 *                              each with approve or withdraw
 *   POST /admin/quotes         approve or withdraw one (303 back)
 * Any page takes ?lang=CODE (nl, en; default nl).
 *
 * Accounts are those of the store (field/account.h; `barometer admin`); a
 * login rehashes a password whose hash has old limits. A session
 * (web/session.h) lives in the store as the hash of its id, ends after
 * opts->idle seconds without a request or opts->absolute seconds after
 * login, and at logout. Every form carries the session's CSRF token
 * (the login form that of a login cookie); a POST without the right one
 * is refused with a polite 403 page. A failed login slows the next
 * attempts of that account name and of that client address: attempt k
 * after k - 1 failures waits throttle_ms * 2^(k-2) (at most 30 s) and an
 * attempt before its time is refused unseen; every failure is logged with
 * the client's address; the answer never says whether the name exists.
 * Every admin page is personal data: no-store, never logged with a query.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_ADMIN_H
#define BAR_ADMIN_H

#include "core/status.h"
#include "instrument/instrument.h"
#include "web/http.h"

typedef struct bar_admin bar_admin;

typedef struct bar_admin_options {
    const char *store;            /* the store's URI (copied) */
    int wave;                     /* the wave served */
    const bar_instrument *ins;    /* its instrument (borrowed) */
    long long idle;               /* seconds; 0: 1800 */
    long long absolute;           /* seconds; 0: 43200 */
    unsigned throttle_ms;         /* the first delay; 0: 1000 */
    unsigned refresh;             /* the monitor's refresh, seconds; 0: 60 */
    bar_http_log log;             /* warnings (failed logins, failures) */
    void *log_ctx;
} bar_admin_options;

/* The admin pages of opts->wave: opens a store handle. *out is new;
 * release it with bar_admin_free after the server has stopped. Errors of
 * bar_store_open; BAR_EIO when libsodium cannot start. */
bar_status bar_admin_new(const bar_admin_options *opts, bar_admin **out,
                         bar_error *err);
void bar_admin_free(bar_admin *a);

/* The bar_http_handler for paths under /admin; ctx is the bar_admin.
 * Thread-safe (one store handle under a lock; password checks outside
 * it). */
void bar_admin_handle(void *ctx, const bar_http_request *req,
                      bar_http_response *res);

#endif
