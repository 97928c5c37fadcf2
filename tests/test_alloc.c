/* test_alloc.c - allocation failure injection over import, analyze and
 * report (docs/internals/testing.md, "Allocation failures").
 *
 * This binary is linked with -Wl,--wrap=malloc,...,--wrap=free (see
 * CMakeLists.txt), so every allocation the library (libbarcore.a) makes
 * goes through the __wrap_* functions below; jansson's go there too
 * (json_set_alloc_funcs) and SQLite's (SQLITE_CONFIG_MALLOC). The
 * wrappers count the allocations, fail the Nth when asked, and keep the
 * set of live blocks, so that a run can be checked to leave nothing
 * behind. GSL's own allocations and those libc makes inside its functions
 * (realpath, open_memstream) are not counted; LSan sees them in the
 * sanitizer build.
 *
 * The pipeline is cut into phases (a table below); each phase first runs
 * clean, which counts its allocations K and records what it produced,
 * then runs again for N = 1..K (every stride-th N when K is large),
 * failing the Nth allocation. Every run must return an error, or succeed
 * with the same output as the clean run (the failed allocation was
 * optional: SQLite's caches, for example), never crash, and leave as many
 * blocks live as before it.
 *
 * Environment:
 *   BAR_ALLOC_RUNS=M       about M runs per phase (default 120); stride
 *                          ceil(K / M); BAR_ALLOC_RUNS=0: every N (the
 *                          full sweep)
 *   BAR_ALLOC_FAIL=PHASE:N only fail allocation N of PHASE, print what
 *                          happened (for a debugger or a sanitizer trace;
 *                          `break alloc_failing` stops at the failure)
 *   BAR_ALLOC_FAIL=PHASE:A-B  every N from A to B of PHASE only
 *   BAR_ALLOC_WHERE=1      print the stack of the failed allocation of
 *                          every run that leaked or changed the output
 *                          (binary(+offset) lines for addr2line)
 *
 * Fixture: tests/data/alloc/responses-40.csv and frame-40.csv, written by
 * `barometer simulate --cases 40 --seed 9 --frame frame-40.csv`.
 */
#include <errno.h>
#include <execinfo.h>
#include <math.h>
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
#include <jansson.h>
#include <sqlite3.h>

#include "analysis/analysis.h"
#include "analysis/benchmark.h"
#include "analysis/derive.h"
#include "analysis/spec.h"
#include "core/buf.h"
#include "dataset/dataset_csv.h"
#include "wave/study.h"
#include "core/i18n.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"
#include "render/report_html.h"
#include "render/table.h"
#include "store/store.h"

/* ---- the counting allocator ---- */

void *__real_malloc(size_t n);
void *__real_calloc(size_t m, size_t n);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t m, size_t n);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void __wrap_free(void *p);

static unsigned long alloc_count; /* allocations since the counter reset */
static unsigned long fail_at;     /* fail allocation number fail_at; 0 none */
static bool failed;               /* fail_at was reached */

/* Live blocks: open addressing on the pointer, with its size (SQLite asks
 * for it). Its own memory comes from __real_malloc. */
typedef struct live_slot {
    uintptr_t p; /* 0: empty */
    size_t size;
    unsigned long run, seq; /* the run and allocation number that made it */
} live_slot;
static unsigned long run_no; /* runs so far */
static live_slot *live;
static size_t live_cap, live_n;

static size_t slot_of(uintptr_t p, size_t cap)
{
    uint64_t h = (uint64_t)p * 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 20) & (cap - 1);
}

static void live_put_at(void *ptr, size_t size, unsigned long run,
                        unsigned long seq);

static void live_grow(void)
{
    size_t old_cap = live_cap;
    live_slot *old = live;
    live_cap = old_cap ? 2 * old_cap : 1u << 16;
    live = __real_calloc(live_cap, sizeof *live);
    if (!live) {
        fputs("test_alloc: out of memory for the live table\n", stderr);
        abort();
    }
    live_n = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].p)
            live_put_at((void *)old[i].p, old[i].size, old[i].run,
                        old[i].seq);
    __real_free(old);
}

static void live_put_at(void *ptr, size_t size, unsigned long run,
                        unsigned long seq)
{
    if (2 * (live_n + 1) > live_cap)
        live_grow();
    size_t i = slot_of((uintptr_t)ptr, live_cap);
    while (live[i].p)
        i = (i + 1) & (live_cap - 1);
    live[i] = (live_slot){(uintptr_t)ptr, size, run, seq};
    live_n++;
}

static void live_put(void *ptr, size_t size)
{
    live_put_at(ptr, size, run_no, alloc_count);
}

static live_slot *live_find(const void *ptr)
{
    if (!live_cap || !ptr)
        return NULL;
    size_t i = slot_of((uintptr_t)ptr, live_cap);
    while (live[i].p) {
        if (live[i].p == (uintptr_t)ptr)
            return &live[i];
        i = (i + 1) & (live_cap - 1);
    }
    return NULL;
}

/* Remove a slot, shifting back the ones after it (linear probing). */
static void live_remove(live_slot *s)
{
    size_t i = (size_t)(s - live);
    live[i].p = 0;
    live_n--;
    for (size_t j = (i + 1) & (live_cap - 1); live[j].p;
         j = (j + 1) & (live_cap - 1)) {
        size_t home = slot_of(live[j].p, live_cap);
        /* move j back to i when home is not cyclically in (i, j] */
        bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!stays) {
            live[i] = live[j];
            live[j].p = 0;
            i = j;
        }
    }
}

/* Called when the allocation to fail is reached: a place for a debugger's
 * breakpoint (`break alloc_failing`, then `bt`). */
__attribute__((noinline)) void alloc_failing(void);
static bool where;           /* BAR_ALLOC_WHERE: keep the failing stack */
static void *where_frames[24];
static int where_depth;

__attribute__((noinline)) void alloc_failing(void)
{
    failed = true;
    if (where)
        where_depth = backtrace(where_frames, 24);
    __asm__ volatile("" ::: "memory");
}

/* Whether this allocation is the one to fail. */
static bool fail_now(void)
{
    alloc_count++;
    if (fail_at && alloc_count == fail_at) {
        alloc_failing();
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t n)
{
    if (fail_now())
        return NULL;
    void *p = __real_malloc(n);
    if (p)
        live_put(p, n);
    return p;
}

void *__wrap_calloc(size_t m, size_t n)
{
    if (fail_now())
        return NULL;
    void *p = __real_calloc(m, n);
    if (p)
        live_put(p, m * n);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    live_slot *s = live_find(p);
    if (p && !s) /* libc's (getline, ...): not ours to count */
        return __real_realloc(p, n);
    if (fail_now())
        return NULL;
    void *q = __real_realloc(p, n);
    if (q || n == 0) {
        if (s)
            live_remove(s);
        if (q)
            live_put(q, n);
    }
    return q;
}

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = __wrap_malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

char *__wrap_strndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *d = __wrap_malloc(len + 1);
    if (d) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

void __wrap_free(void *p)
{
    live_slot *s = live_find(p);
    if (s)
        live_remove(s);
    __real_free(p);
}

/* SQLite's allocator: the same counting functions. */
static void *sq_malloc(int n)
{
    return n <= 0 ? NULL : __wrap_malloc((size_t)n);
}
static void sq_free(void *p)
{
    __wrap_free(p);
}
static void *sq_realloc(void *p, int n)
{
    return n <= 0 ? NULL : __wrap_realloc(p, (size_t)n);
}
static int sq_size(void *p)
{
    live_slot *s = live_find(p);
    return s ? (int)s->size : 0;
}
static int sq_roundup(int n)
{
    return (n + 7) & ~7;
}
static int sq_init(void *data)
{
    (void)data;
    return SQLITE_OK;
}
static void sq_shutdown(void *data)
{
    (void)data;
}

/* jansson 2.14's parser does not survive a failed allocation: the lexer
 * ignores a failed append to its saved text and then asserts
 * (lex_scan_string, load.c:442) or reads a wrong string. So a parse
 * counts as one allocation, which fails the parse as jansson reports it
 * (NULL, a message), and the parser's own allocations are never failed. */
json_t *__real_json_loadb(const char *buf, size_t len, size_t flags,
                          json_error_t *error);
json_t *__wrap_json_loadb(const char *buf, size_t len, size_t flags,
                          json_error_t *error);
json_t *__real_json_load_file(const char *path, size_t flags,
                              json_error_t *error);
json_t *__wrap_json_load_file(const char *path, size_t flags,
                              json_error_t *error);
static json_t *parse_failed(json_error_t *error)
{
    if (error)
        *error = (json_error_t){.line = -1, .column = -1, .position = 0,
                                .source = "<buffer>",
                                .text = "Out of memory"};
    return NULL;
}

json_t *__wrap_json_loadb(const char *buf, size_t len, size_t flags,
                          json_error_t *error)
{
    if (fail_now())
        return parse_failed(error);
    unsigned long saved = fail_at;
    fail_at = 0;
    json_t *doc = __real_json_loadb(buf, len, flags, error);
    fail_at = saved;
    return doc;
}

json_t *__wrap_json_load_file(const char *path, size_t flags,
                              json_error_t *error)
{
    if (fail_now())
        return parse_failed(error);
    unsigned long saved = fail_at;
    fail_at = 0;
    json_t *doc = __real_json_load_file(path, flags, error);
    fail_at = saved;
    return doc;
}

static void *json_malloc(size_t n)
{
    return __wrap_malloc(n);
}
static void json_free(void *p)
{
    __wrap_free(p);
}

/* ---- the pipeline, in phases ---- */

enum { WAVE = 2021 };

/* What the phases make and use. A phase's inputs come from the clean
 * runs of the phases before it. */
typedef struct pipeline {
    char store_path[64];
    /* phase "load" */
    bar_instrument *ins;
    bar_spec *spec;
    bar_benchmarks *bench;
    bar_study *study;
    /* phase "import": a store at store_path */
    /* phase "open": the wave from the store */
    bar_dataset *ds;
    size_t *counts;
    size_t ncounts;
    /* phase "analyze" */
    json_t *doc;
    /* phase "render" */
    bar_buf html;
    char *csv;
    size_t csv_len;
} pipeline;

static pipeline pl;

static bar_status phase_load(bar_error *err)
{
    bar_status rc = BAR_OK;
    if ((rc = bar_instrument_load(BAR_DATA_DIR "/instrument/ibo-2021.json",
                                  &pl.ins, err)) != BAR_OK ||
        (rc = bar_spec_load(BAR_DATA_DIR "/report/ibo-2021.json", pl.ins,
                            &pl.spec, err)) != BAR_OK ||
        (rc = bar_benchmarks_load(BAR_DATA_DIR
                                  "/benchmarks/nordic-2021.csv",
                                  &pl.bench, err)) != BAR_OK ||
        (rc = bar_benchmarks_load_labels(
             pl.bench, BAR_DATA_DIR "/benchmarks/nordic-2021-labels.csv",
             err)) != BAR_OK)
        return rc;
    return bar_study_load(BAR_DATA_DIR "/study/ibo-2021.json", &pl.study,
                          err);
}

static void clear_load(void)
{
    bar_study_free(pl.study);
    bar_benchmarks_free(pl.bench);
    bar_spec_free(pl.spec);
    bar_instrument_free(pl.ins);
    pl.study = NULL;
    pl.bench = NULL;
    pl.spec = NULL;
    pl.ins = NULL;
}

static bar_status phase_import(bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_dataset *ds = NULL;
    bar_store *st = NULL;
    size_t framed = 0;
    unlink(pl.store_path);
    if ((rc = bar_dataset_read_csv(BAR_TEST_DATA "/alloc/responses-40.csv",
                                   pl.ins, &ds, err)) != BAR_OK ||
        (rc = bar_store_open(pl.store_path, BAR_STORE_CREATE, &st, err)) !=
            BAR_OK ||
        (rc = bar_store_wave_add(st, WAVE, pl.ins, err)) != BAR_OK ||
        (rc = bar_store_frame_import(st, WAVE, pl.ins,
                                     BAR_TEST_DATA "/alloc/frame-40.csv",
                                     &framed, err)) != BAR_OK ||
        (rc = bar_store_responses_import(st, WAVE, ds, false, err)) !=
            BAR_OK)
        goto cleanup;
    if (framed != 150)
        rc = bar_error_set(err, BAR_EINVALID, "framed %zu", framed);
cleanup:
    bar_store_close(st);
    bar_dataset_free(ds);
    return rc;
}

static void clear_import(void)
{
}

static bar_status phase_open(bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_store *st = NULL;
    size_t total = 0;
    const bar_variable *sector = bar_instrument_var(
        pl.ins, (size_t)bar_instrument_find(pl.ins, "sector"));
    pl.ncounts = bar_var_ncodes(sector);
    pl.counts = calloc(pl.ncounts, sizeof *pl.counts);
    if (!pl.counts) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    if ((rc = bar_store_open(pl.store_path, BAR_STORE_EXISTING, &st, err)) !=
            BAR_OK ||
        (rc = bar_store_responses_load(st, WAVE, pl.ins, &pl.ds, err)) !=
            BAR_OK ||
        (rc = bar_store_frame_by_sector(st, WAVE, pl.ins, pl.counts, &total,
                                        err)) != BAR_OK)
        goto cleanup;
    if (total != 150 || bar_dataset_nrows(pl.ds) != 40)
        rc = bar_error_set(err, BAR_EINVALID, "frame %zu, rows %zu", total,
                           bar_dataset_nrows(pl.ds));
cleanup:
    bar_store_close(st);
    return rc;
}

static void clear_open(void)
{
    bar_dataset_free(pl.ds);
    free(pl.counts);
    pl.ds = NULL;
    pl.counts = NULL;
}

static bar_status phase_analyze(bar_error *err)
{
    bar_status rc = bar_derive_compute(pl.ds, pl.spec, NULL, err);
    if (rc == BAR_OK)
        rc = bar_analysis_run(pl.ds, pl.spec, pl.counts, pl.bench,
                              &(bar_analysis_opts){
                                  .text = bar_study_text_spec(pl.study)},
                              &pl.doc, err);
    return rc;
}

static void clear_analyze(void)
{
    json_decref(pl.doc);
    pl.doc = NULL;
}

/* The report in Dutch and the CSV file of every table, concatenated into
 * pl.csv (an open_memstream buffer, libc's). */
static bar_status phase_render(bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_table **tables = NULL;
    size_t count = 0;
    FILE *f = NULL;
    bar_report_options opt = {.lang = BAR_LANG_NL,
                              .ins = pl.ins,
                              .study = pl.study,
                              .spec = pl.spec,
                              .data_dir = "data"};
    bar_buf_init(&pl.html, 64u << 20);
    if ((rc = bar_report_html(pl.doc, &opt, &pl.html, err)) != BAR_OK)
        goto cleanup;
    f = open_memstream(&pl.csv, &pl.csv_len);
    if (!f) {
        rc = bar_error_set(err, BAR_ENOMEM, "open_memstream");
        goto cleanup;
    }
    size_t i;
    json_t *fig;
    json_array_foreach(json_object_get(pl.doc, "figures"), i, fig) {
        if ((rc = bar_tables_of_figure(fig, pl.ins, pl.study, BAR_LANG_EN, &tables,
                                       &count, err)) != BAR_OK)
            goto cleanup;
        for (size_t t = 0; t < count && rc == BAR_OK; t++)
            rc = bar_table_write_csv(tables[t], f, err);
        for (size_t t = 0; t < count; t++)
            bar_table_free(tables[t]);
        free(tables);
        tables = NULL;
        count = 0;
        if (rc != BAR_OK)
            goto cleanup;
    }
cleanup:
    if (f)
        fclose(f);
    return rc;
}

static void clear_render(void)
{
    bar_buf_clear(&pl.html);
    free(pl.csv);
    pl.csv = NULL;
    pl.csv_len = 0;
}

/* What a phase produced, as text, to compare a run that succeeded with
 * the clean run; NULL when the phase has no output to compare. Made with
 * allocation failures off; released with free(). */
static char *output_of(const char *phase)
{
    if (strcmp(phase, "analyze") == 0)
        return json_dumps(pl.doc, JSON_SORT_KEYS | JSON_COMPACT);
    if (strcmp(phase, "open") == 0) {
        char *s = malloc(64);
        if (s)
            snprintf(s, 64, "%zu rows; frame %zu %zu", bar_dataset_nrows(pl.ds),
                     pl.counts[0], pl.counts[pl.ncounts - 1]);
        return s;
    }
    if (strcmp(phase, "render") == 0) {
        char *s = malloc(pl.html.len + pl.csv_len + 1);
        if (s) {
            memcpy(s, pl.html.data, pl.html.len);
            memcpy(s + pl.html.len, pl.csv, pl.csv_len);
            s[pl.html.len + pl.csv_len] = '\0';
        }
        return s;
    }
    return NULL;
}

typedef struct phase {
    const char *name;
    bar_status (*run)(bar_error *err);
    void (*clear)(void); /* release what run made (also after a failure) */
    /* false: leaks and changed outputs are printed, not yet failed (open
     * findings, docs/internals/testing.md); crashes still fail */
    bool strict;
} phase;

static const phase phases[] = {
    {"load", phase_load, clear_load, true},
    {"import", phase_import, clear_import, true},
    {"open", phase_open, clear_open, true},
    {"analyze", phase_analyze, clear_analyze, true},
    {"render", phase_render, clear_render, true},
};
enum { NPHASES = sizeof phases / sizeof phases[0] };

/* One run of phase p failing allocation n (0: none). Returns the status;
 * *allocs gets the allocations it made, *leaked the blocks it left. */
static bar_status run_phase(const phase *p, unsigned long n,
                            unsigned long *allocs, long *leaked,
                            char **output, char *msg, size_t msgsize)
{
    bar_error err;
    bar_error_init(&err);
    size_t before = live_n;
    run_no++;
    alloc_count = 0;
    failed = false;
    fail_at = n;
    bar_status rc = p->run(&err);
    fail_at = 0;
    *allocs = alloc_count;
    if (msg)
        snprintf(msg, msgsize, "%s", err.msg);
    bar_error_clear(&err);
    *output = rc == BAR_OK ? output_of(p->name) : NULL;
    p->clear();
    /* the output is one block, the caller's */
    *leaked = (long)live_n - (long)before - (*output != NULL);
    return rc;
}

/* The clean runs of the phases before `upto`, leaving their outputs. */
static void prepare(size_t upto)
{
    for (size_t i = 0; i < upto; i++) {
        bar_error err;
        bar_error_init(&err);
        bar_status rc = phases[i].run(&err);
        if (rc != BAR_OK)
            fail_msg("clean run of %s: %s", phases[i].name, err.msg);
        bar_error_clear(&err);
    }
}

static void unprepare(size_t upto)
{
    for (size_t i = upto; i-- > 0;)
        phases[i].clear();
}

/* With BAR_ALLOC_FAIL: the clean and the failed run's output into
 * PHASE-clean.out and PHASE-failed.out in the working folder, to diff. */
static void dump_outputs(const char *name, const char *clean,
                         const char *out)
{
    const char *texts[2] = {clean, out}, *tags[2] = {"clean", "failed"};
    for (int i = 0; i < 2; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s-%s.out", name, tags[i]);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(texts[i], f);
            fclose(f);
        }
    }
}

static unsigned long env_ulong(const char *name, unsigned long dflt)
{
    const char *s = getenv(name);
    if (!s || !*s)
        return dflt;
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    return errno || *end ? dflt : v;
}

/* Every phase: a clean run, then the runs that fail allocation N. */
static void test_phase(size_t i)
{
    const phase *p = &phases[i];
    prepare(i);
    unsigned long k = 0;
    long leaked = 0;
    char *clean = NULL, msg[1024];
    bar_status rc = run_phase(p, 0, &k, &leaked, &clean, msg, sizeof msg);
    if (rc != BAR_OK)
        fail_msg("%s: clean run failed: %s", p->name, msg);
    assert_int_equal(leaked, 0);
    /* a second clean run: no global state is made on the first only */
    char *again = NULL;
    unsigned long k2 = 0;
    assert_int_equal(run_phase(p, 0, &k2, &leaked, &again, NULL, 0), BAR_OK);
    assert_int_equal(leaked, 0);
    assert_int_equal(k2, k);
    assert_true((clean == NULL) == (again == NULL));
    if (clean)
        assert_string_equal(clean, again);
    free(again);

    unsigned long runs = env_ulong("BAR_ALLOC_RUNS", 120);
    unsigned long stride = runs == 0 || k <= runs ? 1 : (k + runs - 1) / runs;
    unsigned long first = 1, last = k;
    const char *only = getenv("BAR_ALLOC_FAIL");
    bool single = false;
    if (only && *only) {
        size_t len = strcspn(only, ":");
        if (len != strlen(p->name) || strncmp(only, p->name, len) != 0 ||
            only[len] != ':') {
            free(clean);
            unprepare(i);
            return;
        }
        /* PHASE:N one run, told in detail; PHASE:A-B every N from A to B */
        char *end = NULL;
        first = last = strtoul(only + len + 1, &end, 10);
        single = true;
        if (end && *end == '-') {
            last = strtoul(end + 1, NULL, 10);
            single = false;
        }
        stride = 1;
    }
    unsigned long nruns = 0, nerr = 0, nok = 0, nenomem = 0, nbad = 0;
    for (unsigned long n = first; n >= 1 && n <= last;
         n = n + stride > last && n != last ? last : n + stride) {
        unsigned long allocs = 0;
        char *out = NULL;
        rc = run_phase(p, n, &allocs, &leaked, &out, msg, sizeof msg);
        nruns++;
        if (single) {
            fprintf(stderr, "%s: allocation %lu failed: status %s (%s), "
                    "%lu allocations, %ld blocks left\n", p->name, n,
                    bar_strerror(rc), msg, allocs, leaked);
            for (size_t j = 0; j < live_cap; j++)
                if (live[j].p && live[j].run == run_no)
                    fprintf(stderr, "  left: allocation %lu, %zu bytes\n",
                            live[j].seq, live[j].size);
        }
        bool changed =
            rc == BAR_OK && clean && (!out || strcmp(clean, out) != 0);
        bool bad = leaked != 0 || changed;
        nbad += bad;
        if (leaked != 0)
            print_error("%s: allocation %lu failed: %ld blocks leaked "
                        "(status %s: %s)\n", p->name, n, leaked,
                        bar_strerror(rc), msg);
        if (bad && where && where_depth > 0) {
            /* where the allocation failed: binary(+offset) lines, for
             * addr2line -e */
            fprintf(stderr, "%s: allocation %lu: stack\n", p->name, n);
            backtrace_symbols_fd(where_frames, where_depth, STDERR_FILENO);
        }
        if (rc == BAR_OK) {
            /* the failed allocation was optional: same output */
            nok++;
            if (single && clean && out)
                dump_outputs(p->name, clean, out);
            if (changed)
                print_error("%s: allocation %lu failed, the run succeeded "
                            "with a different output\n", p->name, n);
        } else {
            nerr++;
            nenomem += rc == BAR_ENOMEM;
        }
        free(out);
    }
    fprintf(stderr, "%s: %lu allocations; %lu runs (stride %lu): %lu "
            "errors (%lu out of memory), %lu succeeded\n", p->name, k, nruns,
            stride, nerr, nenomem, nok);
    free(clean);
    unprepare(i);
    if (nbad > 0 && !p->strict)
        fprintf(stderr, "%s: %lu runs leaked or changed the output (known, "
                "not yet failed)\n", p->name, nbad);
    else if (nbad > 0)
        fail_msg("%s: %lu runs leaked or changed the output", p->name, nbad);
}

static void test_load(void **state)
{
    (void)state;
    test_phase(0);
}
static void test_import(void **state)
{
    (void)state;
    test_phase(1);
}
static void test_open(void **state)
{
    (void)state;
    test_phase(2);
}
static void test_analyze(void **state)
{
    (void)state;
    test_phase(3);
}
static void test_render(void **state)
{
    (void)state;
    test_phase(4);
}

int main(void)
{
    /* The message catalogues are process-wide state loaded once (the CLI
     * at start): load them before any allocation is counted. */
    bar_error ierr;
    bar_error_init(&ierr);
    if (bar_i18n_load(bar_i18n_default_dir(), &ierr) != BAR_OK) {
        fprintf(stderr, "catalogues: %s\n", ierr.msg);
        return 1;
    }
    bar_error_clear(&ierr);
    static const sqlite3_mem_methods mem = {
        sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup, sq_init,
        sq_shutdown, NULL};
    if (sqlite3_config(SQLITE_CONFIG_MALLOC, &mem) != SQLITE_OK ||
        sqlite3_initialize() != SQLITE_OK) {
        fputs("test_alloc: cannot set SQLite's allocator\n", stderr);
        return 1;
    }
    json_set_alloc_funcs(json_malloc, json_free);
    where = getenv("BAR_ALLOC_WHERE") && *getenv("BAR_ALLOC_WHERE");
    if (where) /* the first backtrace loads libgcc: before any counting */
        where_depth = backtrace(where_frames, 24);
    snprintf(pl.store_path, sizeof pl.store_path, "test_alloc-%ld.db",
             (long)getpid());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load),   cmocka_unit_test(test_import),
        cmocka_unit_test(test_open),   cmocka_unit_test(test_analyze),
        cmocka_unit_test(test_render),
    };
    int failures = cmocka_run_group_tests(tests, NULL, NULL);
    unlink(pl.store_path);
    sqlite3_shutdown();
    return failures;
}
