/* test_csv.c - the generic CSV reader and the field writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/buf.h"
#include "core/csv.h"

/* Collects every row as text: "L<line> <line>:<col>=<value> ...\n", with
 * newlines in values written as "\n" and CR as "\r". */
static bar_status dump_row(void *ctx, const bar_csv_row *row, bar_error *err)
{
    (void)err;
    bar_buf *b = ctx;
    bar_buf_printf(b, "L%ld", row->line);
    for (size_t i = 0; i < row->nfields; i++) {
        bar_buf_printf(b, " %ld:%ld=", row->lines[i], row->columns[i]);
        assert_int_equal(strlen(row->fields[i]), row->lens[i]);
        for (const char *p = row->fields[i]; *p; p++) {
            if (*p == '\n')
                bar_buf_puts(b, "\\n");
            else if (*p == '\r')
                bar_buf_puts(b, "\\r");
            else
                bar_buf_add(b, p, 1);
        }
    }
    bar_buf_puts(b, "\n");
    return bar_buf_status(b);
}

typedef struct parse_case {
    const char *name;
    const char *input;
    size_t len;          /* 0: strlen(input) */
    bar_status status;
    const char *expect;  /* the dump on success, the first message
                            otherwise */
} parse_case;

static const parse_case parse_cases[] = {
    {.name = "plain", .input = "a,b\n1,2\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=1 2:3=2\n"},
    {.name = "no final newline", .input = "a,b\n1,2",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=1 2:3=2\n"},
    {.name = "bom", .input = "\xEF\xBB\xBF" "a,b\n1,2\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=1 2:3=2\n"},
    {.name = "semicolon", .input = "a;b\n1,5;2\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=1,5 2:5=2\n"},
    {.name = "comma wins a tie", .input = "a;b,c\nx;y,z\n",
     .expect = "L1 1:1=a;b 1:5=c\nL2 2:1=x;y 2:5=z\n"},
    {.name = "semicolon in quoted header", .input = "\"a;b;c\",d\n1,2\n",
     .expect = "L1 1:1=a;b;c 1:9=d\nL2 2:1=1 2:3=2\n"},
    {.name = "crlf", .input = "a,b\r\n1,2\r\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=1 2:3=2\n"},
    {.name = "quoted newline",
     .input = "a,b\n\"x\ny\",2\n3,4\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=x\\ny 3:4=2\nL4 4:1=3 4:3=4\n"},
    {.name = "quoted crlf kept",
     .input = "a,b\r\n\"x\r\ny\",2\r\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=x\\r\\ny 3:4=2\n"},
    {.name = "quoted separator and quote",
     .input = "a,b\n\"x,\"\"y\"\"\",2\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=x,\"y\" 2:11=2\n"},
    {.name = "lone CR line ends", .input = "a,b\r1,2\r\r3,4",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=1 2:3=2\nL4 4:1=3 4:3=4\n"},
    {.name = "quoted field at the end, no newline", .input = "a,b\n1,\"x\"",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=1 2:3=x\n"},
    {.name = "empty quoted fields", .input = "a,b\n\"\",\"\"\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1= 2:4=\n"},
    {.name = "only doubled quotes", .input = "a,b\n\"\"\"\"\"\",1\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=\"\" 2:8=1\n"},
    {.name = "utf8 in a quoted field moves the column by characters",
     .input = "a,b\n\"\xC3\xA9,\xC3\xA9\",x\n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=\xC3\xA9,\xC3\xA9 2:7=x\n"},
    {.name = "columns after a quoted newline",
     .input = "a,b,c\n\"x\n\xC3\xA9y\",z,w\n",
     .expect = "L1 1:1=a 1:3=b 1:5=c\nL2 2:1=x\\n\xC3\xA9y 3:5=z 3:7=w\n"},
    {.name = "spaces kept", .input = "a,b\n 1 , x \n",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1= 1  2:5= x \n"},
    {.name = "utf8 columns count characters",
     .input = "naam,b\n\xC3\xA9\xC3\xA9n,x\n",
     .expect = "L1 1:1=naam 1:6=b\nL2 2:1=\xC3\xA9\xC3\xA9n 2:5=x\n"},
    {.name = "empty fields", .input = "a,b,c\n,,\n",
     .expect = "L1 1:1=a 1:3=b 1:5=c\nL2 2:1= 2:2= 2:3=\n"},
    {.name = "empty last field, no newline", .input = "a,b\n1,",
     .expect = "L1 1:1=a 1:3=b\nL2 2:1=1 2:3=\n"},
    {.name = "blank lines skipped", .input = "a,b\n\n\r\n1,2\n\n",
     .expect = "L1 1:1=a 1:3=b\nL4 4:1=1 4:3=2\n"},
    {.name = "header only", .input = "a,b\n", .expect = "L1 1:1=a 1:3=b\n"},
    {.name = "ragged, too many", .input = "a,b\n1,2\n1,2,3\n",
     .status = BAR_EPARSE, .expect = "t.csv:3: row has 3 fields, the header "
                                     "has 2"},
    {.name = "ragged, too few", .input = "a,b,c\n1,2\n",
     .status = BAR_EPARSE, .expect = "t.csv:2: row has 2 fields, the header "
                                     "has 3"},
    {.name = "unterminated quote", .input = "a,b\n1,\"abc\ndef\n",
     .status = BAR_EPARSE,
     .expect = "t.csv:2: field 2 'b': unterminated quoted field (its "
               "opening quote is never closed)"},
    {.name = "quote inside unquoted field", .input = "a,b\n1,x\"y\n",
     .status = BAR_EPARSE,
     .expect = "t.csv:2: field 2 'b': quote inside an unquoted field "
               "(quote the whole field and double the quote)"},
    {.name = "quote in the first field", .input = "a,b\nx\"y,1\n",
     .status = BAR_EPARSE,
     .expect = "t.csv:2: field 1 'a': quote inside an unquoted field "
               "(quote the whole field and double the quote)"},
    {.name = "quote in a header field", .input = "a,b\"c\n1,2\n",
     .status = BAR_EPARSE,
     .expect = "t.csv:1: field 2: quote inside an unquoted field (quote "
               "the whole field and double the quote)"},
    {.name = "stray quote after a quoted newline",
     .input = "a,b\n\"x\ny\",1\"\n", .status = BAR_EPARSE,
     .expect = "t.csv:2: field 2 'b': quote inside an unquoted field "
               "(quote the whole field and double the quote)"},
    {.name = "text after closing quote", .input = "a,b\n1,\"x\"y\n",
     .status = BAR_EPARSE,
     .expect = "t.csv:2: field 2 'b': text after the closing quote (a "
               "quote inside a quoted field is written \"\")"},
    {.name = "invalid utf8", .input = "a,b\n1,x\xC3\x28\n",
     .status = BAR_EPARSE, .expect = "t.csv:2: field 2 'b': invalid UTF-8 "
                                     "(byte 0xC3) after 'x'"},
    {.name = "overlong utf8", .input = "a,b\n1,\xC0\xAF\n",
     .status = BAR_EPARSE, .expect = "t.csv:2: field 2 'b': invalid UTF-8 "
                                     "(byte 0xC0)"},
    {.name = "surrogate", .input = "a,b\n1,\xED\xA0\x80\n",
     .status = BAR_EPARSE, .expect = "t.csv:2: field 2 'b': invalid UTF-8 "
                                     "(byte 0xED)"},
    {.name = "truncated utf8 at end", .input = "a,b\n1,\xE2\x82",
     .status = BAR_EPARSE, .expect = "t.csv:2: field 2 'b': invalid UTF-8 "
                                     "(byte 0xE2)"},
    {.name = "nul byte", .input = "a,b\n1,x\0y\n", .len = 10,
     .status = BAR_EPARSE, .expect = "t.csv:2: field 2 'b': NUL byte after "
                                     "'x'"},
    {.name = "empty file", .input = "", .status = BAR_EPARSE,
     .expect = "t.csv: empty file"},
    {.name = "utf-16le", .input = "\xFF\xFE" "a\0,\0b\0\n\0", .len = 10,
     .status = BAR_EPARSE,
     .expect = "t.csv: the file is UTF-16LE (byte-order mark FF FE), not "
               "UTF-8: save it as \"CSV UTF-8\" or convert it (iconv -f "
               "UTF-16LE -t UTF-8)"},
    {.name = "utf-16be without a mark", .input = "\0a\0,\0b\0\n", .len = 8,
     .status = BAR_EPARSE,
     .expect = "t.csv: the file is UTF-16BE, not UTF-8: save it as \"CSV "
               "UTF-8\" or convert it (iconv -f UTF-16BE -t UTF-8)"},
    {.name = "utf-32be", .input = "\0\0\xFE\xFF\0\0\0a", .len = 8,
     .status = BAR_EPARSE,
     .expect = "t.csv: the file is UTF-32BE (byte-order mark 00 00 FE FF), "
               "not UTF-8: save it as \"CSV UTF-8\" or convert it (iconv -f "
               "UTF-32BE -t UTF-8)"},
    {.name = "bom only", .input = "\xEF\xBB\xBF", .status = BAR_EPARSE,
     .expect = "t.csv: empty file"},
    {.name = "blank lines only", .input = "\n\r\n\n", .status = BAR_EPARSE,
     .expect = "t.csv: empty file"},
};

static void test_parse_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof parse_cases / sizeof *parse_cases; i++) {
        const parse_case *c = &parse_cases[i];
        bar_buf b;
        bar_buf_init(&b, 1 << 20);
        bar_error err;
        bar_error_init(&err);
        size_t len = c->len ? c->len : strlen(c->input);
        bar_status rc =
            bar_csv_parse(c->input, len, "t.csv", dump_row, &b, &err);
        if (rc != c->status || (rc == BAR_OK && strcmp(b.data, c->expect)) ||
            (rc != BAR_OK && strcmp(err.msg, c->expect) != 0)) {
            print_error("case '%s': status %d (want %d)\n  msg: %s\n"
                        "  got:\n%s\n  want:\n%s\n",
                        c->name, rc, c->status, err.msg,
                        b.data ? b.data : "", c->expect);
            fail();
        }
        bar_buf_clear(&b);
        bar_error_clear(&err);
    }
}

/* A field of exactly the cap is read; one byte more is refused, and the
 * read carries on to report other faults. */
static void test_field_cap(void **state)
{
    (void)state;
    size_t n = BAR_CSV_FIELD_MAX;
    char *in = malloc(2 * n + 64);
    assert_non_null(in);
    memcpy(in, "a,b\n1,", 6);
    memset(in + 6, 'x', n);
    memcpy(in + 6 + n, "\n", 2);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_csv_parse(in, strlen(in), "t.csv", NULL, NULL, &err),
                     BAR_OK);
    memcpy(in + 6 + n, "x\n1,\xFF\n", 7);
    assert_int_equal(bar_csv_parse(in, strlen(in), "t.csv", NULL, NULL, &err),
                     BAR_ELIMIT);
    assert_string_equal(err.msg,
                        "t.csv:2: field 2 'b': longer than 65536 bytes");
    assert_int_equal(err.count, 2);
    assert_string_equal(err.log, "t.csv:3: field 2 'b': invalid UTF-8 "
                                 "(byte 0xFF)\n");
    bar_error_clear(&err);

    /* Quoted and never closed: an unterminated quote at the end... */
    in[4] = '"';
    memset(in + 5, 'x', n + 40);
    in[n + 45] = '\0';
    assert_int_equal(bar_csv_parse(in, strlen(in), "t.csv", NULL, NULL, &err),
                     BAR_EPARSE);
    assert_string_equal(err.msg, "t.csv:2: field 1 'a': unterminated quoted "
                                 "field (its opening quote is never "
                                 "closed)");
    bar_error_clear(&err);
    /* ... and past twice the cap the read stops, pointing at the quote. */
    memset(in + 5, 'x', 2 * n + 40);
    in[2 * n + 45] = '\0';
    assert_int_equal(bar_csv_parse(in, strlen(in), "t.csv", NULL, NULL, &err),
                     BAR_ELIMIT);
    assert_string_equal(err.msg, "t.csv:2: field 1 'a': quoted field is "
                                 "longer than 65536 bytes (is its closing "
                                 "quote missing?)");
    bar_error_clear(&err);
    free(in);
}

static void test_field_count_cap(void **state)
{
    (void)state;
    size_t n = BAR_CSV_COLS_MAX + 1;
    char *in = malloc(2 * n + 2);
    assert_non_null(in);
    for (size_t i = 0; i < n; i++) {
        in[2 * i] = 'a';
        in[2 * i + 1] = ',';
    }
    in[2 * n - 1] = '\n';
    in[2 * n] = '\0';
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_csv_parse(in, strlen(in), "t.csv", NULL, NULL, &err),
                     BAR_ELIMIT);
    assert_string_equal(err.msg, "t.csv:1: row has more than 4096 "
                                 "fields");
    bar_error_clear(&err);
    free(in);
}

/* Several ragged rows: all reported, in order. */
static void test_collects_errors(void **state)
{
    (void)state;
    const char *in = "a,b\n1\n1,2\n1,2,3\n";
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_csv_parse(in, strlen(in), "t.csv", NULL, NULL, &err),
                     BAR_EPARSE);
    assert_int_equal(err.count, 2);
    assert_string_equal(err.msg, "t.csv:2: row has 1 field, the header "
                                 "has 2");
    assert_string_equal(err.log, "t.csv:4: row has 3 fields, the header "
                                 "has 2\n");
    bar_error_clear(&err);
}

/* bar_csv_parse leaves its input alone; bar_csv_parse_mut parses the
 * caller's buffer in place and gives the same rows. */
static void test_in_place(void **state)
{
    (void)state;
    const char text[] = "a;b\r\n\"x;\"\"y\"\"\";2\r\n\"\";\r\n";
    size_t len = sizeof text - 1;
    char *keep = malloc(len + 1);
    assert_non_null(keep);
    memcpy(keep, text, len + 1);
    bar_buf b1, b2;
    bar_buf_init(&b1, 1 << 20);
    bar_buf_init(&b2, 1 << 20);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_csv_parse(keep, len, "t.csv", dump_row, &b1, &err),
                     BAR_OK);
    assert_memory_equal(keep, text, len + 1);
    assert_int_equal(bar_csv_parse_mut(keep, len, "t.csv", dump_row, &b2,
                                       &err),
                     BAR_OK);
    assert_string_equal(b1.data, "L1 1:1=a 1:3=b\nL2 2:1=x;\"y\" 2:11=2\n"
                                 "L3 3:1= 3:4=\n");
    assert_string_equal(b1.data, b2.data);
    bar_buf_clear(&b1);
    bar_buf_clear(&b2);
    free(keep);
}

static bar_status stop_at_two(void *ctx, const bar_csv_row *row,
                              bar_error *err)
{
    int *seen = ctx;
    (*seen)++;
    if (row->line == 2)
        return bar_error_at(err, BAR_EINVALID, "t.csv", row->line, 1, NULL,
                            "stop");
    return BAR_OK;
}

static void test_callback_stops(void **state)
{
    (void)state;
    const char *in = "a\n1\n2\n3\n";
    int seen = 0;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(
        bar_csv_parse(in, strlen(in), "t.csv", stop_at_two, &seen, &err),
        BAR_EINVALID);
    assert_int_equal(seen, 2);
    assert_string_equal(err.msg, "t.csv:2:1: stop");
    bar_error_clear(&err);
}

static void test_parse_file(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_csv_parse_file("/nonexistent/x.csv", NULL, NULL,
                                        &err),
                     BAR_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
    bar_error_clear(&err);
}

typedef struct write_case {
    const char *in;
    bool neutralise;
    const char *out;
} write_case;

static const write_case write_cases[] = {
    {NULL, true, ""},
    {"", true, ""},
    {"abc", true, "abc"},
    {"a,b", false, "\"a,b\""},
    {"a;b", false, "\"a;b\""},
    {"say \"hi\"", false, "\"say \"\"hi\"\"\""},
    {"line\nbreak", false, "\"line\nbreak\""},
    {"cr\rhere", false, "\"cr\rhere\""},
    {" lead", false, "\" lead\""},
    {"=SUM(A1:A9)", true, "'=SUM(A1:A9)"},
    {"=SUM(A1:A9)", false, "=SUM(A1:A9)"},
    {"+31 6 12345678", true, "'+31 6 12345678"},
    {"-", true, "'-"},
    {"@cmd", true, "'@cmd"},
    {"\tx", true, "'\tx"},
    {"\rx", true, "\"'\rx\""},
    {"=a,b", true, "\"'=a,b\""},
    {"'=x", true, "''=x"},
    {"'abc", true, "'abc"},
    {"-3", true, "-3"},
    {"+4.5", true, "+4.5"},
    {"-1.5e-3", true, "-1.5e-3"},
    {"-1e", true, "'-1e"},
    {"-.", true, "'-."},
};

static void test_write_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof write_cases / sizeof *write_cases; i++) {
        const write_case *c = &write_cases[i];
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        assert_non_null(f);
        assert_true(bar_csv_write_field(f, c->in, c->neutralise));
        fclose(f);
        if (strcmp(buf, c->out) != 0) {
            print_error("case %zu: wrote [%s], want [%s]\n", i, buf, c->out);
            fail();
        }
        free(buf);
    }
}

static void test_guarded(void **state)
{
    (void)state;
    assert_true(bar_csv_guarded("'=x"));
    assert_true(bar_csv_guarded("''=x"));
    assert_true(bar_csv_guarded("'-"));
    assert_false(bar_csv_guarded("=x"));
    assert_false(bar_csv_guarded("'abc"));
    assert_false(bar_csv_guarded("'-3"));
    assert_false(bar_csv_guarded("'"));
    assert_false(bar_csv_guarded(NULL));
}

/* A written field reads back as the value it was written from. */
static void test_write_read_back(void **state)
{
    (void)state;
    const char *values[] = {"plain", "a,b", "q\"uote", "multi\r\nline",
                            "=1+1", "'@x", " spaced ", "\xC3\xA9t\xC3\xA9",
                            "-12", "x;y"};
    size_t n = sizeof values / sizeof *values;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ",c" : "c", f);
    }
    fputc('\n', f);
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(',', f);
        assert_true(bar_csv_write_field(f, values[i], true));
    }
    fputc('\n', f);
    fclose(f);
    bar_buf b;
    bar_buf_init(&b, 1 << 16);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_csv_parse(buf, len, "rt.csv", dump_row, &b, &err),
                     BAR_OK);
    const char *second = strchr(b.data, '\n') + 1;
    const char *want = "L2 2:1=plain 2:7=a,b 2:13=q\"uote "
                       "2:23=multi\\r\\nline 3:7='=1+1 3:13=''@x "
                       "3:18= spaced  3:29=\xC3\xA9t\xC3\xA9 3:33=-12 "
                       "3:37=x;y\n";
    assert_string_equal(second, want);
    bar_buf_clear(&b);
    bar_error_clear(&err);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_in_place),
        cmocka_unit_test(test_field_cap),
        cmocka_unit_test(test_field_count_cap),
        cmocka_unit_test(test_collects_errors),
        cmocka_unit_test(test_callback_stops),
        cmocka_unit_test(test_parse_file),
        cmocka_unit_test(test_write_field),
        cmocka_unit_test(test_guarded),
        cmocka_unit_test(test_write_read_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
