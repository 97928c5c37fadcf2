/* account.c - account names and password hashes (see account.h). */
#include "field/account.h"

#include <string.h>

#include <sodium.h>

#include "field/token.h"

bool bar_account_name_ok(const char *name)
{
    size_t len = name ? strlen(name) : 0;
    if (len == 0 || len > BAR_ACCOUNT_NAME_MAX)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '_' || c == '-'))
            return false;
    }
    return true;
}

bar_status bar_account_hash(const char *password,
                            char out[BAR_ACCOUNT_HASH_MAX], bar_error *err)
{
    out[0] = '\0';
    bar_status rc = bar_token_init(err);
    if (rc != BAR_OK)
        return rc;
    size_t len = password ? strnlen(password, BAR_ACCOUNT_PASSWORD_MAX + 1)
                          : 0;
    if (len < BAR_ACCOUNT_PASSWORD_MIN)
        return bar_error_set(err, BAR_EINVALID,
                             "a password needs at least %d characters",
                             BAR_ACCOUNT_PASSWORD_MIN);
    if (len > BAR_ACCOUNT_PASSWORD_MAX)
        return bar_error_set(err, BAR_EINVALID,
                             "a password may have at most %d bytes",
                             BAR_ACCOUNT_PASSWORD_MAX);
    size_t same = 1;
    while (same < len && password[same] == password[0])
        same++;
    if (same == len)
        return bar_error_set(err, BAR_EINVALID,
                             "a password of one repeated character is "
                             "refused");
    _Static_assert(crypto_pwhash_STRBYTES <= BAR_ACCOUNT_HASH_MAX,
                   "hash string fits");
    if (crypto_pwhash_str_alg(out, password, len,
                              crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        out[0] = '\0';
        return bar_error_set(err, BAR_ENOMEM,
                             "account: not enough memory to hash a password");
    }
    return BAR_OK;
}

bar_status bar_account_verify(const char *hash, const char *password,
                              bool *rehash, bar_error *err)
{
    if (rehash)
        *rehash = false;
    bar_status rc = bar_token_init(err);
    if (rc != BAR_OK)
        return rc;
    size_t len = password ? strnlen(password, BAR_ACCOUNT_PASSWORD_MAX + 1)
                          : 0;
    size_t hlen = hash ? strnlen(hash, BAR_ACCOUNT_HASH_MAX) : 0;
    if (len > BAR_ACCOUNT_PASSWORD_MAX || hlen == 0 ||
        hlen >= BAR_ACCOUNT_HASH_MAX ||
        strncmp(hash, crypto_pwhash_argon2id_STRPREFIX,
                strlen(crypto_pwhash_argon2id_STRPREFIX)) != 0 ||
        crypto_pwhash_str_verify(hash, password ? password : "", len) != 0)
        return bar_error_set(err, BAR_EINVALID,
                             "wrong account name or password");
    if (rehash)
        *rehash = crypto_pwhash_str_needs_rehash(
                      hash, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
    return BAR_OK;
}
