/* export_sav.c - the .sav export (export/export_sav.h).
 *
 * Measure levels: single-choice and yes/no (binary) nominal, grid items
 * (Likert and influence scales) ordinal, numbers (wave, scores) scale,
 * strings nominal. String widths are the longest value in the data (at
 * least 1), so a wave of short answers gives a small file.
 */
#include "export/export_sav.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <readstat.h>

#include "core/afile.h"
#include "core/i18n.h"
#include "export/export.h"

enum {
    SAV_STRING_MAX = 32767, /* longest string SPSS stores */
    SAV_LABEL_MAX = 64      /* bytes of the file label */
};

/* The document record of a simulated wave (a message id; at most 80
 * bytes a line: a longer translation is cut). */
#define SAV_SIMULATED_NOTE \
    N_("Simulated data (barometer simulate): no real organisations.")
enum { SAV_NOTE_MAX = 80 };

/* Drop a UTF-8 sequence cut short at the end of s (after truncation). */
static void utf8_trim(char *s)
{
    size_t n = strlen(s), lead = n;
    while (lead > 0 && ((unsigned char)s[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead == 0 || ((unsigned char)s[lead - 1] & 0x80) == 0)
        return; /* ends in ASCII (or holds no lead byte) */
    unsigned char c = (unsigned char)s[lead - 1];
    size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    if (n - (lead - 1) < want)
        s[lead - 1] = '\0';
}

static bool exported(const bar_variable *v)
{
    return bar_var_role_of(v) != BAR_ROLE_DERIVED;
}

static bool is_string(const bar_variable *v)
{
    bar_var_type t = bar_var_type_of(v);
    return t == BAR_VAR_ID || t == BAR_VAR_TEXT || t == BAR_VAR_CATEGORY;
}

static readstat_measure_t measure_of(const bar_variable *v)
{
    const bar_question *q = bar_var_question(v);
    switch (bar_var_type_of(v)) {
    case BAR_VAR_SINGLE:
        return q && bar_question_type_of(q) == BAR_Q_GRID
                   ? READSTAT_MEASURE_ORDINAL : READSTAT_MEASURE_NOMINAL;
    case BAR_VAR_INTEGER:
    case BAR_VAR_NUMBER:
        return READSTAT_MEASURE_SCALE;
    default:
        return READSTAT_MEASURE_NOMINAL;
    }
}

/* The string value of row r, column i of a string variable ("" when
 * missing); borrowed. */
static const char *string_value(const bar_dataset *ds, const bar_variable *v,
                                size_t r, size_t i)
{
    if (bar_var_type_of(v) == BAR_VAR_CATEGORY) {
        double x = bar_dataset_get(ds, r, i);
        const char *s = isnan(x) ? NULL : bar_var_code_str(v, (size_t)x);
        return s ? s : "";
    }
    const char *s = bar_dataset_get_str(ds, r, i);
    return s ? s : "";
}

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
    FILE *f = ctx;
    if (fwrite(data, 1, len, f) != len)
        return -1;
    return (ssize_t)len;
}

static bar_status rs_fail(readstat_error_t e, const char *path,
                          const char *what, bar_error *err)
{
    return bar_error_set(err, BAR_EIO, "%s: cannot write the SPSS file "
                                       "(%s): %s", path, what,
                         readstat_error_message(e));
}

bar_status bar_export_sav(const bar_dataset *ds, bar_lang lang,
                          const char *path, bar_error *err)
{
    const bar_instrument *ins = bar_dataset_instrument(ds);
    size_t nvars = bar_instrument_nvars(ins);
    size_t nrows = bar_dataset_nrows(ds);
    bar_afile *af = NULL;
    readstat_writer_t *w = NULL;
    readstat_variable_t **vars = calloc(nvars ? nvars : 1, sizeof *vars);
    bar_status rc = BAR_OK;
    readstat_error_t e = READSTAT_OK;
    if (!vars) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: no memory", path);
        goto cleanup;
    }
    if (nrows > (size_t)INT32_MAX) {
        rc = bar_error_set(err, BAR_ELIMIT, "%s: too many cases", path);
        goto cleanup;
    }
    w = readstat_writer_init();
    if (!w) {
        rc = bar_error_set(err, BAR_ENOMEM, "%s: no memory", path);
        goto cleanup;
    }
    rc = bar_afile_open(path, BAR_AFILE_PRIVATE, &af, err);
    if (rc != BAR_OK)
        goto cleanup;
    readstat_set_data_writer(w, write_bytes);
    /* Provenance: simulated data say so in the file label (what SPSS
     * shows as the file's label, at most 64 bytes) and in a document
     * record (DISPLAY DOCUMENTS). */
    char label[SAV_LABEL_MAX + 1];
    char note[SAV_NOTE_MAX + 1];
    const char *title = bar_instrument_title(ins, lang);
    bool sim = bar_dataset_simulated(ds);
    snprintf(label, sizeof label, "%s%s",
             sim ? bar_tr(lang, "SIMULATED: ") : "", title ? title : "");
    utf8_trim(label);
    readstat_writer_set_file_label(w, label);
    snprintf(note, sizeof note, "%s", bar_tr(lang, SAV_SIMULATED_NOTE));
    utf8_trim(note);
    if (sim)
        readstat_add_note(w, note);

    for (size_t i = 0; i < nvars; i++) {
        const bar_variable *v = bar_instrument_var(ins, i);
        if (!exported(v))
            continue;
        bar_var_type t = bar_var_type_of(v);
        readstat_variable_t *rv;
        if (is_string(v)) {
            size_t width = 1;
            for (size_t r = 0; r < nrows; r++) {
                size_t n = strlen(string_value(ds, v, r, i));
                if (n > width)
                    width = n;
            }
            if (width > SAV_STRING_MAX) {
                rc = bar_error_set(err, BAR_ELIMIT, "%s: variable '%s': a "
                                   "value is longer than SPSS's %d bytes",
                                   path, bar_var_name(v), SAV_STRING_MAX);
                goto cleanup;
            }
            rv = readstat_add_variable(w, bar_var_name(v),
                                       READSTAT_TYPE_STRING, width);
            readstat_variable_set_alignment(rv, READSTAT_ALIGNMENT_LEFT);
        } else {
            rv = readstat_add_variable(w, bar_var_name(v),
                                       READSTAT_TYPE_DOUBLE, 0);
            readstat_variable_set_alignment(rv, READSTAT_ALIGNMENT_RIGHT);
            readstat_variable_set_format(rv, t == BAR_VAR_NUMBER ? "F8.2"
                                                                 : "F8.0");
        }
        if (!rv) {
            rc = bar_error_set(err, BAR_ENOMEM, "%s: no memory", path);
            goto cleanup;
        }
        readstat_variable_set_label(rv, bar_var_label(v, lang));
        readstat_variable_set_measure(rv, measure_of(v));
        if (t == BAR_VAR_SINGLE || t == BAR_VAR_BINARY ||
            t == BAR_VAR_CATEGORY) {
            char setname[64];
            snprintf(setname, sizeof setname, "labels%zu", i);
            readstat_label_set_t *ls = readstat_add_label_set(
                w, t == BAR_VAR_CATEGORY ? READSTAT_TYPE_STRING
                                         : READSTAT_TYPE_DOUBLE, setname);
            if (!ls) {
                rc = bar_error_set(err, BAR_ENOMEM, "%s: no memory", path);
                goto cleanup;
            }
            for (size_t k = 0; k < bar_var_ncodes(v); k++) {
                const char *lab = bar_var_code_label(v, k, lang);
                if (t == BAR_VAR_CATEGORY)
                    readstat_label_string_value(ls, bar_var_code_str(v, k),
                                                lab ? lab : "");
                else
                    readstat_label_double_value(ls,
                                                (double)bar_var_code(v, k),
                                                lab ? lab : "");
            }
            readstat_variable_set_label_set(rv, ls);
        }
        vars[i] = rv;
    }

    e = readstat_begin_writing_sav(w, bar_afile_stream(af), (long)nrows);
    if (e != READSTAT_OK) {
        rc = rs_fail(e, path, "header", err);
        goto cleanup;
    }
    for (size_t r = 0; r < nrows && e == READSTAT_OK; r++) {
        e = readstat_begin_row(w);
        for (size_t i = 0; i < nvars && e == READSTAT_OK; i++) {
            const bar_variable *v = bar_instrument_var(ins, i);
            if (!vars[i])
                continue;
            if (is_string(v)) {
                const char *s = string_value(ds, v, r, i);
                e = *s ? readstat_insert_string_value(w, vars[i], s)
                       : readstat_insert_missing_value(w, vars[i]);
            } else {
                double x = bar_dataset_get(ds, r, i);
                e = isnan(x) ? readstat_insert_missing_value(w, vars[i])
                             : readstat_insert_double_value(w, vars[i], x);
            }
        }
        if (e == READSTAT_OK)
            e = readstat_end_row(w);
    }
    if (e == READSTAT_OK)
        e = readstat_end_writing(w);
    if (e != READSTAT_OK) {
        rc = rs_fail(e, path, "data", err);
        goto cleanup;
    }
    rc = bar_afile_commit(af, err);
    af = NULL;
cleanup:
    bar_afile_abort(af);
    readstat_writer_free(w);
    free(vars);
    return rc;
}

/* The table's entry (export/export.h). */
static bool sav_accepts(const char *path)
{
    return bar__export_has_extension(path, ".sav");
}

static bar_status sav_write(const bar_export_input *in, const char *path,
                            bar_error *err)
{
    return bar_export_sav(in->ds, in->lang, path, err);
}

const bar_exporter bar__exporter_sav = {
    .name = "sav",
    .extension = ".sav",
    .needs_results = false,
    .accepts = sav_accepts,
    .write = sav_write,
};
