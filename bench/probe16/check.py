"""Independent re-reader of a probe16 output: parses every pg_dump COPY block (text format, unescaping), checks that
each jsonb value is JSON whose objects are in jsonb key order with pg's spacing, counts rows per table and compares
with the manifest; parses every mongoexport document; checks that labels cover every identity in the logs.

    python -m bench.probe16.check DIR
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

import pyarrow.parquet as pq

_UNESC = {"\\": "\\", "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v"}
_TS = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?\+00$")


def unescape(field: str) -> str | None:
    if field == "\\N":
        return None
    if "\\" not in field:
        return field
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == "\\":
            out.append(_UNESC[field[i + 1]])
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _ordered(pairs: list[tuple[str, object]]) -> dict:
    keys = [k for k, _ in pairs]
    want = sorted(keys, key=lambda k: (len(k.encode()), k.encode()))
    if keys != want:
        raise ValueError(f"jsonb key order {keys} != {want}")
    return dict(pairs)


def parse_dump(path: Path) -> dict[str, list[list[str | None]]]:
    tables: dict[str, list[list[str | None]]] = {}
    with gzip.open(path, "rt", encoding="utf-8", newline="\n") as fh:
        text = fh.read()
    lines = text.split("\n")
    assert lines[0] == "--" and lines[1] == "-- PostgreSQL database dump", path
    key = next(ln for ln in lines if ln.startswith("\\restrict ")).split()[1]
    assert f"\\unrestrict {key}" in lines, path
    i = 0
    while i < len(lines):
        m = re.match(r"^COPY public\.(\w+) \((.*)\) FROM stdin;$", lines[i])
        if m:
            table, cols = m.group(1), m.group(2).split(", ")
            rows = tables.setdefault(table, [])
            i += 1
            while lines[i] != "\\.":
                fields = lines[i].split("\t")
                if len(fields) != len(cols):
                    raise ValueError(f"{path}:{i + 1}: {len(fields)} fields, {len(cols)} columns")
                rows.append([unescape(f) for f in fields])
                i += 1
            tables[table + "#cols"] = [cols]  # type: ignore[list-item]
        i += 1
    return tables


def main(out: Path) -> None:
    man = json.loads((out / "manifest.json").read_text())
    labels = pq.read_table(out / "labels.parquet").to_pylist()
    keys_lab = {k for r in labels for k in r["api_key_ids"]}
    seen_keys: set[str] = set()
    n_req = 0
    ids: list[str] = []
    for f in sorted((out / "logs/postgres").iterdir()):
        t = parse_dump(f)
        for name, rows in t.items():
            if name.endswith("#cols"):
                continue
            cols = t[name + "#cols"][0]
            want = man["dump_files"].get(f.name, man["totals"]["identity_rows"]).get(name)
            assert want == len(rows), (f.name, name, want, len(rows))
            if name.startswith("api_requests_"):
                n_req += len(rows)
                ci = {c: k for k, c in enumerate(cols)}
                for r in rows:
                    assert _TS.match(r[ci["created_at"]]), r[ci["created_at"]]
                    ids.append(r[ci["id"]])
                    seen_keys.add(r[ci["api_key_id"]])
                    for c in ("request_body", "response_body"):
                        v = r[ci[c]]
                        if v is not None:
                            obj = json.loads(v, object_pairs_hook=_ordered)
                            assert json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")) == v
        print(f"{f.name}: " + ", ".join(f"{k} {len(v)}" for k, v in t.items() if not k.endswith("#cols")))
    assert n_req == man["totals"]["api_rows_in_dumps"], (n_req, man["totals"]["api_rows_in_dumps"])
    dup = len(ids) - len(set(ids))
    assert dup == man["totals"]["adhoc_overlap_rows"], dup
    assert seen_keys <= keys_lab, "request keys missing from labels"
    users = json.loads((out / "logs/mongodb/ostrala_chat.users.json").read_text(encoding="utf-8"))
    n_conv = 0
    with open(out / "logs/mongodb/ostrala_chat.conversations.json", encoding="utf-8") as fh:
        for line in fh.read().split("\n"):
            if line:
                json.loads(line)
                n_conv += 1
    assert n_conv == man["totals"]["conversations"] and len(users) == man["totals"]["chat_users"]
    lab_users = {u for r in labels for u in r["user_ids"]}
    assert all(u["_id"]["$oid"] in lab_users for u in users if u["stats"]["messageCount"]["$numberLong"] != "0")
    print(f"OK: {n_req} request rows ({dup} duplicated by the ad-hoc dump), {len(users)} chat users, {n_conv} "
          f"conversations, {len(labels)} labelled accounts")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
