/* csv.h - reading and writing CSV files.
 *
 * The reader accepts what survey tools and Dutch Excel produce: a UTF-8 BOM,
 * `,` or `;` as separator (detected from the header line), CRLF or LF line
 * ends, RFC 4180 quoting with separators and newlines inside quotes. It
 * checks that every field is valid UTF-8, that no row is ragged, that no
 * field exceeds a cap, and it reports any fault at the line where its row
 * starts, with the field's number and header name ("t.csv:4: field 5
 * 'size': ..."). Rows carry the line and column (1-based, in characters)
 * of every field. It tokenizes in place: fields are not copied. The
 * writer quotes as RFC 4180
 * requires and can neutralise cells a spreadsheet would run as a formula.
 *
 * It knows nothing of surveys: dataset/dataset_csv.h maps a responses CSV
 * to and from a dataset on top of it; the store, the benchmarks, the
 * figure tables and the simulator use it directly.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_CORE_CSV_H
#define BAR_CORE_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/status.h"

enum {
    BAR_CSV_FIELD_MAX = 65536,  /* bytes in one field (open answers) */
    BAR_CSV_COLS_MAX = 4096     /* fields in one row */
};

/* One parsed row, handed to the row callback. fields[i] points into the
 * text being parsed (it is not copied), is '\0'-terminated and must not be
 * used after the callback returns. */
typedef struct bar_csv_row {
    size_t nfields;
    char **fields;
    size_t *lens;
    long line;     /* line of the row's first character */
    long *lines;   /* line of each field's first character (a quoted
                      field with a newline moves the next ones down) */
    long *columns; /* column of each field's first character */
} bar_csv_row;

/* Called for every row, the header included (row->line == 1 normally).
 * Return BAR_OK to go on; any other status stops the read and is returned
 * (the callback has put the message on err). */
typedef bar_status (*bar_csv_row_fn)(void *ctx, const bar_csv_row *row,
                                     bar_error *err);

/* Parse CSV text (copied once, whole, into a buffer the tokenizer writes
 * to; need not be '\0'-terminated). name is used in messages. fn (may
 * be NULL) gets every row that passed the checks.
 * Empty input is BAR_EPARSE ("empty file"); so is a UTF-16 or UTF-32 text
 * (a byte-order mark, or NUL bytes between ASCII letters), with one
 * message that says so. A stray or unterminated quote
 * (EPARSE), a quoted field longer than twice the cap in the file (an
 * unclosed quote, most likely), more than
 * BAR_CSV_COLS_MAX fields or no memory (ELIMIT, ENOMEM) stop the read. A
 * ragged row (field count differs from the header; EPARSE), invalid UTF-8
 * or a NUL byte (EPARSE) and a field over BAR_CSV_FIELD_MAX (ELIMIT) are
 * recorded, the row is skipped, and the read goes on until err holds
 * BAR_ERROR_LOG_MAX messages. Returns the first status recorded, else what
 * fn returned to stop, else BAR_OK. */
bar_status bar_csv_parse(const char *data, size_t len, const char *name,
                         bar_csv_row_fn fn, void *ctx, bar_error *err);
/* As bar_csv_parse, tokenizing data in place: no copy at all. data must
 * hold len + 1 writable bytes (bar_file_read's buffers do); the text is
 * overwritten (field ends become '\0', doubled quotes are unescaped). */
bar_status bar_csv_parse_mut(char *data, size_t len, const char *name,
                             bar_csv_row_fn fn, void *ctx, bar_error *err);
/* As bar_csv_parse, reading the file at path (capped at 4 GiB). */
bar_status bar_csv_parse_file(const char *path, bar_csv_row_fn fn, void *ctx,
                              bar_error *err);

/* Append one field to f (NULL or "" writes nothing), quoted when it holds
 * a separator (',' or ';'), a quote, CR or LF, or starts or ends with a
 * space. With neutralise, a value that starts with '=', '+', '-', '@', tab
 * or CR and is not a number gets a leading apostrophe; so does such a value
 * that already starts with apostrophes ("'=x" is written "''=x"), which
 * makes the guard reversible (bar_csv_guarded). Returns false on a write
 * error. */
bool bar_csv_write_field(FILE *f, const char *s, bool neutralise);

/* Whether s carries the apostrophe that bar_csv_write_field adds: one or
 * more apostrophes followed by a formula trigger, not a number. A reader
 * drops the first character of such a value to get back what was
 * written. */
bool bar_csv_guarded(const char *s);

/* Trim what surrounds an identifier: spaces, tabs and no-break spaces
 * (U+00A0, which spreadsheets paste) on both ends of s[0..*n); *s and *n
 * are updated. The frame and the responses importers both trim org_id
 * this way, so " A1 " and "A1" are the same organisation. */
void bar_csv_trim_id(const char **s, size_t *n);

/* For an unknown column name s[0..len): the index of the closest of n
 * candidate names when it is close enough to be a typo (case ignored;
 * Damerau-Levenshtein distance at most 1 for names of up to 4
 * characters, 2 up to 9, 3 beyond), else -1. name(ctx, i) gives candidate
 * i, or NULL to pass it over. */
long bar_csv_suggest(const char *s, size_t len,
                     const char *(*name)(void *ctx, size_t i), void *ctx,
                     size_t n);

#endif
