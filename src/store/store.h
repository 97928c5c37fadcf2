/* store.h - where waves, the sampling frame and responses are kept.
 *
 * One interface over interchangeable backends (a table of functions, as
 * ReadStat's modules): SQLite for a single server (a file path), PostgreSQL
 * when several servers share one store (a postgresql:// URI; later). The
 * schema is versioned (`meta.schema_version`) and migrated forward on open.
 *
 * A store holds several waves. Per wave: the frame (organisations invited,
 * with name, sector, cluster and e-mail: personal data that never leaves
 * the store except in invitations) and the responses (one row per
 * organisation, one column per instrument variable; new variables of a later
 * instrument are added as columns).
 *
 * Every write is one transaction: on failure nothing is changed.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_STORE_H
#define BAR_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/progress.h"
#include "core/status.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"

typedef struct bar_store bar_store;

typedef enum bar_store_mode {
    BAR_STORE_EXISTING,  /* fail with BAR_ENOTFOUND when there is no store */
    BAR_STORE_CREATE     /* create it (and its schema) when missing */
} bar_store_mode;

/* Open the store at uri (a file path for SQLite). On success *out is a new
 * handle the caller releases with bar_store_close. Migrates an older schema;
 * refuses (BAR_ESTORE) a newer one. A handle is used by one thread at a
 * time (threads that work at once open a handle each). */
bar_status bar_store_open(const char *uri, bar_store_mode mode,
                          bar_store **out, bar_error *err);
/* Close the handle; NULL is accepted. */
void bar_store_close(bar_store *st);

/* Progress of the long work of this handle (core/progress.h): storing
 * responses ("responses stored", bar_store_responses_import) and loading
 * them ("responses loaded", bar_store_responses_load), in rows out of the
 * rows in all. progress is copied (its ctx stays the caller's); NULL or a
 * zero bar_progress: no reports (the default). */
void bar_store_set_progress(bar_store *st, const bar_progress *progress);

/* Add a wave for the instrument ins (its id is recorded). BAR_ECONFLICT
 * when the wave exists. */
bar_status bar_store_wave_add(bar_store *st, int wave,
                              const bar_instrument *ins, bar_error *err);
/* Provenance: whether a wave's data are simulated is a property of the
 * wave, kept in the store, not an option of one run. A wave is marked
 * simulated when it is created so (bar_store_wave_add_simulated: `init
 * --simulated`, the demo) or when responses that are simulated
 * (bar_dataset_simulated: org_ids "sim-...", as `barometer simulate`
 * writes them) are imported into it; the mark is never removed. The
 * dataset bar_store_responses_load returns for such a wave is marked too,
 * so every analysis, report and export of it says so. */

/* As bar_store_wave_add, the wave marked simulated (one transaction). */
bar_status bar_store_wave_add_simulated(bar_store *st, int wave,
                                        const bar_instrument *ins,
                                        bar_error *err);
/* As bar_store_wave_add, with the text of the wave's study file (study,
 * copied; NULL: none, the default study is used when it is read) and
 * marked simulated when simulated; one transaction. */
bar_status bar_store_wave_add_study(bar_store *st, int wave,
                                    const bar_instrument *ins,
                                    const char *study, bool simulated,
                                    bar_error *err);
/* The text of the study kept with a wave: *study a new string the caller
 * frees, or NULL when the wave has none (it was made before the store kept
 * studies, schema 3: the caller uses the default study). BAR_ENOTFOUND
 * when there is no such wave. */
bar_status bar_store_wave_study(bar_store *st, int wave, char **study,
                                bar_error *err);
/* Whether the wave's data are simulated; BAR_ENOTFOUND when there is no
 * such wave. */
bar_status bar_store_wave_simulated(bar_store *st, int wave, bool *simulated,
                                    bar_error *err);

/* The most recent wave in the store; BAR_ENOTFOUND when there is none. */
bar_status bar_store_wave_latest(bar_store *st, int *wave, bar_error *err);
/* Whether the wave exists. */
bar_status bar_store_wave_exists(bar_store *st, int wave, bool *exists,
                                 bar_error *err);

/* Import a sampling frame CSV (org_id,name,sector,cluster,email; the csv.h
 * conventions) into a wave. Sector and cluster codes are checked against
 * ins; org_id must be unique. BAR_ECONFLICT when the wave already has a
 * frame. All or nothing; *count gets the number of organisations. */
bar_status bar_store_frame_import(bar_store *st, int wave,
                                  const bar_instrument *ins,
                                  const char *csv_path, size_t *count,
                                  bar_error *err);

/* Organisations in the frame per sector: counts[i] for the instrument's
 * sector code i (the caller passes an array of bar_var_ncodes(sector)
 * elements). All zeros when the wave has no frame; *total gets the sum. */
bar_status bar_store_frame_by_sector(bar_store *st, int wave,
                                     const bar_instrument *ins,
                                     size_t *counts, size_t *total,
                                     bar_error *err);

/* Store the responses of ds in a wave. When the wave has a frame, every
 * org_id must be in it and sector/cluster must agree with it. An org_id that
 * already has a response is BAR_ECONFLICT unless replace. Derived variables
 * are not stored. Simulated responses (bar_dataset_simulated) mark the wave
 * simulated. All or nothing. */
bar_status bar_store_responses_import(bar_store *st, int wave,
                                      const bar_dataset *ds, bool replace,
                                      bar_error *err);

/* Load a wave's responses into a new dataset over ins, ordered by org_id,
 * marked simulated when the wave is (bar_dataset_mark_simulated). The
 * caller frees *out. */
bar_status bar_store_responses_load(bar_store *st, int wave,
                                    const bar_instrument *ins,
                                    bar_dataset **out, bar_error *err);

#endif
