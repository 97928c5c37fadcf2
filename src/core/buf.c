/* buf.c - growable capped buffer and whole-file helpers. */
#include "core/buf.h"

#include "core/afile.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bar_buf_init(bar_buf *b, size_t cap)
{
    *b = (bar_buf){.cap = cap, .status = BAR_OK};
}

void bar_buf_clear(bar_buf *b)
{
    if (!b)
        return;
    free(b->data);
    *b = (bar_buf){0};
}

void bar_buf_reset(bar_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
    b->status = BAR_OK;
}

static bar_status fail(bar_buf *b, bar_status code)
{
    free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
    b->status = code;
    return code;
}

bar_status bar_buf_fail(bar_buf *b, bar_status code)
{
    if (b->status != BAR_OK || code == BAR_OK)
        return b->status;
    return fail(b, code);
}

static bar_status reserve(bar_buf *b, size_t extra)
{
    if (b->status != BAR_OK)
        return b->status;
    if (extra > b->cap || b->len > b->cap - extra)
        return fail(b, BAR_ELIMIT);
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return BAR_OK;
    size_t grow = b->alloc ? b->alloc : 256;
    while (grow < need)
        grow = grow > SIZE_MAX / 2 ? need : grow * 2;
    char *p = realloc(b->data, grow);
    if (!p)
        return fail(b, BAR_ENOMEM);
    b->data = p;
    b->alloc = grow;
    return BAR_OK;
}

bar_status bar_buf_add(bar_buf *b, const void *p, size_t n)
{
    bar_status rc = reserve(b, n);
    if (rc != BAR_OK)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return BAR_OK;
}

bar_status bar_buf_puts(bar_buf *b, const char *s)
{
    return bar_buf_add(b, s, strlen(s));
}

bar_status bar_buf_vprintf(bar_buf *b, const char *fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
        return fail(b, BAR_EUSAGE);
    bar_status rc = reserve(b, (size_t)n);
    if (rc != BAR_OK)
        return rc;
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
    return BAR_OK;
}

bar_status bar_buf_printf(bar_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bar_status rc = bar_buf_vprintf(b, fmt, ap);
    va_end(ap);
    return rc;
}

bar_status bar_buf_put_html(bar_buf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        bar_buf_add(b, run, (size_t)(s - run));
        bar_buf_puts(b, rep);
        run = s + 1;
    }
    return bar_buf_add(b, run, (size_t)(s - run));
}

bar_status bar_buf_status(const bar_buf *b)
{
    return b->status;
}

char *bar_buf_take(bar_buf *b, size_t *len)
{
    char *p = b->status == BAR_OK ? b->data : NULL;
    if (len)
        *len = p ? b->len : 0;
    if (!p)
        free(b->data);
    b->data = NULL;
    b->len = b->alloc = 0;
    return p;
}

bool bar_array_grow(void **p, size_t *alloc, size_t need, size_t size)
{
    if (need <= *alloc)
        return true;
    if (size == 0 || need > SIZE_MAX / size)
        return false;
    size_t n = *alloc ? *alloc : 16;
    while (n < need)
        n = n > SIZE_MAX / 2 ? need : n * 2;
    if (n > SIZE_MAX / size)
        n = need;
    void *q = realloc(*p, n * size);
    if (!q)
        return false;
    *p = q;
    *alloc = n;
    return true;
}

bar_status bar_file_read(const char *path, size_t cap, char **data,
                         size_t *len, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_buf b;
    bar_buf_init(&b, cap);
    *data = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        rc = bar_error_at(err, BAR_EIO, path, 0, 0, NULL, "cannot open: %s",
                          strerror(errno));
        goto cleanup;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (bar_buf_add(&b, chunk, n) != BAR_OK) {
            rc = b.status == BAR_ELIMIT
                     ? bar_error_at(err, BAR_ELIMIT, path, 0, 0, NULL,
                                    "file is larger than %zu bytes", cap)
                     : bar_error_set(err, BAR_ENOMEM, "%s: out of memory",
                                     path);
            goto cleanup;
        }
    }
    if (ferror(f)) {
        rc = bar_error_at(err, BAR_EIO, path, 0, 0, NULL, "read failed");
        goto cleanup;
    }
    if (bar_buf_add(&b, "", 0) != BAR_OK) { /* make sure data is allocated */
        rc = bar_error_set(err, BAR_ENOMEM, "%s: out of memory", path);
        goto cleanup;
    }
    *data = bar_buf_take(&b, len);
cleanup:
    if (f)
        fclose(f);
    bar_buf_clear(&b);
    return rc;
}

bar_status bar_file_write_atomic(const char *path, const void *data,
                                 size_t len, bar_error *err)
{
    bar_afile *af = NULL;
    bar_status rc = bar_afile_open(path, 0, &af, err);
    if (rc != BAR_OK)
        return rc;
    if (len && fwrite(data, 1, len, bar_afile_stream(af)) != len) {
        bar_afile_abort(af);
        return bar_error_at(err, BAR_EIO, path, 0, 0, NULL, "write failed");
    }
    return bar_afile_commit(af, err);
}
