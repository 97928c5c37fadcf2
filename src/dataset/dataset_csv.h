/* dataset_csv.h - a responses CSV to and from a dataset.
 *
 * The survey layer over the general CSV reader and writer (core/csv.h):
 * every cell of a responses CSV is checked against the instrument on the
 * way in, and a dataset is written back in the same shape on the way out.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_DATASET_CSV_H
#define BAR_DATASET_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/progress.h"
#include "core/status.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"

/* Read a responses CSV into a new dataset over ins (borrowed; it must
 * outlive the dataset, which the caller frees). The header must name
 * known variables (org_id required, each at most once; derived variables
 * are refused; an unknown name gets the nearest variable suggested; a
 * column that decides the routing of another column is required); every
 * cell is checked (type, code range, routing, unique
 * org_id). Number cells take plain decimal integers, surrounding blanks
 * tolerated, blank = missing ("3,0" and "2.0" are refused with their own
 * message); CATEGORY cells their string code; ID and TEXT cells are kept
 * byte for byte, less the writer's formula guard (bar_csv_guarded);
 * org_id is trimmed (bar_csv_trim_id) and one of only blanks is refused.
 * A header without data rows is refused ("no data rows").
 * All or nothing: on any error *out is NULL and err holds every fault found
 * (the first in err->msg, up to BAR_ERROR_LOG_MAX), each located as
 * "FILE:LINE: field N 'name': ..." (LINE where the row starts, N 1-based,
 * name the header's). Returns the status of the first fault: BAR_EPARSE
 * (malformed CSV), BAR_EINVALID (a rule of the instrument), BAR_ELIMIT,
 * BAR_ENOMEM, BAR_EIO (file). */
bar_status bar_dataset_read_csv(const char *path, const bar_instrument *ins,
                                bar_dataset **out, bar_error *err);
/* As bar_dataset_read_csv, telling progress (borrowed, may be NULL) how
 * far the read is: "lines read", done of the file's lines, every 4096
 * data rows and once at the end of a read that succeeded (done ==
 * total). */
bar_status bar_dataset_read_csv_progress(const char *path,
                                         const bar_instrument *ins,
                                         const bar_progress *progress,
                                         bar_dataset **out, bar_error *err);
bar_status bar_dataset_read_csv_mem(const char *data, size_t len,
                                    const char *name,
                                    const bar_instrument *ins,
                                    bar_dataset **out, bar_error *err);

/* Write ds as CSV to f (not closed): header of variable names (frame and
 * asked variables; the derived ones too when with_derived), whole numbers
 * as integers and others as %.17g (CATEGORY as its string code), missing
 * as empty, LF line ends, RFC 4180 quoting. ID and TEXT cells are
 * neutralised against formula injection. BAR_EIO when a write fails. Without
 * derived variables, reading the output back gives identical data. */
bar_status bar_dataset_write_csv(const bar_dataset *ds, FILE *f,
                                 bool with_derived, bar_error *err);

#endif
