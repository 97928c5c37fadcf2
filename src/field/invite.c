/* invite.c - rounds of invitations and reminders (see invite.h). */
#include "field/invite.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/afile.h"
#include "core/csv.h"
#include "field/token.h"

enum { MAX_FRAME = 1000000 };

/* One organisation of the frame, and where it stands for this round. */
typedef struct target {
    char *org_id, *name, *email;
    bool completed;
    bool invited;      /* an invitation was sent or merged */
    bool had;          /* this round's message was sent or merged */
    bool unconfirmed;  /* this round's message is 'sending' or 'unknown' */
} target;

typedef struct roster {
    target *t;
    size_t n, alloc;
    const char *kind;
} roster;

static void roster_clear(roster *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->t[i].org_id);
        free(r->t[i].name);
        free(r->t[i].email);
    }
    free(r->t);
    r->t = NULL;
    r->n = r->alloc = 0;
}

static bar_status add_contact(void *ctx, const bar_store_contact *c,
                              bar_error *err)
{
    roster *r = ctx;
    if (r->n == r->alloc) {
        size_t na = r->alloc ? r->alloc * 2 : 64;
        target *nt = na <= MAX_FRAME ? realloc(r->t, na * sizeof *nt) : NULL;
        if (!nt)
            return bar_error_set(err, BAR_ENOMEM, "out of memory");
        r->t = nt;
        r->alloc = na;
    }
    target *t = &r->t[r->n];
    *t = (target){.completed = c->completed};
    t->org_id = strdup(c->org_id ? c->org_id : "");
    t->name = strdup(c->name ? c->name : "");
    t->email = strdup(c->email ? c->email : "");
    r->n++; /* counted first, so that roster_clear frees what was made */
    if (!t->org_id || !t->name || !t->email)
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    return BAR_OK;
}

static int by_org(const void *key, const void *elem)
{
    return strcmp(key, ((const target *)elem)->org_id);
}

static bar_status note_sent(void *ctx, const bar_send_entry *e,
                            bar_error *err)
{
    (void)err;
    roster *r = ctx;
    target *t = bsearch(e->org_id, r->t, r->n, sizeof *r->t, by_org);
    if (!t)
        return BAR_OK;
    bool delivered = e->state == BAR_SEND_SENT || e->state == BAR_SEND_MERGED;
    bool maybe = e->state == BAR_SEND_SENDING || e->state == BAR_SEND_UNKNOWN;
    if (strcmp(e->kind, "invite") == 0 && delivered)
        t->invited = true;
    if (strcmp(e->kind, r->kind) == 0) {
        t->had |= delivered;
        t->unconfirmed |= maybe;
    }
    return BAR_OK;
}

bar_status bar_invite_check_url(const char *url, bar_error *err)
{
    const char *u = url ? url : "";
    const char *host = strncmp(u, "https://", 8) == 0  ? u + 8
                       : strncmp(u, "http://", 7) == 0 ? u + 7
                                                       : NULL;
    bool ok = host && *host && *host != '/' &&
              strlen(u) < BAR_INVITE_URL_MAX - 32;
    for (const char *p = u; ok && *p; p++) {
        unsigned char c = (unsigned char)*p;
        ok = c > 0x20 && c < 0x7f && !strchr("\"'<>\\^`{|}?#", c);
    }
    if (!ok)
        return bar_error_set(err, BAR_EUSAGE,
                             "'%.100s' is not a base URL: give "
                             "http(s)://HOST[:PORT][/PATH], without query or "
                             "fragment (the links are BASE_URL/s/TOKEN)", u);
    return BAR_OK;
}

bool bar_invite_link(const char *base_url, const char *token, char *out,
                     size_t size)
{
    size_t n = strlen(base_url);
    while (n > 0 && base_url[n - 1] == '/')
        n--;
    int w = snprintf(out, size, "%.*s/s/%s", (int)n, base_url, token);
    return w > 0 && (size_t)w < size;
}

/* Sleep until the monotonic clock reaches *next, then set the time of the
 * message after it. */
static void pace(struct timespec *next, double rate)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (next->tv_sec || next->tv_nsec) {
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, next, NULL) ==
               EINTR)
            ;
        now = *next;
    }
    long long step = (long long)(1e9 / rate);
    long long ns = (long long)now.tv_nsec + step;
    next->tv_sec = now.tv_sec + (time_t)(ns / 1000000000LL);
    next->tv_nsec = (long)(ns % 1000000000LL);
}

/* Whether the wave is closed at now: not open, and not because it has
 * yet to open. */
static bar_status check_open(bar_store *st, int wave, long long now,
                             char closes[BAR_STORE_DATE_MAX], bar_error *err)
{
    char opens[BAR_STORE_DATE_MAX];
    bool open = false;
    bar_status rc = bar_store_wave_dates(st, wave, opens, closes, err);
    if (rc == BAR_OK)
        rc = bar_store_wave_is_open(st, wave, now, &open, err);
    if (rc != BAR_OK || open)
        return rc;
    char at[32];
    time_t t = (time_t)now;
    struct tm tm;
    if (!gmtime_r(&t, &tm) ||
        strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        at[0] = '\0';
    if (*opens && strcmp(opens, at) > 0)
        return BAR_OK; /* opens later: invitations go out before */
    return bar_error_set(err, BAR_EINVALID, "wave %d closed on %s: no "
                         "invitations or reminders after that (change the "
                         "date with 'barometer wave STORE --wave %d "
                         "--closes DATE')", wave, closes, wave);
}

/* bar_store_send_begin, where a conflict (another run got there first)
 * is counted in sum->had and leaves *id 0, not an error; err keeps what
 * it held. */
static bar_status begin(bar_store *st, const bar_invite_opts *o,
                        const char *org_id, const char *kind,
                        bar_send_channel channel,
                        const uint8_t hash[BAR_TOKEN_HASH_BYTES],
                        long long *id, bar_invite_summary *sum,
                        bar_error *err)
{
    bar_error e;
    bar_error_init(&e);
    bar_status rc = bar_store_send_begin(st, o->wave, org_id, kind, channel,
                                         hash, o->resend_unconfirmed, id,
                                         &e);
    if (rc == BAR_ECONFLICT) {
        sum->had++;
        rc = BAR_OK;
    } else if (rc != BAR_OK) {
        bar_error_set(err, rc, "%s", e.msg);
    }
    bar_error_clear(&e);
    return rc;
}

/* One message by SMTP: render, log 'sending', send, log the outcome. */
static bar_status send_one(bar_store *st, const bar_invite_opts *o,
                           const target *t, const char *kind,
                           const char *closes_text, long long now,
                           bar_invite_summary *sum, bar_error *err)
{
    char token[BAR_TOKEN_CHARS + 1], link[BAR_INVITE_URL_MAX];
    char from[BAR_MAIL_ADDR_MAX], to[BAR_MAIL_ADDR_MAX];
    char msgid[BAR_MAIL_ADDR_MAX], answer[BAR_SMTP_ANSWER_MAX];
    uint8_t hash[BAR_TOKEN_HASH_BYTES];
    char *msg = NULL;
    size_t len = 0;
    long long id = 0;
    bar_status rc;
    if ((rc = bar_token_new(token, err)) != BAR_OK ||
        (rc = bar_token_hash(token, hash, err)) != BAR_OK)
        goto cleanup;
    bar_invite_link(o->base_url, token, link, sizeof link);
    if ((rc = bar_mail_address(o->from, from, err)) != BAR_OK ||
        (rc = bar_mail_message_id(from, msgid, err)) != BAR_OK)
        goto cleanup;
    if ((rc = bar_mail_address(t->email, to, err)) != BAR_OK) {
        rc = bar_error_at(err, BAR_EINVALID, NULL, 0, 0, t->org_id,
                          "not sent: the frame's e-mail address '%.80s' is "
                          "not one address", t->email);
        sum->failed++;
        goto cleanup;
    }
    bar_mail_fields f = {.name = t->name, .link = link,
                         .closes = closes_text};
    bar_mail_envelope env = {.from = o->from, .to_name = t->name,
                             .to_addr = to, .date = now,
                             .message_id = msgid,
                             .lang = bar_lang_code(o->lang)};
    if ((rc = bar_mail_render(o->tmpl, &f, &env, &msg, &len, err)) != BAR_OK)
        goto cleanup;
    rc = begin(st, o, t->org_id, kind, BAR_SEND_SMTP, hash, &id, sum, err);
    if (rc != BAR_OK || id == 0)
        goto cleanup;
    bar_smtp_outcome outcome = BAR_SMTP_UNKNOWN;
    bar_error serr;
    bar_error_init(&serr);
    bar_smtp_send(o->smtp, from, to, msg, len, &outcome, answer, &serr);
    bar_send_state state = outcome == BAR_SMTP_SENT      ? BAR_SEND_SENT
                           : outcome == BAR_SMTP_UNKNOWN ? BAR_SEND_UNKNOWN
                                                         : BAR_SEND_FAILED;
    rc = bar_store_send_end(st, id, state, answer, err);
    if (outcome == BAR_SMTP_SENT)
        sum->sent++;
    else if (outcome == BAR_SMTP_UNKNOWN)
        sum->unknown++;
    else
        sum->failed++;
    if (rc == BAR_OK && outcome == BAR_SMTP_UNREACHABLE)
        rc = bar_error_set(err, BAR_EIO, "%s (nothing more was sent)",
                           serr.msg);
    bar_error_clear(&serr);
cleanup:
    sodium_memzero(token, sizeof token);
    sodium_memzero(link, sizeof link);
    if (msg) {
        sodium_memzero(msg, len);
        free(msg);
    }
    return rc;
}

/* The mail merge: a row per target in one private file; the entries are
 * logged 'merged' once the file is in place, 'failed' when it is not. */
static bar_status merge(bar_store *st, const bar_invite_opts *o,
                        roster *r, const char *kind, size_t total,
                        bar_invite_summary *sum, bar_error *err)
{
    bar_afile *af = NULL;
    long long *ids = calloc(total ? total : 1, sizeof *ids);
    size_t nids = 0;
    bar_status rc = BAR_OK;
    if (!ids) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((rc = bar_afile_open(o->merge_path, BAR_AFILE_PRIVATE, &af, err)) !=
        BAR_OK)
        goto cleanup;
    FILE *f = bar_afile_stream(af);
    bool ok = fputs("org_id,name,email,link,language\r\n", f) >= 0;
    size_t done = 0;
    for (size_t i = 0; ok && i < r->n; i++) {
        target *t = &r->t[i];
        if (!t->org_id[0] || t->completed || t->had ||
            (o->round > 0 && !t->invited) ||
            (t->unconfirmed && !o->resend_unconfirmed))
            continue;
        char token[BAR_TOKEN_CHARS + 1], link[BAR_INVITE_URL_MAX];
        uint8_t hash[BAR_TOKEN_HASH_BYTES];
        long long id = 0;
        if ((rc = bar_token_new(token, err)) != BAR_OK ||
            (rc = bar_token_hash(token, hash, err)) != BAR_OK)
            goto cleanup;
        bar_invite_link(o->base_url, token, link, sizeof link);
        rc = begin(st, o, t->org_id, kind, BAR_SEND_MAIL_MERGE, hash, &id,
                   sum, err);
        if (rc != BAR_OK)
            goto cleanup;
        if (id == 0)
            continue;
        ids[nids++] = id;
        ok = bar_csv_write_field(f, t->org_id, true) && fputc(',', f) >= 0 &&
             bar_csv_write_field(f, t->name, true) && fputc(',', f) >= 0 &&
             bar_csv_write_field(f, t->email, true) && fputc(',', f) >= 0 &&
             bar_csv_write_field(f, link, true) && fputc(',', f) >= 0 &&
             bar_csv_write_field(f, bar_lang_code(o->lang), true) &&
             fputs("\r\n", f) >= 0;
        sodium_memzero(token, sizeof token);
        bar_progress_report(&o->progress, "messages written", ++done, total);
    }
    if (!ok) {
        rc = bar_error_set(err, BAR_EIO, "%s: write failed", o->merge_path);
        goto cleanup;
    }
    rc = bar_afile_commit(af, err);
    af = NULL;
cleanup:
    bar_afile_abort(af);
    /* the outcome of every entry begun: merged when the file is in place */
    for (size_t i = 0; i < nids; i++) {
        bar_error e2;
        bar_error_init(&e2);
        bar_status erc = bar_store_send_end(
            st, ids[i], rc == BAR_OK ? BAR_SEND_MERGED : BAR_SEND_FAILED,
            rc == BAR_OK ? o->merge_path : "the mail-merge file was not "
                                           "written",
            rc == BAR_OK ? err : &e2);
        if (rc == BAR_OK && erc != BAR_OK)
            rc = erc;
        bar_error_clear(&e2);
        if (rc == BAR_OK)
            sum->sent++;
        else
            sum->failed++;
    }
    free(ids);
    return rc;
}

bar_status bar_invite_run(bar_store *st, const bar_invite_opts *o,
                          bar_invite_summary *sum, bar_error *err)
{
    roster r = {0};
    char kind[BAR_SEND_KIND_MAX], closes[BAR_STORE_DATE_MAX];
    char closes_text[64] = "";
    struct timespec next = {0, 0};
    *sum = (bar_invite_summary){0};
    bar_status rc = BAR_OK;
    long long now = o->now ? o->now : (long long)time(NULL);
    if ((rc = bar_invite_check_url(o->base_url, err)) != BAR_OK)
        goto cleanup;
    if (!bar_send_kind(o->round, kind) || !(o->rate > 0) ||
        (!o->smtp == !o->merge_path) || (o->smtp && (!o->tmpl || !o->from))) {
        rc = bar_error_set(err, BAR_EUSAGE, "invite: a round 0-99, a rate "
                           "above 0 and either SMTP (with a template and a "
                           "sender) or a mail-merge file");
        goto cleanup;
    }
    char from[BAR_MAIL_ADDR_MAX];
    if (o->smtp && (rc = bar_mail_address(o->from, from, err)) != BAR_OK) {
        rc = BAR_EUSAGE;
        err->code = rc;
        goto cleanup;
    }
    if ((rc = check_open(st, o->wave, now, closes, err)) != BAR_OK)
        goto cleanup;
    if (o->tmpl && bar_mail_template_uses(o->tmpl, "closes")) {
        if (!*closes) {
            rc = bar_error_set(err, BAR_EINVALID, "wave %d has no closing "
                               "date, and the message names it (set it "
                               "with 'barometer wave STORE --wave %d "
                               "--closes DATE')", o->wave, o->wave);
            goto cleanup;
        }
        /* the last day on which answers are taken: a date as set, or the
         * day of a closing moment */
        bar_mail_date_text(closes, o->lang, closes_text, sizeof closes_text);
    }
    r.kind = kind;
    if ((rc = bar_store_contacts(st, o->wave, add_contact, &r, err)) !=
        BAR_OK)
        goto cleanup;
    if (r.n == 0) {
        rc = bar_error_set(err, BAR_EINVALID, "wave %d has no frame: import "
                           "it first ('barometer frame import STORE "
                           "FILE --wave %d')", o->wave, o->wave);
        goto cleanup;
    }
    if ((rc = bar_store_send_log(st, o->wave, NULL, note_sent, &r, err)) !=
        BAR_OK)
        goto cleanup;
    size_t total = 0;
    sum->frame = r.n;
    for (size_t i = 0; i < r.n; i++) {
        const target *t = &r.t[i];
        if (t->completed)
            sum->completed++;
        else if (t->had)
            sum->had++;
        else if (o->round > 0 && !t->invited)
            sum->not_invited++;
        else if (t->unconfirmed && !o->resend_unconfirmed)
            sum->unconfirmed++;
        else
            total++;
    }
    if (o->merge_path) {
        if (total > 0) /* no file when there is nothing to write */
            rc = merge(st, o, &r, kind, total, sum, err);
        goto cleanup;
    }
    size_t done = 0;
    bar_progress_report(&o->progress, "messages sent", 0, total);
    for (size_t i = 0; i < r.n; i++) {
        const target *t = &r.t[i];
        if (t->completed || t->had || (o->round > 0 && !t->invited) ||
            (t->unconfirmed && !o->resend_unconfirmed))
            continue;
        pace(&next, o->rate);
        /* the Date of each message is when it goes out */
        long long at = o->now ? o->now : (long long)time(NULL);
        bar_status one = send_one(st, o, t, kind, closes_text, at, sum, err);
        bar_progress_report(&o->progress, "messages sent", ++done, total);
        if (one == BAR_EINVALID) { /* this one's address: go on */
            continue;
        }
        if (one != BAR_OK) {
            rc = one;
            goto cleanup;
        }
    }
cleanup:
    roster_clear(&r);
    return rc;
}
