/* export_sav.h - a wave's responses as an SPSS system file (.sav).
 *
 * Written with ReadStat's writer: one case per organisation, the frame and
 * asked variables in codebook order (not the derived ones), with variable
 * labels and value labels in a language (Dutch by default, the
 * instrument's primary language; English for a language the instrument
 * has no labels in), the file's own words through the catalogues,
 * SPSS measure levels, and system-missing for a missing answer. org_id,
 * sector and cluster are string variables holding the codebook's string
 * codes (sector and cluster with value labels on those codes), so that the
 * .sav and the CSV export hold the same values; open answers are long
 * strings. Written atomically (core/afile.h).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_EXPORT_SAV_H
#define BAR_EXPORT_SAV_H

#include "core/status.h"
#include "dataset/dataset.h"

/* Write ds (borrowed) to path as .sav, its labels in lang. BAR_EIO when the file cannot be
 * written (message names path and ReadStat's reason), BAR_ELIMIT when a
 * value cannot be stored in SPSS (a string over 32767 bytes), BAR_ENOMEM. */
bar_status bar_export_sav(const bar_dataset *ds, bar_lang lang,
                          const char *path, bar_error *err);

#endif
