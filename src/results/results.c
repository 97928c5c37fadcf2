/* results.c - the schema table of the results document, its check, the
 * accessors and the note writer (see results.h). */
#include "results/results.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a field may hold (bits; a field may allow several). T_NUM is any
 * number (an integer too), T_LABEL an object of strings per language. */
enum {
    T_NULL = 1 << 0,
    T_BOOL = 1 << 1,
    T_INT = 1 << 2,
    T_NUM = 1 << 3,
    T_STR = 1 << 4,
    T_LABEL = 1 << 5,
    T_ARR = 1 << 6,
    T_OBJ = 1 << 7,
};
enum { OPT = 0, REQ = 1 };

/* One field: the figure kind it belongs to ("" for the top level and the
 * disclosure report), its path in the entry (objects joined by '.', the
 * elements of an array as "name[]", whose type is the element's), its
 * types and whether it is required. "note", "error", "note_format",
 * "note_args", "error_format" and "error_args" may be on any object of a
 * figure (see is_note_key); they are not in the table. Generated from the
 * documents the analysis writes in the tests and the demo, then read
 * against docs/results-schema.md. */
typedef struct field {
    const char *kind;
    const char *path;
    unsigned types;
    int required;
} field;

static const field fields[] = {
    /* the top level */
    {"", "cases", T_INT, REQ},
    {"", "data", T_STR, OPT},
    {"", "disclosure", T_OBJ, OPT},
    {"", "disclosure.method", T_STR, REQ},
    {"", "disclosure.min_cell", T_INT, REQ},
    {"", "disclosure.min_group", T_INT, REQ},
    {"", "disclosure.rules", T_ARR, REQ},
    {"", "disclosure.rules[]", T_STR, OPT},
    {"", "disclosure.tables", T_ARR, REQ},
    {"", "disclosure.tables[]", T_OBJ, OPT},
    {"", "disclosure.tables[].cells", T_ARR, REQ},
    {"", "disclosure.tables[].cells[]", T_OBJ, OPT},
    {"", "disclosure.tables[].cells[].group", T_NULL | T_LABEL, REQ},
    {"", "disclosure.tables[].cells[].row", T_LABEL, REQ},
    {"", "disclosure.tables[].figure", T_STR, REQ},
    {"", "disclosure.tables[].label", T_NULL | T_LABEL, REQ},
    {"", "disclosure.tables[].rules", T_ARR, REQ},
    {"", "disclosure.tables[].rules[]", T_STR, OPT},
    {"", "generated_by", T_STR, REQ},
    {"", "instrument", T_STR, REQ},
    {"", "level", T_NUM, REQ},
    {"", "min_cell", T_INT, REQ},
    {"", "min_group", T_INT, REQ},
    {"", "schema", T_INT, REQ},
    {"", "spec", T_STR, REQ},
    {"", "title", T_LABEL, REQ},
    {"", "wave", T_INT, REQ},
    /* response_by_group */
    {"response_by_group", "base", T_STR, REQ},
    {"response_by_group", "caption", T_STR, REQ},
    {"response_by_group", "frame", T_BOOL, REQ},
    {"response_by_group", "id", T_STR, REQ},
    {"response_by_group", "kind", T_STR, REQ},
    {"response_by_group", "merged", T_ARR, REQ},
    {"response_by_group", "merged[]", T_STR, OPT},
    {"response_by_group", "merged_labels", T_ARR, REQ},
    {"response_by_group", "merged_labels[]", T_LABEL, OPT},
    {"response_by_group", "missing", T_INT, REQ},
    {"response_by_group", "n", T_NULL | T_INT, REQ},
    {"response_by_group", "number", T_INT, REQ},
    {"response_by_group", "rows", T_ARR, REQ},
    {"response_by_group", "rows[]", T_OBJ, OPT},
    {"response_by_group", "rows[].codes", T_ARR, REQ},
    {"response_by_group", "rows[].codes[]", T_STR, OPT},
    {"response_by_group", "rows[].completed", T_NULL | T_INT, REQ},
    {"response_by_group", "rows[].label", T_LABEL, REQ},
    {"response_by_group", "rows[].merged", T_BOOL, REQ},
    {"response_by_group", "rows[].percent", T_NULL | T_NUM, REQ},
    {"response_by_group", "rows[].sent", T_NULL | T_INT, REQ},
    {"response_by_group", "rows[].share", T_NULL | T_NUM, REQ},
    {"response_by_group", "rows[].suppressed", T_BOOL, REQ},
    {"response_by_group", "title", T_LABEL, REQ},
    {"response_by_group", "total", T_OBJ, REQ},
    {"response_by_group", "total.completed", T_NULL | T_INT, REQ},
    {"response_by_group", "total.label", T_LABEL, REQ},
    {"response_by_group", "total.percent", T_NULL | T_NUM, REQ},
    {"response_by_group", "total.sent", T_NULL | T_INT, REQ},
    {"response_by_group", "total.share", T_NULL | T_NUM, REQ},
    {"response_by_group", "variable", T_STR, REQ},
    /* frequency */
    {"frequency", "asked_if", T_STR, OPT},
    {"frequency", "base", T_STR, REQ},
    {"frequency", "base_n", T_INT, REQ},
    {"frequency", "benchmarks", T_ARR, REQ},
    {"frequency", "benchmarks[]", T_OBJ, OPT},
    {"frequency", "benchmarks[].approximate", T_BOOL, REQ},
    {"frequency", "benchmarks[].category", T_STR, REQ},
    {"frequency", "benchmarks[].comparison", T_OBJ, REQ},
    {"frequency", "benchmarks[].comparison.count", T_NULL | T_INT, REQ},
    {"frequency", "benchmarks[].comparison.difference", T_NULL | T_NUM, REQ},
    {"frequency", "benchmarks[].comparison.n", T_NULL | T_INT, REQ},
    {"frequency", "benchmarks[].comparison.no_test", T_STR, OPT},
    {"frequency", "benchmarks[].comparison.p", T_NULL | T_NUM, REQ},
    {"frequency", "benchmarks[].comparison.percent", T_NULL | T_NUM, REQ},
    {"frequency", "benchmarks[].comparison.statistic", T_NULL | T_NUM, REQ},
    {"frequency", "benchmarks[].comparison.test", T_STR, OPT},
    {"frequency", "benchmarks[].country", T_STR, REQ},
    {"frequency", "benchmarks[].label", T_LABEL, OPT},
    {"frequency", "benchmarks[].n", T_NULL | T_INT, REQ},
    {"frequency", "benchmarks[].percent", T_NULL | T_NUM, REQ},
    {"frequency", "benchmarks[].period", T_STR, REQ},
    {"frequency", "benchmarks[].qualifier", T_STR, REQ},
    {"frequency", "benchmarks[].source", T_STR, REQ},
    {"frequency", "benchmarks[].variable", T_STR, REQ},
    {"frequency", "caption", T_STR, REQ},
    {"frequency", "caption_note", T_LABEL, OPT},
    {"frequency", "categories", T_ARR, REQ},
    {"frequency", "categories[]", T_OBJ, OPT},
    {"frequency", "categories[].ci_high", T_NULL | T_NUM, REQ},
    {"frequency", "categories[].ci_low", T_NULL | T_NUM, REQ},
    {"frequency", "categories[].code", T_INT, REQ},
    {"frequency", "categories[].count", T_NULL | T_INT, REQ},
    {"frequency", "categories[].label", T_LABEL, REQ},
    {"frequency", "categories[].percent", T_NULL | T_NUM, REQ},
    {"frequency", "cuts", T_ARR, OPT},
    {"frequency", "cuts[]", T_NUM, OPT},
    {"frequency", "cuts_from", T_STR, OPT},
    {"frequency", "cuts_label", T_LABEL, OPT},
    {"frequency", "id", T_STR, REQ},
    {"frequency", "kind", T_STR, REQ},
    {"frequency", "label", T_LABEL, REQ},
    {"frequency", "merged_categories", T_ARR, REQ},
    {"frequency", "merged_categories[]", T_OBJ, OPT},
    {"frequency", "merged_categories[].category", T_STR, REQ},
    {"frequency", "merged_categories[].ci_high", T_NULL | T_NUM, REQ},
    {"frequency", "merged_categories[].ci_low", T_NULL | T_NUM, REQ},
    {"frequency", "merged_categories[].codes", T_ARR, REQ},
    {"frequency", "merged_categories[].codes[]", T_INT, OPT},
    {"frequency", "merged_categories[].count", T_NULL | T_INT, REQ},
    {"frequency", "merged_categories[].percent", T_NULL | T_NUM, REQ},
    {"frequency", "missing", T_INT, REQ},
    {"frequency", "n", T_NULL | T_INT, REQ},
    {"frequency", "not_asked", T_INT, OPT},
    {"frequency", "number", T_INT, REQ},
    {"frequency", "suppressed", T_BOOL, REQ},
    {"frequency", "title", T_LABEL, REQ},
    {"frequency", "variable", T_STR, REQ},
    /* multi_response */
    {"multi_response", "asked_if", T_STR, OPT},
    {"multi_response", "base", T_STR, REQ},
    {"multi_response", "base_n", T_INT, REQ},
    {"multi_response", "benchmarks", T_ARR, REQ},
    {"multi_response", "benchmarks[]", T_OBJ, OPT},
    {"multi_response", "benchmarks[].approximate", T_BOOL, REQ},
    {"multi_response", "benchmarks[].category", T_STR, REQ},
    {"multi_response", "benchmarks[].comparison", T_OBJ, REQ},
    {"multi_response", "benchmarks[].comparison.count", T_NULL | T_INT, REQ},
    {"multi_response", "benchmarks[].comparison.difference",
     T_NULL | T_NUM, REQ},
    {"multi_response", "benchmarks[].comparison.n", T_NULL | T_INT, REQ},
    {"multi_response", "benchmarks[].comparison.no_test", T_STR, OPT},
    {"multi_response", "benchmarks[].comparison.p", T_NULL | T_NUM, REQ},
    {"multi_response", "benchmarks[].comparison.percent", T_NULL | T_NUM, REQ},
    {"multi_response", "benchmarks[].comparison.statistic", T_NULL, REQ},
    {"multi_response", "benchmarks[].comparison.test", T_STR, OPT},
    {"multi_response", "benchmarks[].country", T_STR, REQ},
    {"multi_response", "benchmarks[].label", T_LABEL, OPT},
    {"multi_response", "benchmarks[].n", T_NULL, REQ},
    {"multi_response", "benchmarks[].percent", T_NULL | T_NUM, REQ},
    {"multi_response", "benchmarks[].period", T_STR, REQ},
    {"multi_response", "benchmarks[].qualifier", T_STR, REQ},
    {"multi_response", "benchmarks[].source", T_STR, REQ},
    {"multi_response", "benchmarks[].variable", T_STR, REQ},
    {"multi_response", "caption", T_STR, REQ},
    {"multi_response", "id", T_STR, REQ},
    {"multi_response", "items", T_ARR, REQ},
    {"multi_response", "items[]", T_OBJ, OPT},
    {"multi_response", "items[].ci_high", T_NULL | T_NUM, REQ},
    {"multi_response", "items[].ci_low", T_NULL | T_NUM, REQ},
    {"multi_response", "items[].count", T_NULL | T_INT, REQ},
    {"multi_response", "items[].label", T_LABEL, REQ},
    {"multi_response", "items[].n", T_NULL | T_INT, REQ},
    {"multi_response", "items[].percent", T_NULL | T_NUM, REQ},
    {"multi_response", "items[].variable", T_STR, REQ},
    {"multi_response", "kind", T_STR, REQ},
    {"multi_response", "label", T_LABEL, REQ},
    {"multi_response", "missing", T_INT, REQ},
    {"multi_response", "n", T_NULL | T_INT, REQ},
    {"multi_response", "not_asked", T_INT, OPT},
    {"multi_response", "number", T_INT, REQ},
    {"multi_response", "question", T_STR, REQ},
    {"multi_response", "suppressed", T_BOOL, REQ},
    {"multi_response", "title", T_LABEL, REQ},
    /* likert */
    {"likert", "base", T_STR, REQ},
    {"likert", "base_n", T_INT, REQ},
    {"likert", "caption", T_STR, REQ},
    {"likert", "codes", T_ARR, REQ},
    {"likert", "codes[]", T_OBJ, OPT},
    {"likert", "codes[].code", T_INT, REQ},
    {"likert", "codes[].label", T_LABEL, REQ},
    {"likert", "id", T_STR, REQ},
    {"likert", "items", T_ARR, REQ},
    {"likert", "items[]", T_OBJ, OPT},
    {"likert", "items[].counts", T_ARR, REQ},
    {"likert", "items[].counts[]", T_NULL | T_INT, OPT},
    {"likert", "items[].label", T_LABEL, REQ},
    {"likert", "items[].mean", T_NULL | T_NUM, REQ},
    {"likert", "items[].n", T_NULL | T_INT, REQ},
    {"likert", "items[].percents", T_ARR, REQ},
    {"likert", "items[].percents[]", T_NULL | T_NUM, OPT},
    {"likert", "items[].positive", T_OBJ, REQ},
    {"likert", "items[].positive.ci_high", T_NULL | T_NUM, REQ},
    {"likert", "items[].positive.ci_low", T_NULL | T_NUM, REQ},
    {"likert", "items[].positive.count", T_NULL | T_INT, REQ},
    {"likert", "items[].positive.percent", T_NULL | T_NUM, REQ},
    {"likert", "items[].suppressed", T_BOOL, REQ},
    {"likert", "items[].variable", T_STR, REQ},
    {"likert", "kind", T_STR, REQ},
    {"likert", "label", T_LABEL, REQ},
    {"likert", "missing", T_INT, REQ},
    {"likert", "n", T_NULL | T_INT, REQ},
    {"likert", "number", T_INT, REQ},
    {"likert", "positive_codes", T_ARR, REQ},
    {"likert", "positive_codes[]", T_INT, OPT},
    {"likert", "question", T_STR, REQ},
    {"likert", "sort", T_STR, REQ},
    {"likert", "suppressed", T_BOOL, REQ},
    {"likert", "title", T_LABEL, REQ},
    /* crosstab */
    {"crosstab", "asked_if", T_STR, OPT},
    {"crosstab", "base", T_STR, REQ},
    {"crosstab", "base_n", T_INT, REQ},
    {"crosstab", "by", T_STR, REQ},
    {"crosstab", "by_label", T_LABEL, REQ},
    {"crosstab", "caption", T_STR, REQ},
    {"crosstab", "caption_note", T_LABEL, OPT},
    {"crosstab", "empty_groups", T_ARR, REQ},
    {"crosstab", "empty_groups[]", T_INT | T_STR, OPT},
    {"crosstab", "groups", T_ARR, REQ},
    {"crosstab", "groups[]", T_OBJ, OPT},
    {"crosstab", "groups[].codes", T_ARR, REQ},
    {"crosstab", "groups[].codes[]", T_INT | T_STR, OPT},
    {"crosstab", "groups[].label", T_LABEL, REQ},
    {"crosstab", "groups[].merged", T_BOOL, REQ},
    {"crosstab", "groups[].n", T_NULL | T_INT, REQ},
    {"crosstab", "groups[].suppressed", T_BOOL, OPT},
    {"crosstab", "id", T_STR, REQ},
    {"crosstab", "kind", T_STR, REQ},
    {"crosstab", "label", T_LABEL, REQ},
    {"crosstab", "missing", T_INT, REQ},
    {"crosstab", "n", T_NULL | T_INT, REQ},
    {"crosstab", "not_asked", T_INT, OPT},
    {"crosstab", "number", T_INT, REQ},
    {"crosstab", "percentages", T_STR, REQ},
    {"crosstab", "positive_codes", T_ARR, OPT},
    {"crosstab", "positive_codes[]", T_INT, OPT},
    {"crosstab", "question", T_STR, OPT},
    {"crosstab", "suppressed_groups", T_ARR, REQ},
    {"crosstab", "suppressed_groups[]", T_INT | T_STR, OPT},
    {"crosstab", "tables", T_ARR, REQ},
    {"crosstab", "tables[]", T_OBJ, OPT},
    {"crosstab", "tables[].focus_row", T_NULL | T_INT, REQ},
    {"crosstab", "tables[].group_n", T_ARR, REQ},
    {"crosstab", "tables[].group_n[]", T_NULL | T_INT, OPT},
    {"crosstab", "tables[].label", T_LABEL, REQ},
    {"crosstab", "tables[].n", T_NULL | T_INT, REQ},
    {"crosstab", "tables[].rows", T_ARR, REQ},
    {"crosstab", "tables[].rows[]", T_OBJ, OPT},
    {"crosstab", "tables[].rows[].code", T_INT, REQ},
    {"crosstab", "tables[].rows[].counts", T_ARR, REQ},
    {"crosstab", "tables[].rows[].counts[]", T_NULL | T_INT, OPT},
    {"crosstab", "tables[].rows[].label", T_LABEL, REQ},
    {"crosstab", "tables[].rows[].percents", T_ARR, REQ},
    {"crosstab", "tables[].rows[].percents[]", T_NULL | T_NUM, OPT},
    {"crosstab", "tables[].rows[].total_count", T_NULL | T_INT, REQ},
    {"crosstab", "tables[].rows[].total_percent", T_NULL | T_NUM, REQ},
    {"crosstab", "tables[].test", T_NULL | T_OBJ, REQ},
    {"crosstab", "tables[].test.cells_below_5", T_NULL | T_INT, REQ},
    {"crosstab", "tables[].test.cramers_v", T_NULL | T_NUM, REQ},
    {"crosstab", "tables[].test.df", T_NULL | T_INT, REQ},
    {"crosstab", "tables[].test.min_expected", T_NULL | T_NUM, REQ},
    {"crosstab", "tables[].test.p", T_NULL | T_NUM, REQ},
    {"crosstab", "tables[].test.statistic", T_NULL | T_NUM, REQ},
    {"crosstab", "tables[].test.test", T_STR, REQ},
    {"crosstab", "tables[].test.warning", T_STR, OPT},
    {"crosstab", "tables[].trend", T_NULL | T_OBJ, OPT},
    {"crosstab", "tables[].trend.df", T_NULL | T_INT, REQ},
    {"crosstab", "tables[].trend.p", T_NULL | T_NUM, REQ},
    {"crosstab", "tables[].trend.scores", T_ARR, REQ},
    {"crosstab", "tables[].trend.scores[]", T_NUM, OPT},
    {"crosstab", "tables[].trend.slope", T_NULL | T_NUM, REQ},
    {"crosstab", "tables[].trend.statistic", T_NULL | T_NUM, REQ},
    {"crosstab", "tables[].trend.test", T_STR, REQ},
    {"crosstab", "tables[].trend.z", T_NULL | T_NUM, REQ},
    {"crosstab", "tables[].trend_note", T_STR, OPT},
    {"crosstab", "tables[].variable", T_STR, REQ},
    {"crosstab", "title", T_LABEL, REQ},
    {"crosstab", "variable", T_STR, OPT},
    /* boxplot */
    {"boxplot", "base", T_STR, REQ},
    {"boxplot", "base_n", T_INT, REQ},
    {"boxplot", "by", T_STR, REQ},
    {"boxplot", "by_label", T_LABEL, REQ},
    {"boxplot", "caption", T_STR, REQ},
    {"boxplot", "empty_groups", T_ARR, REQ},
    {"boxplot", "empty_groups[]", T_STR, OPT},
    {"boxplot", "groups", T_ARR, REQ},
    {"boxplot", "groups[]", T_OBJ, OPT},
    {"boxplot", "groups[].codes", T_ARR, REQ},
    {"boxplot", "groups[].codes[]", T_STR, OPT},
    {"boxplot", "groups[].label", T_LABEL, REQ},
    {"boxplot", "groups[].mean", T_NULL | T_NUM, OPT},
    {"boxplot", "groups[].median", T_NULL | T_NUM, OPT},
    {"boxplot", "groups[].merged", T_BOOL, REQ},
    {"boxplot", "groups[].n", T_NULL | T_INT, REQ},
    {"boxplot", "groups[].outliers", T_NULL | T_ARR, OPT},
    {"boxplot", "groups[].outliers[]", T_NUM, OPT},
    {"boxplot", "groups[].q1", T_NULL | T_NUM, OPT},
    {"boxplot", "groups[].q3", T_NULL | T_NUM, OPT},
    {"boxplot", "groups[].suppressed", T_BOOL, OPT},
    {"boxplot", "groups[].whisker_high", T_NULL | T_NUM, OPT},
    {"boxplot", "groups[].whisker_low", T_NULL | T_NUM, OPT},
    {"boxplot", "id", T_STR, REQ},
    {"boxplot", "kind", T_STR, REQ},
    {"boxplot", "label", T_LABEL, REQ},
    {"boxplot", "missing", T_INT, REQ},
    {"boxplot", "n", T_NULL | T_INT, REQ},
    {"boxplot", "number", T_INT, REQ},
    {"boxplot", "quantile_type", T_INT, REQ},
    {"boxplot", "suppressed_groups", T_ARR, REQ},
    {"boxplot", "suppressed_groups[]", T_INT | T_STR, OPT},
    {"boxplot", "title", T_LABEL, REQ},
    {"boxplot", "total", T_OBJ, REQ},
    {"boxplot", "total.label", T_LABEL, REQ},
    {"boxplot", "total.mean", T_NULL | T_NUM, OPT},
    {"boxplot", "total.median", T_NULL | T_NUM, OPT},
    {"boxplot", "total.n", T_NULL | T_INT, REQ},
    {"boxplot", "total.outliers", T_ARR, OPT},
    {"boxplot", "total.outliers[]", T_NUM, OPT},
    {"boxplot", "total.q1", T_NULL | T_NUM, OPT},
    {"boxplot", "total.q3", T_NULL | T_NUM, OPT},
    {"boxplot", "total.whisker_high", T_NULL | T_NUM, OPT},
    {"boxplot", "total.whisker_low", T_NULL | T_NUM, OPT},
    {"boxplot", "variable", T_STR, REQ},
    /* scale */
    {"scale", "base", T_STR, REQ},
    {"scale", "base_n", T_INT, REQ},
    {"scale", "caption", T_STR, REQ},
    {"scale", "distribution", T_OBJ, REQ},
    {"scale", "distribution.histogram", T_ARR, REQ},
    {"scale", "distribution.histogram[]", T_OBJ, OPT},
    {"scale", "distribution.histogram[].count", T_NULL | T_INT, REQ},
    {"scale", "distribution.histogram[].from", T_NULL | T_NUM, REQ},
    {"scale", "distribution.histogram[].to", T_NULL | T_NUM, REQ},
    {"scale", "distribution.kurtosis", T_NULL | T_NUM, REQ},
    {"scale", "distribution.max", T_NULL | T_NUM, REQ},
    {"scale", "distribution.mean", T_NULL | T_NUM, REQ},
    {"scale", "distribution.min", T_NULL | T_NUM, REQ},
    {"scale", "distribution.n", T_NULL | T_INT, REQ},
    {"scale", "distribution.sd", T_NULL | T_NUM, REQ},
    {"scale", "distribution.shapiro_note", T_STR, OPT},
    {"scale", "distribution.shapiro_note_args", T_ARR, OPT},
    {"scale", "distribution.shapiro_note_args[]", T_STR, OPT},
    {"scale", "distribution.shapiro_note_format", T_STR, OPT},
    {"scale", "distribution.shapiro_p", T_NULL | T_NUM, REQ},
    {"scale", "distribution.shapiro_w", T_NULL | T_NUM, REQ},
    {"scale", "distribution.skewness", T_NULL | T_NUM, REQ},
    {"scale", "groups", T_OBJ, REQ},
    {"scale", "groups.betweenss", T_NULL | T_NUM, REQ},
    {"scale", "groups.cuts", T_ARR, REQ},
    {"scale", "groups.cuts[]", T_NUM, OPT},
    {"scale", "groups.groups", T_ARR, REQ},
    {"scale", "groups.groups[]", T_OBJ, OPT},
    {"scale", "groups.groups[].center", T_NULL | T_NUM, REQ},
    {"scale", "groups.groups[].ci_high", T_NULL | T_NUM, REQ},
    {"scale", "groups.groups[].ci_low", T_NULL | T_NUM, REQ},
    {"scale", "groups.groups[].code", T_INT, REQ},
    {"scale", "groups.groups[].count", T_NULL | T_INT, REQ},
    {"scale", "groups.groups[].label", T_LABEL, REQ},
    {"scale", "groups.groups[].n", T_NULL | T_INT, REQ},
    {"scale", "groups.groups[].percent", T_NULL | T_NUM, REQ},
    {"scale", "groups.k", T_INT, REQ},
    {"scale", "groups.method", T_STR, REQ},
    {"scale", "groups.variable", T_STR, REQ},
    {"scale", "groups.withinss", T_NULL | T_NUM, REQ},
    {"scale", "id", T_STR, REQ},
    {"scale", "kind", T_STR, REQ},
    {"scale", "missing", T_INT, REQ},
    {"scale", "n", T_NULL | T_INT, REQ},
    {"scale", "number", T_INT, REQ},
    {"scale", "question", T_STR, REQ},
    {"scale", "reliability", T_OBJ, REQ},
    {"scale", "reliability.alpha", T_NULL | T_NUM, REQ},
    {"scale", "reliability.items", T_ARR, REQ},
    {"scale", "reliability.items[]", T_OBJ, OPT},
    {"scale", "reliability.items[].alpha_if_deleted", T_NULL | T_NUM, REQ},
    {"scale", "reliability.items[].item_total_r", T_NULL | T_NUM, REQ},
    {"scale", "reliability.items[].variable", T_STR, REQ},
    {"scale", "reliability.ncomplete", T_INT, REQ},
    {"scale", "reliability_all", T_OBJ, REQ},
    {"scale", "reliability_all.alpha", T_NULL | T_NUM, REQ},
    {"scale", "reliability_all.items", T_ARR, REQ},
    {"scale", "reliability_all.items[]", T_OBJ, OPT},
    {"scale", "reliability_all.items[].alpha_if_deleted", T_NULL | T_NUM, REQ},
    {"scale", "reliability_all.items[].item_total_r", T_NULL | T_NUM, REQ},
    {"scale", "reliability_all.items[].variable", T_STR, REQ},
    {"scale", "reliability_all.ncomplete", T_INT, REQ},
    {"scale", "score", T_STR, REQ},
    {"scale", "selection", T_OBJ, REQ},
    {"scale", "selection.dropped", T_ARR, REQ},
    {"scale", "selection.dropped[]", T_OBJ, OPT},
    {"scale", "selection.dropped[].label", T_LABEL, REQ},
    {"scale", "selection.dropped[].loading", T_NULL | T_NUM, REQ},
    {"scale", "selection.dropped[].reason", T_STR, REQ},
    {"scale", "selection.dropped[].round", T_NULL | T_INT, REQ},
    {"scale", "selection.dropped[].variable", T_STR, REQ},
    {"scale", "selection.method", T_STR, REQ},
    {"scale", "selection.min_loading", T_NUM, REQ},
    {"scale", "selection.retained", T_ARR, REQ},
    {"scale", "selection.retained[]", T_STR, OPT},
    {"scale", "selection.rounds", T_ARR, REQ},
    {"scale", "selection.rounds[]", T_OBJ, OPT},
    {"scale", "selection.rounds[].converged", T_BOOL, REQ},
    {"scale", "selection.rounds[].eigenvalues", T_ARR, REQ},
    {"scale", "selection.rounds[].eigenvalues[]", T_NUM, OPT},
    {"scale", "selection.rounds[].explained", T_NULL | T_NUM, REQ},
    {"scale", "selection.rounds[].items", T_ARR, REQ},
    {"scale", "selection.rounds[].items[]", T_STR, OPT},
    {"scale", "selection.rounds[].iterations", T_INT, REQ},
    {"scale", "selection.rounds[].loadings", T_ARR, REQ},
    {"scale", "selection.rounds[].loadings[]", T_NUM, OPT},
    {"scale", "selection.rounds[].ncomplete", T_INT, REQ},
    {"scale", "selection.rounds[].round", T_INT, REQ},
    {"scale", "title", T_LABEL, REQ},
    {"scale", "variable", T_STR, REQ},
    /* model */
    {"model", "base", T_STR, REQ},
    {"model", "base_n", T_INT, REQ},
    {"model", "candidates", T_ARR, REQ},
    {"model", "candidates[]", T_STR, OPT},
    {"model", "caption", T_STR, REQ},
    {"model", "id", T_STR, REQ},
    {"model", "kind", T_STR, REQ},
    {"model", "models", T_ARR, REQ},
    {"model", "models[]", T_OBJ, OPT},
    {"model", "models[].base_n", T_INT, REQ},
    {"model", "models[].events", T_INT, REQ},
    {"model", "models[].kept", T_ARR, REQ},
    {"model", "models[].kept[]", T_STR, OPT},
    {"model", "models[].label", T_LABEL, REQ},
    {"model", "models[].n", T_NULL | T_INT, REQ},
    {"model", "models[].outcome", T_STR, REQ},
    {"model", "models[].redundant", T_ARR, REQ},
    {"model", "models[].redundant[]", T_OBJ, OPT},
    {"model", "models[].redundant[].intercept", T_BOOL, REQ},
    {"model", "models[].redundant[].name", T_STR, REQ},
    {"model", "models[].redundant[].of", T_ARR, REQ},
    {"model", "models[].redundant[].of[]", T_STR, OPT},
    {"model", "models[].redundant[].reason", T_LABEL, REQ},
    {"model", "models[].removed", T_ARR, REQ},
    {"model", "models[].removed[]", T_STR, OPT},
    {"model", "models[].separation", T_BOOL, OPT},
    {"model", "models[].steps", T_ARR, REQ},
    {"model", "models[].steps[]", T_OBJ, OPT},
    {"model", "models[].steps[].lr_chisq", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].lr_p", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model", T_OBJ, REQ},
    {"model", "models[].steps[].model.aliased", T_ARR, REQ},
    {"model", "models[].steps[].model.aliased[]", T_STR, OPT},
    {"model", "models[].steps[].model.classification", T_OBJ, REQ},
    {"model", "models[].steps[].model.classification.cut", T_NUM, REQ},
    {"model", "models[].steps[].model.classification.percent_correct",
     T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.classification.table", T_ARR, REQ},
    {"model", "models[].steps[].model.classification.table[]", T_ARR, OPT},
    {"model", "models[].steps[].model.classification.table[][]",
     T_NULL | T_INT, OPT},
    {"model", "models[].steps[].model.converged", T_BOOL, REQ},
    {"model", "models[].steps[].model.cox_snell_r2", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.hosmer_lemeshow", T_OBJ, REQ},
    {"model", "models[].steps[].model.hosmer_lemeshow.chisq",
     T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.hosmer_lemeshow.df",
     T_NULL | T_INT, REQ},
    {"model", "models[].steps[].model.hosmer_lemeshow.p", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.intercept", T_OBJ, REQ},
    {"model", "models[].steps[].model.intercept.aliased", T_BOOL, REQ},
    {"model", "models[].steps[].model.intercept.b", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.intercept.df", T_NULL | T_INT, REQ},
    {"model", "models[].steps[].model.intercept.exp_b", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.intercept.exp_b_high",
     T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.intercept.exp_b_low",
     T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.intercept.name", T_STR, REQ},
    {"model", "models[].steps[].model.intercept.p", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.intercept.se", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.intercept.wald", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.iterations", T_INT, REQ},
    {"model", "models[].steps[].model.minus2ll", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.minus2ll_null", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.n", T_NULL | T_INT, REQ},
    {"model", "models[].steps[].model.nagelkerke_r2", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.terms", T_ARR, REQ},
    {"model", "models[].steps[].model.terms[]", T_OBJ, OPT},
    {"model", "models[].steps[].model.terms[].aliased", T_BOOL, REQ},
    {"model", "models[].steps[].model.terms[].b", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.terms[].df", T_NULL | T_INT, REQ},
    {"model", "models[].steps[].model.terms[].exp_b", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.terms[].exp_b_high",
     T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.terms[].exp_b_low", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.terms[].name", T_STR, REQ},
    {"model", "models[].steps[].model.terms[].p", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.terms[].se", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].model.terms[].wald", T_NULL | T_NUM, REQ},
    {"model", "models[].steps[].removed", T_NULL | T_STR, REQ},
    {"model", "models[].steps[].step", T_INT, REQ},
    {"model", "number", T_INT, REQ},
    {"model", "p_remove", T_NUM, REQ},
    {"model", "selection", T_STR, REQ},
    {"model", "title", T_LABEL, REQ},
    /* frequencies */
    {"frequencies", "base", T_STR, REQ},
    {"frequencies", "caption", T_STR, REQ},
    {"frequencies", "cases", T_INT, REQ},
    {"frequencies", "id", T_STR, REQ},
    {"frequencies", "kind", T_STR, REQ},
    {"frequencies", "missing", T_INT, REQ},
    {"frequencies", "n", T_NULL | T_INT, REQ},
    {"frequencies", "number", T_INT, REQ},
    {"frequencies", "title", T_LABEL, REQ},
    {"frequencies", "variables", T_ARR, REQ},
    {"frequencies", "variables[]", T_OBJ, OPT},
    {"frequencies", "variables[].asked", T_INT, REQ},
    {"frequencies", "variables[].asked_if", T_NULL | T_STR, REQ},
    {"frequencies", "variables[].base", T_STR, REQ},
    {"frequencies", "variables[].categories", T_ARR, OPT},
    {"frequencies", "variables[].categories[]", T_OBJ, OPT},
    {"frequencies", "variables[].categories[].code", T_INT | T_STR, REQ},
    {"frequencies", "variables[].categories[].count", T_NULL | T_INT, REQ},
    {"frequencies", "variables[].categories[].label", T_LABEL, REQ},
    {"frequencies", "variables[].categories[].percent", T_NULL | T_NUM, REQ},
    {"frequencies", "variables[].label", T_LABEL, REQ},
    {"frequencies", "variables[].merged", T_OBJ, OPT},
    {"frequencies", "variables[].merged.codes", T_ARR, REQ},
    {"frequencies", "variables[].merged.codes[]", T_STR, OPT},
    {"frequencies", "variables[].merged.count", T_NULL | T_INT, REQ},
    {"frequencies", "variables[].merged.label", T_LABEL, REQ},
    {"frequencies", "variables[].merged.percent", T_NULL | T_NUM, REQ},
    {"frequencies", "variables[].merged.suppressed", T_BOOL, REQ},
    {"frequencies", "variables[].missing", T_INT, REQ},
    {"frequencies", "variables[].n", T_NULL | T_INT, REQ},
    {"frequencies", "variables[].not_asked", T_INT, REQ},
    {"frequencies", "variables[].question", T_NULL | T_STR, REQ},
    {"frequencies", "variables[].role", T_STR, REQ},
    {"frequencies", "variables[].summary", T_NULL | T_OBJ, OPT},
    {"frequencies", "variables[].summary.mean", T_NULL | T_NUM, REQ},
    {"frequencies", "variables[].summary.median", T_NULL | T_NUM, REQ},
    {"frequencies", "variables[].summary.q1", T_NULL | T_NUM, REQ},
    {"frequencies", "variables[].summary.q3", T_NULL | T_NUM, REQ},
    {"frequencies", "variables[].summary.sd", T_NULL | T_NUM, REQ},
    {"frequencies", "variables[].suppressed", T_BOOL, REQ},
    {"frequencies", "variables[].type", T_STR, REQ},
    {"frequencies", "variables[].variable", T_STR, REQ},
    /* text */
    {"text", "base", T_STR, REQ},
    {"text", "base_n", T_INT, REQ},
    {"text", "breakdowns", T_ARR, REQ},
    {"text", "breakdowns[]", T_OBJ, OPT},
    {"text", "breakdowns[].base", T_STR, REQ},
    {"text", "breakdowns[].base_n", T_INT, REQ},
    {"text", "breakdowns[].by", T_STR, REQ},
    {"text", "breakdowns[].by_label", T_LABEL, REQ},
    {"text", "breakdowns[].empty_groups", T_ARR, REQ},
    {"text", "breakdowns[].empty_groups[]", T_INT | T_STR, OPT},
    {"text", "breakdowns[].groups", T_ARR, REQ},
    {"text", "breakdowns[].groups[]", T_OBJ, OPT},
    {"text", "breakdowns[].groups[].codes", T_ARR, REQ},
    {"text", "breakdowns[].groups[].codes[]", T_INT | T_STR, OPT},
    {"text", "breakdowns[].groups[].label", T_LABEL, REQ},
    {"text", "breakdowns[].groups[].merged", T_BOOL, REQ},
    {"text", "breakdowns[].groups[].n", T_NULL | T_INT, REQ},
    {"text", "breakdowns[].groups[].suppressed", T_BOOL, OPT},
    {"text", "breakdowns[].n", T_NULL | T_INT, REQ},
    {"text", "breakdowns[].percentages", T_STR, REQ},
    {"text", "breakdowns[].suppressed_groups", T_ARR, REQ},
    {"text", "breakdowns[].suppressed_groups[]", T_INT | T_STR, OPT},
    {"text", "breakdowns[].tables", T_ARR, REQ},
    {"text", "breakdowns[].tables[]", T_OBJ, OPT},
    {"text", "breakdowns[].tables[].focus_row", T_NULL | T_INT, REQ},
    {"text", "breakdowns[].tables[].group_n", T_ARR, REQ},
    {"text", "breakdowns[].tables[].group_n[]", T_NULL | T_INT, OPT},
    {"text", "breakdowns[].tables[].label", T_LABEL, REQ},
    {"text", "breakdowns[].tables[].n", T_NULL | T_INT, REQ},
    {"text", "breakdowns[].tables[].rows", T_ARR, REQ},
    {"text", "breakdowns[].tables[].rows[]", T_OBJ, OPT},
    {"text", "breakdowns[].tables[].rows[].code", T_INT, REQ},
    {"text", "breakdowns[].tables[].rows[].counts", T_ARR, REQ},
    {"text", "breakdowns[].tables[].rows[].counts[]", T_NULL | T_INT, OPT},
    {"text", "breakdowns[].tables[].rows[].label", T_LABEL, REQ},
    {"text", "breakdowns[].tables[].rows[].percents", T_ARR, REQ},
    {"text", "breakdowns[].tables[].rows[].percents[]", T_NULL | T_NUM, OPT},
    {"text", "breakdowns[].tables[].rows[].total_count", T_NULL | T_INT, REQ},
    {"text", "breakdowns[].tables[].rows[].total_percent", T_NULL | T_NUM, REQ},
    {"text", "breakdowns[].tables[].test", T_NULL, REQ},
    {"text", "breakdowns[].tables[].variable", T_STR, REQ},
    {"text", "breakdowns[].variable", T_STR, REQ},
    {"text", "caption", T_STR, REQ},
    {"text", "caption_note", T_LABEL, OPT},
    {"text", "id", T_STR, REQ},
    {"text", "items", T_ARR, REQ},
    {"text", "items[]", T_OBJ, OPT},
    {"text", "items[].ci_high", T_NULL | T_NUM, REQ},
    {"text", "items[].ci_low", T_NULL | T_NUM, REQ},
    {"text", "items[].count", T_NULL | T_INT, REQ},
    {"text", "items[].label", T_LABEL, REQ},
    {"text", "items[].n", T_NULL | T_INT, REQ},
    {"text", "items[].percent", T_NULL | T_NUM, REQ},
    {"text", "items[].terms", T_ARR, REQ},
    {"text", "items[].terms[]", T_OBJ, OPT},
    {"text", "items[].terms[].count", T_INT, REQ},
    {"text", "items[].terms[].term", T_STR, REQ},
    {"text", "items[].variable", T_STR, REQ},
    {"text", "kind", T_STR, REQ},
    {"text", "method", T_STR, REQ},
    {"text", "min_count", T_INT, REQ},
    {"text", "missing", T_INT, REQ},
    {"text", "n", T_INT, REQ},
    {"text", "number", T_INT, REQ},
    {"text", "title", T_LABEL, REQ},
    {"text", "variables", T_ARR, REQ},
    {"text", "variables[]", T_STR, OPT},
};

enum { NFIELDS = sizeof fields / sizeof fields[0], PATH_MAX_LEN = 256 };

/* The walk's state: the kind and the fields of the figure being checked,
 * the path without indexes (for the table) and the location with indexes
 * (for the message). */
typedef struct walk {
    const field *first;
    size_t nfields;
    char path[PATH_MAX_LEN];
    char where[PATH_MAX_LEN + 64];
    bar_error *err;
} walk;

static bool is_note_key(const char *key)
{
    static const char *const keys[] = {
        BAR_RK_NOTE,       BAR_RK_ERROR,       BAR_RK_NOTE_FORMAT,
        BAR_RK_NOTE_ARGS,  BAR_RK_ERROR_FORMAT, BAR_RK_ERROR_ARGS,
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i]) == 0)
            return true;
    return false;
}

static const field *lookup(const walk *w, const char *path)
{
    for (size_t i = 0; i < w->nfields; i++)
        if (strcmp(w->first[i].path, path) == 0)
            return &w->first[i];
    return NULL;
}

static bool is_label(const json_t *v)
{
    if (!json_is_object(v))
        return false;
    const char *k;
    json_t *x;
    json_object_foreach((json_t *)v, k, x)
        if (!json_is_string(x))
            return false;
    return true;
}

static bool has_type(const json_t *v, unsigned types)
{
    switch (json_typeof(v)) {
    case JSON_NULL:
        return types & T_NULL;
    case JSON_TRUE:
    case JSON_FALSE:
        return types & T_BOOL;
    case JSON_INTEGER:
        return types & (T_INT | T_NUM);
    case JSON_REAL:
        return types & T_NUM;
    case JSON_STRING:
        return types & T_STR;
    case JSON_ARRAY:
        return types & T_ARR;
    case JSON_OBJECT:
        return ((types & T_LABEL) && is_label(v)) || (types & T_OBJ);
    }
    return false;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_NULL:
        return "null";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number";
    case JSON_STRING:
        return "a string";
    case JSON_ARRAY:
        return "an array";
    case JSON_OBJECT:
        return "an object";
    }
    return "?";
}

static const char *wanted_name(unsigned types)
{
    if (types & T_LABEL)
        return "a label";
    if (types & T_OBJ)
        return "an object";
    if (types & T_ARR)
        return "an array";
    if (types & T_STR)
        return "a string";
    if (types & T_NUM)
        return "a number";
    if (types & T_INT)
        return "an integer";
    if (types & T_BOOL)
        return "a boolean";
    return "null";
}

/* A fault in the object at w->where: "'key' missing", "unknown key...". */
static bar_status fail(walk *w, const char *what, const char *key)
{
    return bar_error_set(w->err, BAR_EINVALID, "results: %s%s'%s'%s",
                         w->where, strcmp(what, "unknown") == 0
                                       ? "unknown key " : "",
                         key, strcmp(what, "unknown") == 0 ? "" : what);
}

static bar_status check_value(walk *w, const json_t *v, const field *f,
                              const char *key);

/* The object at w->path (the table's prefix: "" or "x.", "x[].") and
 * w->where (the message's). */
static bar_status check_object(walk *w, const json_t *o)
{
    bar_status rc = BAR_OK;
    size_t plen = strlen(w->path), wlen = strlen(w->where);
    const char *key;
    json_t *v;
    bool noted = false;
    json_object_foreach((json_t *)o, key, v) {
        if (is_note_key(key)) {
            noted = true;
            bool args = strstr(key, "_args") != NULL;
            if (args ? !json_is_array(v) : !json_is_string(v))
                return bar_error_set(w->err, BAR_EINVALID,
                                     "results: %s'%s' is %s, not %s",
                                     w->where, key, type_name(v),
                                     args ? "an array" : "a string");
            continue;
        }
        if (plen + strlen(key) + 1 >= sizeof w->path)
            return fail(w, ": too deep", key);
        memcpy(w->path + plen, key, strlen(key) + 1);
        const field *f = lookup(w, w->path);
        w->path[plen] = '\0';
        if (!f)
            return fail(w, "unknown", key);
        if ((rc = check_value(w, v, f, key)) != BAR_OK)
            return rc;
        w->path[plen] = '\0';
        w->where[wlen] = '\0';
    }
    if (noted)
        return BAR_OK;
    /* Required fields directly under this prefix. */
    for (size_t i = 0; i < w->nfields; i++) {
        const field *f = &w->first[i];
        if (!f->required || strncmp(f->path, w->path, plen) != 0)
            continue;
        const char *rest = f->path + plen;
        if (strchr(rest, '.') || strchr(rest, '['))
            continue;
        if (!json_object_get(o, rest))
            return fail(w, " missing", rest);
    }
    return BAR_OK;
}

/* v, the value of key (or an array element when key is NULL), against f;
 * w->path holds the prefix of f's parent. */
static bar_status check_value(walk *w, const json_t *v, const field *f,
                              const char *key)
{
    bar_status rc = BAR_OK;
    if (!has_type(v, f->types)) {
        if (key)
            return bar_error_set(w->err, BAR_EINVALID,
                                 "results: %s'%s' is %s, not %s", w->where,
                                 key, type_name(v), wanted_name(f->types));
        return bar_error_set(w->err, BAR_EINVALID, "results: %s: %s, not %s",
                             w->where, type_name(v), wanted_name(f->types));
    }
    if (json_is_object(v) && (f->types & T_OBJ) &&
        !((f->types & T_LABEL) && is_label(v))) {
        size_t plen = strlen(w->path), wlen = strlen(w->where);
        if (key) {
            snprintf(w->path + plen, sizeof w->path - plen, "%s.", key);
            snprintf(w->where + wlen, sizeof w->where - wlen, "%s: ", key);
        } else {
            snprintf(w->path + plen, sizeof w->path - plen, ".");
            snprintf(w->where + wlen, sizeof w->where - wlen, ": ");
        }
        rc = check_object(w, v);
        w->path[plen] = '\0';
        w->where[wlen] = '\0';
        return rc;
    }
    if (json_is_array(v)) {
        size_t plen = strlen(w->path), wlen = strlen(w->where);
        char epath[PATH_MAX_LEN + 8];
        snprintf(epath, sizeof epath, "%s%s[]", w->path, key ? key : "");
        const field *ef = lookup(w, epath);
        size_t i;
        json_t *x;
        json_array_foreach((json_t *)v, i, x) {
            if (!ef) {
                rc = bar_error_set(w->err, BAR_EINVALID, "results: %s'%s' "
                                   "has elements the schema does not know",
                                   w->where, key ? key : "");
                break;
            }
            snprintf(w->path + plen, sizeof w->path - plen, "%s[]",
                     key ? key : "");
            snprintf(w->where + wlen, sizeof w->where - wlen, "%s[%zu]",
                     key ? key : "", i);
            rc = check_value(w, x, ef, NULL);
            w->path[plen] = '\0';
            w->where[wlen] = '\0';
            if (rc != BAR_OK)
                break;
        }
    }
    return rc;
}

/* The fields of one kind ("" for the top level): the table is grouped by
 * kind. */
static const field *kind_fields(const char *kind, size_t *n)
{
    size_t i = 0;
    while (i < NFIELDS && strcmp(fields[i].kind, kind) != 0)
        i++;
    size_t j = i;
    while (j < NFIELDS && strcmp(fields[j].kind, kind) == 0)
        j++;
    *n = j - i;
    return j > i ? &fields[i] : NULL;
}

bar_status bar_results_check(const json_t *doc, bar_error *err)
{
    bar_status rc = BAR_OK;
    walk w = {.err = err};
    if (!json_is_object(doc))
        return bar_error_set(err, BAR_EINVALID, "results: the document "
                             "is not a JSON object");
    json_t *schema = json_object_get(doc, BAR_RK_SCHEMA);
    if (!json_is_integer(schema) ||
        json_integer_value(schema) != BAR_RESULTS_SCHEMA)
        return bar_error_set(err, BAR_EINVALID, "results: schema %s%lld, "
                             "not %d", json_is_integer(schema) ? "" : "? ",
                             json_is_integer(schema)
                                 ? (long long)json_integer_value(schema)
                                 : 0LL,
                             BAR_RESULTS_SCHEMA);
    json_t *figs = json_object_get(doc, BAR_RK_FIGURES);
    if (!json_is_array(figs))
        return bar_error_set(err, BAR_EINVALID, "results: 'figures' missing "
                             "or not an array");
    /* The top level without its figures. */
    w.first = kind_fields("", &w.nfields);
    json_t *top = json_copy((json_t *)doc);
    if (!top)
        return bar_error_set(err, BAR_ENOMEM, "results: out of memory");
    json_object_del(top, BAR_RK_FIGURES);
    rc = check_object(&w, top);
    json_decref(top);
    if (rc != BAR_OK)
        return rc;
    size_t i;
    json_t *fig;
    json_array_foreach(figs, i, fig) {
        const char *id = json_string_value(json_object_get(fig, BAR_RK_ID));
        const char *kind =
            json_string_value(json_object_get(fig, BAR_RK_KIND));
        snprintf(w.where, sizeof w.where, "figures[%zu] '%s': ", i,
                 id ? id : "?");
        w.path[0] = '\0';
        if (!json_is_object(fig) || !id || !kind)
            return bar_error_set(err, BAR_EINVALID, "results: %s'id' or "
                                 "'kind' missing", w.where);
        w.first = kind_fields(kind, &w.nfields);
        if (!w.first || !*kind)
            return bar_error_set(err, BAR_EINVALID, "results: %sunknown "
                                 "kind '%s'", w.where, kind);
        if ((rc = check_object(&w, fig)) != BAR_OK)
            return rc;
    }
    return BAR_OK;
}

double bar_results_num(const json_t *o, const char *key)
{
    json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_number(v) ? json_number_value(v) : NAN;
}

long long bar_results_int(const json_t *o, const char *key,
                          long long missing)
{
    json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_integer(v) ? (long long)json_integer_value(v) : missing;
}

const char *bar_results_str(const json_t *o, const char *key)
{
    json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_string_value(v);
}

bool bar_results_bool(const json_t *o, const char *key)
{
    json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_true(v);
}

json_t *bar_results_array(const json_t *o, const char *key)
{
    json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_array(v) ? v : NULL;
}

json_t *bar_results_obj(const json_t *o, const char *key)
{
    json_t *v = json_is_object(o) ? json_object_get(o, key) : NULL;
    return json_is_object(v) ? v : NULL;
}

const char *bar_results_lang_code(bar_lang lang)
{
    return lang == BAR_LANG_NL ? BAR_RK_NL : BAR_RK_EN;
}

const char *bar_results_label_text(const json_t *label, bar_lang lang)
{
    if (json_is_string(label))
        return json_string_value(label);
    if (!json_is_object(label))
        return "";
    const char *order[] = {bar_results_lang_code(lang), BAR_RK_EN, BAR_RK_NL};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *s = json_string_value(json_object_get(label, order[i]));
        if (s && *s)
            return s;
    }
    return "";
}

const char *bar_results_label(const json_t *o, const char *key,
                              bar_lang lang)
{
    return bar_results_label_text(
        json_is_object(o) ? json_object_get(o, key) : NULL, lang);
}

void bar_results_format(char *buf, size_t size, const char *format,
                        const json_t *args)
{
    size_t n = 0;
    if (size == 0)
        return;
    for (const char *p = format; *p && n + 1 < size; p++) {
        char *end = NULL;
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9') {
            unsigned long k = strtoul(p + 1, &end, 10);
            const char *a = json_string_value(json_array_get(args, k - 1));
            if (end && *end == '}' && a) {
                size_t len = strlen(a);
                if (len > size - 1 - n)
                    len = size - 1 - n;
                memcpy(buf + n, a, len);
                n += len;
                p = end;
                continue;
            }
        }
        buf[n++] = *p;
    }
    buf[n] = '\0';
}

bool bar_results_note_keys(const char *key, const char **format_key,
                           const char **args_key)
{
    static const struct {
        const char *key, *format, *args;
    } kinds[] = {
        {BAR_RK_NOTE, BAR_RK_NOTE_FORMAT, BAR_RK_NOTE_ARGS},
        {BAR_RK_ERROR, BAR_RK_ERROR_FORMAT, BAR_RK_ERROR_ARGS},
        {BAR_RK_SHAPIRO_NOTE, BAR_RK_SHAPIRO_NOTE_FORMAT,
         BAR_RK_SHAPIRO_NOTE_ARGS},
    };
    for (size_t i = 0; key && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(key, kinds[i].key) == 0) {
            *format_key = kinds[i].format;
            *args_key = kinds[i].args;
            return true;
        }
    return false;
}

bar_status bar_results_note(json_t *obj, const char *key,
                            const char *format, ...)
{
    bar_status rc = BAR_OK;
    json_t *args = json_array();
    char text[1024];
    va_list ap;
    va_start(ap, format);
    for (const char *a = va_arg(ap, const char *); a;
         a = va_arg(ap, const char *))
        if (json_array_append_new(args, json_string(a)) != 0) {
            rc = BAR_ENOMEM;
            break;
        }
    va_end(ap);
    const char *format_key = NULL, *args_key = NULL;
    bool known = bar_results_note_keys(key, &format_key, &args_key);
    if (!args)
        rc = BAR_ENOMEM;
    if (rc != BAR_OK)
        goto cleanup;
    if (!known) {
        rc = BAR_EUSAGE;
        goto cleanup;
    }
    /* Every {N} must have its argument. */
    for (const char *p = strchr(format, '{'); p; p = strchr(p + 1, '{')) {
        char *end = NULL;
        unsigned long k = strtoul(p + 1, &end, 10);
        if (end != p + 1 && *end == '}' &&
            (k == 0 || k > json_array_size(args))) {
            rc = BAR_EUSAGE;
            goto cleanup;
        }
    }
    bar_results_format(text, sizeof text, format, args);
    bool with_args = json_array_size(args) > 0;
    if (json_object_set_new(obj, key, json_string(text)) != 0 ||
        (with_args &&
         (json_object_set_new(obj, format_key,
                              json_string(format)) != 0 ||
          json_object_set(obj, args_key, args) != 0))) {
        json_object_del(obj, key);
        json_object_del(obj, format_key);
        rc = BAR_ENOMEM;
    }
cleanup:
    json_decref(args);
    return rc;
}
