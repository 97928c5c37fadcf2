/* instrument.h - the questionnaire as data.
 *
 * An instrument is loaded from a JSON file (data/instrument/ibo-2021.json;
 * format in docs/instrument-format.md) and validated as it is loaded: every
 * error names the file, line and column. Once loaded it is read-only and
 * describes every variable of a wave: the frame variables (org_id, wave,
 * sector, cluster), the asked variables (one per single question, one 0/1
 * variable per option of a multi-response question, one per item of a grid,
 * one per open question) and the derived variables, in that order, with
 * their labels and codes in nl and en, their base and routing.
 *
 * Variables are addressed by index (0 .. bar_instrument_nvars - 1); the
 * index order is the column order of datasets and CSV exports. A
 * const bar_variable * stays valid as long as the instrument does.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_INSTRUMENT_H
#define BAR_INSTRUMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/i18n.h"
#include "core/status.h"

typedef struct bar_instrument bar_instrument;
typedef struct bar_variable bar_variable;
typedef struct bar_question bar_question;

/* bar_lang: core/i18n.h */

typedef enum bar_var_type {
    BAR_VAR_ID,        /* org_id: a string key, never published */
    BAR_VAR_INTEGER,   /* a whole number in [min, max] (wave) */
    BAR_VAR_CATEGORY,  /* string codes (sector, cluster); stored as the
                          0-based index of the code */
    BAR_VAR_SINGLE,    /* integer codes (single choice, likert, influence,
                          yes/no, derived groups) */
    BAR_VAR_BINARY,    /* 0/1: one option of a multi-response question */
    BAR_VAR_NUMBER,    /* a real number (derived scale scores) */
    BAR_VAR_TEXT       /* free text, at most max_length characters */
} bar_var_type;

typedef enum bar_var_role {
    BAR_ROLE_FRAME,    /* from the sampling frame, not asked */
    BAR_ROLE_ASKED,    /* a question's answer */
    BAR_ROLE_DERIVED   /* computed by the analysis, never imported */
} bar_var_role;

typedef enum bar_base {
    BAR_BASE_ALL,        /* every responding organisation */
    BAR_BASE_INNOVATORS  /* innovated = 1 */
} bar_base;

typedef enum bar_question_type {
    BAR_Q_SINGLE, BAR_Q_MULTI, BAR_Q_GRID, BAR_Q_TEXT
} bar_question_type;

/* Load and validate an instrument. On success *out is a new instrument the
 * caller frees with bar_instrument_free. Errors: BAR_EIO (file), BAR_EPARSE
 * (JSON syntax), BAR_EINVALID (a rule of the format), each with file, line
 * and column on err. */
bar_status bar_instrument_load(const char *path, bar_instrument **out,
                               bar_error *err);
/* As bar_instrument_load, from memory; name is used in messages. The text is
 * not kept. */
bar_status bar_instrument_parse(const char *text, size_t len,
                                const char *name, bar_instrument **out,
                                bar_error *err);
void bar_instrument_free(bar_instrument *ins);

const char *bar_instrument_id(const bar_instrument *ins);   /* "ibo-2021" */
int bar_instrument_wave(const bar_instrument *ins);         /* 2021 */
const char *bar_instrument_title(const bar_instrument *ins, bar_lang lang);

/* Variables, in column order. */
size_t bar_instrument_nvars(const bar_instrument *ins);
const bar_variable *bar_instrument_var(const bar_instrument *ins, size_t i);
/* Index of the variable called name, or -1. */
long bar_instrument_find(const bar_instrument *ins, const char *name);

const char *bar_var_name(const bar_variable *v);
size_t bar_var_index(const bar_variable *v);
bar_var_type bar_var_type_of(const bar_variable *v);
/* The type's name as the instrument file writes it ("single"); static. */
const char *bar_var_type_name(bar_var_type t);
bar_var_role bar_var_role_of(const bar_variable *v);
bar_base bar_var_base(const bar_variable *v);
/* The variable's label (question text, option or item label). */
const char *bar_var_label(const bar_variable *v, bar_lang lang);
/* The question this variable belongs to; NULL for frame and derived ones. */
const bar_question *bar_var_question(const bar_variable *v);
/* Bounds: INTEGER and NUMBER min/max; TEXT 0 and max_length; SINGLE and
 * BINARY the lowest and highest code; CATEGORY 0 and ncodes - 1; ID 0, 0. */
long bar_var_min(const bar_variable *v);
long bar_var_max(const bar_variable *v);

/* Codes of SINGLE and CATEGORY variables (BINARY: 0 and 1, labelled). For
 * CATEGORY the numeric value of code i is i itself. */
size_t bar_var_ncodes(const bar_variable *v);
/* Code i (i for CATEGORY); -1 when i is out of range. */
long bar_var_code(const bar_variable *v, size_t i);
/* String code i of a CATEGORY variable; NULL otherwise or out of range. */
const char *bar_var_code_str(const bar_variable *v, size_t i);
/* Label of code i, owned by the instrument; NULL when out of range. */
const char *bar_var_code_label(const bar_variable *v, size_t i,
                               bar_lang lang);
/* Position of a numeric code (SINGLE/BINARY) among the codes, or -1. */
long bar_var_code_pos(const bar_variable *v, long code);
/* Position of a string code (CATEGORY), or -1. */
long bar_var_code_find(const bar_variable *v, const char *code);

/* Whether v is asked of a case, from its base and routing condition. row[i]
 * holds the numeric value of variable i for that case (NAN when missing).
 * Frame and derived variables are always "asked". A missing `innovated`
 * means base-innovators questions are not asked; a missing routing variable
 * means the routed question is not asked. */
bool bar_var_asked(const bar_variable *v, const double *row);

/* Questions, in questionnaire order (for the web survey and reports). */
size_t bar_instrument_nquestions(const bar_instrument *ins);
const bar_question *bar_instrument_question(const bar_instrument *ins,
                                            size_t i);
const char *bar_question_id(const bar_question *q);
bar_question_type bar_question_type_of(const bar_question *q);
const char *bar_question_text(const bar_question *q, bar_lang lang);
/* The block the question belongs to: its id ("C") and title. */
const char *bar_question_block(const bar_question *q);
const char *bar_question_block_title(const bar_question *q, bar_lang lang);
bar_base bar_question_base(const bar_question *q);
/* The variables of the question, in order: 1 for single and text, one per
 * option or item otherwise. */
size_t bar_question_nvars(const bar_question *q);
const bar_variable *bar_question_var(const bar_question *q, size_t i);
/* An option that excludes the others (collab_none), or NULL. */
const bar_variable *bar_question_exclusive(const bar_question *q);
/* The question's routing condition ("asked_if"): false when it has none;
 * otherwise true, with *var the variable tested, *op one of "==", "!=",
 * ">=", "<=", ">", "<" (a static string) and *value the integer compared
 * with. Any out pointer may be NULL. (The base is bar_question_base.) */
bool bar_question_asked_if(const bar_question *q, const bar_variable **var,
                           const char **op, long *value);

#endif
