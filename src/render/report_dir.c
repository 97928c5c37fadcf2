/* report_dir.c - the report folder (see report_dir.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/afile.h"
#include "render/report_dir.h"
#include "render/report_html.h"
#include "render/table.h"
#include "results/results.h"

enum { MAX_HTML = 64 * 1024 * 1024 };

static bar_status make_dir(const char *dir, bar_error *err)
{
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return bar_error_set(err, BAR_EIO, "%s: cannot create the folder: %s",
                             dir, strerror(errno));
    return BAR_OK;
}

static bar_status path_join(char *buf, size_t size, const char *dir,
                            const char *name, bar_error *err)
{
    int w = snprintf(buf, size, "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= size)
        return bar_error_set(err, BAR_ELIMIT, "%s/%s: path too long", dir,
                             name);
    return BAR_OK;
}

/* DIR/data/<figure>[-<table>].csv for every table of every figure. */
static bar_status write_csvs(const json_t *doc, const char *dir,
                             const bar_report_dir_options *o,
                             bar_error *err)
{
    bar_status rc = BAR_OK;
    char data[PATH_MAX], path[PATH_MAX], name[256];
    bar_table **tables = NULL;
    size_t count = 0;
    bar_afile *af = NULL;
    if ((rc = path_join(data, sizeof data, dir, "data", err)) != BAR_OK ||
        (rc = make_dir(data, err)) != BAR_OK)
        goto cleanup;
    size_t i;
    json_t *fig;
    json_array_foreach(json_object_get(doc, BAR_RK_FIGURES), i, fig) {
        const char *id = json_string_value(json_object_get(fig, BAR_RK_ID));
        if ((rc = bar_tables_of_figure(fig, o->ins, o->study, o->lang,
                                       &tables, &count, err)) != BAR_OK)
            goto cleanup;
        for (size_t t = 0; t < count; t++) {
            if (!bar_report_csv_name(name, sizeof name, id ? id : "", t,
                                     bar_table_id(tables[t]))) {
                rc = bar_error_set(err, BAR_EINVALID, "results: figure '%s': "
                                   "an id unfit for a file name",
                                   id ? id : "?");
                goto cleanup;
            }
            if ((rc = path_join(path, sizeof path, data, name, err)) !=
                BAR_OK)
                goto cleanup;
            /* Whole or not at all, synced (the demo writes into its
             * folder in place; report into a folder swapped in later). */
            if ((rc = bar_afile_open(path, 0, &af, err)) != BAR_OK ||
                (rc = bar_table_write_csv(tables[t], bar_afile_stream(af),
                                          err)) != BAR_OK)
                goto cleanup;
            rc = bar_afile_commit(af, err);
            af = NULL;
            if (rc != BAR_OK)
                goto cleanup;
        }
        for (size_t t = 0; t < count; t++)
            bar_table_free(tables[t]);
        free(tables);
        tables = NULL;
        count = 0;
    }
cleanup:
    bar_afile_abort(af);
    for (size_t t = 0; t < count; t++)
        bar_table_free(tables[t]);
    free(tables);
    return rc;
}

bar_status bar_report_json(const json_t *doc, bar_buf *out, bar_error *err)
{
    bar_status rc = BAR_OK;
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
    if (!text) {
        rc = bar_error_set(err, BAR_ENOMEM, "results: out of memory");
        goto cleanup;
    }
    size_t len = strlen(text);
    if (len > BAR_REPORT_MAX_JSON) {
        rc = bar_error_set(err, BAR_ELIMIT, "results: larger than %d bytes",
                           BAR_REPORT_MAX_JSON);
        goto cleanup;
    }
    bar_buf_add(out, text, len);
    bar_buf_puts(out, "\n");
    rc = bar_buf_status(out);
    if (rc != BAR_OK)
        bar_error_set(err, rc, "results: %s", bar_strerror(rc));
cleanup:
    free(text);
    return rc;
}

bar_status bar_report_dir_write(const json_t *results,
                                const bar_report_dir_options *options,
                                const char *dir, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_buf html, json;
    bar_buf_init(&html, MAX_HTML);
    bar_buf_init(&json, BAR_REPORT_MAX_JSON + 2);
    char path[PATH_MAX];
    bar_report_dir_options none = {.lang = BAR_LANG_NL};
    const bar_report_dir_options *o = options ? options : &none;
    bar_report_options opt = {
        .lang = o->lang,
        .ins = o->ins,
        .study = o->study,
        .spec = o->spec,
        .date = o->date,
        .data_dir = "data",
        .stylesheet = "report.css",
        .progress = o->progress,
        .quotes = o->quotes,
        .nquotes = o->nquotes,
    };
    if ((rc = make_dir(dir, err)) != BAR_OK ||
        (rc = bar_report_html(results, &opt, &html, err)) != BAR_OK ||
        (rc = write_csvs(results, dir, o, err)) != BAR_OK)
        goto cleanup;
    if ((rc = path_join(path, sizeof path, dir, "results.json", err)) !=
            BAR_OK ||
        (rc = bar_report_json(results, &json, err)) != BAR_OK ||
        (rc = bar_file_write_atomic(path, json.data, json.len, err)) !=
            BAR_OK)
        goto cleanup;
    const char *css = bar_report_css();
    if ((rc = path_join(path, sizeof path, dir, "report.css", err)) !=
            BAR_OK ||
        (rc = bar_file_write_atomic(path, css, strlen(css), err)) != BAR_OK)
        goto cleanup;
    if ((rc = path_join(path, sizeof path, dir, "index.html", err)) !=
            BAR_OK ||
        (rc = bar_file_write_atomic(path, html.data, html.len, err)) !=
            BAR_OK)
        goto cleanup;
cleanup:
    bar_buf_clear(&json);
    bar_buf_clear(&html);
    return rc;
}
