/* test_study.c - the study file (wave/study.h) and the wave pipeline
 * (wave/wave.h).
 *
 * The 2021 study loads with its chapters, countries and files as written;
 * a table of broken studies each fails with BAR_EINVALID (or BAR_EPARSE)
 * and a message naming the key; a wave opened from a responses CSV with the
 * 2021 study gives the same results as the analysis run by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analysis/analysis.h"
#include "analysis/derive.h"
#include "core/buf.h"
#include "dataset/dataset_csv.h"
#include "store/store.h"
#include "wave/study.h"
#include "wave/wave.h"

/* A valid study; the cases below replace one part of it. */
#define HEAD "{\"format\": \"barometer-study\", \"id\": \"t\", "
#define YEAR "\"year\": 2023, "
#define TITLE "\"title\": {\"nl\": \"T\", \"en\": \"T\"}, "
#define FILES "\"instrument\": \"i.json\", \"report\": \"r.json\", "
#define CHAPTERS                                                            \
    "\"chapters\": [{\"id\": \"a\", \"numbered\": true, \"title\": "      \
    "{\"nl\": \"A\", \"en\": \"A\"}}, {\"id\": \"b\", \"title\": "         \
    "{\"nl\": \"B\", \"en\": \"B\"}}], "
#define COUNTRIES                                                           \
    "\"countries\": [{\"code\": \"SE\", \"name\": {\"nl\": \"Zweden\", "   \
    "\"en\": \"Sweden\"}}], \"main_country\": \"SE\", "
#define LABELS "\"labels\": {\"total\": {\"nl\": \"Totaal\", \"en\": " \
    "\"Total\"}}}"

static void study_2021(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_study *s = NULL;
    assert_int_equal(bar_study_load(BAR_DATA_DIR "/study/ibo-2021.json", &s,
                                    &err), BAR_OK);
    assert_string_equal(bar_study_id(s), "ibo-2021");
    assert_int_equal(bar_study_year(s), 2021);
    assert_string_equal(bar_study_title(s)->nl,
                        "Innovatie Barometer Overheid 2021");
    assert_int_equal(bar_study_nchapters(s), 6);
    static const char *const ids[] = {"innovations", "results", "climate",
                                      "method", "background", "frequencies"};
    for (size_t i = 0; i < 6; i++) {
        const bar_study_chapter *c = bar_study_chapter_get(s, i);
        assert_string_equal(c->id, ids[i]);
        assert_int_equal(c->numbered, i < 3);
        assert_int_equal(c->always, i == 3);
        assert_int_equal(c->method_notes, i == 3);
        assert_int_equal(c->intro.nl != NULL, i < 3);
    }
    assert_null(bar_study_chapter_get(s, 6));
    assert_int_equal(bar_study_findings_before(s), 3);
    assert_string_equal(bar_study_main_country(s), "DK");
    assert_int_equal(bar_study_ncountries(s), 6);
    assert_string_equal(bar_study_country_name(s, "DK", BAR_LANG_NL),
                        "Denemarken");
    assert_string_equal(bar_study_country_name(s, "SE", BAR_LANG_EN),
                        "Sweden");
    assert_null(bar_study_country_name(s, "XX", BAR_LANG_NL));
    assert_true(bar_study_is_home(s, "NL"));
    assert_false(bar_study_is_home(s, "DK"));
    assert_false(bar_study_is_home(NULL, "NL"));
    assert_string_equal(bar_study_total(s)->nl, "Totaal");
    assert_string_equal(bar_study_total(s)->en, "Total");
    char path[256];
    assert_true(bar_study_path(s, BAR_STUDY_INSTRUMENT, "/d", path,
                               sizeof path));
    assert_string_equal(path, "/d/instrument/ibo-2021.json");
    assert_true(bar_study_path(s, BAR_STUDY_BENCHMARK_LABELS, "/d", path,
                               sizeof path));
    assert_string_equal(path, "/d/benchmarks/nordic-2021-labels.csv");
    assert_false(bar_study_path(s, BAR_STUDY_REPORT, "/d", path, 8));
    /* the message templates, per kind and language */
    assert_true(bar_study_mail_path(s, BAR_STUDY_MAIL_INVITE, BAR_LANG_NL,
                                    "/d", path, sizeof path));
    assert_string_equal(path, "/d/mail/ibo-2021-invite.nl.txt");
    assert_true(bar_study_mail_path(s, BAR_STUDY_MAIL_REMIND, BAR_LANG_EN,
                                    "/d", path, sizeof path));
    assert_string_equal(path, "/d/mail/ibo-2021-remind.en.txt");
    /* the text is kept as read, for the store */
    assert_non_null(strstr(bar_study_source(s), "\"main_country\": \"DK\""));
    bar_study_free(s);
    bar_study_free(NULL);
    bar_error_clear(&err);
}

static void study_minimal_and_text(void **state)
{
    (void)state;
    static const char text[] = HEAD YEAR TITLE
        "\"instrument\": \"/abs/i.json\", \"report\": \"r.json\", "
        "\"findings_before\": \"b\", " CHAPTERS LABELS;
    bar_study *s = NULL;
    assert_int_equal(bar_study_parse(text, strlen(text), "m", &s, NULL),
                     BAR_OK);
    char path[64];
    assert_true(bar_study_path(s, BAR_STUDY_INSTRUMENT, "/d", path,
                               sizeof path));
    assert_string_equal(path, "/abs/i.json"); /* absolute: as written */
    assert_false(bar_study_path(s, BAR_STUDY_BENCHMARKS, "/d", path,
                                sizeof path));
    assert_false(bar_study_mail_path(s, BAR_STUDY_MAIL_INVITE, BAR_LANG_NL,
                                     "/d", path, sizeof path));
    assert_null(bar_study_main_country(s));
    assert_int_equal(bar_study_findings_before(s), 1);
    /* one rule for a language: nl, else en; the other when one is absent */
    bar_study_text t = {.nl = "n", .en = NULL};
    assert_string_equal(bar_study_text_in(&t, BAR_LANG_EN), "n");
    t = (bar_study_text){.nl = NULL, .en = "e"};
    assert_string_equal(bar_study_text_in(&t, BAR_LANG_NL), "e");
    assert_null(bar_study_text_in(NULL, BAR_LANG_NL));
    bar_study_free(s);
}

typedef struct bad_case {
    const char *name;
    const char *text;
    bar_status status;
    const char *message;  /* a part of err.msg or of the log */
} bad_case;

static const bad_case bad_cases[] = {
    {"not JSON", "{\"format\": ", BAR_EPARSE, "bad.json:1:"},
    {"an array", "[]", BAR_EINVALID, "a study must be a JSON object"},
    {"wrong format", "{\"format\": \"x\", \"id\": \"t\", " YEAR TITLE FILES
     CHAPTERS LABELS, BAR_EINVALID, "\"format\" must be \"barometer-study\""},
    {"no year", HEAD TITLE FILES CHAPTERS LABELS, BAR_EINVALID,
     "\"year\" must be a year 2000-2100"},
    {"year out of range", HEAD "\"year\": 1999, " TITLE FILES CHAPTERS
     LABELS, BAR_EINVALID, "\"year\" must be a year 2000-2100"},
    {"title without en", HEAD YEAR "\"title\": {\"nl\": \"T\"}, " FILES
     CHAPTERS LABELS, BAR_EINVALID, "\"title\" is required"},
    {"no instrument", HEAD YEAR TITLE "\"report\": \"r.json\", " CHAPTERS
     LABELS, BAR_EINVALID, "\"instrument\" is required"},
    {"benchmarks without values", HEAD YEAR TITLE FILES
     "\"benchmarks\": {\"labels\": \"l.csv\"}, " CHAPTERS LABELS,
     BAR_EINVALID, "\"benchmarks.values\" is required"},
    {"no chapters", HEAD YEAR TITLE FILES "\"chapters\": [], " LABELS,
     BAR_EINVALID, "\"chapters\" must be an array of 1 to 32 chapters"},
    {"a chapter twice", HEAD YEAR TITLE FILES
     "\"chapters\": [{\"id\": \"a\", \"title\": {\"nl\": \"A\", \"en\": "
     "\"A\"}}, {\"id\": \"a\", \"title\": {\"nl\": \"B\", \"en\": "
     "\"B\"}}], " LABELS, BAR_EINVALID,
     "\"chapters[1]\" repeats the id of an earlier chapter"},
    {"numbered not a boolean", HEAD YEAR TITLE FILES
     "\"chapters\": [{\"id\": \"a\", \"numbered\": 1, \"title\": {\"nl\": "
     "\"A\", \"en\": \"A\"}}], " LABELS, BAR_EINVALID,
     "\"numbered\", \"always\" and \"method_notes\" must be true or "
     "false"},
    {"findings before an unknown chapter", HEAD YEAR TITLE FILES CHAPTERS
     "\"findings_before\": \"zz\", " LABELS, BAR_EINVALID,
     "\"findings_before\" must be the id of a chapter"},
    {"main country not a country", HEAD YEAR TITLE FILES CHAPTERS
     "\"countries\": [], \"main_country\": \"SE\", " LABELS, BAR_EINVALID,
     "\"main_country\" must be the code of one of the countries"},
    {"home country not a country", HEAD YEAR TITLE FILES CHAPTERS COUNTRIES
     "\"home_country\": \"NL\", " LABELS, BAR_EINVALID,
     "\"home_country\" must be the code of one of the countries"},
    {"country without a name", HEAD YEAR TITLE FILES CHAPTERS
     "\"countries\": [{\"code\": \"SE\"}], " LABELS, BAR_EINVALID,
     "\"countries[0]\" is required"},
    {"no total label", HEAD YEAR TITLE FILES CHAPTERS COUNTRIES
     "\"labels\": {}}", BAR_EINVALID, "\"labels.total\" is required"},
    {"mail not an object", HEAD YEAR TITLE FILES CHAPTERS
     "\"mail\": [], " LABELS, BAR_EINVALID,
     "\"mail\" must be an object {\"invite\", \"remind\"}"},
    {"mail without a reminder", HEAD YEAR TITLE FILES CHAPTERS
     "\"mail\": {\"invite\": {\"nl\": \"i.nl\", \"en\": \"i.en\"}}, "
     LABELS, BAR_EINVALID, "\"mail.remind\" is required"},
    {"mail without English", HEAD YEAR TITLE FILES CHAPTERS
     "\"mail\": {\"invite\": {\"nl\": \"i.nl\"}, \"remind\": "
     "{\"nl\": \"r.nl\", \"en\": \"r.en\"}}, " LABELS, BAR_EINVALID,
     "\"mail.invite\" is required"},
    {"a key twice", HEAD YEAR YEAR TITLE FILES CHAPTERS LABELS, BAR_EPARSE,
     "duplicate object key"},
    {"a text id with a space", HEAD YEAR TITLE FILES CHAPTERS
     "\"texts\": [{\"id\": \"a b\", \"file\": {\"nl\": \"a.md\", "
     "\"en\": \"a.md\"}, \"before\": \"fig1\"}], " LABELS, BAR_EINVALID,
     "must be letters, digits"},
    {"a text id beginning with '-'", HEAD YEAR TITLE FILES CHAPTERS
     "\"texts\": [{\"id\": \"-a\", \"file\": {\"nl\": \"a.md\", "
     "\"en\": \"a.md\"}, \"before\": \"fig1\"}], " LABELS, BAR_EINVALID,
     "beginning with a letter or digit"},
};

static void study_bad_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *k = &bad_cases[i];
        bar_error err;
        bar_error_init(&err);
        bar_study *s = (bar_study *)&err; /* must become NULL */
        bar_status rc = bar_study_parse(k->text, strlen(k->text), "bad.json",
                                        &s, &err);
        if (rc != k->status)
            fail_msg("%s: status %d, want %d (%s)", k->name, (int)rc,
                     (int)k->status, err.msg);
        assert_null(s);
        if (!strstr(err.msg, k->message) &&
            !(err.log && strstr(err.log, k->message)))
            fail_msg("%s: '%s' not in '%s' / '%s'", k->name, k->message,
                     err.msg, err.log ? err.log : "");
        bar_error_clear(&err);
    }
    /* the good text of the table parses */
    static const char good[] = HEAD YEAR TITLE FILES CHAPTERS COUNTRIES
        LABELS;
    bar_study *s = NULL;
    assert_int_equal(bar_study_parse(good, strlen(good), "good", &s, NULL),
                     BAR_OK);
    assert_string_equal(bar_study_country_name(s, "SE", BAR_LANG_NL),
                        "Zweden");
    bar_study_free(s);
}

/* A wave opened from the analysis fixture with the 2021 study gives the
 * document bar_analysis_run gives by hand, and a study with another total
 * label and year changes only those. */
static void wave_from_csv(void **state)
{
    (void)state;
    const char *csv = BAR_TEST_DATA "/analysis/mini.csv";
    bar_error err;
    bar_error_init(&err);
    bar_wave_config cfg = {.data_dir = BAR_DATA_DIR,
                           .study = BAR_DATA_DIR "/study/ibo-2021.json"};
    bar_wave *w = NULL;
    json_t *doc = NULL;
    if (bar_wave_open_csv(csv, &cfg, &w, &err) != BAR_OK ||
        bar_wave_results(w, NULL, &doc, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(bar_wave_year(w), 2021);
    assert_null(bar_wave_store(w));
    assert_non_null(bar_wave_spec(w));
    assert_string_equal(bar_study_id(bar_wave_study(w)), "ibo-2021");

    /* by hand */
    bar_instrument *ins = NULL;
    bar_dataset *ds = NULL;
    bar_spec *spec = NULL;
    bar_benchmarks *bench = NULL;
    json_t *want = NULL;
    if (bar_instrument_load(BAR_DATA_DIR "/instrument/ibo-2021.json", &ins,
                            &err) != BAR_OK ||
        bar_dataset_read_csv(csv, ins, &ds, &err) != BAR_OK ||
        bar_spec_load(BAR_DATA_DIR "/report/ibo-2021.json", ins, &spec,
                      &err) != BAR_OK ||
        bar_derive_compute(ds, spec, NULL, &err) != BAR_OK ||
        bar_benchmarks_load(BAR_DATA_DIR "/benchmarks/nordic-2021.csv",
                            &bench, &err) != BAR_OK ||
        bar_benchmarks_load_labels(bench, BAR_DATA_DIR
                                   "/benchmarks/nordic-2021-labels.csv",
                                   &err) != BAR_OK ||
        bar_analysis_run(ds, spec, NULL, bench,
                         &(bar_analysis_opts){
                             .text = bar_study_text_spec(bar_wave_study(w))},
                         &want, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    assert_true(json_equal(doc, want));
    /* a second run of the same wave gives the same document */
    json_t *again = NULL;
    assert_int_equal(bar_wave_results(w, NULL, &again, &err), BAR_OK);
    assert_true(json_equal(doc, again));

    json_decref(again);
    json_decref(want);
    json_decref(doc);
    bar_benchmarks_free(bench);
    bar_spec_free(spec);
    bar_dataset_free(ds);
    bar_instrument_free(ins);
    bar_wave_free(w);
    bar_wave_free(NULL);

    /* the 2023 study: its year; the label of a total is the study's */
    cfg.study = BAR_TEST_DATA "/study/ibo-2023.json";
    if (bar_wave_open_csv(csv, &cfg, &w, &err) != BAR_OK ||
        bar_wave_results(w, NULL, &doc, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(json_integer_value(json_object_get(doc, "wave")), 2023);
    json_decref(doc);
    bar_wave_free(w);

    /* a study with its own label of a total: every total row of the
     * document carries it, and "Totaal" is gone */
    char tmpl[] = "/tmp/test_study-XXXXXX";
    int fd = mkstemp(tmpl);
    assert_true(fd >= 0);
    close(fd);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(bar_file_read(BAR_DATA_DIR "/study/ibo-2021.json",
                                   1 << 20, &text, &len, &err), BAR_OK);
    json_t *j = json_loadb(text, len, 0, NULL);
    assert_non_null(j);
    json_object_set_new(json_object_get(j, "labels"), "total",
                        json_pack("{s:s, s:s}", "nl", "Alles samen", "en",
                                  "All together"));
    assert_int_equal(json_dump_file(j, tmpl, 0), 0);
    cfg.study = tmpl;
    if (bar_wave_open_csv(csv, &cfg, &w, &err) != BAR_OK ||
        bar_wave_results(w, NULL, &doc, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    char *dump = json_dumps(doc, 0);
    assert_non_null(dump);
    assert_null(strstr(dump, "\"Totaal\""));
    assert_non_null(strstr(dump, "\"nl\": \"Alles samen\", \"en\": "
                                 "\"All together\""));
    free(dump);
    json_decref(doc);
    bar_wave_free(w);
    json_decref(j);
    free(text);
    unlink(tmpl);

    /* a study that does not exist, or no study: an error, no wave */
    cfg.study = BAR_TEST_DATA "/study/none.json";
    assert_int_equal(bar_wave_open_csv(csv, &cfg, &w, &err), BAR_EIO);
    assert_null(w);
    cfg.study = NULL;
    assert_int_equal(bar_wave_open_store("x.db", &cfg, &w, &err),
                     BAR_EUSAGE);
    assert_null(w);
    bar_error_clear(&err);
}

/* A wave of a store that keeps no study (made before the store kept
 * studies) opens with the default study; a wave added with a study opens
 * with its own, whatever default is given. */
static void wave_from_store(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_study-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char db[64];
    snprintf(db, sizeof db, "%s/s.db", dir);
    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    bar_dataset *ds = NULL;
    bar_store *st = NULL;
    bar_study *s23 = NULL;
    if (bar_instrument_load(BAR_DATA_DIR "/instrument/ibo-2021.json", &ins,
                            &err) != BAR_OK ||
        bar_dataset_read_csv(BAR_TEST_DATA "/analysis/mini.csv", ins, &ds,
                             &err) != BAR_OK ||
        bar_study_load(BAR_TEST_DATA "/study/ibo-2023.json", &s23, &err) !=
            BAR_OK ||
        bar_store_open(db, BAR_STORE_CREATE, &st, &err) != BAR_OK ||
        bar_store_wave_add(st, 2021, ins, &err) != BAR_OK ||
        bar_store_responses_import(st, 2021, ds, false, &err) != BAR_OK ||
        bar_store_wave_add_study(st, 2023, ins, bar_study_source(s23), false,
                                 &err) != BAR_OK)
        fail_msg("%s", err.msg);
    bar_store_close(st);
    bar_wave_config cfg = {.data_dir = BAR_DATA_DIR,
                           .study = BAR_DATA_DIR "/study/ibo-2021.json",
                           .year = 2021};
    bar_wave *w = NULL;
    json_t *doc = NULL;
    if (bar_wave_open_store(db, &cfg, &w, &err) != BAR_OK ||
        bar_wave_results(w, NULL, &doc, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    assert_string_equal(bar_study_id(bar_wave_study(w)), "ibo-2021");
    assert_non_null(bar_wave_store(w));
    assert_int_equal(bar_dataset_nrows(bar_wave_dataset(w)), 22);
    assert_int_equal(json_integer_value(json_object_get(doc, "wave")), 2021);
    json_decref(doc);
    bar_wave_free(w);
    /* the latest wave, 2023, keeps its study */
    cfg.year = 0;
    if (bar_wave_open_store(db, &cfg, &w, &err) != BAR_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(bar_wave_year(w), 2023);
    assert_string_equal(bar_study_id(bar_wave_study(w)), "ibo-2023");
    assert_string_equal(bar_study_main_country(bar_wave_study(w)), "SE");
    bar_wave_free(w);
    /* a wave that is not there */
    cfg.year = 2030;
    assert_int_equal(bar_wave_open_store(db, &cfg, &w, &err),
                     BAR_ENOTFOUND);
    assert_null(w);
    bar_study_free(s23);
    bar_dataset_free(ds);
    bar_instrument_free(ins);
    bar_error_clear(&err);
    unlink(db);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(study_2021),
        cmocka_unit_test(study_minimal_and_text),
        cmocka_unit_test(study_bad_cases),
        cmocka_unit_test(wave_from_csv),
        cmocka_unit_test(wave_from_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
