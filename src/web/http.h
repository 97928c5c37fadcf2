/* http.h - the HTTP server under `barometer serve`: libmicrohttpd behind a
 * small interface of one request in, one response out.
 *
 * The server listens on one address (loopback by default: in production
 * it stands behind a TLS-terminating proxy, docs/fieldwork.md) and runs a
 * fixed pool of worker threads, each serving its connections from start to
 * end; the handler is called on a worker thread, so it must be thread-safe
 * (the survey takes a store handle per request from a pool as large as the
 * thread pool: SQLite handles are used by one thread at a time).
 *
 * Every request is capped: the body (BAR_HTTP_BODY_MAX; more is answered
 * 413 without calling the handler), the URL, the headers (the
 * connection's memory limit). Every response carries the security headers:
 * a Content-Security-Policy without inline script or style and with
 * frame-ancestors 'none', X-Content-Type-Options: nosniff, Referrer-Policy:
 * no-referrer, X-Frame-Options: DENY; and Cache-Control: no-store unless
 * the handler says the response may be cached.
 *
 * After every response the server passes one access-log line to the log
 * callback: client address, method, the path as the handler chose to log
 * it (res->log_path: the survey writes "/s/-/..." so that no token is
 * ever logged), status, bytes and milliseconds. Bodies are never logged.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_HTTP_H
#define BAR_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/status.h"

enum {
    BAR_HTTP_BODY_MAX = 1 << 20,     /* bytes of a request body */
    BAR_HTTP_URL_MAX = 4096,         /* bytes of a request's URL */
    BAR_HTTP_RESPONSE_MAX = 8 << 20, /* bytes of a response body */
    BAR_HTTP_THREADS_MAX = 64,
    BAR_HTTP_ADDR_MAX = 64,          /* bytes of a client address text */
    BAR_HTTP_LOG_PATH_MAX = 256,
    BAR_HTTP_LOCATION_MAX = 1024,
    BAR_HTTP_COOKIE_MAX = 256        /* bytes of a Set-Cookie value */
};

typedef struct bar_http_request {
    const char *method;      /* "GET", "HEAD", "POST", ... */
    const char *path;        /* the URL before '?', as sent (not decoded) */
    const char *query;       /* after '?', as sent; "" when none */
    const char *body;        /* '\0'-terminated; "" when none */
    size_t body_len;
    const char *content_type; /* the Content-Type header, or "" */
    const char *cookie;      /* the Cookie header, or "" */
    char client[BAR_HTTP_ADDR_MAX]; /* the peer's address */
} bar_http_request;

typedef struct bar_http_response {
    unsigned status;         /* 200 unless set */
    const char *content_type; /* a static string; text/html by default */
    bar_buf body;            /* capped at BAR_HTTP_RESPONSE_MAX */
    char location[BAR_HTTP_LOCATION_MAX]; /* Location: when not "" */
    char set_cookie[BAR_HTTP_COOKIE_MAX]; /* Set-Cookie: when not "" */
    char disposition[BAR_HTTP_COOKIE_MAX]; /* Content-Disposition: when
                                              not "" (a download) */
    unsigned retry_after;    /* Retry-After: seconds, when not 0 (a 503) */
    bool cacheable;          /* public, max-age one hour, instead of
                                no-store */
    char log_path[BAR_HTTP_LOG_PATH_MAX]; /* the path for the access log;
                                             "-" when left empty */
    unsigned delay_ms;       /* answer only after this delay; the worker
                                thread is not held meanwhile (the
                                connection is suspended and resumed by
                                the server's timer thread) */
} bar_http_response;

/* The application: fill res for req. Both live until it returns. */
typedef void (*bar_http_handler)(void *ctx, const bar_http_request *req,
                                 bar_http_response *res);
/* One line of the access log (no newline), or of a warning. */
typedef void (*bar_http_log)(void *ctx, const char *line);

typedef struct bar_http_options {
    const char *address;     /* IPv4 or IPv6 literal; "127.0.0.1" if NULL */
    unsigned port;           /* 0: a free port, see bar_http_port */
    unsigned threads;        /* worker threads, 1 .. BAR_HTTP_THREADS_MAX */
    unsigned connections;    /* most open connections (0: 1024) */
    unsigned timeout;        /* seconds idle before a connection is closed
                                (0: 30) */
    bar_http_handler handler;
    void *handler_ctx;
    bar_http_log log;        /* may be NULL */
    void *log_ctx;
} bar_http_options;

typedef struct bar_http bar_http;

/* Start serving: the workers run until bar_http_stop. *out is a new
 * server the caller releases with bar_http_stop. BAR_EUSAGE for a bad
 * address or thread count; BAR_EIO when the address cannot be bound. */
bar_status bar_http_start(const bar_http_options *opts, bar_http **out,
                          bar_error *err);
/* The port the server listens on (the one chosen when opts->port was 0). */
unsigned bar_http_port(const bar_http *h);
/* Stop accepting, finish the requests under way, stop the workers and
 * release the server. NULL is accepted. */
void bar_http_stop(bar_http *h);

/* Helpers for handlers: a redirect (303 See Other to location, which is
 * copied) and a plain page. */
void bar_http_redirect(bar_http_response *res, const char *location);

#endif
