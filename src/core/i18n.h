/* i18n.h - the words of the program in the reader's language.
 *
 * Every user-facing string that is not a label of the instrument (the
 * report's fixed words, its generated sentences, chart and table words,
 * the notes of the analysis) is written in the source in English and
 * translated through GNU gettext catalogues: po/<lang>.po, compiled by
 * msgfmt at build time to <localedir>/<lang>/LC_MESSAGES/barometer.mo.
 * The message id is the English text; a context (msgctxt) separates one
 * English word with two translations. Placeholders are "{1}".."{9}" where
 * report_text.c fills them, printf conversions where C formats them.
 *
 * The catalogues are read by our own bounds-checked .mo reader (not glibc's
 * gettext, which needs installed system locales and has one language per
 * process): one process renders any language side by side.
 *
 * A language is a bar_lang: 0 is Dutch (nl), 1 English (en), and every
 * further catalogue found in the locale folder gets the next number, in
 * the order of its code. A lookup falls back from the language's catalogue
 * to the message id (English), so a partial catalogue works.
 *
 * Threads: bar_i18n_load once at start, before other threads run; from
 * then on every lookup only reads. Without an explicit load, the first
 * lookup loads the build's locale folder (BAR_LOCALE_DIR) once
 * (pthread_once), which is what the tests rely on.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_CORE_I18N_H
#define BAR_CORE_I18N_H

#include <stddef.h>

#include "core/status.h"

/* A language: BAR_LANG_NL, BAR_LANG_EN or a number bar_lang_from_code
 * gave for a catalogue found at run time. */
typedef enum bar_lang { BAR_LANG_NL = 0, BAR_LANG_EN = 1 } bar_lang;

enum {
    BAR_LANG_MAX = 32,      /* languages, nl and en included */
    BAR_LANG_CODE_MAX = 16, /* bytes of a language code, NUL included */
    BAR_MO_MAX = 16 << 20   /* bytes of one .mo file */
};

#if defined(__GNUC__)
#define BAR_FORMAT_ARG(n) __attribute__((format_arg(n)))
#else
#define BAR_FORMAT_ARG(n)
#endif

/* Marks a string literal as a message id for xgettext without translating
 * it (tables of English texts that are translated where they are used). */
#define N_(s) (s)
/* As N_, for a message id in context c (msgctxt). */
#define NC_(c, s) (s)

/* The translation of msgid into lang: the catalogue's text, else msgid
 * itself. The result is owned by the catalogue (or is msgid) and lives
 * until bar_i18n_unload. msgid NULL gives NULL. A printf format stays a
 * format of the same arguments (format_arg), as the catalogue tests check
 * with msgfmt --check. */
const char *bar_tr(bar_lang lang, const char *msgid) BAR_FORMAT_ARG(2);
/* As bar_tr, for msgid in context ctx (msgctxt). */
const char *bar_trc(bar_lang lang, const char *ctx, const char *msgid)
    BAR_FORMAT_ARG(3);

/* Loads every <localedir>/<code>/LC_MESSAGES/barometer.mo, replacing the
 * catalogues loaded before (call it at start, before other threads).
 * BAR_ENOTFOUND when the folder has no nl or no en catalogue; a broken .mo
 * fails with BAR_EPARSE and its path, and nothing is replaced. localedir
 * is borrowed. */
bar_status bar_i18n_load(const char *localedir, bar_error *err);
/* Frees the catalogues; lookups then give the message ids. */
void bar_i18n_unload(void);
/* The build tree's locale folder (BAR_LOCALE_DIR), a static string. */
const char *bar_i18n_default_dir(void);

/* The language of code ("nl", "en", "de"): BAR_OK and *lang, or
 * BAR_ENOTFOUND when no catalogue of that code was loaded (nl and en are
 * always known). */
bar_status bar_lang_from_code(const char *code, bar_lang *lang);
/* The code of lang ("nl"), a string owned by the module; "en" for a
 * number no language has. */
const char *bar_lang_code(bar_lang lang);
/* How many languages there are (2 and the extra catalogues). */
size_t bar_lang_count(void);
/* The language a bilingual label ({"nl", "en"} in the instrument and the
 * results) is read in for lang: nl for nl, en for every other language. */
bar_lang bar_lang_label(bar_lang lang);

/* ---- one catalogue, for tests and the fuzz target ---- */

typedef struct bar_catalogue bar_catalogue;

/* Parses the .mo image data (size bytes; copied, the caller keeps data).
 * BAR_OK and *out, to be freed with bar_catalogue_free; BAR_EPARSE for a
 * bad magic, a table or string outside the file, a string without its
 * NUL; BAR_ELIMIT over BAR_MO_MAX; BAR_ENOMEM. *out is NULL on failure. */
bar_status bar_catalogue_parse(const void *data, size_t size,
                               bar_catalogue **out, bar_error *err);
/* The translation of msgid in ctx (NULL: none), or NULL when the catalogue
 * lacks it. Owned by the catalogue. */
const char *bar_catalogue_lookup(const bar_catalogue *cat, const char *ctx,
                                 const char *msgid);
/* Number of messages (the header entry included). */
size_t bar_catalogue_count(const bar_catalogue *cat);
void bar_catalogue_free(bar_catalogue *cat);

#endif
