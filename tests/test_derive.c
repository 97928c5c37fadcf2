/* test_derive.c - derived variables: spectrum, size_class, zone.
 *
 * Each case is one organisation's answers and the derived values the
 * codebook's definitions give for it (NAN = missing).
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/derive.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"

#define M NAN

typedef struct derive_case {
    const char *what;
    double innovated, product, service, process, interaction;
    double size, safety, standard;
    double spectrum, size_class, zone;
} derive_case;

static const derive_case cases[] = {
    {"non-innovator", 0, M, M, M, M, 1, 1, 1, 0, 1, 1},
    {"one type", 1, 1, 0, 0, 0, 2, 5, 3, 1, 2, 2},
    {"two types", 1, 0, 1, 1, 0, 3, 3, 4, 2, 2, 3},
    {"three types", 1, 1, 1, 0, 1, 4, 4, 4, 3, 3, 4},
    {"four types", 1, 1, 1, 1, 1, 4, 5, 5, 4, 3, 4},
    {"innovated missing", M, M, M, M, M, M, M, 4, M, M, M},
    {"innovator ticking none", 1, 0, 0, 0, 0, 1, 3, 3, M, 1, 1},
    {"innovator answering none", 1, M, M, M, M, 2, 4, M, M, 2, M},
    {"partly answered types", 1, 1, M, 1, M, 3, 2, 5, 2, 2, 3},
    {"edges of high", 1, 0, 0, 1, 0, 1, 4, 3, 1, 1, 2},
};

static bar_instrument *ins;

static int setup(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_instrument_load(BAR_DATA_DIR
                                        "/instrument/ibo-2021.json",
                                        &ins, &err);
    if (rc != BAR_OK)
        fprintf(stderr, "%s\n", err.msg);
    bar_error_clear(&err);
    return rc == BAR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bar_instrument_free(ins);
    return 0;
}

static size_t col(const bar_dataset *ds, const char *name)
{
    long c = bar_dataset_col(ds, name);
    assert_true(c >= 0);
    return (size_t)c;
}

static void assert_same(double got, double want, const char *what,
                        const char *var)
{
    if (isnan(want) ? !isnan(got) : got != want)
        fail_msg("%s: %s is %g, want %g", what, var, got, want);
}

static void derived_values(void **state)
{
    (void)state;
    bar_dataset *ds = bar_dataset_new(ins);
    assert_non_null(ds);
    size_t n = sizeof cases / sizeof cases[0];
    for (size_t i = 0; i < n; i++) {
        size_t r;
        assert_int_equal(bar_dataset_add_row(ds, &r), BAR_OK);
        const derive_case *k = &cases[i];
        bar_dataset_set(ds, r, col(ds, "innovated"), k->innovated);
        bar_dataset_set(ds, r, col(ds, "type_product"), k->product);
        bar_dataset_set(ds, r, col(ds, "type_service"), k->service);
        bar_dataset_set(ds, r, col(ds, "type_process"), k->process);
        bar_dataset_set(ds, r, col(ds, "type_interaction"), k->interaction);
        bar_dataset_set(ds, r, col(ds, "size"), k->size);
        bar_dataset_set(ds, r, col(ds, "work_safe_mistakes"), k->safety);
        bar_dataset_set(ds, r, col(ds, "work_improve"), k->standard);
        /* Stale values must be overwritten. */
        bar_dataset_set(ds, r, col(ds, "spectrum"), 9);
        bar_dataset_set(ds, r, col(ds, "climate"), 3.5);
    }
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_derive_compute(ds, NULL, NULL, &err), BAR_OK);
    for (size_t i = 0; i < n; i++) {
        const derive_case *k = &cases[i];
        assert_same(bar_dataset_get(ds, i, col(ds, "spectrum")), k->spectrum,
                    k->what, "spectrum");
        assert_same(bar_dataset_get(ds, i, col(ds, "size_class")),
                    k->size_class, k->what, "size_class");
        assert_same(bar_dataset_get(ds, i, col(ds, "zone")), k->zone,
                    k->what, "zone");
        assert_true(isnan(bar_dataset_get(ds, i, col(ds, "climate"))));
        assert_true(isnan(bar_dataset_get(ds, i, col(ds, "climate_group"))));
    }
    bar_error_clear(&err);
    bar_dataset_free(ds);
}

static void empty_dataset_is_fine(void **state)
{
    (void)state;
    bar_dataset *ds = bar_dataset_new(ins);
    assert_non_null(ds);
    assert_int_equal(bar_derive_compute(ds, NULL, NULL, NULL), BAR_OK);
    bar_dataset_free(ds);
}

/* An instrument without the variables the definitions need. */
static void missing_variable_is_reported(void **state)
{
    (void)state;
    static const char text[] =
        "{\"format\": 1, \"id\": \"tiny\", \"wave\": 2021,\n"
        " \"title\": {\"nl\": \"Klein\", \"en\": \"Tiny\"},\n"
        " \"frame\": [{\"name\": \"org_id\", \"type\": \"id\",\n"
        "   \"label\": {\"nl\": \"Id\", \"en\": \"Id\"}}],\n"
        " \"blocks\": [{\"id\": \"A\", \"title\": {\"nl\": \"A\", \"en\": "
        "\"A\"}, \"base\": \"all\", \"questions\": [\n"
        "   {\"id\": \"size\", \"type\": \"single\", \"text\": {\"nl\": "
        "\"Omvang\", \"en\": \"Size\"},\n"
        "    \"codes\": [{\"code\": 1, \"label\": {\"nl\": \"klein\", \"en\": "
        "\"small\"}}]}]}]}\n";
    bar_instrument *tiny = NULL;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_instrument_parse(text, sizeof text - 1, "tiny.json",
                                         &tiny, &err);
    if (rc != BAR_OK)
        fail_msg("tiny instrument: %s", err.msg);
    bar_dataset *ds = bar_dataset_new(tiny);
    assert_non_null(ds);
    bar_error_clear(&err);
    assert_int_equal(bar_derive_compute(ds, NULL, NULL, &err), BAR_ENOTFOUND);
    assert_non_null(strstr(err.msg, "innovated"));
    bar_error_clear(&err);
    bar_dataset_free(ds);
    bar_instrument_free(tiny);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(derived_values),
        cmocka_unit_test(empty_dataset_is_fine),
        cmocka_unit_test(missing_variable_is_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
