/* cli_invite.c - `barometer invite` and `barometer remind`: a round of
 * personal links by SMTP or as a mail-merge file (field/invite.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/cli.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "field/invite.h"

static const char invite_usage[] =
    "Usage: barometer invite STORE --base-url URL [--wave YEAR]\n"
    "         (--smtp URL --from ADDR [--smtp-user USER\n"
    "          [--smtp-password-file FILE]] [--starttls]\n"
    "          | --mail-merge FILE)\n"
    "         [--lang nl|en] [--rate N] [--resend-unconfirmed]\n"
    "\n"
    "Invites every organisation of the wave's frame that has not been\n"
    "invited yet and has not completed: a new personal link each\n"
    "(BASE_URL/s/TOKEN; the store keeps only a hash of the token), and the\n"
    "invitation from the study's template (docs/fieldwork.md), sent through\n"
    "an SMTP server or written to a mail-merge file. Every message is\n"
    "logged in the store before it goes out and after: a rerun sends only\n"
    "what is still missing, and a message whose outcome a crash or a broken\n"
    "connection left open is reported, never sent again unasked.\n"
    "\n"
    "Options:\n"
    "  --base-url URL    the survey server as respondents reach it\n"
    "                    (http(s)://HOST[:PORT][/PATH])\n"
    "  --wave YEAR       the wave (2000-2100); default: the latest\n"
    "  --smtp URL        the SMTP server: smtp://HOST:PORT (smtps:// for\n"
    "                    TLS from the start)\n"
    "  --from ADDR       the sender: 'Name <addr>' or addr\n"
    "  --smtp-user USER  log in as USER (the password: from\n"
    "                    --smtp-password-file, else from the environment\n"
    "                    variable BAROMETER_SMTP_PASSWORD; never from the\n"
    "                    command line, which ps shows)\n"
    "  --smtp-password-file FILE  the first line of FILE is the password\n"
    "  --starttls        require STARTTLS on smtp:// (refuse to go on\n"
    "                    without it)\n"
    "  --mail-merge FILE write org_id,name,email,link,language to FILE (a\n"
    "                    CSV for a mail merge, mode 0600: it holds live\n"
    "                    links) instead of sending\n"
    "  --lang nl|en      the language of the messages (default: nl)\n"
    "  --rate N          messages per second (1-100; default: 5)\n"
    "  --resend-unconfirmed  also send to those whose earlier message was\n"
    "                    left unconfirmed (see 'barometer wave STORE')\n"
    "  -h, --help        show this help\n"
    "\n"
    "Examples:\n"
    "  barometer invite survey.db --base-url https://enquete.example.nl \\\n"
    "      --smtp smtp://mail.example.nl:587 --starttls \\\n"
    "      --from 'Innovatiebarometer <barometer@example.nl>' \\\n"
    "      --smtp-user barometer --smtp-password-file ~/.smtp-password\n"
    "  barometer invite survey.db --base-url https://enquete.example.nl \\\n"
    "      --mail-merge links.csv\n"
    "\n"
    "Exit status: 0 every message went out (or there was none to send);\n"
    "1 a message was refused or left unconfirmed, the SMTP server could not\n"
    "be reached, or the store failed; 2 bad usage or bad input (no frame,\n"
    "a bad base URL, the wave closed).\n";

static const char remind_usage[] =
    "Usage: barometer remind STORE --base-url URL [--wave YEAR] [--round N]\n"
    "         (--smtp URL --from ADDR [--smtp-user USER\n"
    "          [--smtp-password-file FILE]] [--starttls]\n"
    "          | --mail-merge FILE)\n"
    "         [--lang nl|en] [--rate N] [--resend-unconfirmed]\n"
    "\n"
    "Reminds every organisation that was invited and has not completed\n"
    "(has no response in the store, imported or submitted): a new personal\n"
    "link each (the earlier ones stay valid) and the study's reminder\n"
    "template. A round is sent once: a rerun of the same round sends only\n"
    "what is still missing; a second reminder is --round 2. Options as for\n"
    "'barometer invite'.\n"
    "\n"
    "Options:\n"
    "  --round N         the reminder round (1-99; default: 1)\n"
    "  (the others: see 'barometer invite --help')\n"
    "  -h, --help        show this help\n"
    "\n"
    "Examples:\n"
    "  barometer remind survey.db --base-url https://enquete.example.nl \\\n"
    "      --smtp smtp://mail.example.nl:587 --starttls \\\n"
    "      --from barometer@example.nl --smtp-user barometer\n"
    "  barometer remind survey.db --round 2 \\\n"
    "      --base-url https://enquete.example.nl --mail-merge links2.csv\n"
    "\n"
    "Exit status: as for 'barometer invite'.\n";

enum { PASSWORD_MAX = 1024 };

/* The SMTP password: the first line of file, else the environment;
 * *out a new string the caller wipes and frees (NULL: none). */
static bar_status read_password(const char *file, char **out,
                                bar_error *err)
{
    *out = NULL;
    if (file) {
        char *text = NULL;
        size_t len = 0;
        bar_status rc = bar_file_read(file, PASSWORD_MAX, &text, &len, err);
        if (rc != BAR_OK)
            return rc;
        text[strcspn(text, "\r\n")] = '\0';
        *out = text;
        return BAR_OK;
    }
    const char *env = getenv("BAROMETER_SMTP_PASSWORD");
    if (env && !(*out = strdup(env)))
        return bar_error_set(err, BAR_ENOMEM, "out of memory");
    return BAR_OK;
}

static int run(const char *cmd, const char *usage, bool remind, int argc,
               char **argv)
{
    long wave = 0, rate = 5, round = remind ? 1 : 0;
    const char *base_url = NULL, *smtp_url = NULL, *from = NULL;
    const char *user = NULL, *password_file = NULL, *merge_path = NULL;
    const char *lang_code = "nl";
    bool starttls = false, resend = false;
    cli_opt opts[] = {
        {.name = "--wave", .kind = CLI_LONG, .target = &wave, .min = 2000,
         .max = 2100, .what = "a year 2000-2100"},
        {.name = "--base-url", .kind = CLI_STRING, .target = &base_url,
         .what = N_("a URL")},
        {.name = "--smtp", .kind = CLI_STRING, .target = &smtp_url,
         .what = N_("a URL")},
        {.name = "--from", .kind = CLI_STRING, .target = &from,
         .what = N_("an e-mail address")},
        {.name = "--smtp-user", .kind = CLI_STRING, .target = &user,
         .what = N_("a user name")},
        {.name = "--smtp-password-file", .kind = CLI_STRING,
         .target = &password_file, .what = "a file name"},
        {.name = "--starttls", .kind = CLI_FLAG, .target = &starttls},
        {.name = "--mail-merge", .kind = CLI_STRING, .target = &merge_path,
         .what = "a file name"},
        {.name = "--lang", .kind = CLI_STRING, .target = &lang_code,
         .what = N_("a language code")},
        {.name = "--rate", .kind = CLI_LONG, .target = &rate, .min = 1,
         .max = 100, .what = N_("a number 1-100")},
        {.name = "--resend-unconfirmed", .kind = CLI_FLAG, .target = &resend},
        {.name = "--round", .kind = CLI_LONG, .target = &round, .min = 1,
         .max = 99, .what = N_("a number 1-99")},
    };
    size_t nopts = sizeof opts / sizeof opts[0] - (remind ? 0 : 1);
    const char *pos[1] = {NULL};
    int npos = 0;
    int parsed = cli_parse(cmd, usage, argc, argv, opts, nopts, pos, 1,
                           &npos);
    if (parsed != CLI_PARSED)
        return parsed;
    if (!pos[0])
        return cli_usage(cmd, "no STORE given");
    if (!base_url)
        return cli_usage(cmd, "--base-url is required");
    if (!smtp_url == !merge_path)
        return cli_usage(cmd, "give either --smtp or --mail-merge");
    if (smtp_url && !from)
        return cli_usage(cmd, "--smtp needs --from");
    if (password_file && !user)
        return cli_usage(cmd, "--smtp-password-file needs --smtp-user");
    if (merge_path && (from || user || starttls))
        return cli_usage(cmd, "--mail-merge sends nothing: no --from, "
                              "--smtp-user or --starttls");
    bar_lang lang;
    if (bar_lang_from_code(lang_code, &lang) != BAR_OK ||
        (lang != BAR_LANG_NL && lang != BAR_LANG_EN))
        return cli_usage(cmd, "--lang must be nl or en, not '%s'",
                         lang_code);
    if (merge_path) {
        int ok = cli_check_output(cmd, merge_path, false, pos[0], NULL,
                                  NULL);
        if (ok != CLI_PARSED)
            return ok;
    }

    bar_error err;
    bar_error_init(&err);
    bar_store *st = NULL;
    bar_study *study = NULL;
    bar_instrument *ins = NULL;
    bar_mail_template *tmpl = NULL;
    bar_smtp *smtp = NULL;
    char *password = NULL;
    int status = 0, w = (int)wave;
    bar_invite_summary sum = {0};
    bar_status rc = bar_invite_check_url(base_url, &err);
    if (rc == BAR_OK && smtp_url) {
        char addr[BAR_MAIL_ADDR_MAX];
        if ((rc = bar_mail_address(from, addr, &err)) != BAR_OK)
            err.code = rc = BAR_EUSAGE;
    }
    if (rc == BAR_OK)
        rc = bar_store_open(pos[0], BAR_STORE_EXISTING, &st, &err);
    if (rc == BAR_OK)
        rc = cli_store_study(st, w, &w, &study, &ins, &err);
    if (rc == BAR_OK && smtp_url) {
        char path[PATH_MAX];
        if (!bar_study_mail_path(study, remind ? BAR_STUDY_MAIL_REMIND
                                               : BAR_STUDY_MAIL_INVITE,
                                 lang, cli_data_dir(), path, sizeof path))
            rc = bar_error_set(&err, BAR_EINVALID,
                               "the study of wave %d names no message "
                               "templates (\"mail\", docs/study-format.md)",
                               w);
        else
            rc = bar_mail_template_load(path, &tmpl, &err);
    }
    if (rc == BAR_OK && smtp_url && user)
        rc = read_password(password_file, &password, &err);
    if (rc == BAR_OK && smtp_url) {
        bar_smtp_config cfg = {.url = smtp_url, .user = user,
                               .password = password, .starttls = starttls};
        rc = bar_smtp_new(&cfg, &smtp, &err);
    }
    if (rc == BAR_OK) {
        bar_invite_opts o = {
            .wave = w, .round = (int)round, .base_url = base_url,
            .lang = lang, .tmpl = tmpl, .from = from, .smtp = smtp,
            .merge_path = merge_path, .rate = (double)rate,
            .resend_unconfirmed = resend, .progress = cli_progress(),
        };
        rc = bar_invite_run(st, &o, &sum, &err);
        cli_progress_end();
    }
    bar_lang ul = cli_lang();
    if (sum.frame > 0) {
        printf(bar_tr(ul, "wave %d: %zu organisations in the frame, %zu "
                          "completed\n"),
               w, sum.frame, sum.completed);
        if (remind)
            printf(bar_tr(ul, "not invited (no reminder): %zu\n"),
                   sum.not_invited);
        printf(bar_tr(ul, "had this message already: %zu\n"), sum.had);
        printf(merge_path ? bar_tr(ul, "written to the mail merge: %zu\n")
                          : bar_tr(ul, "sent: %zu\n"),
               sum.sent);
        if (sum.failed)
            printf(bar_tr(ul, "refused (not delivered; a rerun tries "
                              "again): %zu\n"),
                   sum.failed);
        if (sum.unknown)
            printf(bar_tr(ul, "broke off (may have arrived; not sent "
                              "again): %zu\n"),
                   sum.unknown);
        if (sum.unconfirmed)
            printf(bar_tr(ul, "unconfirmed from an earlier run, not sent "
                              "again: %zu (see 'barometer wave %s'; "
                              "--resend-unconfirmed sends them)\n"),
                   sum.unconfirmed, pos[0]);
    }
    if (rc != BAR_OK || err.code != BAR_OK)
        status = cli_fail(cmd, &err);
    if (status == 0 && (sum.failed || sum.unknown))
        status = 1;
    bar_smtp_free(smtp);
    if (password) {
        sodium_memzero(password, strlen(password));
        free(password);
    }
    bar_mail_template_free(tmpl);
    bar_instrument_free(ins);
    bar_study_free(study);
    bar_store_close(st);
    bar_error_clear(&err);
    return status;
}

int cli_invite(int argc, char **argv)
{
    return run("invite", invite_usage, false, argc, argv);
}

int cli_remind(int argc, char **argv)
{
    return run("remind", remind_usage, true, argc, argv);
}
