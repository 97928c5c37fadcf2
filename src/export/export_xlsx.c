/* export_xlsx.c - the .xlsx export (export/export_xlsx.h). */
#include "export/export_xlsx.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "core/afile.h"
#include "core/i18n.h"
#include "export/export.h"
#include "render/numfmt.h"
#include "render/table.h"
#include "results/results.h"

enum {
    SHEET_NAME_MAX = 31,   /* Excel's limit on sheet names */
    VALUE_LABELS_MAX = 4096 /* bytes of the value-label text of one var */
};

/* Whether variable v goes into the export (not derived). */
static bool exported(const bar_variable *v)
{
    return bar_var_role_of(v) != BAR_ROLE_DERIVED;
}

/* "1 = ja; 0 = nee" for a coded variable, "" otherwise. */
static void value_labels(const bar_variable *v, bar_lang lang, char *buf,
                         size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    bar_var_type t = bar_var_type_of(v);
    if (t != BAR_VAR_SINGLE && t != BAR_VAR_BINARY && t != BAR_VAR_CATEGORY)
        return;
    for (size_t i = 0; i < bar_var_ncodes(v); i++) {
        const char *lab = bar_var_code_label(v, i, lang);
        char code[32];
        if (t == BAR_VAR_CATEGORY)
            snprintf(code, sizeof code, "%s", bar_var_code_str(v, i));
        else
            snprintf(code, sizeof code, "%ld", bar_var_code(v, i));
        int k = snprintf(buf + len, size - len, "%s%s = %s", i ? "; " : "",
                         code, lab ? lab : "");
        if (k < 0 || (size_t)k >= size - len) {
            buf[len] = '\0';
            return;
        }
        len += (size_t)k;
    }
}

static bar_status lxw_fail(lxw_error e, const char *path, const char *what,
                           bar_error *err)
{
    return bar_error_set(err, BAR_EIO, "%s: cannot write the workbook (%s): "
                                       "%s", path, what, lxw_strerror(e));
}

static bar_status write_data(lxw_workbook *wb, const bar_dataset *ds,
                             lxw_format *bold, const char *path,
                             bar_error *err)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "data");
    if (!ws)
        return bar_error_set(err, BAR_ENOMEM, "%s: no memory", path);
    const bar_instrument *ins = bar_dataset_instrument(ds);
    lxw_error e = LXW_NO_ERROR;
    lxw_col_t col = 0;
    for (size_t i = 0; i < bar_instrument_nvars(ins) && !e; i++) {
        const bar_variable *v = bar_instrument_var(ins, i);
        if (exported(v))
            e = worksheet_write_string(ws, 0, col++, bar_var_name(v), bold);
    }
    col = 0;
    for (size_t i = 0; i < bar_instrument_nvars(ins) && !e; i++) {
        const bar_variable *v = bar_instrument_var(ins, i);
        if (exported(v))
            e = worksheet_write_string(ws, 1, col++,
                                       bar_var_label(v, BAR_LANG_NL), NULL);
    }
    for (size_t r = 0; r < bar_dataset_nrows(ds) && !e; r++) {
        lxw_row_t row = (lxw_row_t)(r + 2);
        col = 0;
        for (size_t i = 0; i < bar_instrument_nvars(ins) && !e; i++) {
            const bar_variable *v = bar_instrument_var(ins, i);
            if (!exported(v))
                continue;
            bar_var_type t = bar_var_type_of(v);
            if (t == BAR_VAR_ID || t == BAR_VAR_TEXT) {
                const char *s = bar_dataset_get_str(ds, r, i);
                if (s && *s)
                    e = worksheet_write_string(ws, row, col, s, NULL);
            } else {
                double x = bar_dataset_get(ds, r, i);
                if (isnan(x))
                    ;
                else if (t == BAR_VAR_CATEGORY)
                    e = worksheet_write_string(
                        ws, row, col, bar_var_code_str(v, (size_t)x), NULL);
                else
                    e = worksheet_write_number(ws, row, col, x, NULL);
            }
            col++;
        }
    }
    if (!e)
        worksheet_freeze_panes(ws, 2, 1);
    return e ? lxw_fail(e, path, "sheet data", err) : BAR_OK;
}

static bar_status write_codebook(lxw_workbook *wb, const bar_dataset *ds,
                                 lxw_format *bold, const char *path,
                                 bar_error *err)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "variabelen");
    if (!ws)
        return bar_error_set(err, BAR_ENOMEM, "%s: no memory", path);
    const char *head[] = {"variable", "label (nl)", "label (en)", "type",
                          "waardelabels (nl)", "value labels (en)"};
    lxw_error e = LXW_NO_ERROR;
    for (lxw_col_t c = 0; c < 6 && !e; c++)
        e = worksheet_write_string(ws, 0, c, head[c], bold);
    const bar_instrument *ins = bar_dataset_instrument(ds);
    lxw_row_t row = 1;
    char buf[VALUE_LABELS_MAX];
    for (size_t i = 0; i < bar_instrument_nvars(ins) && !e; i++) {
        const bar_variable *v = bar_instrument_var(ins, i);
        if (!exported(v))
            continue;
        e = worksheet_write_string(ws, row, 0, bar_var_name(v), NULL);
        if (!e)
            e = worksheet_write_string(ws, row, 1,
                                       bar_var_label(v, BAR_LANG_NL), NULL);
        if (!e)
            e = worksheet_write_string(ws, row, 2,
                                       bar_var_label(v, BAR_LANG_EN), NULL);
        if (!e)
            e = worksheet_write_string(
                ws, row, 3, bar_var_type_name(bar_var_type_of(v)), NULL);
        value_labels(v, BAR_LANG_NL, buf, sizeof buf);
        if (!e && *buf)
            e = worksheet_write_string(ws, row, 4, buf, NULL);
        value_labels(v, BAR_LANG_EN, buf, sizeof buf);
        if (!e && *buf)
            e = worksheet_write_string(ws, row, 5, buf, NULL);
        row++;
    }
    return e ? lxw_fail(e, path, "sheet variabelen", err) : BAR_OK;
}

/* Sheet "over" (about): what the workbook holds and where the data come
 * from, in lang (its words through the catalogues); simulated data say so
 * in so many words (also in the workbook's properties, set by the
 * caller). The names of the sheets ("data", "variabelen", "over") and
 * the header of "variabelen" are the workbook's documented layout, the
 * same in every language (docs/internals/i18n.md). */
static const char *const simulated_text =
    N_("Simulated data (barometer simulate): the figures describe no real "
       "organisations.");

static bar_status write_about(lxw_workbook *wb, const bar_dataset *ds,
                              const json_t *results, bar_lang lang,
                              lxw_format *bold, const char *path,
                              bar_error *err)
{
    lxw_worksheet *ws = workbook_add_worksheet(wb, "over");
    if (!ws)
        return bar_error_set(err, BAR_ENOMEM, "%s: no memory", path);
    const bar_instrument *ins = bar_dataset_instrument(ds);
    bool sim = bar_dataset_simulated(ds);
    const char *gen = json_string_value(json_object_get(results,
                                                        BAR_RK_GENERATED_BY));
    const json_t *wave = json_object_get(results, BAR_RK_WAVE);
    char nrows[32], wave_text[32] = "";
    snprintf(nrows, sizeof nrows, "%zu", bar_dataset_nrows(ds));
    if (json_is_integer(wave))
        snprintf(wave_text, sizeof wave_text, "%lld",
                 (long long)json_integer_value(wave));
    const struct {
        const char *word, *value;
    } rows[] = {
        {N_("Survey"), bar_instrument_title(ins, lang)},
        {N_("Instrument"), bar_instrument_id(ins)},
        {N_("Wave"), wave_text},
        {N_("Organisations (rows of 'data')"), nrows},
        {N_("Data"), sim ? bar_tr(lang, simulated_text)
                         : bar_tr(lang, "Responses of organisations")},
        {N_("Made with"), gen ? gen : ""},
    };
    lxw_error e = LXW_NO_ERROR;
    lxw_row_t r = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0] && !e; i++) {
        if (!rows[i].value || !*rows[i].value)
            continue;
        e = worksheet_write_string(ws, r, 0, bar_tr(lang, rows[i].word),
                                   bold);
        if (!e)
            e = worksheet_write_string(ws, r, 1, rows[i].value, NULL);
        r++;
    }
    if (!e)
        e = worksheet_set_column(ws, 0, 0, 32, NULL);
    return e ? lxw_fail(e, path, "sheet over", err) : BAR_OK;
}

/* A sheet name from the figure id: characters Excel refuses replaced by
 * '_', at most 31 bytes (not cutting a UTF-8 sequence), unique among the
 * names taken so far (a suffix "~2", "~3" ...). */
static void sheet_name(const char *id, char names[][SHEET_NAME_MAX + 1],
                       size_t ntaken, char *out)
{
    char base[SHEET_NAME_MAX + 1];
    size_t n = 0;
    for (const char *p = id; *p && n < SHEET_NAME_MAX; p++)
        base[n++] = strchr("[]:*?/\\'", *p) ? '_' : *p;
    while (n > 0 && ((unsigned char)base[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0 && ((unsigned char)base[n - 1] & 0xC0) == 0xC0)
        n--;
    base[n] = '\0';
    if (n == 0)
        snprintf(base, sizeof base, "figure");
    snprintf(out, SHEET_NAME_MAX + 1, "%s", base);
    for (int k = 2;; k++) {
        bool taken = strcasecmp(out, "data") == 0 ||
                     strcasecmp(out, "variabelen") == 0 ||
                     strcasecmp(out, "over") == 0;
        for (size_t i = 0; i < ntaken && !taken; i++)
            taken = strcasecmp(names[i], out) == 0;
        if (!taken)
            return;
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, "~%d", k);
        size_t keep = strlen(base);
        if (keep + (size_t)sl > SHEET_NAME_MAX)
            keep = SHEET_NAME_MAX - (size_t)sl;
        snprintf(out, SHEET_NAME_MAX + 1, "%.*s%s", (int)keep, base, suffix);
    }
}

static lxw_error write_table(lxw_worksheet *ws, lxw_row_t *row,
                             const bar_table *t, lxw_format *bold,
                             lxw_format **num, lxw_format *note)
{
    lxw_error e = worksheet_write_string(ws, (*row)++, 0, bar_table_title(t),
                                         bold);
    for (size_t c = 0; c < bar_table_ncols(t) && !e; c++)
        e = worksheet_write_string(ws, *row, (lxw_col_t)c,
                                   bar_table_header(t, c), bold);
    (*row)++;
    for (size_t r = 0; r < bar_table_nrows(t) && !e; r++, (*row)++) {
        for (size_t c = 0; c < bar_table_ncols(t) && !e; c++) {
            const bar_cell *cell = bar_table_cell(t, r, c);
            if (cell->kind == BAR_CELL_TEXT)
                e = worksheet_write_string(ws, *row, (lxw_col_t)c,
                                           cell->text, NULL);
            else if (cell->kind == BAR_CELL_NUMBER) {
                int d = cell->pvalue ? 4
                        : cell->decimals < 0 ? 0
                        : cell->decimals > 3 ? 3 : cell->decimals;
                e = worksheet_write_number(ws, *row, (lxw_col_t)c,
                                           cell->value, num[d]);
            }
        }
    }
    if (!e && bar_table_note(t))
        e = worksheet_write_string(ws, (*row)++, 0, bar_table_note(t), note);
    (*row)++;
    return e;
}

static bar_status write_figures(lxw_workbook *wb, const json_t *results,
                                const bar_instrument *ins,
                                const bar_study *study, bar_lang lang,
                                lxw_format *bold, lxw_format **num,
                                lxw_format *note,
                                const char *path, bar_error *err)
{
    const json_t *figs = json_object_get(results, BAR_RK_FIGURES);
    size_t nfig = json_array_size(figs);
    char (*names)[SHEET_NAME_MAX + 1] = calloc(nfig ? nfig : 1,
                                               sizeof *names);
    if (!names)
        return bar_error_set(err, BAR_ENOMEM, "%s: no memory", path);
    size_t ntaken = 0;
    bar_status rc = BAR_OK;
    for (size_t i = 0; i < nfig && rc == BAR_OK; i++) {
        const json_t *f = json_array_get(figs, i);
        bar_table **ts = NULL;
        size_t nt = 0;
        rc = bar_tables_of_figure(f, ins, study, lang, &ts, &nt, err);
        if (rc != BAR_OK)
            break;
        if (nt > 0) {
            const char *id = json_string_value(json_object_get(f, BAR_RK_ID));
            sheet_name(id ? id : "figure", names, ntaken, names[ntaken]);
            lxw_worksheet *ws = workbook_add_worksheet(wb, names[ntaken]);
            ntaken++;
            lxw_error e = ws ? LXW_NO_ERROR : LXW_ERROR_MEMORY_MALLOC_FAILED;
            lxw_row_t row = 0;
            for (size_t k = 0; k < nt && !e; k++)
                e = write_table(ws, &row, ts[k], bold, num, note);
            if (!e)
                worksheet_set_column(ws, 0, 0, 40, NULL);
            if (e)
                rc = lxw_fail(e, path, names[ntaken - 1], err);
        }
        for (size_t k = 0; k < nt; k++)
            bar_table_free(ts[k]);
        free(ts);
    }
    free(names);
    return rc;
}

bar_status bar_export_xlsx(const bar_dataset *ds, const json_t *results,
                           const bar_study *study, bar_lang lang,
                           const char *path, bar_error *err)
{
    bar_afile *af = NULL;
    lxw_workbook *wb = NULL;
    /* Private: the data sheet holds org_id and open answers. */
    bar_status rc = bar_afile_open(
        path, BAR_AFILE_PRIVATE | BAR_AFILE_NAMED, &af, err);
    if (rc != BAR_OK)
        goto cleanup;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    wb = workbook_new_opt(bar_afile_tmpname(af), &opt);
    if (!wb) {
        rc = bar_error_set(err, BAR_EIO, "%s: cannot start the workbook",
                           path);
        goto cleanup;
    }
    lxw_format *bold = workbook_add_format(wb);
    lxw_format *note = workbook_add_format(wb);
    /* Decimals 0-3, then p-values: the cell stays a number, shown as the
     * report shows it ("< 0,001" below 0.001, never 0.000; the text
     * with lang's decimal separator). */
    lxw_format *num[5];
    char pfmt[32];
    snprintf(pfmt, sizeof pfmt, "[<0.001]\"< 0%c001\";0.000",
             bar_numfmt_separator(lang, "decimal separator"));
    const char *fmts[5] = {"0", "0.0", "0.00", "0.000", pfmt};
    for (int d = 0; d < 5; d++) {
        num[d] = workbook_add_format(wb);
        if (num[d])
            format_set_num_format(num[d], fmts[d]);
    }
    if (!bold || !note || !num[0] || !num[1] || !num[2] || !num[3] ||
        !num[4]) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: no memory", path);
        goto cleanup;
    }
    format_set_bold(bold);
    format_set_italic(note);
    lxw_doc_properties props = {
        .title = (char *)bar_instrument_title(bar_dataset_instrument(ds),
                                              lang),
        .comments = bar_dataset_simulated(ds)
                        ? (char *)bar_tr(lang, simulated_text)
                        : NULL};
    lxw_error pe = workbook_set_properties(wb, &props);
    if (pe != LXW_NO_ERROR) {
        rc = lxw_fail(pe, path, "properties", err);
        goto cleanup;
    }
    rc = write_data(wb, ds, bold, path, err);
    if (rc == BAR_OK)
        rc = write_codebook(wb, ds, bold, path, err);
    if (rc == BAR_OK)
        rc = write_about(wb, ds, results, lang, bold, path, err);
    if (rc == BAR_OK && results)
        rc = write_figures(wb, results, bar_dataset_instrument(ds), study,
                           lang,
                           bold, num, note, path, err);
    if (rc != BAR_OK)
        goto cleanup;
    lxw_error e = workbook_close(wb);
    wb = NULL;
    if (e != LXW_NO_ERROR) {
        rc = lxw_fail(e, path, "closing", err);
        goto cleanup;
    }
    rc = bar_afile_commit(af, err);
    af = NULL;
cleanup:
    if (wb) {
        /* Close to free it; what it wrote is discarded with the temp. */
        workbook_close(wb);
    }
    bar_afile_abort(af);
    return rc;
}

/* The table's entry (export/export.h). */
static bool xlsx_accepts(const char *path)
{
    return bar__export_has_extension(path, ".xlsx");
}

static bar_status xlsx_write(const bar_export_input *in, const char *path,
                             bar_error *err)
{
    return bar_export_xlsx(in->ds, in->results, in->study, in->lang, path,
                           err);
}

const bar_exporter bar__exporter_xlsx = {
    .name = "xlsx",
    .extension = ".xlsx",
    .needs_results = true,
    .accepts = xlsx_accepts,
    .write = xlsx_write,
};
