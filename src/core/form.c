/* form.c - application/x-www-form-urlencoded text into name/value pairs. */
#include "core/form.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void bar_form_init(bar_form *f)
{
    *f = (bar_form){0};
}

void bar_form_clear(bar_form *f)
{
    if (!f)
        return;
    free(f->pairs);
    free(f->text);
    *f = (bar_form){0};
}

static int hex(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Decode s[0..n) in place ('+' and %XX) to a '\0'-terminated string of
 * *out_len bytes; false on a bad escape. */
static bool decode(char *s, size_t n, size_t *out_len)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '+') {
            c = ' ';
        } else if (c == '%') {
            if (i + 2 >= n)
                return false;
            int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
            if (hi < 0 || lo < 0)
                return false;
            c = (char)(hi * 16 + lo);
            i += 2;
        }
        s[o++] = c;
    }
    s[o] = '\0';
    *out_len = o;
    return true;
}

/* Whether s[0..n) is UTF-8 (shortest forms, no surrogates, at most
 * U+10FFFF) without NUL and control characters (tab, LF and CR allowed
 * when text is true). */
static bool clean_utf8(const unsigned char *s, size_t n, bool text)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if ((c < 0x20 && !(text && (c == '\t' || c == '\n' ||
                                        c == '\r'))) || c == 0x7f)
                return false;
            i++;
            continue;
        }
        size_t len;
        unsigned cp, min;
        if (c >= 0xc2 && c <= 0xdf) {
            len = 2, cp = c & 0x1f, min = 0x80;
        } else if (c >= 0xe0 && c <= 0xef) {
            len = 3, cp = c & 0x0f, min = 0x800;
        } else if (c >= 0xf0 && c <= 0xf4) {
            len = 4, cp = c & 0x07, min = 0x10000;
        } else {
            return false;
        }
        if (n - i < len)
            return false;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xc0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + k] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += len;
    }
    return true;
}

bar_status bar_form_parse(bar_form *f, const char *text, size_t len,
                          bar_error *err)
{
    bar_status rc = BAR_OK;
    size_t npairs = 1;
    for (size_t i = 0; i < len; i++)
        npairs += text[i] == '&';
    if (npairs > BAR_FORM_PAIRS_MAX)
        npairs = BAR_FORM_PAIRS_MAX + 1;
    f->text = malloc(len + 1);
    f->pairs = calloc(npairs, sizeof *f->pairs);
    if (!f->text || !f->pairs) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    if (len)
        memcpy(f->text, text, len);
    f->text[len] = '\0';
    size_t start = 0;
    while (start <= len) {
        size_t end = start;
        while (end < len && f->text[end] != '&')
            end++;
        if (end > start) {
            if (f->n == BAR_FORM_PAIRS_MAX) {
                rc = bar_error_set(err, BAR_ELIMIT, "a form of more than "
                                   "%d fields", BAR_FORM_PAIRS_MAX);
                goto cleanup;
            }
            char *name = f->text + start;
            size_t eq = start;
            while (eq < end && f->text[eq] != '=')
                eq++;
            char *value = f->text + end; /* "" when there is no '=' */
            size_t vlen = 0, nlen = 0;
            if (eq < end) {
                value = f->text + eq + 1;
                if (!decode(value, end - eq - 1, &vlen)) {
                    rc = bar_error_set(err, BAR_EPARSE, "a bad %%-escape "
                                       "in a form value");
                    goto cleanup;
                }
            }
            if (!decode(name, eq - start, &nlen)) {
                rc = bar_error_set(err, BAR_EPARSE, "a bad %%-escape in a "
                                   "form field name");
                goto cleanup;
            }
            if (eq == end)
                value = name + nlen; /* the terminator decode wrote */
            if (nlen == 0) {
                rc = bar_error_set(err, BAR_EPARSE, "a form field without "
                                   "a name");
                goto cleanup;
            }
            if (nlen > BAR_FORM_NAME_MAX || vlen > BAR_FORM_VALUE_MAX) {
                rc = bar_error_set(err, BAR_ELIMIT, "a form field name of "
                                   "more than %d bytes or a value of more "
                                   "than %d", BAR_FORM_NAME_MAX,
                                   BAR_FORM_VALUE_MAX);
                goto cleanup;
            }
            if (!clean_utf8((const unsigned char *)name, nlen, false) ||
                !clean_utf8((const unsigned char *)value, vlen, true)) {
                rc = bar_error_set(err, BAR_EPARSE, "a form field that is "
                                   "not clean UTF-8 text");
                goto cleanup;
            }
            f->pairs[f->n++] = (bar_form_pair){.name = name, .value = value};
        }
        start = end + 1;
    }
cleanup:
    if (rc != BAR_OK)
        bar_form_clear(f);
    return rc;
}

const char *bar_form_get(const bar_form *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->pairs[i].name, name) == 0)
            return f->pairs[i].value;
    return NULL;
}
