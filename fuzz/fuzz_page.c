/* fuzz_page.c - libFuzzer target for what the survey server does with a
 * posted page: the form (core/form.h) read into a draft for every page of
 * the 2021 instrument (field/survey.h), the page rendered again with the
 * form's values and problems (web/page.h), the draft through its JSON and
 * back (field/draft.h).
 *
 * Checks: a refused page leaves the draft as it was, and a page is
 * refused exactly when it has problems; a form value with the marker
 * "<fuzz" or "\"fuzz" never reaches the rendered page unescaped (seed the
 * corpus with such values); the draft's JSON round trip is exact; the
 * draft becomes a one-row dataset exactly when the call succeeds.
 *
 * Build: cmake -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON; run e.g.
 *   ./fuzz_page -max_len=8192
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/form.h"
#include "field/draft.h"
#include "field/survey.h"
#include "web/page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bar_instrument *ins;
static bar_survey *survey;

static void load(void)
{
    if (ins)
        return;
    bar_error err;
    bar_error_init(&err);
    if (bar_instrument_load(BAR_DATA_DIR "/instrument/ibo-2021.json", &ins,
                            &err) != BAR_OK ||
        bar_survey_new(ins, &survey, &err) != BAR_OK) {
        fprintf(stderr, "%s\n", err.msg);
        abort();
    }
    bar_error_clear(&err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load();
    bar_form f;
    bar_form_init(&f);
    bar_error err;
    bar_error_init(&err);
    if (bar_form_parse(&f, (const char *)data, size, &err) != BAR_OK)
        goto done;
    bar_draft *d = bar_draft_new(ins);
    bar_page_check check;
    if (!d || bar_page_check_init(&check, ins) != BAR_OK)
        abort();
    for (size_t p = 0; p < bar_survey_npages(survey); p++) {
        char *before = NULL, *after = NULL;
        if (bar_draft_to_json(d, &before, &err) != BAR_OK)
            abort();
        bool ok = false;
        if (bar_survey_read(survey, p, &f, d, &check, &ok, &err) != BAR_OK)
            abort();
        if (bar_draft_to_json(d, &after, &err) != BAR_OK)
            abort();
        if (!ok && strcmp(before, after) != 0)
            abort(); /* a refused page changed the draft */
        if (ok != (check.nproblems == 0))
            abort();
        /* the page again, with the form's values and problems */
        bar_buf html;
        bar_buf_init(&html, 64u << 20);
        bar_page_ctx ctx = {.ins = ins, .survey = survey,
                            .lang = (bar_lang)(p % 2), .base = "/s/x"};
        if (bar_page_questions(&html, &ctx, p, d, &f, &check) != BAR_OK)
            abort();
        if (strstr(html.data, "<fuzz") || strstr(html.data, "\"fuzz"))
            abort(); /* a form value got out unescaped */
        bar_buf_clear(&html);
        /* the JSON round trip */
        bar_draft *e = bar_draft_new(ins);
        char *again = NULL;
        if (!e || bar_draft_from_json(e, after, strlen(after), &err) !=
                      BAR_OK ||
            bar_draft_to_json(e, &again, &err) != BAR_OK ||
            strcmp(after, again) != 0)
            abort();
        free(again);
        bar_draft_free(e);
        free(before);
        free(after);
    }
    bar_dataset *ds = NULL;
    bar_status rc = bar_draft_to_dataset(d, "o1", 2021, "gem", "gemeente",
                                         &ds, &err);
    if ((rc == BAR_OK) != (ds != NULL))
        abort();
    bar_dataset_free(ds);
    bar_page_check_clear(&check);
    bar_draft_free(d);
done:
    bar_form_clear(&f);
    bar_error_clear(&err);
    return 0;
}
