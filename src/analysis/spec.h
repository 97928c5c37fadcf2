/* spec.h - a report specification: the list of a report's outputs, as data.
 *
 * A report specification (data/report/ibo-2021.json; format in
 * docs/report-spec.md) lists every table, figure, text box and section of a
 * report in order: its id, kind, caption number, title, base, variables,
 * grouping and options. bar_analysis_run computes one results entry per
 * spec entry, so a new report (another wave, another country) is a new
 * file, not new C.
 *
 * A spec is validated as it is loaded: JSON syntax (with file, line and
 * column), the ids (bar_spec_id_valid), the keys each kind needs and
 * allows, and - against the
 * instrument - that every variable, question and code named exists and has
 * a type the kind can use. Once loaded it is read-only.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_SPEC_H
#define BAR_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "instrument/instrument.h"

typedef enum bar_spec_kind {
    BAR_SPEC_RESPONSE_BY_GROUP, /* Table 1, Table 2 */
    BAR_SPEC_FREQUENCY,         /* one single-choice variable */
    BAR_SPEC_MULTI_RESPONSE,    /* one 0/1 variable per option */
    BAR_SPEC_LIKERT,            /* a grid of 5-point items */
    BAR_SPEC_CROSSTAB,          /* a variable or question by a group */
    BAR_SPEC_BOXPLOT,           /* a numeric variable by a group */
    BAR_SPEC_SCALE,             /* the climate scale section */
    BAR_SPEC_MODEL,             /* logistic models with backward selection */
    BAR_SPEC_FREQUENCIES,       /* a frequency table of every variable */
    BAR_SPEC_TEXT,              /* concept groups of the open answers */
    BAR_SPEC_KIND_COUNT
} bar_spec_kind;

/* The name of a kind as it appears in specs and results ("frequency"). */
const char *bar_spec_kind_name(bar_spec_kind kind);

enum {
    BAR_SPEC_MAX_ENTRIES = 1000, /* entries in one spec */
    BAR_SPEC_MAX_LIST = 200,     /* names in one list (items, predictors) */
    BAR_SPEC_MAX_BYTES = 4 * 1024 * 1024, /* size of a spec file */
    BAR_SPEC_ID_MAX = 64         /* bytes of an id (spec or entry) */
};

/* Whether id is a valid spec or entry id: 1 to BAR_SPEC_ID_MAX bytes of
 * ASCII letters, digits, '-' and '_', beginning with a letter or digit.
 * Ids name files (the report's data/<id>[-<table>].csv), anchors and
 * sheets, so the loader checks them once for every command that uses the
 * spec; entry ids must also differ in more than case (a case-insensitive
 * file system would give two entries one file). */
bool bar_spec_id_valid(const char *id);

/* A model predictor: a variable as it is (numeric or 0/1), or a dummy
 * "variable == code" (code >= 0 meaning the dummy; -1 = as it is). */
typedef struct bar_spec_predictor {
    const char *name;     /* as written in the spec: "origin==2" */
    const char *variable; /* "origin" */
    long code;            /* 2, or -1 */
} bar_spec_predictor;

/* One entry. Strings are owned by the spec; fields a kind does not use are
 * NULL / 0. */
typedef struct bar_spec_entry {
    const char *id;         /* "fig13" */
    bar_spec_kind kind;
    const char *caption;    /* "table", "figure", "box" or "section" */
    const char *chapter;    /* the study chapter it goes in (the id of
                               one of the study's chapters); NULL: none */
    int number;             /* the N of "Figuur N"; 0 = none */
    const char *title_nl, *title_en;
    /* a sentence under the caption (what the figure shows, where it
     * differs from the 2021 figure of the same number); NULL: none */
    const char *caption_note_nl, *caption_note_en;
    bar_base base;
    const char *variable;   /* response_by_group, frequency, crosstab (a
                               single variable), boxplot, scale (score) */
    const char *question;   /* multi_response, likert, crosstab (multi or
                               grid question), scale (its items) */
    const char *by;         /* crosstab, boxplot: the group variable */
    const char *groups;     /* scale: the group variable it sets */
    bool frame;             /* response_by_group: sent counts from frame */
    const char *other_nl, *other_en; /* label of merged small groups */
    size_t nmerge;          /* frequency: merged categories ("1+2") */
    const char **merge;
    size_t npositive;       /* likert, crosstab of a grid: codes counted */
    long positive[8];       /* as positive, e.g. 4 and 5 */
    bool sort_positive;     /* likert: items by % positive, descending */
    bool sort_value;        /* frequency, multi_response: the report's
                               chart shows the categories by value,
                               largest first ("sort": "value"; their
                               order carries no meaning); the results and
                               tables keep the questionnaire's order */
    bool sort_gap;          /* crosstab of a question's items: the
                               report's dot chart shows the items by the
                               gap between the lowest and the highest
                               group, largest first ("sort": "gap") */
    size_t nlast;           /* multi_response sorted by value: options */
    const char **last;      /* (variable names) kept at the end, in this
                               order ("last": ["fund_other"]) */
    bool benchmarks;        /* attach benchmarks (frequency, multi) */
    bool trend;             /* crosstab: test a linear trend of the shares
                               over the ordered groups of `by` */
    /* scale */
    double min_loading;     /* drop items with |loading| below (0.40) */
    size_t nclusters;       /* k of the k-means groups (3) */
    size_t bins;            /* histogram bins of the score */
    /* model */
    size_t noutcomes;
    const char **outcomes;
    size_t npredictors;
    bar_spec_predictor *predictors;
    double p_remove;        /* backward LR removal (0.10) */
    /* frequencies: the variables tabulated, or every variable of the
     * instrument but the ID (all_variables, nvariables = 0) */
    bool all_variables;
    size_t nvariables;
    const char **variables;
    /* text: the group variables of its breakdowns ("breakdowns":
     * ["sector", "climate_group"]); its columns, stop words and minimum
     * count are the study's text specification */
    size_t nbreakdowns;
    const char **breakdowns;
} bar_spec_entry;

typedef struct bar_spec bar_spec;

/* Load and validate a spec against ins (borrowed; only used while
 * loading). On success *out is a new spec the caller frees with
 * bar_spec_free. Errors: BAR_EIO (the file), BAR_ELIMIT (too large),
 * BAR_EPARSE (JSON syntax; file:line:column), BAR_EINVALID (a rule of the
 * format, naming the entry and key; every fault is recorded on err).
 * *out is NULL on failure. */
bar_status bar_spec_load(const char *path, const bar_instrument *ins,
                         bar_spec **out, bar_error *err);
/* As bar_spec_load, from memory (len bytes); name is used in messages. The
 * text is not kept. */
bar_status bar_spec_parse(const char *text, size_t len, const char *name,
                          const bar_instrument *ins, bar_spec **out,
                          bar_error *err);
void bar_spec_free(bar_spec *spec);

const char *bar_spec_id(const bar_spec *spec);
/* The disclosure parameters of the spec ("disclosure": {"min_group",
 * "min_cell"}; docs/disclosure.md), 0 when the spec does not give them. */
long bar_spec_min_group(const bar_spec *spec);
long bar_spec_min_cell(const bar_spec *spec);
size_t bar_spec_count(const bar_spec *spec);
/* The i-th entry, valid while the spec lives. */
const bar_spec_entry *bar_spec_get(const bar_spec *spec, size_t i);

#endif
