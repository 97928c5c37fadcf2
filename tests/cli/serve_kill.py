#!/usr/bin/env python3
"""The survey server killed with SIGKILL at random moments under a bounded
load of submissions, and restarted, 20 times (tests/cli/serve_kill.sh).

Eight client threads walk personal links through the questionnaire: every
page saved and every final submit whose 303 arrived is acknowledged, so
it must be in the store afterwards. At the end: the store passes SQLite's
integrity check, every acknowledged submit has its response row and a
locked draft, every acknowledged page save has its draft, and nothing is
half-written (a response row exactly for the drafts marked submitted).
Usage: serve_kill.py BAROMETER FIELDTOOL TMPDIR"""
import http.client
import os
import queue
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time

bin_, tool, tmp = sys.argv[1:4]
db = os.path.join(tmp, "kill.db")
N = 600
ROUNDS = 20
rng = random.Random(20211)

frame = os.path.join(tmp, "kill-frame.csv")
with open(frame, "w") as f:
    f.write("org_id,name,sector,cluster,email\n")
    for i in range(N):
        f.write(f"k{i:03d},Org {i},gem,gemeente,k{i}@x.nl\n")
subprocess.run([bin_, "init", db], check=True, capture_output=True)
subprocess.run([bin_, "frame", "import", db, frame], check=True,
               capture_output=True)
out = subprocess.run([tool, "token", db, "2021"] +
                     [f"k{i:03d}" for i in range(N)], check=True,
                     capture_output=True, text=True).stdout
tokens = dict(line.split() for line in out.splitlines())


def page_form(org, n):
    i = int(org[1:])
    return {0: f"size={i % 4 + 1}", 1: f"covid_production={i % 5 + 1}",
            2: f"innovated={i % 2}",
            3: f"type_service=1&tech_share={i % 4 + 1}&description=k{i}",
            4: "driver_employees=1&collab_private=1",
            5: "phase_development=1&dissemination=1",
            6: f"clim_collab_external={i % 5 + 1}",
            7: f"work_improve={(i + 1) % 5 + 1}"}[n]


acked_pages = set()     # orgs with an acknowledged page save
acked_submits = set()
lock = threading.Lock()


def walk(port, todo, stop):
    while not stop.is_set():
        try:
            org = todo.get_nowait()
        except queue.Empty:
            return
        tok = tokens[org]
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            c.request("GET", f"/s/{tok}")
            r = c.getresponse()
            r.read()
            loc = r.getheader("Location") or ""
            if r.status == 200:     # locked: done earlier
                continue
            for _ in range(20):
                m = re.search(r"/p/(\d+)$", loc)
                if m:
                    body = page_form(org, int(m.group(1)))
                    c.request("POST", loc, body, {"Content-Type":
                              "application/x-www-form-urlencoded"})
                    r = c.getresponse()
                    r.read()
                    if r.status != 303:
                        raise RuntimeError(f"{org}: page: {r.status}")
                    with lock:
                        acked_pages.add(org)
                    loc = r.getheader("Location")
                elif loc.endswith("/review"):
                    c.request("POST", f"/s/{tok}/submit", "",
                              {"Content-Type":
                               "application/x-www-form-urlencoded"})
                    r = c.getresponse()
                    r.read()
                    if r.status == 303 and r.getheader(
                            "Location").endswith("/done"):
                        with lock:
                            acked_submits.add(org)
                        break
                    raise RuntimeError(f"{org}: submit: {r.status}")
                else:
                    raise RuntimeError(f"{org}: went to '{loc}'")
        except (OSError, http.client.HTTPException):
            todo.put(org)       # the server died under it: later
            return


def start(port):
    log = open(os.path.join(tmp, "kill-serve.log"), "a")
    p = subprocess.Popen([bin_, "serve", db, "--listen",
                          f"127.0.0.1:{port}", "--threads", "4"],
                         stderr=subprocess.PIPE, text=True)
    line = p.stderr.readline()
    m = re.search(r"127\.0\.0\.1:(\d+)/", line)
    if not m:
        raise SystemExit(f"FAIL: serve did not start: {line}")
    threading.Thread(target=lambda: [log.write(x) for x in p.stderr],
                     daemon=True).start()
    return p, int(m.group(1))


todo = queue.Queue()
for i in range(N):
    todo.put(f"k{i:03d}")
port = 0
for rnd in range(ROUNDS):
    p, port = start(port)
    stop = threading.Event()
    threads = [threading.Thread(target=walk, args=(port, todo, stop))
               for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(rng.uniform(0.05, 0.4))
    p.send_signal(signal.SIGKILL)
    p.wait()
    stop.set()
    for t in threads:
        t.join()

fails = []
con = sqlite3.connect(db)
ok = con.execute("PRAGMA integrity_check").fetchone()[0]
if ok != "ok":
    fails.append(f"integrity_check: {ok}")
responses = {r[0] for r in con.execute("SELECT org_id FROM response")}
submitted = {r[0] for r in con.execute(
    "SELECT org_id FROM draft WHERE submitted_at IS NOT NULL")}
drafts = {r[0] for r in con.execute("SELECT org_id FROM draft")}
if acked_submits - responses:
    fails.append(f"acknowledged but no response: {sorted(acked_submits - responses)}")
if responses != submitted:
    fails.append(f"half-written: responses {len(responses)}, submitted "
                 f"drafts {len(submitted)}")
if acked_pages - drafts:
    fails.append(f"acknowledged page but no draft: {sorted(acked_pages - drafts)}")
if not acked_submits:
    fails.append("no submit was acknowledged in 20 rounds")
for f in fails:
    print("FAIL:", f)
print(f"{ROUNDS} kills: {len(acked_submits)} submits and "
      f"{len(acked_pages)} organisations' pages acknowledged, "
      f"{len(responses)} responses in the store")
sys.exit(1 if fails else 0)
