/* golden.h - compare output with a golden file in tests/golden/.
 *
 * Included by the tests that check rendered output (SVG, HTML, CSV). With
 * BAR_UPDATE_GOLDEN=1 in the environment the file is rewritten instead:
 * do that only for a deliberate change, and read the diff before
 * committing it. Include after <cmocka.h>.
 */
#ifndef BAR_TEST_GOLDEN_H
#define BAR_TEST_GOLDEN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

/* Fail the test unless got[0..len) equals tests/golden/<name> byte for
 * byte; the message shows where they part. */
static inline void golden_compare(const char *name, const char *got,
                                  size_t len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", BAR_TEST_GOLDEN, name);
    bar_error err;
    bar_error_init(&err);
    const char *update = getenv("BAR_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        assert_int_equal(bar_file_write_atomic(path, got, len, &err),
                         BAR_OK);
        bar_error_clear(&err);
        return;
    }
    char *want = NULL;
    size_t wlen = 0;
    if (bar_file_read(path, (size_t)64 << 20, &want, &wlen, &err) != BAR_OK)
        fail_msg("%s (run with BAR_UPDATE_GOLDEN=1 to create it)", err.msg);
    if (wlen != len || memcmp(want, got, len) != 0) {
        size_t i = 0;
        while (i < wlen && i < len && want[i] == got[i])
            i++;
        fail_msg("%s differs from the output at byte %zu: want '%.60s', "
                 "got '%.60s'", name, i, want + i, got + i);
    }
    free(want);
    bar_error_clear(&err);
}

#endif
