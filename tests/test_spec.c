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
    assert_int_equal(bar_spec_count(sp), 35);
    const bar_spec_entry *e = bar_spec_get(sp, 0);
    assert_string_equal(e->id, "table1");
    assert_int_equal(e->kind, BAR_SPEC_RESPONSE_BY_GROUP);
    assert_string_equal(e->caption, "table");
    assert_true(e->frame);
    assert_string_equal(e->other_nl, "Overige sectoren");
    /* the chapter of each entry, for the report (the study's chapters) */
    assert_string_equal(e->chapter, "method");
    assert_string_equal(entry(sp, "fig13")->chapter, "results");
    /* the report's chart order: by value (other options last), by gap */
    assert_true(entry(sp, "fig7")->sort_value);
    assert_int_equal(entry(sp, "fig11")->nlast, 2);
    assert_string_equal(entry(sp, "fig11")->last[1], "fund_other");
    assert_false(entry(sp, "fig3")->sort_value);
    assert_true(entry(sp, "fig20")->sort_gap);
    assert_false(entry(sp, "fig9_phase_spectrum")->sort_gap);
    assert_string_equal(entry(sp, "fig20")->chapter, "climate");
    assert_string_equal(entry(sp, "frequencies")->chapter, "frequencies");
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
    assert_false(e->trend);
    e = entry(sp, "fig9_phase_spectrum");
    assert_int_equal(e->kind, BAR_SPEC_CROSSTAB);
    assert_string_equal(e->question, "phase");
    assert_string_equal(e->by, "spectrum");
    assert_true(e->trend);
    e = entry(sp, "frequencies");
    assert_int_equal(e->kind, BAR_SPEC_FREQUENCIES);
    assert_true(e->all_variables);
    assert_int_equal(e->nvariables, 0);
    e = entry(sp, "fig20_cluster");
    assert_int_equal(e->number, 28);
    e = entry(sp, "fig22");
    assert_non_null(e->caption_note_nl);
    assert_non_null(strstr(e->caption_note_en, "share of organisations"));
    assert_non_null(strstr(e->title_nl, "Aandeel organisaties"));
    /* no two entries share a caption kind and number */
    for (size_t i = 0; i < bar_spec_count(sp); i++)
        for (size_t j = 0; j < i; j++) {
            const bar_spec_entry *a = bar_spec_get(sp, i);
            const bar_spec_entry *b = bar_spec_get(sp, j);
            if (a->number && a->number == b->number &&
                strcmp(a->caption, b->caption) == 0)
                fail_msg("%s and %s: %s %d", a->id, b->id, a->caption,
                         a->number);
        }
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
    {"duplicate number", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", "
                         TITLE ", \"number\": 20, "
                         "\"variable\": \"innovated\"},\n"
                         "{\"id\": \"b\", \"kind\": \"frequency\", "
                         TITLE ", \"number\": 20, "
                         "\"variable\": \"origin\"}]}",
     BAR_EINVALID, "entry 'b', key 'number': figure 20 is also entry 'a'"},
    {"duplicate table number", HEAD "{\"id\": \"t1\", \"kind\": "
                               "\"response_by_group\", \"caption\": "
                               "\"table\", \"number\": 2, " TITLE
                               ", \"variable\": \"sector\"},\n"
                               "{\"id\": \"t2\", \"kind\": "
                               "\"response_by_group\", \"caption\": "
                               "\"table\", \"number\": 2, " TITLE
                               ", \"variable\": \"cluster\"}]}",
     BAR_EINVALID, "entry 't2', key 'number': table 2 is also entry 't1'"},
    {"caption_note", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", "
                     TITLE ", \"variable\": \"innovated\", "
                     "\"caption_note\": \"x\"}]}",
     BAR_EINVALID, "entry 'a', key 'caption_note': must be an object"},
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
    {"trend by names", HEAD "{\"id\": \"a\", \"kind\": \"crosstab\", " TITLE
                       ", \"question\": \"phase\", \"by\": \"sector\", "
                       "\"trend\": true}]}",
     BAR_EINVALID, "key 'trend': needs ordered numeric groups"},
    {"trend of many codes", HEAD "{\"id\": \"a\", \"kind\": \"crosstab\", "
                            TITLE ", \"variable\": \"origin\", "
                            "\"by\": \"spectrum\", \"trend\": true}]}",
     BAR_EINVALID, "key 'trend': needs a 0/1 variable or a question"},
    {"sort of a frequency", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", "
                            TITLE ", \"variable\": \"origin\", "
                            "\"sort\": \"gap\"}]}",
     BAR_EINVALID, "key 'sort': must be 'value' or 'questionnaire'"},
    {"sort of a crosstab", HEAD "{\"id\": \"a\", \"kind\": \"crosstab\", "
                           TITLE ", \"question\": \"phase\", "
                           "\"by\": \"sector\", \"sort\": \"value\"}]}",
     BAR_EINVALID, "key 'sort': must be 'gap' or 'questionnaire'"},
    {"last of nothing", HEAD "{\"id\": \"a\", \"kind\": "
                        "\"multi_response\", " TITLE ", \"question\": "
                        "\"fund\", \"sort\": \"value\", "
                        "\"last\": [\"nope\"]}]}",
     BAR_EINVALID, "key 'last': 'nope' is not a variable"},
    {"last of a frequency", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", "
                            TITLE ", \"variable\": \"origin\", "
                            "\"last\": [\"origin\"]}]}",
     BAR_EINVALID, "key 'last': is not a key of kind 'frequency'"},
    {"trend elsewhere", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", "
                        TITLE ", \"variable\": \"innovated\", "
                        "\"trend\": true}]}",
     BAR_EINVALID, "key 'trend': is not a key of kind 'frequency'"},
    {"frequencies of some", HEAD "{\"id\": \"a\", \"kind\": \"frequencies\", "
                            TITLE ", \"variables\": \"some\"}]}",
     BAR_EINVALID, "key 'variables': must be \"all\" or an array"},
    {"frequencies of nothing", HEAD "{\"id\": \"a\", \"kind\": "
                               "\"frequencies\", " TITLE "}]}",
     BAR_EINVALID, "key 'variables': is required"},
    {"frequencies of org_id", HEAD "{\"id\": \"a\", \"kind\": \"frequencies\", "
                              TITLE ", \"variables\": [\"sector\", "
                              "\"org_id\"]}]}",
     BAR_EINVALID, "'org_id' is an id, never published"},
    {"frequencies of a stranger", HEAD "{\"id\": \"a\", \"kind\": "
                                  "\"frequencies\", " TITLE
                                  ", \"variables\": [\"nope\"]}]}",
     BAR_EINVALID, "the instrument has no variable 'nope'"},
    {"frequencies of innovators", HEAD "{\"id\": \"a\", \"kind\": "
                                  "\"frequencies\", " TITLE
                                  ", \"variables\": \"all\", "
                                  "\"base\": \"innovators\"}]}",
     BAR_EINVALID, "key 'base': must be 'all'"},
    {"base", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", " TITLE
             ", \"variable\": \"innovated\", \"base\": \"some\"}]}",
     BAR_EINVALID, "key 'base'"},
    {"title", HEAD "{\"id\": \"a\", \"kind\": \"frequency\", "
              "\"variable\": \"innovated\"}]}",
     BAR_EINVALID, "entry 'a', key 'title': is required"},
    {"instrument", "{\"format\": \"barometer-report-spec\", \"id\": \"t\", "
                   "\"instrument\": \"ibo-2030\", \"figures\": []}",
     BAR_EINVALID, "the spec is for 'ibo-2030'"},
    /* Ids name the report's files (data/<id>.csv): checked here, once, for
     * analyze, report and export alike. */
    {"id with a space", HEAD "{\"id\": \"fig 1\", \"kind\": \"frequency\", "
                        TITLE ", \"variable\": \"innovated\"}]}",
     BAR_EINVALID, "key 'id': 'fig 1' is not a valid id"},
    {"id with a slash", HEAD "{\"id\": \"../x\", \"kind\": \"frequency\", "
                        TITLE ", \"variable\": \"innovated\"}]}",
     BAR_EINVALID, "key 'id': '../x' is not a valid id"},
    {"id with a dot", HEAD "{\"id\": \"fig.1\", \"kind\": \"frequency\", "
                      TITLE ", \"variable\": \"innovated\"}]}",
     BAR_EINVALID, "'fig.1' is not a valid id"},
    {"id beginning with '-'", HEAD "{\"id\": \"-f\", \"kind\": "
                              "\"frequency\", " TITLE
                              ", \"variable\": \"innovated\"}]}",
     BAR_EINVALID, "'-f' is not a valid id"},
    {"id not ASCII", HEAD "{\"id\": \"fig\u00e9\", \"kind\": \"frequency\", "
                     TITLE ", \"variable\": \"innovated\"}]}",
     BAR_EINVALID, "is not a valid id"},
    {"id too long", HEAD "{\"id\": \"a1234567890123456789012345678901234567"
                    "890123456789012345678901234\", \"kind\": \"frequency\", "
                    TITLE ", \"variable\": \"innovated\"}]}",
     BAR_EINVALID, "is not a valid id (1 to 64"},
    {"id not a string", HEAD "{\"id\": 7, \"kind\": \"frequency\", "
                        TITLE ", \"variable\": \"innovated\"}]}",
     BAR_EINVALID, "key 'id': must be a non-empty string"},
    {"ids differing in case", HEAD "{\"id\": \"fig1\", \"kind\": "
                              "\"frequency\", " TITLE
                              ", \"variable\": \"innovated\"},\n"
                              "{\"id\": \"Fig1\", \"kind\": \"frequency\", "
                              TITLE ", \"variable\": \"origin\"}]}",
     BAR_EINVALID, "entry 'Fig1', key 'id': the id is used twice"},
    {"spec id", "{\"format\": \"barometer-report-spec\", \"id\": "
                "\"ibo 2021\", \"figures\": [{\"id\": \"a\", \"kind\": "
                "\"frequency\", " TITLE ", \"variable\": \"innovated\"}]}",
     BAR_EINVALID, "key 'id': 'ibo 2021' is not a valid id"},
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

/* bar_spec_id_valid on its own: what the loader accepts as an id. */
static void id_rule(void **state)
{
    (void)state;
    static const struct {
        const char *id;
        bool valid;
    } cases[] = {
        {"fig1", true}, {"table2", true}, {"climate_scale", true},
        {"ibo-2021", true}, {"F", true}, {"9a", true},
        {"a1234567890123456789012345678901234567890123456789012345678901234",
         false}, /* 65 bytes */
        {"a123456789012345678901234567890123456789012345678901234567890123",
         true}, /* 64 bytes */
        {"", false}, {NULL, false}, {"fig 1", false}, {"fig/1", false},
        {"..", false}, {"_x", false}, {"-x", false}, {"a.b", false},
        {"a\\b", false}, {"fig\xc3\xa9", false}, {"a\"b", false},
        {"a<b", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (bar_spec_id_valid(cases[i].id) != cases[i].valid)
            fail_msg("'%s': valid %d", cases[i].id ? cases[i].id : "(null)",
                     !cases[i].valid);
}

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

/* The same number under another caption kind ("Tabel 2", "Tekstvak 2"),
 * and number 0 (none) on several entries, are accepted. */
static void numbers_per_caption_kind(void **state)
{
    (void)state;
    static const char text[] =
        HEAD "{\"id\": \"a\", \"kind\": \"response_by_group\", "
        "\"caption\": \"table\", \"number\": 2, " TITLE
        ", \"variable\": \"sector\"},\n"
        "{\"id\": \"b\", \"kind\": \"frequency\", \"number\": 2, " TITLE
        ", \"variable\": \"innovated\"},\n"
        "{\"id\": \"c\", \"kind\": \"frequency\", " TITLE
        ", \"variable\": \"origin\"},\n"
        "{\"id\": \"d\", \"kind\": \"frequency\", \"number\": 0, " TITLE
        ", \"variable\": \"strategy\"}]}";
    bar_spec *sp = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_spec_parse(text, sizeof text - 1, "t.json", ins, &sp, &err) !=
        BAR_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(bar_spec_count(sp), 4);
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
        cmocka_unit_test(id_rule),
        cmocka_unit_test(all_faults),
        cmocka_unit_test(chapter_key),
        cmocka_unit_test(numbers_per_caption_kind),
        cmocka_unit_test(missing_file),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
