/* test_token.c - personal-link tokens (field/token.h): their form, their
 * randomness at the level a test can see, and which texts hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "field/token.h"

static void new_tokens(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    enum { N = 200 };
    static char tokens[N][BAR_TOKEN_CHARS + 1];
    for (size_t i = 0; i < N; i++) {
        assert_int_equal(bar_token_new(tokens[i], &err), BAR_OK);
        assert_int_equal(strlen(tokens[i]), BAR_TOKEN_CHARS);
        assert_int_equal(strspn(tokens[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                           "abcdefghijklmnopqrstuvwxyz"
                                           "0123456789-_"),
                         BAR_TOKEN_CHARS);
        /* every new token is a valid one */
        uint8_t h[BAR_TOKEN_HASH_BYTES];
        assert_int_equal(bar_token_hash(tokens[i], h, &err), BAR_OK);
        for (size_t j = 0; j < i; j++)
            assert_string_not_equal(tokens[i], tokens[j]);
    }
    bar_error_clear(&err);
}

/* The hash is BLAKE2b-256 of the token's text: fixed values (computed with
 * Python's hashlib.blake2b(digest_size=32)), and the texts refused. */
static void hashes(void **state)
{
    (void)state;
    static const struct {
        const char *token;
        bar_status want;
        const char *hex; /* the hash, when valid */
    } cases[] = {
        {"AAAAAAAAAAAAAAAAAAAAAA", BAR_OK,
         "4f051f0301cd55ef66681bcae3270185b668dc395266b2e8bd9fc24ff926edf8"},
        {"abcdefghijklmnopqrstuQ", BAR_OK,
         "27c2805e283afa73b51531fee75362ed0f4d0b6f2437b74e05731532eda6c096"},
        {"abcdefghijklmnopqrstuv", BAR_EINVALID, NULL}, /* low bits set */
        {"AAAAAAAAAAAAAAAAAAAAA", BAR_EINVALID, NULL},  /* 21 characters */
        {"AAAAAAAAAAAAAAAAAAAAAAA", BAR_EINVALID, NULL}, /* 23 */
        {"AAAAAAAAAAAAAAAAAAAAA=", BAR_EINVALID, NULL},
        {"AAAAAAAAAAAAAAAAAAAA+A", BAR_EINVALID, NULL}, /* not url-safe */
        {"AAAAAAAAAAAAAAAAAAAA/A", BAR_EINVALID, NULL},
        {"AAAAAAAAAAAAAAAAAAAA A", BAR_EINVALID, NULL},
        {"../../../../etc/passwd", BAR_EINVALID, NULL},
        {"", BAR_EINVALID, NULL},
        {NULL, BAR_EINVALID, NULL},
    };
    bar_error err;
    bar_error_init(&err);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t h[BAR_TOKEN_HASH_BYTES];
        if (bar_token_hash(cases[i].token, h, &err) != cases[i].want)
            fail_msg("case %zu ('%s'): %s", i,
                     cases[i].token ? cases[i].token : "(null)", err.msg);
        if (cases[i].hex) {
            char hex[2 * BAR_TOKEN_HASH_BYTES + 1];
            for (size_t k = 0; k < BAR_TOKEN_HASH_BYTES; k++)
                snprintf(hex + 2 * k, 3, "%02x", h[k]);
            assert_string_equal(hex, cases[i].hex);
        }
    }
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_tokens),
        cmocka_unit_test(hashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
