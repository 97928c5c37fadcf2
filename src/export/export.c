/* export.c - the table of exporters (export/export.h).
 *
 * The order of the table is the order of the formats in messages and
 * --help; the first module that accepts a name writes it.
 */
#include "export/export.h"

#include <stdio.h>
#include <string.h>

static const bar_exporter *const table[] = {
    &bar__exporter_csv,
    &bar__exporter_xlsx,
    &bar__exporter_sav,
};

size_t bar_exporter_count(void)
{
    return sizeof table / sizeof table[0];
}

const bar_exporter *bar_exporter_at(size_t i)
{
    return i < bar_exporter_count() ? table[i] : NULL;
}

const bar_exporter *bar_exporter_find(const char *path)
{
    for (size_t i = 0; i < bar_exporter_count(); i++)
        if (table[i]->accepts(path))
            return table[i];
    return NULL;
}

char *bar_exporter_extensions(char *buf, size_t size)
{
    size_t n = bar_exporter_count(), len = 0;
    if (size == 0)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < size; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        int w = snprintf(buf + len, size - len, "%s%s", sep,
                         table[i]->extension);
        if (w < 0)
            break;
        len += (size_t)w;
    }
    return buf;
}

bool bar__export_has_extension(const char *path, const char *ext)
{
    size_t n = strlen(path), m = strlen(ext);
    return n >= m && strcmp(path + n - m, ext) == 0;
}
