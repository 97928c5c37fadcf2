/* token.c - personal-link tokens (see token.h). */
#include "field/token.h"

#include <string.h>

#include <sodium.h>

bar_status bar_token_init(bar_error *err)
{
    if (sodium_init() < 0)
        return bar_error_set(err, BAR_EIO,
                             "token: libsodium could not be initialised "
                             "(no usable random source)");
    return BAR_OK;
}

bar_status bar_token_new(char out[BAR_TOKEN_CHARS + 1], bar_error *err)
{
    out[0] = '\0';
    bar_status rc = bar_token_init(err);
    if (rc != BAR_OK)
        return rc;
    unsigned char raw[BAR_TOKEN_BYTES];
    randombytes_buf(raw, sizeof raw);
    /* 16 bytes give 22 characters unpadded, plus the '\0' */
    sodium_bin2base64(out, BAR_TOKEN_CHARS + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    return BAR_OK;
}

/* Whether c is of the base64url alphabet, without a data-dependent
 * branch. */
static unsigned is_b64url(unsigned char c)
{
    unsigned ok = 0;
    ok |= (unsigned)((c >= 'A') & (c <= 'Z'));
    ok |= (unsigned)((c >= 'a') & (c <= 'z'));
    ok |= (unsigned)((c >= '0') & (c <= '9'));
    ok |= (unsigned)((c == '-') | (c == '_'));
    return ok;
}

bar_status bar_token_hash(const char *token,
                          uint8_t out[BAR_TOKEN_HASH_BYTES], bar_error *err)
{
    memset(out, 0, BAR_TOKEN_HASH_BYTES);
    bar_status rc = bar_token_init(err);
    if (rc != BAR_OK)
        return rc;
    size_t len = token ? strnlen(token, BAR_TOKEN_CHARS + 1) : 0;
    unsigned ok = len == BAR_TOKEN_CHARS;
    for (size_t i = 0; ok && i < BAR_TOKEN_CHARS; i++)
        ok &= is_b64url((unsigned char)token[i]);
    /* the last character carries 2 bits: of 16 bytes in 22 characters the
     * unused low 4 bits must be zero (a canonical encoding only) */
    unsigned char raw[BAR_TOKEN_BYTES];
    size_t n = 0;
    if (ok && (sodium_base642bin(raw, sizeof raw, token, BAR_TOKEN_CHARS,
                                 NULL, &n, NULL,
                                 sodium_base64_VARIANT_URLSAFE_NO_PADDING) !=
                   0 ||
               n != BAR_TOKEN_BYTES))
        ok = 0;
    sodium_memzero(raw, sizeof raw);
    if (!ok)
        return bar_error_set(err, BAR_EINVALID,
                             "token: not a personal link of this survey");
    crypto_generichash(out, BAR_TOKEN_HASH_BYTES, (const unsigned char *)token,
                       BAR_TOKEN_CHARS, NULL, 0);
    return BAR_OK;
}
