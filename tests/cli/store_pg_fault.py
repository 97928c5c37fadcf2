#!/usr/bin/env python3
"""Faults of the database under two survey servers (issue 11;
tests/cli/store_pg_fault.sh sets up the cluster and the store).

Two `barometer serve` processes on one PostgreSQL store; eight client
threads walk personal links through the questionnaire, each organisation
through one server or the other. Every page save (303 to the next page)
and every final submit (303 to /done) that arrives is acknowledged. In
the middle PostgreSQL is restarted (fast shutdown: every connection is
ended) once an eighth of the submits are acknowledged, and server b is
killed with SIGKILL once another eighth are; the clients then go to
server a only, which is never restarted.

Checked: a request the database could not serve is a 503 with a
Retry-After header and the retry page (never a 500, never a 303); server
a acknowledges answers again after the restart; afterwards every
acknowledged page's answer is in its organisation's draft, every
acknowledged submit has exactly one response row, a response row exists
exactly for the drafts marked submitted, and no (wave, organisation) has
two drafts or two responses.
Usage: store_pg_fault.py BAROMETER URI TOKENS PGCLUSTER PGDIR TMPDIR"""
import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

bin_, uri, tokens_file, pg_cluster, pg_dir, tmp = sys.argv[1:7]
tokens = dict(line.split() for line in open(tokens_file))
orgs = sorted(tokens)
DEADLINE = time.monotonic() + 90   # seconds for the whole walk


def page_form(org, n):
    i = int(org[1:])
    return {0: f"size={i % 4 + 1}", 1: f"covid_production={i % 5 + 1}",
            2: f"innovated={i % 2}",
            3: f"type_service=1&tech_share={i % 4 + 1}&description=f{i}",
            4: "driver_employees=1&collab_private=1",
            5: "phase_development=1&dissemination=1",
            6: f"clim_collab_external={i % 5 + 1}",
            7: f"work_improve={(i + 1) % 5 + 1}"}[n]


lock = threading.Lock()
acked_pages = {}        # org -> set of page numbers acknowledged
acked_submits = set()
acked_after = {"a": 0}  # acknowledgements by server a after the restart
seen = {"503": 0, "503 without Retry-After or retry page": 0}
problems = []
restarted = threading.Event()
b_dead = threading.Event()


def start(name):
    log = open(os.path.join(tmp, f"serve-{name}.log"), "a")
    p = subprocess.Popen([bin_, "serve", uri, "--listen", "127.0.0.1:0",
                          "--threads", "4"], stderr=subprocess.PIPE,
                         text=True)
    line = p.stderr.readline()
    m = re.search(r"127\.0\.0\.1:(\d+)/", line)
    if not m:
        raise SystemExit(f"FAIL: server {name} did not start: {line}")
    threading.Thread(target=lambda: [log.write(x) for x in p.stderr],
                     daemon=True).start()
    return p, int(m.group(1))


servers = {name: start(name) for name in ("a", "b")}


class Unavailable(Exception):
    pass


def ask(c, method, path, body=None):
    headers = {}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    c.request(method, path, body, headers)
    r = c.getresponse()
    text = r.read().decode("utf-8", "replace")
    if r.status == 503:
        with lock:
            seen["503"] += 1
            if not r.getheader("Retry-After") or \
                    "Een ogenblik geduld" not in text:
                seen["503 without Retry-After or retry page"] += 1
        raise Unavailable()
    return r, text


def walk_one(org, name):
    """Walk org as far as it goes through server name; True when done
    (submitted, or found locked)."""
    tok = tokens[org]
    port = servers[name][1]
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        r, _ = ask(c, "GET", f"/s/{tok}")
        if r.status == 200:         # locked: sent earlier (unacknowledged)
            return True
        if r.status != 303:
            raise RuntimeError(f"{org}: resume: {r.status}")
        loc = r.getheader("Location")
        for _ in range(20):
            m = re.search(r"/p/(\d+)$", loc)
            if m:
                n = int(m.group(1))
                r, _ = ask(c, "POST", loc, page_form(org, n))
                if r.status != 303:
                    raise RuntimeError(f"{org}: page {n}: {r.status}")
                with lock:
                    acked_pages.setdefault(org, set()).add(n)
                    if name == "a" and restarted.is_set():
                        acked_after["a"] += 1
                loc = r.getheader("Location")
            elif loc.endswith("/review"):
                r, _ = ask(c, "POST", f"/s/{tok}/submit", "")
                if r.status == 200:     # locked: an earlier submit
                    return True         # committed without its answer
                if r.status == 303 and \
                        r.getheader("Location").endswith("/done"):
                    with lock:
                        acked_submits.add(org)
                        if name == "a" and restarted.is_set():
                            acked_after["a"] += 1
                    return True
                raise RuntimeError(f"{org}: submit: {r.status}")
            else:
                raise RuntimeError(f"{org}: went to '{loc}'")
        raise RuntimeError(f"{org}: no end to the walk")
    finally:
        c.close()


def worker(todo):
    while time.monotonic() < DEADLINE:
        try:
            org = todo.get_nowait()
        except queue.Empty:
            return
        name = "b" if int(org[1:]) % 2 and not b_dead.is_set() else "a"
        try:
            if walk_one(org, name):
                continue
        except Unavailable:
            time.sleep(0.2)     # as the Retry-After asks, but shorter
        except (OSError, http.client.HTTPException):
            if name == "a":
                time.sleep(0.2)
        except RuntimeError as e:
            with lock:
                problems.append(str(e))
            continue
        todo.put(org)           # not finished: again later


todo = queue.Queue()
for org in orgs:
    todo.put(org)
threads = [threading.Thread(target=worker, args=(todo,)) for _ in range(8)]
for t in threads:
    t.start()


def wait_for(count, seconds):
    """Until count() reaches its mark or the seconds pass: the faults
    come in the middle of the load on a fast machine and a slow one."""
    end = time.monotonic() + seconds
    while not count() and time.monotonic() < end:
        time.sleep(0.05)


wait_for(lambda: len(acked_submits) >= len(orgs) // 8, 20)
before = len(acked_submits)
rc = subprocess.run(["bash", pg_cluster, "restart", pg_dir]).returncode
if rc != 0:
    problems.append(f"pg-cluster.sh restart: exit {rc}")
restarted.set()
wait_for(lambda: len(acked_submits) >= before + len(orgs) // 8, 20)
servers["b"][0].send_signal(signal.SIGKILL)
servers["b"][0].wait()
b_dead.set()
for t in threads:
    t.join()
if not todo.empty():
    problems.append(f"{todo.qsize()} organisations not finished in time")

# server a still answers, and was not restarted
pa = servers["a"][0]
if pa.poll() is not None:
    problems.append(f"server a exited: {pa.returncode}")
else:
    c = http.client.HTTPConnection("127.0.0.1", servers["a"][1], timeout=15)
    c.request("GET", f"/s/{tokens[orgs[0]]}")
    r = c.getresponse()
    r.read()
    if r.status != 200:
        problems.append(f"server a after the restart: {r.status}")
    pa.send_signal(signal.SIGTERM)
    if pa.wait(timeout=20) != 0:
        problems.append(f"server a exit status {pa.returncode}")


def rows(sql):
    out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", uri, "-c",
                          sql], check=True, capture_output=True,
                         text=True).stdout
    return [line.split("\t") for line in out.splitlines()]


drafts = {}
for org, answers in rows("SELECT org_id, answers FROM draft"):
    drafts[org] = json.loads(answers)["answers"]
responses = [r[0] for r in rows("SELECT org_id FROM response")]
submitted = {r[0] for r in rows(
    "SELECT org_id FROM draft WHERE submitted_at IS NOT NULL")}
twice = rows("SELECT org_id FROM draft GROUP BY wave, org_id "
             "HAVING count(*) > 1 UNION ALL SELECT org_id FROM response "
             "GROUP BY wave, org_id HAVING count(*) > 1")
if twice or len(responses) != len(set(responses)):
    problems.append(f"duplicates: {twice}")
if acked_submits - set(responses):
    problems.append("acknowledged but no response: "
                    f"{sorted(acked_submits - set(responses))}")
if set(responses) != submitted:
    problems.append(f"half-written: {len(responses)} responses, "
                    f"{len(submitted)} submitted drafts")
lost = []
for org, pages in acked_pages.items():
    for n in pages:
        name, value = page_form(org, n).split("&")[0].split("=")
        if drafts.get(org, {}).get(name) != float(value):
            lost.append(f"{org} page {n}")
if lost:
    problems.append(f"acknowledged page saves lost: {lost[:10]}")
if seen["503"] == 0:
    problems.append("no 503 during the restart (the fault was not hit)")
if seen["503 without Retry-After or retry page"]:
    problems.append(f"{seen['503 without Retry-After or retry page']} "
                    "503s without Retry-After or the retry page")
if acked_after["a"] == 0:
    problems.append("server a acknowledged nothing after the restart")
for p in problems:
    print("FAIL:", p)
npages = sum(len(p) for p in acked_pages.values())
print(f"{len(orgs)} organisations: {npages} page saves and "
      f"{len(acked_submits)} submits acknowledged ({before} before the "
      f"restart), {seen['503']} answered 503, {len(responses)} responses "
      f"in the store")
sys.exit(1 if problems else 0)
