/* afile.c - write to a temporary file, rename into place (see afile.h). */
#include "core/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct bar_afile {
    FILE *f;
    char *path;
    char *tmp;
};

static void release(bar_afile *af)
{
    if (af->f)
        fclose(af->f);
    if (af->tmp)
        remove(af->tmp);
    free(af->tmp);
    free(af->path);
    free(af);
}

bar_status bar_afile_open(const char *path, bar_afile **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = NULL;
    bar_afile *af = calloc(1, sizeof *af);
    size_t n = strlen(path);
    if (!af || !(af->path = strdup(path)) || !(af->tmp = malloc(n + 32))) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    snprintf(af->tmp, n + 32, "%s.tmp%ld", path, (long)getpid());
    int fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        rc = bar_error_at(err, BAR_EIO, path, 0, 0, NULL,
                          "cannot create: %s", strerror(errno));
        free(af->tmp); /* not ours to remove */
        af->tmp = NULL;
        goto cleanup;
    }
    af->f = fdopen(fd, "wb");
    if (!af->f) {
        close(fd);
        rc = bar_error_at(err, BAR_EIO, path, 0, 0, NULL, "cannot open: %s",
                          strerror(errno));
        goto cleanup;
    }
    *out = af;
    af = NULL;
cleanup:
    if (af)
        release(af);
    return rc;
}

FILE *bar_afile_stream(bar_afile *af)
{
    return af->f;
}

const char *bar_afile_tmpname(const bar_afile *af)
{
    return af->tmp;
}

bar_status bar_afile_commit(bar_afile *af, bar_error *err)
{
    bar_status rc = BAR_OK;
    if (fflush(af->f) != 0 || ferror(af->f) || fsync(fileno(af->f)) != 0) {
        rc = bar_error_at(err, BAR_EIO, af->path, 0, 0, NULL,
                          "write failed: %s", strerror(errno));
        goto cleanup;
    }
    int closed = fclose(af->f);
    af->f = NULL;
    if (closed != 0) {
        rc = bar_error_at(err, BAR_EIO, af->path, 0, 0, NULL,
                          "write failed: %s", strerror(errno));
        goto cleanup;
    }
    if (rename(af->tmp, af->path) != 0) {
        rc = bar_error_at(err, BAR_EIO, af->path, 0, 0, NULL,
                          "cannot rename into place: %s", strerror(errno));
        goto cleanup;
    }
    free(af->tmp); /* renamed: nothing left to remove */
    af->tmp = NULL;
cleanup:
    release(af);
    return rc;
}

void bar_afile_abort(bar_afile *af)
{
    if (af)
        release(af);
}
