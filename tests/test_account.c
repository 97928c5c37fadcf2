/* test_account.c - account names and password hashes (field/account.h):
 * which names and passwords are taken, the hash form, and that only the
 * right password verifies. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sodium.h>

#include "field/account.h"

static void names(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool ok;
    } cases[] = {
        {"anna", true},           {"bob.de-vries_2", true},
        {"a", true},              {"", false},
        {NULL, false},            {"Anna", false},
        {"anna smit", false},     {"anna@example.nl", false},
        {"\xc3\xa9mile", false},  {"../etc", false},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         true}, /* 64 */
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
         false}, /* 65 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (bar_account_name_ok(cases[i].name) != cases[i].ok)
            fail_msg("name case %zu", i);
}

static void hashes(void **state)
{
    (void)state;
    bar_error err;
    bar_error_init(&err);
    static const struct {
        const char *password;
        bar_status want;
    } cases[] = {
        {"correct horse battery", BAR_OK},
        {"12345678901", BAR_EINVALID},   /* 11 bytes */
        {"123456789012", BAR_OK},        /* 12 */
        {"xxxxxxxxxxxxxxxx", BAR_EINVALID},
        {"", BAR_EINVALID},
        {NULL, BAR_EINVALID},
    };
    char hash[BAR_ACCOUNT_HASH_MAX];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (bar_account_hash(cases[i].password, hash, &err) != cases[i].want)
            fail_msg("hash case %zu: %s", i, err.msg);
    static char long_pw[BAR_ACCOUNT_PASSWORD_MAX + 2];
    memset(long_pw, 'a', sizeof long_pw - 1);
    long_pw[1] = 'b';
    assert_int_equal(bar_account_hash(long_pw, hash, &err), BAR_EINVALID);
    long_pw[BAR_ACCOUNT_PASSWORD_MAX] = '\0';
    assert_int_equal(bar_account_hash(long_pw, hash, &err), BAR_OK);

    assert_int_equal(bar_account_hash("correct horse battery", hash, &err),
                     BAR_OK);
    assert_memory_equal(hash, "$argon2id$v=19$m=65536,t=2,p=1$", 31);
    char again[BAR_ACCOUNT_HASH_MAX];
    assert_int_equal(bar_account_hash("correct horse battery", again, &err),
                     BAR_OK);
    assert_string_not_equal(hash, again); /* salted */
    bool rehash = true;
    assert_int_equal(bar_account_verify(hash, "correct horse battery",
                                        &rehash, &err), BAR_OK);
    assert_false(rehash);
    static const char *const wrong[] = {
        "correct horse batter", "correct horse battery ",
        "Correct horse battery", "", NULL};
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++)
        assert_int_equal(bar_account_verify(hash, wrong[i], NULL, &err),
                         BAR_EINVALID);
    /* malformed or foreign hashes never verify */
    static const char *const bad[] = {
        "", "plain text", "$argon2i$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
        "$argon2id$v=19$m=65536,t=2,p=1$", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(bar_account_verify(bad[i], "correct horse battery",
                                            NULL, &err), BAR_EINVALID);
    /* a hash with weaker limits verifies and asks for a new one */
    char weak[BAR_ACCOUNT_HASH_MAX];
    assert_int_equal(crypto_pwhash_str_alg(weak, "correct horse battery", 21,
                                           crypto_pwhash_OPSLIMIT_MIN,
                                           crypto_pwhash_MEMLIMIT_MIN,
                                           crypto_pwhash_ALG_ARGON2ID13),
                     0);
    assert_int_equal(bar_account_verify(weak, "correct horse battery",
                                        &rehash, &err), BAR_OK);
    assert_true(rehash);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names),
        cmocka_unit_test(hashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
