/* test_export.c - the table of exporters: which module accepts which file
 * name, the list of extensions for messages, and a write through the table
 * (the CSV module writes what bar_dataset_write_csv writes). */
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

#include "core/afile.h"
#include "core/buf.h"
#include "dataset/dataset_csv.h"
#include "export/export.h"
#include "instrument/instrument.h"

/* A file name and the exporter that must accept it (NULL: none). */
static const struct {
    const char *path;
    const char *want;
} find_cases[] = {
    {"out.csv", "csv"},
    {"wave-2021.xlsx", "xlsx"},
    {"wave.sav", "sav"},
    {"/tmp/a.sav/b.xlsx", "xlsx"}, /* the name's end counts, not a folder */
    {"dir.csv/out.sav", "sav"},
    {".csv", "csv"},               /* as before the table: a bare extension */
    {"out.txt", NULL},
    {"out.CSV", NULL},             /* case counts */
    {"out.csv.gz", NULL},
    {"out.xls", NULL},
    {"outcsv", NULL},
    {"", NULL},
};

static void test_find(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof find_cases / sizeof find_cases[0]; i++) {
        const bar_exporter *ex = bar_exporter_find(find_cases[i].path);
        const char *got = ex ? ex->name : NULL;
        if (find_cases[i].want == NULL ? got != NULL
            : got == NULL || strcmp(got, find_cases[i].want) != 0) {
            print_error("'%s': got %s, want %s\n", find_cases[i].path,
                        got ? got : "none",
                        find_cases[i].want ? find_cases[i].want : "none");
            fail();
        }
    }
}

static void test_table(void **state)
{
    (void)state;
    assert_int_equal(bar_exporter_count(), 3);
    assert_null(bar_exporter_at(3));
    const char *names[] = {"csv", "xlsx", "sav"};
    const bool results[] = {false, true, false};
    for (size_t i = 0; i < bar_exporter_count(); i++) {
        const bar_exporter *ex = bar_exporter_at(i);
        assert_non_null(ex);
        assert_string_equal(ex->name, names[i]);
        assert_int_equal(ex->needs_results, results[i]);
        assert_non_null(ex->write);
        /* each accepts its own extension, after a name */
        char path[64];
        snprintf(path, sizeof path, "x%s", ex->extension);
        assert_true(ex->accepts(path));
        assert_ptr_equal(bar_exporter_find(path), ex);
    }
}

static void test_extensions(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(bar_exporter_extensions(buf, sizeof buf),
                        ".csv, .xlsx or .sav");
    char small[8];
    assert_string_equal(bar_exporter_extensions(small, sizeof small),
                        ".csv, .");
    char one[1] = {'x'};
    assert_string_equal(bar_exporter_extensions(one, sizeof one), "");
}

/* The CSV module through the table gives the bytes of the dataset's CSV
 * writer, atomically, in a private file. */
static void test_csv_write(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_instrument *mini = NULL;
    bar_dataset *ds = NULL;
    char *want = NULL, *got = NULL;
    size_t want_len = 0, got_len = 0;
    char dir[] = "/tmp/bar_test_export_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/out.csv", dir);

    assert_int_equal(bar_instrument_load(BAR_TEST_DATA "/dataset/mini.json",
                                         &mini, &err), BAR_OK);
    assert_int_equal(bar_dataset_read_csv(BAR_TEST_DATA "/dataset/valid.csv",
                                          mini, &ds, &err), BAR_OK);
    FILE *mem = open_memstream(&want, &want_len);
    assert_non_null(mem);
    assert_int_equal(bar_dataset_write_csv(ds, mem, false, &err), BAR_OK);
    assert_int_equal(fclose(mem), 0);

    const bar_exporter *ex = bar_exporter_find(path);
    assert_non_null(ex);
    const bar_export_input in = {.ds = ds, .results = NULL,
                                 .lang = BAR_LANG_NL};
    bar_status rc = ex->write(&in, path, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    assert_int_equal(bar_file_read(path, 1 << 20, &got, &got_len, &err),
                     BAR_OK);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);

    free(got);
    free(want);
    bar_dataset_free(ds);
    bar_instrument_free(mini);
    bar_error_clear(&err);
    assert_int_equal(bar_afile_remove_tree(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_extensions),
        cmocka_unit_test(test_csv_write),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
