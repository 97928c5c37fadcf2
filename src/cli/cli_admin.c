/* cli_admin.c - `barometer admin add|passwd|remove|list STORE [NAME]`: the
 * research team's accounts for the fieldwork pages (field/account.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cli.h"
#include "core/i18n.h"
#include "field/account.h"

static const char *const usage_text = N_(
    "Usage: barometer admin add STORE NAME [--password-file FILE]\n"
    "       barometer admin passwd STORE NAME [--password-file FILE]\n"
    "       barometer admin remove STORE NAME\n"
    "       barometer admin list STORE\n"
    "\n"
    "Manages the accounts of the research team for the fieldwork pages of\n"
    "'barometer serve'. A password is kept only as its Argon2id hash. It\n"
    "is read from FILE (its first line), else asked twice on the terminal\n"
    "without echo, else read as one line from standard input; never from\n"
    "the command line, where other users could see it. A password has 12\n"
    "to 1024 bytes. NAME: 1-64 of a-z, 0-9, '.', '_' and '-'.\n"
    "\n"
    "Options:\n"
    "  --password-file FILE  read the password from the first line of FILE\n"
    "  -h, --help            show this help\n"
    "\n"
    "Examples:\n"
    "  barometer admin add survey.db anna\n"
    "  barometer admin passwd survey.db anna --password-file pw.txt\n"
    "  barometer admin list survey.db\n"
    "\n"
    "Exit status: 0 done; 1 the operation failed (the account exists, the\n"
    "database failed); 2 bad usage or bad input (no such account or store,\n"
    "a password that breaks the rules).\n");

enum { LINE_MAX_BYTES = BAR_ACCOUNT_PASSWORD_MAX + 2 };

/* One line of f into buf (without its end of line). false at end of file
 * or when the line is longer than the buffer holds. */
static bool read_line(FILE *f, char buf[LINE_MAX_BYTES])
{
    if (!fgets(buf, LINE_MAX_BYTES, f))
        return false;
    size_t len = strlen(buf);
    bool whole = len > 0 && buf[len - 1] == '\n';
    if (!whole && !feof(f))
        return false;
    buf[strcspn(buf, "\r\n")] = '\0';
    return true;
}

/* Ask for a line on the terminal tty without echo. */
static bool ask(FILE *tty, const char *prompt, char buf[LINE_MAX_BYTES])
{
    struct termios old, quiet;
    int fd = fileno(tty);
    if (tcgetattr(fd, &old) != 0)
        return false;
    quiet = old;
    quiet.c_lflag &= ~(tcflag_t)ECHO;
    fputs(prompt, stderr);
    fflush(stderr);
    if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0)
        return false;
    bool ok = read_line(tty, buf);
    tcsetattr(fd, TCSAFLUSH, &old);
    fputc('\n', stderr);
    return ok;
}

/* The new password into pw: from file, the terminal or stdin. Prints why
 * not and returns false. */
static bool get_password(const char *cmd, const char *file,
                         char pw[LINE_MAX_BYTES])
{
    bar_lang lang = cli_lang();
    bool ok = false;
    if (file) {
        FILE *f = fopen(file, "r");
        if (!f) {
            fprintf(stderr, "barometer %s: %s: %s\n", cmd, file,
                    strerror(errno));
            return false;
        }
        ok = read_line(f, pw);
        fclose(f);
        if (!ok)
            fprintf(stderr, bar_tr(lang, "barometer %s: %s: no password on "
                                         "its first line (or too long)\n"),
                    cmd, file);
        return ok;
    }
    if (isatty(STDIN_FILENO)) {
        char again[LINE_MAX_BYTES];
        ok = ask(stdin, bar_tr(lang, "New password: "), pw) &&
             ask(stdin, bar_tr(lang, "Again: "), again);
        if (ok && strcmp(pw, again) != 0) {
            fprintf(stderr, bar_tr(lang, "barometer %s: the two passwords "
                                         "differ\n"),
                    cmd);
            ok = false;
        }
        sodium_memzero(again, sizeof again);
        return ok;
    }
    ok = read_line(stdin, pw);
    if (!ok)
        fprintf(stderr, bar_tr(lang, "barometer %s: no password on standard "
                                     "input (or too long)\n"),
                cmd);
    return ok;
}

static bar_status print_account(void *ctx, const char *name,
                                const char *created_at,
                                const char *updated_at, bar_error *err)
{
    (void)ctx;
    (void)err;
    printf("%s\t%s\t%s\n", name, created_at, updated_at);
    return BAR_OK;
}

int cli_admin(int argc, char **argv)
{
    const char *cmd = "admin";
    const char *pw_file = NULL;
    const cli_opt opts[] = {
        {.name = "--password-file", .kind = CLI_STRING, .target = &pw_file,
         .what = "a file name"},
    };
    const char *pos[3] = {NULL, NULL, NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage_text, argc, argv, opts,
                           sizeof opts / sizeof opts[0], pos, 3, &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    const char *action = pos[0], *uri = pos[1], *name = pos[2];
    if (!action)
        return cli_usage(cmd, "no action given (add, passwd, remove, list)");
    bool add = strcmp(action, "add") == 0,
         passwd = strcmp(action, "passwd") == 0,
         remove = strcmp(action, "remove") == 0,
         list = strcmp(action, "list") == 0;
    if (!add && !passwd && !remove && !list)
        return cli_usage(cmd, "unknown action '%s' (add, passwd, remove, "
                              "list)", action);
    if (!uri)
        return cli_usage(cmd, "no STORE given");
    if (list && name)
        return cli_usage(cmd, "list takes no NAME");
    if (!list && !name)
        return cli_usage(cmd, "no account NAME given");
    if (!list && !bar_account_name_ok(name))
        return cli_usage(cmd, "'%s' is not an account name (1-64 of a-z, "
                              "0-9, '.', '_', '-')", name);
    if (pw_file && (list || remove))
        return cli_usage(cmd, "--password-file is for add and passwd");

    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    int status = 0;
    char pw[LINE_MAX_BYTES] = "", hash[BAR_ACCOUNT_HASH_MAX] = "";
    bar_status rc = bar_store_open(uri, BAR_STORE_EXISTING, &st, &err);
    if (rc != BAR_OK) {
        status = cli_fail(cmd, &err);
        goto cleanup;
    }
    if (list) {
        rc = bar_store_account_each(st, print_account, NULL, &err);
    } else if (remove) {
        rc = bar_store_account_remove(st, name, &err);
    } else {
        if (!get_password(cmd, pw_file, pw)) {
            status = 2;
            goto cleanup;
        }
        rc = bar_account_hash(pw, hash, &err);
        if (rc == BAR_OK)
            rc = add ? bar_store_account_add(st, name, hash, &err)
                     : bar_store_account_set(st, name, hash, &err);
    }
    if (rc != BAR_OK)
        status = cli_fail(cmd, &err);
    else if (add)
        printf(bar_tr(cli_lang(), "added account %s to %s\n"), name, uri);
    else if (passwd)
        printf(bar_tr(cli_lang(), "changed the password of %s\n"), name);
    else if (remove)
        printf(bar_tr(cli_lang(), "removed account %s\n"), name);
cleanup:
    sodium_memzero(pw, sizeof pw);
    bar_store_close(st);
    bar_error_clear(&err);
    return status;
}
