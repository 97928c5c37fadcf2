/* token_add.c - a test helper: make a personal-link token for each
 * organisation named, keep its hash in the store, print "ORG TOKEN" per
 * line. (`barometer invite` does this for real; the survey server's tests
 * must not depend on it.) Usage: token_add STORE WAVE ORG_ID... */
#include <stdio.h>
#include <stdlib.h>

#include "field/token.h"
#include "store/store.h"

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: token_add STORE WAVE ORG_ID...\n");
        return 2;
    }
    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    int status = 0;
    int wave = (int)strtol(argv[2], NULL, 10);
    bar_status rc = bar_store_open(argv[1], BAR_STORE_EXISTING, &st, &err);
    for (int i = 3; rc == BAR_OK && i < argc; i++) {
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
        fprintf(stderr, "token_add: %s\n", err.msg);
        status = 1;
    }
    bar_store_close(st);
    bar_error_clear(&err);
    return status;
}
