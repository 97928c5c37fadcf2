/* test_datadir.c - a program run from the build tree (as this test is)
 * finds the source tree's data and the build tree's locale folder; the
 * answer is the same on every call and from several threads. The
 * installed layout is checked by tests/cli/install.sh. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/datadir.h"

static void test_build_tree(void **state)
{
    (void)state;
    assert_false(bar_datadir_installed());
    assert_string_equal(bar_datadir(), BAR_DATA_DIR);
    const char *loc = bar_localedir();
    size_t n = strlen(loc);
    assert_true(n > strlen("/locale"));
    assert_string_equal(loc + n - strlen("/locale"), "/locale");
    /* static: the same pointer every time */
    assert_ptr_equal(bar_datadir(), bar_datadir());
    assert_ptr_equal(bar_localedir(), loc);
}

static void *ask(void *arg)
{
    *(const char **)arg = bar_datadir();
    return NULL;
}

static void test_threads(void **state)
{
    (void)state;
    enum { N = 4 };
    pthread_t t[N];
    const char *got[N];
    for (int i = 0; i < N; i++)
        assert_int_equal(pthread_create(&t[i], NULL, ask, &got[i]), 0);
    for (int i = 0; i < N; i++) {
        assert_int_equal(pthread_join(t[i], NULL), 0);
        assert_string_equal(got[i], BAR_DATA_DIR);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_build_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
