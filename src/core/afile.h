/* afile.h - files that appear whole or not at all.
 *
 * An atomic file is written under a temporary name in the folder of its
 * final path (created exclusively, so two writers never share one), then
 * flushed to disk and renamed over the final path by bar_afile_commit. A
 * failure or bar_afile_abort removes the temporary file: a reader never sees
 * a half-written export, report or results document.
 *
 * Nothing outside this header is API.
 */
#ifndef BAR_AFILE_H
#define BAR_AFILE_H

#include <stdio.h>

#include "core/status.h"

typedef struct bar_afile bar_afile;

/* Start writing path. On success *out is a new handle; write through
 * bar_afile_stream (or to the name bar_afile_tmpname gives, for libraries
 * that open files themselves), then commit or abort. BAR_EIO with the path
 * on err when the temporary file cannot be created. */
bar_status bar_afile_open(const char *path, bar_afile **out, bar_error *err);

/* The stream to write to; owned by the handle. */
FILE *bar_afile_stream(bar_afile *af);

/* The temporary file's name; owned by the handle. */
const char *bar_afile_tmpname(const bar_afile *af);

/* Flush, sync, close and rename into place; frees the handle in every case.
 * BAR_EIO (message names the final path) when any step fails: the final
 * path is then untouched and the temporary file removed. */
bar_status bar_afile_commit(bar_afile *af, bar_error *err);

/* Discard what was written and free the handle; NULL is accepted. */
void bar_afile_abort(bar_afile *af);

#endif
