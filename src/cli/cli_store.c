/* cli_store.c - `barometer store copy SRC DST`: a whole store copied
 * between SQLite and PostgreSQL, in either direction (store/store_copy.h),
 * checked by row counts and checksums. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "store/store_copy.h"

static const char *const usage_text = N_(
    "Usage: barometer store copy SRC DST\n"
    "\n"
    "Copies the whole store SRC into DST: every wave with its study, dates\n"
    "and provenance, frames, responses, personal-link tokens, drafts, the\n"
    "send log, accounts, admin sessions, quote approvals and the audit\n"
    "trail. Either store may be a SQLite file or a postgresql://user@host/db\n"
    "URI (a password goes in ~/.pgpass, never in the URI), so a store moves\n"
    "to PostgreSQL and back.\n"
    "DST must be empty (a new file, or a PostgreSQL database without a\n"
    "store in it). The copy is one transaction: each table is read back\n"
    "from DST and compared with SRC by its row count and a checksum, and\n"
    "any difference undoes it. SRC is read under its write lock, so stop\n"
    "the survey servers on SRC first.\n"
    "\n"
    "Options:\n"
    "  -h, --help   show this help\n"
    "\n"
    "Examples:\n"
    "  barometer store copy survey.db postgresql://barometer@db.example/survey\n"
    "  barometer store copy postgresql://barometer@db.example/survey back.db\n"
    "\n"
    "Exit status: 0 copied and checked; 1 the operation failed (DST is not\n"
    "empty, the database failed, the check found a difference: nothing is\n"
    "copied); 2 bad usage or bad input (no such store SRC).\n");

int cli_store(int argc, char **argv)
{
    const char *cmd = "store";
    const char *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, NULL, 0, pos, 3,
                           &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    const char *action = pos[0], *src_uri = pos[1], *dst_uri = pos[2];
    if (!action)
        return cli_usage(cmd, "no action given (copy)");
    if (strcmp(action, "copy") != 0)
        return cli_usage(cmd, "unknown action '%s' (copy)", action);
    if (!src_uri || !dst_uri)
        return cli_usage(cmd, "copy needs SRC and DST");
    if (strcmp(src_uri, dst_uri) == 0)
        return cli_usage(cmd, "SRC and DST are the same store");

    bar_error err;
    bar_error_init(&err);
    bar_store *src = NULL, *dst = NULL;
    bar_store_copy_report report;
    int status = 0;
    bar_status rc = bar_store_open(src_uri, BAR_STORE_EXISTING, &src, &err);
    if (rc == BAR_OK)
        rc = bar_store_open(dst_uri, BAR_STORE_CREATE, &dst, &err);
    if (rc == BAR_OK)
        rc = bar_store_copy(src, dst, &report, &err);
    if (rc != BAR_OK) {
        status = cli_fail(cmd, &err);
        goto cleanup;
    }
    bar_lang lang = cli_lang();
    for (size_t i = 0; i < report.n; i++) {
        const bar_store_copy_table *t = &report.tables[i];
        printf("  %-9s %9zu  ", t->name, t->rows);
        for (size_t b = 0; b < 8; b++)
            printf("%02x", t->checksum[b]);
        putchar('\n');
    }
    printf(bar_tr(lang, "copied %s to %s: the row counts and checksums of "
                        "every table agree\n"),
           src_uri, dst_uri);
cleanup:
    bar_store_close(dst);
    bar_store_close(src);
    bar_error_clear(&err);
    return status;
}
