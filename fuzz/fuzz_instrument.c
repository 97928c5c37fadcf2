/* fuzz_instrument.c - libFuzzer target for the instrument loader.
 *
 * Feeds arbitrary bytes to bar_instrument_parse. Any input must either load
 * (and then be freed) or fail with a located message; crashes, leaks and
 * undefined behaviour are bugs. Seed it with the files in data/instrument and
 * tests/data/instrument/ (the locate() scanner is reached by every semantic
 * error, so broken-but-valid-JSON seeds matter most):
 *
 *   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON
 *   cmake --build build-fuzz --target fuzz_instrument
 *   ./build-fuzz/fuzz_instrument -max_len=65536 corpus/ data/instrument \
 *       tests/data/instrument tests/data/instrument/bad
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/status.h"
#include "instrument/instrument.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    bar_status rc = bar_instrument_parse((const char *)data, size, "fuzz",
                                         &ins, &err);
    if (rc == BAR_OK) {
        /* Touch what the loader built. */
        size_t n = bar_instrument_nvars(ins);
        for (size_t i = 0; i < n; i++) {
            const bar_variable *v = bar_instrument_var(ins, i);
            if (bar_instrument_find(ins, bar_var_name(v)) != (long)i)
                __builtin_trap();
            for (size_t k = 0; k < bar_var_ncodes(v); k++)
                (void)strlen(bar_var_code_label(v, k, BAR_LANG_EN));
        }
        bar_instrument_free(ins);
    } else if (err.msg[0] == '\0' || ins != NULL) {
        __builtin_trap(); /* every failure leaves a message, no instrument */
    }
    bar_error_clear(&err);
    return 0;
}
