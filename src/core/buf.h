/* buf.h - a growable byte buffer with a hard size cap.
 *
 * Used for everything the program assembles in memory: HTML, SVG, JSON text,
 * SQL, request bodies. The cap (as curl's dynbuf "toobig") bounds what input
 * can make us allocate. After a failed append the buffer is emptied and keeps
 * failing with the same status, so a chain of appends needs one check at the
 * end (bar_buf_status).
 */
#ifndef BAR_BUF_H
#define BAR_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"

typedef struct bar_buf {
    char *data;       /* always '\0'-terminated when non-NULL */
    size_t len;
    size_t alloc;
    size_t cap;       /* maximum len */
    bar_status status;
} bar_buf;

/* Initialise an empty buffer that may hold at most cap bytes. */
void bar_buf_init(bar_buf *b, size_t cap);
/* Release the memory; the buffer may be reused after bar_buf_init. */
void bar_buf_clear(bar_buf *b);
/* Empty the buffer but keep its memory and cap; resets the status. */
void bar_buf_reset(bar_buf *b);

/* Append bytes, a string or a formatted string. Return BAR_ENOMEM or
 * BAR_ELIMIT on failure (the buffer is then emptied). */
bar_status bar_buf_add(bar_buf *b, const void *p, size_t n);
bar_status bar_buf_puts(bar_buf *b, const char *s);
bar_status bar_buf_printf(bar_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
bar_status bar_buf_vprintf(bar_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Append s with the five XML/HTML special characters escaped. */
bar_status bar_buf_put_html(bar_buf *b, const char *s);

/* Record a failure that happened outside the buffer while making what
 * was to be appended (an allocation of the caller's), so that the one
 * check at the end of a chain sees it: the buffer is emptied and keeps
 * failing, as after a failed append. Keeps an earlier failure; code
 * BAR_OK changes nothing. Returns the buffer's status. */
bar_status bar_buf_fail(bar_buf *b, bar_status code);

/* The first failure of any append since init/reset, or BAR_OK. */
bar_status bar_buf_status(const bar_buf *b);

/* Hand the contents to the caller, who frees them with free(); the buffer is
 * left empty. Returns NULL when empty or failed. */
char *bar_buf_take(bar_buf *b, size_t *len);

/* Make room for need elements of size bytes in the array *p of *alloc
 * elements (both the caller's; *p NULL and *alloc 0 to start), doubling
 * from 16. false on overflow or out of memory: *p and *alloc unchanged. */
bool bar_array_grow(void **p, size_t *alloc, size_t need, size_t size);

/* Read a whole file into a '\0'-terminated heap buffer that the caller
 * frees. Fails with BAR_EIO (message names the file) or BAR_ELIMIT when the
 * file is larger than cap. */
bar_status bar_file_read(const char *path, size_t cap, char **data,
                         size_t *len, bar_error *err);

/* Write len bytes to path atomically: a temporary file in the same folder,
 * flushed and renamed over path, so that a failure leaves nothing
 * half-written. */
bar_status bar_file_write_atomic(const char *path, const void *data,
                                 size_t len, bar_error *err);

#endif
