/* afile.c - write to a temporary file, rename into place; write devices
 * and FIFOs directly; clean up on signals (see afile.h). Linux: getrandom,
 * getdents64. */
#define _GNU_SOURCE
#include "core/afile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

enum { SUFFIX_LEN = 6, TRY_MAX = 100 };

struct bar_afile {
    FILE *f;
    char *path;     /* the final path (a link resolved); owned */
    char *shown;    /* the path as given, for messages; owned */
    char *tmp;      /* temporary or spool file, removed unless committed;
                       NULL when the target is written directly; owned */
    int slot;       /* registry slot of tmp, or -1 */
    int direct_fd;  /* the device or FIFO behind a spool file, or -1 */
    bool direct;    /* the target itself is written (device, FIFO) */
};

/* ---- the registry of temporary paths, read by the signal handler ---- */

enum { TRACK_MAX = 32 };
enum { TRACK_FREE = 0, TRACK_FILE = 1, TRACK_TREE = 2 };
static char track_path[TRACK_MAX][PATH_MAX];
static volatile sig_atomic_t track_kind[TRACK_MAX];

int bar_afile_track(const char *path, bool tree)
{
    size_t n = strlen(path);
    if (n >= PATH_MAX)
        return -1;
    for (int i = 0; i < TRACK_MAX; i++) {
        if (track_kind[i] != TRACK_FREE)
            continue;
        memcpy(track_path[i], path, n + 1);
        atomic_signal_fence(memory_order_seq_cst);
        track_kind[i] = tree ? TRACK_TREE : TRACK_FILE;
        return i;
    }
    return -1;
}

void bar_afile_untrack(int slot)
{
    if (slot >= 0 && slot < TRACK_MAX)
        track_kind[slot] = TRACK_FREE;
}

void (*bar__afile_created_hook)(void);

void bar_afile_signals_block(sigset_t *saved)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGPIPE);
    sigprocmask(SIG_BLOCK, &block, saved);
}

void bar_afile_signals_restore(const sigset_t *saved)
{
    sigprocmask(SIG_SETMASK, saved, NULL);
}

int bar__afile_track_made(const char *path, bool tree)
{
    if (bar__afile_created_hook)
        bar__afile_created_hook();
    return bar_afile_track(path, tree);
}

/* What getdents64 returns (not in any glibc header before 2.30). */
struct dirent64_raw {
    uint64_t ino;
    int64_t off;
    unsigned short reclen;
    unsigned char type;
    char name[];
};

/* Empty the open folder fd, depth levels deep at most: passes over the
 * entries until one removes nothing (removing while reading may hide
 * entries from the rest of a pass). 0, or -1 when something stayed. */
static int empty_dir(int fd, int depth)
{
    char buf[4096] __attribute__((aligned(8)));
    for (;;) {
        bool removed = false, stayed = false;
        if (lseek(fd, 0, SEEK_SET) != 0)
            return -1;
        for (;;) {
            long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
            if (n < 0)
                return -1;
            if (n == 0)
                break;
            for (long pos = 0; pos < n;) {
                struct dirent64_raw *d = (struct dirent64_raw *)(buf + pos);
                pos += d->reclen;
                const char *nm = d->name;
                if (nm[0] == '.' && (nm[1] == '\0' ||
                                     (nm[1] == '.' && nm[2] == '\0')))
                    continue;
                if (unlinkat(fd, nm, 0) == 0) {
                    removed = true;
                    continue;
                }
                int sub = -1;
                if ((errno == EISDIR || errno == EPERM) && depth > 0)
                    sub = openat(fd, nm, O_RDONLY | O_DIRECTORY |
                                             O_NOFOLLOW | O_CLOEXEC);
                if (sub >= 0) {
                    empty_dir(sub, depth - 1);
                    close(sub);
                    if (unlinkat(fd, nm, AT_REMOVEDIR) == 0) {
                        removed = true;
                        continue;
                    }
                }
                stayed = true;
            }
        }
        if (!stayed)
            return 0;
        if (!removed)
            return -1;
    }
}

int bar_afile_remove_tree(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = empty_dir(fd, 8);
    int saved = errno;
    close(fd);
    if (rc != 0) {
        errno = saved;
        return -1;
    }
    return rmdir(path);
}

static void on_signal(int sig)
{
    int saved = errno;
    for (int i = 0; i < TRACK_MAX; i++) {
        if (track_kind[i] == TRACK_FILE)
            unlink(track_path[i]);
        else if (track_kind[i] == TRACK_TREE)
            bar_afile_remove_tree(track_path[i]);
        track_kind[i] = TRACK_FREE;
    }
    errno = saved;
    /* SA_RESETHAND restored the default: die of the same signal once the
     * handler returns and the signal is unblocked. */
    raise(sig);
}

void bar_afile_trap_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        if (sigaction(sigs[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN)
            continue; /* nohup and background jobs keep ignoring */
        struct sigaction sa = {.sa_handler = on_signal,
                               .sa_flags = SA_RESETHAND};
        sigemptyset(&sa.sa_mask);
        for (size_t k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
            sigaddset(&sa.sa_mask, sigs[k]);
        sigaction(sigs[i], &sa, NULL);
    }
}

/* ---- temporary names ---- */

/* SUFFIX_LEN random letters and digits into out (not terminated). */
void bar__afile_suffix(char out[6])
{
    static const char alphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    unsigned char r[SUFFIX_LEN];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        static unsigned long counter;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        unsigned long x = (unsigned long)ts.tv_nsec ^
                          ((unsigned long)getpid() << 16) ^ ++counter * 7919;
        for (int i = 0; i < SUFFIX_LEN; i++, x = x * 6364136223846793005u + 1)
            r[i] = (unsigned char)(x >> 33);
    }
    for (int i = 0; i < SUFFIX_LEN; i++)
        out[i] = alphabet[r[i] % (sizeof alphabet - 1)];
}

/* Create a new file prefix + SUFFIX_LEN random characters, exclusively,
 * with mode perm (the umask applies). The name into *name (caller frees);
 * the descriptor, or -1 with errno. */
static int create_unique(const char *prefix, mode_t perm, char **name)
{
    size_t n = strlen(prefix);
    char *buf = malloc(n + SUFFIX_LEN + 1);
    *name = NULL;
    if (!buf) {
        errno = ENOMEM;
        return -1;
    }
    memcpy(buf, prefix, n);
    buf[n + SUFFIX_LEN] = '\0';
    for (int tries = 0; tries < TRY_MAX; tries++) {
        bar__afile_suffix(buf + n);
        int fd = open(buf, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, perm);
        if (fd >= 0) {
            *name = buf;
            return fd;
        }
        if (errno != EEXIST)
            break;
    }
    int saved = errno;
    free(buf);
    errno = saved;
    return -1;
}

/* ---- the handle ---- */

static void release(bar_afile *af)
{
    if (af->f)
        fclose(af->f);
    if (af->direct_fd >= 0)
        close(af->direct_fd);
    if (af->tmp)
        unlink(af->tmp);
    bar_afile_untrack(af->slot);
    free(af->tmp);
    free(af->path);
    free(af->shown);
    free(af);
}

static bar_status fail(bar_error *err, const char *path, const char *what)
{
    return bar_error_at(err, BAR_EIO, path, 0, 0, NULL, "%s: %s", what,
                        strerror(errno));
}

/* Open the device, FIFO or socket path for writing, never blocking on a
 * FIFO without a reader. */
static int open_direct(const char *path)
{
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

/* A private spool file in $TMPDIR for a library writing by name. */
static int open_spool(char **name)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char prefix[PATH_MAX];
    int w = snprintf(prefix, sizeof prefix, "%s/barometer-spool-", dir);
    if (w < 0 || (size_t)w >= sizeof prefix) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return create_unique(prefix, 0600, name);
}

bar_status bar_afile_open(const char *path, unsigned flags, bar_afile **out,
                          bar_error *err)
{
    bar_status rc = BAR_OK;
    int fd = -1;
    *out = NULL;
    bar_afile *af = calloc(1, sizeof *af);
    if (!af || !(af->shown = strdup(path))) {
        free(af);
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    }
    af->slot = -1;
    af->direct_fd = -1;

    struct stat st;
    bool exists = lstat(path, &st) == 0;
    if (!exists && errno != ENOENT) {
        rc = fail(err, path, "cannot examine");
        goto cleanup;
    }
    if (exists && S_ISLNK(st.st_mode)) {
        af->path = realpath(path, NULL);
        if (!af->path) {
            if (errno == ENOENT)
                rc = bar_error_at(err, BAR_EIO, path, 0, 0, NULL,
                                  "a symbolic link to nothing; refusing to "
                                  "write through it (remove the link or "
                                  "create the file it names)");
            else
                rc = fail(err, path, "cannot follow the symbolic link");
            goto cleanup;
        }
        if (stat(af->path, &st) != 0) {
            rc = fail(err, path, "cannot examine");
            goto cleanup;
        }
    } else if (!(af->path = strdup(path))) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }

    if (exists && S_ISDIR(st.st_mode)) {
        rc = bar_error_at(err, BAR_EIO, path, 0, 0, NULL, "is a folder, not "
                          "a file");
        goto cleanup;
    }
    if (exists && !S_ISREG(st.st_mode)) {
        /* A device, FIFO or socket: write to it, never replace it. */
        af->direct = true;
        fd = open_direct(af->path);
        if (fd < 0) {
            rc = errno == ENXIO && S_ISFIFO(st.st_mode)
                     ? bar_error_at(err, BAR_EIO, path, 0, 0, NULL,
                                    "a FIFO with no reader; start the "
                                    "reader first")
                     : fail(err, path, "cannot open");
            goto cleanup;
        }
        if (flags & BAR_AFILE_NAMED) {
            af->direct_fd = fd;
            sigset_t saved;
            bar_afile_signals_block(&saved);
            fd = open_spool(&af->tmp);
            if (fd >= 0)
                af->slot = bar__afile_track_made(af->tmp, false);
            bar_afile_signals_restore(&saved);
            if (fd < 0) {
                rc = fail(err, path, "cannot create a spool file");
                goto cleanup;
            }
        }
    } else {
        size_t n = strlen(af->path);
        char *prefix = malloc(n + 6);
        if (!prefix) {
            rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
            goto cleanup;
        }
        memcpy(prefix, af->path, n);
        memcpy(prefix + n, ".tmp-", 6);
        /* A new file gets 0666 or 0600 less the umask from the kernel; a
         * replacement starts private and takes the old mode below. */
        mode_t perm = exists || (flags & BAR_AFILE_PRIVATE) ? 0600 : 0666;
        sigset_t saved;
        bar_afile_signals_block(&saved);
        fd = create_unique(prefix, perm, &af->tmp);
        if (fd >= 0)
            af->slot = bar__afile_track_made(af->tmp, false);
        bar_afile_signals_restore(&saved);
        free(prefix);
        if (fd < 0) {
            rc = fail(err, path, "cannot create");
            goto cleanup;
        }
        if (exists) {
            /* Owner first: chown clears set-id bits that fchmod restores.
             * Only root may give a file away; others keep their own. */
            if ((st.st_uid != geteuid() || st.st_gid != getegid()) &&
                fchown(fd, st.st_uid, st.st_gid) != 0 && geteuid() == 0) {
                rc = fail(err, path, "cannot keep the owner");
                goto cleanup;
            }
            if (fchmod(fd, st.st_mode & 07777) != 0) {
                rc = fail(err, path, "cannot keep the mode");
                goto cleanup;
            }
        }
    }
    af->f = fdopen(fd, "wb");
    if (!af->f) {
        rc = fail(err, path, "cannot open");
        goto cleanup;
    }
    fd = -1;
    *out = af;
    af = NULL;
cleanup:
    if (fd >= 0)
        close(fd);
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
    return af->tmp ? af->tmp : af->path;
}

/* Copy the spool file (open on af->f) to the device or FIFO. */
static bar_status copy_spool(bar_afile *af, bar_error *err)
{
    int in = fileno(af->f);
    char buf[65536];
    if (lseek(in, 0, SEEK_SET) != 0)
        return fail(err, af->shown, "write failed");
    for (;;) {
        ssize_t n = read(in, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(err, af->shown, "write failed");
        if (n == 0)
            return BAR_OK;
        for (ssize_t off = 0; off < n;) {
            ssize_t w = write(af->direct_fd, buf + off, (size_t)(n - off));
            if (w < 0 && errno == EINTR)
                continue;
            if (w < 0)
                return fail(err, af->shown, "write failed");
            off += w;
        }
    }
}

/* Sync the folder holding path, so that a rename survives a crash. */
static void sync_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    char dir[PATH_MAX];
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* best effort: some file systems refuse it */
        close(fd);
    }
}

bar_status bar_afile_commit(bar_afile *af, bar_error *err)
{
    bar_status rc = BAR_OK;
    if (fflush(af->f) != 0 || ferror(af->f)) {
        rc = fail(err, af->shown, "write failed");
        goto cleanup;
    }
    if (af->direct) {
        if (af->direct_fd >= 0 && (rc = copy_spool(af, err)) != BAR_OK)
            goto cleanup;
        int closed = af->direct_fd >= 0 ? close(af->direct_fd)
                                          : fclose(af->f);
        if (af->direct_fd >= 0)
            af->direct_fd = -1;
        else
            af->f = NULL;
        if (closed != 0)
            rc = fail(err, af->shown, "write failed");
        goto cleanup;
    }
    if (fsync(fileno(af->f)) != 0) {
        rc = fail(err, af->shown, "write failed");
        goto cleanup;
    }
    int closed = fclose(af->f);
    af->f = NULL;
    if (closed != 0) {
        rc = fail(err, af->shown, "write failed");
        goto cleanup;
    }
    if (rename(af->tmp, af->path) != 0) {
        rc = fail(err, af->shown, "cannot rename into place");
        goto cleanup;
    }
    bar_afile_untrack(af->slot);
    af->slot = -1;
    free(af->tmp); /* renamed: nothing left to remove */
    af->tmp = NULL;
    sync_folder(af->path);
cleanup:
    release(af);
    return rc;
}

void bar_afile_abort(bar_afile *af)
{
    if (af)
        release(af);
}

bool bar_afile_same(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

bool bar_afile_inside(const char *path, const char *dir)
{
    struct stat sd;
    if (stat(dir, &sd) != 0)
        return false;
    char *p = realpath(path, NULL);
    if (!p)
        return false;
    bool inside = false;
    for (;;) {
        struct stat sp;
        if (stat(p, &sp) == 0 && sp.st_dev == sd.st_dev &&
            sp.st_ino == sd.st_ino) {
            inside = true;
            break;
        }
        char *slash = strrchr(p, '/');
        if (!slash || (slash == p && p[1] == '\0'))
            break;
        if (slash == p)
            slash[1] = '\0'; /* up to "/" */
        else
            *slash = '\0';
    }
    free(p);
    return inside;
}
