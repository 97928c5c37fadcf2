/* test_core.c - status codes, the error context and the capped buffer. */
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

#include "core/buf.h"
#include "core/status.h"

static void test_exit_codes(void **state)
{
    (void)state;
    static const struct {
        bar_status code;
        int exit;
    } cases[] = {
        {BAR_OK, 0},        {BAR_ENOMEM, 1},   {BAR_EIO, 1},
        {BAR_EPARSE, 2},    {BAR_EINVALID, 2}, {BAR_ELIMIT, 2},
        {BAR_EUSAGE, 2},    {BAR_ENOTFOUND, 2}, {BAR_ESTORE, 1},
        {BAR_ENUMERIC, 1},  {BAR_ECONFLICT, 1}, {BAR_EUNAVAILABLE, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(bar_status_exit_code(cases[i].code), cases[i].exit);
    assert_string_equal(bar_strerror(BAR_ENOMEM), "out of memory");
    assert_string_equal(bar_strerror(BAR_EUNAVAILABLE),
                        "the database is unavailable");
    assert_string_equal(bar_strerror((bar_status)999), "unknown error");
}

static void test_error_location(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        long line, column;
        const char *var;
        const char *want;
    } cases[] = {
        {"r.csv", 14, 23, "origin", "r.csv:14:23: variable 'origin': bad 7"},
        {"r.csv", 3, 0, NULL, "r.csv:3: bad 7"},
        {NULL, 0, 0, "size", "variable 'size': bad 7"},
        {NULL, 0, 0, NULL, "bad 7"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_error_at(&err, BAR_EINVALID, cases[i].file,
                                     cases[i].line, cases[i].column,
                                     cases[i].var, "bad %d", 7);
        assert_int_equal(rc, BAR_EINVALID);
        assert_int_equal(err.code, BAR_EINVALID);
        assert_string_equal(err.msg, cases[i].want);
        bar_error_clear(&err);
    }
}

static void test_error_log(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    for (int i = 0; i < 100; i++)
        bar_error_set(&err, i == 0 ? BAR_EPARSE : BAR_EINVALID, "e%d", i);
    assert_int_equal(err.code, BAR_EPARSE); /* the first one counts */
    assert_string_equal(err.msg, "e0");
    assert_int_equal(err.count, 100);
    assert_int_equal(err.log_lines, BAR_ERROR_LOG_MAX);
    assert_true(strncmp(err.log, "e1\ne2\n", 6) == 0);
    bar_error_clear(&err);
    assert_null(err.log);
    assert_int_equal(err.count, 0);
    bar_error_clear(NULL);
    assert_int_equal(bar_error_set(NULL, BAR_EIO, "x"), BAR_EIO);
}

static void test_buf(void **state)
{
    (void)state;
    bar_buf b;
    bar_buf_init(&b, 16);
    assert_int_equal(bar_buf_puts(&b, "abc"), BAR_OK);
    assert_int_equal(bar_buf_printf(&b, "-%d-", 42), BAR_OK);
    assert_string_equal(b.data, "abc-42-");
    assert_int_equal(b.len, 7);
    /* over the cap: fails, empties, keeps failing */
    assert_int_equal(bar_buf_puts(&b, "0123456789"), BAR_ELIMIT);
    assert_int_equal(bar_buf_puts(&b, "x"), BAR_ELIMIT);
    assert_int_equal(bar_buf_status(&b), BAR_ELIMIT);
    assert_null(bar_buf_take(&b, NULL));
    bar_buf_reset(&b);
    assert_int_equal(bar_buf_put_html(&b, "a<b>&\"'"), BAR_ELIMIT);
    bar_buf_clear(&b);

    bar_buf_init(&b, 1024);
    assert_int_equal(bar_buf_put_html(&b, "Zbo’s <3 & \"x\" 'y'"), BAR_OK);
    size_t len;
    char *s = bar_buf_take(&b, &len);
    assert_string_equal(s, "Zbo’s &lt;3 &amp; &quot;x&quot; &#39;y&#39;");
    assert_int_equal(len, strlen(s));
    free(s);
    bar_buf_clear(&b);
}

/* bar_array_grow: (alloc before, need, size) -> ok, alloc after */
static void test_array_grow(void **state)
{
    (void)state;
    static const struct {
        size_t alloc, need, size;
        bool ok;
        size_t after;
    } cases[] = {
        {0, 1, 8, true, 16},      /* first: 16 elements */
        {16, 16, 8, true, 16},    /* room already */
        {16, 17, 8, true, 32},    /* doubles */
        {16, 100, 8, true, 128},  /* doubles until it fits */
        {0, SIZE_MAX / 4, 8, false, 0}, /* need * size overflows */
        {0, 1, 0, false, 0},      /* no element size */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        void *p = NULL;
        size_t alloc = 0;
        if (cases[i].alloc) {
            assert_true(bar_array_grow(&p, &alloc, cases[i].alloc,
                                       cases[i].size));
            assert_int_equal(alloc, cases[i].alloc);
        }
        size_t before = alloc;
        assert_int_equal(bar_array_grow(&p, &alloc, cases[i].need,
                                        cases[i].size), cases[i].ok);
        assert_int_equal(alloc, cases[i].ok ? cases[i].after : before);
        free(p);
    }
}

static void test_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/bar_test_core_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/out.txt", dir);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_file_write_atomic(path, "hello\n", 6, &err), BAR_OK);
    char *data;
    size_t len;
    assert_int_equal(bar_file_read(path, 100, &data, &len, &err), BAR_OK);
    assert_int_equal(len, 6);
    assert_string_equal(data, "hello\n");
    free(data);
    assert_int_equal(bar_file_read(path, 3, &data, &len, &err), BAR_ELIMIT);
    assert_null(data);
    assert_non_null(strstr(err.msg, "larger than 3 bytes"));
    bar_error_clear(&err);
    char missing[300];
    snprintf(missing, sizeof missing, "%s/none", dir);
    assert_int_equal(bar_file_read(missing, 100, &data, &len, &err), BAR_EIO);
    assert_non_null(strstr(err.msg, "cannot open"));
    bar_error_clear(&err);
    char bad[300];
    snprintf(bad, sizeof bad, "%s/no/such/dir/x", dir);
    assert_int_equal(bar_file_write_atomic(bad, "x", 1, &err), BAR_EIO);
    bar_error_clear(&err);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_error_location),
        cmocka_unit_test(test_error_log),
        cmocka_unit_test(test_buf),
        cmocka_unit_test(test_array_grow),
        cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
