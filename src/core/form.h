/* form.h - name/value pairs of an HTML form or a URL's query string.
 *
 * Parses application/x-www-form-urlencoded text (the body of a form's POST,
 * and the part of a URL after '?'): pairs separated by '&', name and value
 * by the first '=', '+' for a space and %XX for a byte. The decoded names
 * and values must be UTF-8 without NUL or other control characters (tab,
 * line feed and carriage return are allowed in values: a textarea sends
 * them). Everything is capped: the number of pairs, the length of a name
 * and of a value; the caller caps the text itself (the request body).
 *
 * The pairs keep their order; a name may come more than once (checkboxes).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_FORM_H
#define BAR_FORM_H

#include <stddef.h>

#include "core/status.h"

enum {
    BAR_FORM_PAIRS_MAX = 1024,        /* pairs of one form */
    BAR_FORM_NAME_MAX = 128,          /* bytes of a decoded name */
    BAR_FORM_VALUE_MAX = 4 * 65536    /* bytes of a decoded value: a text
                                         answer of 65536 code points */
};

typedef struct bar_form_pair {
    const char *name;   /* decoded, '\0'-terminated, owned by the form */
    const char *value;
} bar_form_pair;

typedef struct bar_form {
    bar_form_pair *pairs;
    size_t n;
    char *text;         /* the decoded copy the pairs point into */
} bar_form;

/* An empty form (no pairs). */
void bar_form_init(bar_form *f);
/* Release the pairs; the form is empty again. NULL is accepted. */
void bar_form_clear(bar_form *f);

/* Parse len bytes of text (not kept; need not be '\0'-terminated) into f,
 * which must be empty (bar_form_init). Empty pairs ("a=1&&b=2") are
 * skipped; a pair without '=' has the value "". Errors: BAR_EPARSE (a bad
 * %-escape, invalid UTF-8, a control character, an empty name), BAR_ELIMIT
 * (a cap), BAR_ENOMEM; f is empty after any error. */
bar_status bar_form_parse(bar_form *f, const char *text, size_t len,
                          bar_error *err);

/* The value of the first pair called name, or NULL. Borrowed from f. */
const char *bar_form_get(const bar_form *f, const char *name);

#endif
