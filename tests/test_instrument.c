/* test_instrument.c - loading, validating and querying instruments.
 *
 * mini.json is a small instrument with every kind of question; its values
 * are checked one by one. tests/data/instrument/bad/ holds one broken
 * instrument per rule, each with the status and the line:column the error
 * must name (positions counted by hand in the files). When the real
 * instrument data/instrument/ibo-2021.json exists it is loaded and
 * spot-checked too.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/status.h"
#include "instrument/instrument.h"

#define DATA BAR_TEST_DATA "/instrument/"

static bar_instrument *load_mini(void)
{
    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    bar_status rc = bar_instrument_load(DATA "mini.json", &ins, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    assert_non_null(ins);
    bar_error_clear(&err);
    return ins;
}

static const bar_variable *var(const bar_instrument *ins, const char *name)
{
    long i = bar_instrument_find(ins, name);
    assert_true(i >= 0);
    return bar_instrument_var(ins, (size_t)i);
}

/* ---- mini.json: variables -------------------------------------------- */

static const struct {
    const char *name;
    bar_var_type type;
    bar_var_role role;
    bar_base base;
    const char *question; /* NULL for frame and derived */
    long min, max;
    size_t ncodes;
} mini_vars[] = {
    {"org_id", BAR_VAR_ID, BAR_ROLE_FRAME, BAR_BASE_ALL, NULL, 0, 0, 0},
    {"wave", BAR_VAR_INTEGER, BAR_ROLE_FRAME, BAR_BASE_ALL, NULL, 2000, 2100,
     0},
    {"sector", BAR_VAR_CATEGORY, BAR_ROLE_FRAME, BAR_BASE_ALL, NULL, 0, 2, 3},
    {"size", BAR_VAR_SINGLE, BAR_ROLE_ASKED, BAR_BASE_ALL, "size", 1, 2, 2},
    {"innovated", BAR_VAR_SINGLE, BAR_ROLE_ASKED, BAR_BASE_ALL, "innovated",
     0, 1, 2},
    {"type_product", BAR_VAR_BINARY, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "type", 0, 1, 2},
    {"type_service", BAR_VAR_BINARY, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "type", 0, 1, 2},
    {"tech_share", BAR_VAR_SINGLE, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "tech_share", 1, 3, 3},
    {"tech_new", BAR_VAR_SINGLE, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "tech_new", 1, 4, 2},
    {"collab_none", BAR_VAR_BINARY, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "collab", 0, 1, 2},
    {"collab_private", BAR_VAR_BINARY, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "collab", 0, 1, 2},
    {"phase_analysis", BAR_VAR_BINARY, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "phase", 0, 1, 2},
    {"factor_time", BAR_VAR_SINGLE, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "factor", 1, 3, 3},
    {"factor_mistakes", BAR_VAR_SINGLE, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "factor", 1, 3, 3},
    {"description", BAR_VAR_TEXT, BAR_ROLE_ASKED, BAR_BASE_INNOVATORS,
     "description", 0, 2000, 0},
    {"remarks", BAR_VAR_TEXT, BAR_ROLE_ASKED, BAR_BASE_ALL, "remarks", 0,
     4000, 0},
    {"spectrum", BAR_VAR_SINGLE, BAR_ROLE_DERIVED, BAR_BASE_ALL, NULL, 0, 2,
     3},
    {"climate", BAR_VAR_NUMBER, BAR_ROLE_DERIVED, BAR_BASE_ALL, NULL, 1, 5,
     0},
    {"any_collab", BAR_VAR_BINARY, BAR_ROLE_DERIVED, BAR_BASE_ALL, NULL, 0, 1,
     2},
};
enum { MINI_NVARS = sizeof mini_vars / sizeof mini_vars[0] };

static void test_mini_header(void **state)
{
    (void)state;
    bar_instrument *ins = load_mini();
    assert_string_equal(bar_instrument_id(ins), "mini-2021");
    assert_int_equal(bar_instrument_wave(ins), 2021);
    assert_string_equal(bar_instrument_title(ins, BAR_LANG_NL),
                        "Mini Barometer 2021");
    assert_string_equal(bar_instrument_title(ins, BAR_LANG_EN),
                        "Mini Barometer 2021 (en)");
    bar_instrument_free(ins);
}

static void test_mini_variables(void **state)
{
    (void)state;
    bar_instrument *ins = load_mini();
    assert_int_equal(bar_instrument_nvars(ins), MINI_NVARS);
    for (size_t i = 0; i < MINI_NVARS; i++) {
        const bar_variable *v = bar_instrument_var(ins, i);
        assert_non_null(v);
        assert_string_equal(bar_var_name(v), mini_vars[i].name);
        assert_int_equal(bar_var_index(v), i);
        assert_int_equal(bar_var_type_of(v), mini_vars[i].type);
        assert_int_equal(bar_var_role_of(v), mini_vars[i].role);
        assert_int_equal(bar_var_base(v), mini_vars[i].base);
        assert_int_equal(bar_var_min(v), mini_vars[i].min);
        assert_int_equal(bar_var_max(v), mini_vars[i].max);
        assert_int_equal(bar_var_ncodes(v), mini_vars[i].ncodes);
        const bar_question *q = bar_var_question(v);
        if (mini_vars[i].question) {
            assert_non_null(q);
            assert_string_equal(bar_question_id(q), mini_vars[i].question);
        } else {
            assert_null(q);
        }
        assert_int_equal(bar_instrument_find(ins, mini_vars[i].name),
                         (long)i);
        assert_non_null(bar_var_label(v, BAR_LANG_NL));
        assert_non_null(bar_var_label(v, BAR_LANG_EN));
    }
    assert_null(bar_instrument_var(ins, MINI_NVARS));
    assert_int_equal(bar_instrument_find(ins, "tech_shar"), -1);
    assert_int_equal(bar_instrument_find(ins, ""), -1);
    assert_int_equal(bar_instrument_find(ins, NULL), -1);
    assert_int_equal(bar_instrument_find(ins, "type"), -1); /* a question */
    bar_instrument_free(ins);
}

static void test_mini_labels_and_codes(void **state)
{
    (void)state;
    bar_instrument *ins = load_mini();
    /* Labels: single and text variables take the question text. */
    const bar_variable *v = var(ins, "size");
    assert_string_equal(bar_var_label(v, BAR_LANG_NL),
                        "Hoeveel mensen werken er?");
    assert_string_equal(bar_var_label(v, BAR_LANG_EN),
                        "How many people work there?");
    assert_int_equal(bar_var_code(v, 0), 1);
    assert_int_equal(bar_var_code(v, 1), 2);
    assert_string_equal(bar_var_code_label(v, 1, BAR_LANG_NL), "100 of meer");
    assert_string_equal(bar_var_code_label(v, 1, BAR_LANG_EN), "100 or more");
    assert_null(bar_var_code_label(v, 2, BAR_LANG_EN));
    assert_null(bar_var_code_str(v, 0));
    assert_int_equal(bar_var_code_pos(v, 2), 1);
    assert_int_equal(bar_var_code_pos(v, 3), -1);

    /* Non-contiguous codes. */
    v = var(ins, "tech_new");
    assert_int_equal(bar_var_code(v, 1), 4);
    assert_int_equal(bar_var_code_pos(v, 4), 1);
    assert_int_equal(bar_var_code_pos(v, 2), -1);

    /* A scale resolved into the variable's codes. */
    v = var(ins, "innovated");
    assert_int_equal(bar_var_code(v, 0), 0);
    assert_string_equal(bar_var_code_label(v, 1, BAR_LANG_NL), "ja");
    assert_string_equal(bar_var_label(v, BAR_LANG_NL), "Heeft u geïnnoveerd?");
    v = var(ins, "factor_mistakes");
    assert_string_equal(bar_var_label(v, BAR_LANG_EN), "Mistakes");
    assert_int_equal(bar_var_code(v, 2), 3);
    assert_string_equal(bar_var_code_label(v, 2, BAR_LANG_EN), "promoting");
    assert_string_equal(bar_var_code_label(v, 0, BAR_LANG_NL), "belemmerend");

    /* Binary: 0/1 with the yesno labels. */
    v = var(ins, "type_service");
    assert_string_equal(bar_var_label(v, BAR_LANG_NL), "Dienst");
    assert_int_equal(bar_var_code(v, 0), 0);
    assert_int_equal(bar_var_code(v, 1), 1);
    assert_string_equal(bar_var_code_label(v, 0, BAR_LANG_EN), "no");
    assert_string_equal(bar_var_code_label(v, 1, BAR_LANG_NL), "ja");
    assert_int_equal(bar_var_code_pos(v, 1), 1);
    v = var(ins, "any_collab");
    assert_string_equal(bar_var_code_label(v, 1, BAR_LANG_EN), "yes");

    /* Category: string codes, numeric value = position. */
    v = var(ins, "sector");
    assert_string_equal(bar_var_code_str(v, 0), "gem");
    assert_string_equal(bar_var_code_str(v, 2), "zbo");
    assert_int_equal(bar_var_code(v, 2), 2);
    assert_string_equal(bar_var_code_label(v, 1, BAR_LANG_NL),
                        "Waterschappen");
    assert_string_equal(bar_var_code_label(v, 2, BAR_LANG_EN),
                        "Independent administrative bodies");
    assert_int_equal(bar_var_code_find(v, "ws"), 1);
    assert_int_equal(bar_var_code_find(v, "WS"), -1);
    assert_int_equal(bar_var_code_find(v, "rijk"), -1);
    assert_int_equal(bar_var_code_pos(v, 2), 2);
    assert_int_equal(bar_var_code_pos(v, 3), -1);

    v = var(ins, "spectrum");
    assert_string_equal(bar_var_code_label(v, 2, BAR_LANG_NL), "2 typen");
    assert_string_equal(bar_var_label(v, BAR_LANG_EN), "Spectrum");
    bar_instrument_free(ins);
}

static void test_mini_questions(void **state)
{
    (void)state;
    bar_instrument *ins = load_mini();
    static const struct {
        const char *id;
        bar_question_type type;
        const char *block;
        bar_base base;
        size_t nvars;
        const char *first;
        const char *exclusive;
    } qs[] = {
        {"size", BAR_Q_SINGLE, "A", BAR_BASE_ALL, 1, "size", NULL},
        {"innovated", BAR_Q_SINGLE, "C", BAR_BASE_ALL, 1, "innovated", NULL},
        {"type", BAR_Q_MULTI, "C", BAR_BASE_INNOVATORS, 2, "type_product",
         NULL},
        {"tech_share", BAR_Q_SINGLE, "C", BAR_BASE_INNOVATORS, 1,
         "tech_share", NULL},
        {"tech_new", BAR_Q_SINGLE, "C", BAR_BASE_INNOVATORS, 1, "tech_new",
         NULL},
        {"collab", BAR_Q_MULTI, "C", BAR_BASE_INNOVATORS, 2, "collab_none",
         "collab_none"},
        {"phase", BAR_Q_MULTI, "C", BAR_BASE_INNOVATORS, 1, "phase_analysis",
         NULL},
        {"factor", BAR_Q_GRID, "C", BAR_BASE_INNOVATORS, 2, "factor_time",
         NULL},
        {"description", BAR_Q_TEXT, "C", BAR_BASE_INNOVATORS, 1,
         "description", NULL},
        {"remarks", BAR_Q_TEXT, "E", BAR_BASE_ALL, 1, "remarks", NULL},
    };
    size_t n = sizeof qs / sizeof qs[0];
    assert_int_equal(bar_instrument_nquestions(ins), n);
    for (size_t i = 0; i < n; i++) {
        const bar_question *q = bar_instrument_question(ins, i);
        assert_string_equal(bar_question_id(q), qs[i].id);
        assert_int_equal(bar_question_type_of(q), qs[i].type);
        assert_string_equal(bar_question_block(q), qs[i].block);
        assert_int_equal(bar_question_base(q), qs[i].base);
        assert_int_equal(bar_question_nvars(q), qs[i].nvars);
        assert_string_equal(bar_var_name(bar_question_var(q, 0)),
                            qs[i].first);
        assert_null(bar_question_var(q, qs[i].nvars));
        for (size_t k = 0; k < qs[i].nvars; k++)
            assert_ptr_equal(bar_var_question(bar_question_var(q, k)), q);
        const bar_variable *ex = bar_question_exclusive(q);
        if (qs[i].exclusive)
            assert_string_equal(bar_var_name(ex), qs[i].exclusive);
        else
            assert_null(ex);
    }
    assert_null(bar_instrument_question(ins, n));
    /* Routing conditions as written. */
    const bar_variable *cv = NULL;
    const char *op = NULL;
    long value = 0;
    assert_false(bar_question_asked_if(bar_instrument_question(ins, 3), &cv,
                                       &op, &value));
    assert_true(bar_question_asked_if(bar_instrument_question(ins, 4), &cv,
                                      &op, &value));
    assert_string_equal(bar_var_name(cv), "tech_share");
    assert_string_equal(op, ">=");
    assert_int_equal(value, 2);
    assert_true(bar_question_asked_if(bar_instrument_question(ins, 6), &cv,
                                      &op, NULL));
    assert_string_equal(bar_var_name(cv), "collab_none");
    assert_string_equal(op, "!=");
    const bar_question *q = bar_instrument_question(ins, 4);
    assert_string_equal(bar_question_text(q, BAR_LANG_EN),
                        "Was the technology new?");
    assert_string_equal(bar_question_text(q, BAR_LANG_NL),
                        "Was de technologie nieuw?");
    assert_string_equal(bar_question_block_title(q, BAR_LANG_NL),
                        "De innovatie");
    assert_string_equal(bar_question_block_title(q, BAR_LANG_EN),
                        "The innovation");
    bar_instrument_free(ins);
}

/* ---- routing ------------------------------------------------------------ */

/* One case: values by name (others missing), and which variables must be
 * asked. */
typedef struct asked_case {
    const char *what;
    double innovated, tech_share, collab_none;
    const char *asked[MINI_NVARS + 1];     /* NULL-terminated */
} asked_case;

static const asked_case asked_cases[] = {
    {"non-innovator", 0, NAN, NAN,
     {"org_id", "wave", "sector", "size", "innovated", "remarks", "spectrum",
      "climate", "any_collab", NULL}},
    {"innovated missing", NAN, 3, 0,
     {"org_id", "wave", "sector", "size", "innovated", "remarks", "spectrum",
      "climate", "any_collab", NULL}},
    {"innovator, no technology, collaborated", 1, 1, 0,
     {"org_id", "wave", "sector", "size", "innovated", "type_product",
      "type_service", "tech_share", "collab_none", "collab_private",
      "phase_analysis", "factor_time", "factor_mistakes", "description",
      "remarks", "spectrum", "climate", "any_collab", NULL}},
    {"innovator, technology, no collaboration", 1, 2, 1,
     {"org_id", "wave", "sector", "size", "innovated", "type_product",
      "type_service", "tech_share", "tech_new", "collab_none",
      "collab_private", "factor_time", "factor_mistakes", "description",
      "remarks", "spectrum", "climate", "any_collab", NULL}},
    {"innovator, routing variables missing", 1, NAN, NAN,
     {"org_id", "wave", "sector", "size", "innovated", "type_product",
      "type_service", "tech_share", "collab_none", "collab_private",
      "factor_time", "factor_mistakes", "description", "remarks", "spectrum",
      "climate", "any_collab", NULL}},
    {"innovated = 2 is not 1", 2, 4, 0,
     {"org_id", "wave", "sector", "size", "innovated", "remarks", "spectrum",
      "climate", "any_collab", NULL}},
};

static void test_mini_asked(void **state)
{
    (void)state;
    bar_instrument *ins = load_mini();
    for (size_t c = 0; c < sizeof asked_cases / sizeof asked_cases[0]; c++) {
        const asked_case *k = &asked_cases[c];
        double row[MINI_NVARS];
        for (size_t i = 0; i < MINI_NVARS; i++)
            row[i] = NAN;
        row[bar_instrument_find(ins, "innovated")] = k->innovated;
        row[bar_instrument_find(ins, "tech_share")] = k->tech_share;
        row[bar_instrument_find(ins, "collab_none")] = k->collab_none;
        for (size_t i = 0; i < MINI_NVARS; i++) {
            const bar_variable *v = bar_instrument_var(ins, i);
            bool want = false;
            for (size_t j = 0; k->asked[j]; j++)
                want = want || strcmp(k->asked[j], bar_var_name(v)) == 0;
            if (bar_var_asked(v, row) != want)
                fail_msg("case '%s': %s asked = %d, want %d", k->what,
                         bar_var_name(v), !want, want);
        }
    }
    bar_instrument_free(ins);
}

/* ---- broken instruments ------------------------------------------------- */

typedef struct bad_case {
    const char *file;      /* in tests/data/instrument/bad/ */
    bar_status status;
    const char *where;     /* "LINE:COLUMN: " expected after the file name */
    const char *words;     /* a part of the message */
} bad_case;

static const bad_case bad_cases[] = {
    {"syntax.json", BAR_EPARSE, ":13:", "expected"},
    {"unknown_key.json", BAR_EINVALID, ":13:58: ",
     "question 'size': unknown key 'txet'"},
    {"missing_en.json", BAR_EINVALID, ":13:66: ", "missing key 'en'"},
    {"empty_label.json", BAR_EINVALID, ":13:73: ", "non-empty string"},
    {"duplicate_name.json", BAR_EINVALID, ":13:165: ",
     "duplicate variable name 'innovated'"},
    {"duplicate_question.json", BAR_EINVALID, ":14:14: ",
     "duplicate question id 'type'"},
    {"asked_if_undefined.json", BAR_EINVALID, ":14:28: ",
     "question 'tech_new': asked_if refers to 'tech_shar', which is not "
     "defined before it"},
    {"asked_if_later.json", BAR_EINVALID, ":14:28: ",
     "asked_if refers to 'tech_share', which is not defined before it"},
    {"asked_if_text.json", BAR_EINVALID, ":14:125: ",
     "'note', which is not a numeric question variable"},
    {"asked_if_value.json", BAR_EINVALID, ":13:159: ",
     "'value' must be an integer"},
    {"bad_op.json", BAR_EINVALID, ":13:144: ", "op '=>' is not one of"},
    {"two_exclusive.json", BAR_EINVALID, ":15:90: ",
     "option 'collab_nobody' is exclusive, but 'collab_none' already is"},
    {"code_string.json", BAR_EINVALID, ":13:157: ",
     "code must be an integer"},
    {"code_duplicate.json", BAR_EINVALID, ":13:157: ", "duplicate code 1"},
    {"category_int.json", BAR_EINVALID, ":9:106: ",
     "code must be a non-empty string"},
    {"category_duplicate.json", BAR_EINVALID, ":10:142: ",
     "duplicate code 'gem'"},
    {"no_org_id.json", BAR_EINVALID, ":7:12: ", "no id variable 'org_id'"},
    {"id_not_org_id.json", BAR_EINVALID, ":8:38: ",
     "exactly one id variable, 'org_id'"},
    {"bad_name.json", BAR_EINVALID, ":13:103: ",
     "bad variable name 'Type-Product'"},
    {"long_name.json", BAR_EINVALID, ":13:103: ", "at most 63 bytes"},
    {"wave_range.json", BAR_EINVALID, ":4:11: ",
     "'wave' must be an integer from 2000 to 2100"},
    {"base_no_innovated.json", BAR_EINVALID, ":12:66: ",
     "base 'innovators' needs a question 'innovated'"},
    {"unknown_scale.json", BAR_EINVALID, ":13:49: ",
     "unknown scale 'likert7'"},
    {"codes_and_scale.json", BAR_EINVALID, ":13:40: ",
     "either 'codes' or 'scale'"},
    {"max_length.json", BAR_EINVALID, ":13:95: ",
     "'max_length' must be an integer from 1 to 65536"},
    {"wrong_type_key.json", BAR_EINVALID, ":13:82: ",
     "'scale' does not apply to a multi question"},
    {"bad_base.json", BAR_EINVALID, ":13:66: ",
     "base must be \"all\" or \"innovators\""},
};

static void test_bad_instruments(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const bad_case *k = &bad_cases[i];
        char path[512];
        snprintf(path, sizeof path, DATA "bad/%s", k->file);
        bar_error err;
        bar_error_init(&err);
        bar_instrument *ins = (bar_instrument *)&err; /* must be reset */
        bar_status rc = bar_instrument_load(path, &ins, &err);
        char want[600];
        snprintf(want, sizeof want, "%s%s", path, k->where);
        if (rc != k->status || !ins == false ||
            strncmp(err.msg, want, strlen(want)) != 0 ||
            !strstr(err.msg, k->words))
            fail_msg("%s: status %d (want %d), message \"%s\", want \"%s\" "
                     "and \"%s\"", k->file, rc, k->status, err.msg, want,
                     k->words);
        assert_int_equal(err.code, k->status);
        bar_error_clear(&err);
    }
}

static void test_load_errors(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    assert_int_equal(bar_instrument_load(DATA "no-such-file.json", &ins, &err),
                     BAR_EIO);
    assert_null(ins);
    assert_non_null(strstr(err.msg, "no-such-file.json"));
    bar_error_clear(&err);

    /* Over the 8 MiB cap, from memory: refused before parsing. */
    size_t big = 8u * 1024 * 1024 + 1;
    char *text = malloc(big);
    assert_non_null(text);
    memset(text, ' ', big);
    assert_int_equal(bar_instrument_parse(text, big, "big.json", &ins, &err),
                     BAR_ELIMIT);
    assert_null(ins);
    assert_non_null(strstr(err.msg, "big.json"));
    free(text);
    bar_error_clear(&err);

    /* Inline documents: name used in messages; position of the root. */
    static const struct {
        const char *text;
        bar_status status;
        const char *msg;
    } inl[] = {
        {"", BAR_EPARSE, "mem.json:1:"},
        {"[]", BAR_EINVALID, "mem.json:1:1: instrument must be an object"},
        {"\n  {\"format\": 2}", BAR_EINVALID,
         "mem.json:2:14: instrument: 'format' must be an integer from 1 to 1"},
        {"{\"format\": 1, \"format\": 1}", BAR_EPARSE, "mem.json:1:"},
        {"{\"format\": 1, \"id\": \"x\", \"wave\": 2021,\n"
         " \"title\": {\"nl\": \"x\", \"en\": \"x\"}, \"frame\": []}",
         BAR_EINVALID, "mem.json:2:44: 'frame' must be a non-empty array"},
        {"{\"format\": 1, \"id\": \"x\", \"wave\": 2021, \"extra\": 1}",
         BAR_EINVALID, "mem.json:1:40: instrument: unknown key 'extra'"},
        {"{\"format\": 1, \"id\": \"\\u00e9\\\"\", \"w\\u00e4ve\": 2021}",
         BAR_EINVALID, "mem.json:1:33: instrument: unknown key 'w\xc3\xa4ve'"},
        {"{\"format\": 1, \"id\": \"é\", \"é\": 1}",
         BAR_EINVALID, "mem.json:1:26: instrument: unknown key 'é'"},
    };
    for (size_t i = 0; i < sizeof inl / sizeof inl[0]; i++) {
        bar_error_init(&err);
        bar_status rc = bar_instrument_parse(inl[i].text, strlen(inl[i].text),
                                             "mem.json", &ins, &err);
        if (rc != inl[i].status ||
            strncmp(err.msg, inl[i].msg, strlen(inl[i].msg)) != 0)
            fail_msg("inline %zu: status %d, \"%s\", want %d \"%s\"", i, rc,
                     err.msg, inl[i].status, inl[i].msg);
        assert_null(ins);
        bar_error_clear(&err);
    }
    bar_instrument_free(NULL);
}

/* The same document from memory and from the file gives the same
 * instrument; the text is not kept. */
static void test_parse_from_memory(void **state)
{
    (void)state;
    FILE *f = fopen(DATA "mini.json", "rb");
    assert_non_null(f);
    char *text = malloc(1 << 16);
    assert_non_null(text);
    size_t len = fread(text, 1, 1 << 16, f);
    fclose(f);
    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    assert_int_equal(bar_instrument_parse(text, len, "mini", &ins, &err),
                     BAR_OK);
    memset(text, 'x', len);
    free(text);
    assert_int_equal(bar_instrument_nvars(ins), MINI_NVARS);
    assert_string_equal(bar_var_name(bar_instrument_var(ins, 8)), "tech_new");
    assert_string_equal(bar_var_code_str(var(ins, "sector"), 1), "ws");
    bar_instrument_free(ins);
    bar_error_clear(&err);
}

/* ---- the real instrument ------------------------------------------------ */

static void test_ibo_2021(void **state)
{
    (void)state;
    const char *path = BAR_DATA_DIR "/instrument/ibo-2021.json";
    if (access(path, R_OK) != 0)
        skip();
    bar_error err;
    bar_error_init(&err);
    bar_instrument *ins = NULL;
    bar_status rc = bar_instrument_load(path, &ins, &err);
    if (rc != BAR_OK)
        fail_msg("%s", err.msg);
    bar_error_clear(&err);
    assert_string_equal(bar_instrument_id(ins), "ibo-2021");
    assert_int_equal(bar_instrument_wave(ins), 2021);

    /* Every variable of the codebook, in column order: frame 4, then the
     * questions, then the 5 derived ones. */
    size_t n = bar_instrument_nvars(ins);
    static const char *const first[] = {"org_id", "wave", "sector",
                                        "cluster", "size"};
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(bar_var_name(bar_instrument_var(ins, i)),
                            first[i]);
    static const char *const derived[] = {"spectrum", "climate",
                                          "climate_group", "size_class",
                                          "zone"};
    for (size_t i = 0; i < 5; i++) {
        const bar_variable *v = var(ins, derived[i]);
        assert_int_equal(bar_var_role_of(v), BAR_ROLE_DERIVED);
        assert_true(bar_var_index(v) >= n - 5);
    }
    /* Counted from the codebook: 4 frame + size + 3 covid + innovated + 4
     * type + description + origin + tech_share + tech_new + 12 driver + 9
     * channel + 9 collab + 4 phase + dissemination + 7 fund + strategy + 18
     * factor + 5 result + result_other + 12 clim + 2 work + 5 derived. */
    assert_int_equal(n, 4 + 1 + 3 + 1 + 4 + 1 + 1 + 1 + 1 + 12 + 9 + 9 + 4 +
                            1 + 7 + 1 + 18 + 5 + 1 + 12 + 2 + 5);

    const bar_variable *sector = var(ins, "sector");
    assert_int_equal(bar_var_type_of(sector), BAR_VAR_CATEGORY);
    assert_int_equal(bar_var_ncodes(sector), 9);
    assert_int_equal(bar_var_code_find(sector, "gem"), 0);
    assert_int_equal(bar_var_code_find(sector, "zbo"), 8);
    assert_int_equal(bar_var_ncodes(var(ins, "cluster")), 17);
    assert_true(bar_var_code_find(var(ins, "cluster"), "hcs") >= 0);

    const bar_variable *inn = var(ins, "innovated");
    assert_int_equal(bar_var_type_of(inn), BAR_VAR_SINGLE);
    assert_int_equal(bar_var_code_pos(inn, 1), 1);
    assert_int_equal(bar_var_code_pos(inn, 0), 0);

    /* tech_new is asked of innovators with tech_share >= 2. */
    double *row = malloc(n * sizeof *row);
    assert_non_null(row);
    for (size_t i = 0; i < n; i++)
        row[i] = NAN;
    const bar_variable *tech_new = var(ins, "tech_new");
    long share = bar_instrument_find(ins, "tech_share");
    row[bar_var_index(inn)] = 1;
    static const struct { double share; bool asked; } tn[] = {
        {NAN, false}, {1, false}, {2, true}, {3, true}, {4, true}};
    for (size_t i = 0; i < sizeof tn / sizeof tn[0]; i++) {
        row[share] = tn[i].share;
        assert_int_equal(bar_var_asked(tech_new, row), tn[i].asked);
    }
    /* phase_* is asked unless collab_none = 1. */
    const bar_variable *phase = var(ins, "phase_delivery");
    long none_i = bar_instrument_find(ins, "collab_none");
    static const struct { double none; bool asked; } ph[] = {
        {NAN, false}, {0, true}, {1, false}};
    for (size_t i = 0; i < sizeof ph / sizeof ph[0]; i++) {
        row[none_i] = ph[i].none;
        assert_int_equal(bar_var_asked(phase, row), ph[i].asked);
    }
    row[bar_var_index(inn)] = 0;
    assert_false(bar_var_asked(tech_new, row));
    assert_false(bar_var_asked(var(ins, "type_product"), row));
    assert_true(bar_var_asked(var(ins, "clim_vision"), row));
    assert_true(bar_var_asked(var(ins, "covid_homework"), row));
    free(row);

    const bar_variable *none = var(ins, "collab_none");
    assert_int_equal(bar_var_type_of(none), BAR_VAR_BINARY);
    assert_ptr_equal(bar_question_exclusive(bar_var_question(none)), none);
    assert_null(bar_question_exclusive(
        bar_var_question(var(ins, "driver_employees"))));
    assert_int_equal(bar_var_base(var(ins, "factor_time")),
                     BAR_BASE_INNOVATORS);
    assert_int_equal(bar_var_ncodes(var(ins, "factor_time")), 5);
    assert_int_equal(bar_var_ncodes(var(ins, "clim_vision")), 5);
    assert_int_equal(bar_var_type_of(var(ins, "description")), BAR_VAR_TEXT);
    bar_instrument_free(ins);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mini_header),
        cmocka_unit_test(test_mini_variables),
        cmocka_unit_test(test_mini_labels_and_codes),
        cmocka_unit_test(test_mini_questions),
        cmocka_unit_test(test_mini_asked),
        cmocka_unit_test(test_bad_instruments),
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_parse_from_memory),
        cmocka_unit_test(test_ibo_2021),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
