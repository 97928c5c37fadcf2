/* study.h - a study: what makes one wave of the barometer different from
 * another, as data (docs/study-format.md).
 *
 * A study file (data/study/ibo-2021.json) names the wave's id and year,
 * its title, the instrument, the report specification and the benchmarks
 * (file names relative to the data folder), the report's chapters (id,
 * whether numbered, title and intro per language, where the generated
 * findings go), the countries of the benchmarks (code and names), the main
 * comparison country, and the labels the analysis writes ("total"). A new
 * wave is a new study file: no new C, no environment variable.
 *
 * A study is loaded once, validated as a whole (every fault logged on the
 * error), and read-only afterwards; every string it hands out lives as
 * long as the study. The text it was parsed from is kept
 * (bar_study_source), so that a store can keep the study with its wave.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_STUDY_H
#define BAR_STUDY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/status.h"
#include "instrument/instrument.h"
#include "text/textmine.h"

/* A text in the study's languages. */
typedef struct bar_study_text {
    const char *nl, *en;
} bar_study_text;

/* One chapter of the report, in page order. */
typedef struct bar_study_chapter {
    const char *id;        /* what a spec entry's "chapter" names */
    bool numbered;         /* a numbered chapter (else an appendix) */
    bool always;           /* shown even when no entry is in it */
    bool method_notes;     /* opens with the notes on the method (base,
                              missing answers, tests, disclosure) */
    bar_study_text title;
    bar_study_text intro;  /* a lead paragraph; NULLs: none */
} bar_study_chapter;

/* A country of the benchmarks. */
typedef struct bar_study_country {
    const char *code;      /* "DK", as in the benchmark file */
    bar_study_text name;   /* "Denemarken", "Denmark" */
} bar_study_country;

/* The files a study names. */
typedef enum bar_study_file {
    BAR_STUDY_INSTRUMENT,
    BAR_STUDY_REPORT,
    BAR_STUDY_BENCHMARKS,       /* optional */
    BAR_STUDY_BENCHMARK_LABELS  /* optional */
} bar_study_file;

typedef struct bar_study bar_study;

enum { BAR_STUDY_MAX_BYTES = 1024 * 1024 };

/* Load and validate the study file at path. On success *out is a new
 * study the caller frees with bar_study_free; NULL on failure. Errors:
 * BAR_EIO (the file), BAR_ELIMIT (larger than BAR_STUDY_MAX_BYTES),
 * BAR_EPARSE (JSON syntax, file:line:column), BAR_EINVALID (a rule of the
 * format, naming the key; every fault is logged). */
bar_status bar_study_load(const char *path, bar_study **out, bar_error *err);
/* As bar_study_load, from len bytes of text (copied); name is used in
 * messages (a file name, or "store.db: wave 2021"). */
bar_status bar_study_parse(const char *text, size_t len, const char *name,
                           bar_study **out, bar_error *err);
void bar_study_free(bar_study *study);

/* The text the study was parsed from ('\0'-terminated; owned by study). */
const char *bar_study_source(const bar_study *study);

const char *bar_study_id(const bar_study *study);   /* "ibo-2021" */
int bar_study_year(const bar_study *study);         /* 2021 */
const bar_study_text *bar_study_title(const bar_study *study);

/* The text of t in lang: Dutch for BAR_LANG_NL, English for any other
 * language, the other one when the one asked for is absent; NULL when t
 * has neither. */
const char *bar_study_text_in(const bar_study_text *t, bar_lang lang);

/* The path of a file the study names, into buf (size bytes): as written
 * when absolute, else under data_dir. Returns false when the study names
 * no such file (the benchmarks are optional) or the path does not fit. */
bool bar_study_path(const bar_study *study, bar_study_file which,
                    const char *data_dir, char *buf, size_t size);

size_t bar_study_nchapters(const bar_study *study);
/* Chapter i (< bar_study_nchapters), valid while the study lives. */
const bar_study_chapter *bar_study_chapter_get(const bar_study *study,
                                               size_t i);
/* The index of the chapter before which the generated findings go
 * (bar_study_nchapters: after the last). */
size_t bar_study_findings_before(const bar_study *study);

size_t bar_study_ncountries(const bar_study *study);
const bar_study_country *bar_study_country_get(const bar_study *study,
                                               size_t i);
/* The name of country code in lang; NULL when the study does not know it
 * (study may be NULL). */
const char *bar_study_country_name(const bar_study *study, const char *code,
                                   bar_lang lang);
/* The code of the main comparison country ("DK"); NULL: none. */
const char *bar_study_main_country(const bar_study *study);
/* Whether code is the study's home country ("home_country": "NL"), whose
 * earlier measurements among the benchmarks are context, not another
 * country to compare with; false without a study or home country. */
bool bar_study_is_home(const bar_study *study, const char *code);

/* The message templates of the fieldwork (field/mail.h), one file per
 * kind and language ("mail": {"invite": {"nl", "en"}, "remind": ...}). */
typedef enum bar_study_mail {
    BAR_STUDY_MAIL_INVITE,
    BAR_STUDY_MAIL_REMIND
} bar_study_mail;
/* The path of the template of kind which in lang (the other language when
 * it lacks one; relative paths under data_dir) into buf; false when the
 * study names no templates or the path does not fit. */
bool bar_study_mail_path(const bar_study *study, bar_study_mail which,
                         bar_lang lang, const char *data_dir, char *buf,
                         size_t size);

/* The study's text specification ("text": the text columns, stop-word
 * additions, minimum count; docs/study-format.md), borrowed from the
 * study; NULL when the study has none (or study is NULL). */
const bar_textmine_spec *bar_study_text_spec(const bar_study *study);

/* The label the analysis writes for a total row ("Totaal", "Total"). */
const bar_study_text *bar_study_total(const bar_study *study);

/* The publisher of the report ("publisher": {"nl", "en"}), for its cover
 * and colophon; both NULL when the study names none. */
const bar_study_text *bar_study_publisher(const bar_study *study);

/* The short name in lang of variable `name` ("climate": "Innovatieklimaat")
 * or of a predictor's dummy ("origin==2") from the study's "short_labels",
 * for sentences that name a variable where its whole label (a question)
 * would not read; NULL when the study gives none (study may be NULL). */
const char *bar_study_short_label(const bar_study *study, const char *name,
                                  bar_lang lang);

/* A text the researchers wrote (docs/study-format.md, "texts"): a Markdown
 * file per language, placed before or after a chapter or a figure of the
 * report. */
typedef struct bar_study_authored {
    const char *id;        /* unique; the block's anchor "text-<id>" */
    bar_study_text file;   /* Markdown file per language (data folder) */
    bar_study_text title;  /* a heading above the text; NULLs: none */
    const char *authors;   /* "A. Jansen en B. de Vries"; NULL: none */
    bool after;            /* after the target (else before) */
    const char *chapter;   /* the target: a chapter id of the study, or */
    const char *figure;    /* a spec entry id (checked by the report) */
} bar_study_authored;

size_t bar_study_nauthored(const bar_study *study);
/* Text i (< bar_study_nauthored), valid while the study lives. */
const bar_study_authored *bar_study_authored_get(const bar_study *study,
                                                 size_t i);

#endif
