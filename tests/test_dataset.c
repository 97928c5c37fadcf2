/* test_dataset.c - the dataset, and responses CSV import/export against the
 * mini instrument (tests/data/dataset/mini.json). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "dataset/dataset_csv.h"
#include "dataset/dataset.h"
#include "instrument/instrument.h"

static bar_instrument *mini;

static int load_mini(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = bar_instrument_load(BAR_TEST_DATA "/dataset/mini.json",
                                        &mini, &err);
    if (rc != BAR_OK)
        print_error("mini.json: %s\n", err.msg);
    bar_error_clear(&err);
    return rc == BAR_OK ? 0 : -1;
}

static int free_mini(void **state)
{
    (void)state;
    bar_instrument_free(mini);
    return 0;
}

static size_t col(const char *name)
{
    long c = bar_instrument_find(mini, name);
    assert_true(c >= 0);
    return (size_t)c;
}

/* ---- the table itself ---- */

static void test_rows_and_cells(void **state)
{
    (void)state;
    bar_dataset *ds = bar_dataset_new(mini);
    assert_non_null(ds);
    assert_int_equal(bar_dataset_ncols(ds), 16);
    assert_int_equal(bar_dataset_nrows(ds), 0);
    for (size_t i = 0; i < 1000; i++) {
        size_t r;
        assert_int_equal(bar_dataset_add_row(ds, &r), BAR_OK);
        assert_int_equal(r, i);
        bar_dataset_set(ds, r, col("size"), (double)(i % 3 + 1));
    }
    assert_true(isnan(bar_dataset_get(ds, 5, col("origin"))));
    assert_true(bar_dataset_get(ds, 999, col("size")) == 1.0);
    assert_true(bar_dataset_column(ds, col("size"))[4] == 2.0);
    /* String cells: copied, replaced, freed; numeric view is NAN. */
    char id[] = "X1";
    assert_int_equal(bar_dataset_set_str(ds, 3, col("org_id"), id), BAR_OK);
    id[0] = 'Y';
    assert_string_equal(bar_dataset_get_str(ds, 3, col("org_id")), "X1");
    assert_int_equal(bar_dataset_set_str(ds, 3, col("org_id"), "X2"),
                     BAR_OK);
    assert_string_equal(bar_dataset_get_str(ds, 3, col("org_id")), "X2");
    assert_true(isnan(bar_dataset_get(ds, 3, col("org_id"))));
    assert_null(bar_dataset_get_str(ds, 4, col("org_id")));
    assert_int_equal(bar_dataset_set_str(ds, 3, col("size"), "1"),
                     BAR_EUSAGE);
    /* Setting a numeric value on a string column is ignored. */
    bar_dataset_set(ds, 3, col("description"), 5);
    assert_true(isnan(bar_dataset_get(ds, 3, col("description"))));
    /* Out of range reads are NAN / NULL, not crashes. */
    assert_true(isnan(bar_dataset_get(ds, 1000, 0)));
    assert_null(bar_dataset_get_str(ds, 0, 99));
    double row[16];
    bar_dataset_row(ds, 1, row);
    assert_true(row[col("size")] == 2.0);
    assert_true(isnan(row[col("innovated")]));
    assert_int_equal(bar_dataset_col(ds, "tech_new"), 10);
    assert_int_equal(bar_dataset_col(ds, "nope"), -1);
    char expected[64];
    bar_dataset_expected(ds, col("origin"), expected, sizeof expected);
    assert_string_equal(expected, "1, 2 or 3");
    bar_dataset_expected(ds, col("sector"), expected, sizeof expected);
    assert_string_equal(expected, "gem, rijk or ws");
    bar_dataset_expected(ds, col("wave"), expected, sizeof expected);
    assert_string_equal(expected, "2000 to 2100");
    bar_dataset_expected(ds, col("sector"), expected, 8);
    assert_string_equal(expected, "gem,...");
    bar_dataset_free(ds);
    bar_dataset_free(NULL);
}

/* check_row on a dataset built in code (as the store and simulator do). */
static void test_check_row(void **state)
{
    (void)state;
    bar_dataset *ds = bar_dataset_new(mini);
    size_t r;
    assert_int_equal(bar_dataset_add_row(ds, &r), BAR_OK);
    bar_dataset_set_str(ds, r, col("org_id"), "A");
    bar_dataset_set(ds, r, col("innovated"), 1);
    bar_dataset_set(ds, r, col("tech_share"), 3);
    bar_dataset_set(ds, r, col("tech_new"), 2);
    bar_dataset_set(ds, r, col("sector"), 2);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_dataset_check_row(ds, r, "x", 7, &err), BAR_OK);
    bar_dataset_set(ds, r, col("sector"), 3);       /* index out of range */
    bar_dataset_set(ds, r, col("tech_share"), 1);   /* tech_new not asked */
    bar_dataset_set(ds, r, col("origin"), 2.5);     /* not a code */
    assert_int_equal(bar_dataset_check_row(ds, r, "x", 7, &err),
                     BAR_EINVALID);
    assert_int_equal(err.count, 3);
    assert_string_equal(err.msg, "x:7: variable 'sector': value 3 out of "
                                 "range (expected gem, rijk or ws)");
    assert_string_equal(
        err.log,
        "x:7: variable 'origin': code 2.5 out of range (expected 1, 2 or "
        "3)\n"
        "x:7: variable 'tech_new': answered, but tech_new is asked only "
        "when tech_share >= 2; here tech_share = 1\n");
    bar_error_clear(&err);
    bar_dataset_free(ds);
}

/* ---- import: faults ---- */

typedef struct bad_case {
    const char *name;
    const char *csv;
    bar_status status;
    const char *msg;   /* the first message, exactly */
} bad_case;

/* Every message names the line where the row starts, the 1-based field
 * and the header's name of the column. */
static const bad_case bad_cases[] = {
    {"unknown column", "org_id,wave,colour\nA1,2021,red\n", BAR_EINVALID,
     "r.csv:1: field 3 'colour': unknown column (not a variable of "
     "instrument mini)"},
    {"misspelt column", "org_id,sise\nA1,1\n", BAR_EINVALID,
     "r.csv:1: field 2 'sise': unknown column; did you mean 'size'? (the "
     "file has no column 'size')"},
    {"column in the wrong case", "org_id,Innovated\nA1,1\n", BAR_EINVALID,
     "r.csv:1: field 2 'Innovated': unknown column; did you mean "
     "'innovated'? (the file has no column 'innovated')"},
    {"transposed letters", "org_id,orgiin\nA1,1\n", BAR_EINVALID,
     "r.csv:1: field 2 'orgiin': unknown column; did you mean 'origin'? "
     "(the file has no column 'origin')"},
    {"too far for a suggestion", "org_id,sz\nA1,1\n", BAR_EINVALID,
     "r.csv:1: field 2 'sz': unknown column (not a variable of instrument "
     "mini)"},
    {"duplicate column", "org_id,size,size\nA1,1,1\n", BAR_EINVALID,
     "r.csv:1: field 3 'size': duplicate column (also field 2)"},
    {"derived column", "org_id,spectrum\nA1,1\n", BAR_EINVALID,
     "r.csv:1: field 2 'spectrum': a derived variable: it is computed by "
     "the analysis and cannot be imported"},
    {"no org_id", "wave,size\n2021,1\n", BAR_EINVALID,
     "r.csv:1: no column 'org_id': every row needs the organisation's "
     "identifier"},
    {"no innovated column for an innovators' question",
     "org_id,origin,description\nA1,1,x\nA2,2,y\n", BAR_EINVALID,
     "r.csv:1: no column 'innovated', which decides who is asked origin and "
     "description"},
    {"no tech_share column for tech_new",
     "org_id,innovated,tech_new\nA1,1,1\n", BAR_EINVALID,
     "r.csv:1: no column 'tech_share', which decides who is asked "
     "tech_new"},
    {"empty column name", "org_id,,size\nA1,,1\n", BAR_EINVALID,
     "r.csv:1: field 2: empty column name"},
    {"header without data rows", "org_id,size,innovated\r\n", BAR_EINVALID,
     "r.csv: no data rows (the file has only a header)"},
    {"code out of range", "org_id,innovated,origin\nA1,1,7\n", BAR_EINVALID,
     "r.csv:2: field 3 'origin': code 7 out of range (expected 1, 2 or 3)"},
    {"yes/no out of range", "org_id,innovated\nA1,2\n", BAR_EINVALID,
     "r.csv:2: field 2 'innovated': code 2 out of range (expected 0 or 1)"},
    {"binary out of range", "org_id,innovated,collab_none\nA1,1,2\n",
     BAR_EINVALID,
     "r.csv:2: field 3 'collab_none': value 2 out of range (expected 0 or "
     "1)"},
    {"integer out of range", "org_id,wave\nA1,1999\n", BAR_EINVALID,
     "r.csv:2: field 2 'wave': value 1999 out of range (expected 2000 to "
     "2100)"},
    {"text in a numeric field", "org_id,size\nA1,abc\n", BAR_EINVALID,
     "r.csv:2: field 2 'size': 'abc' is not a number (expected 1, 2 or 3)"},
    {"dutch decimal comma", "org_id;size\nA1;3,0\n", BAR_EINVALID,
     "r.csv:2: field 2 'size': '3,0' has a decimal comma; write whole "
     "numbers without decimals (expected 1, 2 or 3)"},
    {"decimal point", "org_id,size\nA1,2.0\n", BAR_EINVALID,
     "r.csv:2: field 2 'size': '2.0' is not a whole number (expected 1, 2 "
     "or 3)"},
    {"huge number", "org_id,size\nA1,12345678901234567890\n", BAR_EINVALID,
     "r.csv:2: field 2 'size': '12345678901234567890' is too large "
     "(expected 1, 2 or 3)"},
    {"unknown category code", "org_id,sector\nA1,prov\n", BAR_EINVALID,
     "r.csv:2: field 2 'sector': unknown code 'prov' (expected gem, rijk or "
     "ws)"},
    {"duplicate org_id", "org_id,size\nA1,1\nB2,2\nA1,3\n", BAR_EINVALID,
     "r.csv:4: field 1 'org_id': duplicate org_id 'A1' (also on line 2)"},
    {"missing org_id", "size,org_id\n1,\n", BAR_EINVALID,
     "r.csv:2: field 2 'org_id': empty: every row needs an org_id"},
    {"ragged row", "org_id,size\nA1,1,2\n", BAR_EPARSE,
     "r.csv:2: row has 3 fields, the header has 2"},
    {"unterminated quote", "org_id,innovated,description\nA1,1,\"abc\n",
     BAR_EPARSE, "r.csv:2: field 3 'description': unterminated quoted "
     "field (its opening quote is never closed)"},
    {"quote inside a field", "org_id,innovated,description\nA1,1,ab\"c\n",
     BAR_EPARSE, "r.csv:2: field 3 'description': quote inside an "
     "unquoted field (quote the whole field and double the quote)"},
    {"invalid utf-8", "org_id,innovated,description\nA1,1,caf\xE9\n",
     BAR_EPARSE, "r.csv:2: field 3 'description': invalid UTF-8 (byte "
     "0xE9) after 'caf'"},
    {"empty file", "", BAR_EPARSE, "r.csv: empty file"},
    {"org_id of spaces", "org_id,size\n   ,1\n", BAR_EINVALID,
     "r.csv:2: field 1 'org_id': blank: an org_id of only spaces "
     "identifies no organisation"},
    {"org_id of a tab and a no-break space", "size,org_id\n1,\t\xC2\xA0\n",
     BAR_EINVALID,
     "r.csv:2: field 2 'org_id': blank: an org_id of only spaces "
     "identifies no organisation"},
    {"ids that differ only in surrounding spaces",
     "org_id,size\nA1,1\n A1 ,2\n", BAR_EINVALID,
     "r.csv:3: field 1 'org_id': duplicate org_id 'A1' (also on line 2)"},
    {"ids that differ only in a tab and a no-break space",
     "org_id,size\n\xC2\xA0" "A1,1\nA1\t,2\n", BAR_EINVALID,
     "r.csv:3: field 1 'org_id': duplicate org_id 'A1' (also on line 2)"},
    {"non-innovator answers a base-innovators question",
     "org_id,innovated,origin\nA1,0,2\n", BAR_EINVALID,
     "r.csv:2: field 3 'origin': answered, but origin is asked only when "
     "innovated = 1; here innovated = 0"},
    {"non-innovator ticks a multi option (even 0)",
     "org_id,innovated,collab_none\nA1,0,0\n", BAR_EINVALID,
     "r.csv:2: field 3 'collab_none': answered, but collab_none is asked "
     "only when innovated = 1; here innovated = 0"},
    {"innovated missing", "org_id,innovated,factor_time\nA1,,3\n",
     BAR_EINVALID,
     "r.csv:2: field 3 'factor_time': answered, but factor_time is asked "
     "only when innovated = 1; here innovated is missing"},
    {"non-innovator describes an innovation",
     "org_id,innovated,description\nA1,0,iets\n", BAR_EINVALID,
     "r.csv:2: field 3 'description': answered, but description is asked "
     "only when innovated = 1; here innovated = 0"},
    {"tech_new when tech_share = 1",
     "org_id,innovated,tech_share,tech_new\nA1,1,1,2\n", BAR_EINVALID,
     "r.csv:2: field 4 'tech_new': answered, but tech_new is asked only "
     "when tech_share >= 2; here tech_share = 1"},
    {"tech_new when neither condition holds",
     "org_id,innovated,tech_share,tech_new\nA1,0,,2\n", BAR_EINVALID,
     "r.csv:2: field 4 'tech_new': answered, but tech_new is asked only "
     "when innovated = 1 and tech_share >= 2; here innovated = 0 and "
     "tech_share is missing"},
    {"collab option with collab_none",
     "org_id,innovated,collab_none,collab_private,collab_research\n"
     "A1,1,1,1,0\n",
     BAR_EINVALID,
     "r.csv:2: field 4 'collab_private': ticked together with "
     "'collab_none', which excludes the other options"},
    {"error on a later line of a quoted field: the row's line",
     "org_id,description,size,innovated\nA1,\"two\nlines\",9,1\n",
     BAR_EINVALID,
     "r.csv:2: field 3 'size': code 9 out of range (expected 1, 2 or 3)"},
    {"line after a quoted newline", "org_id,description,size,innovated\n"
     "A1,\"two\nlines\",1,1\nA2,,9,1\n", BAR_EINVALID,
     "r.csv:4: field 3 'size': code 9 out of range (expected 1, 2 or 3)"},
};

static bar_status read_text(const char *csv, bar_dataset **ds,
                            bar_error *err)
{
    return bar_dataset_read_csv_mem(csv, strlen(csv), "r.csv", mini, ds,
                                    err);
}

static void test_bad_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof *bad_cases; i++) {
        const bad_case *c = &bad_cases[i];
        bar_dataset *ds = (bar_dataset *)&ds; /* must be reset to NULL */
        bar_error err;
        bar_error_init(&err);
        bar_status rc = read_text(c->csv, &ds, &err);
        if (rc != c->status || strcmp(err.msg, c->msg) != 0 || ds != NULL) {
            print_error("case '%s': status %d (want %d), ds %p\n"
                        "  got:  %s\n  want: %s\n",
                        c->name, rc, c->status, (void *)ds, err.msg, c->msg);
            fail();
        }
        bar_error_clear(&err);
    }
}

/* Files in UTF-16 or UTF-32: one message that says so (EPARSE). */
static const struct wide_case {
    const char *name;
    const char *bytes;
    const char *msg;
    size_t len;
} wide_cases[] = {
    {"UTF-16LE with its byte-order mark",
     "\xFF\xFEo\0r\0g\0_\0i\0d\0\r\0\n\0A\0\x31\0\r\0\n\0",
     "r.csv: the file is UTF-16LE (byte-order mark FF FE), not UTF-8: save "
     "it as \"CSV UTF-8\" or convert it (iconv -f UTF-16LE -t UTF-8)", 26},
    {"UTF-16BE with its byte-order mark",
     "\xFE\xFF\0o\0r\0g\0_\0i\0d\0\n\0A\0\x31\0\n",
     "r.csv: the file is UTF-16BE (byte-order mark FE FF), not UTF-8: save "
     "it as \"CSV UTF-8\" or convert it (iconv -f UTF-16BE -t UTF-8)", 22},
    {"UTF-16LE without a byte-order mark",
     "o\0r\0g\0_\0i\0d\0\n\0A\0\x31\0\n\0",
     "r.csv: the file is UTF-16LE, not UTF-8: save it as \"CSV UTF-8\" or "
     "convert it (iconv -f UTF-16LE -t UTF-8)", 20},
    {"UTF-32LE with its byte-order mark", "\xFF\xFE\0\0o\0\0\0",
     "r.csv: the file is UTF-32LE (byte-order mark FF FE 00 00), not UTF-8: "
     "save it as \"CSV UTF-8\" or convert it (iconv -f UTF-32LE -t UTF-8)",
     8},
};

static void test_wide_encodings(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof wide_cases / sizeof *wide_cases; i++) {
        const struct wide_case *c = &wide_cases[i];
        bar_dataset *ds = NULL;
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_dataset_read_csv_mem(c->bytes, c->len, "r.csv",
                                                 mini, &ds, &err);
        if (rc != BAR_EPARSE || strcmp(err.msg, c->msg) != 0 || ds ||
            err.count != 1) {
            print_error("case '%s': status %d, %zu messages\n  got:  %s\n"
                        "  want: %s\n", c->name, rc, err.count, err.msg,
                        c->msg);
            fail();
        }
        bar_error_clear(&err);
    }
}

/* Text answers are measured in characters against the instrument's
 * max_length (200 in mini.json), not in bytes: 200 characters of two bytes
 * each are within it, 201 are not. */
static void test_text_too_long(void **state)
{
    (void)state;
    static const struct {
        const char *unit;  /* one character, repeated */
        int count;
        const char *msg;   /* NULL: accepted */
    } cases[] = {
        {"x", 200, NULL},
        {"x", 201, "r.csv:2: field 3 'description': answer of 201 characters "
                   "is longer than the maximum of 200"},
        {"\xC3\xA9", 200, NULL},         /* é: 400 bytes */
        {"\xE2\x82\xAC", 200, NULL},     /* €: 600 bytes */
        {"\xC3\xA9", 201, "r.csv:2: field 3 'description': answer of 201 "
                          "characters is longer than the maximum of 200"},
        {"\xF0\x9F\x98\x80", 201, "r.csv:2: field 3 'description': answer "
                                   "of 201 characters is longer than the "
                                   "maximum of 200"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bar_buf b;
        bar_buf_init(&b, 1 << 20);
        bar_buf_puts(&b, "org_id,innovated,description\nA1,1,");
        for (int k = 0; k < cases[i].count; k++)
            bar_buf_puts(&b, cases[i].unit);
        bar_buf_puts(&b, "\n");
        bar_dataset *ds = NULL;
        bar_error err;
        bar_error_init(&err);
        bar_status rc = read_text(b.data, &ds, &err);
        if (cases[i].msg) {
            assert_int_equal(rc, BAR_EINVALID);
            assert_string_equal(err.msg, cases[i].msg);
        } else {
            assert_int_equal(rc, BAR_OK);
            assert_int_equal(strlen(bar_dataset_get_str(ds, 0,
                                                        col("description"))),
                             strlen(cases[i].unit) * 200);
        }
        bar_dataset_free(ds);
        bar_error_clear(&err);
        bar_buf_clear(&b);
    }
}

/* org_id is trimmed of spaces, tabs and no-break spaces, as in the frame;
 * inner spaces stay. One UTF-16 file gets one message, not one per line. */
static void test_org_id_trimmed_and_utf16(void **state)
{
    (void)state;
    bar_dataset *ds = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(read_text("org_id,size\n  A 1\t,1\n\xC2\xA0" "B2,2\n",
                               &ds, &err),
                     BAR_OK);
    assert_string_equal(bar_dataset_get_str(ds, 0, col("org_id")), "A 1");
    assert_string_equal(bar_dataset_get_str(ds, 1, col("org_id")), "B2");
    bar_dataset_free(ds);
    /* The formula guard is judged on the trimmed id (found by fuzzing:
     * "'<tab>" lost its apostrophe and became empty). */
    assert_int_equal(read_text("org_id,size\n'\t,1\n'=x ,2\n", &ds, &err),
                     BAR_OK);
    assert_string_equal(bar_dataset_get_str(ds, 0, col("org_id")), "'");
    assert_string_equal(bar_dataset_get_str(ds, 1, col("org_id")), "=x");
    bar_dataset_free(ds);
    /* 60 rows of UTF-16LE: one message. */
    bar_buf b;
    bar_buf_init(&b, 1 << 20);
    bar_buf_add(&b, "\xFF\xFE", 2);
    const char *ascii = "org_id,size\r\n";
    for (int row = 0; row <= 60; row++) {
        for (const char *p = ascii; *p; p++)
            bar_buf_add(&b, (char[]){*p, 0}, 2);
        ascii = "A1,1\r\n";
    }
    assert_int_equal(bar_dataset_read_csv_mem(b.data, b.len, "u.csv", mini,
                                              &ds, &err),
                     BAR_EPARSE);
    assert_int_equal(err.count, 1);
    assert_null(ds);
    bar_error_clear(&err);
    bar_buf_clear(&b);
}

/* Every fault is reported, in file order, not just the first. */
static void test_collects_all_errors(void **state)
{
    (void)state;
    const char *csv = "org_id,colour,size,innovated,origin\n"
                      "A1,red,5,1,1\n"
                      "A2,red,1,1,1\n"
                      "A3,red,1,0,1\n"
                      "A1,red,1,1,1,9\n"
                      "A1,red,1,1,1\n";
    bar_dataset *ds = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(read_text(csv, &ds, &err), BAR_EINVALID);
    assert_null(ds);
    assert_string_equal(err.msg, "r.csv:1: field 2 'colour': unknown column "
                                 "(not a variable of instrument mini)");
    assert_string_equal(
        err.log,
        "r.csv:2: field 3 'size': code 5 out of range (expected 1, 2 or "
        "3)\n"
        "r.csv:4: field 5 'origin': answered, but origin is asked only "
        "when innovated = 1; here innovated = 0\n"
        "r.csv:5: row has 6 fields, the header has 5\n"
        "r.csv:6: field 1 'org_id': duplicate org_id 'A1' (also on line "
        "2)\n");
    assert_int_equal(err.count, 5);
    bar_error_clear(&err);
}

/* Past BAR_ERROR_LOG_MAX faults the read stops. */
static void test_error_cap(void **state)
{
    (void)state;
    bar_buf b;
    bar_buf_init(&b, 1 << 20);
    bar_buf_puts(&b, "org_id,size\n");
    for (int i = 0; i < 1000; i++)
        bar_buf_printf(&b, "R%d,7\n", i);
    bar_dataset *ds = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(read_text(b.data, &ds, &err), BAR_EINVALID);
    assert_int_equal(err.count, BAR_ERROR_LOG_MAX);
    assert_string_equal(err.msg, "r.csv:2: field 2 'size': code 7 out of "
                                 "range (expected 1, 2 or 3)");
    bar_error_clear(&err);
    bar_buf_clear(&b);
}

/* ---- import: valid files, cell by cell ---- */

/* A column that decides the routing of others is reported once, at the
 * header, not as a routing error on every row that answers them. */
static void test_missing_routing_column(void **state)
{
    (void)state;
    bar_dataset *ds = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(read_text("org_id,size,origin,factor_time,factor_money,"
                               "collab_none\n"
                               "A1,1,1,2,3,1\nA2,2,2,3,4,0\nA3,3,3,4,5,1\n",
                               &ds, &err),
                     BAR_EINVALID);
    assert_null(ds);
    assert_string_equal(err.msg, "r.csv:1: no column 'innovated', which "
                                 "decides who is asked collab_none, origin, "
                                 "factor_time and 1 more");
    assert_int_equal(err.count, 1);
    bar_error_clear(&err);
}

#define M NAN
/* The expected content of valid.csv: numbers (M = missing; sector as the
 * code's index), then org_id and description. */
static const struct {
    double num[12]; /* wave .. factor_money */
    const char *org_id;
    const char *description;
} valid_rows[] = {
    {{2021, 0, 1, 1, 0, 1, 1, 2, 3, 1, 4, 5}, "A1",
     "Een app, voor \"burgers\""},
    {{2021, 1, 3, 0, M, M, M, M, M, M, M, M}, "B2", NULL},
    {{2021, 2, 2, 1, 1, 0, 0, 1, 1, M, 2, M}, "C3", "regel 1\nregel 2"},
    {{2020, 2, M, 1, 0, 0, 0, 3, 2, 2, M, M}, "D4", "=HYPERLINK(\"x\")"},
    {{2021, 0, 2, M, M, M, M, M, M, M, M, M}, "E5", NULL},
};
#undef M

static void check_valid(const bar_dataset *ds)
{
    size_t n = sizeof valid_rows / sizeof *valid_rows;
    assert_int_equal(bar_dataset_nrows(ds), n);
    for (size_t r = 0; r < n; r++) {
        assert_string_equal(bar_dataset_get_str(ds, r, col("org_id")),
                            valid_rows[r].org_id);
        const char *d = bar_dataset_get_str(ds, r, col("description"));
        if (valid_rows[r].description)
            assert_string_equal(d, valid_rows[r].description);
        else
            assert_null(d);
        for (size_t c = 1; c <= 12; c++) {
            double want = valid_rows[r].num[c - 1];
            double got = bar_dataset_get(ds, r, c);
            if (!(isnan(want) ? isnan(got) : got == want)) {
                print_error("row %zu col %s: got %g want %g\n", r,
                            bar_var_name(bar_instrument_var(mini, c)), got,
                            want);
                fail();
            }
        }
        for (size_t c = 14; c < 16; c++) /* derived: never imported */
            assert_true(isnan(bar_dataset_get(ds, r, c)));
    }
}

static void test_valid_files(void **state)
{
    (void)state;
    const char *files[] = {BAR_TEST_DATA "/dataset/valid.csv",
                           BAR_TEST_DATA "/dataset/valid_excel.csv"};
    for (size_t i = 0; i < 2; i++) {
        bar_dataset *ds = NULL;
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_dataset_read_csv(files[i], mini, &ds, &err);
        if (rc != BAR_OK)
            print_error("%s\n", err.msg);
        assert_int_equal(rc, BAR_OK);
        check_valid(ds);
        bar_dataset_free(ds);
        bar_error_clear(&err);
    }
    bar_dataset *ds = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_dataset_read_csv("/nonexistent.csv", mini, &ds,
                                          &err),
                     BAR_EIO);
    assert_null(ds);
    bar_error_clear(&err);
}

/* ---- export and round trip ---- */

static char *write_text(const bar_dataset *ds, bool with_derived)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_dataset_write_csv(ds, f, with_derived, &err),
                     BAR_OK);
    fclose(f);
    return buf;
}

/* Every cell of a equals the cell of b. */
static void assert_same(const bar_dataset *a, const bar_dataset *b)
{
    assert_int_equal(bar_dataset_nrows(a), bar_dataset_nrows(b));
    assert_int_equal(bar_dataset_ncols(a), bar_dataset_ncols(b));
    for (size_t r = 0; r < bar_dataset_nrows(a); r++) {
        for (size_t c = 0; c < bar_dataset_ncols(a); c++) {
            double x = bar_dataset_get(a, r, c), y = bar_dataset_get(b, r, c);
            const char *s = bar_dataset_get_str(a, r, c);
            const char *t = bar_dataset_get_str(b, r, c);
            bool same = (isnan(x) ? isnan(y) : x == y) &&
                        (s && t ? strcmp(s, t) == 0 : s == t);
            if (!same) {
                print_error("row %zu col %zu: %g/%s vs %g/%s\n", r, c, x,
                            s ? s : "(null)", y, t ? t : "(null)");
                fail();
            }
        }
    }
}

static void test_write_and_round_trip(void **state)
{
    (void)state;
    bar_dataset *ds = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_dataset_read_csv(BAR_TEST_DATA "/dataset/valid.csv",
                                          mini, &ds, &err),
                     BAR_OK);
    char *text = write_text(ds, false);
    assert_string_equal(
        text,
        "org_id,wave,sector,size,innovated,collab_none,collab_private,"
        "collab_research,origin,tech_share,tech_new,factor_time,"
        "factor_money,description\n"
        "A1,2021,gem,1,1,0,1,1,2,3,1,4,5,\"Een app, voor \"\"burgers\"\"\"\n"
        "B2,2021,rijk,3,0,,,,,,,,,\n"
        "C3,2021,ws,2,1,1,0,0,1,1,,2,,\"regel 1\nregel 2\"\n"
        "D4,2020,ws,,1,0,0,0,3,2,2,,,\"'=HYPERLINK(\"\"x\"\")\"\n"
        "E5,2021,gem,2,,,,,,,,,,\n");
    bar_dataset *back = NULL;
    assert_int_equal(read_text(text, &back, &err), BAR_OK);
    assert_same(ds, back);
    free(text);
    bar_dataset_free(back);
    bar_dataset_free(ds);
}

/* Awkward values made in code survive export and import unchanged. */
static void test_round_trip_awkward(void **state)
{
    (void)state;
    const char *texts[] = {"=SUM(A1:A9)", "'=already guarded", "''@x",
                           "-", "+31 6", "a,b;c", "multi\r\nline\rcr",
                           " spaced ", "'plain apostrophe", "-12",
                           "\xF0\x9F\x98\x80 emoji", "\"quoted\""};
    size_t n = sizeof texts / sizeof *texts;
    bar_dataset *ds = bar_dataset_new(mini);
    for (size_t i = 0; i < n; i++) {
        size_t r;
        assert_int_equal(bar_dataset_add_row(ds, &r), BAR_OK);
        char id[16];
        snprintf(id, sizeof id, i % 2 ? "-%zu" : "=%zu", i);
        bar_dataset_set_str(ds, r, col("org_id"), id);
        bar_dataset_set(ds, r, col("wave"), 2000 + (double)i);
        bar_dataset_set(ds, r, col("sector"), (double)(i % 3));
        bar_dataset_set(ds, r, col("innovated"), 1);
        bar_dataset_set(ds, r, col("tech_share"), (double)(i % 3 + 1));
        if (i % 3)
            bar_dataset_set(ds, r, col("tech_new"), 2);
        bar_dataset_set(ds, r, col("collab_none"), i % 2);
        bar_dataset_set(ds, r, col("collab_private"), 0);
        bar_dataset_set_str(ds, r, col("description"), texts[i]);
        bar_error err;
        bar_error_init(&err);
        assert_int_equal(bar_dataset_check_row(ds, r, NULL, 0, &err), BAR_OK);
    }
    char *text = write_text(ds, false);
    bar_dataset *back = NULL;
    bar_error err;
    bar_error_init(&err);
    bar_status rc = read_text(text, &back, &err);
    if (rc != BAR_OK)
        print_error("%s\n%s\n", err.msg, text);
    assert_int_equal(rc, BAR_OK);
    assert_same(ds, back);
    /* Formula triggers were neutralised in the file. */
    assert_non_null(strstr(text, "\n'=0,2000,gem,"));
    assert_non_null(strstr(text, ",'=SUM(A1:A9)\n"));
    assert_non_null(strstr(text, ",''=already guarded\n"));
    assert_non_null(strstr(text, ",-12\n"));
    free(text);
    bar_dataset_free(back);

    /* With derived variables: their columns appear, reals in full. */
    bar_dataset_set(ds, 0, col("climate"), 3.25);
    bar_dataset_set(ds, 1, col("climate"), 1.0 / 3.0);
    bar_dataset_set(ds, 0, col("spectrum"), 1);
    text = write_text(ds, true);
    size_t header_len = strcspn(text, "\n");
    assert_true(header_len >= 28);
    assert_int_equal(strncmp(text + header_len - 28,
                             "description,spectrum,climate\n", 29),
                     0);
    assert_non_null(strstr(text, ",1,3.25\n"));
    assert_non_null(strstr(text, ",,0.33333333333333331\n"));
    /* ... and they are refused on import. */
    assert_int_equal(read_text(text, &back, &err), BAR_EINVALID);
    assert_non_null(strstr(err.msg, "'spectrum': a derived variable"));
    bar_error_clear(&err);
    free(text);
    bar_dataset_free(ds);
}

/* ---- volume: 100,000 rows of the full instrument (speed is measured in
 * bench/, not here) ---- */

static void test_large(void **state)
{
    (void)state;
    bar_instrument *ins = NULL;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_instrument_load(BAR_DATA_DIR
                                         "/instrument/ibo-2021.json",
                                         &ins, &err),
                     BAR_OK);
    /* One valid innovator row: last code of every single question (so
     * tech_share is high enough to ask tech_new), 0 for every option. */
    bar_buf row, csv;
    bar_buf_init(&row, 1 << 16);
    bar_buf_init(&csv, (size_t)1 << 30);
    size_t ncols = 0;
    for (size_t v = 0; v < bar_instrument_nvars(ins); v++) {
        const bar_variable *var = bar_instrument_var(ins, v);
        if (bar_var_role_of(var) == BAR_ROLE_DERIVED)
            continue;
        bar_buf_puts(&csv, ncols ? "," : "");
        bar_buf_puts(&csv, bar_var_name(var));
        if (ncols)
            bar_buf_puts(&row, ",");
        switch (bar_var_type_of(var)) {
        case BAR_VAR_INTEGER:
            bar_buf_printf(&row, "%ld", bar_var_min(var) + 21);
            break;
        case BAR_VAR_CATEGORY:
            bar_buf_puts(&row, bar_var_code_str(var, 0));
            break;
        case BAR_VAR_SINGLE:
            bar_buf_printf(&row, "%ld",
                           bar_var_code(var, bar_var_ncodes(var) - 1));
            break;
        case BAR_VAR_BINARY:
            bar_buf_puts(&row, "0");
            break;
        case BAR_VAR_TEXT:
            bar_buf_puts(&row, "\"Een korte beschrijving, met komma\"");
            break;
        default:
            break;
        }
        ncols++;
    }
    bar_buf_puts(&csv, "\n");
    const size_t nrows = 100000;
    for (size_t r = 0; r < nrows; r++)
        bar_buf_printf(&csv, "org%zu%s\n", r, row.data);
    assert_int_equal(bar_buf_status(&csv), BAR_OK);
    bar_dataset *ds = NULL;
    bar_status rc = bar_dataset_read_csv_mem(csv.data, csv.len, "big.csv",
                                             ins, &ds, &err);
    if (rc != BAR_OK)
        print_error("%s\n", err.msg);
    assert_int_equal(rc, BAR_OK);
    assert_int_equal(bar_dataset_nrows(ds), nrows);
    assert_string_equal(bar_dataset_get_str(ds, nrows - 1, 0), "org99999");
    bar_dataset_free(ds);
    bar_buf_clear(&row);
    bar_buf_clear(&csv);
    bar_instrument_free(ins);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows_and_cells),
        cmocka_unit_test(test_check_row),
        cmocka_unit_test(test_missing_routing_column),
        cmocka_unit_test(test_bad_table),
        cmocka_unit_test(test_wide_encodings),
        cmocka_unit_test(test_text_too_long),
        cmocka_unit_test(test_org_id_trimmed_and_utf16),
        cmocka_unit_test(test_collects_all_errors),
        cmocka_unit_test(test_error_cap),
                cmocka_unit_test(test_valid_files),
        cmocka_unit_test(test_write_and_round_trip),
        cmocka_unit_test(test_round_trip_awkward),
        cmocka_unit_test(test_large),
    };
    return cmocka_run_group_tests(tests, load_mini, free_mini);
}
