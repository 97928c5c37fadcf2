/* survey.h - the respondent's path through the questionnaire: pages,
 * routing between them, and reading one page's answers from its form.
 *
 * The pages come from the instrument alone: one block per page, except
 * that a question whose base or routing condition ("asked_if") tests an
 * answer given on the same page starts a new page (a page works without
 * JavaScript, so a condition can only use answers already saved). In the
 * 2021 instrument block C becomes four pages: `innovated`; the questions
 * of innovators up to `tech_share`; from `tech_new` (asked when tech_share
 * >= 2) to `collab`; from `phase` (asked unless collab_none = 1) on.
 *
 * A page is shown when at least one of its questions is asked
 * (bar_draft_asked). The respondent walks the shown pages in order, may go
 * back, and reaches the review (page number bar_survey_npages) when every
 * asked question has been seen. The form of a page names its fields after
 * the variables: a single or grid item `NAME=CODE`, a ticked option
 * `NAME=1`, a text `NAME=TEXT`.
 *
 * Validation, per asked question of the page: a code that is not one of
 * the question's (a forged form), an option that excludes the others
 * ticked with others, a text over its length, and no answer to a question
 * that decides the routing of later ones (its variable is tested by a base
 * or a condition). Other questions may be left unanswered.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_SURVEY_H
#define BAR_SURVEY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/form.h"
#include "core/status.h"
#include "field/draft.h"
#include "instrument/instrument.h"

typedef struct bar_survey bar_survey;

/* The pages of ins (borrowed; it must outlive the survey) into *out, a
 * new survey the caller releases with bar_survey_free. BAR_ENOMEM;
 * BAR_EINVALID when the instrument has no question. */
bar_status bar_survey_new(const bar_instrument *ins, bar_survey **out,
                          bar_error *err);
void bar_survey_free(bar_survey *s);

/* Number of pages; page numbers are 0 .. npages - 1, and npages stands
 * for the review. */
size_t bar_survey_npages(const bar_survey *s);
/* The questions of page p: instrument question indexes first .. first +
 * count - 1. */
size_t bar_survey_page_first(const bar_survey *s, size_t p);
size_t bar_survey_page_count(const bar_survey *s, size_t p);
/* The block of page p: its position among the blocks (0-based) and the
 * number of blocks; and which part of its block the page is (0-based) of
 * how many. */
size_t bar_survey_page_block(const bar_survey *s, size_t p);
size_t bar_survey_nblocks(const bar_survey *s);
size_t bar_survey_page_part(const bar_survey *s, size_t p, size_t *nparts);

/* Whether page p is shown to the respondent of d. */
bool bar_survey_page_shown(const bar_survey *s, size_t p, const bar_draft *d);
/* The first shown page after p (npages: the review). */
size_t bar_survey_next(const bar_survey *s, size_t p, const bar_draft *d);
/* The last shown page before p, or npages when there is none. */
size_t bar_survey_prev(const bar_survey *s, size_t p, const bar_draft *d);
/* Where the respondent goes on: the first shown page with an asked
 * question not yet seen, or npages (the review) when there is none. */
size_t bar_survey_resume(const bar_survey *s, const bar_draft *d);

/* Why a field was refused. */
typedef enum bar_field_problem {
    BAR_FIELD_OK = 0,
    BAR_FIELD_REQUIRED,   /* no answer to a question that decides routing */
    BAR_FIELD_BAD_CODE,   /* a value that is not one of the codes */
    BAR_FIELD_EXCLUSIVE,  /* the excluding option ticked with others */
    BAR_FIELD_TOO_LONG    /* a text over max_length code points */
} bar_field_problem;

/* The problems of one page: for each variable (instrument index), the
 * first problem found (BAR_FIELD_OK: none). */
typedef struct bar_page_check {
    bar_field_problem *problem;  /* nvars entries */
    size_t nproblems;            /* how many are not BAR_FIELD_OK */
} bar_page_check;

/* An empty check over ins; BAR_ENOMEM. Release with bar_page_check_clear
 * (also after a failure). */
bar_status bar_page_check_init(bar_page_check *c, const bar_instrument *ins);
void bar_page_check_clear(bar_page_check *c);

/* Read the answers of page p from form into d. When every asked question
 * of the page passes, its answers replace the draft's (a question left
 * blank clears its answer; options not ticked are 0; questions not asked
 * are cleared), they are marked seen, and *ok is true. Otherwise d is
 * unchanged, *ok is false and check holds the problems (the caller's,
 * initialised over the same instrument). Fields of other pages and
 * unknown fields are ignored. BAR_ENOMEM; BAR_EUSAGE for p out of range. */
bar_status bar_survey_read(const bar_survey *s, size_t p,
                           const bar_form *form, bar_draft *d,
                           bar_page_check *check, bool *ok, bar_error *err);

/* Whether variable v decides the routing of a later question (a base or
 * an asked_if tests it): then an answer is required. */
bool bar_survey_decides(const bar_survey *s, size_t var);

#endif
