/* export_xlsx.h - a wave's responses and figures as an Excel workbook.
 *
 * The workbook a researcher opens next to the report: sheet "data" (one row
 * per organisation; row 1 the variable names, row 2 their Dutch labels,
 * values as codes), sheet "variabelen" (the codebook: name, labels nl and
 * en, type, value labels), sheet "over" (survey, instrument, wave, rows,
 * the provenance of the data: simulated data say so here and in the
 * workbook's comments) and one sheet per figure of the results document
 * with its tables (render/table.h) stacked. Written with libxlsxwriter
 * under the temporary name of an atomic file (core/afile.h), so a failure
 * leaves nothing half-written.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_EXPORT_XLSX_H
#define BAR_EXPORT_XLSX_H

#include <jansson.h>

#include "core/status.h"
#include "dataset/dataset.h"
#include "wave/study.h"

/* Write ds (borrowed; its frame and asked variables, not the derived ones)
 * and the figures of results (borrowed, may be NULL: no figure sheets) in
 * lang, benchmark countries named from study (borrowed; NULL: codes), to
 * path. BAR_EIO when the file cannot be written (message names
 * path and libxlsxwriter's reason), BAR_EINVALID when a figure breaks the
 * schema, BAR_ENOMEM. */
bar_status bar_export_xlsx(const bar_dataset *ds, const json_t *results,
                           const bar_study *study, bar_lang lang,
                           const char *path, bar_error *err);

#endif
