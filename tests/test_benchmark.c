/* test_benchmark.c - loading, validating and looking up benchmarks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/benchmark.h"

static const char header[] =
    "figure,variable,category,country,period,percent,qualifier,n,source\n";

static void shipped_file_loads(void **state)
{
    (void)state;
    bar_benchmarks *set = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_benchmarks_load(BAR_DATA_DIR "/benchmarks/nordic-2021.csv", &set,
                            &err) != BAR_OK)
        fail_msg("%s", err.msg);
    assert_int_equal(bar_benchmarks_count(set), 62);
    size_t pos = 0;
    const char *want[] = {"NL", "DK", "NO", "SE"};
    for (size_t i = 0; i < 4; i++) {
        const bar_benchmark *b = bar_benchmarks_next(set, "innovated", "1",
                                                     &pos);
        assert_non_null(b);
        assert_string_equal(b->country, want[i]);
        assert_int_equal(b->n, 0);
    }
    assert_null(bar_benchmarks_next(set, "innovated", "1", &pos));
    pos = 0;
    const bar_benchmark *b = bar_benchmarks_next(set, "tech_share", "1+2",
                                                 &pos);
    assert_non_null(b);
    assert_string_equal(b->qualifier, "less than");
    assert_true(b->percent == 30.0);
    pos = 0;
    assert_null(bar_benchmarks_next(set, "innovated", "0", &pos));
    pos = 0;
    assert_null(bar_benchmarks_next(NULL, "innovated", "1", &pos));
    bar_benchmarks_free(set);
    bar_error_clear(&err);
}

typedef struct bad_case {
    const char *what;
    const char *text;     /* after the header unless it starts with '!' */
    bar_status code;
    const char *message;  /* expected in err.msg */
} bad_case;

static const bad_case bad[] = {
    {"percent above 100", "fig1,innovated,1,DK,2018,101,,,COI\n",
     BAR_EINVALID, "bench.csv:2:26: variable 'percent'"},
    {"lower-case country", "fig1,innovated,1,dk,2018,80,,,COI\n",
     BAR_EINVALID, "variable 'country'"},
    {"bad period", "fig1,innovated,1,DK,2019-2018,80,,,COI\n", BAR_EINVALID,
     "variable 'period'"},
    {"bad category", "fig1,innovated,1+,DK,2018,80,,,COI\n", BAR_EINVALID,
     "variable 'category'"},
    {"unknown qualifier", "fig1,innovated,1,DK,2018,80,roughly,,COI\n",
     BAR_EINVALID, "variable 'qualifier'"},
    {"n not a count", "fig1,innovated,1,DK,2018,80,,0,COI\n", BAR_EINVALID,
     "variable 'n'"},
    {"no source", "fig1,innovated,1,DK,2018,80,,,\n", BAR_EINVALID,
     "variable 'source'"},
    {"repeated", "fig1,innovated,1,DK,2018,80,,,COI\n"
                 "fig1,innovated,1,DK,2018,81,,,COI\n",
     BAR_EINVALID, "repeats line 2"},
    {"unknown column", "!figure,variable,category,country,period,percent,"
                       "qualifier,n,source,extra\n", BAR_EINVALID,
     "unknown column 'extra'"},
    {"missing column", "!figure,variable,category,country,period,percent,"
                       "qualifier,n\n", BAR_EINVALID,
     "missing column 'source'"},
};

static void bad_files_are_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[1024];
        if (bad[i].text[0] == '!')
            snprintf(text, sizeof text, "%s", bad[i].text + 1);
        else
            snprintf(text, sizeof text, "%s%s", header, bad[i].text);
        bar_benchmarks *set = (bar_benchmarks *)&set;
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_benchmarks_parse(text, strlen(text), "bench.csv",
                                             &set, &err);
        if (rc != bad[i].code || !strstr(err.msg, bad[i].message))
            fail_msg("%s: status %d, message '%s'", bad[i].what, (int)rc,
                     err.msg);
        assert_null(set);
        bar_error_clear(&err);
    }
}

/* Every fault is reported, not only the first. */
static void every_fault_is_reported(void **state)
{
    (void)state;
    char text[1024];
    snprintf(text, sizeof text, "%s%s", header,
             "fig1,innovated,1,DK,2018,180,,,COI\n"
             "fig1,innovated,1,XX1,2018,80,,,COI\n");
    bar_benchmarks *set = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_benchmarks_parse(text, strlen(text), "b.csv", &set,
                                          &err), BAR_EINVALID);
    assert_int_equal(err.count, 2);
    assert_non_null(strstr(err.log, "b.csv:3:"));
    bar_error_clear(&err);
}

static void columns_in_any_order(void **state)
{
    (void)state;
    static const char text[] =
        "source,n,qualifier,percent,period,country,category,variable,figure\n"
        "COI,120,about,11,2018-2019,DK,1,driver_citizens,fig7\n";
    bar_benchmarks *set = NULL;
    assert_int_equal(bar_benchmarks_parse(text, sizeof text - 1, "b.csv",
                                          &set, NULL), BAR_OK);
    const bar_benchmark *b = bar_benchmarks_get(set, 0);
    assert_string_equal(b->variable, "driver_citizens");
    assert_int_equal(b->n, 120);
    assert_string_equal(b->source, "COI");
    assert_null(bar_benchmarks_get(set, 1));
    bar_benchmarks_free(set);
}

static const char label_header[] = "source,country,label_nl,label_en\n";

/* The shipped labels name every source and country of the shipped
 * benchmarks, one label per source: the published 2021 report is
 * "Nederland 2021 (gepubliceerd)" whatever period its values are about. */
static void shipped_labels_load(void **state)
{
    (void)state;
    bar_benchmarks *set = NULL;
    bar_error err;
    bar_error_init(&err);
    if (bar_benchmarks_load(BAR_DATA_DIR "/benchmarks/nordic-2021.csv", &set,
                            &err) != BAR_OK ||
        bar_benchmarks_load_labels(set, BAR_DATA_DIR
                                   "/benchmarks/nordic-2021-labels.csv",
                                   &err) != BAR_OK)
        fail_msg("%s", err.msg);
    static const struct {
        const char *variable, *category, *country, *period, *nl, *en;
    } want[] = {
        {"innovated", "1", "NL", "2019-2020", "Nederland 2021 (gepubliceerd)",
         "Netherlands 2021 (published)"},
        {"climate_group", "1", "NL", "2021", "Nederland 2021 (gepubliceerd)",
         "Netherlands 2021 (published)"},
        {"covid_production", "3", "NL", "2020",
         "Nederland 2021 (gepubliceerd)", "Netherlands 2021 (published)"},
        {"innovated", "1", "DK", "2018-2019", "Denemarken 2018-2019",
         "Denmark 2018-2019"},
        {"origin", "1", "DK", "2018-2019", "Denemarken 2018-2019",
         "Denmark 2018-2019"},
        {"innovated", "1", "NO", "", "Noorwegen", "Norway"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        size_t pos = 0;
        const bar_benchmark *b;
        while ((b = bar_benchmarks_next(set, want[i].variable,
                                        want[i].category, &pos)) &&
               (strcmp(b->country, want[i].country) ||
                strcmp(b->period, want[i].period)))
            ;
        if (!b)
            fail_msg("no %s %s %s", want[i].variable, want[i].category,
                     want[i].country);
        assert_string_equal(b->label_nl, want[i].nl);
        assert_string_equal(b->label_en, want[i].en);
    }
    /* every benchmark has one; one label per source and country */
    for (size_t i = 0; i < bar_benchmarks_count(set); i++) {
        const bar_benchmark *a = bar_benchmarks_get(set, i);
        assert_non_null(a->label_nl);
        for (size_t j = 0; j < i; j++) {
            const bar_benchmark *b = bar_benchmarks_get(set, j);
            if (strcmp(a->source, b->source) == 0 &&
                strcmp(a->country, b->country) == 0)
                assert_string_equal(a->label_nl, b->label_nl);
        }
    }
    bar_benchmarks_free(set);
    bar_error_clear(&err);
}

static const bad_case bad_labels[] = {
    {"no label for a source", "COI,DK,Denemarken,Denmark\n", BAR_EINVALID,
     "no label for source 'IBO', country NL (benchmark line 3)"},
    {"labelled twice", "COI,DK,Denemarken,Denmark\n"
                       "IBO,NL,Nederland,Netherlands\n"
                       "COI,DK,Denemarken 2018,Denmark 2018\n",
     BAR_EINVALID, "l.csv:4: COI DK repeats line 2"},
    {"empty label", "COI,DK,,Denmark\nIBO,NL,Nederland,Netherlands\n",
     BAR_EINVALID, "l.csv:2:8: variable 'label_nl'"},
    {"bad country", "COI,Danmark,Denemarken,Denmark\n", BAR_EINVALID,
     "variable 'country'"},
    {"missing column", "!source,country,label_nl\n", BAR_EINVALID,
     "missing column 'label_en'"},
};

static void bad_labels_are_refused(void **state)
{
    (void)state;
    static const char bench[] =
        "figure,variable,category,country,period,percent,qualifier,n,source\n"
        "fig1,innovated,1,DK,2018-2019,80,,,COI\n"
        "fig1,innovated,1,NL,2019-2020,86,,,IBO\n";
    for (size_t i = 0; i < sizeof bad_labels / sizeof bad_labels[0]; i++) {
        bar_benchmarks *set = NULL;
        assert_int_equal(bar_benchmarks_parse(bench, sizeof bench - 1,
                                              "b.csv", &set, NULL), BAR_OK);
        char text[1024];
        if (bad_labels[i].text[0] == '!')
            snprintf(text, sizeof text, "%s", bad_labels[i].text + 1);
        else
            snprintf(text, sizeof text, "%s%s", label_header,
                     bad_labels[i].text);
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_benchmarks_parse_labels(set, text, strlen(text),
                                                    "l.csv", &err);
        if (rc != bad_labels[i].code ||
            !strstr(err.msg, bad_labels[i].message))
            fail_msg("%s: status %d, message '%s'", bad_labels[i].what,
                     (int)rc, err.msg);
        /* nothing was attached */
        assert_null(bar_benchmarks_get(set, 0)->label_nl);
        bar_error_clear(&err);
        bar_benchmarks_free(set);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_file_loads),
        cmocka_unit_test(bad_files_are_refused),
        cmocka_unit_test(every_fault_is_reported),
        cmocka_unit_test(columns_in_any_order),
        cmocka_unit_test(shipped_labels_load),
        cmocka_unit_test(bad_labels_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
