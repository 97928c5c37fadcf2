/* markup.c - HTML and SVG escaped where it is written (markup.h). */
#include "render/markup.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bar_status bar_markup_text_n(bar_buf *out, const char *s, size_t n)
{
    size_t from = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        bar_buf_add(out, s + from, i - from);
        bar_buf_puts(out, rep);
        from = i + 1;
    }
    return bar_buf_add(out, s + from, n - from);
}

bar_status bar_markup_text(bar_buf *out, const char *s)
{
    if (!s)
        return bar_buf_status(out);
    return bar_markup_text_n(out, s, strlen(s));
}

bar_status bar_markup_raw_(bar_buf *out, const char *markup)
{
    return bar_buf_puts(out, markup);
}

enum { SPEC_MAX = 32 }; /* one conversion specification, with its NUL */

typedef enum { LEN_NONE, LEN_L, LEN_LL, LEN_Z } length;

/* One conversion `spec` (e.g. "%.1f") of the next argument, formatted into
 * a new string (free it); NULL when out of memory or the conversion is not
 * one of markup.h's. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *convert(const char *spec, char conv, length len, bool star_w,
                     bool star_p, va_list *ap)
{
    int w = star_w ? va_arg(*ap, int) : 0;
    int p = star_p ? va_arg(*ap, int) : 0;
    char *s = NULL;
    int n = -1;
    /* Each branch fetches the argument once, then measures and writes. */
#define EMIT(value)                                                        \
    do {                                                                   \
        if (star_w && star_p)                                              \
            n = snprintf(NULL, 0, spec, w, p, value);                      \
        else if (star_w || star_p)                                         \
            n = snprintf(NULL, 0, spec, star_w ? w : p, value);            \
        else                                                               \
            n = snprintf(NULL, 0, spec, value);                            \
        if (n < 0 || !(s = malloc((size_t)n + 1)))                         \
            return NULL;                                                   \
        if (star_w && star_p)                                              \
            snprintf(s, (size_t)n + 1, spec, w, p, value);                 \
        else if (star_w || star_p)                                         \
            snprintf(s, (size_t)n + 1, spec, star_w ? w : p, value);       \
        else                                                               \
            snprintf(s, (size_t)n + 1, spec, value);                       \
    } while (0)
    switch (conv) {
    case 's': {
        const char *v = va_arg(*ap, const char *);
        EMIT(v ? v : "");
        break;
    }
    case 'c': {
        int v = va_arg(*ap, int);
        EMIT(v);
        break;
    }
    case 'd': case 'i':
        if (len == LEN_L) {
            long v = va_arg(*ap, long);
            EMIT(v);
        } else if (len == LEN_LL) {
            long long v = va_arg(*ap, long long);
            EMIT(v);
        } else if (len == LEN_Z) {
            size_t v = va_arg(*ap, size_t);
            EMIT(v);
        } else {
            int v = va_arg(*ap, int);
            EMIT(v);
        }
        break;
    case 'u': case 'x': case 'X':
        if (len == LEN_L) {
            unsigned long v = va_arg(*ap, unsigned long);
            EMIT(v);
        } else if (len == LEN_LL) {
            unsigned long long v = va_arg(*ap, unsigned long long);
            EMIT(v);
        } else if (len == LEN_Z) {
            size_t v = va_arg(*ap, size_t);
            EMIT(v);
        } else {
            unsigned v = va_arg(*ap, unsigned);
            EMIT(v);
        }
        break;
    case 'f': case 'F': case 'g': case 'G': case 'e': case 'E': {
        double v = va_arg(*ap, double);
        EMIT(v);
        break;
    }
    default:
        return NULL;
    }
#undef EMIT
    return s;
}
#pragma GCC diagnostic pop

bar_status bar_markup_printf(bar_buf *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bar_status rc = BAR_OK;
    const char *run = fmt, *f = fmt;
    while (*f) {
        if (*f != '%') {
            f++;
            continue;
        }
        bar_buf_add(out, run, (size_t)(f - run));
        const char *spec = f++;
        if (*f == '%') {
            bar_buf_add(out, "%", 1);
            run = ++f;
            continue;
        }
        while (*f && strchr("-+ #0", *f))
            f++;
        bool star_w = false, star_p = false;
        if (*f == '*') {
            star_w = true;
            f++;
        } else {
            while (*f >= '0' && *f <= '9')
                f++;
        }
        if (*f == '.') {
            f++;
            if (*f == '*') {
                star_p = true;
                f++;
            } else {
                while (*f >= '0' && *f <= '9')
                    f++;
            }
        }
        length len = LEN_NONE;
        if (*f == 'l') {
            len = LEN_L;
            if (*++f == 'l') {
                len = LEN_LL;
                f++;
            }
        } else if (*f == 'z') {
            len = LEN_Z;
            f++;
        }
        char conv = *f;
        size_t n = (size_t)(f - spec) + 1;
        char one[SPEC_MAX];
        char *text = NULL;
        if (conv && n < sizeof one) {
            memcpy(one, spec, n);
            one[n] = '\0';
            text = convert(one, conv, len, star_w, star_p, &ap);
        }
        if (!text) {
            rc = conv && strchr("scdiuxXfFgGeE", conv) ? BAR_ENOMEM
                                                       : BAR_EUSAGE;
            bar_buf_fail(out, rc);
            goto cleanup;
        }
        bar_markup_text(out, text);
        free(text);
        run = ++f;
    }
    bar_buf_add(out, run, (size_t)(f - run));
    rc = bar_buf_status(out);
cleanup:
    va_end(ap);
    return rc;
}
