/* admin.c - the research team's pages of one wave (see admin.h). */
#include "web/admin.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/csv.h"
#include "core/form.h"
#include "core/i18n.h"
#include "field/account.h"
#include "field/monitor.h"
#include "store/store.h"
#include "web/session.h"

#define P(...) bar_buf_printf(out, __VA_ARGS__)
#define S(s) bar_buf_puts(out, s)
#define H(s) bar_buf_put_html(out, s)

enum {
    THROTTLE_MAX = 4096,       /* names and addresses remembered */
    THROTTLE_KEY_MAX = 96,
    THROTTLE_CAP_MS = 30000,   /* the longest wait */
    QUOTES_MAX = 400000,       /* open answers and decisions of a wave */
    QUOTES_PAGE = 50,          /* open answers on one page */
    RETRY_AFTER_S = 5          /* Retry-After of a 503 */
};

/* The open answers that may be quoted. */
static const char *const quote_vars[] = {"description", "result_other"};

/* Failed logins of one account name or client address. */
typedef struct throttle {
    char key[THROTTLE_KEY_MAX];
    unsigned fails;
    long long next_ms;   /* no attempt before (CLOCK_MONOTONIC ms) */
    long long last_ms;
} throttle;

struct bar_admin {
    int wave;
    const bar_instrument *ins;
    long long idle, absolute;
    unsigned throttle_ms, refresh;
    bar_http_log log;
    void *log_ctx;
    bool locks_ready;
    pthread_mutex_t lock;       /* the store handle */
    bar_store *st;
    pthread_mutex_t tlock;      /* the throttle table */
    throttle *throttles;
    size_t nthrottles;
    char dummy[BAR_ACCOUNT_HASH_MAX]; /* checked for unknown names */
};

/* What a page of a logged-in session needs. */
typedef struct view {
    bar_admin *a;
    bar_lang lang;
    char account[BAR_STORE_ORG_MAX];
    char id[BAR_SESSION_CHARS + 1];   /* the session's id */
    char csrf[BAR_SESSION_CSRF_CHARS + 1];
} view;

static long long mono_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void warn(const bar_admin *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(const bar_admin *a, const char *fmt, ...)
{
    if (!a->log)
        return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    a->log(a->log_ctx, line);
}

void bar_admin_free(bar_admin *a)
{
    if (!a)
        return;
    bar_store_close(a->st);
    if (a->locks_ready) {
        pthread_mutex_destroy(&a->lock);
        pthread_mutex_destroy(&a->tlock);
    }
    free(a->throttles);
    free(a);
}

bar_status bar_admin_new(const bar_admin_options *opts, bar_admin **out,
                         bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_admin *a = calloc(1, sizeof *a);
    *out = NULL;
    if (!a || !(a->throttles = calloc(THROTTLE_MAX, sizeof *a->throttles))) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    a->wave = opts->wave;
    a->ins = opts->ins;
    a->idle = opts->idle > 0 ? opts->idle : 1800;
    a->absolute = opts->absolute > 0 ? opts->absolute : 43200;
    a->throttle_ms = opts->throttle_ms ? opts->throttle_ms : 1000;
    a->refresh = opts->refresh ? opts->refresh : 60;
    a->log = opts->log;
    a->log_ctx = opts->log_ctx;
    if (pthread_mutex_init(&a->lock, NULL) != 0) {
        rc = bar_error_set(err, BAR_EIO, "cannot create a lock");
        goto cleanup;
    }
    if (pthread_mutex_init(&a->tlock, NULL) != 0) {
        pthread_mutex_destroy(&a->lock);
        rc = bar_error_set(err, BAR_EIO, "cannot create a lock");
        goto cleanup;
    }
    a->locks_ready = true;
    /* an unknown name costs as much as a known one */
    char dummy_pw[BAR_SESSION_CHARS + 1];
    uint8_t raw[BAR_SESSION_HASH_BYTES];
    rc = bar_session_new(dummy_pw, raw, err);
    if (rc == BAR_OK)
        rc = bar_account_hash(dummy_pw, a->dummy, err);
    if (rc == BAR_OK)
        rc = bar_store_open(opts->store, BAR_STORE_EXISTING, &a->st, err);
    if (rc != BAR_OK)
        goto cleanup;
    *out = a;
    a = NULL;
cleanup:
    bar_admin_free(a);
    return rc;
}

/* ---- login throttle ---- */

static unsigned wait_ms(const bar_admin *a, unsigned fails)
{
    if (fails == 0)
        return 0;
    unsigned long long d = a->throttle_ms;
    for (unsigned i = 1; i < fails && d < THROTTLE_CAP_MS; i++)
        d *= 2;
    return d > THROTTLE_CAP_MS ? THROTTLE_CAP_MS : (unsigned)d;
}

/* The entry of key (made when missing; the least recently used one is
 * reused when the table is full). Called under tlock. */
static throttle *throttle_of(bar_admin *a, const char *key, long long now)
{
    throttle *oldest = NULL;
    for (size_t i = 0; i < a->nthrottles; i++) {
        if (strcmp(a->throttles[i].key, key) == 0)
            return &a->throttles[i];
        if (!oldest || a->throttles[i].last_ms < oldest->last_ms)
            oldest = &a->throttles[i];
    }
    throttle *t = a->nthrottles < THROTTLE_MAX
                      ? &a->throttles[a->nthrottles++]
                      : oldest;
    *t = (throttle){.last_ms = now};
    snprintf(t->key, sizeof t->key, "%s", key);
    return t;
}

/* The entries of account name and of client (made when missing) into
 * t[0] and t[1]. Called under tlock. */
static void throttle_pair(bar_admin *a, const char *name, const char *client,
                          long long now, throttle *t[2])
{
    char ka[THROTTLE_KEY_MAX], kc[THROTTLE_KEY_MAX];
    snprintf(ka, sizeof ka, "a:%s", name);
    snprintf(kc, sizeof kc, "c:%s", client);
    t[0] = throttle_of(a, ka, now);
    t[1] = throttle_of(a, kc, now);
}

/* Begin an attempt of name from client: the milliseconds until one may
 * be checked (0: now). An attempt that may go on is counted as a failure
 * at once, with the wait a failure brings, until throttle_end says how it
 * went: attempts sent side by side cannot all be checked while the first
 * is still being verified (the password hash takes a while). */
static long long throttle_begin(bar_admin *a, const char *name,
                                const char *client)
{
    long long now = mono_ms();
    pthread_mutex_lock(&a->tlock);
    throttle *t[2];
    throttle_pair(a, name, client, now, t);
    long long next = t[0]->next_ms > t[1]->next_ms ? t[0]->next_ms
                                                   : t[1]->next_ms;
    if (next <= now) {
        for (int i = 0; i < 2; i++) {
            t[i]->last_ms = now;
            t[i]->fails++;
            t[i]->next_ms = now + wait_ms(a, t[i]->fails);
        }
    }
    pthread_mutex_unlock(&a->tlock);
    return next > now ? next - now : 0;
}

/* End an attempt that throttle_begin let go on: a success clears the
 * failures; a failure (already counted) waits from now. On a failure
 * returns the wait before the next attempt (ms) and the failures so far
 * into *fails. */
static unsigned throttle_end(bar_admin *a, const char *name,
                             const char *client, bool ok, unsigned *fails)
{
    long long now = mono_ms();
    unsigned wait = 0;
    pthread_mutex_lock(&a->tlock);
    throttle *t[2];
    throttle_pair(a, name, client, now, t);
    *fails = 0;
    for (int i = 0; i < 2; i++) {
        t[i]->last_ms = now;
        if (ok) {
            t[i]->fails = 0;
            t[i]->next_ms = 0;
            continue;
        }
        if (t[i]->fails == 0) /* the entry was reused meanwhile */
            t[i]->fails = 1;
        unsigned w = wait_ms(a, t[i]->fails);
        if (now + w > t[i]->next_ms)
            t[i]->next_ms = now + w;
        if (w > wait)
            wait = w;
        if (t[i]->fails > *fails)
            *fails = t[i]->fails;
    }
    pthread_mutex_unlock(&a->tlock);
    return wait;
}

/* ---- the HTML around every page ---- */

static const bar_lang admin_langs[] = {BAR_LANG_NL, BAR_LANG_EN};

/* "?lang=en" for English (the default, Dutch, needs none). */
static const char *lang_q(bar_lang lang)
{
    return lang == BAR_LANG_EN ? "?lang=en" : "";
}

static void head(bar_buf *out, const view *v, const char *title,
                 const char *here, bool refresh)
{
    bar_lang lang = v->lang;
    S("<!DOCTYPE html>\n<html lang=\"");
    H(bar_lang_code(lang));
    S("\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, "
      "initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n");
    if (refresh)
        P("<meta http-equiv=\"refresh\" content=\"%u\">\n", v->a->refresh);
    S("<title>");
    H(title);
    S(" – ");
    H(bar_tr(lang, "Fieldwork"));
    S("</title>\n<link rel=\"stylesheet\" href=\"/static/survey.css\">\n"
      "</head>\n<body class=\"admin\">\n<a class=\"skip\" href=\"#main\">");
    H(bar_tr(lang, "Skip to the content"));
    S("</a>\n<header class=\"site\"><div class=\"wrap\">\n<p class=\"brand\">");
    H(bar_instrument_title(v->a->ins, lang));
    S("</p>\n");
    if (v->account[0]) {
        S("<nav class=\"admin-nav\" aria-label=\"");
        H(bar_tr(lang, "Fieldwork pages"));
        S("\"><ul>");
        static const char *const paths[] = {"/admin/", "/admin/reminders",
                                            "/admin/quotes"};
        static const char *const names[] = {N_("Monitor"), N_("Reminders"),
                                            N_("Quotes")};
        for (size_t i = 0; i < 3; i++) {
            P("<li><a href=\"%s%s\"", paths[i], lang_q(lang));
            if (here && strcmp(here, paths[i]) == 0)
                S(" aria-current=\"page\"");
            S(">");
            H(bar_tr(lang, names[i]));
            S("</a></li>");
        }
        P("<li><form method=\"post\" action=\"/admin/logout%s\">"
          "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
          "<button type=\"submit\" class=\"link\">", lang_q(lang), v->csrf);
        H(bar_tr(lang, "Log out"));
        S("</button></form></li></ul></nav>\n");
    }
    S("<nav class=\"langs\" aria-label=\"");
    H(bar_tr(lang, "Language"));
    S("\"><ul>");
    for (size_t i = 0; i < sizeof admin_langs / sizeof admin_langs[0]; i++) {
        bar_lang l = admin_langs[i];
        if (l == lang)
            continue;
        P("<li><a href=\"%s?lang=%s\" hreflang=\"%s\" lang=\"%s\">",
          here ? here : "/admin/login", bar_lang_code(l), bar_lang_code(l),
          bar_lang_code(l));
        H(bar_trc(l, "language name", "English"));
        S("</a></li>");
    }
    S("</ul></nav>\n</div></header>\n<main id=\"main\" class=\"wrap "
      "wide\">\n<h1>");
    H(title);
    S("</h1>\n");
}

static void foot(bar_buf *out)
{
    S("</main>\n</body>\n</html>\n");
}

/* A polite page with one paragraph (and a link back). */
static void notice(bar_http_response *res, const view *v, unsigned status,
                   const char *title, const char *text)
{
    bar_buf *out = &res->body;
    bar_buf_reset(out);
    res->status = status;
    res->location[0] = '\0';
    head(out, v, title, NULL, false);
    S("<p>");
    H(text);
    P("</p>\n<p><a href=\"/admin/%s\">", lang_q(v->lang));
    H(bar_tr(v->lang, "Back to the fieldwork monitor"));
    S("</a></p>\n");
    foot(out);
}

/* The database could not be reached (BAR_EUNAVAILABLE): 503 with
 * Retry-After and a page that says so, with a link to try again (again:
 * a path of ours), instead of the page asked for, which is never sent in
 * part. The handle reconnects by itself at its next use. */
static void unavailable(bar_http_response *res, const view *v,
                        const char *again)
{
    bar_buf *out = &res->body;
    bar_buf_reset(out);
    res->status = 503;
    res->retry_after = RETRY_AFTER_S;
    res->location[0] = '\0';
    res->content_type = NULL;
    res->disposition[0] = '\0';
    head(out, v, bar_tr(v->lang, "One moment, please"), NULL, false);
    S("<p>");
    H(bar_tr(v->lang, "The database is briefly unavailable, so this page "
                      "could not be shown and what you just sent was not "
                      "done. Please try again in a minute."));
    P("</p>\n<p><a href=\"%s%s\">", again, lang_q(v->lang));
    H(bar_tr(v->lang, "Try again"));
    S("</a></p>\n");
    foot(out);
}

/* ---- numbers ---- */

/* x with d decimals (a decimal comma in Dutch), "–" for NAN. */
static const char *num(char buf[32], double x, int d, bar_lang lang)
{
    if (!isfinite(x)) {
        snprintf(buf, 32, "–");
        return buf;
    }
    snprintf(buf, 32, "%.*f", d, x);
    if (lang == BAR_LANG_NL)
        for (char *c = buf; *c; c++)
            if (*c == '.')
                *c = ',';
    return buf;
}

static const char *pct(char buf[32], size_t part, size_t whole,
                       bar_lang lang)
{
    if (whole == 0)
        return num(buf, NAN, 1, lang);
    num(buf, 100.0 * (double)part / (double)whole, 1, lang);
    size_t n = strlen(buf);
    snprintf(buf + n, 32 - n, "%%");
    return buf;
}

/* ---- the monitor ---- */

static void count_row(bar_buf *out, const view *v, const char *label,
                      const bar_monitor_count *c, bool total)
{
    char b[32];
    S(total ? "<tr class=\"total\"><th scope=\"row\">" :
              "<tr><th scope=\"row\">");
    H(label);
    P("</th><td>%zu</td><td>%zu</td><td>%zu</td><td>%zu</td><td>%s</td>"
      "</tr>\n", c->frame, c->invited, c->started, c->completed,
      pct(b, c->completed, c->frame, v->lang));
}

static void count_table(bar_buf *out, const view *v, const char *caption,
                        const char *group, const bar_variable *var,
                        const bar_monitor_count *rows, size_t n,
                        const bar_monitor_count *total)
{
    bar_lang lang = v->lang;
    S("<div class=\"scroll\"><table>\n<caption>");
    H(caption);
    S("</caption>\n<thead><tr><th scope=\"col\">");
    H(group);
    S("</th><th scope=\"col\">");
    H(bar_tr(lang, "In the frame"));
    S("</th><th scope=\"col\">");
    H(bar_tr(lang, "Invited"));
    S("</th><th scope=\"col\">");
    H(bar_tr(lang, "Started"));
    S("</th><th scope=\"col\">");
    H(bar_trc(lang, "fieldwork", "Completed"));
    S("</th><th scope=\"col\">");
    H(bar_tr(lang, "Response rate"));
    S("</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < n; i++)
        if (rows[i].frame > 0)
            count_row(out, v, bar_var_code_label(var, i, lang), &rows[i],
                      false);
    count_row(out, v, bar_tr(lang, "Total"), total, true);
    S("</tbody></table></div>\n");
}

/* The completions per day as a column chart (inline SVG, presentation
 * attributes only: the CSP allows no style). */
static void day_chart(bar_buf *out, const view *v, const bar_monitor *m)
{
    bar_lang lang = v->lang;
    size_t top = 1;
    for (size_t i = 0; i < m->ndays; i++)
        if (m->per_day[i] > top)
            top = m->per_day[i];
    const double w = 640, h = 220, left = 48, bottom = 36, topm = 12;
    double plot_w = w - left - 12, plot_h = h - bottom - topm;
    double bw = plot_w / (double)m->ndays;
    if (bw > 48)
        bw = 48;
    P("<svg class=\"chart\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" "
      "width=\"%.0f\" height=\"%.0f\" aria-label=\"", w, h, w, h);
    H(bar_tr(lang, "Completed responses per day"));
    S("\"><title>");
    H(bar_tr(lang, "Completed responses per day"));
    S("</title>\n");
    P("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
      "stroke=\"#4a4a4a\"/>\n", left, topm + plot_h, left + plot_w,
      topm + plot_h);
    P("<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" "
      "fill=\"#1b1b1b\">%zu</text>\n", left - 6, topm + 10, top);
    P("<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" text-anchor=\"end\" "
      "fill=\"#1b1b1b\">0</text>\n", left - 6, topm + plot_h);
    for (size_t i = 0; i < m->ndays; i++) {
        double bh = plot_h * (double)m->per_day[i] / (double)top;
        P("<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" "
          "fill=\"#154273\"/>\n", left + bw * (double)i + bw * 0.1,
          topm + plot_h - bh, bw * 0.8, bh);
    }
    P("<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#1b1b1b\">%s"
      "</text>\n", left, h - 12, m->day[0]);
    if (m->ndays > 1)
        P("<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" "
          "text-anchor=\"end\" fill=\"#1b1b1b\">%s</text>\n", left + plot_w,
          h - 12, m->day[m->ndays - 1]);
    S("</svg>\n");
}

static void over_time(bar_buf *out, const view *v, const bar_monitor *m)
{
    bar_lang lang = v->lang;
    S("<section aria-labelledby=\"h-time\">\n<h2 id=\"h-time\">");
    H(bar_tr(lang, "Response over time"));
    S("</h2>\n");
    if (m->ndays == 0) {
        S("<p>");
        H(bar_tr(lang, "No organisation has completed the questionnaire "
                       "yet."));
        S("</p>\n</section>\n");
        return;
    }
    S("<div class=\"side\">\n");
    day_chart(out, v, m);
    S("<div class=\"scroll\"><table>\n<caption>");
    H(bar_tr(lang, "Completed responses per day"));
    S("</caption>\n<thead><tr><th scope=\"col\">");
    H(bar_tr(lang, "Day"));
    S("</th><th scope=\"col\">");
    H(bar_trc(lang, "fieldwork", "Completed"));
    S("</th><th scope=\"col\">");
    H(bar_tr(lang, "Completed so far"));
    S("</th></tr></thead>\n<tbody>\n");
    size_t sum = 0;
    for (size_t i = 0; i < m->ndays; i++) {
        sum += m->per_day[i];
        P("<tr><th scope=\"row\">%s</th><td>%zu</td><td>%zu</td></tr>\n",
          m->day[i], m->per_day[i], sum);
    }
    S("</tbody></table></div>\n</div>\n</section>\n");
}

static void partial_table(bar_buf *out, const view *v, const char *name,
                          const bar_variable *var,
                          const bar_rindicator_variable *rv)
{
    bar_lang lang = v->lang;
    char b1[32], b2[32], b3[32];
    S("<div class=\"scroll\"><table>\n<caption>");
    H(name);
    S(": ");
    H(bar_tr(lang, "partial R-indicators"));
    P(" (P<sub>U</sub> %s, P<sub>C</sub> %s)</caption>\n",
      num(b1, rv->pu, 3, lang), num(b2, rv->pc, 3, lang));
    S("<thead><tr><th scope=\"col\">");
    H(name);
    S("</th><th scope=\"col\">");
    H(bar_tr(lang, "Response rate"));
    S("</th><th scope=\"col\">P<sub>U</sub></th>"
      "<th scope=\"col\">P<sub>C</sub></th></tr></thead>\n<tbody>\n");
    for (size_t k = 0; k < rv->ncat; k++) {
        const bar_rindicator_category *c = &rv->cats[k];
        if (c->units == 0)
            continue;
        S("<tr><th scope=\"row\">");
        H(bar_var_code_label(var, k, lang));
        P("</th><td>%s</td><td>%s</td><td>%s</td></tr>\n",
          pct(b1, c->respondents, c->units, lang), num(b2, c->pu, 3, lang),
          num(b3, c->pc, 3, lang));
    }
    S("</tbody></table></div>\n");
}

static void representativeness(bar_buf *out, const view *v,
                               const bar_monitor *m)
{
    bar_lang lang = v->lang;
    const bar_rindicator *ri = &m->ri;
    const bar_variable *vars[2] = {
        bar_instrument_var(v->a->ins,
                           (size_t)bar_instrument_find(v->a->ins, "sector")),
        bar_instrument_var(v->a->ins,
                           (size_t)bar_instrument_find(v->a->ins,
                                                       "cluster"))};
    char b1[32], b2[32];
    S("<section aria-labelledby=\"h-r\">\n<h2 id=\"h-r\">");
    H(bar_tr(lang, "Representativeness so far"));
    S("</h2>\n<p>");
    H(bar_tr(lang, "The R-indicator compares the estimated response "
                   "propensities of all organisations in the frame, by "
                   "sector and cluster: 1 means that every group responds "
                   "alike."));
    S("</p>\n");
    if (m->total.completed == 0 || ri->problem == BAR_RINDICATOR_NO_RESPONSE) {
        S("<p class=\"status\">");
        H(bar_tr(lang, "No response yet: the R-indicator is computed once "
                       "the first organisation has completed."));
        S("</p>\n</section>\n");
        return;
    }
    if (ri->problem == BAR_RINDICATOR_ALL_RESPONDED) {
        S("<p class=\"status\">");
        H(bar_tr(lang, "Every organisation in the frame has responded: the "
                       "response is fully representative (R = 1) and no "
                       "group needs a reminder."));
        S("</p>\n</section>\n");
        return;
    }
    if (ri->problem == BAR_RINDICATOR_SEPARATION ||
        m->ri_status != BAR_OK) {
        S("<p class=\"status\">");
        if (ri->problem == BAR_RINDICATOR_SEPARATION &&
            ri->problem_var < 2 && ri->problem_cat < SIZE_MAX) {
            char text[512];
            snprintf(text, sizeof text,
                     bar_tr(lang, "Not yet computable: in the group \"%s\" "
                                  "either no organisation or every "
                                  "organisation has responded. The "
                                  "R-indicator follows when that changes."),
                     bar_var_code_label(vars[ri->problem_var],
                                        ri->problem_cat, lang));
            H(text);
        } else {
            H(bar_tr(lang, "Not yet computable: in some combination of "
                           "sector and cluster either no organisation or "
                           "every organisation has responded, or the model "
                           "did not converge. The R-indicator follows as "
                           "the response grows."));
        }
        S("</p>\n</section>\n");
        return;
    }
    S("<dl class=\"figures\">\n<dt>");
    H(bar_tr(lang, "R-indicator"));
    P("</dt><dd>%s (", num(b1, ri->r, 3, lang));
    H(bar_tr(lang, "standard error"));
    P(" %s)</dd>\n<dt>", num(b2, ri->r_se, 3, lang));
    H(bar_tr(lang, "Coefficient of variation"));
    P("</dt><dd>%s</dd>\n<dt>", num(b1, ri->cv, 3, lang));
    H(bar_tr(lang, "Maximal absolute bias"));
    P("</dt><dd>%s</dd>\n</dl>\n", num(b1, ri->max_bias, 3, lang));
    S("<p>");
    H(bar_tr(lang, "P_U (unconditional): below 0, a group responds less than "
                   "average. P_C (conditional): what a group adds given the "
                   "other variable."));
    S("</p>\n");
    const char *names[2] = {bar_tr(lang, "Sector"), bar_tr(lang, "Cluster")};
    for (size_t i = 0; i < 2 && i < ri->nvars; i++)
        partial_table(out, v, names[i], vars[i], &ri->vars[i]);
    S("<h3>");
    H(bar_tr(lang, "Remind these groups first"));
    S("</h3>\n");
    if (ri->nremind == 0) {
        S("<p>");
        H(bar_tr(lang, "No group responds less than average."));
        S("</p>\n");
    } else {
        S("<ol class=\"remind\">\n");
        for (size_t i = 0; i < ri->nremind; i++) {
            const bar_rindicator_ref *r = &ri->remind[i];
            if (r->var >= 2)
                continue;
            const bar_rindicator_category *c = &ri->vars[r->var].cats[r->cat];
            S("<li>");
            H(names[r->var]);
            S(": ");
            H(bar_var_code_label(vars[r->var], r->cat, lang));
            P(" (P<sub>U</sub> %s, ", num(b1, c->pu, 3, lang));
            H(bar_tr(lang, "response rate"));
            P(" %s)</li>\n", pct(b2, c->respondents, c->units, lang));
        }
        S("</ol>\n");
    }
    S("</section>\n");
}

static bar_status monitor_page(bar_http_response *res, const view *v,
                               bool auto_refresh, bar_error *err)
{
    bar_admin *a = v->a;
    bar_lang lang = v->lang;
    bar_monitor m;
    pthread_mutex_lock(&a->lock);
    bar_status rc = bar_monitor_compute(a->st, a->wave, a->ins, &m, err);
    pthread_mutex_unlock(&a->lock);
    if (rc != BAR_OK)
        goto cleanup;
    bar_buf *out = &res->body;
    char title[128];
    snprintf(title, sizeof title, bar_tr(lang, "Fieldwork monitor, wave %d"),
             a->wave);
    head(out, v, title, "/admin/", auto_refresh);
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) ||
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm) == 0)
        snprintf(when, sizeof when, "-");
    char text[256];
    snprintf(text, sizeof text, bar_tr(lang, "As of %s."), when);
    S("<p class=\"asof\">");
    H(text);
    P(" <a href=\"/admin/%s\">", lang_q(lang));
    H(bar_tr(lang, "Refresh now"));
    S("</a> ");
    if (auto_refresh) {
        snprintf(text, sizeof text,
                 bar_tr(lang, "The page refreshes every %u seconds."),
                 a->refresh);
        H(text);
        P(" <a href=\"/admin/%s\">", lang_q(lang));
        H(bar_tr(lang, "Stop refreshing"));
    } else {
        P("<a href=\"/admin/?auto=1%s\">", lang == BAR_LANG_EN ? "&amp;lang=en"
                                                              : "");
        H(bar_tr(lang, "Refresh automatically"));
    }
    S("</a></p>\n<section aria-labelledby=\"h-t1\">\n<h2 id=\"h-t1\">");
    H(bar_tr(lang, "Response by sector and cluster"));
    S("</h2>\n");
    long si = bar_instrument_find(a->ins, "sector");
    long ci = bar_instrument_find(a->ins, "cluster");
    count_table(out, v, bar_tr(lang, "Response by sector"),
                bar_tr(lang, "Sector"),
                bar_instrument_var(a->ins, (size_t)si), m.sector, m.nsector,
                &m.total);
    count_table(out, v, bar_tr(lang, "Response by cluster"),
                bar_tr(lang, "Cluster"),
                bar_instrument_var(a->ins, (size_t)ci), m.cluster,
                m.ncluster, &m.total);
    S("<p class=\"note\">");
    H(bar_tr(lang, "Invited: has a personal link. Started: has saved "
                   "answers on the survey server. Completed: has a "
                   "response (sent, or imported). Response rate: completed "
                   "of the frame. Groups without organisations in the frame "
                   "are left out."));
    S("</p>\n</section>\n");
    over_time(out, v, &m);
    representativeness(out, v, &m);
    foot(out);
cleanup:
    bar_monitor_clear(&m);
    return rc;
}

/* ---- reminders ---- */

typedef struct reminder_walk {
    bar_buf *out;
    const view *v;
    FILE *csv;
    size_t n;
} reminder_walk;

static bar_status reminder_row(void *ctx, const bar_store_field_org *o,
                               bar_error *err)
{
    reminder_walk *w = ctx;
    (void)err;
    if (o->completed)
        return BAR_OK;
    w->n++;
    if (w->csv) {
        const char *f[] = {o->org_id, o->name, o->email, o->sector,
                           o->cluster, o->invited ? "1" : "0",
                           o->started ? "1" : "0"};
        for (size_t i = 0; i < 7; i++) {
            if (i)
                fputc(',', w->csv);
            bar_csv_write_field(w->csv, f[i], true);
        }
        fputs("\r\n", w->csv);
        return BAR_OK;
    }
    bar_buf *out = w->out;
    bar_lang lang = w->v->lang;
    const bar_instrument *ins = w->v->a->ins;
    const bar_variable *sv =
        bar_instrument_var(ins, (size_t)bar_instrument_find(ins, "sector"));
    const bar_variable *cv =
        bar_instrument_var(ins, (size_t)bar_instrument_find(ins, "cluster"));
    long s = bar_var_code_find(sv, o->sector);
    long c = bar_var_code_find(cv, o->cluster);
    S("<tr><td>");
    H(o->org_id);
    S("</td><td>");
    H(o->name);
    S("</td><td>");
    H(o->email);
    S("</td><td>");
    H(s >= 0 ? bar_var_code_label(sv, (size_t)s, lang) : o->sector);
    S("</td><td>");
    H(c >= 0 ? bar_var_code_label(cv, (size_t)c, lang) : o->cluster);
    S("</td><td>");
    H(o->invited ? bar_tr(lang, "yes") : bar_tr(lang, "no"));
    S("</td><td>");
    H(o->started ? bar_tr(lang, "yes") : bar_tr(lang, "no"));
    S("</td></tr>\n");
    return BAR_OK;
}

static bar_status reminders_page(bar_http_response *res, const view *v,
                                 bar_error *err)
{
    bar_lang lang = v->lang;
    bar_buf *out = &res->body;
    head(out, v, bar_tr(lang, "Reminders"), "/admin/reminders", false);
    S("<p>");
    H(bar_tr(lang, "The organisations that have not completed the "
                   "questionnaire. Personal data: do not pass this list "
                   "on."));
    P(" <a href=\"/admin/reminders.csv%s\" download>", lang_q(lang));
    H(bar_tr(lang, "Download as CSV"));
    S("</a></p>\n<div class=\"scroll\"><table>\n<caption>");
    H(bar_tr(lang, "Not completed"));
    S("</caption>\n<thead><tr>");
    static const char *const cols[] = {N_("Organisation"), N_("Name"),
                                       N_("E-mail"), N_("Sector"),
                                       N_("Cluster"), N_("Invited"),
                                       N_("Started")};
    for (size_t i = 0; i < 7; i++) {
        S("<th scope=\"col\">");
        H(bar_tr(lang, cols[i]));
        S("</th>");
    }
    S("</tr></thead>\n<tbody>\n");
    reminder_walk w = {.out = out, .v = v};
    pthread_mutex_lock(&v->a->lock);
    bar_status rc = bar_store_field_each(v->a->st, v->a->wave, reminder_row,
                                         &w, err);
    pthread_mutex_unlock(&v->a->lock);
    S("</tbody></table></div>\n");
    char text[128];
    snprintf(text, sizeof text, bar_tr(lang, "Number of organisations: %zu."), w.n);
    S("<p>");
    H(text);
    S("</p>\n");
    foot(out);
    return rc;
}

static bar_status reminders_csv(bar_http_response *res, const view *v,
                                bar_error *err)
{
    char *data = NULL;
    size_t len = 0;
    bar_status rc = BAR_OK;
    FILE *f = open_memstream(&data, &len);
    if (!f)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    fputs("org_id,name,email,sector,cluster,invited,started\r\n", f);
    reminder_walk w = {.v = v, .csv = f};
    pthread_mutex_lock(&v->a->lock);
    rc = bar_store_field_each(v->a->st, v->a->wave, reminder_row, &w, err);
    pthread_mutex_unlock(&v->a->lock);
    if (fclose(f) != 0 && rc == BAR_OK)
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
    if (rc == BAR_OK) {
        res->content_type = "text/csv; charset=utf-8";
        snprintf(res->disposition, sizeof res->disposition,
                 "attachment; filename=\"reminders-%d.csv\"", v->a->wave);
        bar_buf_add(&res->body, data, len);
    }
    free(data);
    return rc;
}

/* ---- quotes ---- */

/* One decision of the wave (bar_store_quote, strings copied). */
typedef struct decision {
    char *org_id, *variable, *by, *at;
    bool approved, has_hash;
    uint8_t hash[BAR_STORE_QUOTE_HASH];
} decision;

/* One organisation's name in the frame. */
typedef struct org_name {
    char *org_id, *name;
} org_name;

/* What the quotes page reads from the store. */
typedef struct quote_data {
    decision *dec;
    size_t ndec, capdec;
    org_name *names;
    size_t nnames, capnames;
} quote_data;

static void quote_data_clear(quote_data *q)
{
    for (size_t i = 0; i < q->ndec; i++) {
        free(q->dec[i].org_id);
        free(q->dec[i].variable);
        free(q->dec[i].by);
        free(q->dec[i].at);
    }
    for (size_t i = 0; i < q->nnames; i++) {
        free(q->names[i].org_id);
        free(q->names[i].name);
    }
    free(q->dec);
    free(q->names);
    *q = (quote_data){0};
}

/* Room for one more element of size `size` in *arr (n used of *cap). */
static bar_status grow(void **arr, size_t n, size_t *cap, size_t size,
                       bar_error *err)
{
    if (n < *cap)
        return BAR_OK;
    size_t c = *cap ? 2 * *cap : 64;
    if (c > QUOTES_MAX)
        return bar_error_set(err, BAR_ELIMIT, "more than %d quotes",
                             QUOTES_MAX);
    void *a = realloc(*arr, c * size);
    if (!a)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    *arr = a;
    *cap = c;
    return BAR_OK;
}

static bar_status decision_row(void *ctx, const bar_store_quote *q,
                               bar_error *err)
{
    quote_data *d = ctx;
    bar_status rc = grow((void **)&d->dec, d->ndec, &d->capdec,
                         sizeof *d->dec, err);
    if (rc != BAR_OK)
        return rc;
    decision *x = &d->dec[d->ndec];
    *x = (decision){.org_id = strdup(q->org_id),
                    .variable = strdup(q->variable),
                    .by = strdup(q->decided_by), .at = strdup(q->decided_at),
                    .approved = q->approved, .has_hash = q->has_hash};
    memcpy(x->hash, q->text_hash, sizeof x->hash);
    d->ndec++;   /* freed with the rest, also when a copy failed */
    if (!x->org_id || !x->variable || !x->by || !x->at)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    return BAR_OK;
}

static bar_status name_row(void *ctx, const bar_store_field_org *o,
                           bar_error *err)
{
    quote_data *d = ctx;
    bar_status rc = grow((void **)&d->names, d->nnames, &d->capnames,
                         sizeof *d->names, err);
    if (rc != BAR_OK)
        return rc;
    org_name *x = &d->names[d->nnames++];
    *x = (org_name){.org_id = strdup(o->org_id), .name = strdup(o->name)};
    if (!x->org_id || !x->name)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    return BAR_OK;
}

static int decision_cmp(const void *a, const void *b)
{
    const decision *x = a, *y = b;
    int c = strcmp(x->org_id, y->org_id);
    return c ? c : strcmp(x->variable, y->variable);
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(((const org_name *)a)->org_id,
                  ((const org_name *)b)->org_id);
}

static const decision *decision_of(const quote_data *d, const char *org,
                                   const char *var)
{
    decision key = {.org_id = (char *)org, .variable = (char *)var};
    return d->ndec ? bsearch(&key, d->dec, d->ndec, sizeof *d->dec,
                             decision_cmp)
                   : NULL;
}

static const char *name_of(const quote_data *d, const char *org)
{
    org_name key = {.org_id = (char *)org};
    const org_name *n = d->nnames ? bsearch(&key, d->names, d->nnames,
                                            sizeof *d->names, name_cmp)
                                  : NULL;
    return n ? n->name : NULL;
}

/* Where an open answer stands: no decision, approved (for this text),
 * approved for another text (changed since), rejected. */
typedef enum { Q_OPEN, Q_APPROVED, Q_CHANGED, Q_REJECTED, Q_KINDS } q_state;

static q_state state_of(const decision *d, const char *text)
{
    if (!d)
        return Q_OPEN;
    if (!d->approved)
        return Q_REJECTED;
    bar_store_quote q = {.approved = true, .has_hash = d->has_hash};
    memcpy(q.text_hash, d->hash, sizeof q.text_hash);
    return bar_store_quote_current(&q, text) ? Q_APPROVED : Q_CHANGED;
}

/* An open answer of the wave: row r of the responses, quote_vars[q]. */
typedef struct quote_item {
    size_t row, q;
} quote_item;

/* The open answers of ds in its row order, each quote variable in turn;
 * *items a new array (free it). */
static bar_status quote_items(const bar_dataset *ds, quote_item **items,
                              size_t *n, bar_error *err)
{
    *items = NULL;
    *n = 0;
    long cols[2] = {bar_dataset_col(ds, quote_vars[0]),
                    bar_dataset_col(ds, quote_vars[1])};
    long org_col = bar_dataset_col(ds, "org_id");
    size_t rows = org_col >= 0 ? bar_dataset_nrows(ds) : 0;
    if (rows > QUOTES_MAX / 2)
        return bar_error_set(err, BAR_ELIMIT, "more than %d quotes",
                             QUOTES_MAX);
    quote_item *it = rows ? calloc(2 * rows, sizeof *it) : NULL;
    if (rows && !it)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    for (size_t r = 0; r < rows; r++) {
        if (!bar_dataset_get_str(ds, r, (size_t)org_col))
            continue;
        for (size_t q = 0; q < 2; q++) {
            const char *text = cols[q] >= 0
                                   ? bar_dataset_get_str(ds, r,
                                                         (size_t)cols[q])
                                   : NULL;
            if (text && *text)
                it[(*n)++] = (quote_item){.row = r, .q = q};
        }
    }
    *items = it;
    return BAR_OK;
}

static const char *quote_text(const bar_dataset *ds, const quote_item *it)
{
    return bar_dataset_get_str(ds, it->row,
                               (size_t)bar_dataset_col(ds,
                                                       quote_vars[it->q]));
}

/* "?page=N&lang=en" (escaped for an attribute when amp) for page. */
static void page_q(char *buf, size_t size, size_t page, bar_lang lang,
                   bool amp)
{
    snprintf(buf, size, "?page=%zu%s", page,
             lang == BAR_LANG_EN ? (amp ? "&amp;lang=en" : "&lang=en") : "");
}

/* "2021-06-01T12:00:00Z" as "2021-06-01 12:00 UTC". */
static void when_of(char buf[32], const char *iso)
{
    if (strlen(iso) >= 16)
        snprintf(buf, 32, "%.10s %.5s UTC", iso, iso + 11);
    else
        snprintf(buf, 32, "%s", iso);
}

static void quote_article(bar_buf *out, const view *v, size_t index,
                          size_t page, const char *org, const char *name,
                          const bar_variable *var, const char *variable,
                          const char *text, const decision *d)
{
    bar_lang lang = v->lang;
    char line[512], when[32], q[48];
    q_state st = state_of(d, text);
    P("<article class=\"quote\" id=\"q%zu\" aria-labelledby=\"q%zu-h\">\n"
      "<h2 class=\"h3\" id=\"q%zu-h\">", index, index, index);
    if (name) {
        H(name);
        S(" (");
        H(org);
        S(")");
    } else {
        H(org);
    }
    S(" – ");
    H(bar_var_label(var, lang));
    S("</h2>\n<blockquote class=\"text-answer\">");
    H(text);
    P("</blockquote>\n<p class=\"status state-%s\">",
      (const char *[]){"open", "approved", "changed", "rejected"}[st]);
    when_of(when, d ? d->at : "");
    switch (st) {
    case Q_OPEN:
        H(bar_tr(lang, "Not decided yet."));
        break;
    case Q_APPROVED:
        snprintf(line, sizeof line, bar_tr(lang, "Approved by %s on %s."),
                 d->by, when);
        H(line);
        break;
    case Q_CHANGED:
        snprintf(line, sizeof line,
                 bar_tr(lang, "Approved by %s on %s, but not this text: the "
                              "answer has changed since. Not approved now; "
                              "decide again."),
                 d->by, when);
        H(line);
        break;
    default:
        snprintf(line, sizeof line, bar_tr(lang, "Rejected by %s on %s."),
                 d->by, when);
        H(line);
        break;
    }
    uint8_t h[BAR_STORE_QUOTE_HASH];
    char hex[2 * BAR_STORE_QUOTE_HASH + 1];
    bar_error err;
    bar_error_init(&err);
    if (bar_store_quote_hash(text, h, &err) != BAR_OK)
        memset(h, 0, sizeof h);
    bar_error_clear(&err);
    for (size_t i = 0; i < sizeof h; i++)
        snprintf(hex + 2 * i, 3, "%02x", h[i]);
    page_q(q, sizeof q, page, lang, true);
    P("</p>\n<form method=\"post\" action=\"/admin/quotes%s\">\n"
      "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
      "<input type=\"hidden\" name=\"org\" value=\"", q, v->csrf);
    H(org);
    P("\"><input type=\"hidden\" name=\"var\" value=\"%s\">"
      "<input type=\"hidden\" name=\"hash\" value=\"%s\">"
      "<input type=\"hidden\" name=\"at\" value=\"%zu\">\n"
      "<div class=\"decide\">", variable, hex, index);
    static const char *const actions[2] = {"approve", "reject"};
    static const char *const labels[2] = {N_("Approve"), N_("Reject")};
    for (size_t i = 0; i < 2; i++) {
        P("<button type=\"submit\" name=\"action\" value=\"%s\" "
          "class=\"%s\">", actions[i], i == 0 ? "primary" : "secondary");
        H(bar_tr(lang, labels[i]));
        S("<span class=\"vh\">: ");
        H(name ? name : org);
        S(", ");
        H(bar_var_label(var, lang));
        S("</span></button>");
    }
    S("</div>\n</form>\n</article>\n");
}

static void quote_pager(bar_buf *out, const view *v, size_t page,
                        size_t pages)
{
    bar_lang lang = v->lang;
    char q[48], text[128];
    S("<nav class=\"pager\" aria-label=\"");
    H(bar_tr(lang, "Pages of open answers"));
    S("\"><ul>");
    if (page > 1) {
        page_q(q, sizeof q, page - 1, lang, true);
        P("<li><a href=\"/admin/quotes%s\" rel=\"prev\">", q);
        H(bar_tr(lang, "Previous page"));
        S("</a></li>");
    }
    snprintf(text, sizeof text, bar_tr(lang, "Page %zu of %zu"), page,
             pages);
    S("<li aria-current=\"page\">");
    H(text);
    S("</li>");
    if (page < pages) {
        page_q(q, sizeof q, page + 1, lang, true);
        P("<li><a href=\"/admin/quotes%s\" rel=\"next\">", q);
        H(bar_tr(lang, "Next page"));
        S("</a></li>");
    }
    S("</ul></nav>\n");
}

static bar_status quotes_page(bar_http_response *res, const view *v,
                              size_t page, bar_error *err)
{
    bar_admin *a = v->a;
    bar_lang lang = v->lang;
    bar_dataset *ds = NULL;
    quote_data qd = {0};
    quote_item *items = NULL;
    size_t nitems = 0;
    pthread_mutex_lock(&a->lock);
    bar_status rc = bar_store_responses_load(a->st, a->wave, a->ins, &ds,
                                             err);
    if (rc == BAR_OK)
        rc = bar_store_quote_each(a->st, a->wave, decision_row, &qd, err);
    if (rc == BAR_OK)
        rc = bar_store_field_each(a->st, a->wave, name_row, &qd, err);
    pthread_mutex_unlock(&a->lock);
    if (rc == BAR_OK)
        rc = quote_items(ds, &items, &nitems, err);
    if (rc != BAR_OK)
        goto cleanup;
    if (qd.ndec)
        qsort(qd.dec, qd.ndec, sizeof *qd.dec, decision_cmp);
    if (qd.nnames)
        qsort(qd.names, qd.nnames, sizeof *qd.names, name_cmp);
    long org_col = bar_dataset_col(ds, "org_id");
    size_t count[Q_KINDS] = {0};
    for (size_t i = 0; i < nitems; i++) {
        const char *org = bar_dataset_get_str(ds, items[i].row,
                                              (size_t)org_col);
        count[state_of(decision_of(&qd, org, quote_vars[items[i].q]),
                       quote_text(ds, &items[i]))]++;
    }
    size_t pages = nitems ? (nitems + QUOTES_PAGE - 1) / QUOTES_PAGE : 1;
    if (page < 1)
        page = 1;
    if (page > pages)
        page = pages;
    bar_buf *out = &res->body;
    char here[64];
    snprintf(here, sizeof here, "/admin/quotes");
    head(out, v, bar_tr(lang, "Quotes"), here, false);
    S("<p>");
    H(bar_tr(lang, "The open answers of completed responses. Only an "
                   "approved answer may be quoted in the report, and only "
                   "with the text that was approved: an answer that changed "
                   "afterwards must be approved again."));
    S("</p>\n");
    if (nitems == 0) {
        S("<p>");
        H(bar_tr(lang, "No completed response has an open answer yet."));
        S("</p>\n");
        foot(out);
        goto cleanup;
    }
    static const char *const kinds[Q_KINDS] = {
        N_("Not decided"), N_("Approved"), N_("Changed since approval"),
        N_("Rejected")};
    S("<dl class=\"figures\">\n<dt>");
    H(bar_tr(lang, "Open answers"));
    P("</dt><dd>%zu</dd>\n", nitems);
    for (size_t k = 0; k < Q_KINDS; k++) {
        S("<dt>");
        H(bar_tr(lang, kinds[k]));
        P("</dt><dd>%zu</dd>\n", count[k]);
    }
    S("</dl>\n");
    if (pages > 1)
        quote_pager(out, v, page, pages);
    size_t from = (page - 1) * QUOTES_PAGE;
    size_t to = from + QUOTES_PAGE < nitems ? from + QUOTES_PAGE : nitems;
    for (size_t i = from; i < to; i++) {
        const char *org = bar_dataset_get_str(ds, items[i].row,
                                              (size_t)org_col);
        const char *variable = quote_vars[items[i].q];
        long vi = bar_instrument_find(a->ins, variable);
        if (vi < 0)
            continue;
        quote_article(out, v, i + 1, page, org, name_of(&qd, org),
                      bar_instrument_var(a->ins, (size_t)vi), variable,
                      quote_text(ds, &items[i]),
                      decision_of(&qd, org, variable));
    }
    if (pages > 1)
        quote_pager(out, v, page, pages);
    foot(out);
cleanup:
    free(items);
    quote_data_clear(&qd);
    bar_dataset_free(ds);
    return rc;
}

/* The text the open answer variable of org has now in the wave's
 * responses, copied into *text (NULL when the organisation has no
 * response or the answer is empty). Called under the lock. */
static bar_status current_text(bar_admin *a, const char *org,
                               const char *var, char **text, bar_error *err)
{
    bar_dataset *ds = NULL;
    *text = NULL;
    bar_status rc = bar_store_responses_load(a->st, a->wave, a->ins, &ds,
                                             err);
    if (rc != BAR_OK)
        goto cleanup;
    long org_col = bar_dataset_col(ds, "org_id");
    long col = bar_dataset_col(ds, var);
    for (size_t r = 0; org_col >= 0 && col >= 0 && r < bar_dataset_nrows(ds);
         r++) {
        const char *o = bar_dataset_get_str(ds, r, (size_t)org_col);
        if (!o || strcmp(o, org) != 0)
            continue;
        const char *t = bar_dataset_get_str(ds, r, (size_t)col);
        if (t && *t && !(*text = strdup(t)))
            rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        break;
    }
cleanup:
    bar_dataset_free(ds);
    return rc;
}

static bool parse_hash(const char *hex, uint8_t out[BAR_STORE_QUOTE_HASH])
{
    if (!hex || strlen(hex) != 2 * BAR_STORE_QUOTE_HASH ||
        strspn(hex, "0123456789abcdef") != 2 * BAR_STORE_QUOTE_HASH)
        return false;
    for (size_t i = 0; i < BAR_STORE_QUOTE_HASH; i++) {
        unsigned b = 0;
        if (sscanf(hex + 2 * i, "%2x", &b) != 1)
            return false;
        out[i] = (uint8_t)b;
    }
    return true;
}

static bar_status quotes_post(bar_http_response *res, const view *v,
                              const bar_form *f, size_t page,
                              bar_error *err)
{
    const char *org = bar_form_get(f, "org");
    const char *var = bar_form_get(f, "var");
    const char *action = bar_form_get(f, "action");
    const char *at = bar_form_get(f, "at");
    bool known = var && (strcmp(var, quote_vars[0]) == 0 ||
                         strcmp(var, quote_vars[1]) == 0);
    bool approve = action && strcmp(action, "approve") == 0;
    bool reject = action && strcmp(action, "reject") == 0;
    uint8_t hash[BAR_STORE_QUOTE_HASH], now[BAR_STORE_QUOTE_HASH];
    if (!org || !*org || strlen(org) >= BAR_STORE_ORG_MAX || !known ||
        !(approve || reject) || !parse_hash(bar_form_get(f, "hash"), hash)) {
        notice(res, v, 400, bar_tr(v->lang, "Not understood"),
               bar_tr(v->lang, "The form could not be read. Go back and "
                               "try again."));
        return BAR_OK;
    }
    /* only the answers of a completed response, and only the text that
     * was shown */
    char *text = NULL;
    pthread_mutex_lock(&v->a->lock);
    bar_status rc = current_text(v->a, org, var, &text, err);
    bool changed = false;
    if (rc == BAR_OK && !text)
        rc = BAR_ENOTFOUND;
    if (rc == BAR_OK)
        rc = bar_store_quote_hash(text, now, err);
    if (rc == BAR_OK && memcmp(now, hash, sizeof now) != 0)
        changed = true;
    if (rc == BAR_OK && !changed)
        rc = bar_store_quote_set(v->a->st, v->a->wave, org, var, hash,
                                 approve, v->account, err);
    pthread_mutex_unlock(&v->a->lock);
    free(text);
    if (rc == BAR_ENOTFOUND) {
        notice(res, v, 404, bar_tr(v->lang, "Not found"),
               bar_tr(v->lang, "There is no completed response of this "
                               "organisation."));
        return BAR_OK;
    }
    if (rc == BAR_OK && changed) {
        notice(res, v, 409, bar_tr(v->lang, "Changed in the meantime"),
               bar_tr(v->lang, "The answer has changed since the page was "
                               "shown. Nothing was decided: open the page "
                               "again and look at the answer as it is "
                               "now."));
        return BAR_OK;
    }
    if (rc == BAR_OK) {
        warn(v->a, "quote %s: wave %d, %s, %s, by %s",
             approve ? "approved" : "rejected", v->a->wave, org, var,
             v->account);
        char loc[96], q[48];
        page_q(q, sizeof q, page, v->lang, false);
        unsigned long n = at ? strtoul(at, NULL, 10) : 0;
        if (n > 0 && n <= QUOTES_MAX)
            snprintf(loc, sizeof loc, "/admin/quotes%s#q%lu", q, n);
        else
            snprintf(loc, sizeof loc, "/admin/quotes%s", q);
        bar_http_redirect(res, loc);
    }
    return rc;
}

/* ---- login, sessions ---- */

static void login_page(bar_http_response *res, const view *v,
                       unsigned status, const char *problem,
                       const char *name)
{
    bar_buf *out = &res->body;
    bar_lang lang = v->lang;
    char id[BAR_SESSION_CHARS + 1], csrf[BAR_SESSION_CSRF_CHARS + 1];
    uint8_t hash[BAR_SESSION_HASH_BYTES];
    bar_error err;
    bar_error_init(&err);
    bar_buf_reset(out);
    res->status = status;
    res->location[0] = '\0';
    if (bar_session_new(id, hash, &err) != BAR_OK) {
        res->status = 500;
        notice(res, v, 500, bar_tr(lang, "Something went wrong"),
               bar_tr(lang, "The server could not do this. Try again "
                            "later."));
        bar_error_clear(&err);
        return;
    }
    bar_error_clear(&err);
    bar_session_csrf(id, csrf);
    bar_session_set_cookie(BAR_SESSION_LOGIN_COOKIE, id, res->set_cookie);
    head(out, v, bar_tr(lang, "Log in"), "/admin/login", false);
    if (problem) {
        S("<div class=\"error-summary\" role=\"alert\"><p>");
        H(problem);
        S("</p></div>\n");
    }
    P("<form method=\"post\" action=\"/admin/login%s\" class=\"login\">\n"
      "<input type=\"hidden\" name=\"csrf\" value=\"%s\">\n"
      "<p><label for=\"f-name\">", lang_q(lang), csrf);
    H(bar_tr(lang, "Account name"));
    S("</label><br><input id=\"f-name\" name=\"name\" type=\"text\" "
      "autocomplete=\"username\" required maxlength=\"64\" value=\"");
    H(name ? name : "");
    S("\"></p>\n<p><label for=\"f-password\">");
    H(bar_tr(lang, "Password"));
    S("</label><br><input id=\"f-password\" name=\"password\" "
      "type=\"password\" autocomplete=\"current-password\" required "
      "maxlength=\"1024\"></p>\n<p class=\"actions\"><button "
      "type=\"submit\" class=\"primary\">");
    H(bar_tr(lang, "Log in"));
    S("</button></p>\n</form>\n");
    foot(out);
}

static void csrf_refused(bar_http_response *res, const view *v)
{
    notice(res, v, 403, bar_tr(v->lang, "Form expired"),
           bar_tr(v->lang, "This form could not be accepted: it is too old "
                           "or did not come from these pages. Nothing was "
                           "changed. Open the page again and repeat what "
                           "you did."));
}

static void login_post(bar_admin *a, const bar_http_request *req,
                       bar_http_response *res, view *v)
{
    bar_lang lang = v->lang;
    bar_form f;
    bar_form_init(&f);
    bar_error err;
    bar_error_init(&err);
    char cookie[BAR_SESSION_CHARS + 1];
    const char *wrong = bar_tr(lang, "The account name or password is not "
                                     "right, or there were too many "
                                     "attempts. Wait a moment and try "
                                     "again.");
    if (bar_form_parse(&f, req->body, req->body_len, &err) != BAR_OK ||
        !bar_session_cookie(req->cookie, BAR_SESSION_LOGIN_COOKIE, cookie,
                            sizeof cookie) ||
        !bar_session_csrf_ok(cookie, bar_form_get(&f, "csrf"))) {
        csrf_refused(res, v);
        goto cleanup;
    }
    const char *name = bar_form_get(&f, "name");
    const char *pw = bar_form_get(&f, "password");
    if (!name)
        name = "";
    if (!pw)
        pw = "";
    char shown[BAR_ACCOUNT_NAME_MAX + 1];
    snprintf(shown, sizeof shown, "%s", bar_account_name_ok(name) ? name : "");
    long long wait = throttle_begin(a, shown, req->client);
    if (wait > 0) {
        warn(a, "warning: login attempt from %s refused: too many failures "
                "(wait %lld ms)", req->client, wait);
        login_page(res, v, 401, wrong, shown);
        res->delay_ms = (unsigned)(wait > THROTTLE_CAP_MS ? THROTTLE_CAP_MS
                                                         : wait);
        goto cleanup;
    }
    bool found = false, rehash = false;
    char hash[BAR_ACCOUNT_HASH_MAX] = "";
    bar_status rc = BAR_OK;
    if (bar_account_name_ok(name)) {
        pthread_mutex_lock(&a->lock);
        rc = bar_store_account_get(a->st, name, &found, hash, sizeof hash,
                                   &err);
        pthread_mutex_unlock(&a->lock);
        if (rc != BAR_OK)
            goto fail;
    }
    /* the same work whether or not the name exists */
    bool ok = bar_account_verify(found ? hash : a->dummy, pw, &rehash,
                                 &err) == BAR_OK && found;
    unsigned fails = 0;
    unsigned wait_next = throttle_end(a, shown, req->client, ok, &fails);
    if (!ok) {
        warn(a, "warning: failed login from %s (failure %u)", req->client,
             fails);
        login_page(res, v, 401, wrong, shown);
        res->delay_ms = wait_next;
        goto cleanup;
    }
    if (rehash) {
        char fresh[BAR_ACCOUNT_HASH_MAX];
        if (bar_account_hash(pw, fresh, &err) == BAR_OK) {
            pthread_mutex_lock(&a->lock);
            rc = bar_store_account_set(a->st, name, fresh, &err);
            pthread_mutex_unlock(&a->lock);
            if (rc != BAR_OK)
                warn(a, "warning: the password hash of a login was not "
                        "renewed: %s", err.msg);
        }
    }
    char id[BAR_SESSION_CHARS + 1];
    uint8_t sh[BAR_SESSION_HASH_BYTES];
    rc = bar_session_new(id, sh, &err);
    if (rc != BAR_OK)
        goto fail;
    long long now = (long long)time(NULL);
    pthread_mutex_lock(&a->lock);
    rc = bar_store_session_add(a->st, sh, name, now, now - a->idle,
                               now - a->absolute, &err);
    pthread_mutex_unlock(&a->lock);
    if (rc != BAR_OK)
        goto fail;
    warn(a, "login of %s from %s", name, req->client);
    bar_session_set_cookie(BAR_SESSION_COOKIE, id, res->set_cookie);
    char loc[64];
    snprintf(loc, sizeof loc, "/admin/%s", lang_q(lang));
    bar_http_redirect(res, loc);
    goto cleanup;
fail:
    /* a lost database connection: 503, and the handle reconnects */
    warn(a, "error: %s (%s)", err.msg, req->client);
    if (rc == BAR_EUNAVAILABLE)
        unavailable(res, v, "/admin/login");
    else
        notice(res, v, 500, bar_tr(lang, "Something went wrong"),
               bar_tr(lang, "The server could not do this. Try again "
                            "later."));
cleanup:
    bar_form_clear(&f);
    bar_error_clear(&err);
}

/* The session of the request into v (*ok), or none (!*ok): no cookie, an
 * unreadable one, or expired (then removed; *expired). A failure of the
 * store is returned (on err): the request cannot be told apart from one
 * without a session then, and must not be answered as one. */
static bar_status session_of(bar_admin *a, const bar_http_request *req,
                             view *v, uint8_t sh[BAR_SESSION_HASH_BYTES],
                             bool *ok, bool *expired, bar_error *err)
{
    char id[BAR_SESSION_CHARS + 1];
    *ok = false;
    *expired = false;
    bar_error bad;
    bar_error_init(&bad);
    bool readable =
        bar_session_cookie(req->cookie, BAR_SESSION_COOKIE, id, sizeof id) &&
        bar_session_hash(id, sh, &bad) == BAR_OK;
    bar_error_clear(&bad);
    if (!readable)
        return BAR_OK;
    bar_store_session s;
    long long now = (long long)time(NULL);
    pthread_mutex_lock(&a->lock);
    bar_status rc = bar_store_session_find(a->st, sh, &s, err);
    if (rc == BAR_OK && s.found) {
        if (bar_session_expired(s.created_at, s.seen_at, now, a->idle,
                                a->absolute)) {
            *expired = true;
            rc = bar_store_session_remove(a->st, sh, err);
        } else {
            rc = bar_store_session_touch(a->st, sh, now, err);
            if (rc == BAR_OK) {
                *ok = true;
                snprintf(v->account, sizeof v->account, "%s", s.account);
                snprintf(v->id, sizeof v->id, "%s", id);
                bar_session_csrf(id, v->csrf);
            }
        }
    }
    pthread_mutex_unlock(&a->lock);
    return rc;
}

static bool query_lang(const char *query, bar_lang *lang)
{
    bar_form f;
    bar_form_init(&f);
    bar_error err;
    bar_error_init(&err);
    bool found = false;
    if (*query &&
        bar_form_parse(&f, query, strlen(query), &err) == BAR_OK) {
        const char *code = bar_form_get(&f, "lang");
        found = code && bar_lang_from_code(code, lang) == BAR_OK &&
                (*lang == BAR_LANG_NL || *lang == BAR_LANG_EN);
    }
    bar_form_clear(&f);
    bar_error_clear(&err);
    return found;
}

/* The page number of the query (page=N), 1 when none. */
static size_t query_page(const char *query)
{
    bar_form f;
    bar_form_init(&f);
    bar_error err;
    bar_error_init(&err);
    size_t page = 1;
    if (*query && bar_form_parse(&f, query, strlen(query), &err) == BAR_OK) {
        const char *p = bar_form_get(&f, "page");
        char *end = NULL;
        unsigned long n = p ? strtoul(p, &end, 10) : 0;
        if (p && *p && end && !*end && n > 0 && n <= QUOTES_MAX)
            page = (size_t)n;
    }
    bar_form_clear(&f);
    bar_error_clear(&err);
    return page;
}

/* Whether the query asks for the monitor to refresh itself (auto=1): an
 * automatic refresh is the user's choice (WCAG 2.2.1). */
static bool query_auto(const char *query)
{
    bar_form f;
    bar_form_init(&f);
    bar_error err;
    bar_error_init(&err);
    bool yes = *query &&
               bar_form_parse(&f, query, strlen(query), &err) == BAR_OK &&
               bar_form_get(&f, "auto") &&
               strcmp(bar_form_get(&f, "auto"), "1") == 0;
    bar_form_clear(&f);
    bar_error_clear(&err);
    return yes;
}

void bar_admin_handle(void *ctx, const bar_http_request *req,
                      bar_http_response *res)
{
    bar_admin *a = ctx;
    view v = {.a = a, .lang = BAR_LANG_NL};
    if (!query_lang(req->query, &v.lang))
        v.lang = BAR_LANG_NL;
    bar_error err;
    bar_error_init(&err);
    bar_form f;
    bar_form_init(&f);
    bool get = strcmp(req->method, "GET") == 0 ||
               strcmp(req->method, "HEAD") == 0;
    bool post = strcmp(req->method, "POST") == 0;
    const char *path = req->path;
    static const char *const known[] = {
        "/admin/login", "/admin/logout", "/admin/", "/admin/reminders",
        "/admin/reminders.csv", "/admin/quotes"};
    bool is_known = false;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        is_known |= strcmp(path, known[i]) == 0;
    snprintf(res->log_path, sizeof res->log_path, "%s",
             is_known ? path : "/admin/(other)");
    bar_status rc = BAR_OK;
    char loc[64];
    if (strcmp(path, "/admin") == 0) {
        snprintf(loc, sizeof loc, "/admin/%s", lang_q(v.lang));
        bar_http_redirect(res, loc);
        goto cleanup;
    }
    if (!get && !post) {
        notice(res, &v, 405, bar_tr(v.lang, "Not found"),
               bar_tr(v.lang, "There is no such page."));
        goto cleanup;
    }
    if (strcmp(path, "/admin/login") == 0) {
        if (post)
            login_post(a, req, res, &v);
        else
            login_page(res, &v, 200, NULL, NULL);
        goto cleanup;
    }
    uint8_t sh[BAR_SESSION_HASH_BYTES];
    bool expired = false, in = false;
    rc = session_of(a, req, &v, sh, &in, &expired, &err);
    if (rc != BAR_OK)
        goto fail;
    if (!in) {
        if (expired || !is_known || !get) {
            if (expired)
                bar_session_set_cookie(BAR_SESSION_COOKIE, NULL,
                                       res->set_cookie);
            login_page(res, &v, 401,
                       expired ? bar_tr(v.lang, "Your session has ended. "
                                                "Log in again.")
                               : bar_tr(v.lang, "Log in to see this page."),
                       NULL);
        } else {
            snprintf(loc, sizeof loc, "/admin/login%s", lang_q(v.lang));
            bar_http_redirect(res, loc);
        }
        goto cleanup;
    }
    if (post) {
        if (strncmp(req->content_type, "application/x-www-form-urlencoded",
                    33) != 0 ||
            bar_form_parse(&f, req->body, req->body_len, &err) != BAR_OK ||
            !bar_session_csrf_ok(v.id, bar_form_get(&f, "csrf"))) {
            csrf_refused(res, &v);
            goto cleanup;
        }
    }
    if (post && strcmp(path, "/admin/logout") == 0) {
        pthread_mutex_lock(&a->lock);
        rc = bar_store_session_remove(a->st, sh, &err);
        pthread_mutex_unlock(&a->lock);
        if (rc != BAR_OK)
            goto fail;
        warn(a, "logout of %s from %s", v.account, req->client);
        bar_session_set_cookie(BAR_SESSION_COOKIE, NULL, res->set_cookie);
        snprintf(loc, sizeof loc, "/admin/login%s", lang_q(v.lang));
        bar_http_redirect(res, loc);
    } else if (get && strcmp(path, "/admin/") == 0) {
        rc = monitor_page(res, &v, query_auto(req->query), &err);
    } else if (get && strcmp(path, "/admin/reminders") == 0) {
        rc = reminders_page(res, &v, &err);
    } else if (get && strcmp(path, "/admin/reminders.csv") == 0) {
        rc = reminders_csv(res, &v, &err);
    } else if (get && strcmp(path, "/admin/quotes") == 0) {
        rc = quotes_page(res, &v, query_page(req->query), &err);
    } else if (post && strcmp(path, "/admin/quotes") == 0) {
        rc = quotes_post(res, &v, &f, query_page(req->query), &err);
    } else {
        notice(res, &v, 404, bar_tr(v.lang, "Not found"),
               bar_tr(v.lang, "There is no such page."));
    }
    if (rc == BAR_OK)
        goto cleanup;
fail:
    /* a lost database connection: 503, and the handle reconnects */
    warn(a, "error: %s (%s)", err.msg, req->client);
    bar_buf_reset(&res->body);
    res->content_type = NULL;
    res->disposition[0] = '\0';
    if (rc == BAR_EUNAVAILABLE)
        unavailable(res, &v, is_known && get ? path : "/admin/");
    else
        notice(res, &v, 500, bar_tr(v.lang, "Something went wrong"),
               bar_tr(v.lang, "The server could not do this. Try again "
                              "later."));
cleanup:
    bar_form_clear(&f);
    bar_error_clear(&err);
}
