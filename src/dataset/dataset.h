/* dataset.h - the columnar table of cases x variables.
 *
 * A dataset has one column per variable of its instrument, in the
 * instrument's order, and one row per case (an organisation in a wave).
 * Numeric variables (INTEGER, CATEGORY, SINGLE, BINARY, NUMBER) are stored as
 * doubles with NAN for missing; CATEGORY values are the 0-based index of the
 * code. ID and TEXT variables are stored as strings (NULL for missing); their
 * numeric column reads NAN. Labels, codes and types come from the
 * instrument, which the dataset borrows: it must outlive the dataset.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_DATASET_H
#define BAR_DATASET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "instrument/instrument.h"

typedef struct bar_dataset bar_dataset;

/* The most rows a dataset accepts (a cap on imported input). */
enum { BAR_DATASET_MAX_ROWS = 10000000 };

/* A new, empty dataset over ins (borrowed). NULL when out of memory. */
bar_dataset *bar_dataset_new(const bar_instrument *ins);
void bar_dataset_free(bar_dataset *ds);

const bar_instrument *bar_dataset_instrument(const bar_dataset *ds);
size_t bar_dataset_nrows(const bar_dataset *ds);
size_t bar_dataset_ncols(const bar_dataset *ds); /* = instrument nvars */

/* Append a row of missing values; its index goes to *row. Fails with
 * BAR_ENOMEM or BAR_ELIMIT (more than BAR_DATASET_MAX_ROWS). */
bar_status bar_dataset_add_row(bar_dataset *ds, size_t *row);
/* Make room for n more rows in one go (optional; speeds up bulk loads). */
bar_status bar_dataset_reserve(bar_dataset *ds, size_t n);

/* Numeric cell; NAN when missing or when the column is ID/TEXT. */
double bar_dataset_get(const bar_dataset *ds, size_t row, size_t col);
void bar_dataset_set(bar_dataset *ds, size_t row, size_t col, double value);
/* A whole numeric column (nrows values). Valid until the next add_row. */
const double *bar_dataset_column(const bar_dataset *ds, size_t col);

/* String cell of an ID or TEXT column, NULL when missing; owned by the
 * dataset. */
const char *bar_dataset_get_str(const bar_dataset *ds, size_t row,
                                size_t col);
/* Copy s (NULL = missing) into an ID or TEXT cell. BAR_ENOMEM on failure. */
bar_status bar_dataset_set_str(bar_dataset *ds, size_t row, size_t col,
                               const char *s);

/* As bar_dataset_set_str, but takes ownership of s (a heap string, freed
 * with free(); NULL = missing) instead of copying it. On failure s is
 * freed. */
bar_status bar_dataset_take_str(bar_dataset *ds, size_t row, size_t col,
                                char *s);

/* Fill buf (ncols doubles) with one row's numeric values, as
 * bar_var_asked expects. */
void bar_dataset_row(const bar_dataset *ds, size_t row, double *buf);

/* Column index of a variable by name, or -1. */
long bar_dataset_col(const bar_dataset *ds, const char *name);

/* Check one case against the instrument: codes in range, texts within
 * their max_length in characters (code points, not bytes), questions not
 * asked of this case left empty. Each failure is added to err (located by file
 * and line when given, line = the CSV line of the row); returns BAR_OK or
 * BAR_EINVALID. */
bar_status bar_dataset_check_row(const bar_dataset *ds, size_t row,
                                 const char *file, long line,
                                 bar_error *err);
/* Where the cells of one case are in a file, for messages. Every pointer
 * may be NULL; arrays have one entry per variable. */
typedef struct bar_row_place {
    const char *file;
    long line;             /* the line where the row starts */
    const long *lines;     /* line of each cell (0: `line`) */
    const long *fields;    /* 1-based field number of each cell (0: not in
                              the file); with it, messages read
                              "FILE:LINE: field N 'name': ..." */
    const bool *unrouted;  /* true: skip the routing check of this
                              variable (the column deciding it is missing
                              and was reported once) */
} bar_row_place;

/* As bar_dataset_check_row, each message located at its cell. A question
 * answered but not asked names its condition, generated from the
 * instrument: "answered, but tech_new is asked only when tech_share >= 2;
 * here tech_share = 1". */
bar_status bar_dataset_check_row_at(const bar_dataset *ds, size_t row,
                                    const bar_row_place *at, bar_error *err);

/* Record where the rows were read from, so that later checks (the
 * store's) locate their messages as the importer does: file (copied),
 * fields[c] the 1-based field of variable c in it (0: not in the file;
 * ncols entries, copied), lines the line where each of the nrows rows
 * starts (a heap array, taken over: freed with the dataset, also on
 * failure; may be NULL). BAR_ENOMEM. The CSV importer calls it. */
bar_status bar_dataset_set_origin(bar_dataset *ds, const char *file,
                                  const long *fields, long *lines);

/* Record a fault of cell (row, col) on err, for checks made after the
 * import: "FILE:LINE: field N 'name': MSG" when the dataset knows where
 * the row came from, "variable 'name': case ROW+1: MSG" otherwise.
 * Returns code. */
bar_status bar_dataset_cell_error(const bar_dataset *ds, size_t row,
                                  size_t col, bar_status code, bar_error *err,
                                  const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Provenance. The organisations of a simulated wave have org_ids that
 * begin with BAR_DATASET_SIMULATED_PREFIX (`barometer simulate` numbers
 * them "sim-00001", ...; docs/simulator.md), so that its CSV says what it
 * is in every row without a column the codebook does not have. A dataset
 * is simulated when it was marked so (the store marks the dataset of a
 * wave it knows to be simulated) or when any org_id has the prefix. */
#define BAR_DATASET_SIMULATED_PREFIX "sim-"
void bar_dataset_mark_simulated(bar_dataset *ds);
bool bar_dataset_simulated(const bar_dataset *ds);

/* Describe the values variable col accepts, for messages: "1, 2 or 3",
 * "0 or 1", "2000 to 2100", "gem, gr or zbo". Written to buf (size bytes,
 * always terminated; a long list ends in "..."). */
void bar_dataset_expected(const bar_dataset *ds, size_t col, char *buf,
                          size_t size);

#endif
