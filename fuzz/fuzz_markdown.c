/* fuzz_markdown.c - libFuzzer target for the authored texts of a study
 * (render/markup.h bar_markup_markdown: CommonMark through cmark into the
 * report's page).
 *
 * Checks its contract: whatever the text, the HTML it gives has no
 * element outside CommonMark's own (no script, style, iframe, img, object,
 * no event handler attribute) and no javascript: link; raw HTML in the
 * text comes out as escaped text.
 *
 * Build: cmake -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON; run e.g.
 *   ./fuzz_markdown -max_len=16384
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/markup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The tags cmark writes in safe mode. */
static const char *const allowed[] = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "em",
    "strong", "a", "code", "pre", "blockquote", "hr", "br", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bar_buf out;
    bar_buf_init(&out, 64 * 1024 * 1024);
    if (bar_markup_markdown(&out, (const char *)data, size, 2) != BAR_OK) {
        bar_buf_clear(&out);
        return 0;
    }
    const char *h = out.data ? out.data : "";
    for (const char *t = strchr(h, '<'); t; t = strchr(t + 1, '<')) {
        const char *name = t[1] == '/' ? t + 2 : t + 1;
        size_t len = 0;
        while (isalnum((unsigned char)name[len]))
            len++;
        bool ok = false;
        for (size_t k = 0; allowed[k]; k++)
            ok |= strlen(allowed[k]) == len &&
                  strncmp(allowed[k], name, len) == 0;
        if (!ok)
            abort();
        /* attribute names (outside quoted values): no handler; values
         * of href: no javascript: */
        bool quoted = false;
        for (const char *a = t; *a && (quoted || *a != '>'); a++) {
            if (*a == '"')
                quoted = !quoted;
            if (!quoted && strncmp(a, " on", 3) == 0)
                abort();
            if (!quoted && strncmp(a, "href=\"", 6) == 0 &&
                strncasecmp(a + 6, "javascript:", 11) == 0)
                abort();
        }
    }
    bar_buf_clear(&out);
    return 0;
}
