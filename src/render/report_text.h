/* report_text.h - the report's generated sentences, in Dutch and English.
 *
 * The key findings of the management summary, the findings chapter and the
 * significance lines of the figure captions are written from the results
 * document (docs/results-schema.md), never by hand: each sentence is a
 * template of one table per language (report_text.c) filled with numbers
 * and labels read from the document. A difference with a benchmark or
 * between groups is only called a difference when its test is significant
 * at 1 - `level` of the document (0.05); otherwise the sentence says that
 * there is no significant difference.
 *
 * The sentences are plain UTF-8 text (not HTML-escaped). Like every
 * renderer this module computes no statistic: it compares the p-values
 * and differences the document gives and rounds for display (whole
 * percentages, a decimal comma in Dutch).
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_REPORT_TEXT_H
#define BAR_REPORT_TEXT_H

#include <stdbool.h>

#include <jansson.h>

#include "core/buf.h"
#include "core/status.h"
#include "instrument/instrument.h"
#include "wave/study.h"

/* The key findings of the management summary, in this order. */
typedef enum bar_finding {
    BAR_FINDING_RESPONSE,   /* responding organisations, response rate */
    BAR_FINDING_INNOVATED,  /* share that innovated, with the Nordic
                               countries and the verdict of each test */
    BAR_FINDING_TYPES,      /* the type of innovation and the driver named
                               most often */
    BAR_FINDING_MAIN_COUNTRY, /* the largest significant difference with
                                 the study's main comparison country (DK
                                 in 2021) over all figures, or that there
                                 is none */
    BAR_FINDING_RESULTS,    /* the result of innovation named most often */
    BAR_FINDING_CLIMATE,    /* the climate groups' shares and mean score */
    BAR_FINDING_CLIMATE_LINK, /* share that innovated in the weakest and
                                 strongest climate group, and the test */
    BAR_FINDING_MODEL,      /* the strongest predictor of each outcome */
    BAR_FINDING_COUNT
} bar_finding;

/* Append key finding `which` of results (borrowed) in lang to out: one or
 * more sentences, each ending in a full stop, separated by a space.
 * Appends nothing when the document lacks what the finding needs (no such
 * figure, suppressed, no test). ins (borrowed, may be NULL) names model
 * predictors by their labels; without it the variable names are used.
 * study (borrowed, may be NULL) names the main comparison country and its
 * name; without it BAR_FINDING_MAIN_COUNTRY appends nothing.
 * Errors: the buffer's status (BAR_ENOMEM, BAR_ELIMIT). */
bar_status bar_text_finding(const json_t *results, bar_finding which,
                            const bar_instrument *ins,
                            const bar_study *study, bar_lang lang,
                            bar_buf *out, bar_error *err);

/* The sentences with the tests of one figure, one per line ('\n' after
 * each; the page puts a crosstab's into its "Meer cijfers" fold; the
 * findings chapter is bar_text_chapter_findings) for the figure entry fig
 * (borrowed) of results: the answer chosen most often
 * (frequency, multi_response), each benchmark difference that is
 * significant, the association of each crosstab table with its groups
 * (significant or not), the strongest predictors of a model. Appends
 * nothing for a kind or entry without a finding. Errors as above. */
bar_status bar_text_figure_findings(const json_t *results, const json_t *fig,
                                    const bar_instrument *ins,
                                    const bar_study *study, bar_lang lang,
                                    bar_buf *out, bar_error *err);

/* The sentence printed above figure fig (borrowed) of results, in plain
 * words (no test statistic, no p-value, no Exp(B); "significant" only
 * where the document's test is): the answer given most often and how many
 * answers differ significantly from the study's main comparison country
 * (frequency, multi_response); the items with the largest and smallest
 * positive share (likert); the range of the focus share over the groups
 * and the verdict, or how many items differ and where most (crosstab);
 * the highest and lowest group mean (boxplot); for a model, how many
 * times as large the chance of each outcome is with its strongest
 * predictor. Variables are named by the study's short labels
 * (bar_study_short_label), else by their labels from ins (may be NULL).
 * Appends nothing for another kind, a suppressed figure or one without
 * the numbers. Errors: the buffer's status. */
bar_status bar_text_figure_lede(const json_t *results, const json_t *fig,
                                const bar_instrument *ins,
                                const bar_study *study, bar_lang lang,
                                bar_buf *out, bar_error *err);

/* The findings chapter, a paragraph per chapter: the sentences on the
 * entries figs[0..nfigs) (borrowed; one chapter's figure entries of
 * results), each a finding, ordered by importance: the climate groups of
 * a scale; the answers most widely given (the largest shares first, at
 * most three); the differences between groups that are significant (the
 * largest gaps first, at most three figures, each naming its largest
 * gaps); the models in plain words (bar_text_figure_lede). Sentences
 * separated by a space; nothing when the entries have no finding.
 * Errors: the buffer's status. */
bar_status bar_text_chapter_findings(const json_t *results,
                                     const json_t *const *figs, size_t nfigs,
                                     const bar_instrument *ins,
                                     const bar_study *study, bar_lang lang,
                                     bar_buf *out, bar_error *err);

/* The findings' paragraph on the study's main comparison country over
 * all figures: its heading ("Vergelijking met Denemarken") into heading,
 * and into out how many comparisons are significant, then the largest
 * significant differences where this wave is higher, and where it is
 * lower (at most four each). Nothing without a main country or a tested
 * comparison with it. Errors: the buffers' status. */
bar_status bar_text_country_findings(const json_t *results,
                                     const bar_study *study, bar_lang lang,
                                     bar_buf *heading, bar_buf *out,
                                     bar_error *err);

/* The caption line on the benchmark tests of figure fig: which
 * comparisons differ significantly ("Significant verschil (p < 0,05) met:
 * Denemarken 2018-2019 (ja: 85% tegen 80%).") and that the others do not.
 * Then one sentence naming the values the source gives only approximately
 * (comparison `no_test` "approximate"), which are not tested ("Niet
 * getoetst, ...: 'Proces' (Nederland 2019-2020: meer dan 75%)."). Appends
 * nothing when the figure has neither a tested nor an approximate
 * benchmark. Errors as above. */
bar_status bar_text_benchmark_caption(const json_t *results,
                                      const json_t *fig,
                                      const bar_study *study, bar_lang lang,
                                      bar_buf *out, bar_error *err);

/* The caption line on where the groups of figure fig come from, when it
 * has `cuts` (a frequency of the groups a scale entry made, Fig 17): "De
 * groepen komen uit de optimale afkappunten van deze meting op '...':
 * 3,15 en 4,05."; then, when benchmarks have `no_test` "other_groups",
 * that those shares come from groups with other cut points and are not
 * tested. Appends nothing for
 * another figure. Errors as above. */
bar_status bar_text_groups_caption(const json_t *fig, const bar_study *study,
                                   bar_lang lang,
                                   bar_buf *out, bar_error *err);

/* The name of a country code ("DK") in lang ("Denemarken") from the
 * study's countries (study.h; study may be NULL); the code
 * itself when unknown (borrowed from the study or from code). */
const char *bar_text_country(const bar_study *study, const char *code,
                             bar_lang lang);

/* The words of a benchmark qualifier code ("about") in lang ("circa");
 * "" for "" or an unknown code. Static. */
const char *bar_text_qualifier(const char *code, bar_lang lang);

/* Why a benchmark comparison has no test, from its `no_test` code
 * ("approximate": "niet getoetst: waarde bij benadering"); NULL for an
 * unknown code. Static. */
const char *bar_text_no_test(const char *code, bar_lang lang);

/* A benchmark entry's value as published, its qualifier in words before
 * it ("circa 15%", "86%"), into buf (size bytes); returns buf. */
const char *bar_text_published(char *buf, size_t size, const json_t *b,
                               bar_lang lang);
/* The label in lang of variable `name` ("clim_vision") or of a model
 * predictor's dummy ("origin==2": the label of category 2) from ins
 * (borrowed); the name itself when ins is NULL or does not know it.
 * Written into buf (size bytes); returns buf. */
const char *bar_text_variable_label(char *buf, size_t size,
                                    const char *name,
                                    const bar_instrument *ins, bar_lang lang);

/* A routing condition of the instrument ("collab_none != 1") with each
 * variable name as its quoted label from ins (may be NULL) in lang. Into
 * buf (size bytes); returns buf. */
const char *bar_text_condition(char *buf, size_t size, const char *cond,
                               const bar_instrument *ins, bar_lang lang);

/* Why a model predictor was set aside before the first step (a
 * `models[].redundant[]` entry rd of the results, borrowed): "lineaire
 * combinatie van <labels> en de constante" or "constant: geen variatie",
 * the predictors by their labels from ins (may be NULL). Into buf (size
 * bytes); returns buf. */
const char *bar_text_redundant(char *buf, size_t size, const json_t *rd,
                               const bar_instrument *ins, bar_lang lang);

/* The note at obj[key] (key: BAR_RK_NOTE, BAR_RK_ERROR or
 * BAR_RK_SHAPIRO_NOTE; written by bar_results_note) in lang, into buf
 * (size bytes, cut to fit); returns buf ("" when obj has no such note).
 * With arguments the note's format is translated and filled as by
 * bar_text_note_format; without, the note is its own message id. A note
 * the catalogue does not know (a message of a statistics routine) is
 * copied as it is. ins (borrowed, may be NULL) gives the labels. */
const char *bar_text_note(char *buf, size_t size, const json_t *obj,
                          const char *key, const bar_instrument *ins,
                          bar_lang lang);
/* A note given as its "note_format" (the message id, English with "{1}"..
 * "{3}") and "note_args" (nargs texts, at most 3 used): the format
 * translated into lang (po/<lang>.po), an argument that is a variable's
 * name replaced by its label, one that is a nested note (the remark on an
 * unset derived variable) translated itself. Written into buf (size bytes,
 * cut to fit); returns buf. */
const char *bar_text_note_format(char *buf, size_t size, const char *format,
                                 const char *const *args, size_t nargs,
                                 const bar_instrument *ins, bar_lang lang);

/* Format a p-value as the report does ("p = 0,018", "p < 0,001") into buf
 * (size bytes); returns buf. */
const char *bar_text_p(char *buf, size_t size, double p, bar_lang lang);

#endif
