/* fuzz_study.c - libFuzzer target for the study file (wave/study.h).
 *
 * Feeds arbitrary bytes to bar_study_parse. Any input must either load
 * (and then be read through every accessor and freed) or fail with a
 * message; crashes, leaks and undefined behaviour are bugs. Seed it with
 * data/study and tests/data/study:
 *
 *   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON
 *   cmake --build build-fuzz --target fuzz_study
 *   ./build-fuzz/fuzz_study -max_len=65536 corpus/ data/study \
 *       tests/data/study
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/status.h"
#include "wave/study.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bar_error err;
    bar_error_init(&err);
    bar_study *s = NULL;
    bar_status rc = bar_study_parse((const char *)data, size, "fuzz", &s,
                                    &err);
    if (rc == BAR_OK) {
        /* Touch what the parser built. */
        char path[64];
        for (int f = 0; f <= BAR_STUDY_BENCHMARK_LABELS; f++)
            (void)bar_study_path(s, (bar_study_file)f, "d", path,
                                 sizeof path);
        for (size_t i = 0; i < bar_study_nchapters(s); i++) {
            const bar_study_chapter *c = bar_study_chapter_get(s, i);
            (void)strlen(c->id);
            (void)strlen(bar_study_text_in(&c->title, BAR_LANG_EN));
        }
        if (bar_study_findings_before(s) > bar_study_nchapters(s))
            __builtin_trap();
        for (size_t i = 0; i < bar_study_ncountries(s); i++) {
            const bar_study_country *c = bar_study_country_get(s, i);
            if (!bar_study_country_name(s, c->code, BAR_LANG_NL))
                __builtin_trap();
        }
        const char *main = bar_study_main_country(s);
        if (main && !bar_study_country_name(s, main, BAR_LANG_EN))
            __builtin_trap();
        (void)strlen(bar_study_total(s)->nl);
        (void)strlen(bar_study_source(s));
        bar_study_free(s);
    } else if (err.msg[0] == '\0' || s != NULL) {
        __builtin_trap(); /* every failure leaves a message, no study */
    }
    bar_error_clear(&err);
    return 0;
}
