/* test_admin.c - the research team's pages without HTTP: session ids,
 * their cookies and CSRF tokens, expiry, the sessions in the
 * store, and the fieldwork monitor's counts and R-indicator on a fixture,
 * as tables. The store cases run again on PostgreSQL when BAR_TEST_PG_URI
 * is set (tests/cli/store_pg.sh). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "dataset/dataset_csv.h"
#include "field/monitor.h"
#include "store/store.h"
#include "web/session.h"
#include "pg_test.h"

#define INSTRUMENT BAR_DATA_DIR "/instrument/ibo-2021.json"

static bar_instrument *ins;

static int setup(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    if (bar_instrument_load(INSTRUMENT, &ins, &err) != BAR_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return -1;
    }
    bar_error_clear(&err);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    bar_instrument_free(ins);
    return 0;
}

static void session_ids(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    char id[BAR_SESSION_CHARS + 1], id2[BAR_SESSION_CHARS + 1];
    uint8_t h[BAR_SESSION_HASH_BYTES], h2[BAR_SESSION_HASH_BYTES];
    assert_int_equal(bar_session_new(id, h, &err), BAR_OK);
    assert_int_equal(strlen(id), BAR_SESSION_CHARS);
    assert_int_equal(bar_session_hash(id, h2, &err), BAR_OK);
    assert_memory_equal(h, h2, sizeof h);
    assert_int_equal(bar_session_new(id2, h2, &err), BAR_OK);
    assert_string_not_equal(id, id2);
    assert_memory_not_equal(h, h2, sizeof h);
    static const struct {
        const char *id;
        bar_status want;
    } cases[] = {
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", BAR_OK},
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE", BAR_OK},
        /* the last character carries 4 bits: the low 2 must be zero */
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", BAR_EINVALID},
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", BAR_EINVALID},
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", BAR_EINVALID},
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", BAR_EINVALID},
        {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", BAR_EINVALID},
        {"", BAR_EINVALID},
        {NULL, BAR_EINVALID},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (bar_session_hash(cases[i].id, h, &err) != cases[i].want)
            fail_msg("case %zu: '%s'", i, cases[i].id ? cases[i].id : "-");
    bar_error_clear(&err);
}

static void csrf(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    char a[BAR_SESSION_CHARS + 1], b[BAR_SESSION_CHARS + 1];
    uint8_t h[BAR_SESSION_HASH_BYTES];
    assert_int_equal(bar_session_new(a, h, &err), BAR_OK);
    assert_int_equal(bar_session_new(b, h, &err), BAR_OK);
    char ta[BAR_SESSION_CSRF_CHARS + 1], tb[BAR_SESSION_CSRF_CHARS + 1],
        again[BAR_SESSION_CSRF_CHARS + 1];
    bar_session_csrf(a, ta);
    bar_session_csrf(b, tb);
    bar_session_csrf(a, again);
    assert_int_equal(strlen(ta), BAR_SESSION_CSRF_CHARS);
    assert_string_equal(ta, again);      /* tied to the session */
    assert_string_not_equal(ta, tb);
    assert_string_not_equal(ta, a);      /* not the id itself */
    char cut[BAR_SESSION_CSRF_CHARS + 1];
    snprintf(cut, sizeof cut, "%s", ta);
    cut[BAR_SESSION_CSRF_CHARS - 1] = '\0';
    char longer[BAR_SESSION_CSRF_CHARS + 2];
    snprintf(longer, sizeof longer, "%sA", ta);
    char flipped[BAR_SESSION_CSRF_CHARS + 1];
    snprintf(flipped, sizeof flipped, "%s", ta);
    flipped[0] = flipped[0] == 'A' ? 'B' : 'A';
    const struct {
        const char *id, *given;
        bool want;
    } cases[] = {
        {a, ta, true},  {b, tb, true},     {a, tb, false},
        {b, ta, false}, {a, NULL, false},  {a, "", false},
        {a, cut, false}, {a, longer, false}, {a, flipped, false},
        {"not an id", ta, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (bar_session_csrf_ok(cases[i].id, cases[i].given) !=
            cases[i].want)
            fail_msg("case %zu", i);
    bar_error_clear(&err);
}

static void cookies(void **state)
{
    (void)state;
    static const struct {
        const char *header;
        size_t size;
        bool found;
        const char *value;
    } cases[] = {
        {"__Secure-bar_admin=abc", 64, true, "abc"},
        {"a=1; __Secure-bar_admin=abc; b=2", 64, true, "abc"},
        {"a=1;__Secure-bar_admin=abc", 64, true, "abc"},
        {"__Secure-bar_admin=\"abc\"", 64, true, "abc"},
        {"__Secure-bar_admin=abc ; x=y", 64, true, "abc"},
        {"__Secure-bar_admin=", 64, true, ""},
        {"__Secure-bar_admin=first; __Secure-bar_admin=second", 64, true,
         "first"},
        {"x__Secure-bar_admin=abc", 64, false, ""},
        {"__Secure-bar_adminx=abc", 64, false, ""},
        {"__Secure-bar_admin", 64, false, ""},
        {"bar_admin=abc", 64, false, ""},
        {"", 64, false, ""},
        {NULL, 64, false, ""},
        {"__Secure-bar_admin=abcdef", 4, false, ""},   /* too long */
        {"__Secure-bar_admin=abc", 4, true, "abc"},
        {";;;", 64, false, ""},
        {"a=b=c; __Secure-bar_admin=v=w", 64, true, "v=w"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64] = "junk";
        bool found = bar_session_cookie(cases[i].header, BAR_SESSION_COOKIE,
                                        out, cases[i].size);
        if (found != cases[i].found ||
            (found && strcmp(out, cases[i].value) != 0))
            fail_msg("case %zu: found %d '%s'", i, found, out);
    }
    /* an over-long header is not looked at */
    size_t n = BAR_SESSION_COOKIE_MAX + 10;
    char *big = malloc(n + 1);
    assert_non_null(big);
    memset(big, 'x', n);
    memcpy(big, "__Secure-bar_admin=a;", 21);
    big[n] = '\0';
    char out[64];
    assert_false(bar_session_cookie(big, BAR_SESSION_COOKIE, out,
                                    sizeof out));
    free(big);
    char sc[BAR_SESSION_SET_COOKIE_MAX];
    bar_session_set_cookie(BAR_SESSION_COOKIE, "abc", sc);
    assert_string_equal(sc, "__Secure-bar_admin=abc; Path=/admin; HttpOnly; "
                            "Secure; SameSite=Strict");
    bar_session_set_cookie(BAR_SESSION_COOKIE, NULL, sc);
    assert_non_null(strstr(sc, "Max-Age=0"));
}

static void expiry(void **state)
{
    (void)state;
    static const struct {
        long long created, seen, now;
        bool want;
    } cases[] = {
        /* idle 60, absolute 600 */
        {1000, 1000, 1000, false},
        {1000, 1000, 1059, false},
        {1000, 1000, 1060, true},     /* idle */
        {1000, 1500, 1559, false},
        {1000, 1590, 1599, false},
        {1000, 1590, 1600, true},     /* absolute */
        {1000, 999, 1000, true},      /* seen before created */
        {1000, 1100, 1050, true},     /* the clock went back */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (bar_session_expired(cases[i].created, cases[i].seen,
                                cases[i].now, 60, 600) != cases[i].want)
            fail_msg("case %zu", i);
}

/* ---- the store and the monitor ---- */

/* The PostgreSQL database the store cases make theirs from
 * (BAR_TEST_PG_URI, pg_test.h); NULL: they run on SQLite. */
static const char *pg_base;

typedef struct fixture {
    char dir[64], db[256], frame[96], resp[96];
    char pg_name[64];
} fixture;

/* Nine organisations: gem 3 of 4 completed, ws 1 of 2, rijk 1 of 3;
 * tokens for o1-o6, a draft for o2. */
static bar_store *make_store(fixture *fx)
{
    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    snprintf(fx->dir, sizeof fx->dir, "/tmp/bar-admin-XXXXXX");
    assert_non_null(mkdtemp(fx->dir));
    snprintf(fx->db, sizeof fx->db, "%s/s.db", fx->dir);
    if (pg_base)
        pg_test_create(pg_base, fx->pg_name, fx->db, sizeof fx->db);
    snprintf(fx->frame, sizeof fx->frame, "%s/frame.csv", fx->dir);
    snprintf(fx->resp, sizeof fx->resp, "%s/r.csv", fx->dir);
    FILE *f = fopen(fx->frame, "w");
    assert_non_null(f);
    fputs("org_id,name,sector,cluster,email\n"
          "o1,A,gem,gemeente,a@a.nl\no2,B,rijk,rijk_beleid,b@b.nl\n"
          "o3,C,ws,water,c@c.nl\no4,D,gem,gemeente,d@d.nl\n"
          "o5,E,gem,gemeente,e@e.nl\no6,F,rijk,rijk_beleid,f@f.nl\n"
          "o7,G,rijk,rijk_beleid,g@g.nl\no8,H,gem,gemeente,h@h.nl\n"
          "o9,I,ws,water,i@i.nl\n", f);
    fclose(f);
    f = fopen(fx->resp, "w");
    assert_non_null(f);
    fputs("org_id,sector,cluster,innovated,description\n"
          "o1,gem,gemeente,1,Een app\no3,ws,water,0,\n"
          "o4,gem,gemeente,0,\no5,gem,gemeente,0,\n"
          "o6,rijk,rijk_beleid,1,Een portaal\n", f);
    fclose(f);
    size_t n = 0;
    bar_dataset *ds = NULL;
    assert_int_equal(bar_store_open(fx->db, BAR_STORE_CREATE, &st, &err),
                     BAR_OK);
    assert_int_equal(bar_store_wave_add(st, 2021, ins, &err), BAR_OK);
    assert_int_equal(bar_store_frame_import(st, 2021, ins, fx->frame, &n,
                                            &err), BAR_OK);
    assert_int_equal(bar_dataset_read_csv(fx->resp, ins, &ds, &err), BAR_OK);
    assert_int_equal(bar_store_responses_import(st, 2021, ds, false, &err),
                     BAR_OK);
    bar_dataset_free(ds);
    for (int i = 1; i <= 6; i++) {
        uint8_t h[32];
        memset(h, i, sizeof h);
        char org[8];
        snprintf(org, sizeof org, "o%d", i);
        assert_int_equal(bar_store_token_add(st, 2021, org, h, &err),
                         BAR_OK);
    }
    assert_int_equal(bar_store_draft_put(st, 2021, "o2", "{}", "nl", &err),
                     BAR_OK);
    bar_error_clear(&err);
    return st;
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
    unlink(fx->resp);
    rmdir(fx->dir);
    if (pg_base)
        pg_test_drop(pg_base, fx->pg_name);
}

static size_t code_of(const char *var, const char *code)
{
    const bar_variable *v =
        bar_instrument_var(ins, (size_t)bar_instrument_find(ins, var));
    long k = bar_var_code_find(v, code);
    assert_true(k >= 0);
    return (size_t)k;
}

static void monitor_counts(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = make_store(&fx);
    bar_error err;
    bar_error_init(&err);
    bar_monitor m;
    assert_int_equal(bar_monitor_compute(st, 2021, ins, &m, &err), BAR_OK);
    static const struct {
        const char *var, *code;
        bar_monitor_count want;
    } rows[] = {
        {"sector", "gem", {4, 3, 0, 3}},
        {"sector", "ws", {2, 1, 0, 1}},
        {"sector", "rijk", {3, 2, 1, 1}},
        {"sector", "prov", {0, 0, 0, 0}},
        {"cluster", "gemeente", {4, 3, 0, 3}},
        {"cluster", "water", {2, 1, 0, 1}},
        {"cluster", "rijk_beleid", {3, 2, 1, 1}},
        {NULL, NULL, {9, 6, 1, 5}},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const bar_monitor_count *c =
            !rows[i].var ? &m.total
            : strcmp(rows[i].var, "sector") == 0
                ? &m.sector[code_of("sector", rows[i].code)]
                : &m.cluster[code_of("cluster", rows[i].code)];
        if (c->frame != rows[i].want.frame ||
            c->invited != rows[i].want.invited ||
            c->started != rows[i].want.started ||
            c->completed != rows[i].want.completed)
            fail_msg("row %zu: %zu %zu %zu %zu", i, c->frame, c->invited,
                     c->started, c->completed);
    }
    /* all five completed today */
    assert_int_equal(m.ndays, 1);
    assert_int_equal(m.per_day[0], 5);
    /* propensities are the sector rates (cluster is nested in sector):
     * 3/4 (4 units), 1/2 (2), 1/3 (3); mean 5/9; S^2 = (396/1296)/8 */
    assert_int_equal(m.ri_status, BAR_OK);
    double s = sqrt(396.0 / 1296.0 / 8.0);
    assert_true(fabs(m.ri.r - (1 - 2 * s)) < 1e-6);
    assert_true(fabs(m.ri.mean - 5.0 / 9.0) < 1e-6);
    /* remind first: central government (P_U -sqrt(3/9) 2/9), then water */
    assert_true(m.ri.nremind >= 2);
    assert_int_equal(m.ri.remind[0].var, 0);
    assert_int_equal(m.ri.remind[0].cat, code_of("sector", "rijk"));
    assert_true(fabs(m.ri.vars[0].cats[code_of("sector", "rijk")].pu +
                     sqrt(3.0 / 9.0) * 2.0 / 9.0) < 1e-6);
    bar_monitor_clear(&m);
    bar_monitor_clear(NULL);
    bar_store_close(st);
    remove_store(&fx);
    bar_error_clear(&err);
}

static void monitor_degenerate(void **state)
{
    (void)state;
    fixture fx;
    bar_error err;
    bar_error_init(&err);
    /* a frame without responses: no response yet */
    snprintf(fx.dir, sizeof fx.dir, "/tmp/bar-admin-XXXXXX");
    assert_non_null(mkdtemp(fx.dir));
    snprintf(fx.db, sizeof fx.db, "%s/s.db", fx.dir);
    if (pg_base)
        pg_test_create(pg_base, fx.pg_name, fx.db, sizeof fx.db);
    snprintf(fx.frame, sizeof fx.frame, "%s/frame.csv", fx.dir);
    snprintf(fx.resp, sizeof fx.resp, "%s/r.csv", fx.dir);
    FILE *f = fopen(fx.frame, "w");
    assert_non_null(f);
    fputs("org_id,name,sector,cluster,email\n"
          "o1,A,gem,gemeente,a@a.nl\no2,B,rijk,rijk_beleid,b@b.nl\n", f);
    fclose(f);
    bar_store *st = NULL;
    size_t n = 0;
    assert_int_equal(bar_store_open(fx.db, BAR_STORE_CREATE, &st, &err),
                     BAR_OK);
    assert_int_equal(bar_store_wave_add(st, 2021, ins, &err), BAR_OK);
    bar_monitor m;
    /* no frame at all */
    assert_int_equal(bar_monitor_compute(st, 2021, ins, &m, &err), BAR_OK);
    assert_int_equal(m.total.frame, 0);
    assert_int_not_equal(m.ri_status, BAR_OK);
    bar_monitor_clear(&m);
    assert_int_equal(bar_store_frame_import(st, 2021, ins, fx.frame, &n,
                                            &err), BAR_OK);
    assert_int_equal(bar_monitor_compute(st, 2021, ins, &m, &err), BAR_OK);
    assert_int_equal(m.total.frame, 2);
    assert_int_equal(m.ndays, 0);
    assert_int_equal(m.ri.problem, BAR_RINDICATOR_NO_RESPONSE);
    bar_monitor_clear(&m);
    bar_store_close(st);
    remove_store(&fx);
    bar_error_clear(&err);
}

static void store_sessions(void **state)
{
    (void)state;
    fixture fx;
    bar_store *st = make_store(&fx);
    bar_error err;
    bar_error_init(&err);
    uint8_t a[32], b[32], c[32];
    memset(a, 1, 32);
    memset(b, 2, 32);
    memset(c, 3, 32);
    bar_store_session s;
    assert_int_equal(bar_store_session_add(st, a, "anna", 1000, 0, 0, &err),
                     BAR_OK);
    assert_int_equal(bar_store_session_add(st, a, "anna", 1000, 0, 0, &err),
                     BAR_EINVALID);
    assert_int_equal(bar_store_session_add(st, b, "bob", 1100, 0, 0, &err),
                     BAR_OK);
    assert_int_equal(bar_store_session_find(st, a, &s, &err), BAR_OK);
    assert_true(s.found);
    assert_string_equal(s.account, "anna");
    assert_true(s.created_at == 1000 && s.seen_at == 1000);
    assert_int_equal(bar_store_session_touch(st, a, 1500, &err), BAR_OK);
    assert_int_equal(bar_store_session_find(st, a, &s, &err), BAR_OK);
    assert_true(s.created_at == 1000 && s.seen_at == 1500);
    /* a new login drops the sessions idle since before 1200 (bob) */
    assert_int_equal(bar_store_session_add(st, c, "carl", 1600, 1200, 0,
                                           &err), BAR_OK);
    assert_int_equal(bar_store_session_find(st, b, &s, &err), BAR_OK);
    assert_false(s.found);
    assert_int_equal(bar_store_session_remove(st, a, &err), BAR_OK);
    assert_int_equal(bar_store_session_find(st, a, &s, &err), BAR_OK);
    assert_false(s.found);
    assert_int_equal(bar_store_session_remove(st, a, &err), BAR_OK);
    assert_int_equal(bar_store_session_find(st, c, &s, &err), BAR_OK);
    assert_true(s.found);
    bar_store_close(st);
    remove_store(&fx);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(session_ids),
        cmocka_unit_test(csrf),
        cmocka_unit_test(cookies),
        cmocka_unit_test(expiry),
        cmocka_unit_test(monitor_counts),
        cmocka_unit_test(monitor_degenerate),
        cmocka_unit_test(store_sessions),
    };
    int failed = cmocka_run_group_tests(tests, setup, teardown);
    /* the cases on a store, again on PostgreSQL */
    const char *uri = getenv("BAR_TEST_PG_URI");
    if (uri && *uri) {
        const struct CMUnitTest on_pg[] = {
            cmocka_unit_test(monitor_counts),
            cmocka_unit_test(monitor_degenerate),
            cmocka_unit_test(store_sessions),
            };
        pg_base = uri;
        failed += cmocka_run_group_tests_name("the store on PostgreSQL",
                                              on_pg, setup, teardown);
    }
    return failed;
}
