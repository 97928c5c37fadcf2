/* export_csv.c - the .csv export: the table's entry for the responses CSV
 * writer (dataset/dataset_csv.h), written whole or not at all.
 *
 * A header of variable names, codes as numbers (sector and cluster as
 * their string codes), missing as empty; open answers a spreadsheet would
 * run as a formula get a leading apostrophe (core/csv.h).
 */
#include "export/export.h"

#include "core/afile.h"
#include "dataset/dataset_csv.h"

static bool csv_accepts(const char *path)
{
    return bar__export_has_extension(path, ".csv");
}

/* Write in->ds to path atomically (core/afile.h). */
static bar_status csv_write(const bar_export_input *in, const char *path,
                            bar_error *err)
{
    bar_afile *af = NULL;
    bar_status rc = bar_afile_open(path, BAR_AFILE_PRIVATE, &af, err);
    if (rc != BAR_OK)
        goto cleanup;
    rc = bar_dataset_write_csv(in->ds, bar_afile_stream(af), false, err);
    if (rc != BAR_OK) {
        bar_afile_abort(af);
        goto cleanup;
    }
    rc = bar_afile_commit(af, err);
cleanup:
    return rc;
}

const bar_exporter bar__exporter_csv = {
    .name = "csv",
    .extension = ".csv",
    .needs_results = false,
    .accepts = csv_accepts,
    .write = csv_write,
};
