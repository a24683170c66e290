"""Validate bench/heldout/letters.jsonl and print counts.

    .venv/bin/python bench/heldout/validate.py [letters.jsonl]

Checks the schema of every line, that department ids exist in
/work/shared/data/departments.toml, that every reference value and the subject
occur verbatim in the text, and that letter_date occurs in the text in one of
the usual German date spellings. Exit status 1 on any error.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEPARTMENTS = Path("/work/shared/data/departments.toml")
KINDS = {
    "aktenzeichen",
    "ihr_zeichen",
    "unser_zeichen",
    "kassenzeichen",
    "steuernummer",
    "rechnungsnummer",
    "kundennummer",
    "bestellnummer",
    "vorgangsnummer",
    "bauantrag",
}
KEYS = {
    "id",
    "part",
    "department",
    "text",
    "letter_date",
    "references",
    "restricted",
    "sender",
    "subject",
}
MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]
MONTH_ABBR = [
    ["Jan."],
    ["Feb.", "Febr."],
    ["Mär.", "Mrz."],
    ["Apr."],
    [],
    [],
    [],
    ["Aug."],
    ["Sep.", "Sept."],
    ["Okt."],
    ["Nov."],
    ["Dez."],
]


def date_patterns(d: dt.date) -> list[str]:
    y, m, day = d.year, d.month, d.day
    yy = f"{y % 100:02d}"
    pats = [f"{d.isoformat()}"]
    for dd in {f"{day}", f"{day:02d}"}:
        for mm in {f"{m}", f"{m:02d}"}:
            for yr in (str(y), yy):
                pats.append(rf"(?<![\d.]){re.escape(dd)}\.\s?{re.escape(mm)}\.\s?{yr}(?!\d)")
        for name in [MONTHS[m - 1], *MONTH_ABBR[m - 1]]:
            pats.append(rf"(?<!\d){re.escape(dd)}\.\s*{re.escape(name)}\s*{y}(?!\d)")
    return pats


def date_in_text(iso: str, text: str) -> bool:
    d = dt.date.fromisoformat(iso)
    return any(re.search(p, text) for p in date_patterns(d))


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "letters.jsonl"
    depts = {d["id"]: d["name"] for d in tomllib.loads(DEPARTMENTS.read_text())["department"]}
    errors: list[str] = []
    warnings: list[str] = []
    recs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: invalid JSON: {e}")
            continue
        rid = r.get("id", f"line {n}")
        if set(r) != KEYS:
            errors.append(f"{rid}: keys {sorted(set(r) ^ KEYS)} differ from schema")
            continue
        if not re.fullmatch(r"[A-Z]\d{3}", r["id"]):
            errors.append(f"{rid}: bad id")
        if r["part"] not in ("feedback", "test"):
            errors.append(f"{rid}: bad part {r['part']!r}")
        if r["department"] not in depts:
            errors.append(f"{rid}: unknown department {r['department']!r}")
        if not isinstance(r["text"], str) or len(r["text"]) < 40:
            errors.append(f"{rid}: text missing or too short")
        if not isinstance(r["restricted"], bool):
            errors.append(f"{rid}: restricted must be bool")
        if r["sender"] is not None and (
            not isinstance(r["sender"], str) or not r["sender"].strip()
        ):
            errors.append(f"{rid}: sender missing")
        text = r["text"]
        if r["subject"] is not None and (
            not isinstance(r["subject"], str) or r["subject"] not in text
        ):
            errors.append(f"{rid}: subject not verbatim in text: {r['subject']!r}")
        if r["letter_date"] is not None:
            try:
                if not date_in_text(r["letter_date"], text):
                    errors.append(f"{rid}: letter_date {r['letter_date']} not found in text")
            except ValueError:
                errors.append(f"{rid}: letter_date not ISO: {r['letter_date']!r}")
        if not isinstance(r["references"], list):
            errors.append(f"{rid}: references must be a list")
        else:
            seen = set()
            for ref in r["references"]:
                if set(ref) != {"kind", "value"} or ref["kind"] not in KINDS:
                    errors.append(f"{rid}: bad reference {ref}")
                    continue
                if not ref["value"] or ref["value"] not in text:
                    errors.append(f"{rid}: reference value not in text: {ref['value']!r}")
                if (ref["kind"], ref["value"]) in seen:
                    errors.append(f"{rid}: duplicate reference {ref}")
                seen.add((ref["kind"], ref["value"]))
        flat = re.sub(r"\s*\n\s*", " ", text).lower()
        flat2 = re.sub(r"\s*\n\s*", ", ", text).lower()
        sender = (r["sender"] or "").lower()  # null: an anonymous letter
        if sender and sender not in flat and sender not in flat2:
            warnings.append(f"{rid}: sender {r['sender']!r} not verbatim in text")
        recs.append(r)

    ids = [r["id"] for r in recs]
    if len(set(ids)) != len(ids):
        errors.append("duplicate ids")

    # counts (a set may have a test part only, e.g. bench/heldout3)
    parts_in_set = Counter(r["part"] for r in recs)
    table: dict[str, Counter] = defaultdict(Counter)
    for r in recs:
        table[r["department"]][r["part"]] += 1
        table[r["department"]]["restricted"] += r["restricted"]
    print(f"{'dept':6} {'feedback':>8} {'test':>5} {'total':>5} {'restr.':>6}  name")
    for d in depts:
        c = table[d]
        tot = c["feedback"] + c["test"]
        print(f"{d:6} {c['feedback']:8} {c['test']:5} {tot:5} {c['restricted']:6}  {depts[d]}")
        present = [part for part in ("feedback", "test") if parts_in_set[part]]
        if any(c[part] == 0 for part in present) or tot < 8:
            errors.append(f"department {d}: feedback={c['feedback']} test={c['test']} total={tot}")
    parts = Counter(r["part"] for r in recs)
    nr = sum(r["restricted"] for r in recs)
    nodate = sum(r["letter_date"] is None for r in recs)
    nsubj = sum(r["subject"] is None for r in recs)
    nrefs = sum(len(r["references"]) for r in recs)
    print(f"total {len(recs)}  parts {dict(parts)}")
    for p in ("feedback", "test"):
        sub = [r for r in recs if r["part"] == p]
        if sub:
            print(f"  {p}: restricted {sum(r['restricted'] for r in sub)}/{len(sub)}")
    print(f"restricted {nr}/{len(recs)} = {nr / max(len(recs), 1):.1%}")
    print(
        f"letter_date null {nodate}, subject null {nsubj}, references {nrefs} "
        f"({dict(Counter(x['kind'] for r in recs for x in r['references']))})"
    )
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
