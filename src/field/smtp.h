/* smtp.h - sending one message at a time to an SMTP server, with libcurl.
 *
 * One handle per run: libcurl keeps the connection open between messages.
 * STARTTLS (required when asked for: a server that does not offer it is
 * an error, never a silent plain-text login) and LOGIN/PLAIN
 * authentication are libcurl's; so is dot-stuffing of the message.
 *
 * What a failure means matters more than its text: a message the server
 * refused, or that never left because the server could not be reached, was
 * not delivered and may be sent again; a message whose connection broke
 * off after the body went out may have been delivered, and must not be
 * sent again without a person deciding so (bar_smtp_outcome).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_SMTP_H
#define BAR_SMTP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

typedef struct bar_smtp bar_smtp;

/* Where to send; strings borrowed by bar_smtp_new (copied). */
typedef struct bar_smtp_config {
    const char *url;       /* smtp://host:port or smtps://host:port */
    const char *user;      /* NULL: no login */
    const char *password;  /* with user */
    bool starttls;         /* require STARTTLS on smtp:// */
    long timeout_s;        /* per message; 0: 60 seconds */
} bar_smtp_config;

typedef enum bar_smtp_outcome {
    BAR_SMTP_SENT,        /* accepted by the server */
    BAR_SMTP_REFUSED,     /* the server refused it (4xx/5xx): not
                             delivered */
    BAR_SMTP_UNREACHABLE, /* no connection, TLS or login failed: not
                             delivered, and the next would fail too */
    BAR_SMTP_UNKNOWN      /* broke off while sending: may be delivered */
} bar_smtp_outcome;

enum { BAR_SMTP_ANSWER_MAX = 256 };

/* A new handle for config: *out, freed with bar_smtp_free. BAR_EUSAGE for
 * a URL that is not smtp:// or smtps://; BAR_ENOMEM. Nothing is
 * connected yet. */
bar_status bar_smtp_new(const bar_smtp_config *config, bar_smtp **out,
                        bar_error *err);
void bar_smtp_free(bar_smtp *s);

/* Send msg (len bytes, CRLF lines, as bar_mail_render makes it) from the
 * plain address from to the plain address to. *outcome says what became
 * of it and answer gets the server's last reply line (or libcurl's
 * message). Returns BAR_OK when sent; otherwise BAR_EIO with the reason
 * on err. */
bar_status bar_smtp_send(bar_smtp *s, const char *from, const char *to,
                         const char *msg, size_t len,
                         bar_smtp_outcome *outcome,
                         char answer[BAR_SMTP_ANSWER_MAX], bar_error *err);

#endif
