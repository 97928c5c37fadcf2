/* csv.c - the CSV reader (on libcsv) with positions, UTF-8 checks and caps,
 * and the RFC 4180 field writer.
 *
 * libcsv's callbacks say where a field or a row ends but not where it
 * started. To locate every field, the input is fed to libcsv in chunks that
 * end at the first "special" byte (separator, quote, CR, LF): a callback can
 * then only fire on the last byte of a chunk, so the next field starts at
 * the first byte of the next chunk (after the row's line ends when a row
 * ended). Line and column are counted here as the bytes are fed. Columns
 * count characters (UTF-8 sequences), 1-based.
 */
#include "dataset/csv.h"

#include <csv.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* Bytes a field may take in the file (quotes and doubled quotes included)
 * before the read stops: bounds what libcsv buffers for one field. */
enum { RAW_FIELD_MAX = 2 * BAR_CSV_FIELD_MAX + 2 };

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

    /* Position of the next byte fed to libcsv. */
    long line;
    long col;
    /* Start of the current field. */
    bool need_start;    /* the next fed byte starts a field */
    bool at_row_start;  /* ... and line ends before it are skipped */
    long start_line;
    long start_col;
    size_t start_off;
    bool start_quoted;

    /* The current row: field bytes, each '\0'-terminated, in one arena. */
    size_t nfields;
    size_t expected;    /* field count of the header; 0 before it */
    size_t nrows;       /* rows completed, the header included */
    bool row_bad;       /* a field of this row was refused */
    long row_line;
    char *arena;
    size_t arena_len;
    size_t arena_cap;
    size_t fields_cap;
    size_t *offs;
    size_t *lens;
    long *lines;
    long *cols;
    char **ptrs;

    /* The header's field names, for messages: names[k] points into
     * header (owned), cut at NAME_SHOWN bytes. */
    char *header;
    char **names;
    size_t nnames;
} reader;

/* Bytes of a column name shown in a message. */
enum { NAME_SHOWN = 64 };

/* Whether the error log is full (or, without an error context, whether any
 * error was seen: nobody would read the rest). */
static bool too_many(const reader *r)
{
    if (!r->err)
        return r->nerrors > 0;
    return r->err->count >= BAR_ERROR_LOG_MAX;
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
    if (r->first == BAR_OK)
        r->first = code;
    r->nerrors++;
    if (fatal || too_many(r))
        r->stop = true;
}

/* The line where the current row starts. */
static long row_start(const reader *r)
{
    return r->nfields ? r->row_line : r->start_line;
}

/* Record an error of field k (0-based) of the row that starts on line:
 * "field N 'name': ..." with the header's name of that column. */
__attribute__((format(printf, 6, 7))) static void
fail_field(reader *r, bar_status code, bool fatal, long line, size_t k,
           const char *fmt, ...)
{
    char msg[BAR_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->nrows > 0 && k < r->nnames)
        fail_at(r, code, fatal, line, 0, "field %zu '%s': %s", k + 1,
                r->names[k], msg);
    else
        fail_at(r, code, fatal, line, 0, "field %zu: %s", k + 1, msg);
}

/* Keep the header's names (the current row) for messages. */
static bool keep_names(reader *r)
{
    size_t total = 0;
    for (size_t k = 0; k < r->nfields; k++)
        total += (r->lens[k] < NAME_SHOWN ? r->lens[k] : NAME_SHOWN) + 1;
    r->header = malloc(total + 1);
    r->names = malloc((r->nfields + 1) * sizeof *r->names);
    if (!r->header || !r->names)
        return false;
    char *p = r->header;
    for (size_t k = 0; k < r->nfields; k++) {
        const char *s = r->arena + r->offs[k];
        size_t n = r->lens[k];
        if (n > NAME_SHOWN) {
            n = NAME_SHOWN;
            while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
                n--; /* cut at a character boundary */
        }
        memcpy(p, s, n);
        p[n] = '\0';
        r->names[k] = p;
        p += n + 1;
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

/* Index of the first byte of s[0..n) that is not valid UTF-8 (or is NUL),
 * or n when all is well. Overlong forms, surrogates and code points above
 * U+10FFFF are invalid. */
static size_t utf8_check(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            if (c == 0)
                return i;
            i++;
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
            return i;
        }
        if (n - i <= need)
            return i;
        for (size_t k = 1; k <= need; k++) {
            unsigned cc = s[i + k];
            if ((cc & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += need + 1;
    }
    return n;
}

/* Make room for one more field and len + 1 more arena bytes. */
static bool row_grow(reader *r, size_t len)
{
    if (r->nfields == r->fields_cap) {
        size_t ncap = r->fields_cap ? r->fields_cap * 2 : 64;
        size_t *offs = realloc(r->offs, ncap * sizeof *offs);
        if (!offs)
            return false;
        r->offs = offs;
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
        char **ptrs = realloc(r->ptrs, ncap * sizeof *ptrs);
        if (!ptrs)
            return false;
        r->ptrs = ptrs;
        r->fields_cap = ncap;
    }
    if (r->arena_cap - r->arena_len < len + 1) {
        size_t ncap = r->arena_cap ? r->arena_cap : 4096;
        while (ncap - r->arena_len < len + 1)
            ncap *= 2;
        char *arena = realloc(r->arena, ncap);
        if (!arena)
            return false;
        r->arena = arena;
        r->arena_cap = ncap;
    }
    return true;
}

/* libcsv: a field ended. */
static void on_field(void *s, size_t len, void *data)
{
    reader *r = data;
    if (r->stop)
        return;
    if (r->nfields == 0)
        r->row_line = r->start_line;
    if (r->nfields >= BAR_CSV_COLS_MAX) {
        fail_at(r, BAR_ELIMIT, true, r->row_line, 0,
                "row has more than %d fields", BAR_CSV_COLS_MAX);
        return;
    }
    const unsigned char *bytes = s ? s : (const unsigned char *)"";
    if (!s)
        len = 0;
    if (len > BAR_CSV_FIELD_MAX) {
        fail_field(r, BAR_ELIMIT, false, r->row_line, r->nfields,
                   "longer than %d bytes", BAR_CSV_FIELD_MAX);
        r->row_bad = true;
        len = 0;
    } else {
        size_t bad = utf8_check(bytes, len);
        if (bad < len) {
            char prefix[24];
            before(bytes, bad, prefix);
            if (bytes[bad] == 0)
                fail_field(r, BAR_EPARSE, false, r->row_line, r->nfields,
                           bad ? "NUL byte after '%s'" : "NUL byte%s",
                           prefix);
            else
                fail_field(r, BAR_EPARSE, false, r->row_line, r->nfields,
                           bad ? "invalid UTF-8 (byte 0x%02X) after '%s'"
                               : "invalid UTF-8 (byte 0x%02X)%s",
                           bytes[bad], prefix);
            r->row_bad = true;
            len = 0;
        }
    }
    if (!row_grow(r, len)) {
        fail_at(r, BAR_ENOMEM, true, r->row_line, 0, "out of memory");
        return;
    }
    size_t k = r->nfields++;
    r->offs[k] = r->arena_len;
    r->lens[k] = len;
    r->cols[k] = r->start_col;
    r->lines[k] = r->start_line;
    if (len)
        memcpy(r->arena + r->arena_len, bytes, len);
    r->arena[r->arena_len + len] = '\0';
    r->arena_len += len + 1;
    r->need_start = true;
}

/* libcsv: a row ended. */
static void on_row(int c, void *data)
{
    (void)c;
    reader *r = data;
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
        for (size_t k = 0; k < r->nfields; k++)
            r->ptrs[k] = r->arena + r->offs[k];
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
    r->arena_len = 0;
    r->row_bad = false;
    r->need_start = true;
    r->at_row_start = true;
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

/* libcsv tells no character class apart from spaces and line ends; we keep
 * spaces as they are (an open answer keeps its spacing). */
static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Parse CSV text; see csv.h. */
bar_status bar_csv_parse(const char *data, size_t len, const char *name,
                         bar_csv_row_fn fn, void *ctx, bar_error *err)
{
    reader r = {
        .name = name,
        .fn = fn,
        .ctx = ctx,
        .err = err,
        .line = 1,
        .col = 1,
        .need_start = true,
        .at_row_start = true,
    };
    struct csv_parser parser;
    bool parser_ok = false;
    const unsigned char *p = (const unsigned char *)data;
    size_t n = data ? len : 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        p += 3;
        n -= 3;
    }
    if (n == 0) {
        fail_at(&r, BAR_EPARSE, true, 0, 0, "empty file");
        goto cleanup;
    }
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        fail_at(&r, BAR_ENOMEM, true, 0, 0, "out of memory");
        goto cleanup;
    }
    parser_ok = true;
    unsigned char sep = detect_separator(p, n);
    csv_set_delim(&parser, sep);
    csv_set_space_func(&parser, no_space);

    bool special[256] = {false};
    special[sep] = special['"'] = special['\r'] = special['\n'] = true;

    size_t i = 0;
    while (i < n && !r.stop) {
        /* Up to the next special byte, counting UTF-8 continuation bytes
         * on the way (they do not advance the column). */
        size_t j = i, cont = 0;
        while (j < n && !special[p[j]]) {
            cont += (p[j] & 0xC0) == 0x80;
            j++;
        }
        size_t end = j < n ? j + 1 : n;
        if (r.need_start &&
            !(r.at_row_start && (p[i] == '\r' || p[i] == '\n'))) {
            r.need_start = false;
            r.at_row_start = false;
            r.start_line = r.line;
            r.start_col = r.col;
            r.start_off = i;
            r.start_quoted = p[i] == '"';
        }
        if (!r.need_start && end - r.start_off > RAW_FIELD_MAX) {
            if (r.start_quoted)
                fail_field(&r, BAR_ELIMIT, true, row_start(&r), r.nfields,
                           "quoted field is longer than %d bytes "
                           "(is its closing quote missing?)",
                           BAR_CSV_FIELD_MAX);
            else
                fail_field(&r, BAR_ELIMIT, true, row_start(&r), r.nfields,
                           "longer than %d bytes", BAR_CSV_FIELD_MAX);
            break;
        }
        size_t done = csv_parse(&parser, p + i, end - i, on_field, on_row,
                                &r);
        if (r.stop)
            break;
        if (done != end - i) {
            if (csv_error(&parser) == CSV_EPARSE) {
                if (r.start_quoted)
                    fail_field(&r, BAR_EPARSE, true, row_start(&r),
                               r.nfields,
                               "text after the closing quote (a quote "
                               "inside a quoted field is written \"\")");
                else
                    fail_field(&r, BAR_EPARSE, true, row_start(&r),
                               r.nfields,
                               "quote inside an unquoted field (quote the "
                               "whole field and double the quote)");
            } else {
                fail_at(&r, BAR_ENOMEM, true, r.line, r.col, "out of memory");
            }
            break;
        }
        unsigned char last = p[end - 1];
        if (last == '\n' || (last == '\r' && (end == n || p[end] != '\n'))) {
            r.line++;
            r.col = 1;
        } else {
            /* Special bytes are ASCII: each is one column. */
            r.col += (long)(end - i - cont);
        }
        i = end;
    }
    if (!r.stop) {
        if (r.need_start && !r.at_row_start) {
            /* The last field is empty and nothing follows ("a,b,"). */
            r.start_line = r.line;
            r.start_col = r.col;
        }
        if (csv_fini(&parser, on_field, on_row, &r) != 0 && !r.stop) {
            if (csv_error(&parser) == CSV_EPARSE)
                fail_field(&r, BAR_EPARSE, true, row_start(&r), r.nfields,
                           "unterminated quoted field (its opening quote "
                           "is never closed)");
            else
                fail_at(&r, BAR_ENOMEM, true, r.line, r.col, "out of memory");
        }
    }
    if (!r.stop && r.nrows == 0)
        fail_at(&r, BAR_EPARSE, true, 0, 0, "empty file");
cleanup:
    if (parser_ok)
        csv_free(&parser);
    free(r.arena);
    free(r.offs);
    free(r.lens);
    free(r.cols);
    free(r.lines);
    free(r.ptrs);
    free(r.header);
    free(r.names);
    return r.first != BAR_OK ? r.first : r.stop_rc;
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
    rc = bar_csv_parse(data, len, path, fn, ctx, err);
cleanup:
    free(data);
    return rc;
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
