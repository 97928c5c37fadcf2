/* session.c - login sessions of the admin pages (see session.h). */
#include "web/session.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

/* The label the CSRF token is derived over. */
static const char csrf_label[] = "barometer admin csrf v1";

static bar_status init(bar_error *err)
{
    if (sodium_init() < 0)
        return bar_error_set(err, BAR_EIO,
                             "session: libsodium could not be initialised "
                             "(no usable random source)");
    return BAR_OK;
}

bar_status bar_session_new(char id[BAR_SESSION_CHARS + 1],
                           uint8_t hash[BAR_SESSION_HASH_BYTES],
                           bar_error *err)
{
    id[0] = '\0';
    bar_status rc = init(err);
    if (rc != BAR_OK)
        return rc;
    unsigned char raw[BAR_SESSION_BYTES];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(id, BAR_SESSION_CHARS + 1, raw, sizeof raw,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
    crypto_generichash(hash, BAR_SESSION_HASH_BYTES, (const unsigned char *)id,
                       BAR_SESSION_CHARS, NULL, 0);
    return BAR_OK;
}

/* The bytes of a valid id into raw; false when id is not valid. */
static bool decode(const char *id, unsigned char raw[BAR_SESSION_BYTES])
{
    size_t len = id ? strnlen(id, BAR_SESSION_CHARS + 1) : 0;
    size_t n = 0;
    if (len != BAR_SESSION_CHARS)
        return false;
    if (sodium_base642bin(raw, BAR_SESSION_BYTES, id, len, NULL, &n, NULL,
                          sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        n != BAR_SESSION_BYTES)
        return false;
    /* canonical only: encoding the bytes again gives the same text */
    char again[BAR_SESSION_CHARS + 1];
    sodium_bin2base64(again, sizeof again, raw, BAR_SESSION_BYTES,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return sodium_memcmp(again, id, BAR_SESSION_CHARS) == 0;
}

bar_status bar_session_hash(const char *id,
                            uint8_t hash[BAR_SESSION_HASH_BYTES],
                            bar_error *err)
{
    memset(hash, 0, BAR_SESSION_HASH_BYTES);
    bar_status rc = init(err);
    if (rc != BAR_OK)
        return rc;
    unsigned char raw[BAR_SESSION_BYTES];
    bool ok = decode(id, raw);
    sodium_memzero(raw, sizeof raw);
    if (!ok)
        return bar_error_set(err, BAR_EINVALID, "session: not a session id");
    crypto_generichash(hash, BAR_SESSION_HASH_BYTES, (const unsigned char *)id,
                       BAR_SESSION_CHARS, NULL, 0);
    return BAR_OK;
}

void bar_session_csrf(const char *id, char out[BAR_SESSION_CSRF_CHARS + 1])
{
    unsigned char raw[BAR_SESSION_BYTES] = {0};
    unsigned char mac[32];
    out[0] = '\0';
    if (sodium_init() < 0 || !decode(id, raw))
        return;
    crypto_generichash(mac, sizeof mac, (const unsigned char *)csrf_label,
                       sizeof csrf_label - 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
    sodium_bin2base64(out, BAR_SESSION_CSRF_CHARS + 1, mac, sizeof mac,
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

bool bar_session_csrf_ok(const char *id, const char *given)
{
    char want[BAR_SESSION_CSRF_CHARS + 1];
    bar_session_csrf(id, want);
    if (!given || !want[0] ||
        strnlen(given, BAR_SESSION_CSRF_CHARS + 1) != BAR_SESSION_CSRF_CHARS)
        return false;
    return sodium_memcmp(want, given, BAR_SESSION_CSRF_CHARS) == 0;
}

bool bar_session_cookie(const char *header, const char *name, char *out,
                        size_t size)
{
    if (size > 0)
        out[0] = '\0';
    if (!header || size == 0 ||
        strnlen(header, BAR_SESSION_COOKIE_MAX + 1) > BAR_SESSION_COOKIE_MAX)
        return false;
    size_t nlen = strlen(name);
    const char *p = header;
    while (*p) {
        /* one cookie-pair: spaces, NAME=VALUE, up to ';' */
        while (*p == ' ' || *p == '\t')
            p++;
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (eq && (size_t)(eq - p) == nlen && memcmp(p, name, nlen) == 0) {
            const char *v = eq + 1;
            size_t vlen = len - nlen - 1;
            while (vlen > 0 && (v[vlen - 1] == ' ' || v[vlen - 1] == '\t'))
                vlen--;
            if (vlen >= 2 && v[0] == '"' && v[vlen - 1] == '"') {
                v++;
                vlen -= 2;
            }
            if (vlen >= size)
                return false;
            memcpy(out, v, vlen);
            out[vlen] = '\0';
            return true;
        }
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

void bar_session_set_cookie(const char *name, const char *id,
                            char out[BAR_SESSION_SET_COOKIE_MAX])
{
    if (id)
        snprintf(out, BAR_SESSION_SET_COOKIE_MAX,
                 "%s=%s; Path=/admin; HttpOnly; Secure; SameSite=Strict",
                 name, id);
    else
        snprintf(out, BAR_SESSION_SET_COOKIE_MAX,
                 "%s=; Path=/admin; HttpOnly; Secure; SameSite=Strict; "
                 "Max-Age=0", name);
}

bool bar_session_expired(long long created, long long seen, long long now,
                         long long idle, long long absolute)
{
    if (now < created || now < seen || seen < created)
        return true;
    return now - seen >= idle || now - created >= absolute;
}
