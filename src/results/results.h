/* results.h - the results document: its keys, its schema, its check, and
 * the one way to read and write it.
 *
 * The analysis writes one JSON document per run (docs/results-schema.md is
 * the contract; this module is its code). Every key of that document is a
 * constant below, so a misspelt key does not compile: writers put the
 * constants in json_pack argument lists and json_object_set calls, readers
 * pass them to the accessors. bar_results_check walks a whole document
 * against the schema table of results.c (schema version, known figure
 * kinds, required fields present with the right type, no unknown key); the
 * analysis runs it on every document it produces and the renderers and
 * exporters on every document they are given, so a renderer may assume
 * that what the table requires is there. Notes with arguments are written
 * by bar_results_note, which also records the message id and arguments
 * for translation. Add a key here, to the table in results.c and to
 * docs/results-schema.md (a test checks that every key is documented).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_RESULTS_H
#define BAR_RESULTS_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/status.h"
#include "instrument/instrument.h"

/* The version of the layout ("schema" at the top level). */
#define BAR_RESULTS_SCHEMA 1

/* Every key of the document, in alphabetical order. */
#define BAR_RK_ALIASED           "aliased"
#define BAR_RK_ALPHA             "alpha"
#define BAR_RK_ALPHA_IF_DELETED  "alpha_if_deleted"
#define BAR_RK_APPROXIMATE       "approximate"
#define BAR_RK_ASKED             "asked"
#define BAR_RK_ASKED_IF          "asked_if"
#define BAR_RK_B                 "b"
#define BAR_RK_BASE              "base"
#define BAR_RK_BASE_N            "base_n"
#define BAR_RK_BENCHMARKS        "benchmarks"
#define BAR_RK_BETWEENSS         "betweenss"
#define BAR_RK_BREAKDOWNS        "breakdowns"
#define BAR_RK_BY                "by"
#define BAR_RK_BY_LABEL          "by_label"
#define BAR_RK_CANDIDATES        "candidates"
#define BAR_RK_CAPTION           "caption"
#define BAR_RK_CAPTION_NOTE      "caption_note"
#define BAR_RK_CASES             "cases"
#define BAR_RK_CATEGORIES        "categories"
#define BAR_RK_CATEGORY          "category"
#define BAR_RK_CELLS             "cells"
#define BAR_RK_CELLS_BELOW_5     "cells_below_5"
#define BAR_RK_CENTER            "center"
#define BAR_RK_CHISQ             "chisq"
#define BAR_RK_CI_HIGH           "ci_high"
#define BAR_RK_CI_LOW            "ci_low"
#define BAR_RK_CLASSIFICATION    "classification"
#define BAR_RK_CODE              "code"
#define BAR_RK_CODES             "codes"
#define BAR_RK_COMPARISON        "comparison"
#define BAR_RK_COMPLETED         "completed"
#define BAR_RK_CONVERGED         "converged"
#define BAR_RK_COUNT             "count"
#define BAR_RK_COUNTRY           "country"
#define BAR_RK_COUNTS            "counts"
#define BAR_RK_COX_SNELL_R2      "cox_snell_r2"
#define BAR_RK_CRAMERS_V         "cramers_v"
#define BAR_RK_CUT               "cut"
#define BAR_RK_CUTS              "cuts"
#define BAR_RK_CUTS_FROM         "cuts_from"
#define BAR_RK_CUTS_LABEL        "cuts_label"
#define BAR_RK_DATA              "data"
#define BAR_RK_DF                "df"
#define BAR_RK_DIFFERENCE        "difference"
#define BAR_RK_DISCLOSURE        "disclosure"
#define BAR_RK_DISTRIBUTION      "distribution"
#define BAR_RK_DROPPED           "dropped"
#define BAR_RK_EIGENVALUES       "eigenvalues"
#define BAR_RK_EMPTY_GROUPS      "empty_groups"
#define BAR_RK_EN                "en"
#define BAR_RK_ERROR_ARGS        "error_args"
#define BAR_RK_ERROR_FORMAT      "error_format"
#define BAR_RK_ERROR             "error"
#define BAR_RK_EVENTS            "events"
#define BAR_RK_EXP_B             "exp_b"
#define BAR_RK_EXP_B_HIGH        "exp_b_high"
#define BAR_RK_EXP_B_LOW         "exp_b_low"
#define BAR_RK_EXPLAINED         "explained"
#define BAR_RK_FIGURE            "figure"
#define BAR_RK_FIGURES           "figures"
#define BAR_RK_FOCUS_ROW         "focus_row"
#define BAR_RK_FRAME             "frame"
#define BAR_RK_FROM              "from"
#define BAR_RK_GENERATED_BY      "generated_by"
#define BAR_RK_GROUP             "group"
#define BAR_RK_GROUP_N           "group_n"
#define BAR_RK_GROUPS            "groups"
#define BAR_RK_HISTOGRAM         "histogram"
#define BAR_RK_HOSMER_LEMESHOW   "hosmer_lemeshow"
#define BAR_RK_ID                "id"
#define BAR_RK_INSTRUMENT        "instrument"
#define BAR_RK_INTERCEPT         "intercept"
#define BAR_RK_ITEM_TOTAL_R      "item_total_r"
#define BAR_RK_ITEMS             "items"
#define BAR_RK_ITERATIONS        "iterations"
#define BAR_RK_K                 "k"
#define BAR_RK_KEPT              "kept"
#define BAR_RK_KIND              "kind"
#define BAR_RK_KURTOSIS          "kurtosis"
#define BAR_RK_LABEL             "label"
#define BAR_RK_LEVEL             "level"
#define BAR_RK_LOADING           "loading"
#define BAR_RK_LOADINGS          "loadings"
#define BAR_RK_LR_CHISQ          "lr_chisq"
#define BAR_RK_LR_P              "lr_p"
#define BAR_RK_MAX               "max"
#define BAR_RK_MEAN              "mean"
#define BAR_RK_MEDIAN            "median"
#define BAR_RK_MERGED            "merged"
#define BAR_RK_MERGED_CATEGORIES "merged_categories"
#define BAR_RK_MERGED_LABELS     "merged_labels"
#define BAR_RK_METHOD            "method"
#define BAR_RK_MIN               "min"
#define BAR_RK_MIN_CELL          "min_cell"
#define BAR_RK_MIN_COUNT         "min_count"
#define BAR_RK_MIN_EXPECTED      "min_expected"
#define BAR_RK_MIN_GROUP         "min_group"
#define BAR_RK_MIN_LOADING       "min_loading"
#define BAR_RK_MINUS2LL          "minus2ll"
#define BAR_RK_MINUS2LL_NULL     "minus2ll_null"
#define BAR_RK_MISSING           "missing"
#define BAR_RK_MODEL             "model"
#define BAR_RK_MODELS            "models"
#define BAR_RK_N                 "n"
#define BAR_RK_NAGELKERKE_R2     "nagelkerke_r2"
#define BAR_RK_NAME              "name"
#define BAR_RK_NCOMPLETE         "ncomplete"
#define BAR_RK_NL                "nl"
#define BAR_RK_NO_TEST           "no_test"
#define BAR_RK_NOT_ASKED         "not_asked"
#define BAR_RK_NOTE              "note"
#define BAR_RK_NOTE_ARGS         "note_args"
#define BAR_RK_NOTE_FORMAT       "note_format"
#define BAR_RK_NUMBER            "number"
#define BAR_RK_OF                "of"
#define BAR_RK_OUTCOME           "outcome"
#define BAR_RK_OUTLIERS          "outliers"
#define BAR_RK_P                 "p"
#define BAR_RK_P_REMOVE          "p_remove"
#define BAR_RK_PERCENT           "percent"
#define BAR_RK_PERCENT_CORRECT   "percent_correct"
#define BAR_RK_PERCENTAGES       "percentages"
#define BAR_RK_PERCENTS          "percents"
#define BAR_RK_PERIOD            "period"
#define BAR_RK_POSITIVE          "positive"
#define BAR_RK_POSITIVE_CODES    "positive_codes"
#define BAR_RK_Q1                "q1"
#define BAR_RK_Q3                "q3"
#define BAR_RK_QUALIFIER         "qualifier"
#define BAR_RK_QUANTILE_TYPE     "quantile_type"
#define BAR_RK_QUESTION          "question"
#define BAR_RK_REASON            "reason"
#define BAR_RK_REDUNDANT         "redundant"
#define BAR_RK_RELIABILITY       "reliability"
#define BAR_RK_RELIABILITY_ALL   "reliability_all"
#define BAR_RK_REMOVED           "removed"
#define BAR_RK_RETAINED          "retained"
#define BAR_RK_ROLE              "role"
#define BAR_RK_ROUND             "round"
#define BAR_RK_ROUNDS            "rounds"
#define BAR_RK_ROW               "row"
#define BAR_RK_ROWS              "rows"
#define BAR_RK_RULES             "rules"
#define BAR_RK_SCHEMA            "schema"
#define BAR_RK_SCORE             "score"
#define BAR_RK_SCORES            "scores"
#define BAR_RK_SD                "sd"
#define BAR_RK_SE                "se"
#define BAR_RK_SELECTION         "selection"
#define BAR_RK_SENT              "sent"
#define BAR_RK_SEPARATION        "separation"
#define BAR_RK_SHAPIRO_NOTE      "shapiro_note"
#define BAR_RK_SHAPIRO_NOTE_ARGS "shapiro_note_args"
#define BAR_RK_SHAPIRO_NOTE_FORMAT "shapiro_note_format"
#define BAR_RK_SHAPIRO_P         "shapiro_p"
#define BAR_RK_SHAPIRO_W         "shapiro_w"
#define BAR_RK_SHARE             "share"
#define BAR_RK_SKEWNESS          "skewness"
#define BAR_RK_SLOPE             "slope"
#define BAR_RK_SORT              "sort"
#define BAR_RK_SOURCE            "source"
#define BAR_RK_SPEC              "spec"
#define BAR_RK_STATISTIC         "statistic"
#define BAR_RK_STEP              "step"
#define BAR_RK_STEPS             "steps"
#define BAR_RK_SUMMARY           "summary"
#define BAR_RK_SUPPRESSED        "suppressed"
#define BAR_RK_SUPPRESSED_GROUPS "suppressed_groups"
#define BAR_RK_TABLE             "table"
#define BAR_RK_TABLES            "tables"
#define BAR_RK_TERM              "term"
#define BAR_RK_TERMS             "terms"
#define BAR_RK_TEST              "test"
#define BAR_RK_TITLE             "title"
#define BAR_RK_TO                "to"
#define BAR_RK_TOTAL             "total"
#define BAR_RK_TOTAL_COUNT       "total_count"
#define BAR_RK_TOTAL_PERCENT     "total_percent"
#define BAR_RK_TREND             "trend"
#define BAR_RK_TREND_NOTE        "trend_note"
#define BAR_RK_TYPE              "type"
#define BAR_RK_VARIABLE          "variable"
#define BAR_RK_VARIABLES         "variables"
#define BAR_RK_WALD              "wald"
#define BAR_RK_WARNING           "warning"
#define BAR_RK_WAVE              "wave"
#define BAR_RK_WHISKER_HIGH      "whisker_high"
#define BAR_RK_WHISKER_LOW       "whisker_low"
#define BAR_RK_WITHINSS          "withinss"
#define BAR_RK_Z                 "z"

/* Coded values: the English words the document uses as codes (a test's
 * name, a method, a reason an item was set aside). Writers and readers
 * use these constants; a renderer translates by them (table.c), never by
 * another copy of the text. */
#define BAR_RV_TEST_TWO_PROPORTIONS "two-proportion z-test"
#define BAR_RV_TEST_BINOMIAL "exact binomial test"
#define BAR_RV_TEST_CHISQ "Pearson chi-square"
#define BAR_RV_TEST_TREND "chi-square test for trend in proportions"
#define BAR_RV_METHOD_PAF                                                     \
    "one-factor principal axis factoring (SMC start, iterated), Pearson "   \
    "correlations of complete cases"
#define BAR_RV_METHOD_KMEANS                                                  \
    "optimal one-dimensional k-means (exact dynamic programming)"
#define BAR_RV_SELECTION_BACKWARD                                             \
    "backward elimination by likelihood-ratio test"
#define BAR_RV_SCORE_MEAN                                                     \
    "mean of the retained items answered; missing when fewer than half "    \
    "were answered"
#define BAR_RV_METHOD_TEXT                                                    \
    "Snowball Dutch stems of the open answers without stop words; terms "   \
    "of at least min_count answers linked by Dunning's log-likelihood "     \
    "ratio (G2 >= 3.84, co-occurring in at least min_count answers); "      \
    "concept groups by igraph's fast greedy modularity communities"
#define BAR_RV_REASON_NO_ANSWERS "no answers"
#define BAR_RV_REASON_CONSTANT "constant (no variation)"

/* Check a whole results document against the schema (one walk): the
 * schema version, every figure's kind, the required fields of every object
 * with the right type, and no key the schema does not know. A figure (or
 * an object in it) with a "note" or "error" has only what the analysis
 * gave it: its required fields are not asked for. Errors: BAR_EINVALID
 * with the first fault located, e.g. "results: figures[3] 'fig3':
 * categories[2]: 'percent' missing". The document is only read. */
bar_status bar_results_check(const json_t *doc, bar_error *err);

/* Readers. o may be NULL or not an object; every result is borrowed from
 * the document. */
/* The number at key; NAN when absent, null or not a number. */
double bar_results_num(const json_t *o, const char *key);
/* The integer at key; missing when absent, null or not an integer. */
long long bar_results_int(const json_t *o, const char *key,
                          long long missing);
/* The string at key; NULL when absent or not a string. */
const char *bar_results_str(const json_t *o, const char *key);
/* The boolean at key; false when absent or not a boolean. */
bool bar_results_bool(const json_t *o, const char *key);
/* The array at key; NULL when absent or not an array. */
json_t *bar_results_array(const json_t *o, const char *key);
/* The object at key; NULL when absent or not an object. */
json_t *bar_results_obj(const json_t *o, const char *key);
/* The one rule for a label: the text of the label at key (an object
 * {"nl": ..., "en": ...}, or a plain string, which is its own text) in
 * lang, else the English text, else the Dutch, else "" (never NULL). */
const char *bar_results_label(const json_t *o, const char *key,
                              bar_lang lang);
/* The same rule for a label object itself (NULL gives ""). */
const char *bar_results_label_text(const json_t *label, bar_lang lang);
/* The language code of lang ("nl", "en"), the key of its text in a label. */
const char *bar_results_lang_code(bar_lang lang);

/* The one writer of a note or an error: sets obj[key] (BAR_RK_NOTE,
 * BAR_RK_ERROR or BAR_RK_SHAPIRO_NOTE) to format with {1}, {2}, ... replaced by the string
 * arguments that follow (a NULL ends them). With at least one argument
 * it also sets "<key>_format" (format itself: the message id of the
 * translation catalogue) and "<key>_args" (the arguments, as an array of
 * strings); without, the text is its own message id. The strings are
 * copied. Errors: BAR_ENOMEM, BAR_EUSAGE (a {N} without an argument, or a
 * key other than those three); obj is then left as it was. */
bar_status bar_results_note(json_t *obj, const char *key,
                            const char *format, ...);

/* Whether key is one a note is written to (note, error, shapiro_note);
 * then the keys of its format and its arguments into *format_key and
 * *args_key (static strings). */
bool bar_results_note_keys(const char *key, const char **format_key,
                           const char **args_key);

/* Fill format's {1}, {2}, ... from args (an array of strings; a missing
 * one stays as written) into buf (always terminated; truncated to size).
 * What a renderer does with a translated note_format. */
void bar_results_format(char *buf, size_t size, const char *format,
                        const json_t *args);

#endif
