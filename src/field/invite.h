/* invite.h - a round of invitations or reminders for a wave: who gets one,
 * a new personal link for each, the message out (SMTP, or a row of a
 * mail-merge file), and every message in the store's send log.
 *
 * Who: the invitation goes to every organisation of the wave's frame that
 * has not completed (no row in the response table) and has no invitation
 * yet; reminder round N to those that were invited and have not completed
 * and have no reminder N yet. Each message carries a new token
 * (field/token.h); only its hash is kept, and every token of an
 * organisation stays valid.
 *
 * Never twice: each message is logged 'sending' and committed before it
 * goes out, and brought to 'sent', 'merged', 'failed' (not delivered) or
 * 'unknown' (the connection broke off; it may have arrived) after. A
 * message left 'sending' by a crash, or 'unknown', is not sent again: it
 * is counted as unconfirmed, and sent again only when the caller asks
 * (resend_unconfirmed). The check and the log entry are one transaction
 * (bar_store_send_begin), so two runs at once cannot both send.
 *
 * Sending is paced at `rate` messages per second; a mail merge is not
 * (nothing goes out). The mail-merge file (org_id, name, email, link,
 * language) holds live links: it is written through core/afile, private
 * (0600), and its messages are logged 'merged' only once it is in place.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_INVITE_H
#define BAR_INVITE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"
#include "core/progress.h"
#include "core/status.h"
#include "field/mail.h"
#include "field/smtp.h"
#include "store/store.h"

enum { BAR_INVITE_URL_MAX = 512 };

/* What to send; everything borrowed for the call. */
typedef struct bar_invite_opts {
    int wave;
    int round;                      /* 0: the invitation; N: reminder N */
    const char *base_url;           /* the survey server; links are
                                       BASE_URL/s/TOKEN */
    bar_lang lang;                  /* of the messages */
    const bar_mail_template *tmpl;  /* the message (SMTP only) */
    const char *from;               /* "Name <addr>" or addr (SMTP) */
    bar_smtp *smtp;                 /* send through this, or: */
    const char *merge_path;         /* write the mail-merge CSV here */
    double rate;                    /* messages per second (> 0) */
    bool resend_unconfirmed;        /* also to those left 'sending' or
                                       'unknown' by an earlier run */
    long long now;                  /* the Date of the messages and the
                                       moment the wave must still be
                                       open; 0: the clock */
    bar_progress progress;          /* "messages sent" */
} bar_invite_opts;

/* What a round did. */
typedef struct bar_invite_summary {
    size_t frame;        /* organisations in the frame */
    size_t completed;    /* of which completed: no message */
    size_t not_invited;  /* reminders: never invited, left out */
    size_t had;          /* had this message already */
    size_t unconfirmed;  /* left 'sending'/'unknown' before: not sent */
    size_t sent;         /* sent now (or written to the mail merge) */
    size_t failed;       /* refused now: not delivered */
    size_t unknown;      /* broke off now: may have arrived */
} bar_invite_summary;

/* Check a base URL: http:// or https://, a host, an optional path, no
 * query, fragment, spaces or quotes, at most BAR_INVITE_URL_MAX - 32
 * bytes; BAR_EUSAGE otherwise. */
bar_status bar_invite_check_url(const char *base_url, bar_error *err);

/* The personal link BASE_URL/s/TOKEN into out (a trailing '/' of the base
 * is dropped); false when it does not fit. */
bool bar_invite_link(const char *base_url, const char *token, char *out,
                     size_t size);

/* Run one round (see above); *sum says what happened, also after a
 * failure. BAR_EUSAGE for bad options (base URL, rate, neither or both of
 * smtp and merge_path); BAR_ENOTFOUND without the wave; BAR_EINVALID when
 * the wave has no frame, is closed, or the template needs a closing date
 * the wave does not have; BAR_EIO when the SMTP server cannot be reached
 * (the run stops; nothing is logged as sent that was not) or the
 * mail-merge file cannot be written. Messages refused one by one do not
 * stop the run: they are counted in sum->failed. */
bar_status bar_invite_run(bar_store *st, const bar_invite_opts *o,
                          bar_invite_summary *sum, bar_error *err);

#endif
