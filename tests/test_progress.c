/* test_progress.c - the progress callbacks of long work (core/progress.h):
 * the sequence of calls the responses reader, the store's write and load,
 * the analysis and the report make, and that a zero bar_progress makes none. What the command line
 * draws from them on a terminal, and that it draws nothing otherwise, is
 * tests/cli/progress.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "analysis/analysis.h"
#include "analysis/derive.h"
#include "analysis/spec.h"
#include "core/buf.h"
#include "core/progress.h"
#include "dataset/dataset_csv.h"
#include "instrument/instrument.h"
#include "render/report_html.h"
#include "simulate/simulate.h"
#include "store/store.h"
#include "wave/study.h"

enum { MAX_CALLS = 1024 };

/* Every call the callback got. */
typedef struct record {
    size_t n;
    const char *what[MAX_CALLS];
    size_t done[MAX_CALLS];
    size_t total[MAX_CALLS];
} record;

static void remember(void *ctx, const char *what, size_t done, size_t total)
{
    record *r = ctx;
    if (r->n < MAX_CALLS) {
        r->what[r->n] = what;
        r->done[r->n] = done;
        r->total[r->n] = total;
    }
    r->n++;
}

/* One stage what, total fixed, done never decreasing, the last at
 * done == total. */
static void check_sequence(const record *r, const char *what, size_t total)
{
    assert_true(r->n > 0 && r->n <= MAX_CALLS);
    for (size_t i = 0; i < r->n; i++) {
        assert_string_equal(r->what[i], what);
        assert_int_equal(r->total[i], total);
        assert_true(r->done[i] <= total);
        if (i > 0)
            assert_true(r->done[i] >= r->done[i - 1]);
    }
    assert_int_equal(r->done[r->n - 1], total);
}

static bar_instrument *ins;

static int setup(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_instrument_load(
        BAR_DATA_DIR "/instrument/ibo-2021.json", &ins, &err);
    bar_error_clear(&err);
    return rc == BAR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bar_instrument_free(ins);
    return 0;
}

/* 10,000 simulated rows: reports at data rows 1, 4097 and 8193 (every
 * 4096), then the end; total is the file's lines (header included). */
static void test_reader(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    char path[] = "/tmp/bar_test_progress_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    assert_non_null(f);
    bar_sim_opts so = {.cases = 10000, .seed = 7};
    assert_int_equal(bar_simulate_write_csv(ins, &so, f, &err), BAR_OK);
    assert_int_equal(fclose(f), 0);

    record r = {0};
    bar_progress p = {.fn = remember, .ctx = &r};
    bar_dataset *ds = NULL;
    bar_status rc = bar_dataset_read_csv_progress(path, ins, &p, &ds, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    assert_int_equal(bar_dataset_nrows(ds), 10000);
    check_sequence(&r, "lines read", 10001);
    assert_int_equal(r.n, 4);
    assert_int_equal(r.done[0], 1);
    assert_int_equal(r.done[1], 4097);
    assert_int_equal(r.done[2], 8193);
    bar_dataset_free(ds);

    /* a zero bar_progress and the plain reader: nothing to call */
    bar_progress none = {0};
    assert_int_equal(bar_dataset_read_csv_progress(path, ins, &none, &ds,
                                                   &err), BAR_OK);
    bar_dataset_free(ds);
    assert_int_equal(bar_dataset_read_csv_progress(path, ins, NULL, &ds,
                                                   &err), BAR_OK);
    bar_dataset_free(ds);
    assert_int_equal(r.n, 4);
    unlink(path);
    bar_error_clear(&err);
}

/* The store: 10,000 responses written ("responses stored") and loaded
 * ("responses loaded"), reported every 4096 rows and at the end, with the
 * rows in all as total; a store without a callback reports nothing. */
static void test_store(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    char path[] = "/tmp/bar_test_progress_store_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    unlink(path);
    bar_dataset *ds = NULL, *back = NULL;
    bar_store *st = NULL;
    bar_sim_opts so = {.cases = 10000, .seed = 11};
    assert_int_equal(bar_simulate_responses(ins, &so, &ds, &err), BAR_OK);
    assert_int_equal(bar_store_open(path, BAR_STORE_CREATE, &st, &err),
                     BAR_OK);
    assert_int_equal(bar_store_wave_add(st, 2021, ins, &err), BAR_OK);

    static const struct {
        const char *what;
        size_t done[3];
    } cases[] = {
        {"responses stored", {4096, 8192, 10000}},
        {"responses loaded", {4096, 8192, 10000}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        record r = {0};
        bar_progress p = {.fn = remember, .ctx = &r};
        bar_store_set_progress(st, &p);
        bar_status rc = c == 0 ? bar_store_responses_import(st, 2021, ds,
                                                            false, &err)
                               : bar_store_responses_load(st, 2021, ins,
                                                          &back, &err);
        if (rc != BAR_OK)
            print_error("%s: %s\n", cases[c].what, err.msg);
        assert_int_equal(rc, BAR_OK);
        check_sequence(&r, cases[c].what, 10000);
        assert_int_equal(r.n, 3);
        for (size_t i = 0; i < 3; i++)
            assert_int_equal(r.done[i], cases[c].done[i]);
        /* no callback: the same work, nothing told */
        bar_store_set_progress(st, NULL);
        bar_dataset_free(back);
        back = NULL;
        rc = c == 0 ? bar_store_responses_import(st, 2021, ds, true, &err)
                    : bar_store_responses_load(st, 2021, ins, &back, &err);
        assert_int_equal(rc, BAR_OK);
        assert_int_equal(r.n, 3);
    }
    assert_int_equal(bar_dataset_nrows(back), 10000);
    bar_dataset_free(back);
    bar_store_close(st);
    bar_dataset_free(ds);
    unlink(path);
    bar_error_clear(&err);
}

/* The analysis reports once per entry of the spec (scales first, so the
 * order is not the spec's, but the count goes 1, 2, ... n), and the
 * report once per figure it writes. */
static void test_analysis_and_report(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_dataset *ds = NULL;
    bar_spec *spec = NULL;
    json_t *doc = NULL;
    bar_buf html;
    bar_buf_init(&html, 64u << 20);
    bar_sim_opts so = {.cases = 366, .seed = 2021};
    assert_int_equal(bar_simulate_responses(ins, &so, &ds, &err), BAR_OK);
    assert_int_equal(bar_spec_load(BAR_DATA_DIR "/report/ibo-2021.json", ins,
                                   &spec, &err), BAR_OK);
    assert_int_equal(bar_derive_compute(ds, spec, NULL, &err), BAR_OK);
    size_t n = bar_spec_count(spec);
    assert_true(n > 10);

    record r = {0};
    bar_analysis_opts opts = {.progress = {.fn = remember, .ctx = &r}};
    bar_status rc = bar_analysis_run(ds, spec, NULL, NULL, &opts, &doc, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    check_sequence(&r, "figures computed", n);
    assert_int_equal(r.n, n);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(r.done[i], i + 1);

    bar_study *study = NULL;
    assert_int_equal(bar_study_load(BAR_DATA_DIR "/study/ibo-2021.json",
                                    &study, &err), BAR_OK);
    record w = {0};
    bar_report_options ro = {.lang = BAR_LANG_NL, .ins = ins,
                             .study = study, .spec = spec,
                             .progress = {.fn = remember, .ctx = &w}};
    rc = bar_report_html(doc, &ro, &html, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    size_t nfigs = json_array_size(json_object_get(doc, "figures"));
    check_sequence(&w, "figures written", nfigs);
    assert_int_equal(w.n, nfigs);

    /* the same page without a callback */
    bar_buf plain;
    bar_buf_init(&plain, 64u << 20);
    ro.progress = (bar_progress){0};
    assert_int_equal(bar_report_html(doc, &ro, &plain, &err), BAR_OK);
    assert_int_equal(plain.len, html.len);
    assert_memory_equal(plain.data, html.data, html.len);
    bar_buf_clear(&plain);

    bar_buf_clear(&html);
    bar_study_free(study);
    json_decref(doc);
    bar_spec_free(spec);
    bar_dataset_free(ds);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reader),
        cmocka_unit_test(test_store),
        cmocka_unit_test(test_analysis_and_report),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
