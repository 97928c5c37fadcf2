/* table.h - the numbers of every figure as plain tables.
 *
 * One mapping from the results document (docs/results-schema.md) to
 * tables of cells, used by every output that shows numbers as a grid: the
 * accessible HTML table under each chart, the CSV download of each figure,
 * and the figure sheets of the Excel export. A figure gives one or more
 * tables (e.g. its numbers, then the comparison with the Nordic
 * benchmarks). Like every renderer it reads the document only and computes
 * no statistic; cells keep the full value, and say how many decimals to
 * show.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_TABLE_H
#define BAR_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "core/status.h"
#include "instrument/instrument.h"
#include "wave/study.h"

typedef enum bar_cell_kind {
    BAR_CELL_EMPTY,   /* nothing (suppressed, not available) */
    BAR_CELL_TEXT,    /* a label or a note */
    BAR_CELL_NUMBER   /* a value; shown with `decimals` decimals */
} bar_cell_kind;

typedef struct bar_cell {
    bar_cell_kind kind;
    const char *text;  /* TEXT: the text; owned by the table */
    double value;      /* NUMBER: the full value */
    int decimals;      /* NUMBER: decimals to show (0 for counts) */
    bool pvalue;       /* NUMBER: a p-value ("< 0,001" below 0.001) */
} bar_cell;

typedef struct bar_table bar_table;

/* The tables of one figure entry (borrowed) in lang. Variables (scale
 * items, model terms) are named by their labels in ins (borrowed; NULL:
 * the document's labels, else the variable names); benchmark countries by
 * their names in study (borrowed; NULL: their codes). On success *out is a
 * new array of *count tables, each released with bar_table_free, the array
 * with free(). A figure without numbers (a note only) gives 0 tables.
 * BAR_EINVALID when the entry does not follow the schema (message names
 * the figure id and field); BAR_ENOMEM. */
bar_status bar_tables_of_figure(const json_t *figure,
                                const bar_instrument *ins,
                                const bar_study *study, bar_lang lang,
                                bar_table ***out, size_t *count,
                                bar_error *err);
void bar_table_free(bar_table *t);

/* A short title ("Cijfers bij figuur 4", "Vergelijking") and an id unique
 * within the figure ("numbers", "comparison", "step-2"), for file and sheet
 * names. Owned by the table. */
const char *bar_table_title(const bar_table *t);
const char *bar_table_id(const bar_table *t);

size_t bar_table_ncols(const bar_table *t);
size_t bar_table_nrows(const bar_table *t);
/* Column header c; owned by the table. */
const char *bar_table_header(const bar_table *t, size_t c);
/* Cell (r, c); valid while the table lives. The first column holds the row
 * labels (an HTML renderer makes them <th scope="row">). */
const bar_cell *bar_table_cell(const bar_table *t, size_t r, size_t c);
/* A note under the table (e.g. which groups were merged), or NULL. */
const char *bar_table_note(const bar_table *t);

/* The number cell `cell` as a table shows it in lang (numfmt.h): its
 * decimals, thousands grouped, a p-value as "< 0,001" below 0.001; into
 * buf (size bytes; BAR_NUMFMT_MAX suffices). Returns buf ("" for a cell
 * that is not a number). */
const char *bar_table_number_text(const bar_cell *cell, bar_lang lang,
                                  char *buf, size_t size);

/* Write t as CSV to f, in the notation of the table's language so that a
 * spreadsheet of that language opens it as it is (docs/internals/
 * render.md): Dutch with ';' between fields and a decimal comma, English
 * with ',' and a decimal point (RFC 4180 quoting otherwise); a header
 * row; numbers rounded to the decimals the table shows, without thousands
 * separators, p-values below 0.001 with three significant digits
 * ("1,23e-04"; never 0); text neutralised against formula injection.
 * The results document keeps the full precision. BAR_EIO on a write
 * error. */
bar_status bar_table_write_csv(const bar_table *t, FILE *f, bar_error *err);

#endif
