/* numeric.c - GSL's error handler off, GSL codes translated. */
#include "stats/numeric.h"

#include <threads.h>

#include <gsl/gsl_errno.h>

static once_flag handler_once = ONCE_FLAG_INIT;

static void handler_off(void)
{
    gsl_set_error_handler_off();
}

void bar_numeric_init(void)
{
    call_once(&handler_once, handler_off);
}

bar_status bar_numeric_status(int gsl_code, const char *method,
                              bar_error *err)
{
    bar_status code;
    switch (gsl_code) {
    case GSL_SUCCESS:
        return BAR_OK;
    case GSL_ENOMEM:
        code = BAR_ENOMEM;
        break;
    case GSL_EINVAL:
    case GSL_EBADLEN:
    case GSL_EDOM:
        code = BAR_EUSAGE;
        break;
    default:
        code = BAR_ENUMERIC;
        break;
    }
    return bar_error_set(err, code, "%s: %s", method, gsl_strerror(gsl_code));
}
