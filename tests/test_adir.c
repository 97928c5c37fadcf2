/* test_adir.c - folders replaced whole: built beside, swapped in, foreign
 * folders refused, stale folders of killed runs removed. */
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
#include <sys/file.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/adir.h"
#include "core/afile.h"
#include "core/buf.h"

static char top[64];
static const char marker[] = ".barometer-report";

static int setup(void **state)
{
    (void)state;
    snprintf(top, sizeof top, "/tmp/bar_test_adir_XXXXXX");
    return mkdtemp(top) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return bar_afile_remove_tree(top);
}

static void put(const char *dir, const char *name, const char *text)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

/* The content of dir/name, or "" when missing (static buffer). */
static const char *get(const char *dir, const char *name)
{
    static char text[256];
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    text[0] = '\0';
    FILE *f = fopen(path, "r");
    if (f) {
        size_t n = fread(text, 1, sizeof text - 1, f);
        text[n] = '\0';
        fclose(f);
    }
    return text;
}

/* Names in top, sorted and joined with spaces (static buffer). */
static const char *listing(void)
{
    static char out[1024];
    struct dirent **names;
    int n = scandir(top, &names, NULL, alphasort);
    assert_true(n >= 0);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        if (strcmp(nm, ".") != 0 && strcmp(nm, "..") != 0) {
            /* Random suffixes vary: keep the stem. */
            char stem[256];
            snprintf(stem, sizeof stem, "%s", nm);
            char *dot = strstr(stem, ".tmp-");
            if (!dot)
                dot = strstr(stem, ".old-");
            if (dot)
                dot[5] = '\0';
            size_t len = strlen(out);
            snprintf(out + len, sizeof out - len, "%s%s", len ? " " : "",
                     stem);
        }
        free(names[i]);
    }
    free(names);
    return out;
}

/* Write a report with index.html = text into dir, committed. */
static bar_status write_report(const char *dir, const char *text,
                               bool force, bar_error *err)
{
    bar_adir *ad = NULL;
    bar_status rc = bar_adir_open(dir, marker, force, &ad, err);
    if (rc != BAR_OK)
        return rc;
    put(bar_adir_path(ad), "index.html", text);
    return bar_adir_commit(ad, err);
}

static void test_new_and_replaced(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/rep", top);
    bar_error err;
    bar_error_init(&err);
    for (int exchange = 1; exchange >= 0; exchange--) {
        bar__adir_no_exchange = !exchange;
        assert_int_equal(write_report(dir, "one", false, &err), BAR_OK);
        assert_string_equal(get(dir, "index.html"), "one");
        assert_true(strlen(get(dir, marker)) > 0);
        assert_string_equal(listing(), "rep");
        put(dir, "extra.csv", "from the old report");

        bar_adir *ad = NULL;
        assert_int_equal(bar_adir_open(dir, marker, false, &ad, &err),
                         BAR_OK);
        assert_string_equal(listing(), "rep rep.tmp-");
        put(bar_adir_path(ad), "index.html", "two");
        assert_string_equal(get(dir, "index.html"), "one"); /* not yet */
        assert_int_equal(bar_adir_commit(ad, &err), BAR_OK);
        assert_string_equal(get(dir, "index.html"), "two");
        assert_string_equal(get(dir, "extra.csv"), ""); /* whole folder */
        assert_string_equal(listing(), "rep");
        assert_int_equal(bar_afile_remove_tree(dir), 0);
    }
    bar__adir_no_exchange = false;
    bar_error_clear(&err);
}

static void test_abort_keeps_old(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/rep", top);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(write_report(dir, "old", false, &err), BAR_OK);
    bar_adir *ad = NULL;
    assert_int_equal(bar_adir_open(dir, marker, false, &ad, &err), BAR_OK);
    put(bar_adir_path(ad), "index.html", "half");
    bar_adir_abort(ad);
    bar_adir_abort(NULL);
    assert_string_equal(get(dir, "index.html"), "old");
    assert_string_equal(listing(), "rep");
    assert_int_equal(bar_afile_remove_tree(dir), 0);
    bar_error_clear(&err);
}

/* What is at DIR: a foreign folder, an empty one, a file, a dangling link,
 * a link to a report folder. */
static void test_what_is_there(void **state)
{
    (void)state;
    char dir[128], path[160];
    bar_error err;
    bar_error_init(&err);

    snprintf(dir, sizeof dir, "%s/mine", top);
    assert_int_equal(mkdir(dir, 0755), 0);
    put(dir, "notes.txt", "precious");
    assert_int_equal(write_report(dir, "x", false, &err), BAR_ECONFLICT);
    assert_non_null(strstr(err.msg, "mine is not empty and was not written "
                                    "by the barometer"));
    assert_string_equal(get(dir, "notes.txt"), "precious");
    assert_string_equal(listing(), "mine");
    bar_error_clear(&err);
    bar_error_init(&err);
    assert_int_equal(write_report(dir, "x", true, &err), BAR_OK);
    assert_string_equal(get(dir, "notes.txt"), "");
    assert_string_equal(get(dir, "index.html"), "x");
    assert_int_equal(bar_afile_remove_tree(dir), 0);

    assert_int_equal(mkdir(dir, 0750), 0); /* empty: fine, mode kept */
    assert_int_equal(write_report(dir, "y", false, &err), BAR_OK);
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0750);
    assert_int_equal(bar_afile_remove_tree(dir), 0);

    snprintf(path, sizeof path, "%s/file", top);
    put(top, "file", "f");
    assert_int_equal(write_report(path, "z", false, &err), BAR_EIO);
    assert_non_null(strstr(err.msg, "file: exists and is not a folder"));
    unlink(path);
    bar_error_clear(&err);
    bar_error_init(&err);

    snprintf(path, sizeof path, "%s/dangling", top);
    assert_int_equal(symlink("nowhere", path), 0);
    assert_int_equal(write_report(path, "z", false, &err), BAR_EIO);
    assert_non_null(strstr(err.msg, "a symbolic link to nothing"));
    unlink(path);

    snprintf(dir, sizeof dir, "%s/rep", top);
    snprintf(path, sizeof path, "%s/link", top);
    assert_int_equal(write_report(dir, "a", false, &err), BAR_OK);
    assert_int_equal(symlink("rep", path), 0);
    assert_int_equal(write_report(path, "b", false, &err), BAR_OK);
    assert_int_equal(lstat(path, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    assert_string_equal(get(dir, "index.html"), "b");
    assert_string_equal(listing(), "link rep");
    unlink(path);
    assert_int_equal(bar_afile_remove_tree(dir), 0);
    bar_error_clear(&err);
}

/* Folders of killed runs (nobody holds their lock) are removed; one that
 * a running writer holds is not. */
static void term_now(void)
{
    raise(SIGTERM);
}

/* A signal that comes while the new folder is being made (the mkdir of
 * a loaded disk can take a while) is handled once the folder is tracked:
 * nothing is left (before, the handler ran before the folder was known
 * to it, and rep.tmp-* stayed). The child raises SIGTERM right after the
 * folder is made and before it is tracked; it must die of it and leave
 * only what was there. */
static void test_signal_while_made(void **state)
{
    (void)state;
    char dir[128];
    snprintf(dir, sizeof dir, "%s/rep", top);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(write_report(dir, "one", false, &err), BAR_OK);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        bar_afile_trap_signals();
        bar__afile_created_hook = term_now;
        bar_adir *ad = NULL;
        bar_adir_open(dir, marker, false, &ad, &err);
        _exit(7); /* not reached: the signal kills */
    }
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status));
    assert_int_equal(WTERMSIG(status), SIGTERM);
    assert_string_equal(listing(), "rep");
    assert_string_equal(get(dir, "index.html"), "one");
    assert_int_equal(bar_afile_remove_tree(dir), 0);
    bar_error_clear(&err);
}

static void test_stale_removed(void **state)
{
    (void)state;
    char dir[128], stale[160], held[160], old[160], other[160];
    snprintf(dir, sizeof dir, "%s/rep", top);
    snprintf(stale, sizeof stale, "%s/rep.tmp-AbCd12", top);
    snprintf(held, sizeof held, "%s/rep.tmp-HeLd00", top);
    snprintf(old, sizeof old, "%s/rep.old-Zz9Zz9", top);
    snprintf(other, sizeof other, "%s/rep.tmp-toolong", top);
    bar_error err;
    bar_error_init(&err);
    assert_int_equal(write_report(dir, "a", false, &err), BAR_OK);
    const char *made[] = {stale, held, old, other};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(mkdir(made[i], 0755), 0);
        char sub[200];
        snprintf(sub, sizeof sub, "%s/data", made[i]);
        assert_int_equal(mkdir(sub, 0755), 0);
        put(sub, "t.csv", "x");
    }
    int fd = open(held, O_RDONLY | O_DIRECTORY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    assert_int_equal(write_report(dir, "b", false, &err), BAR_OK);
    close(fd);
    assert_string_equal(get(dir, "index.html"), "b");
    struct stat st;
    assert_int_not_equal(stat(stale, &st), 0);
    assert_int_not_equal(stat(old, &st), 0);
    assert_int_equal(stat(held, &st), 0);  /* a live writer's */
    assert_int_equal(stat(other, &st), 0); /* not a name of ours */
    assert_int_equal(bar_afile_remove_tree(held), 0);
    assert_int_equal(bar_afile_remove_tree(other), 0);
    assert_int_equal(bar_afile_remove_tree(dir), 0);
    bar_error_clear(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_new_and_replaced),
        cmocka_unit_test(test_abort_keeps_old),
        cmocka_unit_test(test_what_is_there),
        cmocka_unit_test(test_stale_removed),
        cmocka_unit_test(test_signal_while_made),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
