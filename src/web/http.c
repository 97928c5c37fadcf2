/* http.c - libmicrohttpd under one request in, one response out. */
#include "web/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* A connection suspended until due (bar_http_response.delay_ms). */
typedef struct delayed {
    struct MHD_Connection *c;
    struct timespec due;     /* CLOCK_MONOTONIC */
    struct delayed *next;
} delayed;

struct bar_http {
    struct MHD_Daemon *daemon;
    bar_http_options opts;
    unsigned port;
    /* the timer thread that resumes delayed connections, in order (the
     * delays are equal, so the order of arrival is the order of due) */
    pthread_t timer;
    bool timer_started, sync_ready;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    delayed *head, *tail;
    bool stopping;           /* no more delays; resume every one now */
    atomic_uint inflight;    /* requests begun and not completed */
};

/* What one request gathers before the handler runs. */
typedef struct request {
    char *url;           /* the raw URL with its query (uri log callback) */
    bar_buf body;
    bool too_large;
    bool headers_seen;   /* the first call (headers only) is past */
    struct timespec start;
    struct MHD_Response *pending; /* a delayed response, with its status */
    unsigned pending_status;
    char pending_log[512];
} request;

static const char security_csp[] =
    "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
    bar_http *h = cls;
    (void)c;
    request *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    atomic_fetch_add(&h->inflight, 1);
    clock_gettime(CLOCK_MONOTONIC, &r->start);
    bar_buf_init(&r->body, BAR_HTTP_BODY_MAX);
    size_t n = strlen(uri);
    if (n <= BAR_HTTP_URL_MAX)
        r->url = strdup(uri);
    return r;
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    bar_http *h = cls;
    (void)c;
    (void)toe;
    request *r = *con_cls;
    if (!r)
        return;
    atomic_fetch_sub(&h->inflight, 1);
    if (r->pending)
        MHD_destroy_response(r->pending);
    bar_buf_clear(&r->body);
    free(r->url);
    free(r);
    *con_cls = NULL;
}

static void client_address(struct MHD_Connection *c, char *out, size_t size)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    snprintf(out, size, "-");
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)
                               ->sin_addr, out, (socklen_t)size);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)
                                ->sin6_addr, out, (socklen_t)size);
}

static bool add_header(struct MHD_Response *resp, const char *name,
                       const char *value)
{
    return MHD_add_response_header(resp, name, value) == MHD_YES;
}

/* The MHD response for res with the security headers; NULL when out of
 * memory. */
static struct MHD_Response *make_response(bar_http_response *res)
{
    size_t len = res->body.data ? res->body.len : 0;
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        len, len ? res->body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return NULL;
    bool ok = add_header(resp, "Content-Type",
                         res->content_type ? res->content_type
                                           : "text/html; charset=utf-8") &&
              add_header(resp, "Content-Security-Policy", security_csp) &&
              add_header(resp, "X-Content-Type-Options", "nosniff") &&
              add_header(resp, "Referrer-Policy", "no-referrer") &&
              add_header(resp, "X-Frame-Options", "DENY") &&
              add_header(resp, "Cache-Control",
                         res->cacheable ? "public, max-age=3600"
                                        : "no-store");
    if (ok && res->location[0])
        ok = add_header(resp, "Location", res->location);
    if (ok && res->set_cookie[0])
        ok = add_header(resp, "Set-Cookie", res->set_cookie);
    if (ok && res->disposition[0])
        ok = add_header(resp, "Content-Disposition", res->disposition);
    if (ok && res->retry_after) {
        char secs[16];
        snprintf(secs, sizeof secs, "%u", res->retry_after);
        ok = add_header(resp, "Retry-After", secs);
    }
    if (!ok) {
        MHD_destroy_response(resp);
        return NULL;
    }
    return resp;
}

/* The access-log line of a response (no newline) into line. */
static void log_line(char line[512], const char *client, const char *method,
                     const bar_http_response *res, const request *r)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - r->start.tv_sec) * 1e3 +
                (double)(now.tv_nsec - r->start.tv_nsec) / 1e6;
    snprintf(line, 512, "%s %.8s %s %u %zu %.1fms", client, method,
             res->log_path[0] ? res->log_path : "-", res->status,
             res->body.data ? res->body.len : 0, ms);
}

/* Suspend c until delay_ms from now; false when the server is stopping
 * (then the caller answers at once). */
static bool delay(bar_http *h, struct MHD_Connection *c, unsigned delay_ms)
{
    delayed *d = malloc(sizeof *d);
    if (!d)
        return false;
    clock_gettime(CLOCK_MONOTONIC, &d->due);
    d->due.tv_sec += delay_ms / 1000;
    d->due.tv_nsec += (long)(delay_ms % 1000) * 1000000L;
    if (d->due.tv_nsec >= 1000000000L) {
        d->due.tv_sec++;
        d->due.tv_nsec -= 1000000000L;
    }
    d->c = c;
    d->next = NULL;
    pthread_mutex_lock(&h->lock);
    bool ok = !h->stopping;
    if (ok) {
        /* suspended before the timer can see it, so never resumed
         * before */
        MHD_suspend_connection(c);
        if (h->tail)
            h->tail->next = d;
        else
            h->head = d;
        h->tail = d;
        pthread_cond_signal(&h->wake);
    }
    pthread_mutex_unlock(&h->lock);
    if (!ok)
        free(d);
    return ok;
}

static bool due(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return now.tv_sec > t->tv_sec ||
           (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* The timer thread: resume each delayed connection when it is due (all
 * at once when stopping), then wait for the next. */
static void *timer_loop(void *arg)
{
    bar_http *h = arg;
    pthread_mutex_lock(&h->lock);
    for (;;) {
        if (h->head && (h->stopping || due(&h->head->due))) {
            delayed *d = h->head;
            h->head = d->next;
            if (!h->head)
                h->tail = NULL;
            pthread_mutex_unlock(&h->lock);
            MHD_resume_connection(d->c);
            free(d);
            pthread_mutex_lock(&h->lock);
            continue;
        }
        if (h->stopping)
            break;
        if (h->head)
            pthread_cond_timedwait(&h->wake, &h->lock, &h->head->due);
        else
            pthread_cond_wait(&h->wake, &h->lock);
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *upload_data,
                              size_t *upload_data_size, void **con_cls)
{
    (void)url;
    (void)version;
    bar_http *h = cls;
    request *r = *con_cls;
    if (!r)
        return MHD_NO; /* out of memory in uri_log */
    if (r->pending) {
        /* resumed after its delay: the response made then */
        enum MHD_Result rc = MHD_queue_response(c, r->pending_status,
                                                r->pending);
        MHD_destroy_response(r->pending);
        r->pending = NULL;
        if (h->opts.log)
            h->opts.log(h->opts.log_ctx, r->pending_log);
        return rc;
    }
    if (!r->headers_seen) {
        /* The first call has the headers only; the body (if any) comes
         * in the calls that follow, and the last one has none. */
        r->headers_seen = true;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        if (!r->too_large &&
            bar_buf_add(&r->body, upload_data, *upload_data_size) != BAR_OK)
            r->too_large = true;
        *upload_data_size = 0;
        return MHD_YES;
    }
    bar_http_response res = {.status = 200};
    bar_buf_init(&res.body, BAR_HTTP_RESPONSE_MAX);
    char client[BAR_HTTP_ADDR_MAX];
    client_address(c, client, sizeof client);
    if (!r->url) {
        res.status = 414;
        snprintf(res.log_path, sizeof res.log_path, "(too long)");
        bar_buf_puts(&res.body, "414 URI too long\n");
        res.content_type = "text/plain; charset=utf-8";
    } else if (r->too_large) {
        res.status = 413;
        snprintf(res.log_path, sizeof res.log_path, "(body too large)");
        bar_buf_puts(&res.body, "413 request body too large\n");
        res.content_type = "text/plain; charset=utf-8";
    } else {
        char *q = strchr(r->url, '?');
        if (q)
            *q++ = '\0';
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     "Content-Type");
        const char *cookie = MHD_lookup_connection_value(
            c, MHD_HEADER_KIND, "Cookie");
        bar_http_request req = {
            .method = method,
            .path = r->url,
            .query = q ? q : "",
            .body = r->body.data ? r->body.data : "",
            .body_len = r->body.data ? r->body.len : 0,
            .content_type = ct ? ct : "",
            .cookie = cookie ? cookie : "",
        };
        memcpy(req.client, client, sizeof client);
        h->opts.handler(h->opts.handler_ctx, &req, &res);
        if (bar_buf_status(&res.body) != BAR_OK) {
            bar_buf_reset(&res.body);
            res.status = 500;
            res.location[0] = '\0';
            res.set_cookie[0] = '\0';
            res.disposition[0] = '\0';
            res.retry_after = 0;
            res.content_type = "text/plain; charset=utf-8";
            bar_buf_puts(&res.body, "500 internal error\n");
        }
    }
    struct MHD_Response *resp = make_response(&res);
    enum MHD_Result rc = MHD_NO;
    char line[512];
    log_line(line, client, method, &res, r);
    if (resp && res.delay_ms) {
        /* Keep the response, suspend the connection; the timer thread
         * resumes it when due and the next call sends it (the worker
         * goes on with other connections meanwhile). */
        r->pending = resp;
        r->pending_status = res.status;
        memcpy(r->pending_log, line, sizeof line);
        if (delay(h, c, res.delay_ms)) {
            bar_buf_clear(&res.body);
            return MHD_YES;
        }
        r->pending = NULL; /* stopping: answer at once */
    }
    if (resp) {
        rc = MHD_queue_response(c, res.status, resp);
        MHD_destroy_response(resp);
    }
    if (h->opts.log)
        h->opts.log(h->opts.log_ctx, line);
    bar_buf_clear(&res.body);
    return rc;
}

bar_status bar_http_start(const bar_http_options *opts, bar_http **out,
                          bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_http *h = NULL;
    *out = NULL;
    const char *addr = opts->address ? opts->address : "127.0.0.1";
    struct sockaddr_in sin = {.sin_family = AF_INET};
    struct sockaddr_in6 sin6 = {.sin6_family = AF_INET6};
    const struct sockaddr *sa = NULL;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL |
                     MHD_USE_TURBO | MHD_USE_ITC |
                     MHD_ALLOW_SUSPEND_RESUME;
    if (inet_pton(AF_INET, addr, &sin.sin_addr) == 1) {
        sin.sin_port = htons((uint16_t)opts->port);
        sa = (const struct sockaddr *)&sin;
    } else if (inet_pton(AF_INET6, addr, &sin6.sin6_addr) == 1) {
        sin6.sin6_port = htons((uint16_t)opts->port);
        sa = (const struct sockaddr *)&sin6;
        flags |= MHD_USE_IPv6;
    }
    if (!sa || opts->port > 65535 || opts->threads < 1 ||
        opts->threads > BAR_HTTP_THREADS_MAX || !opts->handler) {
        rc = bar_error_set(err, BAR_EUSAGE, "'%s' port %u with %u threads: "
                           "not an IP address, port or thread count to "
                           "serve on", addr, opts->port, opts->threads);
        goto cleanup;
    }
    h = calloc(1, sizeof *h);
    if (!h) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    h->opts = *opts;
    pthread_condattr_t ca;
    if (pthread_mutex_init(&h->lock, NULL) != 0 ||
        pthread_condattr_init(&ca) != 0) {
        rc = bar_error_set(err, BAR_EIO, "cannot create a lock");
        goto cleanup;
    }
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int cond = pthread_cond_init(&h->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (cond != 0) {
        pthread_mutex_destroy(&h->lock);
        rc = bar_error_set(err, BAR_EIO, "cannot create a lock");
        goto cleanup;
    }
    h->sync_ready = true;
    if (pthread_create(&h->timer, NULL, timer_loop, h) != 0) {
        rc = bar_error_set(err, BAR_EIO, "cannot start the timer thread");
        goto cleanup;
    }
    h->timer_started = true;
    h->daemon = MHD_start_daemon(
        flags, (uint16_t)opts->port, NULL, NULL, handle, h,
        MHD_OPTION_SOCK_ADDR, sa,
        MHD_OPTION_THREAD_POOL_SIZE, opts->threads,
        MHD_OPTION_CONNECTION_LIMIT,
        opts->connections ? opts->connections : 1024u,
        MHD_OPTION_CONNECTION_TIMEOUT, opts->timeout ? opts->timeout : 30u,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
        MHD_OPTION_URI_LOG_CALLBACK, uri_log, h,
        MHD_OPTION_NOTIFY_COMPLETED, completed, h,
        MHD_OPTION_LISTENING_ADDRESS_REUSE, 1u,
        MHD_OPTION_END);
    if (!h->daemon) {
        rc = bar_error_set(err, BAR_EIO, "cannot listen on %s port %u (in "
                           "use, or not an address of this machine)", addr,
                           opts->port);
        goto cleanup;
    }
    const union MHD_DaemonInfo *di =
        MHD_get_daemon_info(h->daemon, MHD_DAEMON_INFO_BIND_PORT);
    h->port = di ? di->port : opts->port;
    *out = h;
    h = NULL;
cleanup:
    bar_http_stop(h);
    return rc;
}

unsigned bar_http_port(const bar_http *h)
{
    return h->port;
}

void bar_http_stop(bar_http *h)
{
    if (!h)
        return;
    /* No new connections; the ones open finish their request. */
    MHD_socket listen = h->daemon ? MHD_quiesce_daemon(h->daemon)
                                  : MHD_INVALID_SOCKET;
    if (h->timer_started) {
        /* every delayed connection resumed (MHD must not stop with one
         * suspended), and no new delays */
        pthread_mutex_lock(&h->lock);
        h->stopping = true;
        pthread_cond_signal(&h->wake);
        pthread_mutex_unlock(&h->lock);
        pthread_join(h->timer, NULL);
    }
    if (h->daemon) {
        /* the requests under way are answered (at most 5 s) */
        for (int i = 0; i < 500 && atomic_load(&h->inflight) > 0; i++)
            nanosleep(&(struct timespec){.tv_nsec = 10000000L}, NULL);
        MHD_stop_daemon(h->daemon);
    }
    if (listen != MHD_INVALID_SOCKET)
        close(listen);
    if (h->sync_ready) {
        pthread_mutex_destroy(&h->lock);
        pthread_cond_destroy(&h->wake);
    }
    free(h);
}

void bar_http_redirect(bar_http_response *res, const char *location)
{
    res->status = 303;
    snprintf(res->location, sizeof res->location, "%s", location);
}
