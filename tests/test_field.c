/* test_field.c - the respondent's side without HTTP: the form parser
 * (core/form), the pages and routing of the 2021 instrument
 * (field/survey), the validation of a page's form, the draft's JSON round
 * trip and its one-row dataset (field/draft), and the drafts in the store
 * (save, resume, final submit, lock). Tables of cases. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/form.h"
#include "field/draft.h"
#include "field/standing.h"
#include "field/survey.h"
#include "field/token.h"
#include "store/store.h"
#include "web/page.h"
#include "pg_test.h"

#define INSTRUMENT BAR_DATA_DIR "/instrument/ibo-2021.json"

static bar_instrument *ins;
static bar_survey *survey;

static int setup(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    if (bar_instrument_load(INSTRUMENT, &ins, &err) != BAR_OK ||
        bar_survey_new(ins, &survey, &err) != BAR_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    bar_error_clear(&err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bar_survey_free(survey);
    bar_instrument_free(ins);
    return 0;
}

static size_t var(const char *name)
{
    long i = bar_instrument_find(ins, name);
    if (i < 0)
        fail_msg("no variable %s", name);
    return (size_t)i;
}

/* ---- core/form ---- */

static void form_parse(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bar_status want;
        size_t n;
        const char *pairs[4][2];
    } cases[] = {
        {"", BAR_OK, 0, {{0}}},
        {"a=1", BAR_OK, 1, {{"a", "1"}}},
        {"a=1&b=two+words&c", BAR_OK, 3,
         {{"a", "1"}, {"b", "two words"}, {"c", ""}}},
        {"&&a=&&", BAR_OK, 1, {{"a", ""}}},
        {"x=%C3%A9%c3%a9", BAR_OK, 1, {{"x", "éé"}}},
        {"x=a%3Db%26c", BAR_OK, 1, {{"x", "a=b&c"}}},
        {"t=line%0D%0Anext%09tab", BAR_OK, 1, {{"t", "line\r\nnext\ttab"}}},
        {"a=1&a=2", BAR_OK, 2, {{"a", "1"}, {"a", "2"}}},
        {"x=%", BAR_EPARSE, 0, {{0}}},
        {"x=%4", BAR_EPARSE, 0, {{0}}},
        {"x=%G0", BAR_EPARSE, 0, {{0}}},
        {"x=%00", BAR_EPARSE, 0, {{0}}},      /* NUL */
        {"x=%1B", BAR_EPARSE, 0, {{0}}},      /* a control character */
        {"x%0A=1", BAR_EPARSE, 0, {{0}}},     /* line feed in a name */
        {"x=%C3", BAR_EPARSE, 0, {{0}}},      /* truncated UTF-8 */
        {"x=%C0%AF", BAR_EPARSE, 0, {{0}}},   /* overlong */
        {"x=%ED%A0%80", BAR_EPARSE, 0, {{0}}}, /* a surrogate */
        {"=1", BAR_EPARSE, 0, {{0}}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_form f;
        bar_form_init(&f);
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_form_parse(&f, cases[i].text,
                                       strlen(cases[i].text), &err);
        if (rc != cases[i].want)
            fail_msg("case %zu '%s': %s", i, cases[i].text, err.msg);
        assert_int_equal(f.n, cases[i].n);
        for (size_t k = 0; k < f.n; k++) {
            assert_string_equal(f.pairs[k].name, cases[i].pairs[k][0]);
            assert_string_equal(f.pairs[k].value, cases[i].pairs[k][1]);
        }
        bar_form_clear(&f);
        bar_error_clear(&err);
    }
}

static void form_caps(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_form f;
    /* pairs */
    size_t n = BAR_FORM_PAIRS_MAX + 1;
    char *text = malloc(n * 4 + 1);
    assert_non_null(text);
    text[0] = '\0';
    for (size_t i = 0; i < n; i++)
        strcat(text, i ? "&a=1" : "a=1");
    bar_form_init(&f);
    assert_int_equal(bar_form_parse(&f, text, strlen(text) - 4, &err),
                     BAR_OK);
    assert_int_equal(f.n, BAR_FORM_PAIRS_MAX);
    bar_form_clear(&f);
    assert_int_equal(bar_form_parse(&f, text, strlen(text), &err),
                     BAR_ELIMIT);
    assert_int_equal(f.n, 0);
    free(text);
    /* a value */
    size_t len = BAR_FORM_VALUE_MAX + 3;
    text = malloc(len + 1);
    assert_non_null(text);
    memcpy(text, "v=", 2);
    memset(text + 2, 'x', len - 2);
    assert_int_equal(bar_form_parse(&f, text, len - 1, &err), BAR_OK);
    bar_form_clear(&f);
    assert_int_equal(bar_form_parse(&f, text, len, &err), BAR_ELIMIT);
    free(text);
    bar_error_clear(&err);
}

/* ---- pages ---- */

static void pages(void **state)
{
    (void)state;
    /* block C splits where a question depends on one of the same page */
    static const struct {
        const char *first;
        size_t count;
        size_t block, part, nparts;
    } want[] = {
        {"size", 1, 0, 0, 1},
        {"covid_production", 3, 1, 0, 1},
        {"innovated", 1, 2, 0, 4},
        {"type", 4, 2, 1, 4},       /* type .. tech_share */
        {"tech_new", 4, 2, 2, 4},   /* tech_new .. collab */
        {"phase", 7, 2, 3, 4},      /* phase .. result_other */
        {"clim", 1, 3, 0, 1},
        {"work", 1, 4, 0, 1},
    };
    size_t n = sizeof want / sizeof want[0];
    assert_int_equal(bar_survey_npages(survey), n);
    assert_int_equal(bar_survey_nblocks(survey), 5);
    for (size_t p = 0; p < n; p++) {
        const bar_question *q = bar_instrument_question(
            ins, bar_survey_page_first(survey, p));
        assert_string_equal(bar_question_id(q), want[p].first);
        assert_int_equal(bar_survey_page_count(survey, p), want[p].count);
        assert_int_equal(bar_survey_page_block(survey, p), want[p].block);
        size_t nparts = 0;
        assert_int_equal(bar_survey_page_part(survey, p, &nparts),
                         want[p].part);
        assert_int_equal(nparts, want[p].nparts);
    }
    /* the variables that decide, and only those */
    assert_true(bar_survey_decides(survey, var("innovated")));
    assert_true(bar_survey_decides(survey, var("tech_share")));
    assert_true(bar_survey_decides(survey, var("collab_none")));
    assert_false(bar_survey_decides(survey, var("size")));
    assert_false(bar_survey_decides(survey, var("collab_citizens")));
}

/* ---- routing: which pages a respondent sees ---- */

static void routing(void **state)
{
    (void)state;
    static const struct {
        const char *answers[6][2];  /* variable, value */
        const char *shown;          /* one character per page: 1 shown */
        size_t next_after_2;        /* the page after innovated */
        const char *tech_new_asked, *phase_asked;
    } cases[] = {
        {{{0}}, "11100011", 6, "no", "no"},              /* nothing yet */
        {{{"innovated", "0"}}, "11100011", 6, "no", "no"},
        /* a routing variable not answered yet: not asked (the page that
         * asks collab sets collab_none to 0 or 1) */
        {{{"innovated", "1"}}, "11111111", 3, "no", "no"},
        {{{"innovated", "1"}, {"tech_share", "1"}}, "11111111", 3, "no",
         "no"},
        {{{"innovated", "1"}, {"tech_share", "2"}}, "11111111", 3, "yes",
         "no"},
        {{{"innovated", "1"}, {"collab_none", "1"}}, "11111111", 3, "no",
         "no"},
        {{{"innovated", "1"}, {"collab_none", "0"}}, "11111111", 3, "no",
         "yes"},
        /* answers of innovators do not count for a non-innovator */
        {{{"innovated", "0"}, {"tech_share", "4"}}, "11100011", 6, "no",
         "no"},
    };
    long tn = bar_instrument_find(ins, "tech_new");
    long ph = bar_instrument_find(ins, "phase_analysis");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_draft *d = bar_draft_new(ins);
        assert_non_null(d);
        for (size_t k = 0; k < 6 && cases[i].answers[k][0]; k++)
            bar_draft_set_value(d, var(cases[i].answers[k][0]),
                                atof(cases[i].answers[k][1]));
        for (size_t p = 0; p < bar_survey_npages(survey); p++)
            if (bar_survey_page_shown(survey, p, d) !=
                (cases[i].shown[p] == '1'))
                fail_msg("case %zu: page %zu shown %d", i, p,
                         bar_survey_page_shown(survey, p, d));
        assert_int_equal(bar_survey_next(survey, 2, d),
                         cases[i].next_after_2);
        assert_int_equal(bar_survey_prev(survey, cases[i].next_after_2, d),
                         2);
        assert_int_equal(bar_survey_prev(survey, 0, d),
                         bar_survey_npages(survey));
        assert_int_equal(bar_survey_next(survey, 7, d),
                         bar_survey_npages(survey));
        assert_string_equal(bar_draft_asked(d, bar_var_question(
                                bar_instrument_var(ins, (size_t)tn)))
                                ? "yes" : "no",
                            cases[i].tech_new_asked);
        assert_string_equal(bar_draft_asked(d, bar_var_question(
                                bar_instrument_var(ins, (size_t)ph)))
                                ? "yes" : "no",
                            cases[i].phase_asked);
        bar_draft_free(d);
    }
}

/* ---- validation of one page's form ---- */

static void validation(void **state)
{
    (void)state;
    static const struct {
        const char *before;   /* form text saved on page 2 first, or NULL */
        size_t page;
        const char *form;
        bool ok;
        const char *problems; /* "var:problem ..." expected */
    } cases[] = {
        {NULL, 0, "size=2", true, ""},
        {NULL, 0, "", true, ""},                    /* size is optional */
        {NULL, 0, "size=5", false, "size:2"},
        {NULL, 0, "size=2x", false, "size:2"},
        {NULL, 0, "size=+2", false, "size:2"},
        {NULL, 0, "size=", true, ""},
        {NULL, 2, "", false, "innovated:1"},        /* it decides */
        {NULL, 2, "innovated=1", true, ""},
        {NULL, 2, "innovated=0", true, ""},
        {"innovated=1", 4, "collab_none=1", true, ""},
        {"innovated=1", 4, "collab_none=1&collab_private=1", false,
         "collab_none:3"},
        {"innovated=1", 4, "driver_employees=2", false,
         "driver_employees:2"},
        {"innovated=1", 3, "type_product=1&tech_share=", false,
         "tech_share:1"},
        {"innovated=1", 3, "tech_share=2&description=%C3%A9", true, ""},
        /* questions not asked are ignored, whatever the form says */
        {"innovated=0", 4, "collab_none=1&collab_private=1", true, ""},
    };
    bar_error err;
    bar_error_init(&err);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_draft *d = bar_draft_new(ins);
        bar_page_check check;
        assert_int_equal(bar_page_check_init(&check, ins), BAR_OK);
        bool ok = false;
        bar_form f;
        if (cases[i].before) {
            bar_form_init(&f);
            assert_int_equal(bar_form_parse(&f, cases[i].before,
                                            strlen(cases[i].before), &err),
                             BAR_OK);
            assert_int_equal(bar_survey_read(survey, 2, &f, d, &check, &ok,
                                             &err), BAR_OK);
            assert_true(ok);
            bar_form_clear(&f);
        }
        bar_form_init(&f);
        assert_int_equal(bar_form_parse(&f, cases[i].form,
                                        strlen(cases[i].form), &err),
                         BAR_OK);
        assert_int_equal(bar_survey_read(survey, cases[i].page, &f, d,
                                         &check, &ok, &err), BAR_OK);
        char got[256] = "";
        for (size_t v = 0; v < bar_instrument_nvars(ins); v++)
            if (check.problem[v] != BAR_FIELD_OK)
                snprintf(got + strlen(got), sizeof got - strlen(got),
                         "%s%s:%d", *got ? " " : "",
                         bar_var_name(bar_instrument_var(ins, v)),
                         (int)check.problem[v]);
        if (ok != cases[i].ok || strcmp(got, cases[i].problems) != 0)
            fail_msg("case %zu '%s': ok %d, problems '%s'", i, cases[i].form,
                     ok, got);
        if (ok) {
            /* the page's asked questions are seen; resume moves on */
            size_t first = bar_survey_page_first(survey, cases[i].page);
            assert_true(bar_draft_seen(d, first) ||
                        !bar_draft_asked(d, bar_instrument_question(ins,
                                                                    first)));
        }
        bar_form_clear(&f);
        bar_page_check_clear(&check);
        bar_draft_free(d);
    }
    bar_error_clear(&err);
}

/* A refused page leaves the draft as it was; a saved one replaces the
 * page's answers (a blank clears, an unticked option is 0). */
static void read_replaces(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_draft *d = bar_draft_new(ins);
    bar_page_check check;
    assert_int_equal(bar_page_check_init(&check, ins), BAR_OK);
    const char *steps[][2] = {
        {"2", "innovated=1"},
        {"4", "collab_private=1&collab_citizens=1&tech_new=3"},
        {"4", "collab_none=1&collab_private=1"},      /* refused */
    };
    for (size_t i = 0; i < 3; i++) {
        bar_form f;
        bar_form_init(&f);
        assert_int_equal(bar_form_parse(&f, steps[i][1],
                                        strlen(steps[i][1]), &err), BAR_OK);
        bool ok = false;
        assert_int_equal(bar_survey_read(survey, (size_t)atoi(steps[i][0]),
                                         &f, d, &check, &ok, &err), BAR_OK);
        assert_int_equal(ok, i < 2);
        bar_form_clear(&f);
    }
    /* tech_new is not asked (tech_share missing): not kept */
    assert_true(isnan(bar_draft_value(d, var("tech_new"))));
    assert_true(bar_draft_value(d, var("collab_private")) == 1);
    assert_true(bar_draft_value(d, var("collab_none")) == 0);
    assert_true(bar_draft_value(d, var("collab_research")) == 0);
    /* resume: the first page with a question not seen: page 0 */
    assert_int_equal(bar_survey_resume(survey, d), 0);
    bar_page_check_clear(&check);
    bar_draft_free(d);
    bar_error_clear(&err);
}

/* ---- the draft's JSON ---- */

static void draft_json(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_draft *d = bar_draft_new(ins), *e = bar_draft_new(ins);
    bar_draft_set_value(d, var("size"), 3);
    bar_draft_set_value(d, var("innovated"), 1);
    bar_draft_set_value(d, var("collab_none"), 0);
    assert_int_equal(bar_draft_set_text(d, var("description"),
                                        "Een \"app\" \xc3\xa9\n<b>"), BAR_OK);
    bar_draft_set_seen(d, 0, true);
    char *json = NULL;
    assert_int_equal(bar_draft_to_json(d, &json, &err), BAR_OK);
    assert_string_equal(json,
                        "{\"answers\":{\"collab_none\":0,\"description\":"
                        "\"Een \\\"app\\\" \xc3\xa9\\n<b>\",\"innovated\":"
                        "1,\"size\":3},\"seen\":[\"size\"]}");
    assert_int_equal(bar_draft_from_json(e, json, strlen(json), &err),
                     BAR_OK);
    char *again = NULL;
    assert_int_equal(bar_draft_to_json(e, &again, &err), BAR_OK);
    assert_string_equal(json, again);
    free(again);
    free(json);
    static const struct {
        const char *json;
        bar_status want;
    } bad[] = {
        {"{\"answers\": {}, \"seen\": []}", BAR_OK},
        {"{\"answers\": {\"size\": 9}, \"seen\": []}", BAR_EINVALID},
        {"{\"answers\": {\"size\": \"2\"}, \"seen\": []}", BAR_EINVALID},
        {"{\"answers\": {\"org_id\": \"x\"}, \"seen\": []}", BAR_EINVALID},
        {"{\"answers\": {\"nope\": 1}, \"seen\": []}", BAR_EINVALID},
        {"{\"answers\": {}, \"seen\": [\"nope\"]}", BAR_EINVALID},
        {"{\"answers\": {}}", BAR_EINVALID},
        {"[1]", BAR_EINVALID},
        {"{", BAR_EPARSE},
        {"{\"answers\": {\"size\": 1, \"size\": 2}, \"seen\": []}",
         BAR_EPARSE},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bar_status rc = bar_draft_from_json(e, bad[i].json,
                                            strlen(bad[i].json), &err);
        if (rc != bad[i].want)
            fail_msg("case %zu: %d: %s", i, rc, err.msg);
        if (rc != BAR_OK) /* emptied */
            assert_true(isnan(bar_draft_value(e, var("size"))));
    }
    bar_draft_free(d);
    bar_draft_free(e);
    bar_error_clear(&err);
}

/* ---- the final response and the store ---- */

/* The PostgreSQL database the store cases make theirs from
 * (BAR_TEST_PG_URI, pg_test.h); NULL: they run on SQLite. */
static const char *pg_base;

typedef struct fixture {
    char dir[64], db[256], frame[96];
    char pg_name[64];
} fixture;

static void make_store(fixture *fx, bar_store **st)
{
    bar_error err;
    bar_error_init(&err);
    snprintf(fx->dir, sizeof fx->dir, "/tmp/bar-field-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db, sizeof fx->db, "%s/s.db", fx->dir);
    if (pg_base)
        pg_test_create(pg_base, fx->pg_name, fx->db, sizeof fx->db);
    snprintf(fx->frame, sizeof fx->frame, "%s/frame.csv", fx->dir);
    FILE *f = fopen(fx->frame, "w");
    assert_non_null(f);
    fputs("org_id,name,sector,cluster,email\n"
          "o1,A,gem,gemeente,a@a.nl\no2,B,rijk,rijk_beleid,b@b.nl\n", f);
    fclose(f);
    size_t n = 0;
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_CREATE, st, &err),
                     BAR_OK);
    assert_int_equal(bar_store_wave_add(*st, 2021, ins, &err), BAR_OK);
    assert_int_equal(bar_store_frame_import(*st, 2021, ins, fx->frame, &n,
                                            &err), BAR_OK);
    bar_error_clear(&err);
}

static void remove_store(fixture *fx)
{
    char path[300];
    const char *ext[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < 3 && !pg_base; i++) {
        snprintf(path, sizeof path, "%s%s", fx->db, ext[i]);
        unlink(path);
    }
    unlink(fx->frame);
    rmdir(fx->dir);
    if (pg_base)
        pg_test_drop(pg_base, fx->pg_name);
}

static void store_drafts(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = NULL;
    make_store(&fx, &st);
    bar_error err;
    bar_error_init(&err);
    bar_store_draft rec;
    char sector[BAR_STORE_ORG_MAX], cluster[BAR_STORE_ORG_MAX];
    assert_int_equal(bar_store_frame_org(st, 2021, "o2", sector, cluster,
                                         &err), BAR_OK);
    assert_string_equal(sector, "rijk");
    assert_string_equal(cluster, "rijk_beleid");
    assert_int_equal(bar_store_frame_org(st, 2021, "zz", sector, cluster,
                                         &err), BAR_ENOTFOUND);
    /* no draft yet */
    assert_int_equal(bar_store_draft_get(st, 2021, "o1", &rec, &err),
                     BAR_OK);
    assert_false(rec.exists || rec.submitted || rec.completed);
    bar_store_draft_clear(&rec);
    /* save, read back (another handle: another device) */
    assert_int_equal(bar_store_draft_put(st, 2021, "o1", "{\"a\": 1}", "en",
                                         &err), BAR_OK);
    assert_int_equal(bar_store_draft_put(st, 2021, "o1",
                                         "{\"answers\": {}, \"seen\": []}",
                                         "nl", &err), BAR_OK);
    assert_int_equal(bar_store_draft_put(st, 2021, "zz", "{}", "nl", &err),
                     BAR_ENOTFOUND);
    bar_store *st2 = NULL;
    assert_int_equal(bar_store_open(fx.db, BAR_STORE_EXISTING, &st2, &err),
                     BAR_OK);
    assert_int_equal(bar_store_draft_get(st2, 2021, "o1", &rec, &err),
                     BAR_OK);
    assert_true(rec.exists);
    assert_false(rec.submitted);
    assert_string_equal(rec.answers, "{\"answers\": {}, \"seen\": []}");
    assert_string_equal(rec.lang, "nl");
    bar_store_draft_clear(&rec);
    /* the final submit of a draft: the response row and the lock */
    bar_draft *d = bar_draft_new(ins);
    bar_draft_set_value(d, var("size"), 2);
    bar_draft_set_value(d, var("innovated"), 0);
    bar_draft_set_value(d, var("tech_share"), 4);  /* not asked: dropped */
    bar_draft_set_value(d, var("clim_ideas_valued"), 5);
    bar_dataset *ds = NULL;
    assert_int_equal(bar_draft_to_dataset(d, "o1", 2021, "gem", "gemeente",
                                          &ds, &err), BAR_OK);
    assert_true(isnan(bar_dataset_get(ds, 0, var("tech_share"))));
    assert_true(isnan(bar_dataset_get(ds, 0, var("type_product"))));
    assert_true(bar_dataset_get(ds, 0, var("size")) == 2);
    assert_int_equal(bar_store_draft_submit(st, 2021, "o1", ds, "{}", "nl",
                                            &err), BAR_OK);
    /* locked: no save, no second submit; nothing changed */
    assert_int_equal(bar_store_draft_put(st2, 2021, "o1", "{}", "en", &err),
                     BAR_ECONFLICT);
    assert_int_equal(bar_store_draft_submit(st2, 2021, "o1", ds, "{}", "en",
                                            &err), BAR_ECONFLICT);
    assert_int_equal(bar_store_draft_get(st2, 2021, "o1", &rec, &err),
                     BAR_OK);
    assert_true(rec.exists && rec.submitted && rec.completed);
    assert_string_equal(rec.lang, "nl");
    bar_store_draft_clear(&rec);
    bar_dataset_free(ds);
    ds = NULL;
    /* a response imported for o2 locks its link too */
    assert_int_equal(bar_draft_to_dataset(d, "o2", 2021, "rijk",
                                          "rijk_beleid", &ds, &err), BAR_OK);
    assert_int_equal(bar_store_responses_import(st, 2021, ds, false, &err),
                     BAR_OK);
    assert_int_equal(bar_store_draft_get(st, 2021, "o2", &rec, &err),
                     BAR_OK);
    assert_true(rec.completed && !rec.exists);
    bar_store_draft_clear(&rec);
    assert_int_equal(bar_store_draft_put(st, 2021, "o2", "{}", "nl", &err),
                     BAR_ECONFLICT);
    bar_dataset_free(ds);
    /* the frame disagrees: nothing is written */
    assert_int_equal(bar_draft_to_dataset(d, "o1", 2021, "gem", "gemeente",
                                          &ds, &err), BAR_OK);
    bar_dataset *loaded = NULL;
    assert_int_equal(bar_store_responses_load(st, 2021, ins, &loaded, &err),
                     BAR_OK);
    assert_int_equal(bar_dataset_nrows(loaded), 2);
    bar_dataset_free(loaded);
    bar_dataset_free(ds);
    bar_draft_free(d);
    bar_store_close(st2);
    bar_store_close(st);
    remove_store(&fx);
    bar_error_clear(&err);
}

/* A submit whose row breaks the frame writes neither the row nor the
 * lock. */
static void submit_all_or_nothing(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = NULL;
    make_store(&fx, &st);
    bar_error err;
    bar_error_init(&err);
    bar_draft *d = bar_draft_new(ins);
    bar_draft_set_value(d, var("size"), 1);
    bar_dataset *ds = NULL;
    /* o1 is gem/gemeente in the frame */
    assert_int_equal(bar_draft_to_dataset(d, "o1", 2021, "rijk", "gemeente",
                                          &ds, &err), BAR_OK);
    assert_int_equal(bar_store_draft_submit(st, 2021, "o1", ds, "{}", "nl",
                                            &err), BAR_EINVALID);
    bar_store_draft rec;
    assert_int_equal(bar_store_draft_get(st, 2021, "o1", &rec, &err),
                     BAR_OK);
    assert_false(rec.exists || rec.submitted || rec.completed);
    bar_store_draft_clear(&rec);
    bar_dataset_free(ds);
    bar_draft_free(d);
    bar_store_close(st);
    remove_store(&fx);
    bar_error_clear(&err);
}

/* Group commit: one transaction, each write in its savepoint: the ones
 * that fail are undone alone. */
static void group_commit(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = NULL;
    make_store(&fx, &st);
    bar_error errs[5], err;
    bar_error_init(&err);
    for (size_t i = 0; i < 5; i++)
        bar_error_init(&errs[i]);
    bar_draft *d = bar_draft_new(ins);
    bar_draft_set_value(d, var("size"), 2);
    bar_dataset *good = NULL, *bad = NULL;
    assert_int_equal(bar_draft_to_dataset(d, "o2", 2021, "rijk",
                                          "rijk_beleid", &good, &err),
                     BAR_OK);
    /* o1's row with the wrong sector: the frame refuses it */
    assert_int_equal(bar_draft_to_dataset(d, "o1", 2021, "ws", "gemeente",
                                          &bad, &err), BAR_OK);
    static const bar_status want[] = {BAR_OK, BAR_EINVALID, BAR_OK,
                                      BAR_ECONFLICT, BAR_ENOTFOUND};
    bar_store_draft_write w[5] = {
        {.org_id = "o1", .answers = "{\"n\": 1}", .lang = "nl"},
        {.org_id = "o1", .answers = "{}", .lang = "nl", .ds = bad},
        {.org_id = "o2", .answers = "{}", .lang = "en", .ds = good},
        {.org_id = "o2", .answers = "{}", .lang = "nl"}, /* locked now */
        {.org_id = "zz", .answers = "{}", .lang = "nl"},
    };
    for (size_t i = 0; i < 5; i++)
        w[i].err = &errs[i];
    assert_int_equal(bar_store_draft_group(st, 2021, w, 5, &err), BAR_OK);
    for (size_t i = 0; i < 5; i++)
        if (w[i].status != want[i])
            fail_msg("write %zu: %d (%s)", i, w[i].status, errs[i].msg);
    bar_store_draft rec;
    assert_int_equal(bar_store_draft_get(st, 2021, "o1", &rec, &err),
                     BAR_OK);
    assert_true(rec.exists && !rec.submitted && !rec.completed);
    assert_string_equal(rec.answers, "{\"n\": 1}");
    bar_store_draft_clear(&rec);
    assert_int_equal(bar_store_draft_get(st, 2021, "o2", &rec, &err),
                     BAR_OK);
    assert_true(rec.submitted && rec.completed);
    assert_string_equal(rec.lang, "en");
    bar_store_draft_clear(&rec);
    bar_dataset *loaded = NULL;
    assert_int_equal(bar_store_responses_load(st, 2021, ins, &loaded, &err),
                     BAR_OK);
    assert_int_equal(bar_dataset_nrows(loaded), 1);
    bar_dataset_free(loaded);
    bar_dataset_free(good);
    bar_dataset_free(bad);
    bar_draft_free(d);
    for (size_t i = 0; i < 5; i++)
        bar_error_clear(&errs[i]);
    bar_error_clear(&err);
    bar_store_close(st);
    remove_store(&fx);
}

/* A group of saves only (on PostgreSQL one statement, draft_put_many):
 * each write gets the status it would get alone, in order. A save to a
 * submitted response in the middle fails alone; a later save of one
 * organisation wins; quotes and backslashes travel intact. */
static void group_batched(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = NULL;
    make_store(&fx, &st);
    bar_error errs[6], err;
    bar_error_init(&err);
    for (size_t i = 0; i < 6; i++)
        bar_error_init(&errs[i]);
    bar_draft *d = bar_draft_new(ins);
    bar_draft_set_value(d, var("size"), 2);
    bar_dataset *ds = NULL;
    assert_int_equal(bar_draft_to_dataset(d, "o2", 2021, "rijk",
                                          "rijk_beleid", &ds, &err),
                     BAR_OK);
    assert_int_equal(bar_store_draft_submit(st, 2021, "o2", ds, "{\"s\": 1}",
                                            "nl", &err), BAR_OK);
    static const struct {
        const char *org, *answers;
        bar_status want;
        const char *msg;
    } cases[] = {
        {"o1", "{\"n\": 1}", BAR_OK, NULL},
        {"o2", "{\"n\": 2}", BAR_ECONFLICT, "already submitted"},
        {"z\"\\z", "{}", BAR_ENOTFOUND, "no such organisation"},
        {"o1", "{\"t\": \"a \\\"b\\\" \\\\ c, {d}\"}", BAR_OK, NULL},
        {"o2", "{}", BAR_ECONFLICT, "already submitted"},
        {"zz", "{}", BAR_ENOTFOUND, "no such organisation"},
    };
    bar_store_draft_write w[6];
    for (size_t i = 0; i < 6; i++)
        w[i] = (bar_store_draft_write){.org_id = cases[i].org,
                                       .answers = cases[i].answers,
                                       .lang = "en", .err = &errs[i]};
    assert_int_equal(bar_store_draft_group(st, 2021, w, 6, &err), BAR_OK);
    for (size_t i = 0; i < 6; i++) {
        if (w[i].status != cases[i].want)
            fail_msg("write %zu: %d (%s)", i, w[i].status, errs[i].msg);
        if (cases[i].msg && !strstr(errs[i].msg, cases[i].msg))
            fail_msg("write %zu: '%s'", i, errs[i].msg);
    }
    bar_store_draft rec;
    assert_int_equal(bar_store_draft_get(st, 2021, "o1", &rec, &err),
                     BAR_OK);
    assert_true(rec.exists && !rec.submitted);
    assert_string_equal(rec.answers, cases[3].answers);
    assert_string_equal(rec.lang, "en");
    bar_store_draft_clear(&rec);
    assert_int_equal(bar_store_draft_get(st, 2021, "o2", &rec, &err),
                     BAR_OK);
    assert_true(rec.submitted && rec.completed);
    assert_string_equal(rec.answers, "{\"s\": 1}");
    bar_store_draft_clear(&rec);
    bar_dataset_free(ds);
    bar_draft_free(d);
    for (size_t i = 0; i < 6; i++)
        bar_error_clear(&errs[i]);
    bar_error_clear(&err);
    bar_store_close(st);
    remove_store(&fx);
}

/* Run sql on the database of uri through a connection of its own. */
static void pg_run(const char *uri, const char *sql)
{
    PGconn *c = PQconnectdb(uri);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK &&
        PQresultStatus(res) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQresultErrorMessage(res));
    PQclear(res);
    PQfinish(c);
}

/* PostgreSQL only. A connection ended while the handle is idle (as a
 * restart ends it) is found and reset before the next use: no failure.
 * One lost in the middle of a group commit (a trigger ends its own
 * connection at the second write) fails the whole group with
 * BAR_EUNAVAILABLE: nothing of it stored, not even the first write; and
 * the handle serves again at its next use. */
static void lost_connection(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = NULL;
    make_store(&fx, &st);
    pg_run(fx.db, "CREATE FUNCTION die() RETURNS trigger AS $$ BEGIN "
                  "IF NEW.answers = '{\"die\": 1}' THEN "
                  "PERFORM pg_terminate_backend(pg_backend_pid()); "
                  "END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
                  "CREATE TRIGGER die BEFORE INSERT OR UPDATE ON draft "
                  "FOR EACH ROW EXECUTE FUNCTION die()");
    bar_error errs[2], err;
    bar_error_init(&err);
    for (size_t i = 0; i < 2; i++)
        bar_error_init(&errs[i]);
    enum { NONE, IDLE, MIDDLE };
    static const struct {
        int lose;
        bar_status want;
        const char *o1;
    } cases[] = {
        {NONE, BAR_OK, "{\"n\": 0}"},
        {IDLE, BAR_OK, "{\"n\": 1}"},             /* reset before use */
        {MIDDLE, BAR_EUNAVAILABLE, "{\"n\": 1}"}, /* nothing stored */
        {NONE, BAR_OK, "{\"n\": 3}"},             /* reconnected */
        {MIDDLE, BAR_EUNAVAILABLE, "{\"n\": 3}"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        if (cases[k].lose == IDLE)
            pg_run(fx.db, "SELECT pg_terminate_backend(pid, 10000) FROM "
                          "pg_stat_activity WHERE datname = "
                          "current_database() AND pid <> "
                          "pg_backend_pid()");
        char a1[32];
        snprintf(a1, sizeof a1, "{\"n\": %zu}", k);
        bar_store_draft_write w[2] = {
            {.org_id = "o1", .answers = a1, .lang = "nl", .err = &errs[0]},
            {.org_id = "o2",
             .answers = cases[k].lose == MIDDLE ? "{\"die\": 1}" : "{}",
             .lang = "nl", .err = &errs[1]},
        };
        bar_error_clear(&err);
        bar_error_init(&err);
        bar_status got = bar_store_draft_group(st, 2021, w, 2, &err);
        if (got != cases[k].want)
            fail_msg("case %zu: %d (%s)", k, got, err.msg);
        for (size_t i = 0; i < 2; i++)
            if (w[i].status != cases[k].want)
                fail_msg("case %zu write %zu: %d (%s)", k, i, w[i].status,
                         errs[i].msg);
        if (cases[k].want != BAR_OK &&
            !strstr(err.msg, "the database is unavailable"))
            fail_msg("case %zu: %s", k, err.msg);
        /* after a loss, this read is the use that reconnects */
        bar_store_draft rec;
        bar_error_clear(&err);
        bar_error_init(&err);
        assert_int_equal(bar_store_draft_get(st, 2021, "o1", &rec, &err),
                         BAR_OK);
        assert_true(rec.exists);
        assert_string_equal(rec.answers, cases[k].o1);
        bar_store_draft_clear(&rec);
    }
    for (size_t i = 0; i < 2; i++)
        bar_error_clear(&errs[i]);
    bar_error_clear(&err);
    bar_store_close(st);
    remove_store(&fx);
}

/* PostgreSQL only. The batched saves of a group fail as a whole when the
 * database refuses the statement (here a trigger refuses one draft): the
 * group is done again write by write, and only the refused write fails. */
static void group_batch_refused(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = NULL;
    make_store(&fx, &st);
    pg_run(fx.db, "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                  "IF NEW.answers = '{\"refuse\": 1}' THEN "
                  "RAISE EXCEPTION 'refused'; "
                  "END IF; RETURN NEW; END $$ LANGUAGE plpgsql; "
                  "CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON draft "
                  "FOR EACH ROW EXECUTE FUNCTION refuse()");
    bar_error errs[3], err;
    bar_error_init(&err);
    for (size_t i = 0; i < 3; i++)
        bar_error_init(&errs[i]);
    bar_store_draft_write w[3] = {
        {.org_id = "o1", .answers = "{\"n\": 1}", .lang = "nl"},
        {.org_id = "o2", .answers = "{\"refuse\": 1}", .lang = "nl"},
        {.org_id = "zz", .answers = "{}", .lang = "nl"},
    };
    static const bar_status want[] = {BAR_OK, BAR_ESTORE, BAR_ENOTFOUND};
    for (size_t i = 0; i < 3; i++)
        w[i].err = &errs[i];
    assert_int_equal(bar_store_draft_group(st, 2021, w, 3, &err), BAR_OK);
    for (size_t i = 0; i < 3; i++)
        if (w[i].status != want[i])
            fail_msg("write %zu: %d (%s)", i, w[i].status, errs[i].msg);
    assert_non_null(strstr(errs[1].msg, "refused"));
    bar_store_draft rec;
    assert_int_equal(bar_store_draft_get(st, 2021, "o1", &rec, &err),
                     BAR_OK);
    assert_string_equal(rec.answers, "{\"n\": 1}");
    bar_store_draft_clear(&rec);
    assert_int_equal(bar_store_draft_get(st, 2021, "o2", &rec, &err),
                     BAR_OK);
    assert_false(rec.exists);
    bar_store_draft_clear(&rec);
    for (size_t i = 0; i < 3; i++)
        bar_error_clear(&errs[i]);
    bar_error_clear(&err);
    bar_store_close(st);
    remove_store(&fx);
}

/* One "server" of same_orgs: its own handle, groups of saves of both
 * organisations (in its own order), then the submit of o1 in a group
 * with a save of o2, then saves of o1 again. */
typedef struct racer {
    const char *db;
    const char *first, *second;   /* the order of its saves */
    const bar_dataset *ds;        /* o1's response */
    const bar_dataset *outside;   /* a response of zz, outside the frame */
    const char *submitted;        /* the answers it submits with */
    pthread_barrier_t *go;
    bar_status saves;             /* out: the worst status of the saves */
    bar_status submit;            /* out: its submit's */
    bar_status after;             /* out: its saves of o1 after both */
} racer;

enum { RACE_GROUPS = 100 };

static void *race(void *arg)
{
    racer *r = arg;
    bar_store *st = NULL;
    bar_error errs[3], err;
    bar_error_init(&err);
    for (size_t i = 0; i < 3; i++)
        bar_error_init(&errs[i]);
    r->saves = r->submit = r->after = BAR_EUSAGE;
    if (bar_store_open(r->db, BAR_STORE_EXISTING, &st, &err) != BAR_OK)
        goto cleanup;
    pthread_barrier_wait(r->go);
    r->saves = BAR_OK;
    for (int k = 0; k < RACE_GROUPS; k++) {
        char a[32];
        snprintf(a, sizeof a, "{\"k\": %d}", k);
        /* a submit outside the frame between the two saves: two runs of
         * saves, whose rows are locked in the group's order */
        bar_store_draft_write w[3] = {
            {.org_id = r->first, .answers = a, .lang = "nl",
             .err = &errs[0]},
            {.org_id = "zz", .answers = a, .lang = "nl", .ds = r->outside,
             .err = &errs[2]},
            {.org_id = r->second, .answers = a, .lang = "nl",
             .err = &errs[1]},
        };
        bar_status g = bar_store_draft_group(st, 2021, w, 3, &err);
        for (size_t i = 0; i < 3 && r->saves == BAR_OK; i++)
            r->saves = g != BAR_OK ? g
                       : w[i].status == (i == 1 ? BAR_ENOTFOUND : BAR_OK)
                           ? BAR_OK : w[i].status;
        bar_error_clear(&errs[2]);
    }
    pthread_barrier_wait(r->go);
    bar_store_draft_write w[2] = {
        {.org_id = "o2", .answers = "{}", .lang = "nl", .err = &errs[0]},
        {.org_id = "o1", .answers = r->submitted, .lang = "nl", .ds = r->ds,
         .err = &errs[1]},
    };
    if (bar_store_draft_group(st, 2021, w, 2, &err) == BAR_OK &&
        w[0].status == BAR_OK)
        r->submit = w[1].status;
    pthread_barrier_wait(r->go);
    r->after = bar_store_draft_put(st, 2021, "o1", "{\"late\": 1}", "nl",
                                   &err);
cleanup:
    for (size_t i = 0; i < 3; i++)
        bar_error_clear(&errs[i]);
    bar_error_clear(&err);
    bar_store_close(st);
    return NULL;
}

/* PostgreSQL only. Two servers (two handles in two threads) write the
 * same organisations at once, each group in the other's order: no write
 * fails (no deadlock, no lost update reported as saved); the two submits
 * of o1 at once give exactly one response, the other is a conflict, the
 * draft keeps the winner's answers, and no save after it is acknowledged. */
static void same_orgs(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = NULL;
    make_store(&fx, &st);
    bar_error err;
    bar_error_init(&err);
    bar_draft *d = bar_draft_new(ins);
    bar_draft_set_value(d, var("size"), 3);
    bar_dataset *ds = NULL, *outside = NULL;
    assert_int_equal(bar_draft_to_dataset(d, "o1", 2021, "gem", "gemeente",
                                          &ds, &err), BAR_OK);
    assert_int_equal(bar_draft_to_dataset(d, "zz", 2021, "gem", "gemeente",
                                          &outside, &err), BAR_OK);
    assert_int_equal(bar_store_responses_prepare(st, 2021, ins, &err),
                     BAR_OK);
    pthread_barrier_t go;
    assert_int_equal(pthread_barrier_init(&go, NULL, 2), 0);
    racer r[2] = {
        {.db = fx.db, .first = "o1", .second = "o2", .ds = ds,
         .outside = outside, .submitted = "{\"by\": 0}", .go = &go},
        {.db = fx.db, .first = "o2", .second = "o1", .ds = ds,
         .outside = outside, .submitted = "{\"by\": 1}", .go = &go},
    };
    pthread_t t[2];
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
    for (size_t i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    pthread_barrier_destroy(&go);
    for (size_t i = 0; i < 2; i++) {
        if (r[i].saves != BAR_OK)
            fail_msg("server %zu: a save: %d", i, r[i].saves);
        if (r[i].after != BAR_ECONFLICT)
            fail_msg("server %zu: a save after the submit: %d", i,
                     r[i].after);
    }
    size_t won = r[0].submit == BAR_OK ? 0 : 1;
    if (r[won].submit != BAR_OK || r[1 - won].submit != BAR_ECONFLICT)
        fail_msg("submits: %d and %d", r[0].submit, r[1].submit);
    bar_store_draft rec;
    assert_int_equal(bar_store_draft_get(st, 2021, "o1", &rec, &err),
                     BAR_OK);
    assert_true(rec.submitted && rec.completed);
    assert_string_equal(rec.answers, r[won].submitted);
    bar_store_draft_clear(&rec);
    bar_dataset *loaded = NULL;
    assert_int_equal(bar_store_responses_load(st, 2021, ins, &loaded, &err),
                     BAR_OK);
    assert_int_equal(bar_dataset_nrows(loaded), 1);
    bar_dataset_free(loaded);
    bar_dataset_free(outside);
    bar_dataset_free(ds);
    bar_draft_free(d);
    bar_error_clear(&err);
    bar_store_close(st);
    remove_store(&fx);
}

/* One "server" of simulated_once: its own handle, the submit of org. */
typedef struct sim_submitter {
    const char *db, *org;
    const bar_dataset *ds;
    bar_status rc;                /* out: the submit's */
} sim_submitter;

static void *sim_submit(void *arg)
{
    sim_submitter *r = arg;
    bar_store *st = NULL;
    bar_error err;
    bar_error_init(&err);
    r->rc = bar_store_open(r->db, BAR_STORE_EXISTING, &st, &err);
    if (r->rc == BAR_OK)
        r->rc = bar_store_draft_submit(st, 2022, r->org, r->ds, "{}", "nl",
                                       &err);
    if (r->rc != BAR_OK)
        print_error("%s: %s\n", r->org, err.msg);
    bar_error_clear(&err);
    bar_store_close(st);
    return NULL;
}

/* The integer in the first field of sql's one row, on a connection c. */
static long long pg_count(PGconn *c, const char *sql)
{
    PGresult *res = PQexec(c, sql);
    if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
        fail_msg("%s: %s", sql, PQresultErrorMessage(res));
    long long n = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    PQclear(res);
    return n;
}

/* PostgreSQL only. Two servers submit the first simulated organisations
 * of an unmarked wave at once: the wave is marked simulated and its
 * audit line written once, not by both. Made to happen every time, not
 * by chance: a third connection holds the wave's row (FOR NO KEY UPDATE,
 * which the responses' and drafts' foreign keys do not wait for) until
 * both submits wait for it, so that both have read the wave unmarked. */
static void simulated_once(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = NULL;
    make_store(&fx, &st);
    bar_error err;
    bar_error_init(&err);
    char frame[128];
    snprintf(frame, sizeof frame, "%s/sim.csv", fx.dir);
    FILE *f = fopen(frame, "w");
    assert_non_null(f);
    fputs("org_id,name,sector,cluster,email\n"
          "sim-1,A,gem,gemeente,a@a.nl\nsim-2,B,gem,gemeente,b@b.nl\n", f);
    fclose(f);
    size_t n = 0;
    assert_int_equal(bar_store_wave_add(st, 2022, ins, &err), BAR_OK);
    assert_int_equal(bar_store_frame_import(st, 2022, ins, frame, &n, &err),
                     BAR_OK);
    assert_int_equal(bar_store_responses_prepare(st, 2022, ins, &err),
                     BAR_OK);
    bar_draft *d = bar_draft_new(ins);
    bar_draft_set_value(d, var("size"), 3);
    bar_dataset *ds[2] = {NULL, NULL};
    const char *orgs[2] = {"sim-1", "sim-2"};
    sim_submitter r[2];
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(bar_draft_to_dataset(d, orgs[i], 2022, "gem",
                                              "gemeente", &ds[i], &err),
                         BAR_OK);
        r[i] = (sim_submitter){.db = fx.db, .org = orgs[i], .ds = ds[i]};
    }
    PGconn *c = PQconnectdb(fx.db);
    assert_int_equal(PQstatus(c), CONNECTION_OK);
    PGresult *res = PQexec(c, "BEGIN; SELECT 1 FROM wave WHERE wave = 2022 "
                              "FOR NO KEY UPDATE");
    assert_int_equal(PQresultStatus(res), PGRES_TUPLES_OK);
    PQclear(res);
    pthread_t t[2];
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, sim_submit, &r[i]), 0);
    /* until both wait for a lock (no bound: each gets there); asked on
     * a connection of its own, outside c's transaction, which would see
     * one snapshot of the statistics */
    PGconn *watch = PQconnectdb(fx.db);
    assert_int_equal(PQstatus(watch), CONNECTION_OK);
    while (pg_count(watch, "SELECT count(*) FROM pg_stat_activity WHERE "
                           "datname = current_database() AND "
                           "wait_event_type = 'Lock'") < 2)
        nanosleep(&(struct timespec){.tv_nsec = 10000000}, NULL);
    PQfinish(watch);
    res = PQexec(c, "COMMIT");
    assert_int_equal(PQresultStatus(res), PGRES_COMMAND_OK);
    PQclear(res);
    for (size_t i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    for (size_t i = 0; i < 2; i++)
        assert_int_equal(r[i].rc, BAR_OK);
    assert_int_equal(pg_count(c, "SELECT simulated FROM wave WHERE "
                                 "wave = 2022"), 1);
    assert_int_equal(pg_count(c, "SELECT count(*) FROM audit WHERE "
                                 "wave = 2022 AND action = "
                                 "'wave_simulated'"), 1);
    assert_int_equal(pg_count(c, "SELECT count(*) FROM response WHERE "
                                 "wave = 2022"), 2);
    PQfinish(c);
    for (size_t i = 0; i < 2; i++)
        bar_dataset_free(ds[i]);
    bar_draft_free(d);
    bar_error_clear(&err);
    bar_store_close(st);
    unlink(frame);
    remove_store(&fx);
}

/* The climate standing: the share of the others below (ties half), only
 * with at least 5 others, overall and in the sector. */
static void standing(void **state)
{
    (void)state;
    static const struct {
        const char *sectors;   /* one letter per case: g gem, r rijk */
        double climate[12];    /* NAN: no score */
        size_t self;
        bool has_score, has_all, has_sector;
        size_t n_all, n_sector;
        double below_all, below_sector;
    } cases[] = {
        /* 6 others, 3 below, 1 tie, 2 above: (3 + 0.5) / 6 */
        {"ggggggg", {3.0, 2.0, 2.5, 1.0, 3.0, 4.0, 5.0}, 0, true, true,
         true, 6, 6, 100 * 3.5 / 6, 100 * 3.5 / 6},
        /* 4 others only: no comparison at all */
        {"ggggg", {3.0, 2.0, 2.5, 1.0, 3.0}, 0, true, false, false, 4, 4,
         NAN, NAN},
        /* 6 others, 3 in the sector: overall only */
        {"grrrggg", {3.0, 2.0, 2.5, 1.0, 4.0, 4.0, 4.0}, 0, true, true,
         false, 6, 3, 50, 0},
        /* others without a score do not count; 5 others are enough */
        {"ggggggggg", {4.0, 1.0, 1.0, 1.0, 1.0, NAN, NAN, NAN, 5.0}, 0,
         true, true, true, 5, 5, 80, 80},
        {"gggggggg", {4.0, 1.0, 1.0, 1.0, NAN, NAN, NAN, 5.0}, 0,
         true, false, false, 4, 4, NAN, NAN},
        {"gggggg", {NAN, 1.0, 1.0, 1.0, 1.0, 1.0}, 0, false, false, false,
         0, 0, NAN, NAN},
        /* the organisation need not be the first row */
        {"rrrrrrr", {1.0, 2.0, 3.0, 4.0, 5.0, 5.0, 2.0}, 6, true, true,
         true, 6, 6, 100 * 1.5 / 6, 100 * 1.5 / 6},
    };
    long org = bar_instrument_find(ins, "org_id");
    long sec = bar_instrument_find(ins, "sector");
    long cli = bar_instrument_find(ins, "climate");
    const bar_variable *sv = bar_instrument_var(ins, (size_t)sec);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_dataset *ds = bar_dataset_new(ins);
        for (size_t r = 0; r < strlen(cases[i].sectors); r++) {
            size_t row = 0;
            char id[32];
            snprintf(id, sizeof id, "o%zu", r);
            assert_int_equal(bar_dataset_add_row(ds, &row), BAR_OK);
            assert_int_equal(bar_dataset_set_str(ds, row, (size_t)org, id),
                             BAR_OK);
            bar_dataset_set(ds, row, (size_t)sec,
                            (double)bar_var_code_find(
                                sv, cases[i].sectors[r] == 'g' ? "gem"
                                                               : "rijk"));
            bar_dataset_set(ds, row, (size_t)cli, cases[i].climate[r]);
        }
        char self[32];
        snprintf(self, sizeof self, "o%zu", cases[i].self);
        bar_standing st;
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_standing_compute(ds, self, &st, &err), BAR_OK);
        if (st.has_score != cases[i].has_score ||
            st.has_all != cases[i].has_all ||
            st.has_sector != cases[i].has_sector)
            fail_msg("case %zu: %d %d %d", i, st.has_score, st.has_all,
                     st.has_sector);
        if (st.has_score) {
            assert_int_equal(st.n_all, cases[i].n_all);
            assert_int_equal(st.n_sector, cases[i].n_sector);
        }
        if (st.has_all)
            assert_float_equal(st.below_all, cases[i].below_all, 1e-12);
        if (st.has_sector)
            assert_float_equal(st.below_sector, cases[i].below_sector,
                               1e-12);
        assert_int_equal(bar_standing_compute(ds, "nope", &st, &err),
                         BAR_ENOTFOUND);
        bar_error_clear(&err);
        bar_dataset_free(ds);
    }
}

/* The thank-you page shows the standing only as far as it is given. */
static void thanks_page(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_i18n_load(bar_i18n_default_dir(), &err), BAR_OK);
    static const struct {
        bar_lang lang;
        bar_standing st;
        const char *want[3], *not[2];
    } cases[] = {
        {BAR_LANG_EN,
         {.has_score = true, .score = 3.84, .has_all = true, .n_all = 1374,
          .below_all = 58.3, .has_sector = true, .n_sector = 41,
          .below_sector = 12.6},
         {"score is 3.8, on a scale from 1 to 5", "higher than 58% of the "
          "1,374 other", "sector it is higher than 13% of the 41 other"},
         {"Too few", NULL}},
        {BAR_LANG_NL,
         {.has_score = true, .score = 3.84, .has_all = true, .n_all = 6,
          .below_all = 50, .n_sector = 2},
         {"innovatieklimaat is 3,8", "hoger dan 50% van de 6 andere", NULL},
         {"In uw eigen sector", NULL}},
        {BAR_LANG_EN, {.has_score = true, .score = 2, .n_all = 3},
         {"score is 2.0", "Too few other organisations", NULL},
         {"higher than", NULL}},
        {BAR_LANG_EN, {0}, {"Thank you", NULL, NULL},
         {"innovation-climate", NULL}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_buf b;
        bar_buf_init(&b, 1 << 20);
        bar_page_ctx ctx = {.ins = ins, .survey = survey,
                            .lang = cases[i].lang, .base = "/s/x"};
        assert_int_equal(bar_page_thanks(&b, &ctx, &cases[i].st), BAR_OK);
        for (size_t k = 0; k < 3 && cases[i].want[k]; k++)
            if (!strstr(b.data, cases[i].want[k]))
                fail_msg("case %zu: no '%s' in\n%s", i, cases[i].want[k],
                         b.data);
        for (size_t k = 0; k < 2 && cases[i].not[k]; k++)
            if (strstr(b.data, cases[i].not[k]))
                fail_msg("case %zu: '%s' in\n%s", i, cases[i].not[k],
                         b.data);
        bar_buf_clear(&b);
    }
    bar_i18n_unload();
    bar_error_clear(&err);
}

/* The retry page of a 503: its words in both languages, the link back
 * to the personal link only when there is one. */
static void unavailable_page(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_i18n_load(bar_i18n_default_dir(), &err), BAR_OK);
    static const struct {
        bar_lang lang;
        const char *base;
        const char *want[3], *not;
    } cases[] = {
        {BAR_LANG_NL, "/s/abc",
         {"Een ogenblik geduld", "niet opgeslagen",
          "<a href=\"/s/abc?lang=nl\">Opnieuw proberen</a>"}, NULL},
        {BAR_LANG_EN, "/s/abc",
         {"One moment, please", "was not saved",
          "<a href=\"/s/abc?lang=en\">Try again</a>"}, NULL},
        {BAR_LANG_EN, NULL, {"One moment, please", NULL, NULL},
         "Try again"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_buf b;
        bar_buf_init(&b, 1 << 20);
        bar_page_ctx ctx = {.ins = ins, .survey = survey,
                            .lang = cases[i].lang, .base = cases[i].base};
        assert_int_equal(bar_page_message(&b, &ctx, BAR_PAGE_UNAVAILABLE),
                         BAR_OK);
        for (size_t k = 0; k < 3 && cases[i].want[k]; k++)
            if (!strstr(b.data, cases[i].want[k]))
                fail_msg("case %zu: no '%s' in\n%s", i, cases[i].want[k],
                         b.data);
        if (cases[i].not && strstr(b.data, cases[i].not))
            fail_msg("case %zu: '%s' in\n%s", i, cases[i].not, b.data);
        bar_buf_clear(&b);
    }
    bar_i18n_unload();
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(form_parse),
        cmocka_unit_test(form_caps),
        cmocka_unit_test(pages),
        cmocka_unit_test(routing),
        cmocka_unit_test(validation),
        cmocka_unit_test(read_replaces),
        cmocka_unit_test(draft_json),
        cmocka_unit_test(store_drafts),
        cmocka_unit_test(submit_all_or_nothing),
        cmocka_unit_test(group_commit),
        cmocka_unit_test(group_batched),
        cmocka_unit_test(standing),
        cmocka_unit_test(thanks_page),
        cmocka_unit_test(unavailable_page),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    /* the cases on a store, again on PostgreSQL */
    const char *uri = getenv("BAR_TEST_PG_URI");
    if (uri && *uri) {
        const struct CMUnitTest on_pg[] = {
            cmocka_unit_test(store_drafts),
            cmocka_unit_test(submit_all_or_nothing),
            cmocka_unit_test(group_commit),
            cmocka_unit_test(group_batched),
            cmocka_unit_test(group_batch_refused),
            cmocka_unit_test(same_orgs),
            cmocka_unit_test(simulated_once),
            cmocka_unit_test(lost_connection),
        };
        pg_base = uri;
        failed += cmocka_run_group_tests_name("the store on PostgreSQL",
                                              on_pg, setup, teardown);
    }
    return failed;
}
