/* adir.c - build a folder beside its final path, swap it in (see adir.h).
 * Linux: renameat2 through syscall(2), flock. */
#define _GNU_SOURCE
#include "core/adir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/afile.h"
#include "core/buf.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

enum { SUFFIX_LEN = 6, TRY_MAX = 100 };

bool bar__adir_no_exchange = false;

struct bar_adir {
    char *dir;     /* the final path (a link resolved); owned */
    char *shown;   /* dir as given, for messages; owned */
    char *tmp;     /* DIR.tmp-XXXXXX, the folder being built; owned */
    char *marker;  /* owned */
    int fd;        /* tmp, open and flocked; -1 when closed */
    int slot;      /* registry slot of tmp, or -1 */
    bool existed;  /* dir was there: exchange rather than rename */
};

/* path + tag + SUFFIX_LEN random characters, malloc'd; NULL when out of
 * memory. */
static char *sibling_name(const char *path, const char *tag)
{
    size_t n = strlen(path), t = strlen(tag);
    char *s = malloc(n + t + SUFFIX_LEN + 1);
    if (!s)
        return NULL;
    memcpy(s, path, n);
    memcpy(s + n, tag, t);
    bar__afile_suffix(s + n + t);
    s[n + t + SUFFIX_LEN] = '\0';
    return s;
}

/* Make a new folder path + tag + random suffix (mode 0777 less the umask);
 * its name into *out. */
static int make_sibling(const char *path, const char *tag, char **out)
{
    for (int tries = 0; tries < TRY_MAX; tries++) {
        char *s = sibling_name(path, tag);
        if (!s) {
            errno = ENOMEM;
            return -1;
        }
        if (mkdir(s, 0777) == 0) {
            *out = s;
            return 0;
        }
        int saved = errno;
        free(s);
        if (saved != EEXIST) {
            errno = saved;
            return -1;
        }
    }
    return -1;
}

/* The folder holding path and path's last component. */
static void split(const char *path, char *parent, size_t size,
                  const char **base)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(parent, size, ".");
        *base = path;
    } else {
        snprintf(parent, size, "%.*s", slash == path ? 1 : (int)(slash - path),
                 path);
        *base = slash + 1;
    }
}

/* Remove DIR.tmp-XXXXXX and DIR.old-XXXXXX folders nobody holds a lock on:
 * left by a run that was killed. Best effort. */
static void remove_stale(const char *dir)
{
    char parent[PATH_MAX], path[PATH_MAX];
    const char *base;
    split(dir, parent, sizeof parent, &base);
    size_t blen = strlen(base);
    DIR *d = opendir(parent);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        const char *nm = e->d_name;
        if (strlen(nm) != blen + 5 + SUFFIX_LEN ||
            strncmp(nm, base, blen) != 0 ||
            (strncmp(nm + blen, ".tmp-", 5) != 0 &&
             strncmp(nm + blen, ".old-", 5) != 0))
            continue;
        int w = snprintf(path, sizeof path, "%s/%s", parent, nm);
        if (w < 0 || (size_t)w >= sizeof path)
            continue;
        int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            bar_afile_remove_tree(path);
        close(fd);
    }
    closedir(d);
}

/* Whether folder dir is empty or holds marker; -1 when it cannot be read. */
static int ours_or_empty(const char *dir, const char *marker)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    bool empty = true, marked = false;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        empty = false;
        if (strcmp(e->d_name, marker) == 0)
            marked = true;
    }
    closedir(d);
    return empty || marked;
}

static void release(bar_adir *ad)
{
    if (ad->fd >= 0)
        close(ad->fd); /* drops the lock */
    if (ad->tmp)
        bar_afile_remove_tree(ad->tmp);
    bar_afile_untrack(ad->slot);
    free(ad->tmp);
    free(ad->dir);
    free(ad->shown);
    free(ad->marker);
    free(ad);
}

bar_status bar_adir_open(const char *dir, const char *marker, bool force,
                         bar_adir **out, bar_error *err)
{
    bar_status rc = BAR_OK;
    *out = NULL;
    bar_adir *ad = calloc(1, sizeof *ad);
    if (!ad || !(ad->shown = strdup(dir)) ||
        !(ad->marker = strdup(marker))) {
        if (ad)
            free(ad->shown);
        free(ad);
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    }
    ad->fd = -1;
    ad->slot = -1;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') /* "report/" names "report" */
        n--;
    if (!(ad->dir = strndup(dir, n))) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }

    struct stat st;
    if (lstat(ad->dir, &st) == 0) {
        ad->existed = true;
        /* The real path: a link is followed, and "." or "a/.." get a
         * parent to build beside. */
        char *real = realpath(ad->dir, NULL);
        if (!real) {
            if (S_ISLNK(st.st_mode) && errno == ENOENT)
                rc = bar_error_set(err, BAR_EIO, "%s: a symbolic link to "
                                   "nothing; refusing to write through it",
                                   dir);
            else
                rc = bar_error_set(err, BAR_EIO, "%s: %s", dir,
                                   strerror(errno));
            goto cleanup;
        }
        free(ad->dir);
        ad->dir = real;
        if (strcmp(ad->dir, "/") == 0) {
            rc = bar_error_set(err, BAR_EUSAGE, "%s: refusing to replace the "
                               "root folder", dir);
            goto cleanup;
        }
        if (stat(ad->dir, &st) != 0) {
            rc = bar_error_set(err, BAR_EIO, "%s: %s", dir, strerror(errno));
            goto cleanup;
        }
        if (!S_ISDIR(st.st_mode)) {
            rc = bar_error_set(err, BAR_EIO, "%s: exists and is not a "
                               "folder", dir);
            goto cleanup;
        }
        int ours = ours_or_empty(ad->dir, marker);
        if (ours < 0) {
            rc = bar_error_set(err, BAR_EIO, "%s: cannot read the folder: "
                               "%s", dir, strerror(errno));
            goto cleanup;
        }
        if (!ours && !force) {
            rc = bar_error_set(err, BAR_ECONFLICT, "%s is not empty and was "
                               "not written by the barometer (no %s in it); "
                               "refusing to replace it (choose another "
                               "folder, or use --force)", dir, marker);
            goto cleanup;
        }
    } else if (errno != ENOENT) {
        rc = bar_error_set(err, BAR_EIO, "%s: %s", dir, strerror(errno));
        goto cleanup;
    }

    remove_stale(ad->dir);
    /* made and tracked as one step for the signal handler */
    sigset_t saved_mask;
    bar_afile_signals_block(&saved_mask);
    int made = make_sibling(ad->dir, ".tmp-", &ad->tmp);
    int saved_errno = errno;
    if (made == 0)
        ad->slot = bar__afile_track_made(ad->tmp, true);
    bar_afile_signals_restore(&saved_mask);
    if (made != 0) {
        rc = bar_error_set(err, BAR_EIO, "%s: cannot create a folder beside "
                           "it: %s", dir, strerror(saved_errno));
        goto cleanup;
    }
    ad->fd = open(ad->tmp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (ad->fd < 0 || flock(ad->fd, LOCK_EX | LOCK_NB) != 0) {
        rc = bar_error_set(err, BAR_EIO, "%s: cannot hold the new folder: %s",
                           dir, strerror(errno));
        goto cleanup;
    }
    if (ad->existed) {
        /* The new folder takes the old one's owner (root only) and mode. */
        if ((st.st_uid != geteuid() || st.st_gid != getegid()) &&
            fchown(ad->fd, st.st_uid, st.st_gid) != 0 && geteuid() == 0) {
            rc = bar_error_set(err, BAR_EIO, "%s: cannot keep the owner: %s",
                               dir, strerror(errno));
            goto cleanup;
        }
        if (fchmod(ad->fd, st.st_mode & 07777) != 0) {
            rc = bar_error_set(err, BAR_EIO, "%s: cannot keep the mode: %s",
                               dir, strerror(errno));
            goto cleanup;
        }
    }
    *out = ad;
    ad = NULL;
cleanup:
    if (ad)
        release(ad);
    return rc;
}

const char *bar_adir_path(const bar_adir *ad)
{
    return ad->tmp;
}

static void sync_path(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort */
        close(fd);
    }
}

bar_status bar_adir_commit(bar_adir *ad, bar_error *err)
{
    bar_status rc = BAR_OK;
    char path[PATH_MAX], parent[PATH_MAX];
    char *old = NULL;
    sigset_t saved_mask;
    bool masked = false;
    const char *base;
    split(ad->dir, parent, sizeof parent, &base);
    static const char note[] =
        "Written by the barometer, which may replace this folder whole.\n";
    int w = snprintf(path, sizeof path, "%s/%s", ad->tmp, ad->marker);
    if (w < 0 || (size_t)w >= sizeof path) {
        rc = bar_error_set(err, BAR_ELIMIT, "%s: path too long", ad->shown);
        goto cleanup;
    }
    if ((rc = bar_file_write_atomic(path, note, sizeof note - 1, err)) !=
        BAR_OK)
        goto cleanup;
    if (fsync(ad->fd) != 0 && errno != EINVAL) {
        rc = bar_error_set(err, BAR_EIO, "%s: %s", ad->tmp, strerror(errno));
        goto cleanup;
    }
    /* No signal handler runs between a rename and the registry catching
     * up with it (it would remove the new DIR). */
    bar_afile_signals_block(&saved_mask);
    masked = true;
    if (!ad->existed) {
        if (rename(ad->tmp, ad->dir) != 0) {
            rc = bar_error_set(err, BAR_EIO, "%s: cannot move the new folder "
                               "into place: %s", ad->shown, strerror(errno));
            goto cleanup;
        }
        bar_afile_untrack(ad->slot);
        ad->slot = -1;
        free(ad->tmp);
        ad->tmp = NULL; /* it is DIR now */
        sync_path(parent);
        goto cleanup;
    }
    /* One atomic step: afterwards DIR is the new folder and the temporary
     * name the old one, which release removes (as would a signal). */
    errno = ENOSYS;
    if (!bar__adir_no_exchange &&
        syscall(SYS_renameat2, AT_FDCWD, ad->tmp, AT_FDCWD, ad->dir,
                RENAME_EXCHANGE) == 0) {
        sync_path(parent);
        goto cleanup;
    }
    if (errno != ENOSYS && errno != EINVAL && errno != ENOTSUP) {
        rc = bar_error_set(err, BAR_EIO, "%s: cannot swap the new folder in: "
                           "%s", ad->shown, strerror(errno));
        goto cleanup;
    }
    /* No exchange here: move the old folder aside onto an empty folder of
     * a fresh name, then the new one in. DIR is missing in between. */
    if (make_sibling(ad->dir, ".old-", &old) != 0 ||
        rename(ad->dir, old) != 0) {
        rc = bar_error_set(err, BAR_EIO, "%s: cannot move the old folder "
                           "aside: %s", ad->shown, strerror(errno));
        if (old)
            rmdir(old);
        goto cleanup;
    }
    if (rename(ad->tmp, ad->dir) != 0) {
        rc = bar_error_set(err, BAR_EIO, "%s: cannot move the new folder "
                           "into place: %s", ad->shown, strerror(errno));
        rename(old, ad->dir); /* put the old one back */
        goto cleanup;
    }
    bar_afile_untrack(ad->slot);
    ad->slot = bar_afile_track(old, true);
    free(ad->tmp);
    ad->tmp = old; /* release removes the old folder */
    old = NULL;
    sync_path(parent);
cleanup:
    free(old);
    release(ad);
    if (masked)
        bar_afile_signals_restore(&saved_mask);
    return rc;
}

void bar_adir_abort(bar_adir *ad)
{
    if (ad)
        release(ad);
}
