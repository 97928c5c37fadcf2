/* draft.h - the answers of one respondent while the questionnaire is
 * being filled in, page by page, before the final submit.
 *
 * A draft holds a value for every asked variable answered so far (a code,
 * a 0/1 option, a text), and which questions the respondent has seen (a
 * page is saved: every question asked on it is seen, answered or not). It
 * travels to the store as a JSON text (bar_draft_to_json; the store keeps
 * it as it is, store.h "drafts") and becomes the one-row dataset of the
 * final submit (bar_draft_to_dataset): questions not asked by then are
 * left out, options of an asked multi-response question that were not
 * ticked are 0.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_DRAFT_H
#define BAR_DRAFT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"

typedef struct bar_draft bar_draft;

/* The most bytes of a draft's JSON text (every text answer at its
 * longest, and the codes). */
enum { BAR_DRAFT_JSON_MAX = 4 << 20 };

/* A new, empty draft over ins (borrowed: it must outlive the draft). NULL
 * when out of memory. Release with bar_draft_free. */
bar_draft *bar_draft_new(const bar_instrument *ins);
void bar_draft_free(bar_draft *d);
/* Forget every answer and every seen question. */
void bar_draft_reset(bar_draft *d);

const bar_instrument *bar_draft_instrument(const bar_draft *d);

/* The numeric answer of variable var (NAN when not answered, and for
 * texts). */
double bar_draft_value(const bar_draft *d, size_t var);
/* The text answer of a TEXT variable, NULL when not answered; owned by
 * the draft until it changes. */
const char *bar_draft_text(const bar_draft *d, size_t var);
/* Set a numeric answer (NAN clears it). */
void bar_draft_set_value(bar_draft *d, size_t var, double value);
/* Set a text answer (copied; NULL clears it). BAR_ENOMEM. */
bar_status bar_draft_set_text(bar_draft *d, size_t var, const char *text);

/* Whether question q (instrument index) has been seen; mark it seen. */
bool bar_draft_seen(const bar_draft *d, size_t q);
void bar_draft_set_seen(bar_draft *d, size_t q, bool seen);

/* Whether the question is asked of this respondent, from its base and
 * routing condition on the answers so far (bar_var_asked). */
bool bar_draft_asked(const bar_draft *d, const bar_question *q);

/* The draft as JSON ({"answers": {name: code or text}, "seen": [question
 * ids]}): *out a new string the caller frees. BAR_ENOMEM. */
bar_status bar_draft_to_json(const bar_draft *d, char **out, bar_error *err);
/* Replace the draft's contents by the JSON text (len bytes, not kept) as
 * bar_draft_to_json writes it. Unknown names, values out of range and
 * texts over their length are refused (BAR_EINVALID; BAR_EPARSE for bad
 * JSON, BAR_ELIMIT over BAR_DRAFT_JSON_MAX); the draft is empty after an
 * error. */
bar_status bar_draft_from_json(bar_draft *d, const char *text, size_t len,
                               bar_error *err);

/* The draft as the one-row dataset of a response (a new dataset the
 * caller frees): org_id, wave, the frame's sector and cluster codes
 * (strings of the instrument's codes), and every asked variable; checked
 * as an import checks a row (bar_dataset_check_row): BAR_EINVALID with
 * the faults on err. */
bar_status bar_draft_to_dataset(const bar_draft *d, const char *org_id,
                                int wave, const char *sector,
                                const char *cluster, bar_dataset **out,
                                bar_error *err);

#endif
