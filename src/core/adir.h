/* adir.h - folders replaced whole or not at all.
 *
 * A folder of files that belong together (the report: index.html,
 * report.css, results.json, the CSVs in data/, report.pdf) is written into
 * a fresh folder beside its final path, DIR.tmp-XXXXXX, and swapped in by
 * bar_adir_commit: on Linux with one renameat2(RENAME_EXCHANGE), so that at
 * every moment DIR is the old folder or the new one, never a mix. Where the
 * file system cannot exchange, two renames are used (DIR to DIR.old-XXXXXX,
 * then the new folder to DIR): between them DIR is briefly missing, and the
 * old folder survives as DIR.old-XXXXXX.
 *
 * Folders this program wrote carry a marker file; an existing DIR that is
 * not empty and has no marker is refused unless forced, so nothing of the
 * user's is replaced by mistake. The new folder holds an exclusive flock
 * while it is being built; DIR.tmp-* and DIR.old-* folders that nobody
 * holds (left by a killed run) are removed by the next bar_adir_open, so
 * they never block a later run. The building folder is registered with
 * bar_afile_track, so SIGINT or SIGTERM removes it.
 *
 * The new folder gets the old folder's mode (and owner, as root), or
 * 0777 less the umask for a new DIR. A symbolic link at DIR is followed: the
 * folder it names is replaced and the link stays.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_ADIR_H
#define BAR_ADIR_H

#include <stdbool.h>

#include "core/status.h"

typedef struct bar_adir bar_adir;

/* Start replacing folder dir. marker is the name of the file that marks
 * folders this program wrote (".barometer-report"); force allows replacing
 * a non-empty folder without it. dir and marker are copied. On success *out
 * is a new handle: write into bar_adir_path, then commit or abort.
 * BAR_ECONFLICT when dir holds files without the marker (and not force);
 * BAR_EIO when dir is not a folder, a dangling link, or the new folder
 * cannot be made; BAR_ENOMEM. */
bar_status bar_adir_open(const char *dir, const char *marker, bool force,
                         bar_adir **out, bar_error *err);

/* The folder to write into (DIR.tmp-XXXXXX); owned by the handle. */
const char *bar_adir_path(const bar_adir *ad);

/* Write the marker, sync, and swap the new folder in; the old one is
 * removed. Frees the handle in every case. BAR_EIO when a step fails: DIR
 * is then the old folder and the new one is removed. */
bar_status bar_adir_commit(bar_adir *ad, bar_error *err);

/* Remove the new folder and free the handle; NULL is accepted. */
void bar_adir_abort(bar_adir *ad);

/* For tests only: true makes bar_adir_commit take the two-rename path, as
 * on a file system without RENAME_EXCHANGE. */
extern bool bar__adir_no_exchange;

#endif
