/* report_dir.c - the report folder (see report_dir.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "core/afile.h"
#include "core/datadir.h"
#include "render/font.h"
#include "render/report_dir.h"

#include "render/authored.h"
#include "render/report_html.h"
#include "render/svg.h"
#include "render/table.h"
#include "results/results.h"

enum { MAX_HTML = 64 * 1024 * 1024, MAX_FONT_FILE = 4 * 1024 * 1024 };

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

/* DIR/fonts/: the shipped font (font.h) and its licence, copied from the
 * data folder's fonts/ (the program's own files, whatever study is read),
 * so that report.css loads the font the charts were measured with. */
static bar_status write_fonts(const char *dir, bar_error *err)
{
    bar_status rc = BAR_OK;
    char fonts[PATH_MAX], from[PATH_MAX], src[PATH_MAX], to[PATH_MAX];
    char *data = NULL;
    size_t len = 0;
    if ((rc = path_join(fonts, sizeof fonts, dir, "fonts", err)) != BAR_OK ||
        (rc = make_dir(fonts, err)) != BAR_OK ||
        (rc = path_join(from, sizeof from, bar_datadir(), "fonts", err)) !=
            BAR_OK)
        goto cleanup;
    for (size_t i = 0; bar_font_files[i]; i++) {
        if ((rc = path_join(src, sizeof src, from, bar_font_files[i],
                            err)) != BAR_OK ||
            (rc = path_join(to, sizeof to, fonts, bar_font_files[i], err)) !=
                BAR_OK ||
            (rc = bar_file_read(src, MAX_FONT_FILE, &data, &len, err)) !=
                BAR_OK ||
            (rc = bar_file_write_atomic(to, data, len, err)) != BAR_OK)
            goto cleanup;
        free(data);
        data = NULL;
    }
cleanup:
    free(data);
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

/* The printed pages' running header: the report's title (the study's,
 * else the document's) as a CSS string in the top left margin box of
 * every page but the cover. In report.css, not in the page: index.html
 * holds no '@'. */
static void running_header(bar_buf *css, const json_t *results,
                           const bar_report_dir_options *o)
{
    const char *title =
        o->study ? bar_study_text_in(bar_study_title(o->study), o->lang)
                 : NULL;
    if (!title)
        title = bar_results_label(results, BAR_RK_TITLE, o->lang);
    bar_buf_puts(css, "@page{@top-left{content:\"");
    for (const unsigned char *c = (const unsigned char *)title; *c; c++) {
        if (*c == '"' || *c == '\\')
            bar_buf_printf(css, "\\%c", *c);
        else if (*c < 0x20 || *c == 0x7f)
            bar_buf_printf(css, "\\%x ", *c);
        else
            bar_buf_add(css, (const char *)c, 1);
    }
    bar_buf_puts(css, "\";font:8pt " BAR_FONT_STACK ";"
                      "color:#4a4a4a}}\n"
                      "@page:first{@top-left{content:none}}\n");
}

bar_status bar_report_dir_write(const json_t *results,
                                const bar_report_dir_options *options,
                                const char *dir, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_buf html, json, css;
    bar_buf_init(&html, MAX_HTML);
    bar_buf_init(&css, 64 * 1024);
    bar_buf_init(&json, BAR_REPORT_MAX_JSON + 2);
    char path[PATH_MAX];
    bar_report_dir_options none = {.lang = BAR_LANG_NL};
    const bar_report_dir_options *o = options ? options : &none;
    bar_authored *texts = NULL;
    if (o->study && (rc = bar_authored_load(o->study, o->texts_dir, o->lang,
                                            &texts, err)) != BAR_OK)
        goto cleanup;
    bar_report_options opt = {
        .authored = texts,
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
    if ((rc = write_fonts(dir, err)) != BAR_OK)
        goto cleanup;
    /* report.css: the font's @font-face rules, the page's, the rules that
     * choose a chart's layout (svg.h) */
    bar_buf_puts(&css, BAR_FONT_CSS);
    bar_buf_puts(&css, bar_report_css());
    bar_buf_puts(&css, BAR_SVG_CSS);
    running_header(&css, results, o);
    if ((rc = bar_buf_status(&css)) != BAR_OK) {
        bar_error_set(err, rc, "report.css: %s", bar_strerror(rc));
        goto cleanup;
    }
    if ((rc = path_join(path, sizeof path, dir, "report.css", err)) !=
            BAR_OK ||
        (rc = bar_file_write_atomic(path, css.data, css.len, err)) != BAR_OK)
        goto cleanup;
    if ((rc = path_join(path, sizeof path, dir, "index.html", err)) !=
            BAR_OK ||
        (rc = bar_file_write_atomic(path, html.data, html.len, err)) !=
            BAR_OK)
        goto cleanup;
cleanup:
    bar_buf_clear(&css);
    bar_authored_free(texts);
    bar_buf_clear(&json);
    bar_buf_clear(&html);
    return rc;
}
