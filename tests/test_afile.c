/* test_afile.c - atomic files: whole or not at all, written through what is
 * at the path (links followed, devices and FIFOs written, modes and owners
 * kept), temporary files removed on errors and signals. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/afile.h"
#include "core/buf.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/bar_test_afile_XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return bar_afile_remove_tree(dir);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static char *slurp(const char *path)
{
    char *data = NULL;
    size_t len;
    bar_error err;
    bar_error_init(&err);
    bar_file_read(path, 1 << 20, &data, &len, &err);
    bar_error_clear(&err);
    return data;
}

static void put(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
    assert_int_equal(chmod(path, mode), 0);
}

/* Entries of dir other than . and .. */
static int count_entries(const char *d)
{
    DIR *h = opendir(d);
    assert_non_null(h);
    int n = 0;
    for (struct dirent *e; (e = readdir(h));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(h);
    return n;
}

/* Write text to path through an afile with flags; the status. */
static bar_status write_via(const char *path, unsigned flags,
                            const char *text, bar_error *err)
{
    bar_afile *af = NULL;
    bar_status rc = bar_afile_open(path, flags, &af, err);
    if (rc != BAR_OK)
        return rc;
    fputs(text, bar_afile_stream(af));
    return bar_afile_commit(af, err);
}

static void test_commit_replaces(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(bar_file_write_atomic(path, "old\n", 4, &err), BAR_OK);

    bar_afile *af = NULL;
    assert_int_equal(bar_afile_open(path, 0, &af, &err), BAR_OK);
    fputs("new\n", bar_afile_stream(af));
    assert_true(exists(bar_afile_tmpname(af)));
    assert_non_null(strstr(bar_afile_tmpname(af), "/out.csv.tmp-"));
    char *mid = slurp(path); /* the old content until commit */
    assert_string_equal(mid, "old\n");
    free(mid);
    assert_int_equal(bar_afile_commit(af, &err), BAR_OK);
    char *now = slurp(path);
    assert_string_equal(now, "new\n");
    free(now);
    assert_int_equal(count_entries(dir), 1); /* no temporary file left */
    unlink(path);
    bar_error_clear(&err);
}

static void test_abort_leaves_nothing(void **state)
{
    (void)state;
    char path[128], tmp[256];
    snprintf(path, sizeof path, "%s/never.csv", dir);
    bar_error err;
    bar_error_init(&err);
    bar_afile *af = NULL;
    assert_int_equal(bar_afile_open(path, 0, &af, &err), BAR_OK);
    fputs("half", bar_afile_stream(af));
    snprintf(tmp, sizeof tmp, "%s", bar_afile_tmpname(af));
    bar_afile_abort(af);
    assert_false(exists(path));
    assert_false(exists(tmp));
    bar_afile_abort(NULL);
    bar_error_clear(&err);
}

static void test_open_fails(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/no/such/folder/x.csv", dir);
    bar_error err;
    bar_error_init(&err);
    bar_afile *af = NULL;
    assert_int_equal(bar_afile_open(path, 0, &af, &err), BAR_EIO);
    assert_null(af);
    assert_non_null(strstr(err.msg, "x.csv: cannot create"));
    bar_error_clear(&err);
}

/* Modes: a new file gets 0666 or 0600 less the umask, a replaced file
 * keeps its own mode whatever the flags. */
static void test_modes(void **state)
{
    (void)state;
    static const struct {
        mode_t umask;
        int existing;       /* mode of the file already there, or -1 */
        unsigned flags;
        mode_t want;
    } cases[] = {
        {022, -1, 0, 0644},
        {027, -1, 0, 0640},
        {077, -1, 0, 0600},
        {022, -1, BAR_AFILE_PRIVATE, 0600},
        {000, -1, BAR_AFILE_PRIVATE, 0600},
        {077, -1, BAR_AFILE_PRIVATE, 0600},
        {022, 0600, 0, 0600},              /* made private: stays so */
        {022, 0640, BAR_AFILE_PRIVATE, 0640},
        {077, 0664, 0, 0664},
        {022, 0755, 0, 0755},
        {022, 0600, BAR_AFILE_PRIVATE | BAR_AFILE_NAMED, 0600},
        {002, -1, BAR_AFILE_NAMED, 0664},
    };
    bar_error err;
    bar_error_init(&err);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s/mode%zu.csv", dir, i);
        if (cases[i].existing >= 0)
            put(path, "old\n", (mode_t)cases[i].existing);
        mode_t old = umask(cases[i].umask);
        bar_status rc = write_via(path, cases[i].flags, "new\n", &err);
        umask(old);
        assert_int_equal(rc, BAR_OK);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        if ((st.st_mode & 07777) != cases[i].want)
            fail_msg("case %zu: mode %o, want %o", i,
                     (unsigned)(st.st_mode & 07777),
                     (unsigned)cases[i].want);
        unlink(path);
    }
    bar_error_clear(&err);
}

/* As root, a replaced file keeps its owner and group. */
static void test_owner_kept(void **state)
{
    (void)state;
    if (geteuid() != 0)
        skip();
    char path[128];
    snprintf(path, sizeof path, "%s/owned.csv", dir);
    put(path, "old\n", 0640);
    assert_int_equal(chown(path, 65534, 65534), 0);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(write_via(path, 0, "new\n", &err), BAR_OK);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_uid, 65534);
    assert_int_equal(st.st_gid, 65534);
    assert_int_equal(st.st_mode & 07777, 0640);
    unlink(path);
    bar_error_clear(&err);
}

/* A link is followed: the file it names is replaced, the link stays. A
 * link to nothing is refused and nothing is created. */
static void test_symlinks(void **state)
{
    (void)state;
    char target[128], slink[128], dangling[128], missing[128];
    snprintf(target, sizeof target, "%s/target.csv", dir);
    snprintf(slink, sizeof slink, "%s/link.csv", dir);
    snprintf(dangling, sizeof dangling, "%s/dangling.csv", dir);
    snprintf(missing, sizeof missing, "%s/missing.csv", dir);
    put(target, "old\n", 0600);
    assert_int_equal(symlink("target.csv", slink), 0);
    assert_int_equal(symlink("missing.csv", dangling), 0);
    bar_error err;
    bar_error_init(&err);

    assert_int_equal(write_via(slink, 0, "new\n", &err), BAR_OK);
    struct stat st;
    assert_int_equal(lstat(slink, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *got = slurp(target);
    assert_string_equal(got, "new\n");
    free(got);
    assert_int_equal(stat(target, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);

    bar_afile *af = NULL;
    assert_int_equal(bar_afile_open(dangling, 0, &af, &err), BAR_EIO);
    assert_null(af);
    assert_non_null(strstr(err.msg, "dangling.csv: a symbolic link to "
                                    "nothing"));
    assert_int_equal(lstat(dangling, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_false(exists(missing));
    assert_int_equal(count_entries(dir), 3);
    unlink(target);
    unlink(slink);
    unlink(dangling);
    bar_error_clear(&err);
}

/* A folder at the path is refused with a clear message. */
static void test_folder_refused(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/folder.csv", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    bar_error err;
    bar_error_init(&err);
    bar_afile *af = NULL;
    assert_int_equal(bar_afile_open(path, 0, &af, &err), BAR_EIO);
    assert_non_null(strstr(err.msg, "folder.csv: is a folder"));
    assert_int_equal(rmdir(path), 0);
    bar_error_clear(&err);
}

/* A null device stays a device, with or without a library writing by
 * name. As root the test makes its own (c 1 3), so that it does not depend
 * on, nor risk, the system's /dev/null. */
static void test_device_written(void **state)
{
    (void)state;
    char null[128];
    snprintf(null, sizeof null, "%s/null", dir);
    if (mknod(null, S_IFCHR | 0666, makedev(1, 3)) != 0)
        snprintf(null, sizeof null, "/dev/null");
    chmod(null, 0666);
    bar_error err;
    bar_error_init(&err);
    unsigned flags[] = {0, BAR_AFILE_PRIVATE, BAR_AFILE_NAMED};
    for (size_t i = 0; i < 3; i++) {
        if (write_via(null, flags[i], "x\n", &err) != BAR_OK)
            fail_msg("%s", err.msg);
        struct stat st;
        assert_int_equal(lstat(null, &st), 0);
        assert_true(S_ISCHR(st.st_mode));
        assert_int_equal(st.st_mode & 0777, 0666);
    }
    if (strcmp(null, "/dev/null") != 0)
        unlink(null);
    bar_error_clear(&err);
}

/* A FIFO: with a reader the bytes arrive (also through a spool file for a
 * library writing by name); without one the open fails at once. The FIFO
 * stays a FIFO. */
static void test_fifo(void **state)
{
    (void)state;
    char fifo[128], got[128];
    snprintf(fifo, sizeof fifo, "%s/pipe.csv", dir);
    snprintf(got, sizeof got, "%s/got.txt", dir);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    bar_error err;
    bar_error_init(&err);

    bar_afile *af = NULL;
    time_t t0 = time(NULL);
    assert_int_equal(bar_afile_open(fifo, 0, &af, &err), BAR_EIO);
    assert_true(time(NULL) - t0 < 5);
    assert_non_null(strstr(err.msg, "pipe.csv: a FIFO with no reader"));

    unsigned flags[] = {0, BAR_AFILE_NAMED};
    for (size_t i = 0; i < 2; i++) {
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            int in = open(fifo, O_RDONLY);
            FILE *out = fopen(got, "w");
            char buf[256];
            ssize_t n;
            while (in >= 0 && out && (n = read(in, buf, sizeof buf)) > 0)
                fwrite(buf, 1, (size_t)n, out);
            _exit(out && fclose(out) == 0 ? 0 : 1);
        }
        /* Wait until the reader has the FIFO open. */
        bar_status rc = BAR_EIO;
        for (int tries = 0; tries < 500 && rc != BAR_OK; tries++) {
            bar_error_clear(&err);
            bar_error_init(&err);
            rc = bar_afile_open(fifo, flags[i], &af, &err);
            if (rc != BAR_OK)
                usleep(10000);
        }
        if (rc != BAR_OK) {
            kill(pid, SIGKILL);
            fail_msg("%s", err.msg);
        }
        if (flags[i] & BAR_AFILE_NAMED) {
            FILE *lib = fopen(bar_afile_tmpname(af), "wb");
            assert_non_null(lib);
            fputs("through the spool\n", lib);
            assert_int_equal(fclose(lib), 0);
        } else {
            fputs("straight\n", bar_afile_stream(af));
        }
        assert_int_equal(bar_afile_commit(af, &err), BAR_OK);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        char *text = slurp(got);
        assert_string_equal(text, i ? "through the spool\n" : "straight\n");
        free(text);
        struct stat st;
        assert_int_equal(lstat(fifo, &st), 0);
        assert_true(S_ISFIFO(st.st_mode));
    }
    unlink(fifo);
    unlink(got);
    bar_error_clear(&err);
}

/* A temporary file left by a killed run (the old fixed name PATH.tmpPID,
 * or a random one) does not block the next write. */
static void test_stale_temp(void **state)
{
    (void)state;
    char path[128], stale[160];
    snprintf(path, sizeof path, "%s/stale.csv", dir);
    snprintf(stale, sizeof stale, "%s.tmp%ld", path, (long)getpid());
    put(stale, "left over\n", 0644);
    bar_error err;
    bar_error_init(&err);
    for (int i = 0; i < 20; i++)
        assert_int_equal(write_via(path, 0, "fresh\n", &err), BAR_OK);
    char *got = slurp(path);
    assert_string_equal(got, "fresh\n");
    free(got);
    assert_int_equal(count_entries(dir), 2); /* stale.csv and the stale */
    unlink(stale);
    unlink(path);
    bar_error_clear(&err);
}

/* bar_afile_same and bar_afile_inside, links followed. */
static void test_same_and_inside(void **state)
{
    (void)state;
    char a[128], b[128], slink[128], hard[128], sub[128], deep[160],
        sublink[128], none[128];
    snprintf(a, sizeof a, "%s/a.db", dir);
    snprintf(b, sizeof b, "%s/b.db", dir);
    snprintf(slink, sizeof slink, "%s/l.db", dir);
    snprintf(hard, sizeof hard, "%s/h.db", dir);
    snprintf(sub, sizeof sub, "%s/sub", dir);
    snprintf(deep, sizeof deep, "%s/sub/in.db", dir);
    snprintf(sublink, sizeof sublink, "%s/subl", dir);
    snprintf(none, sizeof none, "%s/none.db", dir);
    put(a, "a", 0644);
    put(b, "b", 0644);
    assert_int_equal(symlink("a.db", slink), 0);
    assert_int_equal(link(a, hard), 0);
    assert_int_equal(mkdir(sub, 0755), 0);
    put(deep, "d", 0644);
    assert_int_equal(symlink("sub", sublink), 0);
    static const struct {
        int x, y; /* indices into names */
        bool same, inside;
    } cases[] = {
        {0, 0, true, true},   {0, 1, false, false}, {0, 2, true, true},
        {2, 3, true, true},   {0, 7, false, false}, {7, 7, false, false},
        {5, 4, false, true},  {5, 6, false, true},  {4, 6, true, true},
        {0, 4, false, false}, {4, 5, false, false}, {4, 8, false, true},
        {5, 8, false, true},  {8, 4, false, false},
    };
    const char *names[] = {a, b, slink, hard, sub, deep, sublink, none, dir};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *x = names[cases[i].x], *y = names[cases[i].y];
        if (bar_afile_same(x, y) != cases[i].same)
            fail_msg("case %zu: same(%s, %s)", i, x, y);
        if (bar_afile_inside(x, y) != cases[i].inside)
            fail_msg("case %zu: inside(%s, %s)", i, x, y);
    }
    unlink(a);
    unlink(b);
    unlink(slink);
    unlink(hard);
    unlink(sublink);
    assert_int_equal(bar_afile_remove_tree(sub), 0);
}

/* remove_tree removes nested folders and links, never what a link names. */
static void test_remove_tree(void **state)
{
    (void)state;
    char top[128], path[256], keep[128];
    snprintf(top, sizeof top, "%s/tree", dir);
    snprintf(keep, sizeof keep, "%s/keep.txt", dir);
    put(keep, "keep", 0644);
    assert_int_equal(mkdir(top, 0755), 0);
    for (int d = 0; d < 3; d++) {
        snprintf(path, sizeof path, "%s/d%d", top, d);
        assert_int_equal(mkdir(path, 0755), 0);
        for (int f = 0; f < 200; f++) { /* more than one getdents buffer */
            snprintf(path, sizeof path, "%s/d%d/file-with-a-long-name-%03d",
                     top, d, f);
            put(path, "x", 0644);
        }
    }
    snprintf(path, sizeof path, "%s/d1/inner", top);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(path, sizeof path, "%s/d1/inner/link", top);
    assert_int_equal(symlink(keep, path), 0);
    snprintf(path, sizeof path, "%s/dirlink", top);
    assert_int_equal(symlink(dir, path), 0);
    assert_int_equal(bar_afile_remove_tree(top), 0);
    assert_false(exists(top));
    assert_true(exists(keep));
    unlink(keep);
    assert_int_equal(bar_afile_remove_tree(top), -1); /* gone: ENOENT */
}

/* In a child: track a file and a folder tree, open an afile and write to
 * it, trap signals, then take sig. The child must die of sig and leave
 * none of its temporary paths. */
static void signal_case(int sig)
{
    char file[128], tree[128], inner[160], final[128];
    snprintf(file, sizeof file, "%s/sig-file", dir);
    snprintf(tree, sizeof tree, "%s/sig-tree", dir);
    snprintf(inner, sizeof inner, "%s/sig-tree/data", dir);
    snprintf(final, sizeof final, "%s/sig-final.csv", dir);
    int before = count_entries(dir);
    int ready[2];
    assert_int_equal(pipe(ready), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(ready[0]);
        bar_error err;
        bar_error_init(&err);
        bar_afile *af = NULL;
        put(file, "tmp", 0644);
        if (mkdir(tree, 0755) != 0 || mkdir(inner, 0755) != 0)
            _exit(3);
        char f[200];
        snprintf(f, sizeof f, "%s/x.csv", inner);
        put(f, "x", 0644);
        if (bar_afile_track(file, false) < 0 ||
            bar_afile_track(tree, true) < 0 ||
            bar_afile_open(final, 0, &af, &err) != BAR_OK)
            _exit(4);
        fputs("half", bar_afile_stream(af));
        fflush(bar_afile_stream(af));
        bar_afile_trap_signals();
        if (write(ready[1], "r", 1) != 1)
            _exit(5);
        pause(); /* the parent sends sig */
        _exit(6);
    }
    close(ready[1]);
    char c;
    bool started = read(ready[0], &c, 1) == 1;
    close(ready[0]);
    int during = count_entries(dir);
    kill(pid, started ? sig : SIGKILL);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(started);
    assert_int_equal(during, before + 3); /* file, tree, the temp */
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), sig);
    assert_int_equal(count_entries(dir), before);
}

static void term_now(void)
{
    raise(SIGTERM);
}

/* A signal that comes while the temporary file is being created is
 * handled once it is tracked: the child raises SIGTERM right after the
 * file is made and before it is tracked, dies of it, and leaves nothing
 * (before, file.tmp-* stayed). */
static void test_signal_while_created(void **state)
{
    (void)state;
    char final[128];
    snprintf(final, sizeof final, "%s/made.csv", dir);
    int before = count_entries(dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        bar_error err;
        bar_error_init(&err);
        bar_afile *af = NULL;
        bar_afile_trap_signals();
        bar__afile_created_hook = term_now;
        bar_afile_open(final, 0, &af, &err);
        _exit(7); /* not reached: the signal kills */
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_int_equal(count_entries(dir), before);
}

static void test_signals_clean_up(void **state)
{
    (void)state;
    int sigs[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < 3; i++)
        signal_case(sigs[i]);
}

/* The registry: full after TRACK_MAX slots, a freed slot is reused. */
static void test_track_registry(void **state)
{
    (void)state;
    int slots[64];
    int n = 0;
    while (n < 64 && (slots[n] = bar_afile_track("/nonexistent", false)) >= 0)
        n++;
    assert_true(n >= 8 && n < 64);
    assert_int_equal(bar_afile_track("/nonexistent", true), -1);
    bar_afile_untrack(slots[3]);
    assert_int_equal(bar_afile_track("/nonexistent", true), slots[3]);
    for (int i = 0; i < n; i++)
        bar_afile_untrack(slots[i]);
    bar_afile_untrack(-1);
    char toolong[5000];
    memset(toolong, 'a', sizeof toolong - 1);
    toolong[sizeof toolong - 1] = '\0';
    assert_int_equal(bar_afile_track(toolong, false), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_commit_replaces),
        cmocka_unit_test(test_abort_leaves_nothing),
        cmocka_unit_test(test_open_fails),
        cmocka_unit_test(test_modes),
        cmocka_unit_test(test_owner_kept),
        cmocka_unit_test(test_symlinks),
        cmocka_unit_test(test_folder_refused),
        cmocka_unit_test(test_device_written),
        cmocka_unit_test(test_fifo),
        cmocka_unit_test(test_stale_temp),
        cmocka_unit_test(test_same_and_inside),
        cmocka_unit_test(test_remove_tree),
        cmocka_unit_test(test_signals_clean_up),
        cmocka_unit_test(test_signal_while_created),
        cmocka_unit_test(test_track_registry),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
