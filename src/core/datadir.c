/* datadir.c - the data and locale folders (core/datadir.h).
 *
 * The build records four paths (CMakeLists.txt): BAR_DATA_DIR and
 * BAR_LOCALE_BUILD_DIR in the source and build trees, and
 * BAR_BIN_TO_DATA and BAR_BIN_TO_LOCALE, the installed data and locale
 * folders relative to the installed program's folder ("../share/barometer"
 * for the layout of GNUInstallDirs). They are resolved once, under
 * pthread_once, into static buffers.
 */
/* realpath */
#define _XOPEN_SOURCE 700
#include "core/datadir.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef BAR_DATA_DIR
#error "BAR_DATA_DIR: the build must record the source tree's data folder"
#endif
#ifndef BAR_LOCALE_BUILD_DIR
#define BAR_LOCALE_BUILD_DIR BAR_DATA_DIR "/../locale"
#endif
#ifndef BAR_BIN_TO_DATA
#define BAR_BIN_TO_DATA "../share/barometer"
#endif
#ifndef BAR_BIN_TO_LOCALE
#define BAR_BIN_TO_LOCALE "../share/locale"
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static char data_dir[PATH_MAX];
static char locale_dir[PATH_MAX];
static bool installed;

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of the running executable into buf (no trailing slash);
 * false when /proc/self/exe cannot be read (no /proc) or is too long. */
static bool exe_dir(char *buf, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", buf, size - 1);
    if (n <= 0 || (size_t)n >= size - 1)
        return false;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash == NULL)
        return false;
    *slash = '\0';
    return true;
}

/* Write dir/rel into out; false when it does not fit. */
static bool join(char *out, size_t size, const char *dir, const char *rel)
{
    int w = snprintf(out, size, "%s/%s", dir, rel);
    return w > 0 && (size_t)w < size;
}

static void find(void)
{
    char exe[PATH_MAX];
    char data[PATH_MAX], locale[PATH_MAX];
    if (exe_dir(exe, sizeof exe) &&
        join(data, sizeof data, exe, BAR_BIN_TO_DATA) && is_dir(data) &&
        join(locale, sizeof locale, exe, BAR_BIN_TO_LOCALE) &&
        realpath(data, data_dir) != NULL) {
        installed = true;
        if (realpath(locale, locale_dir) == NULL)
            snprintf(locale_dir, sizeof locale_dir, "%s", locale);
        return;
    }
    installed = false;
    snprintf(data_dir, sizeof data_dir, "%s", BAR_DATA_DIR);
    snprintf(locale_dir, sizeof locale_dir, "%s", BAR_LOCALE_BUILD_DIR);
}

const char *bar_datadir(void)
{
    pthread_once(&once, find);
    return data_dir;
}

const char *bar_localedir(void)
{
    pthread_once(&once, find);
    return locale_dir;
}

bool bar_datadir_installed(void)
{
    pthread_once(&once, find);
    return installed;
}
