/* test_mail.c - invitation messages (field/mail.h): templates read and
 * refused, the message's form (CRLF, 7-bit, line lengths, headers encoded
 * and folded, quoted-printable that decodes to the filled-in text), header
 * injection refused, closing dates in words, and the demo study's four
 * templates rendered for one organisation against golden files
 * (tests/golden/mail/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/i18n.h"
#include "field/invite.h"
#include "field/mail.h"
#include "golden.h"

static int load_catalogues(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_i18n_load(bar_i18n_default_dir(), &err), BAR_OK);
    bar_error_clear(&err);
    return 0;
}

static int unload_catalogues(void **state)
{
    (void)state;
    bar_i18n_unload();
    return 0;
}

static bar_mail_template *parse(const char *text)
{
    bar_error err;
    bar_error_init(&err);
    bar_mail_template *t = NULL;
    bar_status rc = bar_mail_template_parse(text, strlen(text), "t.txt", &t,
                                            &err);
    if (rc != BAR_OK)
        fail_msg("%s", err.msg);
    bar_error_clear(&err);
    return t;
}

/* Templates: accepted forms and every refusal with its message. */
static void templates(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bar_status want;
        const char *msg; /* part of the message */
    } cases[] = {
        {"Subject: S\n\nBody {name} {link} {closes}\n", BAR_OK, NULL},
        {"Subject: S\r\n\r\nBody\r\n", BAR_OK, NULL},
        {"Subject: {name}\n\nno line end at the end", BAR_OK, NULL},
        {"Subject: S\nBody\n", BAR_EPARSE, "t.txt:1: a template starts"},
        {"Onderwerp: S\n\nBody\n", BAR_EPARSE, "\"Subject: ...\""},
        {"Subject: \n\nBody\n", BAR_EPARSE, "t.txt:1:"},
        {"", BAR_EPARSE, "t.txt:1:"},
        {"Subject: S\n\nDear {naam},\n", BAR_EINVALID,
         "t.txt:3: unknown placeholder '{naam},"},
        {"Subject: S\n\n\n\nline 5 {link}} {x}\n", BAR_EINVALID,
         "t.txt:5: unknown placeholder '{x}"},
        {"Subject: {Name}\n\nBody\n", BAR_EINVALID,
         "t.txt:1: unknown placeholder"},
        {"Subject: S\tT\n\nBody\n", BAR_EPARSE, "control character"},
        {"Subject: S\n\nBad \xC3\x28 UTF-8\n", BAR_EPARSE, "not UTF-8"},
        {"Subject: S\n\nOverlong \xC0\xAF\n", BAR_EPARSE, "not UTF-8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bar_error err;
        bar_error_init(&err);
        bar_mail_template *t = NULL;
        bar_status rc = bar_mail_template_parse(
            cases[i].text, strlen(cases[i].text), "t.txt", &t, &err);
        if (rc != cases[i].want)
            fail_msg("case %zu: status %d (%s)", i, (int)rc, err.msg);
        if (cases[i].msg && !strstr(err.msg, cases[i].msg))
            fail_msg("case %zu: message '%s'", i, err.msg);
        assert_true((rc == BAR_OK) == (t != NULL));
        bar_mail_template_free(t);
        bar_error_clear(&err);
    }
    bar_mail_template *t = parse("Subject: S {name}\n\n{link}\n");
    assert_true(bar_mail_template_uses(t, "name"));
    assert_true(bar_mail_template_uses(t, "link"));
    assert_false(bar_mail_template_uses(t, "closes"));
    bar_mail_template_free(t);
    /* the cap */
    size_t big = BAR_MAIL_TEMPLATE_MAX + 1;
    char *text = malloc(big + 1);
    assert_non_null(text);
    memset(text, 'x', big);
    memcpy(text, "Subject: S\n\n", 12);
    text[big] = '\0';
    bar_error err;
    bar_error_init(&err);
    bar_mail_template *tb = NULL;
    assert_int_equal(bar_mail_template_parse(text, big, "big", &tb, &err),
                     BAR_ELIMIT);
    free(text);
    bar_error_clear(&err);
}

/* Decode the quoted-printable body of msg (after the blank line) into
 * out, CRLF back to LF. */
static void qp_decode(const char *msg, char *out, size_t size)
{
    const char *p = strstr(msg, "\r\n\r\n");
    assert_non_null(p);
    p += 4;
    size_t n = 0;
    while (*p && n + 1 < size) {
        if (p[0] == '=' && p[1] == '\r' && p[2] == '\n') {
            p += 3;
        } else if (p[0] == '=') {
            unsigned v = 0;
            assert_int_equal(sscanf(p + 1, "%2X", &v), 1);
            out[n++] = (char)v;
            p += 3;
        } else if (p[0] == '\r' && p[1] == '\n') {
            out[n++] = '\n';
            p += 2;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
}

/* The form every message must have: CRLF only, 7-bit, headers within 78
 * characters and body lines within 76. */
static void check_form(const char *msg, size_t len, size_t i)
{
    assert_int_equal(strlen(msg), len);
    bool body = false;
    const char *line = msg;
    for (const char *p = msg; *p; p++) {
        if ((unsigned char)*p > 127)
            fail_msg("case %zu: a byte above 127", i);
        if (*p == '\n' && (p == msg || p[-1] != '\r'))
            fail_msg("case %zu: a bare LF", i);
        if (*p == '\r' && p[1] != '\n')
            fail_msg("case %zu: a bare CR", i);
        if (*p != '\n')
            continue;
        size_t n = (size_t)(p - 1 - line);
        if (n > (body ? 76u : 78u))
            fail_msg("case %zu: a line of %zu: %.*s", i, n, (int)n, line);
        if (n == 0)
            body = true;
        line = p + 1;
    }
    assert_true(body);
}

/* The message: a table of names, addresses and bodies, each with what its
 * headers must (and must not) hold. */
static void messages(void **state)
{
    (void)state;
    static const struct {
        const char *name, *to, *from, *body;
        bar_status want;
        const char *has[3];   /* in the message */
        const char *hasnt;    /* not in the message */
    } cases[] = {
        {"Gemeente Ede", "info@ede.nl", "BZK <ibo@minbzk.nl>", "Hallo {name}",
         BAR_OK,
         {"From: \"BZK\" <ibo@minbzk.nl>\r\n",
          "To: \"Gemeente Ede\" <info@ede.nl>\r\n", "Hallo Gemeente Ede"},
         NULL},
        /* not ASCII: encoded words (UTF-8, base64) */
        {"Gemeente S\xC3\xBA" "dwest-Frysl\xC3\xA2n", "a@b.nl", "a@b.nl",
         "x", BAR_OK,
         {"To: =?UTF-8?B?R2VtZWVudGUgU8O6ZHdlc3QtRnJ5c2zDom4=?= <a@b.nl>",
          "From: a@b.nl\r\n", NULL},
         NULL},
        /* quotes escaped in a quoted string */
        {"Waterschap \"De Dommel\"", "a@b.nl", "a@b.nl", "x", BAR_OK,
         {"To: \"Waterschap \\\"De Dommel\\\"\" <a@b.nl>", NULL, NULL},
         NULL},
        /* a long name folds at a space, inside the quotes */
        {"Stichting Uitvoering Landelijke Regelingen voor Onderwijs en "
         "Wetenschap in Caribisch Nederland",
         "info@sulrow.example.nl", "a@b.nl", "x", BAR_OK,
         {"To: \"Stichting Uitvoering Landelijke Regelingen voor Onderwijs "
          "en Wetenschap\r\n in Caribisch Nederland\" "
          "<info@sulrow.example.nl>\r\n",
          "Subject: Uitnodiging Stichting Uitvoering Landelijke Regelingen "
          "voor\r\n Onderwijs en", NULL},
         NULL},
        /* a header injection through the name: made one line */
        {"Evil\r\nBcc: victim@example.nl", "a@b.nl", "a@b.nl", "{name}",
         BAR_OK, {"To: \"Evil  Bcc: victim@example.nl\" <a@b.nl>", NULL,
                  NULL},
         "\r\nBcc:"},
        /* ... or through an address: refused */
        {"X", "a@b.nl\r\nBcc: victim@example.nl", "a@b.nl", "x",
         BAR_EINVALID, {NULL}, NULL},
        {"X", "a@b.nl>, c@d.nl", "a@b.nl", "x", BAR_EINVALID, {NULL}, NULL},
        {"X", "a b@c.nl", "a@b.nl", "x", BAR_EINVALID, {NULL}, NULL},
        {"X", "ab.nl", "a@b.nl", "x", BAR_EINVALID, {NULL}, NULL},
        {"X", "a@b@c.nl", "a@b.nl", "x", BAR_EINVALID, {NULL}, NULL},
        {"X", "a@", "a@b.nl", "x", BAR_EINVALID, {NULL}, NULL},
        {"X", "a@b.nl", "BZK <nobody>", "x", BAR_EINVALID, {NULL}, NULL},
        {"X", "a@b_c.nl", "a@b.nl", "x", BAR_EINVALID, {NULL}, NULL},
        /* quoted-printable: '=', accents, a space at the end of a line,
         * a line longer than 76 */
        {"X", "a@b.nl", "a@b.nl",
         "1 = 1 en idee\xC3\xABn \nvan {link} tot het eind "
         "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
         BAR_OK, {"1 =3D 1 en idee=C3=ABn=20\r\n", "=\r\n", NULL}, NULL},
        /* a line of '=' (each 3 characters encoded; never split) */
        {"X", "a@b.nl", "a@b.nl",
         "=========================================================",
         BAR_OK, {"=3D=3D=\r\n", NULL, NULL}, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "Subject: Uitnodiging {name}\n\n%s\n",
                 cases[i].body);
        bar_mail_template *t = parse(text);
        bar_mail_fields f = {
            .name = cases[i].name,
            .link = "https://enquete.example.nl/s/AAAAAAAAAAAAAAAAAAAAAA",
            .closes = "31 maart 2021"};
        bar_mail_envelope env = {.from = cases[i].from,
                                 .to_name = cases[i].name,
                                 .to_addr = cases[i].to,
                                 .date = 1614556800,
                                 .message_id = "abc@minbzk.nl",
                                 .lang = "nl"};
        bar_error err;
        bar_error_init(&err);
        char *msg = NULL;
        size_t len = 0;
        bar_status rc = bar_mail_render(t, &f, &env, &msg, &len, &err);
        if (rc != cases[i].want)
            fail_msg("case %zu: status %d (%s)", i, (int)rc, err.msg);
        if (rc == BAR_OK) {
            check_form(msg, len, i);
            for (size_t k = 0; k < 3 && cases[i].has[k]; k++)
                if (!strstr(msg, cases[i].has[k]))
                    fail_msg("case %zu: no '%s' in:\n%s", i, cases[i].has[k],
                             msg);
            if (cases[i].hasnt && strstr(msg, cases[i].hasnt))
                fail_msg("case %zu: '%s' in:\n%s", i, cases[i].hasnt, msg);
            assert_non_null(strstr(msg, "Date: Mon, 01 Mar 2021 00:00:00 "
                                        "+0000\r\nMessage-ID: "
                                        "<abc@minbzk.nl>\r\n"));
            /* the body decodes to the template filled in */
            char want[1024], got[1024];
            snprintf(want, sizeof want, "%s\n", cases[i].body);
            char *ph = strstr(want, "{link}");
            if (ph) {
                char rest[1024];
                snprintf(rest, sizeof rest, "%s", ph + 6);
                snprintf(ph, sizeof want - (size_t)(ph - want), "%s%s",
                         f.link, rest);
            }
            ph = strstr(want, "{name}");
            if (ph) { /* control characters of the name become spaces */
                char name[256];
                snprintf(name, sizeof name, "%s", cases[i].name);
                for (char *c = name; *c; c++)
                    if ((unsigned char)*c < 0x20)
                        *c = ' ';
                snprintf(ph, sizeof want - (size_t)(ph - want), "%s\n",
                         name);
            }
            qp_decode(msg, got, sizeof got);
            assert_string_equal(got, want);
        } else {
            assert_null(msg);
        }
        free(msg);
        bar_mail_template_free(t);
        bar_error_clear(&err);
    }
}

/* A subject that is not ASCII, or long: encoded words, split between whole
 * characters (never inside a UTF-8 sequence), each line within 78. */
static void subjects(void **state)
{
    (void)state;
    bar_mail_template *t = parse(
        "Subject: Uitnodiging voor {name}: de Innovatiebarometer Overheid "
        "2021 \xE2\x80\x93 doet u mee?\n\nx\n");
    bar_mail_fields f = {.name = "Gemeente \xC3\x89\xC3\xA9n"};
    bar_mail_envelope env = {.from = "a@b.nl", .to_addr = "c@d.nl",
                             .date = 0, .message_id = "x@b.nl"};
    char *msg = NULL;
    size_t len = 0;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_mail_render(t, &f, &env, &msg, &len, &err), BAR_OK);
    check_form(msg, len, 0);
    assert_non_null(strstr(msg, "Subject: =?UTF-8?B?"));
    assert_non_null(strstr(msg, "?=\r\n =?UTF-8?B?"));
    /* decode every encoded word of the subject; the pieces are whole
     * UTF-8 and join to the subject */
    const char *p = strstr(msg, "Subject: ") + 9;
    const char *end = strstr(p, "\r\nDate:");
    char joined[256] = "";
    while (p < end) {
        const char *w = strstr(p, "=?UTF-8?B?");
        if (!w || w >= end)
            break;
        w += 10;
        const char *q = strstr(w, "?=");
        char b64[128], raw[128];
        snprintf(b64, sizeof b64, "%.*s", (int)(q - w), w);
        /* a tiny base64 decoder */
        static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
                                 "qrstuvwxyz0123456789+/";
        size_t n = 0;
        unsigned acc = 0;
        int bits = 0;
        for (const char *c = b64; *c && *c != '='; c++) {
            acc = (acc << 6) | (unsigned)(strchr(al, *c) - al);
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                raw[n++] = (char)((acc >> bits) & 0xff);
            }
        }
        raw[n] = '\0';
        /* whole characters: does not start with a continuation byte */
        assert_true(((unsigned char)raw[0] & 0xC0) != 0x80);
        strncat(joined, raw, sizeof joined - strlen(joined) - 1);
        p = q + 2;
    }
    assert_string_equal(joined, "Uitnodiging voor Gemeente \xC3\x89\xC3\xA9n: "
                                "de Innovatiebarometer Overheid 2021 "
                                "\xE2\x80\x93 doet u mee?");
    free(msg);
    bar_mail_template_free(t);
    bar_error_clear(&err);
}

/* A placeholder without a value, and values beyond the cap. */
static void missing_values(void **state)
{
    (void)state;
    bar_mail_template *t = parse("Subject: S\n\nTot {closes}\n");
    bar_mail_envelope env = {.from = "a@b.nl", .to_addr = "c@d.nl",
                             .message_id = "x@b.nl"};
    char *msg = NULL;
    size_t len = 0;
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_mail_render(t, &(bar_mail_fields){.name = "X"}, &env,
                                     &msg, &len, &err),
                     BAR_EINVALID);
    assert_non_null(strstr(err.msg, "{closes}"));
    assert_null(msg);
    bar_error_clear(&err);
    bar_error_init(&err);
    char big[BAR_MAIL_VALUE_MAX + 2];
    memset(big, 'x', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(bar_mail_render(t, &(bar_mail_fields){.closes = big},
                                     &env, &msg, &len, &err),
                     BAR_ELIMIT);
    bar_mail_template_free(t);
    bar_error_clear(&err);
}

/* Addresses, links and base URLs. */
static void addresses_and_links(void **state)
{
    (void)state;
    static const struct {
        const char *text, *want; /* want NULL: refused */
    } addrs[] = {
        {"a@b.nl", "a@b.nl"},
        {"Innovatiebarometer <ibo@minbzk.nl>", "ibo@minbzk.nl"},
        {"\"BZK, directie A&O\" <ibo@minbzk.nl>", "ibo@minbzk.nl"},
        {"<a@b.nl>", "a@b.nl"},
        {"first.last+tag@sub.example.nl", "first.last+tag@sub.example.nl"},
        {"a@b.nl, c@d.nl", NULL},
        {"a@b.nl\n", NULL},
        {"", NULL},
        {NULL, NULL},
    };
    for (size_t i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        char out[BAR_MAIL_ADDR_MAX];
        bar_error err;
        bar_error_init(&err);
        bar_status rc = bar_mail_address(addrs[i].text, out, &err);
        if (addrs[i].want) {
            assert_int_equal(rc, BAR_OK);
            assert_string_equal(out, addrs[i].want);
        } else {
            assert_int_equal(rc, BAR_EINVALID);
            assert_string_equal(out, "");
        }
        bar_error_clear(&err);
    }
    char id1[BAR_MAIL_ADDR_MAX], id2[BAR_MAIL_ADDR_MAX];
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_mail_message_id("ibo@minbzk.nl", id1, &err), BAR_OK);
    assert_int_equal(bar_mail_message_id("ibo@minbzk.nl", id2, &err), BAR_OK);
    assert_int_equal(strlen(id1), 32 + strlen("@minbzk.nl"));
    assert_non_null(strstr(id1, "@minbzk.nl"));
    assert_string_not_equal(id1, id2);

    static const struct {
        const char *base;
        bar_status want;
        const char *link;
    } urls[] = {
        {"https://enquete.example.nl", BAR_OK,
         "https://enquete.example.nl/s/TOKEN"},
        {"https://enquete.example.nl/", BAR_OK,
         "https://enquete.example.nl/s/TOKEN"},
        {"http://127.0.0.1:8080/ibo//", BAR_OK,
         "http://127.0.0.1:8080/ibo/s/TOKEN"},
        {"https://", BAR_EUSAGE, NULL},
        {"https:///x", BAR_EUSAGE, NULL},
        {"ftp://x.nl", BAR_EUSAGE, NULL},
        {"x.nl", BAR_EUSAGE, NULL},
        {"https://x.nl/?q=1", BAR_EUSAGE, NULL},
        {"https://x.nl/#a", BAR_EUSAGE, NULL},
        {"https://x.nl/a b", BAR_EUSAGE, NULL},
        {"https://x.nl/\"><script>", BAR_EUSAGE, NULL},
        {NULL, BAR_EUSAGE, NULL},
    };
    for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
        bar_status rc = bar_invite_check_url(urls[i].base, &err);
        if (rc != urls[i].want)
            fail_msg("url case %zu: %d", i, (int)rc);
        if (urls[i].link) {
            char link[BAR_INVITE_URL_MAX];
            assert_true(bar_invite_link(urls[i].base, "TOKEN", link,
                                        sizeof link));
            assert_string_equal(link, urls[i].link);
        }
        bar_error_clear(&err);
        bar_error_init(&err);
    }
    bar_error_clear(&err);
}

/* Closing dates in words, from the catalogues. */
static void dates_in_words(void **state)
{
    (void)state;
    static const struct {
        const char *iso;
        bar_lang lang;
        const char *want; /* NULL: refused */
    } cases[] = {
        {"2021-03-31", BAR_LANG_NL, "31 maart 2021"},
        {"2021-03-31", BAR_LANG_EN, "31 March 2021"},
        {"2021-05-01T17:00:00Z", BAR_LANG_NL, "1 mei 2021"},
        {"2021-12-09", BAR_LANG_EN, "9 December 2021"},
        {"2021-13-01", BAR_LANG_NL, NULL},
        {"31-03-2021", BAR_LANG_NL, NULL},
        {"", BAR_LANG_NL, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char out[64];
        bool ok = bar_mail_date_text(cases[i].iso, cases[i].lang, out,
                                     sizeof out);
        if (ok != (cases[i].want != NULL))
            fail_msg("case %zu: %d", i, (int)ok);
        if (ok)
            assert_string_equal(out, cases[i].want);
    }
    char tiny[5];
    assert_false(bar_mail_date_text("2021-03-31", BAR_LANG_NL, tiny,
                                    sizeof tiny));
}

/* The demo study's templates for one organisation: golden files. */
static void golden_messages(void **state)
{
    (void)state;
    static const struct {
        const char *file, *lang, *golden;
        bar_lang l;
    } cases[] = {
        {"ibo-2021-invite.nl.txt", "nl", "mail/invite-nl.eml", BAR_LANG_NL},
        {"ibo-2021-invite.en.txt", "en", "mail/invite-en.eml", BAR_LANG_EN},
        {"ibo-2021-remind.nl.txt", "nl", "mail/remind-nl.eml", BAR_LANG_NL},
        {"ibo-2021-remind.en.txt", "en", "mail/remind-en.eml", BAR_LANG_EN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/mail/%s", BAR_DATA_DIR,
                 cases[i].file);
        bar_error err;
        bar_error_init(&err);
        bar_mail_template *t = NULL;
        assert_int_equal(bar_mail_template_load(path, &t, &err), BAR_OK);
        char closes[64];
        assert_true(bar_mail_date_text("2021-03-31", cases[i].l, closes,
                                       sizeof closes));
        bar_mail_fields f = {
            .name = "Gemeente S\xC3\xBA" "dwest-Frysl\xC3\xA2n",
            .link = "https://enquete.example.nl/s/AAAAAAAAAAAAAAAAAAAAAA",
            .closes = closes};
        bar_mail_envelope env = {
            .from = "Innovatiebarometer Overheid "
                    "<innovatiebarometer@minbzk.nl>",
            .to_name = f.name, .to_addr = "info@sudwestfryslan.nl",
            .date = 1614585600,
            .message_id = "0123456789abcdef0123456789abcdef@minbzk.nl",
            .lang = cases[i].lang};
        char *msg = NULL;
        size_t len = 0;
        assert_int_equal(bar_mail_render(t, &f, &env, &msg, &len, &err),
                         BAR_OK);
        check_form(msg, len, i);
        golden_compare(cases[i].golden, msg, len);
        free(msg);
        bar_mail_template_free(t);
        bar_error_clear(&err);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(templates),
        cmocka_unit_test(messages),
        cmocka_unit_test(subjects),
        cmocka_unit_test(missing_values),
        cmocka_unit_test(addresses_and_links),
        cmocka_unit_test(dates_in_words),
        cmocka_unit_test(golden_messages),
    };
    return cmocka_run_group_tests(tests, load_catalogues, unload_catalogues);
}
