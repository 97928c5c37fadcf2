/* monitor.h - the live fieldwork monitor of a wave: who of the frame is
 * invited, has started and has completed, per sector and per cluster;
 * completions per day; and how representative the response is so far.
 *
 * Definitions (docs/internals/web.md): in the frame: a row of the wave's
 * frame; invited: has a personal-link token; started: has a draft on the
 * survey server; completed: has a response row (submitted or imported);
 * response rate: completed / in the frame. The counts come from one walk
 * over bar_store_field_each (a store backend function, so PostgreSQL can
 * give the same). The representativeness is bar_rindicator_compute on the
 * frame with sector and cluster as the auxiliary variables and response =
 * completed; its problem (no response yet, everyone responded,
 * separation) is kept for the page to explain.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_MONITOR_H
#define BAR_MONITOR_H

#include <stddef.h>

#include "core/status.h"
#include "instrument/instrument.h"
#include "stats/rindicator.h"
#include "store/store.h"

enum {
    BAR_MONITOR_DAYS_MAX = 366   /* days of the response over time */
};

/* The counts of one group (a sector, a cluster, or all). */
typedef struct bar_monitor_count {
    size_t frame, invited, started, completed;
} bar_monitor_count;

typedef struct bar_monitor {
    size_t nsector, ncluster;     /* the instrument's categories */
    bar_monitor_count *sector;    /* nsector; owned */
    bar_monitor_count *cluster;   /* ncluster; owned */
    bar_monitor_count total;
    /* completions per day, from the first day with one to the last, days
     * without any included (at most BAR_MONITOR_DAYS_MAX: the last ones) */
    size_t ndays;
    char (*day)[11];              /* "YYYY-MM-DD"; owned */
    size_t *per_day;              /* ndays; owned */
    /* the R-indicator on sector (variable 0) and cluster (variable 1) */
    bar_rindicator ri;
    bar_status ri_status;         /* of bar_rindicator_compute; BAR_EUSAGE
                                     also for fewer than 2 in the frame */
} bar_monitor;

/* Count the fieldwork of the wave over the instrument's sector and cluster
 * into *out (initialised here; release with bar_monitor_clear, also after a
 * failure). The R-indicator's own failure is no failure of this function:
 * it is in out->ri_status and out->ri.problem. Errors: of the store;
 * BAR_EINVALID when the instrument has no sector or cluster, or the frame
 * a code the instrument does not know; BAR_ENOMEM. */
bar_status bar_monitor_compute(bar_store *st, int wave,
                               const bar_instrument *ins, bar_monitor *out,
                               bar_error *err);

/* Release what m owns; m may be NULL. */
void bar_monitor_clear(bar_monitor *m);

#endif
