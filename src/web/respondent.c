/* respondent.c - the personal-link pages of one wave. */
#include "web/respondent.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/buf.h"
#include "core/form.h"
#include "core/i18n.h"
#include "field/draft.h"
#include "analysis/derive.h"
#include "field/standing.h"
#include "field/survey.h"
#include "field/token.h"
#include "store/store.h"
#include "web/page.h"

enum {
    CSS_MAX = 1 << 20,      /* bytes of the style sheet */
    HANDLES_MAX = 64,
    GROUP_MAX = 256,        /* writes committed in one transaction */
    RETRY_AFTER_S = 5       /* Retry-After of a 503 */
};

/* A write waiting for its group to commit. */
typedef struct job {
    bar_store_draft_write w;
    bool done;
    struct job *next;
} job;

/* Group commit: the writes of all workers go to one committer thread,
 * which takes whatever has arrived (up to GROUP_MAX), commits it as one
 * transaction on its own store handle (bar_store_draft_group) and wakes
 * the workers, each of which answers its request only then. Under load
 * the writes that arrive during one commit's fsync share the next one. */
typedef struct committer {
    pthread_t thread;
    bool started;
    pthread_mutex_t lock;
    pthread_cond_t work, done;
    job *head, *tail;
    bool stop;
    bar_store *st;
    int wave;
} committer;

struct bar_respondent {
    int wave;
    const bar_instrument *ins;
    const bar_spec *spec;
    bar_survey *survey;
    char *css;
    size_t css_len;
    unsigned delay_ms;
    bar_http_log log;
    void *log_ctx;
    /* the pool of store handles */
    pthread_mutex_t lock;
    pthread_cond_t freed;
    bool lock_ready;
    bar_store *handles[HANDLES_MAX];
    bool busy[HANDLES_MAX];
    unsigned nhandles;
    committer commit;
};

static void *commit_loop(void *arg)
{
    committer *c = arg;
    bar_store_draft_write *group = calloc(GROUP_MAX, sizeof *group);
    job *taken[GROUP_MAX];
    pthread_mutex_lock(&c->lock);
    for (;;) {
        while (!c->head && !c->stop)
            pthread_cond_wait(&c->work, &c->lock);
        if (!c->head)
            break; /* stopping, and nothing is waiting */
        size_t n = 0;
        while (c->head && n < GROUP_MAX) {
            taken[n] = c->head;
            c->head = c->head->next;
            n++;
        }
        if (!c->head)
            c->tail = NULL;
        pthread_mutex_unlock(&c->lock);
        bar_error err;
        bar_error_init(&err);
        if (group) {
            for (size_t i = 0; i < n; i++)
                group[i] = taken[i]->w;
            bar_store_draft_group(c->st, c->wave, group, n, &err);
            for (size_t i = 0; i < n; i++)
                taken[i]->w.status = group[i].status;
        } else {
            for (size_t i = 0; i < n; i++)
                taken[i]->w.status = BAR_ENOMEM;
        }
        bar_error_clear(&err);
        pthread_mutex_lock(&c->lock);
        for (size_t i = 0; i < n; i++)
            taken[i]->done = true;
        pthread_cond_broadcast(&c->done);
    }
    pthread_mutex_unlock(&c->lock);
    free(group);
    return NULL;
}

/* Hand a write to the committer and wait until its group has committed;
 * returns its status (BAR_OK: durable). */
static bar_status commit_write(bar_respondent *r, bar_store_draft_write w)
{
    committer *c = &r->commit;
    job j = {.w = w};
    pthread_mutex_lock(&c->lock);
    if (c->tail)
        c->tail->next = &j;
    else
        c->head = &j;
    c->tail = &j;
    pthread_cond_signal(&c->work);
    while (!j.done)
        pthread_cond_wait(&c->done, &c->lock);
    pthread_mutex_unlock(&c->lock);
    return j.w.status;
}

void bar_respondent_free(bar_respondent *r)
{
    if (!r)
        return;
    if (r->commit.started) {
        pthread_mutex_lock(&r->commit.lock);
        r->commit.stop = true;
        pthread_cond_signal(&r->commit.work);
        pthread_mutex_unlock(&r->commit.lock);
        pthread_join(r->commit.thread, NULL);
    }
    bar_store_close(r->commit.st);
    for (unsigned i = 0; i < r->nhandles; i++)
        bar_store_close(r->handles[i]);
    if (r->lock_ready) {
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->freed);
        pthread_mutex_destroy(&r->commit.lock);
        pthread_cond_destroy(&r->commit.work);
        pthread_cond_destroy(&r->commit.done);
    }
    bar_survey_free(r->survey);
    free(r->css);
    free(r);
}

bar_status bar_respondent_new(const bar_respondent_options *opts,
                              bar_respondent **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_respondent *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!r) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    r->wave = opts->wave;
    r->ins = opts->ins;
    r->spec = opts->spec;
    r->delay_ms = opts->unknown_delay_ms;
    r->log = opts->log;
    r->log_ctx = opts->log_ctx;
    if (opts->handles < 1 || opts->handles > HANDLES_MAX) {
        rc = bar_error_set(err, BAR_EUSAGE, "%u store handles: 1 to %d",
                           opts->handles, HANDLES_MAX);
        goto cleanup;
    }
    if (pthread_mutex_init(&r->lock, NULL) != 0) {
        rc = bar_error_set(err, BAR_EIO, "cannot create a lock");
        goto cleanup;
    }
    if (pthread_cond_init(&r->freed, NULL) != 0) {
        pthread_mutex_destroy(&r->lock);
        rc = bar_error_set(err, BAR_EIO, "cannot create a lock");
        goto cleanup;
    }
    if (pthread_mutex_init(&r->commit.lock, NULL) != 0 ||
        pthread_cond_init(&r->commit.work, NULL) != 0 ||
        pthread_cond_init(&r->commit.done, NULL) != 0) {
        /* (on Linux these initialisers cannot fail) */
        rc = bar_error_set(err, BAR_EIO, "cannot create a lock");
        goto cleanup;
    }
    r->lock_ready = true;
    rc = bar_file_read(opts->css_path, CSS_MAX, &r->css, &r->css_len, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_survey_new(opts->ins, &r->survey, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_token_init(err);
    if (rc != BAR_OK)
        goto cleanup;
    for (; r->nhandles < opts->handles; r->nhandles++) {
        rc = bar_store_open(opts->store, BAR_STORE_EXISTING,
                            &r->handles[r->nhandles], err);
        if (rc != BAR_OK)
            goto cleanup;
    }
    bool exists = false;
    rc = bar_store_wave_exists(r->handles[0], r->wave, &exists, err);
    if (rc == BAR_OK && !exists)
        rc = bar_error_set(err, BAR_ENOTFOUND, "%s: no wave %d",
                           opts->store, r->wave);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_store_open(opts->store, BAR_STORE_EXISTING, &r->commit.st,
                        err);
    if (rc != BAR_OK)
        goto cleanup;
    /* the response table's columns now, under the store's write lock:
     * the submits then never change its shape (on PostgreSQL several
     * servers' submits run side by side) */
    rc = bar_store_responses_prepare(r->commit.st, r->wave, r->ins, err);
    if (rc != BAR_OK)
        goto cleanup;
    r->commit.wave = r->wave;
    if (pthread_create(&r->commit.thread, NULL, commit_loop, &r->commit) !=
        0) {
        rc = bar_error_set(err, BAR_EIO, "cannot start the committer "
                           "thread");
        goto cleanup;
    }
    r->commit.started = true;
    *out = r;
    r = NULL;
cleanup:
    bar_respondent_free(r);
    return rc;
}

static unsigned acquire(bar_respondent *r)
{
    pthread_mutex_lock(&r->lock);
    for (;;) {
        for (unsigned i = 0; i < r->nhandles; i++)
            if (!r->busy[i]) {
                r->busy[i] = true;
                pthread_mutex_unlock(&r->lock);
                return i;
            }
        pthread_cond_wait(&r->freed, &r->lock);
    }
}

static void release(bar_respondent *r, unsigned i)
{
    pthread_mutex_lock(&r->lock);
    r->busy[i] = false;
    pthread_cond_signal(&r->freed);
    pthread_mutex_unlock(&r->lock);
}

static void warn(const bar_respondent *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void warn(const bar_respondent *r, const char *fmt, ...)
{
    if (!r->log)
        return;
    char line[1400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    r->log(r->log_ctx, line);
}

/* The language asked for with ?lang=CODE; false when there is none or it
 * is not one we have. */
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

/* Whether the query (or form text) holds return=review. */
static bool returns_to_review(const char *text, size_t len)
{
    bar_form f;
    bar_form_init(&f);
    bar_error err;
    bar_error_init(&err);
    bool yes = len && bar_form_parse(&f, text, len, &err) == BAR_OK &&
               bar_form_get(&f, "return") &&
               strcmp(bar_form_get(&f, "return"), "review") == 0;
    bar_form_clear(&f);
    bar_error_clear(&err);
    return yes;
}

static void message(bar_http_response *res, const bar_page_ctx *ctx,
                    unsigned status, bar_page_kind kind)
{
    bar_buf_reset(&res->body);
    res->status = status;
    res->location[0] = '\0';
    bar_page_message(&res->body, ctx, kind);
}

/* The thank-you page, with the organisation's climate standing among the
 * responses so far (derived as the report derives them); without it when
 * anything fails on the way (logged: the page itself must not fail). */
static void thanks(bar_respondent *r, bar_store *st, const char *org,
                   const bar_page_ctx *ctx, bar_http_response *res)
{
    bar_error err;
    bar_error_init(&err);
    bar_dataset *ds = NULL;
    bar_standing standing = {0};
    bar_status rc = bar_store_responses_load(st, r->wave, r->ins, &ds, &err);
    if (rc == BAR_OK)
        rc = bar_derive_compute(ds, r->spec, NULL, &err);
    if (rc == BAR_OK)
        rc = bar_standing_compute(ds, org, &standing, &err);
    if (rc != BAR_OK) {
        warn(r, "warning: no climate standing on a thank-you page: %s",
             err.msg);
        standing = (bar_standing){0};
    }
    bar_buf_reset(&res->body);
    res->status = 200;
    bar_page_thanks(&res->body, ctx, &standing);
    bar_dataset_free(ds);
    bar_error_clear(&err);
}

/* One request on a personal link: tok is the token, rest what follows
 * "/s/TOKEN" ("", "/p/3", "/review", ...). */
static void personal(bar_respondent *r, bar_store *st,
                     const bar_http_request *req, const char *tok,
                     const char *rest, bar_http_response *res)
{
    bar_error err;
    bar_error_init(&err);
    bar_store_draft rec = {0};
    bar_draft *d = NULL;
    bar_form form;
    bar_form_init(&form);
    bar_page_check check = {0};
    char *json = NULL;
    bar_dataset *ds = NULL;
    bar_lang asked = BAR_LANG_NL;
    bool has_lang = query_lang(req->query, &asked);
    char base[8 + BAR_TOKEN_CHARS];
    bar_page_ctx ctx = {.ins = r->ins, .survey = r->survey,
                        .lang = has_lang ? asked : BAR_LANG_NL,
                        .base = base};
    snprintf(base, sizeof base, "/s/%s", tok);
    bool post = strcmp(req->method, "POST") == 0;
    /* The access log gets the path without the token. */
    bool plain = strlen(rest) < 64;
    for (const char *c = rest; plain && *c; c++)
        plain = (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                *c == '/';
    snprintf(res->log_path, sizeof res->log_path, "/s/-%s",
             plain ? rest : "/(other)");

    uint8_t hash[BAR_TOKEN_HASH_BYTES];
    bool found = false;
    int wave = 0;
    char org[BAR_STORE_ORG_MAX];
    bar_status rc = BAR_OK;
    if (bar_token_hash(tok, hash, &err) == BAR_OK) {
        rc = bar_store_token_find(st, hash, &found, &wave, org, &err);
        if (rc != BAR_OK)
            goto fail;
    }
    if (!found || wave != r->wave) {
        /* The same page, after the same delay, for a malformed token, an
         * unknown one and one of another wave. */
        res->delay_ms = r->delay_ms;
        warn(r, "warning: unknown personal link from %s", req->client);
        ctx.base = NULL;
        message(res, &ctx, 404, BAR_PAGE_UNKNOWN);
        goto cleanup;
    }
    rc = bar_store_draft_get(st, r->wave, org, &rec, &err);
    if (rc != BAR_OK)
        goto fail;
    bar_lang saved = BAR_LANG_NL;
    if (rec.exists && bar_lang_from_code(rec.lang, &saved) == BAR_OK &&
        !has_lang)
        ctx.lang = saved;
    if (rec.submitted || rec.completed) {
        if (rec.submitted && strcmp(rest, "/done") == 0)
            thanks(r, st, org, &ctx, res);
        else
            message(res, &ctx, 200, BAR_PAGE_LOCKED);
        goto cleanup;
    }
    bool open = false;
    rc = bar_store_wave_is_open(st, r->wave, (long long)time(NULL), &open,
                                &err);
    if (rc != BAR_OK)
        goto fail;
    if (!open) {
        message(res, &ctx, 410, BAR_PAGE_CLOSED);
        goto cleanup;
    }
    if (!(d = bar_draft_new(r->ins)) ||
        bar_page_check_init(&check, r->ins) != BAR_OK) {
        rc = bar_error_set(&err, BAR_ENOMEM, "out of memory");
        goto fail;
    }
    if (rec.exists) {
        rc = bar_draft_from_json(d, rec.answers, strlen(rec.answers), &err);
        if (rc != BAR_OK)
            goto fail;
    }
    if (has_lang && (!rec.exists || saved != asked)) {
        /* remember the language chosen */
        rc = bar_draft_to_json(d, &json, &err);
        if (rc == BAR_OK)
            rc = commit_write(r, (bar_store_draft_write){
                                     .org_id = org, .answers = json,
                                     .lang = bar_lang_code(asked),
                                     .err = &err});
        free(json);
        json = NULL;
        if (rc != BAR_OK)
            goto fail;
    }
    const char *lang_code = bar_lang_code(ctx.lang);
    size_t npages = bar_survey_npages(r->survey);
    size_t resume = bar_survey_resume(r->survey, d);
    char loc[BAR_HTTP_LOCATION_MAX];
    if (resume < npages)
        snprintf(loc, sizeof loc, "%s/p/%zu", base, resume);
    else
        snprintf(loc, sizeof loc, "%s/review", base);
    unsigned long pn = 0;
    int used = 0;
    if (*rest == '\0' || strcmp(rest, "/") == 0 ||
        strcmp(rest, "/done") == 0) {
        bar_http_redirect(res, loc);
    } else if (sscanf(rest, "/p/%lu%n", &pn, &used) == 1 &&
               rest[used] == '\0' && rest[3] >= '0' && rest[3] <= '9') {
        if (pn >= npages || !bar_survey_page_shown(r->survey, pn, d)) {
            bar_http_redirect(res, loc);
            goto cleanup;
        }
        if (!post) {
            ctx.to_review = returns_to_review(req->query,
                                              strlen(req->query));
            rc = bar_page_questions(&res->body, &ctx, pn, d, NULL, NULL);
            goto cleanup;
        }
        if (strncmp(req->content_type, "application/x-www-form-urlencoded",
                    33) != 0 ||
            bar_form_parse(&form, req->body, req->body_len, &err) != BAR_OK) {
            message(res, &ctx, 400, BAR_PAGE_BAD_FORM);
            goto cleanup;
        }
        const char *ret = bar_form_get(&form, "return");
        ctx.to_review = ret && strcmp(ret, "review") == 0;
        bool ok = false;
        rc = bar_survey_read(r->survey, pn, &form, d, &check, &ok, &err);
        if (rc != BAR_OK)
            goto fail;
        if (!ok) {
            res->status = 422;
            rc = bar_page_questions(&res->body, &ctx, pn, d, &form, &check);
            goto cleanup;
        }
        rc = bar_draft_to_json(d, &json, &err);
        if (rc == BAR_OK)
            rc = commit_write(r, (bar_store_draft_write){
                                     .org_id = org, .answers = json,
                                     .lang = lang_code, .err = &err});
        if (rc == BAR_ECONFLICT) {
            message(res, &ctx, 200, BAR_PAGE_LOCKED);
            goto cleanup;
        }
        if (rc != BAR_OK)
            goto fail;
        size_t next = ctx.to_review ? npages
                                    : bar_survey_next(r->survey, pn, d);
        /* back to the review after a change (which sends on to any page
         * the change made necessary) */
        if (next < npages)
            snprintf(loc, sizeof loc, "%s/p/%zu", base, next);
        else
            snprintf(loc, sizeof loc, "%s/review", base);
        bar_http_redirect(res, loc);
    } else if (strcmp(rest, "/review") == 0 && !post) {
        if (resume < npages)
            bar_http_redirect(res, loc);
        else
            rc = bar_page_review(&res->body, &ctx, d);
    } else if (strcmp(rest, "/submit") == 0 && post) {
        if (resume < npages) {
            bar_http_redirect(res, loc);
            goto cleanup;
        }
        char sector[BAR_STORE_ORG_MAX], cluster[BAR_STORE_ORG_MAX];
        rc = bar_store_frame_org(st, r->wave, org, sector, cluster, &err);
        if (rc == BAR_OK)
            rc = bar_draft_to_dataset(d, org, r->wave, sector, cluster, &ds,
                                      &err);
        if (rc == BAR_OK)
            rc = bar_draft_to_json(d, &json, &err);
        if (rc == BAR_OK)
            rc = commit_write(r, (bar_store_draft_write){
                                     .org_id = org, .answers = json,
                                     .lang = lang_code, .ds = ds,
                                     .err = &err});
        if (rc == BAR_ECONFLICT) {
            message(res, &ctx, 200, BAR_PAGE_LOCKED);
            goto cleanup;
        }
        if (rc != BAR_OK)
            goto fail;
        snprintf(loc, sizeof loc, "%s/done", base);
        bar_http_redirect(res, loc);
    } else {
        message(res, &ctx, 404, BAR_PAGE_NOT_FOUND);
    }
    goto cleanup;
fail:
    /* The message names the store and what failed, never the token or an
     * answer. A lost database connection is a 503 with a retry page:
     * nothing of this request was acknowledged (the store handle
     * reconnects at its next use). */
    warn(r, "error: %s (%s)", err.msg, req->client);
    if (rc == BAR_EUNAVAILABLE) {
        message(res, &ctx, 503, BAR_PAGE_UNAVAILABLE);
        res->retry_after = RETRY_AFTER_S;
    } else {
        message(res, &ctx, 500, BAR_PAGE_ERROR);
    }
cleanup:
    if (!res->log_path[0])
        snprintf(res->log_path, sizeof res->log_path, "/s/-");
    bar_dataset_free(ds);
    free(json);
    bar_page_check_clear(&check);
    bar_form_clear(&form);
    bar_draft_free(d);
    bar_store_draft_clear(&rec);
    bar_error_clear(&err);
}

void bar_respondent_handle(void *vctx, const bar_http_request *req,
                           bar_http_response *res)
{
    bar_respondent *r = vctx;
    bar_lang lang = BAR_LANG_NL;
    query_lang(req->query, &lang);
    bar_page_ctx ctx = {.ins = r->ins, .survey = r->survey, .lang = lang};
    bool get = strcmp(req->method, "GET") == 0 ||
               strcmp(req->method, "HEAD") == 0;
    bool post = strcmp(req->method, "POST") == 0;
    if (!get && !post) {
        snprintf(res->log_path, sizeof res->log_path, "(method)");
        message(res, &ctx, 405, BAR_PAGE_NOT_FOUND);
        return;
    }
    if (strncmp(req->path, "/s/", 3) == 0) {
        const char *tok = req->path + 3;
        const char *slash = strchr(tok, '/');
        size_t n = slash ? (size_t)(slash - tok) : strlen(tok);
        char token[BAR_TOKEN_CHARS + 1] = "";
        if (n <= BAR_TOKEN_CHARS) {
            memcpy(token, tok, n);
            token[n] = '\0';
        } else {
            memcpy(token, "-", 2); /* too long: malformed, same page */
        }
        unsigned h = acquire(r);
        personal(r, r->handles[h], req, token, tok + n, res);
        release(r, h);
        return;
    }
    if (get && strcmp(req->path, "/static/survey.css") == 0) {
        snprintf(res->log_path, sizeof res->log_path, "%s", req->path);
        res->content_type = "text/css; charset=utf-8";
        res->cacheable = true;
        bar_buf_add(&res->body, r->css, r->css_len);
        return;
    }
    if (get && strcmp(req->path, "/print") == 0) {
        snprintf(res->log_path, sizeof res->log_path, "/print");
        bar_page_print(&res->body, &ctx);
        return;
    }
    snprintf(res->log_path, sizeof res->log_path, "(not found)");
    message(res, &ctx, 404, BAR_PAGE_NOT_FOUND);
}
