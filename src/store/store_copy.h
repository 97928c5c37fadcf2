/* store_copy.h - a whole store copied into another (`barometer store
 * copy`), between SQLite and PostgreSQL in either direction.
 *
 * Every table of the schema moves, rows with their ids and timestamps as
 * they are: waves (with their studies, dates and provenance), frames,
 * responses (with the columns of every instrument), tokens, drafts, the
 * send log, accounts, admin sessions, quote approvals and the audit
 * trail. The copy is checked: each
 * table's rows are read back from the destination inside the copy's
 * transaction and compared with the source's by count and by a checksum
 * (BLAKE2b-256 of the rows in key order, the same for both backends); any
 * difference undoes the copy.
 *
 * Nothing outside this header and store.h is API.
 */
#ifndef BAR_STORE_COPY_H
#define BAR_STORE_COPY_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"
#include "store/store.h"

/* The tables a copy moves, and the bytes of a table's checksum. */
enum { BAR_STORE_COPY_TABLES = 11, BAR_STORE_COPY_SUM_BYTES = 32 };

/* What was copied of one table. */
typedef struct bar_store_copy_table {
    const char *name;   /* the table (static) */
    size_t rows;        /* rows copied (and read back) */
    uint8_t checksum[BAR_STORE_COPY_SUM_BYTES];  /* of src's rows = dst's */
} bar_store_copy_table;

typedef struct bar_store_copy_report {
    bar_store_copy_table tables[BAR_STORE_COPY_TABLES];
    size_t n;
} bar_store_copy_report;

/* Copy every table of src into dst (both open; borrowed), which must be
 * empty: a table of dst with rows is BAR_ECONFLICT. One transaction of
 * dst, all or nothing; src is read under its write lock, so that no write
 * lands in the middle. A table whose count or checksum read back from dst
 * differs from src's is BAR_ESTORE (nothing stays). The audit trail is
 * copied as it is; the copy adds no line to it. report (may be NULL) gets
 * the tables, their row counts and checksums. */
bar_status bar_store_copy(bar_store *src, bar_store *dst,
                          bar_store_copy_report *report, bar_error *err);

/* The checksums of every table of st, as bar_store_copy computes them
 * (report filled; st is read under its write lock). Two stores with equal
 * reports hold the same rows. */
bar_status bar_store_checksum(bar_store *st, bar_store_copy_report *report,
                              bar_error *err);

#endif
