/* cli_serve.c - `barometer serve STORE [--listen ADDR:PORT] [--wave YEAR]
 * [--threads N]`: the survey server of a wave (web/respondent.h on
 * web/http.h) until SIGINT or SIGTERM. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "web/admin.h"
#include "web/http.h"
#include "web/respondent.h"

static const char usage_text[] =
    "Usage: barometer serve STORE [--listen ADDR:PORT] [--wave YEAR]\n"
    "                       [--threads N]\n"
    "\n"
    "Serves the questionnaire of a wave over HTTP: each organisation of the\n"
    "frame answers through its personal link, BASE_URL/s/TOKEN (tokens are\n"
    "made by 'barometer invite'). Answers are saved on every page; the\n"
    "final submit writes the organisation's response into the store and\n"
    "locks it. The whole questionnaire, to read and print, is at /print.\n"
    "The research team's pages are at /admin/ (log in with an account of\n"
    "'barometer admin'): the live fieldwork monitor, the reminder list and\n"
    "the approval of open answers for quoting.\n"
    "Listens on the loopback address by default: put a TLS proxy in front\n"
    "of it (docs/fieldwork.md). Runs until interrupted (SIGINT, SIGTERM),\n"
    "then finishes the requests under way. An access line per request goes\n"
    "to stderr; it never holds a token or an answer.\n"
    "\n"
    "Options:\n"
    "  --listen ADDR:PORT  address and port (default 127.0.0.1:8080; IPv6\n"
    "                      as [::1]:8080; port 0 picks a free one)\n"
    "  --wave YEAR         the wave (2000-2100); default: the latest\n"
    "  --threads N         worker threads (1-64, default 4)\n"
    "  -h, --help          show this help\n"
    "\n"
    "Examples:\n"
    "  barometer serve survey.db\n"
    "  barometer serve survey.db --listen 127.0.0.1:8081 --wave 2023\n"
    "\n"
    "Exit status: 0 stopped by a signal; 1 the server could not start (the\n"
    "address is in use); 2 bad usage or bad input (no such store or wave).\n";

/* ADDR:PORT ("[v6]:PORT" for IPv6) into addr (size bytes) and *port. */
static bool parse_listen(const char *s, char *addr, size_t size, long *port)
{
    const char *colon = strrchr(s, ':');
    if (!colon)
        return false;
    const char *a = s;
    size_t n = (size_t)(colon - s);
    if (n >= 2 && a[0] == '[' && a[n - 1] == ']') {
        a++;
        n -= 2;
    }
    if (n == 0 || n >= size)
        return false;
    memcpy(addr, a, n);
    addr[n] = '\0';
    return cli_parse_long(colon + 1, 0, 65535, port);
}

/* The two applications on one server: /admin and below to the research
 * team's pages, everything else to the respondent's. */
typedef struct apps {
    bar_respondent *resp;
    bar_admin *admin;
} apps;

static void dispatch(void *ctx, const bar_http_request *req,
                     bar_http_response *res)
{
    apps *a = ctx;
    if (strncmp(req->path, "/admin", 6) == 0 &&
        (req->path[6] == '\0' || req->path[6] == '/'))
        bar_admin_handle(a->admin, req, res);
    else
        bar_respondent_handle(a->resp, req, res);
}

/* A number of seconds or milliseconds from the environment (tests make
 * sessions expire and logins slow down sooner); 0 when unset or not a
 * number 1-86400. */
static long env_number(const char *name)
{
    const char *s = getenv(name);
    long n = 0;
    if (!s || !cli_parse_long(s, 1, 86400, &n))
        return 0;
    return n;
}

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

/* One line of the access log on stderr, with the time (UTC). */
static void log_line(void *ctx, const char *line)
{
    (void)ctx;
    char when[32];
    time_t t = time(NULL);
    struct tm tm;
    if (!gmtime_r(&t, &tm) ||
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        snprintf(when, sizeof when, "-");
    pthread_mutex_lock(&log_lock);
    fprintf(stderr, "%s %s\n", when, line);
    fflush(stderr);
    pthread_mutex_unlock(&log_lock);
}

int cli_serve(int argc, char **argv)
{
    const char *cmd = "serve";
    long wave = 0, threads = 4;
    const char *listen = "127.0.0.1:8080";
    const cli_opt opts[] = {
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = "a year 2000-2100"},
        {.name = "--threads", .kind = CLI_LONG, .target = &threads,
         .min = 1, .max = 64, .what = "a number 1-64"},
        {.name = "--listen", .kind = CLI_STRING, .target = &listen,
         .what = "ADDR:PORT"},
    };
    const char *pos[1] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts, 3, pos, 1,
                           &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    if (npos < 1)
        return cli_usage(cmd, "serve needs STORE");
    char addr[128];
    long port = 0;
    if (!parse_listen(listen, addr, sizeof addr, &port))
        return cli_usage(cmd, "--listen '%s': not ADDR:PORT", listen);

    bar_error err;
    bar_error_init(&err);
    bar_study *study = NULL;
    bar_instrument *ins = NULL;
    bar_spec *spec = NULL;
    bar_store *st = NULL;
    bar_respondent *resp = NULL;
    bar_admin *admin = NULL;
    bar_http *http = NULL;
    int status = 0;
    int w = (int)wave;
    char css[4096];
    snprintf(css, sizeof css, "%s/web/survey.css", cli_data_dir());
    /* The workers inherit a mask without SIGINT and SIGTERM, so that this
     * thread takes them with sigwait. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    bar_status rc = bar_store_open(pos[0], BAR_STORE_EXISTING, &st, &err);
    if (rc == BAR_OK)
        rc = cli_store_study(st, w, &w, &study, &ins, &err);
    bar_store_close(st);
    st = NULL;
    /* the report specification: its scale entry makes the climate score
     * of the thank-you page, as in the report */
    char spec_path[4096];
    if (rc == BAR_OK && !bar_study_path(study, BAR_STUDY_REPORT,
                                        cli_data_dir(), spec_path,
                                        sizeof spec_path))
        rc = bar_error_set(&err, BAR_ELIMIT, "study %s: the path of the "
                           "report specification is too long",
                           bar_study_id(study));
    if (rc == BAR_OK)
        rc = bar_spec_load(spec_path, ins, &spec, &err);
    if (rc == BAR_OK)
        rc = bar_respondent_new(
            &(bar_respondent_options){.store = pos[0], .wave = w, .ins = ins,
                                      .spec = spec,
                                      .css_path = css,
                                      .handles = (unsigned)threads,
                                      .unknown_delay_ms = 250,
                                      .log = log_line},
            &resp, &err);
    if (rc == BAR_OK)
        rc = bar_admin_new(
            &(bar_admin_options){
                .store = pos[0], .wave = w, .ins = ins,
                .idle = env_number("BAR_TEST_SESSION_IDLE"),
                .absolute = env_number("BAR_TEST_SESSION_ABSOLUTE"),
                .throttle_ms = (unsigned)env_number("BAR_TEST_LOGIN_DELAY_MS"),
                .log = log_line},
            &admin, &err);
    apps both = {.resp = resp, .admin = admin};
    if (rc == BAR_OK)
        rc = bar_http_start(
            &(bar_http_options){.address = addr, .port = (unsigned)port,
                                .threads = (unsigned)threads,
                                .handler = dispatch,
                                .handler_ctx = &both, .log = log_line},
            &http, &err);
    if (rc != BAR_OK) {
        status = cli_fail(cmd, &err);
        goto cleanup;
    }
    fprintf(stderr, bar_tr(cli_lang(), "barometer serve: wave %d on "
                                       "http://%s%s%s:%u/ (stop with "
                                       "Ctrl-C)\n"),
            w, strchr(addr, ':') ? "[" : "", addr,
            strchr(addr, ':') ? "]" : "", bar_http_port(http));
    fflush(stderr);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "%s", bar_tr(cli_lang(), "barometer serve: stopping\n"));
cleanup:
    bar_http_stop(http);
    bar_admin_free(admin);
    bar_respondent_free(resp);
    bar_spec_free(spec);
    bar_instrument_free(ins);
    bar_study_free(study);
    bar_error_clear(&err);
    return status;
}
