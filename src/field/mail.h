/* mail.h - an invitation or reminder as an Internet message: the template
 * a study ships (one per kind and language), filled in for one
 * organisation, and written as RFC 5322 / MIME text ready for SMTP.
 *
 * A template file (docs/fieldwork.md) is UTF-8 text of at most
 * BAR_MAIL_TEMPLATE_MAX bytes: a first line "Subject: ...", an empty line,
 * then the body. Placeholders {name} (the organisation), {link} (its
 * personal link) and {closes} (the closing date, as people write it) may
 * appear in subject and body; any other {word} is refused when the
 * template is read, so that a typo never reaches 1,400 mailboxes.
 *
 * The message: From, To, Subject (RFC 2047 encoded words when not plain
 * ASCII or long), Date, Message-ID, MIME-Version, Content-Type text/plain
 * UTF-8, Content-Transfer-Encoding quoted-printable; every line ends in
 * CRLF and none is longer than 78 characters (76 in the body); the whole
 * message is 7-bit ASCII. Values that would break a header (CR, LF,
 * control characters in a name) are made spaces; an address that is not
 * one plain address is refused. Dot-stuffing is the SMTP client's.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_MAIL_H
#define BAR_MAIL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"
#include "core/status.h"

enum {
    BAR_MAIL_TEMPLATE_MAX = 64 * 1024, /* bytes of a template file */
    BAR_MAIL_ADDR_MAX = 256,           /* bytes of an address, with '\0' */
    BAR_MAIL_VALUE_MAX = 1024,         /* bytes of a value put in */
    BAR_MAIL_MESSAGE_MAX = 1024 * 1024 /* bytes of a rendered message */
};

typedef struct bar_mail_template bar_mail_template;

/* Read a template from len bytes of text (copied); name is used in
 * messages (the file name). On success *out is a new template the caller
 * frees with bar_mail_template_free. BAR_EPARSE when the text is not
 * UTF-8 or has no "Subject: " line followed by an empty line;
 * BAR_EINVALID for an unknown placeholder (file:line); BAR_ELIMIT beyond
 * BAR_MAIL_TEMPLATE_MAX. */
bar_status bar_mail_template_parse(const char *text, size_t len,
                                   const char *name, bar_mail_template **out,
                                   bar_error *err);
/* As bar_mail_template_parse, from the file at path (BAR_EIO). */
bar_status bar_mail_template_load(const char *path, bar_mail_template **out,
                                  bar_error *err);
void bar_mail_template_free(bar_mail_template *t);
/* Whether the template uses placeholder field ("closes"). */
bool bar_mail_template_uses(const bar_mail_template *t, const char *field);

/* What the placeholders become; borrowed. NULL for one the template does
 * not use (BAR_EINVALID when it does). */
typedef struct bar_mail_fields {
    const char *name;    /* the organisation's name */
    const char *link;    /* its personal link */
    const char *closes;  /* the closing date as text ("31 maart 2021") */
} bar_mail_fields;

/* The envelope of one message; borrowed. */
typedef struct bar_mail_envelope {
    const char *from;        /* "Name <addr>" or "addr" */
    const char *to_name;     /* the recipient's display name; NULL: none */
    const char *to_addr;     /* the recipient's address */
    long long date;          /* seconds since the epoch (Date: header) */
    const char *message_id;  /* "id@domain", without the angle brackets */
    const char *lang;        /* Content-Language ("nl"); NULL: none */
} bar_mail_envelope;

/* The message for t filled in with f, addressed by env: *out a new
 * '\0'-terminated string of *len bytes the caller frees (NULL on
 * failure). BAR_EINVALID for a bad address or a missing field;
 * BAR_ELIMIT beyond BAR_MAIL_MESSAGE_MAX or a value beyond
 * BAR_MAIL_VALUE_MAX. */
bar_status bar_mail_render(const bar_mail_template *t,
                           const bar_mail_fields *f,
                           const bar_mail_envelope *env, char **out,
                           size_t *len, bar_error *err);

/* The plain address of text ("Name <addr>" or "addr") into out.
 * BAR_EINVALID when it is not one address local@domain of printable
 * ASCII without spaces, quotes, brackets, commas or semicolons. */
bar_status bar_mail_address(const char *text, char out[BAR_MAIL_ADDR_MAX],
                            bar_error *err);

/* A new Message-ID (128 random bits in hex, '@', the domain of addr,
 * a plain address) into out. Errors: those of bar_token_init. */
bar_status bar_mail_message_id(const char *addr, char out[BAR_MAIL_ADDR_MAX],
                               bar_error *err);

/* A wave date as the store keeps it ("2021-03-31" or
 * "2021-03-31T17:00:00Z") as people write it in lang ("31 maart 2021",
 * "31 March 2021"; the month names come from the catalogues) into out;
 * false when iso is not such a date or out is too small. */
bool bar_mail_date_text(const char *iso, bar_lang lang, char *out,
                        size_t size);

#endif
