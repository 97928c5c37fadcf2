/* http.c - libmicrohttpd under one request in, one response out. */
#include "web/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct bar_http {
    struct MHD_Daemon *daemon;
    bar_http_options opts;
    unsigned port;
};

/* What one request gathers before the handler runs. */
typedef struct request {
    char *url;           /* the raw URL with its query (uri log callback) */
    bar_buf body;
    bool too_large;
    bool headers_seen;   /* the first call (headers only) is past */
    struct timespec start;
} request;

static const char security_csp[] =
    "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    request *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
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
    (void)cls;
    (void)c;
    (void)toe;
    request *r = *con_cls;
    if (!r)
        return;
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

/* Queue res on c with the security headers. */
static enum MHD_Result queue(struct MHD_Connection *c, bool head,
                             bar_http_response *res)
{
    size_t len = res->body.data ? res->body.len : 0;
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        len, len ? res->body.data : (void *)"", MHD_RESPMEM_MUST_COPY);
    (void)head; /* MHD leaves the body out of a HEAD response itself */
    if (!resp)
        return MHD_NO;
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
    enum MHD_Result rc = ok ? MHD_queue_response(c, res->status, resp)
                            : MHD_NO;
    MHD_destroy_response(resp);
    return rc;
}

static void access_log(const bar_http *h, const char *client,
                       const char *method, const bar_http_response *res,
                       const request *r)
{
    if (!h->opts.log)
        return;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double ms = (double)(now.tv_sec - r->start.tv_sec) * 1e3 +
                (double)(now.tv_nsec - r->start.tv_nsec) / 1e6;
    char line[512];
    snprintf(line, sizeof line, "%s %.8s %s %u %zu %.1fms", client, method,
             res->log_path[0] ? res->log_path : "-", res->status,
             res->body.data ? res->body.len : 0, ms);
    h->opts.log(h->opts.log_ctx, line);
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
        bar_http_request req = {
            .method = method,
            .path = r->url,
            .query = q ? q : "",
            .body = r->body.data ? r->body.data : "",
            .body_len = r->body.data ? r->body.len : 0,
            .content_type = ct ? ct : "",
        };
        memcpy(req.client, client, sizeof client);
        h->opts.handler(h->opts.handler_ctx, &req, &res);
        if (bar_buf_status(&res.body) != BAR_OK) {
            bar_buf_reset(&res.body);
            res.status = 500;
            res.location[0] = '\0';
            res.content_type = "text/plain; charset=utf-8";
            bar_buf_puts(&res.body, "500 internal error\n");
        }
    }
    enum MHD_Result rc = queue(c, strcmp(method, "HEAD") == 0, &res);
    access_log(h, client, method, &res, r);
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
                     MHD_USE_TURBO | MHD_USE_ITC;
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
    free(h);
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
    if (h->daemon) {
        /* No new connections; the ones open finish their request. */
        MHD_socket s = MHD_quiesce_daemon(h->daemon);
        MHD_stop_daemon(h->daemon);
        if (s != MHD_INVALID_SOCKET)
            close(s);
    }
    free(h);
}

void bar_http_redirect(bar_http_response *res, const char *location)
{
    res->status = 303;
    snprintf(res->location, sizeof res->location, "%s", location);
}
