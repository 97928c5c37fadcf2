/* smtp.c - SMTP through libcurl (see smtp.h). */
#include "field/smtp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <sodium.h>

struct bar_smtp {
    bool global;     /* curl_global_init succeeded: cleanup owed */
    CURL *curl;
    char *url, *user, *password;
    bool starttls;
    long timeout_s;
    /* the message being sent */
    const char *msg;
    size_t len, off;
    char last[BAR_SMTP_ANSWER_MAX]; /* the server's last reply line */
    char refusal[BAR_SMTP_ANSWER_MAX]; /* its first 4xx/5xx reply */
    char errbuf[CURL_ERROR_SIZE];
};

static bool has_prefix(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

bar_status bar_smtp_new(const bar_smtp_config *config, bar_smtp **out,
                        bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = NULL;
    bar_smtp *s = NULL;
    if (!config->url || !(has_prefix(config->url, "smtp://") ||
                          has_prefix(config->url, "smtps://"))) {
        rc = bar_error_set(err, BAR_EUSAGE, "'%s': an SMTP server is given "
                           "as smtp://HOST:PORT or smtps://HOST:PORT",
                           config->url ? config->url : "");
        goto cleanup;
    }
    s = calloc(1, sizeof *s);
    if (!s) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    /* reference-counted by libcurl; released in bar_smtp_free */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        rc = bar_error_set(err, BAR_EIO, "libcurl could not be "
                           "initialised");
        goto cleanup;
    }
    s->global = true;
    if (!(s->url = strdup(config->url)) ||
        (config->user && !(s->user = strdup(config->user))) ||
        (config->password && !(s->password = strdup(config->password))) ||
        !(s->curl = curl_easy_init())) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    s->starttls = config->starttls;
    s->timeout_s = config->timeout_s > 0 ? config->timeout_s : 60;
    *out = s;
    s = NULL;
cleanup:
    bar_smtp_free(s);
    return rc;
}

void bar_smtp_free(bar_smtp *s)
{
    if (!s)
        return;
    if (s->curl)
        curl_easy_cleanup(s->curl);
    free(s->url);
    free(s->user);
    if (s->password) {
        sodium_memzero(s->password, strlen(s->password));
        free(s->password);
    }
    if (s->global)
        curl_global_cleanup();
    free(s);
}

static size_t read_msg(char *buf, size_t size, size_t nitems, void *ctx)
{
    bar_smtp *s = ctx;
    size_t room = size * nitems, left = s->len - s->off;
    size_t n = left < room ? left : room;
    memcpy(buf, s->msg + s->off, n);
    s->off += n;
    return n;
}

/* Keep the server's last reply line, and its first refusal (libcurl
 * hands the replies over as CURLINFO_HEADER_IN; after a refusal it says
 * QUIT, whose answer is not the one to keep). */
static int on_debug(CURL *curl, curl_infotype type, char *data, size_t size,
                    void *ctx)
{
    (void)curl;
    bar_smtp *s = ctx;
    if (type != CURLINFO_HEADER_IN)
        return 0;
    size_t n = size;
    while (n > 0 && (data[n - 1] == '\n' || data[n - 1] == '\r'))
        n--;
    if (n >= sizeof s->last)
        n = sizeof s->last - 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)data[i];
        s->last[i] = c < 0x20 || c > 0x7e ? '?' : (char)c;
    }
    s->last[n] = '\0';
    if (!s->refusal[0] && (s->last[0] == '4' || s->last[0] == '5'))
        memcpy(s->refusal, s->last, n + 1);
    return 0;
}

/* What a failed transfer means for the message (see smtp.h). */
static bar_smtp_outcome classify(CURLcode cc, bool refused, size_t sent,
                                 size_t len)
{
    switch (cc) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_LOGIN_DENIED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_AUTH_ERROR:
        return BAR_SMTP_UNREACHABLE;
    default:
        break;
    }
    /* the server answered a command with a refusal before it took the
     * whole message, or refused the message after its body: in both
     * cases it does not deliver it */
    if (refused)
        return BAR_SMTP_REFUSED;
    /* nothing of the body went out: the message cannot have arrived */
    if (sent == 0 && len > 0)
        return BAR_SMTP_REFUSED;
    return BAR_SMTP_UNKNOWN;
}

bar_status bar_smtp_send(bar_smtp *s, const char *from, const char *to,
                         const char *msg, size_t len,
                         bar_smtp_outcome *outcome,
                         char answer[BAR_SMTP_ANSWER_MAX], bar_error *err)
{
    CURL *c = s->curl;
    struct curl_slist *rcpt = NULL;
    char mail_from[BAR_SMTP_ANSWER_MAX + 2];
    char rcpt_to[BAR_SMTP_ANSWER_MAX + 2];
    bar_status rc = BAR_OK;
    *outcome = BAR_SMTP_REFUSED;
    answer[0] = '\0';
    s->msg = msg;
    s->len = len;
    s->off = 0;
    s->last[0] = '\0';
    s->refusal[0] = '\0';
    s->errbuf[0] = '\0';
    snprintf(mail_from, sizeof mail_from, "<%s>", from);
    snprintf(rcpt_to, sizeof rcpt_to, "<%s>", to);
    if (!(rcpt = curl_slist_append(NULL, rcpt_to))) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, s->url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_msg);
    curl_easy_setopt(c, CURLOPT_READDATA, s);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s->errbuf);
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, s);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L); /* feeds on_debug only */
    curl_easy_setopt(c, CURLOPT_TIMEOUT, s->timeout_s);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (s->starttls)
        curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
    if (s->user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD,
                         s->password ? s->password : "");
    }
    CURLcode cc = curl_easy_perform(c);
    if (cc == CURLE_OK) {
        *outcome = BAR_SMTP_SENT;
        snprintf(answer, BAR_SMTP_ANSWER_MAX, "%s", s->last);
        goto cleanup;
    }
    *outcome = classify(cc, s->refusal[0] != '\0', s->off, len);
    snprintf(answer, BAR_SMTP_ANSWER_MAX, "%s",
             s->refusal[0] ? s->refusal
             : s->errbuf[0] ? s->errbuf
                            : curl_easy_strerror(cc));
    rc = bar_error_set(err, BAR_EIO, "%s: %s", s->url, answer);
cleanup:
    curl_slist_free_all(rcpt);
    s->msg = NULL;
    return rc;
}
