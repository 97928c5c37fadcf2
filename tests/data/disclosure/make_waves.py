#!/usr/bin/env python3
"""Write the waves test_disclosure.c tries to break (deterministic).

breaker.csv: sectors of 1 (prov), 2 (hcs) and 4 (zbo) respondents; a
sector of 8 (gr) that all innovated and all ticked type_process (a group
answering alike); a large sector (gem) with a single non-innovator among
innovators of each size class. Table 1, Fig 1 and a crosstab by sector
then differ only by the small sectors (two figures whose difference would
isolate a group).
one-in-twenty.csv: 20 organisations, one of which did not innovate
("nee: 1 of 20").
lone-sector.csv: a sector of 1 (prov) and one of 2 (hcs) next to sectors
of 20, 8 and 6: merged they are still too few, and their suppressed row of
Table 1 would be the total minus the rows shown.
Run: python3 make_waves.py (writes both files here).
"""
import random

HEAD = ("org_id,wave,sector,cluster,size,innovated,type_product,"
        "type_service,type_process,type_interaction,work_safe_mistakes,"
        "work_improve")
CLUSTER = {"gem": "gemeente", "gr": "overig", "zbo": "zbo", "hcs": "hcs",
           "prov": "overig"}


def row(rng, i, sector, innovated, alike=False):
    size = rng.randint(1, 4)
    if innovated:
        types = [rng.randint(0, 1) for _ in range(4)]
        if alike:
            types = [0, 0, 1, 0]
        types = ",".join(map(str, types))
    else:
        types = ",,,"
    return (f"d{i:03d},2021,{sector},{CLUSTER[sector]},{size},{innovated},"
            f"{types},{rng.randint(1, 5)},{rng.randint(1, 5)}")


def breaker():
    rng = random.Random(8)
    rows, i = [], 1
    plan = ([("prov", 1)] + [("hcs", 1), ("hcs", 0)] +
            [("zbo", 1)] * 3 + [("zbo", 0)] +
            [("gr", 1)] * 8 +
            [("gem", 1)] * 24 + [("gem", 0)] * 6)
    for sector, inn in plan:
        rows.append(row(rng, i, sector, inn, alike=sector == "gr"))
        i += 1
    return rows


def one_in_twenty():
    rng = random.Random(20)
    plan = [("gem", 1)] * 11 + [("gem", 0)] + [("gr", 1)] * 8
    return [row(rng, i + 1, s, v) for i, (s, v) in enumerate(plan)]


def lone_sector():
    rng = random.Random(1)
    plan = ([("prov", 1)] + [("hcs", 0), ("hcs", 1)] +
            [("gem", 1)] * 16 + [("gem", 0)] * 4 +
            [("gr", 1)] * 5 + [("gr", 0)] * 3 +
            [("zbo", 1)] * 3 + [("zbo", 0)] * 3)
    return [row(rng, i + 1, s, v) for i, (s, v) in enumerate(plan)]


for name, rows in (("breaker.csv", breaker()),
                   ("one-in-twenty.csv", one_in_twenty()),
                   ("lone-sector.csv", lone_sector())):
    with open(name, "w") as f:
        f.write(HEAD + "\n" + "\n".join(rows) + "\n")
