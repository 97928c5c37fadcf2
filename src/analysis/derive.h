/* derive.h - the derived variables of a wave.
 *
 * Fills the dataset's derived columns (codebook: "Derived variables") from
 * the asked ones:
 *   spectrum    number of type_* options ticked (1-4); 0 when innovated = 0;
 *               missing when innovated is missing, and for an innovator who
 *               answered none of the type_* options or ticked none (0 means
 *               "no innovation", so it is never given to an innovator);
 *   size_class  from size: 1 -> 1 (small), 2-3 -> 2 (medium), 4 -> 3 (large);
 *   zone        Edmondson zone from work_safe_mistakes (safety) and
 *               work_improve (standard), "high" = 4 or 5: 1 apathy (low,
 *               low), 2 comfort (high, low), 3 anxiety (low, high),
 *               4 learning and performance (high, high); missing when either
 *               item is missing.
 *   the score and groups of each scale entry of the report specification
 *               (climate and climate_group): the fit of scalefit.h, the
 *               score of each case in the entry's base and its k-means
 *               group code; missing outside the base, for a case without
 *               a score, and everywhere when there is no spec or the spec
 *               has no scale entry.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_DERIVE_H
#define BAR_DERIVE_H

#include "analysis/scalefit.h"
#include "analysis/spec.h"
#include "core/status.h"
#include "dataset/dataset.h"

/* Compute every derived variable of ds in place, overwriting what the
 * derived columns held; the scales are those of spec (borrowed, validated
 * against ds's instrument; may be NULL: climate and climate_group are
 * then missing). When fits is not NULL, *fits gets the fits of the scale
 * entries (new, free with bar_scale_fits_free; they borrow spec), for
 * bar_analysis_opts.fits. Fails with BAR_ENOTFOUND when the instrument
 * lacks a variable the definitions need (message names it), BAR_ENOMEM;
 * ds is then unchanged and *fits NULL. ds stays owned by the caller. */
bar_status bar_derive_compute(bar_dataset *ds, const bar_spec *spec,
                              bar_scale_fits **fits, bar_error *err);

#endif
