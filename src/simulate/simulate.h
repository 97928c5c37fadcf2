/* simulate.h - synthetic waves for demos, tests and benchmarks.
 *
 * A simulated wave has a sampling frame (organisations with sector, cluster,
 * name and e-mail; 1,374 for 366 responding cases, with Table 1's counts
 * sent per sector) and the responses of the organisations that answered
 * (Table 1's completed counts per sector, Table 2's cluster counts). A
 * latent innovation climate per organisation drives the climate items,
 * whether and how broadly it innovates, and its results, so analyses find
 * real structure. Marginals are close to published-2021.csv. The model is
 * written down in docs/simulator.md. The same options and seed give the
 * same bytes.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_SIMULATE_H
#define BAR_SIMULATE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/status.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"

typedef struct bar_sim_opts {
    size_t cases;    /* responding organisations; 0 means 366 */
    uint64_t seed;   /* 0 is a valid seed */
    int wave;        /* 0 means the instrument's wave */
} bar_sim_opts;

/* Simulate the responses of a wave into a new dataset over ins (caller
 * frees *out). Their org_ids are those of bar_simulate_frame with the same
 * options. BAR_EUSAGE for cases > BAR_DATASET_MAX_ROWS. */
bar_status bar_simulate_responses(const bar_instrument *ins,
                                  const bar_sim_opts *opts,
                                  bar_dataset **out, bar_error *err);

/* Write the matching sampling frame as CSV (org_id,name,sector,cluster,
 * email) to f. The number of organisations is cases * 1374 / 366, rounded,
 * per sector in Table 1's proportions. */
bar_status bar_simulate_frame(const bar_instrument *ins,
                              const bar_sim_opts *opts, FILE *f,
                              bar_error *err);

/* Rows per chunk of bar_simulate_write_csv. */
enum { BAR_SIM_CSV_CHUNK = 16384 };

/* Write the responses as CSV to f: the same bytes as bar_dataset_write_csv
 * (without derived variables) of bar_simulate_responses' dataset, but in
 * chunks of BAR_SIM_CSV_CHUNK rows, so memory stays bounded for a million
 * cases. Errors as bar_simulate_responses, BAR_EIO when writing fails. */
bar_status bar_simulate_write_csv(const bar_instrument *ins,
                                  const bar_sim_opts *opts, FILE *f,
                                  bar_error *err);

#endif
