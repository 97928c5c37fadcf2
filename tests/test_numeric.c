/* test_numeric.c - GSL errors come back as statuses, never as abort(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>

#include "stats/numeric.h"

static void test_translation(void **state)
{
    (void)state;
    static const struct {
        int gsl;
        bar_status want;
    } cases[] = {
        {GSL_SUCCESS, BAR_OK},      {GSL_ENOMEM, BAR_ENOMEM},
        {GSL_EINVAL, BAR_EUSAGE},   {GSL_EBADLEN, BAR_EUSAGE},
        {GSL_EDOM, BAR_EUSAGE},     {GSL_EMAXITER, BAR_ENUMERIC},
        {GSL_ESING, BAR_ENUMERIC},  {GSL_EOVRFLW, BAR_ENUMERIC},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_numeric_status(cases[i].gsl, "m", &err),
                         cases[i].want);
        if (cases[i].want != BAR_OK)
            assert_true(strncmp(err.msg, "m: ", 3) == 0);
        bar_error_clear(&err);
    }
}

/* A singular Cholesky decomposition would abort() under GSL's default
 * handler; with the handler off it returns a code. */
static void test_no_abort(void **state)
{
    (void)state;
    bar_numeric_init();
    bar_numeric_init(); /* idempotent */
    gsl_matrix *m = gsl_matrix_calloc(2, 2);
    gsl_matrix_set(m, 0, 0, 1.0);
    gsl_matrix_set(m, 0, 1, 2.0);
    gsl_matrix_set(m, 1, 0, 2.0);
    gsl_matrix_set(m, 1, 1, 1.0); /* not positive definite */
    int rc = gsl_linalg_cholesky_decomp1(m);
    assert_int_equal(rc, GSL_EDOM);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_numeric_status(rc, "cholesky", &err), BAR_EUSAGE);
    bar_error_clear(&err);
    gsl_matrix_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_translation),
        cmocka_unit_test(test_no_abort),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
