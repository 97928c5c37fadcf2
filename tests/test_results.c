/* test_results.c - the owner of the results document (src/results/).
 *
 * - bar_results_check: a small valid document, then a table of broken
 *   ones (a field missing, a wrong type, an unknown kind, a misspelt key,
 *   a wrong schema) with the exact message of each;
 * - every key constant of results.h is documented in
 *   docs/results-schema.md (the contract and the code agree);
 * - the one rule for a label in a language, and the accessors;
 * - bar_results_note: the text, "note_format" and "note_args".
 * The analysis runs the check on every document it writes, so every
 * analysis test also checks the documents of its waves.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "results/results.h"

/* One frequency figure; the document holds four (fig0..fig3). */
static const char *const FIGURE =
    "{\"id\": \"fig\", \"kind\": \"frequency\", \"caption\": \"figure\","
    " \"number\": 1, \"title\": {\"nl\": \"T\", \"en\": \"T\"},"
    " \"base\": \"all\", \"variable\": \"innovated\","
    " \"label\": {\"nl\": \"Innovatie\", \"en\": \"Innovation\"},"
    " \"base_n\": 10, \"n\": 9, \"missing\": 1, \"suppressed\": false,"
    " \"categories\": ["
    "  {\"code\": 0, \"label\": {\"nl\": \"nee\", \"en\": \"no\"},"
    "   \"count\": 3, \"percent\": 33.3, \"ci_low\": 12.1, \"ci_high\": 64.6},"
    "  {\"code\": 1, \"label\": {\"nl\": \"ja\", \"en\": \"yes\"},"
    "   \"count\": 6, \"percent\": 66.7, \"ci_low\": 35.4, \"ci_high\": 87.9},"
    "  {\"code\": 2, \"label\": {\"nl\": \"weet niet\", \"en\": \"unsure\"},"
    "   \"count\": null, \"percent\": null, \"ci_low\": null,"
    "   \"ci_high\": null}],"
    " \"merged_categories\": [], \"benchmarks\": []}";

static json_t *valid_doc(void)
{
    json_t *doc = json_loads(
        "{\"schema\": 1, \"instrument\": \"ibo-2021\", \"spec\": \"ibo-2021\","
        " \"wave\": 2021, \"generated_by\": \"barometer 0.1.0\","
        " \"min_group\": 5, \"min_cell\": 3, \"level\": 0.95,"
        " \"title\": {\"nl\": \"Titel\", \"en\": \"Title\"}, \"cases\": 10,"
        " \"figures\": [],"
        " \"disclosure\": {\"min_group\": 5, \"min_cell\": 3,"
        "  \"method\": \"m\", \"rules\": [\"min_group\"], \"tables\": []}}",
        0, NULL);
    assert_non_null(doc);
    for (int i = 0; i < 4; i++) {
        json_t *fig = json_loads(FIGURE, 0, NULL);
        assert_non_null(fig);
        char id[16];
        snprintf(id, sizeof id, "fig%d", i);
        json_object_set_new(fig, "id", json_string(id));
        json_array_append_new(json_object_get(doc, "figures"), fig);
    }
    return doc;
}

/* The value at a path of keys and indexes ("figures/3/categories/2"). */
static json_t *at(json_t *doc, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *v = doc;
    for (char *save = NULL, *p = strtok_r(buf, "/", &save); p && v;
         p = strtok_r(NULL, "/", &save))
        v = json_is_array(v) ? json_array_get(v, strtoul(p, NULL, 10))
                             : json_object_get(v, p);
    return v;
}

static void test_valid(void **state)
{
    (void)state;
    json_t *doc = valid_doc();
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_results_check(doc, &err), BAR_OK);
    /* A figure with a note has only what its writer gave it. */
    json_t *f = at(doc, "figures/1");
    json_object_del(f, "categories");
    json_object_set_new(f, "note", json_string("no case in the base"));
    assert_int_equal(bar_results_check(doc, &err), BAR_OK);
    bar_error_clear(&err);
    json_decref(doc);
}

/* A broken document: the object at `path`, and `key` deleted (value
 * NULL) or set to `value` (JSON text). */
static const struct {
    const char *path, *key, *value, *message;
} broken[] = {
    {"figures/3/categories/2", "percent", NULL,
     "results: figures[3] 'fig3': categories[2]: 'percent' missing"},
    {"figures/3/categories/2", "percnt", "1.5",
     "results: figures[3] 'fig3': categories[2]: unknown key 'percnt'"},
    {"figures/0/categories/1", "count", "\"6\"",
     "results: figures[0] 'fig0': categories[1]: 'count' is a string, "
     "not an integer"},
    {"figures/2", "kind", "\"piechart\"",
     "results: figures[2] 'fig2': unknown kind 'piechart'"},
    {"figures/1", "label", "\"Innovatie\"",
     "results: figures[1] 'fig1': 'label' is a string, not a label"},
    {"figures/1", "n", "\"9\"",
     "results: figures[1] 'fig1': 'n' is a string, not an integer"},
    {"figures/1", "number", NULL,
     "results: figures[1] 'fig1': 'number' missing"},
    {"figures/1", "categories", "[1]",
     "results: figures[1] 'fig1': categories[0]: an integer, not an "
     "object"},
    {"figures/1", "note", "7",
     "results: figures[1] 'fig1': 'note' is an integer, not a string"},
    {"", "schema", "2", "results: schema 2, not 1"},
    {"", "schema", NULL, "results: schema ? 0, not 1"},
    {"", "title", NULL, "results: 'title' missing"},
    {"", "titel", "{\"nl\": \"x\"}", "results: unknown key 'titel'"},
    {"disclosure", "method", "1",
     "results: disclosure: 'method' is an integer, not a string"},
    {"figures/0", "id", NULL, "results: figures[0] '?': 'id' or 'kind' "
     "missing"},
};

static void test_broken(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; i++) {
        json_t *doc = valid_doc();
        json_t *o = at(doc, broken[i].path);
        assert_non_null(o);
        if (broken[i].value)
            json_object_set_new(o, broken[i].key,
                                json_loads(broken[i].value,
                                           JSON_DECODE_ANY, NULL));
        else
            json_object_del(o, broken[i].key);
        bar_error err;
        bar_error_init(&err);
        if (bar_results_check(doc, &err) != BAR_EINVALID)
            fail_msg("case %zu (%s) passed the check", i, broken[i].message);
        assert_string_equal(err.msg, broken[i].message);
        bar_error_clear(&err);
        json_decref(doc);
    }
}

/* Whether key is written in doc as a field: `key`, or a part of a path
 * such as `tables[].key` or `model.key.x`. */
static bool documented(const char *doc, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = strstr(doc, key); p; p = strstr(p + 1, key))
        if (p > doc && strchr("`.", p[-1]) && p[n] && strchr("`.[", p[n]))
            return true;
    return false;
}

/* Every "#define BAR_RK_X "key"" of results.h appears as `key` in the
 * contract. */
static void test_keys_documented(void **state)
{
    (void)state;
    char *doc = NULL, *hdr = NULL;
    size_t ndoc = 0, nhdr = 0;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_file_read(BAR_TEST_DATA "/../../docs/"
                                   "results-schema.md", 1 << 20, &doc, &ndoc,
                                   &err),
                     BAR_OK);
    assert_int_equal(bar_file_read(BAR_TEST_DATA "/../../src/results/"
                                   "results.h", 1 << 20, &hdr, &nhdr, &err),
                     BAR_OK);
    size_t nkeys = 0, missing = 0;
    for (char *p = strstr(hdr, "#define BAR_RK_"); p;
         p = strstr(p + 1, "#define BAR_RK_")) {
        char *q = strchr(p, '"'), *e = q ? strchr(q + 1, '"') : NULL;
        assert_non_null(e);
        char want[80];
        snprintf(want, sizeof want, "%.*s", (int)(e - q - 1), q + 1);
        if (!documented(doc, want)) {
            print_error("%s is not in docs/results-schema.md\n", want);
            missing++;
        }
        nkeys++;
    }
    assert_int_equal(missing, 0);
    assert_true(nkeys > 150);
    free(doc);
    free(hdr);
    bar_error_clear(&err);
}

static void test_accessors(void **state)
{
    (void)state;
    json_t *o = json_loads(
        "{\"both\": {\"nl\": \"ja\", \"en\": \"yes\"}, \"en_only\": "
        "{\"en\": \"yes\"}, \"nl_only\": {\"nl\": \"ja\"}, \"empty_en\": "
        "{\"nl\": \"ja\", \"en\": \"\"}, \"plain\": \"tekst\", \"n\": 7, "
        "\"x\": 2.5, \"z\": null, \"b\": true, \"a\": [1]}",
        0, NULL);
    static const struct {
        const char *key;
        bar_lang lang;
        const char *want;
    } labels[] = {
        {"both", BAR_LANG_NL, "ja"},     {"both", BAR_LANG_EN, "yes"},
        {"en_only", BAR_LANG_NL, "yes"}, {"nl_only", BAR_LANG_EN, "ja"},
        {"empty_en", BAR_LANG_EN, "ja"}, {"plain", BAR_LANG_EN, "tekst"},
        {"absent", BAR_LANG_NL, ""},     {"n", BAR_LANG_NL, ""},
    };
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        assert_string_equal(
            bar_results_label(o, labels[i].key, labels[i].lang),
            labels[i].want);
    assert_true(bar_results_num(o, "x") == 2.5);
    assert_true(bar_results_num(o, "n") == 7.0);
    assert_true(isnan(bar_results_num(o, "z")));
    assert_true(isnan(bar_results_num(o, "absent")));
    assert_int_equal(bar_results_int(o, "n", -1), 7);
    assert_int_equal(bar_results_int(o, "x", -1), -1);
    assert_int_equal(bar_results_int(o, "z", -1), -1);
    assert_string_equal(bar_results_str(o, "plain"), "tekst");
    assert_null(bar_results_str(o, "n"));
    assert_true(bar_results_bool(o, "b"));
    assert_false(bar_results_bool(o, "n"));
    assert_non_null(bar_results_array(o, "a"));
    assert_null(bar_results_array(o, "b"));
    assert_non_null(bar_results_obj(o, "both"));
    assert_null(bar_results_obj(NULL, "both"));
    json_decref(o);
}

static void test_note(void **state)
{
    (void)state;
    json_t *o = json_object();
    assert_int_equal(bar_results_note(o, BAR_RK_NOTE, "no answers", NULL),
                     BAR_OK);
    char *s = json_dumps(o, JSON_SORT_KEYS);
    assert_string_equal(s, "{\"note\": \"no answers\"}");
    free(s);
    assert_int_equal(bar_results_note(o, BAR_RK_NOTE,
                                      "fewer than {1} answers to '{2}': "
                                      "suppressed",
                                      "5", "innovated", NULL),
                     BAR_OK);
    s = json_dumps(o, JSON_SORT_KEYS);
    assert_string_equal(s, "{\"note\": \"fewer than 5 answers to "
                           "'innovated': suppressed\", \"note_args\": "
                           "[\"5\", \"innovated\"], \"note_format\": "
                           "\"fewer than {1} answers to '{2}': "
                           "suppressed\"}");
    free(s);
    json_t *e = json_object();
    assert_int_equal(bar_results_note(e, BAR_RK_ERROR, "'{1}' is constant",
                                      "x", NULL),
                     BAR_OK);
    assert_string_equal(bar_results_str(e, BAR_RK_ERROR), "'x' is constant");
    assert_string_equal(bar_results_str(e, BAR_RK_ERROR_FORMAT),
                        "'{1}' is constant");
    /* {2} without a second argument; a key that is no note. */
    assert_int_equal(bar_results_note(e, BAR_RK_NOTE, "{1} of {2}", "a",
                                      NULL),
                     BAR_EUSAGE);
    assert_null(bar_results_str(e, BAR_RK_NOTE));
    assert_int_equal(bar_results_note(e, BAR_RK_LABEL, "x", NULL),
                     BAR_EUSAGE);
    char buf[16];
    json_t *args = json_pack("[s]", "12345");
    bar_results_format(buf, sizeof buf, "n = {1}, {2}!", args);
    assert_string_equal(buf, "n = 12345, {2}!");
    bar_results_format(buf, 8, "n = {1}", args);
    assert_string_equal(buf, "n = 123");
    json_decref(args);
    json_decref(e);
    json_decref(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid),
        cmocka_unit_test(test_broken),
        cmocka_unit_test(test_keys_documented),
        cmocka_unit_test(test_accessors),
        cmocka_unit_test(test_note),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
