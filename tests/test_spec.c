/* test_spec.c - loading and validating report specifications.
 *
 * The 2021 specification loads with every entry as written; a table of
 * broken specifications each fails with the status and a message that
 * names the entry and key (or the line and column of a syntax error).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/spec.h"
#include "instrument/instrument.h"

static bar_instrument *ins;

static int setup(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_instrument_load(
        BAR_DATA_DIR "/instrument/ibo-2021.json", &ins, &err);
    if (rc != BAR_OK)
        fprintf(stderr, "setup: %s\n", err.msg);
    bar_error_clear(&err);
    return rc == BAR_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    bar_instrument_free(ins);
    return 0;
}

static const bar_spec_entry *entry(const bar_spec *sp, const char *id)
{
    for (size_t i = 0; i < bar_spec_count(sp); i++)
        if (strcmp(bar_spec_get(sp, i)->id, id) == 0)
            return bar_spec_get(sp, i);
    fail_msg("no entry %s", id);
    return NULL;
}

static void report_2021(void **state)
{
    (void)state;
    bar_spec *sp = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_spec_load(BAR_DATA_DIR "/report/ibo-2021.json", ins, &sp,
                      &err) != BAR_OK)
        fail_msg("%s", err.msg);
    assert_string_equal(bar_spec_id(sp), "ibo-2021");
    assert_int_equal(bar_spec_min_group(sp), 5);
    assert_int_equal(bar_spec_min_cell(sp), 3);
    assert_int_equal(bar_spec_count(sp), 31);
    const bar_spec_entry *e = bar_spec_get(sp, 0);
    assert_string_equal(e->id, "table1");
    assert_int_equal(e->kind, BAR_SPEC_RESPONSE_BY_GROUP);
    assert_string_equal(e->caption, "table");
    assert_true(e->frame);
    assert_string_equal(e->other_nl, "Overige sectoren");
    e = entry(sp, "fig5");
    assert_int_equal(e->kind, BAR_SPEC_FREQUENCY);
    assert_int_equal(e->base, BAR_BASE_INNOVATORS);
    assert_int_equal(e->nmerge, 1);
    assert_string_equal(e->merge[0], "1+2");
    e = entry(sp, "fig13");
    assert_int_equal(e->kind, BAR_SPEC_LIKERT);
    assert_true(e->sort_positive);
    assert_int_equal(e->npositive, 2);
    assert_int_equal(e->positive[1], 5);
    e = entry(sp, "fig20");
    assert_int_equal(e->kind, BAR_SPEC_CROSSTAB);
    assert_string_equal(e->question, "factor");
    assert_string_equal(e->by, "climate_group");
    e = entry(sp, "climate_scale");
    assert_int_equal(e->kind, BAR_SPEC_SCALE);
    assert_true(e->min_loading == 0.40);
    assert_int_equal(e->nclusters, 3);
    assert_string_equal(e->groups, "climate_group");
    e = entry(sp, "tekstvak2");
    assert_int_equal(e->kind, BAR_SPEC_MODEL);
    assert_int_equal(e->noutcomes, 3);
    assert_int_equal(e->npredictors, 17);
    assert_string_equal(e->predictors[5].name, "origin==2");
    assert_string_equal(e->predictors[5].variable, "origin");
    assert_int_equal(e->predictors[5].code, 2);
    assert_int_equal(e->predictors[0].code, -1);
    assert_true(e->p_remove == 0.10);
    assert_string_equal(bar_spec_kind_name(BAR_SPEC_BOXPLOT), "boxplot");
    bar_spec_free(sp);
    bar_spec_free(NULL);
    bar_error_clear(&err);
}

#define HEAD "{\"format\": \"barometer-report-spec\", \"id\": \"t\", " \
             "\"figures\": [\n"
#define TITLE "\"title\": {\"nl\": \"a\", \"en\": \"b\"}"

typedef struct bad_case {
    const char *name;
    const char *text;
    bar_status status;
    const char *message; /* a part of err.msg */
} bad_case;

static const bad_case bad_cases[] = {
    {"syntax", HEAD "{\"id\": \"a\",,}]}", BAR_EPARSE, "t.json:2:"},
    {"format", "{\"format\": \"x\", \"figures\": []}", BAR_EINVALID,
     "key 'format'"},
    {"no figures", "{\"format\": \"barometer-report-spec\", \"id\": \"t\"}",
     BAR_EINVALID, "key 'figures'"},
    {"kind", HEAD "{\"id\": \"a\", \"kind\": \"pie\", " TITLE "}]}",
     BAR_EINVALID, "entry 'a', key 'kind': 'pie' is not a kind"},
    {"variable", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
                 ", \"variable\": \"nope\"}]}",
     BAR_EINVALID,
     "entry 'a', key 'variable': the instrument has no variable 'nope'"},
    {"type", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
             ", \"variable\": \"description\"}]}",
     BAR_EINVALID, "'description' is not a coded variable"},
    {"question", HEAD "{\"id\": \"a\", \"kind\": \"multi_response\", " TITLE
                 ", \"question\": \"clim\"}]}",
     BAR_EINVALID, "key 'question': question 'clim' has the wrong type"},
    {"unknown key", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
                    ", \"variable\": \"innovated\", \"by\": \"x\"}]}",
     BAR_EINVALID, "key 'by': is not a key of kind 'frequency'"},
    {"duplicate id", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
                     ", \"variable\": \"innovated\"},\n"
                     "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
                     ", \"variable\": \"origin\"}]}",
     BAR_EINVALID, "entry 'a', key 'id': the id is used twice"},
    {"merge", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
              ", \"variable\": \"tech_share\", \"merge\": [\"1+9\"]}]}",
     BAR_EINVALID, "'1+9' is not two or more codes"},
    {"predictor", HEAD "{\"id\": \"m\", \"kind\": \"model\", " TITLE
                  ", \"outcomes\": [\"result_quality\"], "
                  "\"predictors\": [\"origin==7\"]}]}",
     BAR_EINVALID, "entry 'm', key 'predictors': 'origin==7'"},
    {"outcome", HEAD "{\"id\": \"m\", \"kind\": \"model\", " TITLE
                ", \"outcomes\": [\"origin\"], "
                "\"predictors\": [\"type_product\"]}]}",
     BAR_EINVALID, "'origin' is not a 0/1 variable"},
    {"clusters", HEAD "{\"id\": \"s\", \"kind\": \"scale\", " TITLE
                 ", \"question\": \"clim\", \"variable\": \"climate\", "
                 "\"groups\": \"climate_group\", \"clusters\": 4}]}",
     BAR_EINVALID, "'climate_group' has 3 codes, not 4"},
    {"base", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
             ", \"variable\": \"innovated\", \"base\": \"some\"}]}",
     BAR_EINVALID, "key 'base'"},
    {"title", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", "
              "\"variable\": \"innovated\"}]}",
     BAR_EINVALID, "entry 'a', key 'title': is required"},
    {"instrument", "{\"format\": \"barometer-report-spec\", \"id\": \"t\", "
                   "\"instrument\": \"ibo-2030\", \"figures\": []}",
     BAR_EINVALID, "the spec is for 'ibo-2030'"},
    {"disclosure zero", "{\"format\": \"barometer-report-spec\", "
                        "\"id\": \"t\", \"disclosure\": {\"min_cell\": 0}, "
                        "\"figures\": []}",
     BAR_EINVALID, "key 'disclosure': min_cell must be a whole number"},
    {"disclosure type", "{\"format\": \"barometer-report-spec\", "
                        "\"id\": \"t\", \"disclosure\": {\"min_group\": "
                        "\"5\"}, \"figures\": []}",
     BAR_EINVALID, "min_group must be a whole number from 1 to 1000000"},
    {"disclosure key", "{\"format\": \"barometer-report-spec\", "
                       "\"id\": \"t\", \"disclosure\": {\"min_size\": 3}, "
                       "\"figures\": []}",
     BAR_EINVALID, "key 'disclosure': unknown key"},
    {"disclosure object", "{\"format\": \"barometer-report-spec\", "
                          "\"id\": \"t\", \"disclosure\": 5, "
                          "\"figures\": []}",
     BAR_EINVALID, "key 'disclosure': must be an object"},
};

static void broken_specs(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *k = &bad_cases[i];
        bar_spec *sp = (bar_spec *)1;
        bar_error err;
        bar_error_init(&err);
        bar_status rc =
            bar_spec_parse(k->text, strlen(k->text), "t.json", ins, &sp, &err);
        if (rc != k->status || !strstr(err.msg, k->message))
            fail_msg("%s: status %d, message '%s'", k->name, (int)rc,
                     err.msg);
        assert_null(sp);
        bar_error_clear(&err);
    }
}

/* Every fault is recorded, not only the first. */
static void all_faults(void **state)
{
    (void)state;
    static const char text[] =
        HEAD "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
        ", \"variable\": \"nope1\"},\n"
        "{\"id\": \"b\", \"kind\": \"boxplot\", " TITLE
        ", \"variable\": \"climate\", \"by\": \"nope2\"}]}";
    bar_spec *sp = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_spec_parse(text, sizeof text - 1, "t.json", ins,
                                    &sp, &err),
                     BAR_EINVALID);
    assert_int_equal(err.count, 2);
    assert_non_null(strstr(err.msg, "nope1"));
    assert_non_null(strstr(err.log, "entry 'b', key 'by'"));
    bar_error_clear(&err);
}

/* "chapter" (where the report places the entry) is accepted on any entry,
 * and the 2021 spec gives one to every entry. */
static void chapter_key(void **state)
{
    (void)state;
    static const char text[] =
        HEAD "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
        ", \"variable\": \"innovated\", \"chapter\": \"innovations\"}]}";
    bar_spec *sp = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_spec_parse(text, sizeof text - 1, "t.json", ins, &sp, &err) !=
        BAR_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(bar_spec_count(sp), 1);
    bar_spec_free(sp);
    bar_error_clear(&err);
}

static void missing_file(void **state)
{
    (void)state;
    bar_spec *sp = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_spec_load("/nonexistent/spec.json", ins, &sp, &err),
                     BAR_EIO);
    assert_null(sp);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(report_2021),
        cmocka_unit_test(broken_specs),
        cmocka_unit_test(all_faults),
        cmocka_unit_test(chapter_key),
        cmocka_unit_test(missing_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
