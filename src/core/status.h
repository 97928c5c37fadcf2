/* status.h - one status enum for the whole library, and the error context.
 *
 * Every fallible function returns a bar_status (BAR_OK = 0) and, when it
 * fails, leaves a located, human-readable message on the bar_error the caller
 * passed in: the file, line, column and variable at fault where they are
 * known. The library never prints and never aborts; the command line decides
 * what to show and which exit status to use (bar_status_exit_code).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_STATUS_H
#define BAR_STATUS_H

#include <stddef.h>

typedef enum bar_status {
    BAR_OK = 0,
    BAR_ENOMEM,     /* an allocation failed */
    BAR_EIO,        /* a file or the operating system failed */
    BAR_EPARSE,     /* input is not well formed (CSV, JSON, UTF-8) */
    BAR_EINVALID,   /* well-formed input that breaks a rule of the instrument */
    BAR_ELIMIT,     /* input exceeds a cap (row count, field length, body) */
    BAR_EUSAGE,     /* the caller asked for something impossible */
    BAR_ENOTFOUND,  /* a named thing (wave, variable, file) does not exist */
    BAR_ESTORE,     /* the database refused or failed */
    BAR_ENUMERIC,   /* a numerical method failed (singular, no convergence) */
    BAR_ECONFLICT,  /* the operation would overwrite existing data */
    BAR_EUNAVAILABLE, /* the database cannot be reached just now (its
                         connection was lost); nothing of the operation
                         was committed, unless the loss came during the
                         commit itself: try again later */
    BAR_STATUS_COUNT
} bar_status;

/* A short, static description of a status code ("out of memory"). */
const char *bar_strerror(bar_status code);

/* The process exit status for a code: 0 for BAR_OK, 2 for bad input or
 * usage (EPARSE, EINVALID, ELIMIT, EUSAGE, ENOTFOUND), 1 for every failed
 * operation. */
int bar_status_exit_code(bar_status code);

enum { BAR_ERROR_MSG_MAX = 1024, BAR_ERROR_LOG_MAX = 50 };

/* The detailed error: the first failure's located message, and a log of up
 * to BAR_ERROR_LOG_MAX further messages for validators that keep going to
 * report every bad cell at once. Initialise with bar_error_init, release
 * with bar_error_clear. */
typedef struct bar_error {
    bar_status code;              /* BAR_OK while nothing failed */
    char msg[BAR_ERROR_MSG_MAX];  /* first message, located */
    size_t count;                 /* failures recorded, including the first */
    char *log;                    /* later messages, '\n'-separated; owned */
    size_t log_len;
    size_t log_lines;
} bar_error;

void bar_error_init(bar_error *err);
void bar_error_clear(bar_error *err);

/* Record a failure with a printf-style message. The first failure fills
 * err->msg; later ones go to err->log (beyond the cap they are only
 * counted). Returns code, so that `return bar_error_set(...)` reads well.
 * err may be NULL. */
bar_status bar_error_set(bar_error *err, bar_status code, const char *fmt,
                         ...) __attribute__((format(printf, 3, 4)));

/* As bar_error_set, prefixed with a location: "FILE:LINE:COLUMN: variable
 * 'VAR': ". Any of file (NULL), line (0), column (0) and var (NULL) may be
 * left out. */
bar_status bar_error_at(bar_error *err, bar_status code, const char *file,
                        long line, long column, const char *var,
                        const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/* As bar_error_set, for a cell of a file: "FILE:LINE: field N 'NAME': ",
 * where LINE is the line the row starts on and N the 1-based field; the
 * name is left out when NULL or empty, file and line as for bar_error_at.
 * The one way a cell is named in messages. */
bar_status bar_error_cell(bar_error *err, bar_status code, const char *file,
                          long line, size_t field, const char *name,
                          const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

#endif
