/* authored.h - the texts the researchers wrote, beside the generated report.
 *
 * A study may name Markdown files (CommonMark) per language, each placed
 * before or after a chapter or a figure of the report (docs/study-format.md,
 * "texts"; wave/study.h bar_study_authored): a foreword, a box that
 * explains a term, recommendations. This module reads them for one
 * language from the data folder, so that the page can place them
 * (report_html.h, bar_report_options.authored); the page turns each into
 * HTML with bar_markup_markdown (render/markup.h), where nothing in a file
 * passes through as markup.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_AUTHORED_H
#define BAR_AUTHORED_H

#include <stddef.h>

#include "core/status.h"
#include "wave/study.h"

enum { BAR_AUTHORED_MAX_BYTES = 256 * 1024 };

typedef struct bar_authored bar_authored;

/* Read every text of study (borrowed; kept by the result, which must not
 * outlive it) in lang: the file of lang (Dutch for BAR_LANG_NL, English
 * for any other), relative to data_dir unless absolute. *out is a new
 * list (empty when the study has no texts) the caller frees with
 * bar_authored_free; NULL on failure. Errors: BAR_EIO (a file is missing
 * or unreadable; the message names the file and the text's id),
 * BAR_ELIMIT (a file over BAR_AUTHORED_MAX_BYTES), BAR_ENOMEM. */
bar_status bar_authored_load(const bar_study *study, const char *data_dir,
                             bar_lang lang, bar_authored **out,
                             bar_error *err);
void bar_authored_free(bar_authored *list);

size_t bar_authored_count(const bar_authored *list);
/* Where text i goes, its title and authors (the study's; borrowed). */
const bar_study_authored *bar_authored_def(const bar_authored *list,
                                           size_t i);
/* The Markdown of text i ('\0'-terminated; owned by list); its length to
 * *len. */
const char *bar_authored_text(const bar_authored *list, size_t i,
                              size_t *len);

#endif
