/* numfmt.c - numbers as a reader of the language reads them (numfmt.h). */
#include "render/numfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static const char dash[] = "\xe2\x80\x93";

static void put(char *buf, size_t size, const char *s)
{
    if (size == 0)
        return;
    snprintf(buf, size, "%s", s);
}

/* The separator `what` of lang: the catalogue's text in context "number"
 * (one ASCII character: "," or "." or ";"), the English one when the
 * catalogue has none. what is "decimal separator", "thousands separator"
 * or "CSV separator". */
char bar_numfmt_separator(bar_lang lang, const char *what)
{
    const char *s = bar_trc(lang, "number", what);
    if (s != what && s[0] > ' ' && (unsigned char)s[0] < 0x80 && !s[1])
        return s[0];
    return strcmp(what, "decimal separator") == 0 ? '.' : ',';
}

#define separator bar_numfmt_separator

/* The core: printf's rounding, then the separators of lang. */
static const char *format(char *buf, size_t size, double v, int decimals,
                          bar_lang lang, bool group, const char *bad)
{
    if (!isfinite(v)) {
        put(buf, size, bad);
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    char raw[BAR_NUMFMT_MAX];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    /* No sign when every printed digit is zero. */
    bool zero = strspn(raw, "0.") == strlen(raw);
    char out[BAR_NUMFMT_MAX * 2];
    size_t len = 0;
    if (v < 0 && !zero)
        out[len++] = '-';
    const char *point = strchr(raw, '.');
    size_t intlen = point ? (size_t)(point - raw) : strlen(raw);
    char thousands = separator(lang, NC_("number", "thousands separator"));
    char decimal = separator(lang, NC_("number", "decimal separator"));
    for (size_t i = 0; i < intlen; i++) {
        if (group && i > 0 && (intlen - i) % 3 == 0)
            out[len++] = thousands;
        out[len++] = raw[i];
    }
    if (point) {
        out[len++] = decimal;
        for (const char *s = point + 1; *s; s++)
            out[len++] = *s;
    }
    out[len] = '\0';
    put(buf, size, out);
    return buf;
}

const char *bar_numfmt_decimal(char *buf, size_t size, double v,
                               int decimals, bar_lang lang)
{
    return format(buf, size, v, decimals, lang, true, dash);
}

const char *bar_numfmt_count(char *buf, size_t size, double n,
                             bar_lang lang)
{
    return format(buf, size, n, 0, lang, true, dash);
}

const char *bar_numfmt_percent(char *buf, size_t size, double v,
                               int decimals, bar_lang lang)
{
    if (!isfinite(v)) {
        put(buf, size, dash);
        return buf;
    }
    char num[BAR_NUMFMT_MAX];
    format(num, sizeof num, v, decimals, lang, true, dash);
    if (size > 0)
        snprintf(buf, size, "%s%%", num);
    return buf;
}

const char *bar_numfmt_p(char *buf, size_t size, double p, bar_lang lang)
{
    if (!isfinite(p)) {
        put(buf, size, dash);
        return buf;
    }
    /* Below 0.001 three digits would say 0.000 or round up to 0.001. */
    if (p < 0.001) {
        char lt[] = "< 0.001";
        lt[3] = separator(lang, NC_("number", "decimal separator"));
        put(buf, size, lt);
        return buf;
    }
    return format(buf, size, p, 3, lang, false, dash);
}

const char *bar_numfmt_plain(char *buf, size_t size, double v,
                             int decimals, bar_lang lang)
{
    return format(buf, size, v, decimals, lang, false, "");
}

const char *bar_numfmt_plain_p(char *buf, size_t size, double p,
                               bar_lang lang)
{
    if (!isfinite(p) || p >= 0.001 || p <= 0.0)
        return format(buf, size, p, 3, lang, false, "");
    char raw[64];
    snprintf(raw, sizeof raw, "%.2e", p);
    char decimal = separator(lang, NC_("number", "decimal separator"));
    for (char *c = raw; *c; c++)
        if (*c == '.')
            *c = decimal;
    put(buf, size, raw);
    return buf;
}
