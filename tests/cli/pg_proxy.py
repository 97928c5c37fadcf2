"""pg_proxy.py - a TCP proxy between the survey server and PostgreSQL
that can stop forwarding without closing anything, as a network partition
looks to the server (tests/cli/store_pg_outage.sh).

Usage: python3 pg_proxy.py UPSTREAM_PORT PORT_FILE
Listens on a free loopback port (written to PORT_FILE) and forwards each
connection to 127.0.0.1:UPSTREAM_PORT. SIGUSR1: stall (nothing is read,
accepted or sent; every socket stays open, so the kernel still
acknowledges what arrives); SIGUSR2: forward again. Not a test of its own.
"""
import os
import selectors
import signal
import socket
import sys
import time

upstream = int(sys.argv[1])
stalled = False


def stall(*_):
    global stalled
    stalled = True


def forward(*_):
    global stalled
    stalled = False


signal.signal(signal.SIGUSR1, stall)
signal.signal(signal.SIGUSR2, forward)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))

lsock = socket.socket()
lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
lsock.bind(("127.0.0.1", 0))
lsock.listen(64)
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write(str(lsock.getsockname()[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])

sel = selectors.DefaultSelector()
sel.register(lsock, selectors.EVENT_READ)
peer = {}


def close(s):
    for x in (s, peer.get(s)):
        if x is None:
            continue
        peer.pop(x, None)
        try:
            sel.unregister(x)
        except (KeyError, ValueError):
            pass
        x.close()


while True:
    if stalled:
        time.sleep(0.05)
        continue
    for key, _ in sel.select(timeout=0.05):
        s = key.fileobj
        if stalled:
            break
        if s is lsock:
            c, _ = lsock.accept()
            try:
                u = socket.create_connection(("127.0.0.1", upstream))
            except OSError:
                c.close()
                continue
            peer[c], peer[u] = u, c
            sel.register(c, selectors.EVENT_READ)
            sel.register(u, selectors.EVENT_READ)
            continue
        if s not in peer:
            continue
        try:
            data = s.recv(65536)
        except OSError:
            data = b""
        if not data:
            close(s)
            continue
        try:
            peer[s].sendall(data)
        except OSError:
            close(s)
