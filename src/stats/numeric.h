/* numeric.h - the boundary between GSL and the rest of the library.
 *
 * GSL's default error handler calls abort(); the library must never abort.
 * bar_numeric_init switches the handler off (once, thread-safely), and
 * bar_numeric_status translates a GSL return code into a bar_status with a
 * message naming the method that failed. Every stats module that calls GSL
 * calls bar_numeric_init first.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_NUMERIC_H
#define BAR_NUMERIC_H

#include "core/status.h"

/* Switch GSL's abort-on-error handler off. Safe to call many times and from
 * several threads. */
void bar_numeric_init(void);

/* BAR_OK for GSL_SUCCESS; otherwise BAR_ENOMEM (GSL_ENOMEM), BAR_EUSAGE
 * (GSL_EINVAL, GSL_EBADLEN, GSL_EDOM) or BAR_ENUMERIC (the rest: singular,
 * no convergence, overflow...), with "METHOD: <GSL's reason>" on err. */
bar_status bar_numeric_status(int gsl_code, const char *method,
                              bar_error *err);

#endif
