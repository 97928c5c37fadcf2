/* mail.c - invitation messages (see mail.h). */
#include "field/mail.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/buf.h"
#include "field/token.h"

/* The placeholders a template may use. */
static const char *const fields[] = {"name", "link", "closes"};
enum { NFIELDS = sizeof fields / sizeof fields[0] };

struct bar_mail_template {
    char *subject;         /* UTF-8, one line */
    char *body;            /* UTF-8, lines end in '\n' */
    bool uses[NFIELDS];
};

enum {
    WORD_BYTES = 39,  /* UTF-8 bytes per encoded word: 52 base64 chars,
                         64 with "=?UTF-8?B?" and "?=" */
    QP_LINE = 76      /* the most characters of a body line */
};

/* Length of the valid UTF-8 sequence at s[0..n), 0 when it is not one
 * (overlong forms, surrogates and values past U+10FFFF refused). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
    if (s[0] < 0x80)
        return 1;
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (len == 0 || len > n || s[0] > 0xF4)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0;
    return len;
}

static bool utf8_ok(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t l = utf8_len(u + i, n - i);
        if (l == 0)
            return false;
        i += l;
    }
    return true;
}

/* The index of the placeholder at s ("{name}..."), its length to *len;
 * -1 when s is not a known placeholder. */
static int field_at(const char *s, size_t *len)
{
    for (int i = 0; i < NFIELDS; i++) {
        size_t n = strlen(fields[i]);
        if (s[0] == '{' && strncmp(s + 1, fields[i], n) == 0 &&
            s[n + 1] == '}') {
            *len = n + 2;
            return i;
        }
    }
    return -1;
}

/* Check the placeholders of text (from line `line` of file name) and
 * note those used. */
static bar_status scan_fields(bar_mail_template *t, const char *text,
                              const char *name, long line, bar_error *err)
{
    for (const char *p = text; *p; p++) {
        if (*p == '\n')
            line++;
        if (*p != '{')
            continue;
        size_t len = 0;
        int f = field_at(p, &len);
        if (f < 0)
            return bar_error_at(err, BAR_EINVALID, name, line, 0, NULL,
                                "unknown placeholder '%.20s' (known: "
                                "{name}, {link}, {closes})", p);
        t->uses[f] = true;
        p += len - 1;
    }
    return BAR_OK;
}

bar_status bar_mail_template_parse(const char *text, size_t len,
                                   const char *name, bar_mail_template **out,
                                   bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_mail_template *t = NULL;
    bar_buf body;
    bar_buf_init(&body, BAR_MAIL_TEMPLATE_MAX);
    *out = NULL;
    if (len > BAR_MAIL_TEMPLATE_MAX) {
        rc = bar_error_set(err, BAR_ELIMIT, "%s: a template is at most %d "
                           "bytes", name, (int)BAR_MAIL_TEMPLATE_MAX);
        goto cleanup;
    }
    if (memchr(text, '\0', len) || !utf8_ok(text, len)) {
        rc = bar_error_at(err, BAR_EPARSE, name, 0, 0, NULL,
                          "not UTF-8 text");
        goto cleanup;
    }
    static const char subject[] = "Subject: ";
    size_t eol = 0;
    while (eol < len && text[eol] != '\n')
        eol++;
    size_t send = eol > 0 && text[eol - 1] == '\r' ? eol - 1 : eol;
    size_t next = eol + 1; /* the line after the subject, to be empty */
    bool blank = next < len && (text[next] == '\n' ||
                                (text[next] == '\r' && next + 1 < len &&
                                 text[next + 1] == '\n'));
    if (send < sizeof subject || strncmp(text, subject, sizeof subject - 1) ||
        !blank) {
        rc = bar_error_at(err, BAR_EPARSE, name, 1, 0, NULL,
                          "a template starts with a line \"Subject: ...\" "
                          "and an empty line");
        goto cleanup;
    }
    t = calloc(1, sizeof *t);
    if (!t || !(t->subject = strndup(text + sizeof subject - 1,
                                     send - (sizeof subject - 1)))) {
        rc = bar_error_set(err, BAR_ENOMEM, "out of memory");
        goto cleanup;
    }
    size_t from = next + (text[next] == '\r' ? 2 : 1);
    for (size_t i = from; i < len; i++)
        if (text[i] != '\r' || i + 1 >= len || text[i + 1] != '\n')
            bar_buf_add(&body, text + i, 1);
    if (body.len == 0 || body.data[body.len - 1] != '\n')
        bar_buf_add(&body, "\n", 1);
    if ((rc = bar_buf_status(&body)) != BAR_OK) {
        rc = bar_error_set(err, rc, "out of memory");
        goto cleanup;
    }
    t->body = bar_buf_take(&body, NULL);
    for (const char *p = t->subject; *p; p++)
        if ((unsigned char)*p < 0x20) {
            rc = bar_error_at(err, BAR_EPARSE, name, 1, 0, NULL,
                              "the subject holds a control character");
            goto cleanup;
        }
    if ((rc = scan_fields(t, t->subject, name, 1, err)) != BAR_OK ||
        (rc = scan_fields(t, t->body, name, 3, err)) != BAR_OK)
        goto cleanup;
    *out = t;
    t = NULL;
cleanup:
    bar_buf_clear(&body);
    bar_mail_template_free(t);
    return rc;
}

bar_status bar_mail_template_load(const char *path, bar_mail_template **out,
                                  bar_error *err)
{
    char *text = NULL;
    size_t len = 0;
    *out = NULL;
    bar_status rc = bar_file_read(path, BAR_MAIL_TEMPLATE_MAX, &text, &len,
                                  err);
    if (rc == BAR_OK)
        rc = bar_mail_template_parse(text, len, path, out, err);
    free(text);
    return rc;
}

void bar_mail_template_free(bar_mail_template *t)
{
    if (!t)
        return;
    free(t->subject);
    free(t->body);
    free(t);
}

bool bar_mail_template_uses(const bar_mail_template *t, const char *field)
{
    for (int i = 0; i < NFIELDS; i++)
        if (strcmp(fields[i], field) == 0)
            return t->uses[i];
    return false;
}

/* ---- addresses ---- */

static bool addr_char(unsigned char c)
{
    return c > 0x20 && c < 0x7f && !strchr("<>()[]\\,;:\"", c);
}

bar_status bar_mail_address(const char *text, char out[BAR_MAIL_ADDR_MAX],
                            bar_error *err)
{
    out[0] = '\0';
    const char *a = text ? text : "";
    size_t n = strlen(a);
    const char *lt = strrchr(a, '<');
    if (lt && n > 0 && a[n - 1] == '>') {
        a = lt + 1;
        n = (size_t)(text + n - 1 - a);
    }
    const char *at = memchr(a, '@', n);
    bool ok = n > 0 && n < BAR_MAIL_ADDR_MAX && at && at > a &&
              at < a + n - 1;
    for (size_t i = 0; ok && i < n; i++)
        ok = addr_char((unsigned char)a[i]) && (a[i] != '@' || a + i == at);
    for (const char *d = at ? at + 1 : a; ok && d < a + n; d++)
        ok = (*d >= 'a' && *d <= 'z') || (*d >= 'A' && *d <= 'Z') ||
             (*d >= '0' && *d <= '9') || *d == '.' || *d == '-';
    if (!ok)
        return bar_error_set(err, BAR_EINVALID, "'%.80s' is not an e-mail "
                             "address", text ? text : "");
    memcpy(out, a, n);
    out[n] = '\0';
    return BAR_OK;
}

bar_status bar_mail_message_id(const char *addr, char out[BAR_MAIL_ADDR_MAX],
                               bar_error *err)
{
    out[0] = '\0';
    bar_status rc = bar_token_init(err);
    if (rc != BAR_OK)
        return rc;
    const char *at = addr ? strchr(addr, '@') : NULL;
    unsigned char raw[16];
    char hex[2 * sizeof raw + 1];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
    int n = snprintf(out, BAR_MAIL_ADDR_MAX, "%s@%s", hex,
                     at && at[1] ? at + 1 : "localhost");
    if (n < 0 || n >= BAR_MAIL_ADDR_MAX)
        return bar_error_set(err, BAR_EINVALID, "'%.80s': the domain is too "
                             "long", addr);
    return BAR_OK;
}

/* ---- dates ---- */

bool bar_mail_date_text(const char *iso, bar_lang lang, char *out,
                        size_t size)
{
    static const char *const months[] = {
        N_("January"), N_("February"), N_("March"),     N_("April"),
        N_("May"),     N_("June"),     N_("July"),      N_("August"),
        N_("September"), N_("October"), N_("November"), N_("December")};
    unsigned y = 0, m = 0, d = 0;
    int n = 0;
    if (size > 0)
        out[0] = '\0';
    if (!iso || strlen(iso) < 10 ||
        sscanf(iso, "%4u-%2u-%2u%n", &y, &m, &d, &n) != 3 || n != 10 ||
        m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    /* TRANSLATORS: a date: day, month name, year ("31 March 2021") */
    int w = snprintf(out, size, bar_tr(lang, "%u %s %u"), d,
                     bar_tr(lang, months[m - 1]), y);
    return w > 0 && (size_t)w < size;
}

/* ---- the message ---- */

/* Append text with the placeholders filled in from f; control characters
 * of the values (a name with a line break) become spaces. */
static bar_status fill(bar_buf *b, const char *text,
                       const bar_mail_fields *f, bar_error *err)
{
    const char *values[NFIELDS] = {f->name, f->link, f->closes};
    for (const char *p = text; *p; p++) {
        size_t len = 0;
        int i = *p == '{' ? field_at(p, &len) : -1;
        if (i < 0) {
            bar_buf_add(b, p, 1);
            continue;
        }
        const char *v = values[i];
        if (!v)
            return bar_error_set(err, BAR_EINVALID, "the message needs "
                                 "{%s}, and it has no value", fields[i]);
        size_t vn = strlen(v);
        if (vn > BAR_MAIL_VALUE_MAX || !utf8_ok(v, vn))
            return bar_error_set(err, BAR_ELIMIT, "{%s}: the value is not "
                                 "UTF-8 of at most %d bytes", fields[i],
                                 (int)BAR_MAIL_VALUE_MAX);
        for (size_t k = 0; k < vn; k++) {
            unsigned char c = (unsigned char)v[k];
            bar_buf_add(b, c < 0x20 || c == 0x7f ? " " : v + k, 1);
        }
        p += len - 1;
    }
    return bar_buf_status(b);
}

/* Whether s is printable ASCII (no encoded words needed). */
static bool plain_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

/* Append s, which starts at column col of a header line, folding (CRLF
 * and a space) before a space where a line would pass 78 characters; as
 * a quoted string (quotes and backslashes escaped) when quoted. A folded
 * quoted string unfolds to the same text (RFC 5322 section 3.2.4). */
static void put_folded(bar_buf *b, const char *s, size_t col, bool quoted)
{
    if (quoted) {
        bar_buf_add(b, "\"", 1);
        col++;
    }
    for (const char *p = s; *p;) {
        size_t word = strcspn(p + 1, " ") + 1; /* up to the next space */
        size_t extra = 0;
        for (size_t i = 0; quoted && i < word; i++)
            extra += p[i] == '"' || p[i] == '\\';
        if (*p == ' ' && col + word + extra + 1 > 78 && col > 1) {
            bar_buf_add(b, "\r\n", 2);
            col = 0;
        }
        for (size_t i = 0; i < word; i++) {
            if (quoted && (p[i] == '"' || p[i] == '\\'))
                bar_buf_add(b, "\\", 1);
            bar_buf_add(b, p + i, 1);
        }
        col += word + extra;
        p += word;
    }
    if (quoted)
        bar_buf_add(b, "\"", 1);
}

/* Append s as RFC 2047 encoded words (UTF-8, base64), each of at most
 * WORD_BYTES bytes of whole characters, ending after a space where one
 * is at hand; the second and later each on a folded line of its own. */
static void put_words(bar_buf *b, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), i = 0;
    bool first = true;
    while (i < n || first) {
        size_t end = i, space = 0;
        while (end < n) {
            size_t l = utf8_len(u + end, n - end);
            if (l == 0)
                l = 1; /* checked before: cannot happen */
            if (end + l - i > WORD_BYTES)
                break;
            end += l;
            if (u[end - 1] == ' ' && end < n)
                space = end;
        }
        if (end < n && space > i)
            end = space;
        char b64[(WORD_BYTES + 2) / 3 * 4 + 1];
        sodium_bin2base64(b64, sizeof b64, u + i, end - i,
                          sodium_base64_VARIANT_ORIGINAL);
        bar_buf_printf(b, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", b64);
        first = false;
        i = end;
    }
}

/* Append a display name at column col: a quoted string when plain ASCII,
 * else encoded words. */
static void put_name(bar_buf *b, const char *name, size_t col)
{
    if (plain_ascii(name))
        put_folded(b, name, col, true);
    else
        put_words(b, name);
}

/* A header "Name: display <addr>" (display may be NULL or empty); the
 * address goes on a folded line of its own when the line would be longer
 * than 78 characters. */
static void put_mailbox(bar_buf *b, const char *header, const char *display,
                        const char *addr)
{
    bar_buf_printf(b, "%s: ", header);
    if (!display || !*display) {
        bar_buf_printf(b, "%s\r\n", addr);
        return;
    }
    bar_buf name;
    bar_buf_init(&name, BAR_MAIL_MESSAGE_MAX);
    put_name(&name, display, strlen(header) + 2);
    bar_buf_fail(b, bar_buf_status(&name));
    const char *n = name.data ? name.data : "";
    const char *last = strrchr(n, '\n');
    size_t col = last ? strlen(last + 1) : strlen(header) + 2 + strlen(n);
    bool fits = col + 2 + strlen(addr) + 1 <= 78;
    bar_buf_printf(b, "%s%s<%s>\r\n", n, fits ? " " : "\r\n ", addr);
    bar_buf_clear(&name);
}

/* The display name of "Name <addr>" into buf (empty when there is none). */
static void display_of(const char *from, char *buf, size_t size)
{
    buf[0] = '\0';
    const char *lt = strrchr(from, '<');
    if (!lt)
        return;
    const char *s = from, *e = lt;
    while (s < e && (*s == ' ' || *s == '"'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '"'))
        e--;
    size_t n = (size_t)(e - s) < size ? (size_t)(e - s) : size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)buf[i] < 0x20)
            buf[i] = ' ';
}

/* Append the body text (lines ending in '\n') quoted-printable: CRLF line
 * ends, soft breaks ("=" CRLF) to keep lines within QP_LINE, '=' and
 * every byte outside printable ASCII encoded, and so is a space or tab
 * at the end of a line. */
static void put_qp(bar_buf *b, const char *text)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        if (*p == '\n') {
            bar_buf_add(b, "\r\n", 2);
            col = 0;
            continue;
        }
        char enc[3];
        size_t n = 1;
        bool at_end = p[1] == '\n' || p[1] == '\0';
        if ((*p >= 33 && *p <= 126 && *p != '=') ||
            ((*p == ' ' || *p == '\t') && !at_end)) {
            enc[0] = (char)*p;
        } else {
            enc[0] = '=';
            enc[1] = hex[*p >> 4];
            enc[2] = hex[*p & 15];
            n = 3;
        }
        /* room for what follows: the soft break's '=' unless this is the
         * last character of the line */
        size_t limit = at_end ? QP_LINE : QP_LINE - 1;
        if (col + n > limit) {
            bar_buf_add(b, "=\r\n", 3);
            col = 0;
        }
        bar_buf_add(b, enc, n);
        col += n;
    }
}

bar_status bar_mail_render(const bar_mail_template *t,
                           const bar_mail_fields *f,
                           const bar_mail_envelope *env, char **out,
                           size_t *len, bar_error *err)
{
    bar_status rc = BAR_OK;
    bar_buf subject, body, msg;
    bar_buf_init(&subject, BAR_MAIL_MESSAGE_MAX);
    bar_buf_init(&body, BAR_MAIL_MESSAGE_MAX);
    bar_buf_init(&msg, BAR_MAIL_MESSAGE_MAX);
    *out = NULL;
    *len = 0;
    char from_addr[BAR_MAIL_ADDR_MAX], to_addr[BAR_MAIL_ADDR_MAX];
    char from_name[BAR_MAIL_ADDR_MAX], to_name[BAR_MAIL_VALUE_MAX + 1];
    if ((rc = bar_mail_address(env->from, from_addr, err)) != BAR_OK ||
        (rc = bar_mail_address(env->to_addr, to_addr, err)) != BAR_OK)
        goto cleanup;
    if (!env->message_id || !*env->message_id ||
        strlen(env->message_id) >= BAR_MAIL_ADDR_MAX) {
        rc = bar_error_set(err, BAR_EINVALID, "a message needs a "
                           "Message-ID");
        goto cleanup;
    }
    for (const char *p = env->message_id; *p; p++)
        if (!addr_char((unsigned char)*p)) {
            rc = bar_error_set(err, BAR_EINVALID, "'%.80s' is not a "
                               "Message-ID", env->message_id);
            goto cleanup;
        }
    display_of(env->from, from_name, sizeof from_name);
    snprintf(to_name, sizeof to_name, "%s", env->to_name ? env->to_name : "");
    for (char *p = to_name; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = ' ';
    if (!utf8_ok(from_name, strlen(from_name)) ||
        !utf8_ok(to_name, strlen(to_name))) {
        rc = bar_error_set(err, BAR_EINVALID, "a name in From or To is "
                           "not UTF-8");
        goto cleanup;
    }
    if ((rc = fill(&subject, t->subject, f, err)) != BAR_OK ||
        (rc = fill(&body, t->body, f, err)) != BAR_OK)
        goto cleanup;
    /* Date: RFC 5322 section 3.3, in UTC; the names are the standard's */
    static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed",
                                       "Thu", "Fri", "Sat"};
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr",
                                      "May", "Jun", "Jul", "Aug",
                                      "Sep", "Oct", "Nov", "Dec"};
    time_t when = (time_t)env->date;
    struct tm tm;
    if (!gmtime_r(&when, &tm)) {
        rc = bar_error_set(err, BAR_EINVALID, "the message's date is out "
                           "of range");
        goto cleanup;
    }
    put_mailbox(&msg, "From", from_name, from_addr);
    put_mailbox(&msg, "To", to_name, to_addr);
    bar_buf_puts(&msg, "Subject: ");
    const char *subj = subject.data ? subject.data : "";
    if (plain_ascii(subj))
        put_folded(&msg, subj, 9, false);
    else
        put_words(&msg, subj);
    bar_buf_printf(&msg,
                   "\r\nDate: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n"
                   "Message-ID: <%s>\r\n",
                   wday[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon],
                   tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
                   env->message_id);
    if (env->lang && *env->lang && strlen(env->lang) < 16)
        bar_buf_printf(&msg, "Content-Language: %s\r\n", env->lang);
    bar_buf_puts(&msg, "MIME-Version: 1.0\r\n"
                       "Content-Type: text/plain; charset=UTF-8\r\n"
                       "Content-Transfer-Encoding: quoted-printable\r\n"
                       "\r\n");
    put_qp(&msg, body.data ? body.data : "");
    if ((rc = bar_buf_status(&msg)) != BAR_OK) {
        rc = bar_error_set(err, rc, rc == BAR_ELIMIT
                                        ? "the message is too long"
                                        : "out of memory");
        goto cleanup;
    }
    *out = bar_buf_take(&msg, len);
cleanup:
    bar_buf_clear(&subject);
    bar_buf_clear(&body);
    bar_buf_clear(&msg);
    return rc;
}
