/* afile.h - files that appear whole or not at all, written the way careful
 * tools write them.
 *
 * What bar_afile_open finds at the path decides how it is written:
 *
 *   nothing          a new file, created under a temporary name in the same
 *                    folder and renamed into place by bar_afile_commit; its
 *                    mode is 0666 & ~umask, or 0600 & ~umask for
 *                    BAR_AFILE_PRIVATE (anything holding org_id, names,
 *                    e-mail addresses or open answers).
 *   a regular file   replaced the same way; the new file keeps the old
 *                    one's mode, and its owner and group where the process
 *                    may set them (always as root).
 *   a symbolic link  followed: the file it points to is written as above
 *                    and the link stays (like cp and most editors). A link
 *                    to nothing (dangling) is refused, as GNU cp refuses it.
 *   a device, FIFO   written directly, never replaced (/dev/null stays a
 *   or socket        device). A FIFO is opened without blocking: with no
 *                    reader the open fails at once (BAR_EIO, "no reader")
 *                    instead of hanging. Such a write cannot be undone, so
 *                    a failure may leave part of it behind.
 *   a folder         refused (BAR_EIO, "is a folder").
 *
 * Temporary names are PATH.tmp-XXXXXX with a random suffix, created with
 * O_EXCL (never shared, never blocked by a stale one from a killed run).
 * A failure or bar_afile_abort removes the temporary file; so does SIGINT,
 * SIGTERM, SIGHUP or SIGPIPE once bar_afile_trap_signals has run (a
 * registry of the temporary files and folders in use, cleaned by an
 * async-signal-safe handler). A kill -9 leaves the temporary file behind,
 * never a half-written final path.
 *
 * Replacing a file by rename gives it a new inode: other hard links to the
 * old file keep the old content.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_AFILE_H
#define BAR_AFILE_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/status.h"

typedef struct bar_afile bar_afile;

/* Flags of bar_afile_open, or-ed. */
enum {
    /* A new file is created 0600 & ~umask instead of 0666 & ~umask: for
     * files that hold org_id, contact details or open answers. An existing
     * file keeps its own mode either way. */
    BAR_AFILE_PRIVATE = 1,
    /* The caller hands the file's name to a library that opens it itself
     * (bar_afile_tmpname). For a device or FIFO the library then writes a
     * private spool file in $TMPDIR (or /tmp) that commit copies to the
     * target. */
    BAR_AFILE_NAMED = 2
};

/* Start writing path (see above for what it does with what is there).
 * flags: BAR_AFILE_PRIVATE, BAR_AFILE_NAMED or 0. On success *out is a new
 * handle: write through bar_afile_stream (or, with BAR_AFILE_NAMED, to the
 * name bar_afile_tmpname gives), then commit or abort. path is copied.
 * BAR_EIO with the path on err when the path is a folder or a dangling link,
 * a FIFO has no reader, or the file cannot be created; BAR_ENOMEM. */
bar_status bar_afile_open(const char *path, unsigned flags, bar_afile **out,
                          bar_error *err);

/* The stream to write to; owned by the handle. */
FILE *bar_afile_stream(bar_afile *af);

/* The name of the file the stream writes: the temporary file, the spool
 * file, or the target itself when it is written directly. Owned by the
 * handle. */
const char *bar_afile_tmpname(const bar_afile *af);

/* Flush, sync, close and rename into place (or, for a device or FIFO,
 * flush and close); frees the handle in every case. BAR_EIO (message names
 * the path) when any step fails: a replaced path is then untouched and the
 * temporary file removed. */
bar_status bar_afile_commit(bar_afile *af, bar_error *err);

/* Discard what was written and free the handle; NULL is accepted. */
void bar_afile_abort(bar_afile *af);

/* Whether paths a and b (symbolic links followed) name the same existing
 * file or folder: same device and inode. False when either is missing. */
bool bar_afile_same(const char *a, const char *b);

/* Whether the existing file or folder path lies inside folder dir, at any
 * depth, or is dir itself (links followed). */
bool bar_afile_inside(const char *path, const char *dir);

/* The registry of temporary files and folders removed on a signal. A slot
 * number (>= 0) or -1 when the registry is full (the path is then not
 * removed on a signal). path is copied; tree: remove a folder with
 * everything in it rather than one file. */
int bar_afile_track(const char *path, bool tree);
/* Forget a slot from bar_afile_track; -1 is accepted. */
void bar_afile_untrack(int slot);

/* Block the signals bar_afile_trap_signals handles (the old mask into
 * *saved), so that a path created and then tracked is never left between
 * the two: a signal that comes meanwhile is handled at
 * bar_afile_signals_restore, once the path is tracked. */
void bar_afile_signals_block(sigset_t *saved);
/* Restore the mask that bar_afile_signals_block saved. */
void bar_afile_signals_restore(const sigset_t *saved);

/* Internal to core/: bar_afile_track for a temporary path just made,
 * called with the signals blocked; it first calls the test hook. */
int bar__afile_track_made(const char *path, bool tree);
/* For tests only: called (when set) right after a temporary file or
 * folder is created and before it is tracked. */
extern void (*bar__afile_created_hook)(void);

/* Remove the folder path with all it holds (links are removed, never
 * followed). Uses only async-signal-safe calls. 0, or -1 with errno. */
int bar_afile_remove_tree(const char *path);

/* Internal to core/ (adir.c): fill out[0..5] with random letters and
 * digits, for temporary names. */
void bar__afile_suffix(char out[6]);

/* Install handlers for SIGINT, SIGTERM, SIGHUP and SIGPIPE (those not
 * ignored) that remove every tracked path, then die of the same signal.
 * For programs, not libraries: call once at start. */
void bar_afile_trap_signals(void);

#endif
