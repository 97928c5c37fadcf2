/* test_text.c - the text layer (src/text/): the tokenizer's rules, the
 * stop list, the Snowball wiring against Snowball's own Dutch vocabulary,
 * counting, G2 and the concept groups of a small corpus worked out by
 * hand (docs/text-mining.md).
 *
 * G2 reference values are from R (tests/ref/text_g2.R): 2 * sum(o *
 * log(o / e)) over the 2 x 2 table.
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

#include "text/concepts.h"
#include "text/corpus.h"
#include "text/stemmer.h"
#include "text/stoplist.h"
#include "text/textmine.h"
#include "text/tokenizer.h"

#ifndef SNOWBALL_DUTCH
#define SNOWBALL_DUTCH "/usr/share/snowball/data/dutch"
#endif

/* ---- tokenizer: each case's tokens as one string ----------------------
 * a word as its surface form, "key=" when the key differs, "#" a number,
 * "<url>", "<email>"; separated by spaces. */

typedef struct collect {
    char out[2048];
} collect;

static bar_status gather(void *ctx, const bar_token *t, bar_error *err)
{
    (void)err;
    collect *c = ctx;
    size_t n = strlen(c->out);
    const char *sep = n ? " " : "";
    switch (t->kind) {
    case BAR_TOKEN_WORD:
        if (strcmp(t->surface, t->key) != 0)
            snprintf(c->out + n, sizeof c->out - n, "%s%s(%s)", sep,
                     t->surface, t->key);
        else
            snprintf(c->out + n, sizeof c->out - n, "%s%s", sep, t->surface);
        break;
    case BAR_TOKEN_NUMBER:
        snprintf(c->out + n, sizeof c->out - n, "%s#", sep);
        break;
    case BAR_TOKEN_URL:
        snprintf(c->out + n, sizeof c->out - n, "%s<url>", sep);
        break;
    case BAR_TOKEN_EMAIL:
        snprintf(c->out + n, sizeof c->out - n, "%s<email>", sep);
        break;
    }
    return BAR_OK;
}

static const struct {
    const char *in, *want;
} token_cases[] = {
    {"Digitaal werken", "digitaal werken"},
    {"Financiële  DATA.", "financiële data"},
    {"e-mail en thuis-werken",
     "e-mail(email) en thuis-werken(thuiswerken)"},
    {"zorg- en welzijn", "zorg en welzijn"},
    {"auto's en euro’s", "auto en euro"},
    {"zo'n idee", "zo idee"},
    {"covid-19 maatregelen", "covid # maatregelen"},
    {"in 2021 3,5 miljoen 3D", "in # # # miljoen #"},
    {"zie https://www.rijksoverheid.nl/thuiswerken!",
     "zie <url>"},
    {"(www.example.org) en rijksoverheid.nl", "<url> en <url>"},
    {"mail jan.jansen@gemeente.nl of mij", "mail <email> of mij"},
    {"o.a. een dashboard", "<url> een dashboard"},
    {"en/of beleid", "en of beleid"},
    {"uitger://. klaar", "<url> klaar"},        /* found by fuzz_text */
    {"(mail: @gemeente)", "mail <email>"},
    {"a b c dé", "dé"},
    {"CAFÉ Café café", "café café café"},
    {"Cafe\xcc\x81", "café"},                    /* NFD in, NFC out */
    {"bad\xff" "byte", "bad byte"},             /* invalid byte: a space */
    {"half\xc3", "half"},                       /* cut sequence */
    {"\xed\xa0\x80surrogaat", "surrogaat"},     /* encoded surrogate */
    {"ĳs en ijs", "ijs en ijs"},                 /* NFKC */
    {"thuis\xc2\xadwerken", "thuiswerken"},   /* soft hyphen ignored */
    {"CO\xe2\x82\x82-uitstoot", "# uitstoot"},
    {"-- !! ??", ""},
    {"", ""},
};

static void tokenizer_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof token_cases / sizeof token_cases[0]; i++) {
        collect c = {{0}};
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_tokenizer_split(token_cases[i].in,
                                             strlen(token_cases[i].in),
                                             gather, &c, &err),
                         BAR_OK);
        if (strcmp(c.out, token_cases[i].want) != 0)
            fail_msg("case %zu '%s': got '%s', want '%s'", i,
                     token_cases[i].in, c.out, token_cases[i].want);
        bar_error_clear(&err);
    }
}

static bar_status count_tokens(void *ctx, const bar_token *t,
                               bar_error *err)
{
    (void)t;
    (void)err;
    (*(size_t *)ctx)++;
    return BAR_OK;
}

static void tokenizer_caps(void **state)
{
    (void)state;
    /* "abcd " over the cap: only the first BAR_TOKENIZER_MAX_BYTES bytes
     * are read, 16384 / 5 = 3276 whole words and "abcd" at 16380..16383 */
    size_t n = BAR_TOKENIZER_MAX_BYTES + 100;
    char *s = malloc(n + 1);
    assert_non_null(s);
    for (size_t i = 0; i < n; i++)
        s[i] = i % 5 == 4 ? ' ' : (char)('a' + i % 5);
    s[n] = '\0';
    bar_error err;
    bar_error_init(&err);
    size_t count = 0;
    assert_int_equal(bar_tokenizer_split(s, n, count_tokens, &count, &err),
                     BAR_OK);
    assert_int_equal(count, 3277);
    free(s);
    /* a word longer than BAR_TOKEN_MAX_BYTES is dropped; one of exactly
     * that length kept */
    char longw[BAR_TOKEN_MAX_BYTES + 2];
    memset(longw, 'a', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    count = 0;
    assert_int_equal(bar_tokenizer_split(longw, strlen(longw), count_tokens,
                                         &count, &err),
                     BAR_OK);
    assert_int_equal(count, 0);
    longw[BAR_TOKEN_MAX_BYTES] = '\0';
    assert_int_equal(bar_tokenizer_split(longw, strlen(longw), count_tokens,
                                         &count, &err),
                     BAR_OK);
    assert_int_equal(count, 1);
    bar_error_clear(&err);
}

/* ---- redaction of quotes ---------------------------------------------- */

static void redact_addresses(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"Zie https://www.voorbeeld.nl/x.", "Zie [\xe2\x80\xa6]"},
        {"mail jan@gemeente.nl of bel", "mail [\xe2\x80\xa6] of bel"},
        {"(www.example.org) en rijksoverheid.nl!",
         "[\xe2\x80\xa6] en [\xe2\x80\xa6]"},
        {"Gewoon  een\tzin.\n", "Gewoon  een\tzin.\n"},
        {"fout\xff byte", "fout\xef\xbf\xbd byte"},
        {"financiële data", "financiële data"},
        {"", ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_buf b;
        bar_buf_init(&b, 4096);
        assert_int_equal(bar_tokenizer_redact(cases[i].in,
                                              strlen(cases[i].in), &b),
                         BAR_OK);
        const char *got = b.data ? b.data : "";
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got '%s', want '%s'", i, got, cases[i].want);
        bar_buf_clear(&b);
    }
}

/* ---- stop list --------------------------------------------------------- */

static void stoplist_matches_plain_forms(void **state)
{
    (void)state;
    bar_stoplist *sl = bar_stoplist_new();
    assert_non_null(sl);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_stoplist_load(sl, BAR_DATA_DIR "/text/stop-nl.txt",
                                       &err),
                     BAR_OK);
    /* Snowball's 101 words, "u" (one letter) gives no entry */
    assert_int_equal(bar_stoplist_count(sl), 100);
    assert_true(bar_stoplist_has(sl, "de"));
    assert_true(bar_stoplist_has(sl, "geweest"));
    assert_false(bar_stoplist_has(sl, "digitaal"));
    assert_int_equal(bar_stoplist_add(sl, "Één", &err), BAR_OK);
    assert_true(bar_stoplist_has(sl, "een"));
    assert_int_equal(bar_stoplist_add(sl, "Organisatie", &err), BAR_OK);
    assert_true(bar_stoplist_has(sl, "organisatie"));
    assert_int_equal(bar_stoplist_add(sl, "de heer", &err), BAR_EINVALID);
    assert_int_equal(bar_stoplist_add(sl, "www.x.nl", &err), BAR_EINVALID);
    bar_stoplist_free(sl);
    bar_stoplist_free(NULL);
    bar_error_clear(&err);
}

/* ---- Snowball's Dutch vocabulary: every word gives its listed stem ----- */

static void snowball_vocabulary(void **state)
{
    (void)state;
    FILE *voc = fopen(SNOWBALL_DUTCH "/voc.txt", "r");
    FILE *out = fopen(SNOWBALL_DUTCH "/output.txt", "r");
    if (!voc || !out) {
        if (voc)
            fclose(voc);
        if (out)
            fclose(out);
        fail_msg("snowball-data is not installed (%s): "
                 "scripts/install-deps.sh --with-tools", SNOWBALL_DUTCH);
    }
    bar_stemmer *st = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_stemmer_new("dutch", &st, &err), BAR_OK);
    char w[512], s[512];
    size_t n = 0, bad = 0;
    while (fgets(w, sizeof w, voc)) {
        assert_non_null(fgets(s, sizeof s, out));
        w[strcspn(w, "\r\n")] = '\0';
        s[strcspn(s, "\r\n")] = '\0';
        size_t len = 0;
        const char *got = bar_stemmer_stem(st, w, strlen(w), &len);
        assert_non_null(got);
        if (len != strlen(s) || memcmp(got, s, len) != 0) {
            if (bad++ < 10)
                print_message("'%s': got '%.*s', want '%s'\n", w, (int)len,
                              got, s);
        }
        n++;
    }
    assert_null(fgets(s, sizeof s, out));
    fclose(voc);
    fclose(out);
    assert_int_equal(bad, 0);
    assert_true(n > 45000); /* 45669 words in snowball-data 0+20210120 */
    bar_stemmer *none = NULL;
    assert_int_equal(bar_stemmer_new("klingon", &none, &err),
                     BAR_ENOTFOUND);
    assert_null(none);
    bar_stemmer_free(st);
    bar_stemmer_free(NULL);
    bar_error_clear(&err);
}

/* ---- G2 against R ------------------------------------------------------ */

static void g2_against_r(void **state)
{
    (void)state;
    static const struct {
        size_t a, na, nb, n;
        double g2;
    } cases[] = {
        {2, 3, 4, 10, 1.265374090223},
        {3, 3, 3, 6, 8.317766166719},
        {0, 3, 3, 6, 8.317766166719},
        {5, 20, 30, 100, 0.305634697387},
        {1, 1, 1, 2, 2.772588722240},
        {0, 0, 0, 0, 0.0},
        {4, 3, 5, 10, 0.0}, /* impossible table */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double g = bar_concepts_g2(cases[i].a, cases[i].na, cases[i].nb,
                                   cases[i].n);
        if (fabs(g - cases[i].g2) > 1e-9)
            fail_msg("case %zu: G2 %.12f, want %.12f", i, g, cases[i].g2);
    }
}

/* ---- a corpus worked out by hand ----------------------------------------
 * Six answers; stop words (en, op, met, voor, bij) go. Stems (Snowball):
 * thuiswerk 3 (a0 a1 a2), overleg 3 (a0 a1 a2), afstand 2 (a0 a2), via 1,
 * team 1, data 3 (a3 a4 a5), digital 3 ("digitale" twice, "digitaal"
 * once: shown as "digitale"), dashboard 2 (a3 a4), datadashboard 1 (a5).
 * Terms of >= 3 answers: thuiswerk, overleg, data, digital. Pairs: both
 * group pairs meet in all 3 of their answers (a = 3, na = nb = 3, n = 6,
 * G2 = 12 ln 2 = 8.3178 > 3.84); the cross pairs never meet. Two groups,
 * both touching 3 answers: ordered by name. */

static const char *const fixture[] = {
    "Thuiswerken en overleg op afstand.",
    "Overleg via Teams bij thuiswerken.",
    "Thuiswerken: overleg, afstand! Zie https://intranet.example.nl/x",
    "Data en digitale dashboards. Mail a.b@c.nl",
    "Dashboards met data, digitaal.",
    "Data-dashboards; digitale data voor 2021.",
};

static void corpus_and_groups_by_hand(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_textmine *tm = NULL;
    assert_int_equal(bar_textmine_new(NULL, &tm, &err), BAR_OK);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(bar_textmine_add(tm, &fixture[i], 1, &err), BAR_OK);
    const bar_corpus *c = bar_textmine_corpus(tm);
    assert_int_equal(bar_corpus_nanswers(c), 6);
    static const struct {
        const char *stem, *form;
        size_t count;
    } want[] = {
        {"thuiswerk", "thuiswerken", 3}, {"overleg", "overleg", 3},
        {"afstand", "afstand", 2},       {"via", "via", 1},
        {"team", "teams", 1},            {"zie", "zie", 1},
        {"data", "data", 3},             {"digital", "digitale", 3},
        {"dashboard", "dashboards", 2},  {"mail", "mail", 1},
        {"datadashboard", "data-dashboards", 1},
    };
    assert_int_equal(bar_corpus_nterms(c), sizeof want / sizeof want[0]);
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        assert_string_equal(bar_corpus_stem(c, i), want[i].stem);
        assert_string_equal(bar_corpus_form(c, i), want[i].form);
        assert_int_equal(bar_corpus_count(c, i), want[i].count);
    }
    bar_corpus_tally t = bar_corpus_tally_of(c);
    assert_int_equal(t.urls, 1);
    assert_int_equal(t.emails, 1);
    assert_int_equal(t.numbers, 1);
    assert_int_equal(t.stop_words, 6); /* en op bij en met voor */

    bar_concepts k;
    assert_int_equal(bar_textmine_find(tm, &k, &err), BAR_OK);
    assert_int_equal(k.nanswers, 6);
    assert_int_equal(k.nterms, 4);
    assert_int_equal(k.nedges, 2);
    assert_int_equal(k.ngroups, 2);
    assert_string_equal(k.groups[0].name, "data & digitale");
    assert_string_equal(k.groups[1].name, "overleg & thuiswerken");
    assert_int_equal(k.groups[0].count, 3);
    assert_int_equal(k.groups[1].count, 3);
    assert_int_equal(k.groups[0].nterms, 2);
    assert_string_equal(k.groups[0].terms[0].form, "data");
    assert_true(k.groups[0].terms[0].centrality == 3.0); /* 3 shared */
    static const bool touch[6][2] = {{0, 1}, {0, 1}, {0, 1},
                                     {1, 0}, {1, 0}, {1, 0}};
    for (size_t a = 0; a < 6; a++)
        for (size_t g = 0; g < 2; g++)
            assert_int_equal(k.touch[a * 2 + g], touch[a][g]);
    /* the same answers give the same groups, also in another order (the
     * graph's vertices are the terms by count and stem, not by first
     * appearance) */
    bar_concepts k2;
    assert_int_equal(bar_textmine_find(tm, &k2, &err), BAR_OK);
    assert_string_equal(k2.groups[0].name, k.groups[0].name);
    bar_concepts_clear(&k2);
    bar_textmine *rev = NULL;
    assert_int_equal(bar_textmine_new(NULL, &rev, &err), BAR_OK);
    for (size_t i = 6; i-- > 0;)
        assert_int_equal(bar_textmine_add(rev, &fixture[i], 1, &err),
                         BAR_OK);
    assert_int_equal(bar_textmine_find(rev, &k2, &err), BAR_OK);
    assert_int_equal(k2.ngroups, k.ngroups);
    for (size_t g = 0; g < k.ngroups; g++) {
        assert_string_equal(k2.groups[g].name, k.groups[g].name);
        assert_int_equal(k2.groups[g].count, k.groups[g].count);
        for (size_t a = 0; a < 6; a++)
            assert_int_equal(k2.touch[(5 - a) * k.ngroups + g],
                             k.touch[a * k.ngroups + g]);
    }
    bar_concepts_clear(&k2);
    bar_textmine_free(rev);
    /* nothing of an address reaches the JSON */
    json_t *doc = bar_textmine_json(tm, &k);
    char *s = json_dumps(doc, 0);
    assert_non_null(s);
    assert_null(strstr(s, "intranet"));
    assert_null(strstr(s, "a.b@c"));
    assert_null(strstr(s, "2021"));
    free(s);
    json_decref(doc);
    bar_concepts_clear(&k);
    bar_concepts_clear(NULL);

    /* a minimum of 4: no term left, no group */
    bar_concepts_opts o = {.min_count = 4};
    assert_int_equal(bar_concepts_find(c, &o, &k, &err), BAR_OK);
    assert_int_equal(k.nterms, 0);
    assert_int_equal(k.ngroups, 0);
    bar_concepts_clear(&k);
    /* never below 3 */
    o.min_count = 2;
    assert_int_equal(bar_concepts_find(c, &o, &k, &err), BAR_EUSAGE);
    bar_concepts_clear(&k);
    bar_textmine_spec spec = {.min_count = 2};
    bar_textmine *t2 = NULL;
    assert_int_equal(bar_textmine_new(&spec, &t2, &err), BAR_EUSAGE);
    assert_null(t2);
    bar_textmine_free(tm);
    bar_textmine_free(NULL);
    bar_error_clear(&err);
}

/* The study's stop-word additions take words out. */
/* Answers with no word in them (empty, only stop words, no text at all)
 * count as answers and add no term, also when they come first, before
 * the corpus has any term (the sanitizer build once found a qsort of
 * nothing through a NULL array here, in export_sav.sh). */
static void answers_without_words(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_textmine *tm = NULL;
    assert_int_equal(bar_textmine_new(NULL, &tm, &err), BAR_OK);
    static const char *const empty[] = {"", "en de het", NULL};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(bar_textmine_add(tm, &empty[i], 1, &err), BAR_OK);
    const bar_corpus *c = bar_textmine_corpus(tm);
    assert_int_equal(bar_corpus_nanswers(c), 3);
    assert_int_equal(bar_corpus_nterms(c), 0);
    bar_concepts k;
    assert_int_equal(bar_textmine_find(tm, &k, &err), BAR_OK);
    assert_int_equal(k.ngroups, 0);
    assert_int_equal(k.nterms, 0);
    bar_concepts_clear(&k);
    static const char *const one[] = {"thuiswerken"};
    assert_int_equal(bar_textmine_add(tm, one, 1, &err), BAR_OK);
    assert_int_equal(bar_corpus_nanswers(c), 4);
    assert_int_equal(bar_corpus_nterms(c), 1);
    bar_textmine_free(tm);
    bar_error_clear(&err);
}

static void study_additions(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    const char *const stop[] = {"Thuiswerken"};
    bar_textmine_spec spec = {.stop_words = stop, .nstop_words = 1};
    bar_textmine *tm = NULL;
    assert_int_equal(bar_textmine_new(&spec, &tm, &err), BAR_OK);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(bar_textmine_add(tm, &fixture[i], 1, &err), BAR_OK);
    bar_concepts k;
    assert_int_equal(bar_textmine_find(tm, &k, &err), BAR_OK);
    assert_int_equal(k.nterms, 3);
    assert_int_equal(k.ngroups, 1);
    assert_string_equal(k.groups[0].name, "data & digitale");
    bar_concepts_clear(&k);
    bar_textmine_free(tm);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tokenizer_rules),
        cmocka_unit_test(tokenizer_caps),
        cmocka_unit_test(redact_addresses),
        cmocka_unit_test(stoplist_matches_plain_forms),
        cmocka_unit_test(snowball_vocabulary),
        cmocka_unit_test(g2_against_r),
        cmocka_unit_test(corpus_and_groups_by_hand),
        cmocka_unit_test(answers_without_words),
        cmocka_unit_test(study_additions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
