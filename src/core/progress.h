/* progress.h - how long work tells its caller how far it is.
 *
 * The library never prints. A function that may run for a while (reading
 * a large responses CSV, analysing a wave, writing its report) takes a
 * bar_progress in its options and calls it as the work goes on; the
 * caller decides what to show (the command line draws a one-line bar on
 * stderr when stderr is a terminal, cli_common.c) or leaves the callback
 * NULL to hear nothing. A zero-initialised bar_progress is "no progress",
 * so options structs initialised with designated initializers need no
 * change.
 *
 * Calls come from the calling thread, in order: `done` never decreases
 * within one `what`, and the last call of a stage that finishes has
 * done == total. The callback must not call back into the work it
 * watches. It cannot stop the work.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_PROGRESS_H
#define BAR_PROGRESS_H

#include <stddef.h>

/* what: the stage, a static English phrase for people ("lines read",
 * "figures computed", "figures written"), marked N_ (core/i18n.h): a
 * message id the caller may translate; done: units finished; total:
 * units in all, 0 when not known in advance. */
typedef void (*bar_progress_fn)(void *ctx, const char *what, size_t done,
                                size_t total);

typedef struct bar_progress {
    bar_progress_fn fn; /* NULL: no reports */
    void *ctx;          /* handed to fn, borrowed */
} bar_progress;

/* Report to p (may be NULL, or have a NULL fn: nothing happens). */
static inline void bar_progress_report(const bar_progress *p,
                                       const char *what, size_t done,
                                       size_t total)
{
    if (p && p->fn)
        p->fn(p->ctx, what, done, total);
}

#endif
