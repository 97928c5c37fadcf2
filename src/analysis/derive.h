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
 * climate and climate_group need the factor analysis of the clim_* items
 * (a later module); they are set to missing here.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_DERIVE_H
#define BAR_DERIVE_H

#include "core/status.h"
#include "dataset/dataset.h"

/* Compute every derived variable of ds in place, overwriting what the
 * derived columns held. Fails with BAR_ENOTFOUND when the instrument lacks
 * a variable the definitions need (message names it); ds is then
 * unchanged. ds stays owned by the caller. */
bar_status bar_derive_compute(bar_dataset *ds, bar_error *err);

#endif
