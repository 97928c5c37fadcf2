/* status.c - status codes and the error context. */
#include "core/status.h"
#include "core/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const messages[BAR_STATUS_COUNT] = {
    [BAR_OK] = N_("no error"),
    [BAR_ENOMEM] = N_("out of memory"),
    [BAR_EIO] = N_("input/output error"),
    [BAR_EPARSE] = N_("malformed input"),
    [BAR_EINVALID] = N_("invalid data"),
    [BAR_ELIMIT] = N_("input exceeds a limit"),
    [BAR_EUSAGE] = N_("bad usage"),
    [BAR_ENOTFOUND] = N_("not found"),
    [BAR_ESTORE] = N_("database error"),
    [BAR_ENUMERIC] = N_("numerical failure"),
    [BAR_ECONFLICT] = N_("conflict with existing data"),
    [BAR_EUNAVAILABLE] = N_("the database is unavailable"),
};

const char *bar_strerror(bar_status code)
{
    if ((int)code < 0 || code >= BAR_STATUS_COUNT)
        return N_("unknown error");
    return messages[code];
}

int bar_status_exit_code(bar_status code)
{
    switch (code) {
    case BAR_OK:
        return 0;
    case BAR_EPARSE:
    case BAR_EINVALID:
    case BAR_ELIMIT:
    case BAR_EUSAGE:
    case BAR_ENOTFOUND:
        return 2;
    default:
        return 1;
    }
}

void bar_error_init(bar_error *err)
{
    *err = (bar_error){.code = BAR_OK};
}

void bar_error_clear(bar_error *err)
{
    if (!err)
        return;
    free(err->log);
    bar_error_init(err);
}

/* Append one line to the log; silently drops it when memory is short or the
 * cap is reached (the count still says how many there were). */
static void log_append(bar_error *err, const char *line)
{
    if (err->log_lines >= BAR_ERROR_LOG_MAX)
        return;
    size_t n = strlen(line);
    char *grown = realloc(err->log, err->log_len + n + 2);
    if (!grown)
        return;
    err->log = grown;
    memcpy(err->log + err->log_len, line, n);
    err->log_len += n;
    err->log[err->log_len++] = '\n';
    err->log[err->log_len] = '\0';
    err->log_lines++;
}

__attribute__((format(printf, 4, 0))) static bar_status
record(bar_error *err, bar_status code, const char *prefix, const char *fmt,
       va_list ap)
{
    if (!err)
        return code;
    char buf[BAR_ERROR_MSG_MAX];
    size_t used = (size_t)snprintf(buf, sizeof buf, "%s", prefix);
    if (used < sizeof buf)
        vsnprintf(buf + used, sizeof buf - used, fmt, ap);
    if (err->count == 0) {
        err->code = code;
        memcpy(err->msg, buf, sizeof buf);
    } else {
        log_append(err, buf);
    }
    err->count++;
    return code;
}

bar_status bar_error_set(bar_error *err, bar_status code, const char *fmt,
                         ...)
{
    va_list ap;
    va_start(ap, fmt);
    record(err, code, "", fmt, ap);
    va_end(ap);
    return code;
}

bar_status bar_error_at(bar_error *err, bar_status code, const char *file,
                        long line, long column, const char *var,
                        const char *fmt, ...)
{
    char prefix[512] = "";
    size_t n = 0;
    if (file)
        n += (size_t)snprintf(prefix + n, sizeof prefix - n, "%s:", file);
    if (line > 0 && n < sizeof prefix)
        n += (size_t)snprintf(prefix + n, sizeof prefix - n, "%ld:", line);
    if (column > 0 && n < sizeof prefix)
        n += (size_t)snprintf(prefix + n, sizeof prefix - n, "%ld:", column);
    if (n > 0 && n < sizeof prefix)
        n += (size_t)snprintf(prefix + n, sizeof prefix - n, " ");
    if (var && n < sizeof prefix)
        snprintf(prefix + n, sizeof prefix - n, "variable '%s': ", var);
    va_list ap;
    va_start(ap, fmt);
    record(err, code, prefix, fmt, ap);
    va_end(ap);
    return code;
}

bar_status bar_error_cell(bar_error *err, bar_status code, const char *file,
                          long line, size_t field, const char *name,
                          const char *fmt, ...)
{
    char prefix[768] = "";
    size_t n = 0;
    if (file)
        n += (size_t)snprintf(prefix + n, sizeof prefix - n, "%s:", file);
    if (line > 0 && n < sizeof prefix)
        n += (size_t)snprintf(prefix + n, sizeof prefix - n, "%ld:", line);
    if (n > 0 && n < sizeof prefix)
        n += (size_t)snprintf(prefix + n, sizeof prefix - n, " ");
    if (n < sizeof prefix) {
        if (name && *name)
            snprintf(prefix + n, sizeof prefix - n, "field %zu '%s': ",
                     field, name);
        else
            snprintf(prefix + n, sizeof prefix - n, "field %zu: ", field);
    }
    va_list ap;
    va_start(ap, fmt);
    record(err, code, prefix, fmt, ap);
    va_end(ap);
    return code;
}
