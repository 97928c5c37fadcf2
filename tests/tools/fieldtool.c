/* fieldtool.c - a test helper for the survey server's tests, through the
 * library (`barometer invite` does this for real; the tests must not
 * depend on it):
 *   fieldtool token STORE WAVE ORG_ID...   a personal-link token for each
 *                                          organisation, its hash kept in
 *                                          the store; prints "ORG TOKEN"
 *   fieldtool dates STORE WAVE OPENS CLOSES  the wave's dates ("-": unset)
 *   fieldtool weakhash STORE NAME PASSWORD   give an account a hash made
 *                                          with weaker limits than
 *                                          field/account.h uses (a login
 *                                          must renew it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "field/token.h"
#include "store/store.h"

int main(int argc, char **argv)
{
    if (argc < 5 || (strcmp(argv[1], "token") != 0 &&
                     strcmp(argv[1], "dates") != 0 &&
                     strcmp(argv[1], "weakhash") != 0)) {
        fprintf(stderr, "usage: fieldtool token STORE WAVE ORG_ID...\n"
                        "       fieldtool dates STORE WAVE OPENS CLOSES\n"
                        "       fieldtool weakhash STORE NAME PASSWORD\n");
        return 2;
    }
    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    int status = 0;
    int wave = (int)strtol(argv[3], NULL, 10);
    bar_status rc = bar_store_open(argv[2], BAR_STORE_EXISTING, &st, &err);
    if (rc == BAR_OK && strcmp(argv[1], "dates") == 0) {
        const char *opens = argc > 4 && strcmp(argv[4], "-") ? argv[4] : NULL;
        const char *closes = argc > 5 && strcmp(argv[5], "-") ? argv[5]
                                                              : NULL;
        rc = bar_store_wave_set_dates(st, wave, opens, closes, &err);
    }
    if (rc == BAR_OK && strcmp(argv[1], "weakhash") == 0) {
        char hash[crypto_pwhash_STRBYTES];
        if (sodium_init() < 0 ||
            crypto_pwhash_str(hash, argv[4], strlen(argv[4]),
                              crypto_pwhash_OPSLIMIT_MIN,
                              crypto_pwhash_MEMLIMIT_MIN) != 0)
            rc = bar_error_set(&err, BAR_ENOMEM, "cannot hash");
        else
            rc = bar_store_account_set(st, argv[3], hash, &err);
    }
    for (int i = 4; rc == BAR_OK && strcmp(argv[1], "token") == 0 && i < argc;
         i++) {
        char tok[BAR_TOKEN_CHARS + 1];
        uint8_t hash[BAR_TOKEN_HASH_BYTES];
        rc = bar_token_new(tok, &err);
        if (rc == BAR_OK)
            rc = bar_token_hash(tok, hash, &err);
        if (rc == BAR_OK)
            rc = bar_store_token_add(st, wave, argv[i], hash, &err);
        if (rc == BAR_OK)
            printf("%s %s\n", argv[i], tok);
    }
    if (rc != BAR_OK) {
        fprintf(stderr, "fieldtool: %s\n", err.msg);
        status = 1;
    }
    bar_store_close(st);
    bar_error_clear(&err);
    return status;
}
