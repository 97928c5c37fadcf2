/* test_afile.c - atomic files: whole or not at all. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/afile.h"
#include "core/buf.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bar_test_afile_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static char *slurp(const char *path)
{
    char *data = NULL;
    size_t len;
    bar_error err;
    bar_error_init(&err);
    bar_file_read(path, 1 << 20, &data, &len, &err);
    bar_error_clear(&err);
    return data;
}

static void test_commit_replaces(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_file_write_atomic(path, "old\n", 4, &err), BAR_OK);

    bar_afile *af = NULL;
    assert_int_equal(bar_afile_open(path, &af, &err), BAR_OK);
    fputs("new\n", bar_afile_stream(af));
    assert_true(exists(bar_afile_tmpname(af)));
    char *mid = slurp(path); /* the old content until commit */
    assert_string_equal(mid, "old\n");
    free(mid);
    assert_int_equal(bar_afile_commit(af, &err), BAR_OK);
    char *now = slurp(path);
    assert_string_equal(now, "new\n");
    free(now);
    unlink(path);
    bar_error_clear(&err);
}

static void test_abort_leaves_nothing(void **state)
{
    (void)state;
    char path[128], tmp[256];
    snprintf(path, sizeof path, "%s/never.csv", dir);
    bar_error err;
    bar_error_init(&err);
    bar_afile *af = NULL;
    assert_int_equal(bar_afile_open(path, &af, &err), BAR_OK);
    fputs("half", bar_afile_stream(af));
    snprintf(tmp, sizeof tmp, "%s", bar_afile_tmpname(af));
    bar_afile_abort(af);
    assert_false(exists(path));
    assert_false(exists(tmp));
    bar_afile_abort(NULL);
    bar_error_clear(&err);
}

static void test_open_fails(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/no/such/folder/x.csv", dir);
    bar_error err;
    bar_error_init(&err);
    bar_afile *af = NULL;
    assert_int_equal(bar_afile_open(path, &af, &err), BAR_EIO);
    assert_null(af);
    assert_non_null(strstr(err.msg, "x.csv: cannot create"));
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces),
        cmocka_unit_test(test_abort_leaves_nothing),
        cmocka_unit_test(test_open_fails),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
