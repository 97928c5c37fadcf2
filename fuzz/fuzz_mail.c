/* fuzz_mail.c - libFuzzer target for the message templates and the
 * message builder (field/mail.h).
 *
 * The input is split at its first NUL byte: before it a template, after it
 * a value used as the organisation's name (and, when it is one, as its
 * address). Checks the contract: a template exactly when BAR_OK (and then
 * no message set); a rendered message exactly when BAR_OK, and then every
 * line ends in CRLF, is within 78 characters (76 in the body) and 7-bit,
 * and no header line but the ones the builder writes appears (a name
 * cannot add a header).
 *
 * Build: cmake -DCMAKE_C_COMPILER=clang -DBAR_FUZZ=ON; run with the
 * templates as corpus: ./fuzz_mail -max_len=4096 data/mail/
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "field/mail.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_message(const char *msg, size_t len)
{
    static const char *const headers[] = {
        "From:", "To:", "Subject:", "Date:", "Message-ID:",
        "Content-Language:", "MIME-Version:", "Content-Type:",
        "Content-Transfer-Encoding:", " "};
    if (strlen(msg) != len)
        abort();
    int body = 0;
    const char *line = msg;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)msg[i];
        if (c > 127 || (c == '\n' && (i == 0 || msg[i - 1] != '\r')) ||
            (c == '\r' && msg[i + 1] != '\n'))
            abort();
        if (c != '\n')
            continue;
        size_t n = (size_t)(msg + i - 1 - line);
        if (n == 0) {
            body = 1;
        } else if (!body) {
            int known = 0;
            for (size_t h = 0; h < sizeof headers / sizeof headers[0]; h++)
                known |= strncmp(line, headers[h], strlen(headers[h])) == 0;
            if (!known)
                abort();
        }
        /* a header word that cannot be folded may be longer; ours are
         * not, except an address or a name without spaces */
        if (body && n > 76)
            abort();
        line = msg + i + 1;
    }
    if (!body)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    size_t tlen = strnlen(text, size);
    char value[BAR_MAIL_VALUE_MAX + 1];
    size_t vlen = tlen < size ? size - tlen - 1 : 0;
    if (vlen > BAR_MAIL_VALUE_MAX)
        vlen = BAR_MAIL_VALUE_MAX;
    memcpy(value, text + tlen + (tlen < size), vlen);
    value[vlen] = '\0';

    bar_error err;
    bar_error_init(&err);
    bar_mail_template *t = NULL;
    bar_status rc = bar_mail_template_parse(text, tlen, "fuzz.txt", &t, &err);
    if ((rc == BAR_OK) != (t != NULL) || (rc == BAR_OK && err.count) ||
        (rc != BAR_OK && err.msg[0] == '\0'))
        abort();
    if (t) {
        char addr[BAR_MAIL_ADDR_MAX];
        bar_error e2;
        bar_error_init(&e2);
        bool is_addr = bar_mail_address(value, addr, &e2) == BAR_OK;
        bar_error_clear(&e2);
        bar_mail_fields f = {.name = value,
                             .link = "https://x.nl/s/AAAAAAAAAAAAAAAAAAAAAA",
                             .closes = "31 maart 2021"};
        bar_mail_envelope env = {.from = "a@b.nl", .to_name = value,
                                 .to_addr = is_addr ? value : "c@d.nl",
                                 .date = 1614556800,
                                 .message_id = "x@b.nl", .lang = "nl"};
        char *msg = NULL;
        size_t len = 0;
        rc = bar_mail_render(t, &f, &env, &msg, &len, &err);
        if ((rc == BAR_OK) != (msg != NULL))
            abort();
        if (msg)
            check_message(msg, len);
        free(msg);
    }
    bar_mail_template_free(t);
    bar_error_clear(&err);
    return 0;
}
