/* fuzz_form.c - libFuzzer target for the form and query parser
 * (core/form.h): the body of every POST of the survey server and the
 * query string of every request go through bar_form_parse.
 *
 * Checks its contract: all or nothing (pairs exactly when BAR_OK, a
 * message otherwise); every pair within the caps, with a non-empty name,
 * UTF-8 without NUL; and that the pairs, encoded again, parse to the same
 * pairs.
 *
 * Build: cmake -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON; run e.g.
 *   ./fuzz_form -max_len=4096
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/form.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void encode(bar_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') {
            bar_buf_add(b, s, 1);
        } else {
            char e[3] = {'%', hex[c >> 4], hex[c & 15]};
            bar_buf_add(b, e, 3);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bar_form f, g;
    bar_form_init(&f);
    bar_form_init(&g);
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_form_parse(&f, (const char *)data, size, &err);
    if (rc != BAR_OK && (f.n != 0 || err.msg[0] == '\0'))
        abort();
    if (rc == BAR_OK) {
        bar_buf b;
        bar_buf_init(&b, 64u << 20);
        for (size_t i = 0; i < f.n; i++) {
            size_t nl = strlen(f.pairs[i].name);
            if (nl == 0 || nl > BAR_FORM_NAME_MAX ||
                strlen(f.pairs[i].value) > BAR_FORM_VALUE_MAX)
                abort();
            if (i)
                bar_buf_add(&b, "&", 1);
            encode(&b, f.pairs[i].name);
            bar_buf_add(&b, "=", 1);
            encode(&b, f.pairs[i].value);
        }
        if (bar_buf_status(&b) != BAR_OK)
            abort();
        if (bar_form_parse(&g, b.data ? b.data : "", b.len, &err) != BAR_OK ||
            g.n != f.n) {
            fprintf(stderr, "round trip failed: %s\n", err.msg);
            abort();
        }
        for (size_t i = 0; i < f.n; i++)
            if (strcmp(f.pairs[i].name, g.pairs[i].name) != 0 ||
                strcmp(f.pairs[i].value, g.pairs[i].value) != 0)
                abort();
        if (f.n && bar_form_get(&f, f.pairs[0].name) != f.pairs[0].value)
            abort();
        bar_buf_clear(&b);
    }
    bar_form_clear(&f);
    bar_form_clear(&g);
    bar_error_clear(&err);
    return 0;
}
