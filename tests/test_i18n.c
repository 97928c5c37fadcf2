/* test_i18n.c - the catalogues and their reader (core/i18n.h).
 *
 * A table of lookups (language, context, message id, expected text) in the
 * build's catalogues (po/LANG.po through msgfmt): Dutch and English as the
 * report prints them, contexts that split one English word, the partial
 * German catalogue falling back to English, message ids no catalogue has.
 * The .mo reader on files built here: both byte orders, and a table of
 * broken files (bad magic, tables or strings outside the file, a missing
 * NUL, every truncation), which must fail with an error, never crash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/i18n.h"
#include "render/numfmt.h"
#include "render/report_text.h"
#include "results/results.h"

/* ---- lookups in the build's catalogues ---- */

static const struct {
    const char *lang, *ctx, *msgid, *expected;
} lookups[] = {
    {"nl", NULL, "Report", "Rapport"},
    {"en", NULL, "Report", "Report"},
    {"de", NULL, "Report", "Bericht"},
    {"nl", NULL, "Management summary", "Managementsamenvatting"},
    {"de", NULL, "Management summary", "Zusammenfassung"},
    {"de", NULL, "Key findings", "Key findings"},      /* not in de.po */
    {"nl", NULL, "Key findings", "De belangrijkste uitkomsten"},
    {"nl", NULL, "Figure", "Figuur"},
    {"nl", NULL, "figure", "figuur"},
    /* one English word, three Dutch ones */
    {"nl", NULL, "Statistic", "Statistiek"},
    {"nl", "test", "Statistic", "Toetsgrootheid"},
    {"nl", "measure", "Statistic", "Maat"},
    {"en", "measure", "Statistic", "Statistic"},
    {"nl", NULL, "Source", "Bron"},
    {"nl", "origin", "Source", "Herkomst"},
    {"nl", "nonexistent", "Source", "Source"},     /* unknown context */
    /* separators: msgctxt "number" */
    {"nl", "number", "decimal separator", ","},
    {"en", "number", "decimal separator", "."},
    {"de", "number", "decimal separator", ","},
    {"nl", "number", "CSV separator", ";"},
    {"en", "number", "CSV separator", ","},
    /* placeholders stay as they are */
    {"nl", NULL, "fewer than {1} answers: suppressed",
     "minder dan {1} antwoorden: niet getoond"},
    {"nl", NULL, "of whom {1} were not asked ({2})",
     "van wie {1} de vraag niet kregen ({2})"},
    {"nl", NULL, "about", "circa"},
    {"nl", NULL, "not tested: approximate value",
     "niet getoetst: waarde bij benadering"},
    {"nl", NULL, "Whiskers: 95% confidence interval (Wilson).",
     "Strepen: 95%-betrouwbaarheidsinterval (Wilson)."},
    /* the command line's and the exports' words (src/cli, core/status.c,
     * export_xlsx.c, export_sav.c) */
    {"nl", NULL, "figures computed", "figuren berekend"},
    {"de", NULL, "figures computed", "figures computed"},
    {"nl", NULL, "not found", "niet gevonden"},
    {"nl", NULL, "Survey", "Onderzoek"},
    {"en", NULL, "Survey", "Survey"},
    {"nl", NULL, "SIMULATED: ", "GESIMULEERD: "},
    {"nl", NULL, "imported %zu responses into wave %d%s\n",
     "%zu antwoorden geïmporteerd in meting %d%s\n"},
    /* no catalogue has it: the message id */
    {"nl", NULL, "no such message", "no such message"},
    {"de", NULL, "no such message", "no such message"},
    /* "" is the header, never a message */
    {"nl", NULL, "", ""},
};

static void every_lookup(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof lookups / sizeof lookups[0]; i++) {
        bar_lang lang;
        assert_int_equal(bar_lang_from_code(lookups[i].lang, &lang), BAR_OK);
        const char *got = lookups[i].ctx
                              ? bar_trc(lang, lookups[i].ctx, lookups[i].msgid)
                              : bar_tr(lang, lookups[i].msgid);
        if (strcmp(got, lookups[i].expected) != 0)
            fail_msg("case %zu: %s '%s': got '%s', want '%s'", i,
                     lookups[i].lang, lookups[i].msgid, got,
                     lookups[i].expected);
    }
    assert_null(bar_tr(BAR_LANG_NL, NULL));
    /* a number no language has reads message ids */
    assert_string_equal(bar_tr((bar_lang)999, "Report"), "Report");
}

static void languages(void **state)
{
    (void)state;
    bar_lang l;
    assert_int_equal(bar_lang_from_code("nl", &l), BAR_OK);
    assert_int_equal(l, BAR_LANG_NL);
    assert_int_equal(bar_lang_from_code("en", &l), BAR_OK);
    assert_int_equal(l, BAR_LANG_EN);
    assert_int_equal(bar_lang_from_code("de", &l), BAR_OK);
    assert_true((size_t)l >= 2 && (size_t)l < bar_lang_count());
    assert_string_equal(bar_lang_code(l), "de");
    assert_int_equal(bar_lang_label(l), BAR_LANG_EN);
    assert_int_equal(bar_lang_label(BAR_LANG_NL), BAR_LANG_NL);
    assert_int_equal(bar_lang_from_code("xx", &l), BAR_ENOTFOUND);
    assert_int_equal(bar_lang_from_code(NULL, &l), BAR_ENOTFOUND);
    assert_string_equal(bar_lang_code(BAR_LANG_NL), "nl");
    assert_string_equal(bar_lang_code((bar_lang)999), "en");
}

/* German numbers take de.po's separators; notes are translated with
 * their arguments. */
static void numbers_and_notes(void **state)
{
    (void)state;
    bar_lang de;
    assert_int_equal(bar_lang_from_code("de", &de), BAR_OK);
    char buf[BAR_NUMFMT_MAX];
    assert_string_equal(bar_numfmt_decimal(buf, sizeof buf, 1234.5, 1, de),
                        "1.234,5");
    assert_string_equal(bar_numfmt_p(buf, sizeof buf, 0.0001, de), "< 0,001");
    assert_string_equal(bar_numfmt_p(buf, sizeof buf, 0.0001, BAR_LANG_EN),
                        "< 0.001");
    char note[256];
    /* each note written as the analysis writes it (bar_results_note) */
    const struct {
        bar_lang lang;
        const char *key, *format, *arg, *expected;
    } notes[] = {
        {BAR_LANG_NL, BAR_RK_NOTE, "fewer than {1} answers: suppressed", "5",
         "minder dan 5 antwoorden: niet getoond"},
        {BAR_LANG_EN, BAR_RK_NOTE, "fewer than {1} answers: suppressed", "5",
         "fewer than 5 answers: suppressed"},
        {BAR_LANG_NL, BAR_RK_ERROR, "no answers in the base", NULL,
         "geen antwoorden in de basis"},
        {BAR_LANG_NL, BAR_RK_SHAPIRO_NOTE,
         "shapiro-wilk: sample size {1} is not between 3 and 5000", "2",
         "Shapiro-Wilk: de steekproef van 2 ligt niet tussen 3 en 5000"},
        {BAR_LANG_NL, BAR_RK_NOTE, "a note nobody wrote", NULL,
         "a note nobody wrote"},
        {de, BAR_RK_NOTE, "fewer than {1} answers: suppressed", "5",
         "fewer than 5 answers: suppressed"}, /* not in de.po: English */
    };
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++) {
        json_t *o = json_object();
        assert_int_equal(bar_results_note(o, notes[i].key, notes[i].format,
                                          notes[i].arg, NULL),
                         BAR_OK);
        assert_string_equal(bar_text_note(note, sizeof note, o, notes[i].key,
                                          NULL, notes[i].lang),
                            notes[i].expected);
        json_decref(o);
    }
    /* no such note: "" */
    json_t *empty = json_object();
    assert_string_equal(
        bar_text_note(note, sizeof note, empty, BAR_RK_NOTE, NULL, BAR_LANG_NL),
        "");
    json_decref(empty);
    const char *args[] = {"7"};
    assert_string_equal(
        bar_text_note_format(note, sizeof note,
                             "fewer than {1} answers: suppressed", args, 1,
                             NULL, BAR_LANG_NL),
        "minder dan 7 antwoorden: niet getoond");
}

/* The document's coded values (BAR_RV_*: test names, methods, reasons)
 * are message ids: each has a Dutch text in the catalogue, so that the
 * renderers word them by the code (table.c word()). */
static void coded_values_translated(void **state)
{
    (void)state;
    static const char *const codes[] = {
        BAR_RV_TEST_TWO_PROPORTIONS, BAR_RV_TEST_BINOMIAL,
        BAR_RV_TEST_CHISQ,           BAR_RV_TEST_TREND,
        BAR_RV_METHOD_PAF,           BAR_RV_METHOD_KMEANS,
        BAR_RV_SELECTION_BACKWARD,   BAR_RV_SCORE_MEAN,
        BAR_RV_REASON_NO_ANSWERS,    BAR_RV_REASON_CONSTANT,
    };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *nl = bar_tr(BAR_LANG_NL, codes[i]);
        if (nl == codes[i] || strcmp(nl, codes[i]) == 0)
            fail_msg("'%s' has no Dutch text in po/nl.po", codes[i]);
        assert_string_equal(bar_tr(BAR_LANG_EN, codes[i]), codes[i]);
    }
}

/* ---- the .mo reader ---- */

typedef struct mo {
    unsigned char data[512];
    size_t size;
} mo;

static void put32(unsigned char *p, uint32_t v, bool big)
{
    for (int i = 0; i < 4; i++)
        p[big ? 3 - i : i] = (unsigned char)(v >> (8 * i));
}

/* A .mo of n messages keys[i] -> values[i] (keys sorted), in little or
 * big endian. */
static void build(mo *m, const char *const *keys, const char *const *values,
                  uint32_t n, bool big)
{
    memset(m, 0, sizeof *m);
    uint32_t orig = 28, trans = orig + 8 * n, strings = trans + 8 * n;
    put32(m->data, 0x950412de, big);
    put32(m->data + 4, 0, big);
    put32(m->data + 8, n, big);
    put32(m->data + 12, orig, big);
    put32(m->data + 16, trans, big);
    size_t at = strings;
    for (uint32_t i = 0; i < n; i++) {
        size_t len = strlen(keys[i]);
        put32(m->data + orig + 8 * i, (uint32_t)len, big);
        put32(m->data + orig + 8 * i + 4, (uint32_t)at, big);
        memcpy(m->data + at, keys[i], len + 1);
        at += len + 1;
    }
    for (uint32_t i = 0; i < n; i++) {
        size_t len = strlen(values[i]);
        put32(m->data + trans + 8 * i, (uint32_t)len, big);
        put32(m->data + trans + 8 * i + 4, (uint32_t)at, big);
        memcpy(m->data + at, values[i], len + 1);
        at += len + 1;
    }
    m->size = at;
}

static const char *const keys[] = {"", "Report", "Table", "number\004."};
static const char *const values[] = {"Content-Type: text/plain; "
                                     "charset=UTF-8\n",
                                     "Rapport", "Tabel", ","};

static void reader_reads(void **state)
{
    (void)state;
    for (int big = 0; big < 2; big++) {
        mo m;
        build(&m, keys, values, 4, big);
        bar_catalogue *c = NULL;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_catalogue_parse(m.data, m.size, &c, &err),
                         BAR_OK);
        assert_int_equal(bar_catalogue_count(c), 4);
        assert_string_equal(bar_catalogue_lookup(c, NULL, "Report"),
                            "Rapport");
        assert_string_equal(bar_catalogue_lookup(c, NULL, "Table"), "Tabel");
        assert_string_equal(bar_catalogue_lookup(c, "number", "."), ",");
        assert_null(bar_catalogue_lookup(c, NULL, "."));
        assert_null(bar_catalogue_lookup(c, "number", "Report"));
        assert_null(bar_catalogue_lookup(c, NULL, "Repor"));
        assert_null(bar_catalogue_lookup(c, NULL, "Reports"));
        assert_null(bar_catalogue_lookup(c, NULL, NULL));
        bar_catalogue_free(c);
        bar_error_clear(&err);
    }
    /* unsorted originals are sorted by the reader */
    static const char *const k2[] = {"b", "a"};
    static const char *const v2[] = {"B", "A"};
    mo m;
    build(&m, k2, v2, 2, false);
    bar_catalogue *c = NULL;
    assert_int_equal(bar_catalogue_parse(m.data, m.size, &c, NULL), BAR_OK);
    assert_string_equal(bar_catalogue_lookup(c, NULL, "a"), "A");
    assert_string_equal(bar_catalogue_lookup(c, NULL, "b"), "B");
    bar_catalogue_free(c);
    bar_catalogue_free(NULL);
}

typedef enum {
    BAD_MAGIC, BAD_REVISION, HUGE_COUNT, TABLE_OUT, STRING_OUT, LENGTH_OUT,
    NO_NUL, WRAP
} breakage;

static const struct {
    breakage how;
    bar_status expected;
    const char *message;   /* a part of the error message */
} broken[] = {
    {BAD_MAGIC, BAR_EPARSE, "not a .mo file"},
    {BAD_REVISION, BAR_EPARSE, "revision"},
    {HUGE_COUNT, BAR_EPARSE, "do not fit"},
    {TABLE_OUT, BAR_EPARSE, "outside the file"},
    {STRING_OUT, BAR_EPARSE, "outside the file"},
    {LENGTH_OUT, BAR_EPARSE, "outside the file"},
    {NO_NUL, BAR_EPARSE, "outside the file"},
    {WRAP, BAR_EPARSE, "outside the file"},
};

static void reader_refuses(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        mo m;
        build(&m, keys, values, 4, false);
        switch (broken[i].how) {
        case BAD_MAGIC: put32(m.data, 0x12345678, false); break;
        case BAD_REVISION: put32(m.data + 4, 2u << 16, false); break;
        case HUGE_COUNT: put32(m.data + 8, 0xffffffffu, false); break;
        case TABLE_OUT: put32(m.data + 16, 0xfffffff0u, false); break;
        case STRING_OUT: put32(m.data + 28 + 12, 100000, false); break;
        case LENGTH_OUT: put32(m.data + 28 + 8, 100000, false); break;
        case NO_NUL: m.data[m.size - 1] = 'x'; break;
        case WRAP:
            put32(m.data + 28 + 8, 0xffffffffu, false);
            put32(m.data + 28 + 12, 0xffffffffu, false);
            break;
        }
        bar_catalogue *c = (bar_catalogue *)&m;   /* must be reset */
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_catalogue_parse(m.data, m.size, &c, &err);
        if (rc != broken[i].expected || !strstr(err.msg, broken[i].message))
            fail_msg("case %zu: status %d, message '%s'", i, (int)rc,
                     err.msg);
        assert_null(c);
        bar_error_clear(&err);
    }
    /* every truncation of a good file fails */
    mo m;
    build(&m, keys, values, 4, false);
    for (size_t len = 0; len < m.size; len++) {
        bar_catalogue *c = NULL;
        if (bar_catalogue_parse(m.data, len, &c, NULL) == BAR_OK)
            fail_msg("truncated to %zu bytes: accepted", len);
        assert_null(c);
    }
    bar_catalogue *c = NULL;
    assert_int_equal(bar_catalogue_parse(m.data, (size_t)BAR_MO_MAX + 1, &c,
                                         NULL),
                     BAR_ELIMIT);
    assert_int_equal(bar_catalogue_parse(NULL, 0, &c, NULL), BAR_EPARSE);
}

/* bar_i18n_load: a missing folder or a broken catalogue fails and keeps
 * the catalogues loaded before. */
static void loading(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_i18n_load("/nonexistent/locale", &err),
                     BAR_ENOTFOUND);
    assert_string_equal(bar_tr(BAR_LANG_NL, "Report"), "Rapport");
    bar_error_clear(&err);

    char dir[] = "/tmp/test_i18n.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    static const char *const sub[] = {"nl", "nl/LC_MESSAGES", "en",
                                      "en/LC_MESSAGES"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, sub[i]);
        assert_int_equal(mkdir(path, 0700), 0);
    }
    mo m;
    build(&m, keys, values, 4, false);
    snprintf(path, sizeof path, "%s/nl/LC_MESSAGES/barometer.mo", dir);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(m.data, 1, m.size - 3, f);   /* truncated */
    fclose(f);
    snprintf(path, sizeof path, "%s/en/LC_MESSAGES/barometer.mo", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(m.data, 1, m.size, f);
    fclose(f);
    bar_error_init(&err);
    assert_int_equal(bar_i18n_load(dir, &err), BAR_EPARSE);
    assert_non_null(strstr(err.msg, "nl/LC_MESSAGES/barometer.mo"));
    assert_string_equal(bar_tr(BAR_LANG_NL, "Report"), "Rapport");
    bar_error_clear(&err);

    /* a good one replaces the catalogues */
    snprintf(path, sizeof path, "%s/nl/LC_MESSAGES/barometer.mo", dir);
    f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(m.data, 1, m.size, f);
    fclose(f);
    bar_error_init(&err);
    assert_int_equal(bar_i18n_load(dir, &err), BAR_OK);
    assert_string_equal(bar_tr(BAR_LANG_NL, "Table"), "Tabel");
    assert_string_equal(bar_tr(BAR_LANG_NL, "Contents"), "Contents");
    assert_int_equal(bar_lang_count(), 2);
    bar_error_clear(&err);
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s/LC_MESSAGES/barometer.mo", dir,
                 sub[2 * i]);
        unlink(path);
    }
    for (size_t i = 4; i-- > 0;) {
        snprintf(path, sizeof path, "%s/%s", dir, sub[i]);
        rmdir(path);
    }
    rmdir(dir);

    /* back to the build's catalogues */
    bar_error_init(&err);
    assert_int_equal(bar_i18n_load(bar_i18n_default_dir(), &err), BAR_OK);
    assert_string_equal(bar_tr(BAR_LANG_NL, "Contents"), "Inhoud");
    bar_error_clear(&err);
    bar_i18n_unload();
    assert_string_equal(bar_tr(BAR_LANG_NL, "Contents"), "Contents");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_lookup),
        cmocka_unit_test(languages),
        cmocka_unit_test(numbers_and_notes),
        cmocka_unit_test(coded_values_translated),
        cmocka_unit_test(reader_reads),
        cmocka_unit_test(reader_refuses),
        cmocka_unit_test(loading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
