"""smtp_sink.py - a real SMTP server for tests/cli/invite.sh (aiosmtpd).

Every message it accepts is written to DIR as NNNNN.eml (the raw data as
received, CRLF lines) beside NNNNN.rcpt (the envelope recipients, one a
line). Usage:
    python3 smtp_sink.py DIR PORTFILE [--delay SECONDS] [--refuse ADDR]...
        [--refuse-data ADDR]...
        [--user USER --password PASSWORD]
It listens on 127.0.0.1 on a free port, writes the port to PORTFILE once
it listens, and runs until killed. --delay waits before answering the
message's data (a slow server, to kill a client while it sends);
--refuse answers 550 to RCPT TO of that address, --refuse-data 554 to the
message's data (after the body) when it is for that address; --user/--password
require AUTH (PLAIN/LOGIN, allowed without TLS for the test).
"""
import argparse
import asyncio
import os
import signal
import socket
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


class Sink:
    def __init__(self, folder, delay, refuse, refuse_data):
        self.folder = folder
        self.delay = delay
        self.refuse = set(a.lower() for a in refuse)
        self.refuse_data = set(a.lower() for a in refuse_data)
        self.n = len([f for f in os.listdir(folder) if f.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.refuse:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if any(a.lower() in self.refuse_data for a in envelope.rcpt_tos):
            return "554 5.7.1 message refused"
        self.n += 1
        base = os.path.join(self.folder, "%05d" % self.n)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".rcpt", "w") as f:
            f.write("\n".join(envelope.rcpt_tos) + "\n")
        os.rename(base + ".tmp", base + ".eml")
        return "250 2.0.0 queued as %05d" % self.n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("folder")
    ap.add_argument("portfile")
    ap.add_argument("--delay", type=float, default=0)
    ap.add_argument("--refuse", action="append", default=[])
    ap.add_argument("--refuse-data", action="append", default=[])
    ap.add_argument("--user")
    ap.add_argument("--password")
    a = ap.parse_args()
    kw = {}
    if a.user:
        def check(server, session, envelope, mechanism, auth_data):
            ok = (auth_data.login.decode() == a.user and
                  auth_data.password.decode() == a.password)
            return AuthResult(success=ok, handled=False)
        kw = dict(authenticator=check, auth_required=True,
                  auth_require_tls=False)
    # a free port (aiosmtpd's Controller connects to its own port to see
    # that it listens, so it cannot be given port 0)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctl = Controller(Sink(a.folder, a.delay, a.refuse, a.refuse_data), hostname="127.0.0.1",
                     port=port, server_kwargs=kw)
    ctl.start()
    with open(a.portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(a.portfile + ".tmp", a.portfile)
    signal.signal(signal.SIGTERM, lambda *_: (ctl.stop(), os._exit(0)))
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
