/* csv.c - the CSV reader (an in-place RFC 4180 tokenizer) with positions,
 * UTF-8 checks and caps, and the RFC 4180 field writer.
 *
 * The reader works on the whole text in one writable buffer and hands
 * fields over where they lie: the byte after a field (its separator, line
 * end or closing quote) is overwritten with '\0', and a quoted field with
 * doubled quotes is unescaped in place (the result is never longer than
 * the raw field). So a field is never copied by the reader; the row
 * callback decides what to keep. Line and column are counted as the bytes
 * are scanned. Columns count characters (UTF-8 sequences), 1-based.
 */
#include "core/csv.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* Bytes a quoted field may take in the file (quotes and doubled quotes
 * included) before the read stops: an unclosed quote would otherwise
 * swallow the rest of the file into one field. */
enum { RAW_FIELD_MAX = 2 * BAR_CSV_FIELD_MAX + 2 };

/* Bytes of a column name shown in a message. */
enum { NAME_SHOWN = 64 };

/* The largest CSV file bar_csv_parse_file reads. */
static const size_t file_cap = (size_t)UINT32_MAX;

typedef struct reader {
    const char *name;
    bar_csv_row_fn fn;
    void *ctx;
    bar_error *err;
    bar_status first;   /* first status recorded by this layer */
    size_t nerrors;
    bool stop;          /* fatal error, too many errors, or fn said stop */
    bar_status stop_rc; /* what fn returned when it asked to stop */

    /* The current row: fields point into the text. */
    size_t nfields;
    size_t expected;    /* field count of the header; 0 before it */
    size_t nrows;       /* rows completed, the header included */
    bool row_bad;       /* a field of this row was refused */
    long row_line;
    size_t fields_cap;
    char **ptrs;
    size_t *lens;
    long *lines;
    long *cols;

    /* The header's field names, for messages: they stay in the text, which
     * the reader never writes to again; shown at most name_len[k] bytes. */
    const char **names;
    size_t *name_len;
    size_t nnames;
} reader;

/* Whether the error log is full (or, without an error context, whether any
 * error was seen: nobody would read the rest). */
static bool too_many(const reader *r)
{
    if (!r->err)
        return r->nerrors > 0;
    return r->err->count >= BAR_ERROR_LOG_MAX;
}

/* Count an error just recorded on r->err; fatal ones stop the read. */
static void counted(reader *r, bar_status code, bool fatal)
{
    if (r->first == BAR_OK)
        r->first = code;
    r->nerrors++;
    if (fatal || too_many(r))
        r->stop = true;
}

/* Record a located error; fatal ones stop the read. */
__attribute__((format(printf, 6, 7))) static void
fail_at(reader *r, bar_status code, bool fatal, long line, long col,
        const char *fmt, ...)
{
    char msg[BAR_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bar_error_at(r->err, code, r->name, line, col, NULL, "%s", msg);
    counted(r, code, fatal);
}

/* Record an error of field k (0-based) of the current row: "field N
 * 'name': ..." with the header's name of that column. */
__attribute__((format(printf, 5, 6))) static void
fail_field(reader *r, bar_status code, bool fatal, size_t k,
           const char *fmt, ...)
{
    char msg[BAR_ERROR_MSG_MAX], name[BAR_ERROR_MSG_MAX / 4] = "";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->nrows > 0 && k < r->nnames)
        snprintf(name, sizeof name, "%.*s", (int)r->name_len[k],
                 r->names[k]);
    bar_error_cell(r->err, code, r->name, r->row_line, k + 1, name, "%s",
                   msg);
    counted(r, code, fatal);
}

/* Keep the header's names (the current row) for messages. */
static bool keep_names(reader *r)
{
    r->names = malloc((r->nfields + 1) * sizeof *r->names);
    r->name_len = malloc((r->nfields + 1) * sizeof *r->name_len);
    if (!r->names || !r->name_len)
        return false;
    for (size_t k = 0; k < r->nfields; k++) {
        const char *s = r->ptrs[k];
        size_t n = r->lens[k];
        if (n > NAME_SHOWN) {
            n = NAME_SHOWN;
            while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
                n--; /* cut at a character boundary */
        }
        r->names[k] = s;
        r->name_len[k] = n;
    }
    r->nnames = r->nfields;
    return true;
}

/* The up to 20 bytes of s before s[bad], cut at a character boundary and
 * with control characters as '?', for "invalid UTF-8 after '...'". */
static void before(const unsigned char *s, size_t bad, char *out)
{
    size_t from = bad > 20 ? bad - 20 : 0;
    while (from < bad && (s[from] & 0xC0) == 0x80)
        from++;
    size_t k = 0;
    for (size_t i = from; i < bad; i++)
        out[k++] = s[i] < 0x20 ? '?' : (char)s[i];
    out[k] = '\0';
}

/* Check that s[0..n) is valid UTF-8 without NUL bytes, counting its
 * characters into *chars. Returns the index of the first bad byte, or n.
 * Overlong forms, surrogates and code points above U+10FFFF are invalid. */
static size_t utf8_scan(const unsigned char *s, size_t n, size_t *chars)
{
    size_t i = 0, count = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (c == 0)
                break;
            i++;
            count++;
            continue;
        }
        size_t need;
        uint32_t cp, min;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1, cp = c & 0x1F, min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2, cp = c & 0x0F, min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3, cp = c & 0x07, min = 0x10000;
        } else {
            break;
        }
        if (n - i <= need)
            break;
        size_t k = 1;
        for (; k <= need; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xC0) != 0x80)
                break;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (k <= need || cp < min || cp > 0x10FFFF ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            break;
        i += need + 1;
        count++;
    }
    *chars = count;
    return i;
}

/* Make room for one more field in the row's arrays. */
static bool row_grow(reader *r)
{
    size_t ncap = r->fields_cap ? r->fields_cap * 2 : 64;
    char **ptrs = realloc(r->ptrs, ncap * sizeof *ptrs);
    if (!ptrs)
        return false;
    r->ptrs = ptrs;
    size_t *lens = realloc(r->lens, ncap * sizeof *lens);
    if (!lens)
        return false;
    r->lens = lens;
    long *cols = realloc(r->cols, ncap * sizeof *cols);
    if (!cols)
        return false;
    r->cols = cols;
    long *lines = realloc(r->lines, ncap * sizeof *lines);
    if (!lines)
        return false;
    r->lines = lines;
    r->fields_cap = ncap;
    return true;
}

/* A field is complete: s[0..len) (already '\0'-terminated), starting at
 * line:col. Checks the caps and UTF-8. */
static void add_field(reader *r, char *s, size_t len, long line, long col)
{
    if (r->nfields >= BAR_CSV_COLS_MAX) {
        fail_at(r, BAR_ELIMIT, true, r->row_line, 0,
                "row has more than %d fields", BAR_CSV_COLS_MAX);
        return;
    }
    if (r->nfields >= r->fields_cap && !row_grow(r)) {
        fail_at(r, BAR_ENOMEM, true, r->row_line, 0, "out of memory");
        return;
    }
    if (len > BAR_CSV_FIELD_MAX) {
        fail_field(r, BAR_ELIMIT, false, r->nfields, "longer than %d bytes",
                   BAR_CSV_FIELD_MAX);
        r->row_bad = true;
    }
    size_t k = r->nfields++;
    r->ptrs[k] = s;
    r->lens[k] = len;
    r->lines[k] = line;
    r->cols[k] = col;
}

/* A row is complete: check its field count and hand it over. */
static void end_row(reader *r)
{
    if (r->stop)
        return;
    if (r->nrows == 0) {
        r->expected = r->nfields;
        if (!keep_names(r)) {
            fail_at(r, BAR_ENOMEM, true, r->row_line, 0, "out of memory");
            return;
        }
    } else if (r->nfields != r->expected) {
        fail_at(r, BAR_EPARSE, false, r->row_line, 0,
                "row has %zu field%s, the header has %zu", r->nfields,
                r->nfields == 1 ? "" : "s", r->expected);
        r->row_bad = true;
    }
    if (!r->row_bad && !r->stop && r->fn) {
        bar_csv_row row = {
            .nfields = r->nfields,
            .fields = r->ptrs,
            .lens = r->lens,
            .line = r->row_line,
            .lines = r->lines,
            .columns = r->cols,
        };
        bar_status rc = r->fn(r->ctx, &row, r->err);
        if (rc != BAR_OK) {
            r->stop = true;
            r->stop_rc = rc;
        }
    }
    r->nrows++;
    r->nfields = 0;
    r->row_bad = false;
}

/* The separator of the header line: ';' when it has more semicolons than
 * commas outside quotes, ',' otherwise. */
static unsigned char detect_separator(const unsigned char *p, size_t n)
{
    size_t commas = 0, semis = 0;
    bool quoted = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        else if (c == ',')
            commas++;
        else if (c == ';')
            semis++;
    }
    return semis > commas ? ';' : ',';
}

/* Scanning state: the position and where it is in the file. */
typedef struct scan {
    unsigned char *p;
    size_t n;
    size_t i;      /* next byte */
    long line;     /* of p[i] */
    long col;      /* of p[i], in characters */
} scan;

/* Report a bad byte of field k: invalid UTF-8 or NUL. */
static void bad_utf8(reader *r, size_t k, const unsigned char *s, size_t bad)
{
    char prefix[24];
    before(s, bad, prefix);
    if (s[bad] == 0)
        fail_field(r, BAR_EPARSE, false, k,
                   bad ? "NUL byte after '%s'" : "NUL byte%s", prefix);
    else
        fail_field(r, BAR_EPARSE, false, k,
                   bad ? "invalid UTF-8 (byte 0x%02X) after '%s'"
                       : "invalid UTF-8 (byte 0x%02X)%s",
                   s[bad], prefix);
    r->row_bad = true;
}

/* Byte classes of the unquoted scan. */
enum { PLAIN = 0, CHECK = 1, STOP = 2 };

/* An unquoted field at sc->i. cls[c] is STOP for the separator, the quote,
 * CR and LF, CHECK for NUL and non-ASCII bytes (UTF-8 to validate), PLAIN
 * otherwise. Returns the byte that ended the field (the separator, CR, LF)
 * or -1 at the end of the text. */
static int unquoted_field(reader *r, scan *sc, const unsigned char *cls)
{
    unsigned char *p = sc->p;
    size_t start = sc->i, j = start, n = sc->n;
    unsigned seen = PLAIN;
    for (; j < n; j++) {
        unsigned k = cls[p[j]];
        if (k == STOP)
            break;
        seen |= k;
    }
    if (j < n && p[j] == '"') {
        fail_field(r, BAR_EPARSE, true, r->nfields,
                   "quote inside an unquoted field (quote the whole field "
                   "and double the quote)");
        return -1;
    }
    int end = j < n ? p[j] : -1;
    size_t len = j - start, chars = len;
    if (seen != PLAIN) {
        size_t bad = utf8_scan(p + start, len, &chars);
        if (bad < len)
            bad_utf8(r, r->nfields, p + start, bad);
    }
    p[j] = '\0'; /* p[n] is writable too */
    add_field(r, (char *)p + start, len, sc->line, sc->col);
    sc->col += (long)chars + 1;
    sc->i = j < n ? j + 1 : n;
    return end;
}

/* A quoted field: sc->i is at its opening quote. Unescapes doubled quotes
 * in place and counts line ends inside. Returns the byte after the closing
 * quote (separator, CR, LF) or -1 at the end of the text or on a fault. */
static int quoted_field(reader *r, scan *sc, unsigned char sep)
{
    unsigned char *p = sc->p;
    size_t n = sc->n, open = sc->i;
    long line = sc->line, col = sc->col;
    size_t src = open + 1, dst = open + 1;
    long cur_line = sc->line, cur_col = sc->col + 1;
    for (;;) {
        if (src - open > RAW_FIELD_MAX) {
            fail_field(r, BAR_ELIMIT, true, r->nfields,
                       "quoted field is longer than %d bytes (is its "
                       "closing quote missing?)",
                       BAR_CSV_FIELD_MAX);
            return -1;
        }
        if (src >= n) {
            fail_field(r, BAR_EPARSE, true, r->nfields,
                       "unterminated quoted field (its opening quote is "
                       "never closed)");
            return -1;
        }
        unsigned char c = p[src];
        if (c == '"') {
            if (src + 1 < n && p[src + 1] == '"') {
                p[dst++] = '"';
                src += 2;
                cur_col += 2;
                continue;
            }
            break; /* the closing quote */
        }
        if (c == '\n' || (c == '\r' && (src + 1 >= n || p[src + 1] != '\n'))) {
            cur_line++;
            cur_col = 1;
        } else if ((c & 0xC0) != 0x80 && c != '\r') {
            cur_col++;
        }
        p[dst++] = c;
        src++;
    }
    size_t after = src + 1;
    int end = after < n ? p[after] : -1;
    if (end != -1 && end != sep && end != '\r' && end != '\n') {
        fail_field(r, BAR_EPARSE, true, r->nfields,
                   "text after the closing quote (a quote inside a quoted "
                   "field is written \"\")");
        return -1;
    }
    size_t len = dst - (open + 1), chars = 0;
    size_t bad = utf8_scan(p + open + 1, len, &chars);
    if (bad < len)
        bad_utf8(r, r->nfields, p + open + 1, bad);
    p[dst] = '\0'; /* dst <= src: the closing quote or before */
    add_field(r, (char *)p + open + 1, len, line, col);
    sc->line = cur_line;
    sc->col = cur_col + 2; /* the closing quote and the separator */
    sc->i = after < n ? after + 1 : n;
    return end;
}

/* The name of the encoding when p[0..n) is UTF-16 or UTF-32 rather than
 * UTF-8 (by its byte-order mark, or by NUL bytes next to the ASCII
 * letters of a header), else NULL. *bom gets the mark's length. */
static const char *wide_encoding(const unsigned char *p, size_t n,
                                 size_t *bom)
{
    *bom = 0;
    if (n >= 4 && p[0] == 0xFF && p[1] == 0xFE && p[2] == 0 && p[3] == 0)
        return *bom = 4, "UTF-32LE";
    if (n >= 4 && p[0] == 0 && p[1] == 0 && p[2] == 0xFE && p[3] == 0xFF)
        return *bom = 4, "UTF-32BE";
    if (n >= 2 && p[0] == 0xFF && p[1] == 0xFE)
        return *bom = 2, "UTF-16LE";
    if (n >= 2 && p[0] == 0xFE && p[1] == 0xFF)
        return *bom = 2, "UTF-16BE";
    /* No mark: "o\0r\0" (LE) or "\0o\0r" (BE). UTF-8 never has NUL. */
    if (n >= 4 && p[0] && !p[1] && p[2] && !p[3] && p[0] < 0x80)
        return "UTF-16LE";
    if (n >= 4 && !p[0] && p[1] && !p[2] && p[3] && p[1] < 0x80)
        return "UTF-16BE";
    return NULL;
}

/* Parse a writable text in place; see csv.h. */
bar_status bar_csv_parse_mut(char *data, size_t len, const char *name,
                             bar_csv_row_fn fn, void *ctx, bar_error *err)
{
    reader r = {
        .name = name,
        .fn = fn,
        .ctx = ctx,
        .err = err,
    };
    unsigned char *p = (unsigned char *)data;
    size_t n = data ? len : 0, bom = 0;
    const char *wide = wide_encoding(p, n, &bom);
    if (wide) {
        char mark[32] = "";
        if (bom)
            snprintf(mark, sizeof mark, " (byte-order mark %s)",
                     bom == 2 ? (p[0] == 0xFF ? "FF FE" : "FE FF")
                              : (p[0] == 0xFF ? "FF FE 00 00"
                                              : "00 00 FE FF"));
        fail_at(&r, BAR_EPARSE, true, 0, 0,
                "the file is %s%s, not UTF-8: save it as \"CSV UTF-8\" or "
                "convert it (iconv -f %s -t UTF-8)",
                wide, mark, wide);
        goto cleanup;
    }
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        p += 3;
        n -= 3;
    }
    if (n == 0) {
        fail_at(&r, BAR_EPARSE, true, 0, 0, "empty file");
        goto cleanup;
    }
    unsigned char sep = detect_separator(p, n);
    unsigned char cls[256] = {PLAIN};
    cls[0] = CHECK;
    for (int c = 0x80; c < 256; c++)
        cls[c] = CHECK;
    cls[sep] = cls['"'] = cls['\r'] = cls['\n'] = STOP;

    scan sc = {.p = p, .n = n, .i = 0, .line = 1, .col = 1};
    while (!r.stop) {
        /* Blank lines between rows are skipped. */
        while (sc.i < n && (p[sc.i] == '\r' || p[sc.i] == '\n')) {
            if (p[sc.i] == '\n' || sc.i + 1 >= n || p[sc.i + 1] != '\n')
                sc.line++;
            sc.i++;
        }
        sc.col = 1;
        if (sc.i >= n)
            break;
        r.row_line = sc.line;
        int end;
        do {
            end = sc.i < n && p[sc.i] == '"' ? quoted_field(&r, &sc, sep)
                                              : unquoted_field(&r, &sc, cls);
        } while (end == sep && !r.stop);
        if (r.stop)
            break;
        if (end == '\r' && sc.i < n && p[sc.i] == '\n')
            sc.i++;
        if (end != -1)
            sc.line++;
        end_row(&r);
    }
    if (!r.stop && r.nrows == 0)
        fail_at(&r, BAR_EPARSE, true, 0, 0, "empty file");
cleanup:
    free(r.ptrs);
    free(r.lens);
    free(r.cols);
    free(r.lines);
    free(r.names);
    free(r.name_len);
    return r.first != BAR_OK ? r.first : r.stop_rc;
}

/* Parse CSV text; see csv.h. The text is copied once, whole, into a
 * buffer the tokenizer may write to. */
bar_status bar_csv_parse(const char *data, size_t len, const char *name,
                         bar_csv_row_fn fn, void *ctx, bar_error *err)
{
    char *copy = malloc(len + 1);
    if (!copy)
        return bar_error_at(err, BAR_ENOMEM, name, 0, 0, NULL,
                            "out of memory");
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    bar_status rc = bar_csv_parse_mut(copy, len, name, fn, ctx, err);
    free(copy);
    return rc;
}

/* Parse the CSV file at path; see csv.h. */
bar_status bar_csv_parse_file(const char *path, bar_csv_row_fn fn, void *ctx,
                              bar_error *err)
{
    char *data = NULL;
    size_t len = 0;
    bar_status rc = bar_file_read(path, file_cap, &data, &len, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_csv_parse_mut(data, len, path, fn, ctx, err);
cleanup:
    free(data);
    return rc;
}

/* See csv.h. */
void bar_csv_trim_id(const char **s, size_t *n)
{
    const unsigned char *p = (const unsigned char *)*s;
    size_t a = 0, b = *n;
    for (;;) {
        if (a < b && (p[a] == ' ' || p[a] == '\t'))
            a++;
        else if (b - a >= 2 && p[a] == 0xC2 && p[a + 1] == 0xA0)
            a += 2;
        else
            break;
    }
    for (;;) {
        if (b > a && (p[b - 1] == ' ' || p[b - 1] == '\t'))
            b--;
        else if (b - a >= 2 && p[b - 2] == 0xC2 && p[b - 1] == 0xA0)
            b -= 2;
        else
            break;
    }
    *s += a;
    *n = b - a;
}

/* Damerau-Levenshtein distance (optimal string alignment) between a and
 * b, ASCII case ignored; both at most 64 bytes. */
static unsigned name_distance(const char *a, size_t an, const char *b,
                              size_t bn)
{
    unsigned d[65][65];
    for (size_t i = 0; i <= an; i++)
        d[i][0] = (unsigned)i;
    for (size_t j = 0; j <= bn; j++)
        d[0][j] = (unsigned)j;
    for (size_t i = 1; i <= an; i++) {
        for (size_t j = 1; j <= bn; j++) {
            char ca = (char)tolower((unsigned char)a[i - 1]);
            char cb = (char)tolower((unsigned char)b[j - 1]);
            unsigned best = d[i - 1][j - 1] + (ca != cb);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 &&
                ca == tolower((unsigned char)b[j - 2]) &&
                tolower((unsigned char)a[i - 2]) == cb &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    }
    return d[an][bn];
}

/* See csv.h. */
long bar_csv_suggest(const char *s, size_t len,
                     const char *(*name)(void *ctx, size_t i), void *ctx,
                     size_t n)
{
    if (len == 0 || len > 64)
        return -1;
    unsigned limit = len <= 4 ? 1 : len <= 9 ? 2 : 3;
    long best = -1;
    unsigned best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        const char *c = name(ctx, i);
        size_t cn = c ? strlen(c) : 0;
        if (!c || cn > 64 || (cn > len ? cn - len : len - cn) > limit)
            continue;
        unsigned d = name_distance(s, len, c, cn);
        if (d < best_d) {
            best_d = d;
            best = (long)i;
        }
    }
    return best;
}

/* Whether s is a plain decimal number: optional sign, digits with an
 * optional fraction, optional exponent. */
static bool is_number(const char *s)
{
    const char *p = s;
    if (*p == '+' || *p == '-')
        p++;
    size_t digits = 0;
    while (*p >= '0' && *p <= '9')
        p++, digits++;
    if (*p == '.') {
        p++;
        while (*p >= '0' && *p <= '9')
            p++, digits++;
    }
    if (digits == 0)
        return false;
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return false;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    return *p == '\0';
}

static bool is_trigger(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
           c == '\r';
}

/* Whether s, after any leading apostrophes, starts with a formula trigger
 * and is not a number. See bar_csv_guarded. */
static bool needs_guard(const char *s)
{
    while (*s == '\'')
        s++;
    return is_trigger(*s) && !is_number(s);
}

/* See csv.h. */
bool bar_csv_guarded(const char *s)
{
    return s && s[0] == '\'' && needs_guard(s);
}

/* Write one field; see csv.h. */
bool bar_csv_write_field(FILE *f, const char *s, bool neutralise)
{
    if (!s || !*s)
        return true;
    bool guard = neutralise && needs_guard(s);
    size_t n = strlen(s);
    bool quote = s[0] == ' ' || s[n - 1] == ' ' ||
                 strpbrk(s, ",;\"\r\n") != NULL;
    if (!quote)
        return (!guard || fputc('\'', f) != EOF) && fwrite(s, 1, n, f) == n;
    if (fputc('"', f) == EOF)
        return false;
    if (guard && fputc('\'', f) == EOF)
        return false;
    const char *run = s;
    for (const char *q = strchr(s, '"'); q; q = strchr(q + 1, '"')) {
        size_t k = (size_t)(q - run) + 1;
        if (fwrite(run, 1, k, f) != k || fputc('"', f) == EOF)
            return false;
        run = q + 1;
    }
    size_t rest = strlen(run);
    return fwrite(run, 1, rest, f) == rest && fputc('"', f) != EOF;
}
