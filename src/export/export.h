/* export.h - the exporters of a wave, as a table.
 *
 * Every output format of `barometer export` (CSV, Excel, SPSS) is one
 * module that fills a bar_exporter: a name, the file extension it writes,
 * a test of whether it accepts a file name, and a write function. A
 * caller does not know the formats: it asks the table for the first module
 * that accepts the output's name (bar_exporter_find), gives it what it
 * needs (the wave's responses, and the results document when the module
 * says it wants one) and lets it write. A new format is a new file in
 * src/export/ and one line in the table of export.c; nothing else changes.
 * The idea is that of ReadStat's command line (rs_module_t: accept,
 * then write).
 *
 * Every module writes atomically (core/afile.h): a failure leaves nothing
 * half-written, a new file is private (0600 less the umask).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_EXPORT_H
#define BAR_EXPORT_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/status.h"
#include "dataset/dataset.h"
#include "wave/study.h"

/* What an exporter writes from; all of it borrowed for the call. */
typedef struct bar_export_input {
    const bar_dataset *ds;  /* the wave's responses (frame and asked
                               variables are written, not derived ones) */
    const json_t *results;  /* the results document of the same data, or
                               NULL; only read by a module with
                               needs_results (and optional even there) */
    bar_lang lang;          /* language of the file's words and labels
                               (the figure and 'over' sheets of .xlsx,
                               the labels of .sav); the instrument's
                               labels are nl or en (bar_lang_label) */
    const bar_study *study; /* the wave's study (country names of the
                               figure sheets), or NULL */
} bar_export_input;

/* One output format. */
typedef struct bar_exporter {
    const char *name;       /* short name: "csv", "xlsx", "sav" */
    const char *extension;  /* what an accepted name ends in: ".csv" */
    bool needs_results;     /* whether write reads in->results */
    /* Whether this module writes the file named path (by its extension). */
    bool (*accepts)(const char *path);
    /* Write in to path whole or not at all. BAR_EIO when the file cannot
     * be written, BAR_ELIMIT when a value does not fit the format,
     * BAR_EINVALID when the results break their schema, BAR_ENOMEM. */
    bar_status (*write)(const bar_export_input *in, const char *path,
                        bar_error *err);
} bar_exporter;

/* The number of exporters in the table, and exporter i (0-based, i below
 * the count; the table is static, nothing to free). */
size_t bar_exporter_count(void);
const bar_exporter *bar_exporter_at(size_t i);

/* The first exporter that accepts path, or NULL when none does. */
const bar_exporter *bar_exporter_find(const char *path);

/* The accepted extensions as words for a message, in table order:
 * ".csv, .xlsx or .sav", into buf (size bytes, always '\0'-terminated,
 * cut short when it does not fit). Returns buf. */
char *bar_exporter_extensions(char *buf, size_t size);

/* Whether path ends in ext (".csv"), case counting: the test
 * the modules' accepts functions share. */
bool bar__export_has_extension(const char *path, const char *ext);

/* The modules of the table (export_csv.c, export_xlsx.c, export_sav.c). */
extern const bar_exporter bar__exporter_csv;
extern const bar_exporter bar__exporter_xlsx;
extern const bar_exporter bar__exporter_sav;

#endif
