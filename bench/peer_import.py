#!/usr/bin/env python3
"""The Python peer of `onemission import hxl` for scripts/run-bench (Python 3 stdlib only).

    python3 bench/peer_import.py FILE DB

Does the same kind of work a plain script would: reads the file with the `csv` module, finds the
HXL tag row (skipping it and the header row above), picks columns by tag, and inserts every row
in one transaction into an `activities` table shaped like OneMission's (the same 44 columns, the
same foreign key declarations, a row key computed from who/what/where/when with a UNIQUE 64-bit
hash of it, and the same indexes: that unique one only), with the same 16 KiB pages, in WAL mode
with synchronous=NORMAL.
Foreign keys are not enforced (sqlite3's default; OneMission's import checks each distinct
reference once instead of once per row, which this script does not do at all). Organizations and sectors
get integer ids / codes from dictionaries, inserted the first time they are seen. Prints
{"rows": N} as JSON.
"""
import csv
import hashlib
import json
import sqlite3
import sys
from datetime import datetime, timezone

SCHEMA = """
CREATE TABLE import_batches (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL,
  format TEXT NOT NULL, file_name TEXT NOT NULL);
CREATE TABLE organizations (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
  acronym TEXT NOT NULL DEFAULT '');
CREATE TABLE sectors (code TEXT PRIMARY KEY, name_en TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE activities (
  id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
  version INTEGER NOT NULL DEFAULT 1, org_id INTEGER REFERENCES organizations(id),
  classification TEXT NOT NULL DEFAULT 'internal'
    CHECK (classification IN ('public','internal','restricted')),
  compartment TEXT NOT NULL DEFAULT 'none',
  source_batch INTEGER REFERENCES import_batches(id), source_row INTEGER NOT NULL DEFAULT 0,
  row_key TEXT NOT NULL, key_hash INTEGER NOT NULL UNIQUE, external_id TEXT NOT NULL DEFAULT '',
  implementing_org INTEGER REFERENCES organizations(id),
  programme_org INTEGER REFERENCES organizations(id),
  funding_org INTEGER REFERENCES organizations(id),
  sector TEXT REFERENCES sectors(code), title TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  place TEXT, adm0 TEXT, adm1 TEXT, adm2 TEXT, adm3 TEXT,
  location_name TEXT NOT NULL DEFAULT '', lat REAL, lon REAL,
  start_date TEXT, end_date TEXT, status TEXT NOT NULL DEFAULT 'unknown',
  targeted_total INTEGER, targeted_women INTEGER, targeted_men INTEGER,
  targeted_girls INTEGER, targeted_boys INTEGER, targeted_children INTEGER,
  targeted_adults INTEGER,
  reached_total INTEGER, reached_women INTEGER, reached_men INTEGER,
  reached_girls INTEGER, reached_boys INTEGER, reached_children INTEGER,
  reached_adults INTEGER,
  budget_cents INTEGER, budget_currency TEXT);
"""

INSERT = ("INSERT INTO activities (created_at, updated_at, version, org_id, classification,"
          " compartment, source_batch, source_row, row_key, implementing_org,"
          " programme_org, funding_org, sector, title, description, place, adm0, adm1, adm2,"
          " adm3, location_name, lat, lon, start_date, end_date, status, targeted_total,"
          " targeted_women, targeted_men, targeted_girls, targeted_boys, targeted_children,"
          " targeted_adults, reached_total, reached_women, reached_men, reached_girls,"
          " reached_boys, reached_children, reached_adults, budget_cents, budget_currency,"
          " external_id, key_hash) VALUES (" + ",".join("?" * 44) + ")")

# field -> candidate tags (normalized "#tag+attr+attr", attributes sorted), first match wins.
FIELDS = {
    "org": ["#org+impl+name", "#org+impl", "#org+name", "#org"],
    "acronym": ["#org+acronym+impl", "#org+acronym"],
    "sector": ["#sector+name", "#sector+cluster+name", "#sector+cluster", "#sector"],
    "title": ["#activity+name", "#activity+title", "#activity"],
    "adm1": ["#adm1+pcode", "#adm1+code"],
    "adm1_name": ["#adm1+name", "#adm1"],
    "adm2": ["#adm2+pcode", "#adm2+code"],
    "adm2_name": ["#adm2+name", "#adm2"],
    "location": ["#loc+name", "#loc"],
    "start": ["#date+start"],
    "end": ["#date+end"],
    "status": ["#status"],
    "targeted": ["#targeted+total", "#targeted"],
    "reached": ["#reached+total", "#reached"],
    "budget": ["#value+budget", "#value"],
    "currency": ["#currency"],
}


def normalize(tag):
    parts = [p.strip().lower() for p in tag.replace(" ", "").split("+") if p.strip()]
    return "+".join(parts[:1] + sorted(parts[1:])) if parts else ""


def map_columns(tags):
    seen = {}
    for i, t in enumerate(tags):
        seen.setdefault(normalize(t), i)
    cols = {}
    for field, candidates in FIELDS.items():
        for c in candidates:
            if normalize(c) in seen:
                cols[field] = seen[normalize(c)]
                break
    return cols


def to_int(text):
    try:
        return int(float(text.replace(",", ""))) if text else None
    except ValueError:
        return None


def main():
    path, db_path = sys.argv[1], sys.argv[2]
    with open(path, newline="", encoding="utf-8-sig", errors="replace") as f:
        rows = csv.reader(f)
        tags = None
        for _ in range(25):  # header row(s), then the HXL tag row
            row = next(rows)
            if any(c.strip().startswith("#") for c in row):
                tags = row
                break
        if tags is None:
            sys.exit("peer_import: no HXL tag row")
        cols = map_columns(tags)
        get = {field: (lambda r, i=i: r[i].strip() if i < len(r) else "")
               for field, i in cols.items()}
        none = lambda r: ""  # noqa: E731
        field = lambda name: get.get(name, none)  # noqa: E731

        db = sqlite3.connect(db_path, isolation_level=None)
        db.executescript("PRAGMA page_size=16384; PRAGMA journal_mode=WAL;"
                         "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;"
                         "PRAGMA cache_size=-65536;" + SCHEMA)
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        db.execute("BEGIN")
        batch = db.execute("INSERT INTO import_batches VALUES (NULL, ?, 'hxl', ?)",
                           (now, path)).lastrowid
        orgs, sectors, seen_keys = {}, {}, {}
        org_of, acronym_of, sector_of, title_of = (field("org"), field("acronym"),
                                                   field("sector"), field("title"))
        adm1_of, adm2_of, loc_of = field("adm1"), field("adm2"), field("location")
        start_of, end_of, status_of = field("start"), field("end"), field("status")
        targeted_of, reached_of = field("targeted"), field("reached")
        budget_of, currency_of = field("budget"), field("currency")
        insert = db.cursor()
        count = 0
        for line, r in enumerate(rows, start=3):
            if not any(r):
                continue
            org = org_of(r) or acronym_of(r)
            org_id = orgs.get(org.lower()) if org else None
            if org and org_id is None:
                org_id = db.execute("INSERT INTO organizations (name, acronym) VALUES (?, ?)",
                                    (org, acronym_of(r))).lastrowid
                orgs[org.lower()] = org_id
            sector_name = sector_of(r)
            sector = sectors.get(sector_name) if sector_name else None
            if sector_name and sector is None:
                sector = sector_name.upper()[:24]
                db.execute("INSERT OR IGNORE INTO sectors VALUES (?, ?)", (sector, sector_name))
                sectors[sector_name] = sector
            title, adm1, adm2 = title_of(r), adm1_of(r), adm2_of(r)
            place = adm2 or adm1 or None
            start, end = start_of(r) or None, end_of(r) or None
            identity = "\x1f".join((str(org_id), sector or "", title.lower(), place or "",
                                    loc_of(r).lower(), start or "", end or ""))
            key = hashlib.blake2b(identity.encode(), digest_size=16).hexdigest()
            n = seen_keys[key] = seen_keys.get(key, 0) + 1
            if n > 1:
                key += f"#{n}"
            key_hash = int.from_bytes(
                hashlib.blake2b(key.encode(), digest_size=16).digest()[:8], "little", signed=True)
            budget, currency = to_int(budget_of(r)), currency_of(r) or None
            insert.execute(INSERT, (
                now, now, 1, None, "internal", "none", batch, line, key,
                org_id, None, None, sector, title, "", place, "AFG" if adm1 else None,
                adm1 or None, adm2 or None, None, loc_of(r), None, None, start, end,
                (status_of(r) or "unknown").lower(), to_int(targeted_of(r)), None, None, None,
                None, None, None, to_int(reached_of(r)), None, None, None, None, None, None,
                None if budget is None else budget * 100, currency if budget is not None else None,
                "", key_hash))
            count += 1
        db.execute("COMMIT")
        db.close()
    print(json.dumps({"rows": count}))


if __name__ == "__main__":
    main()
