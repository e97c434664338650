"""Independent re-read of a probe-17 directory: parses every TSVWithNamesAndTypes export and CSVWithNames file from
scratch (own unescaping, array/map parsing, server-zone times including the repeated DST hour), and checks counts and
invariants against manifest.json and the labels.

    python -m bench.probe17.check DIR
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import pyarrow.parquet as pq

_UNESC = {"b": "\b", "f": "\f", "r": "\r", "n": "\n", "t": "\t", "0": "\0", "'": "'", "\\": "\\", "a": "\a",
          "v": "\v"}


def unescape(s: str) -> str:
    if "\\" not in s:
        return s
    out, i = [], 0
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            nxt = s[i + 1]
            out.append(_UNESC.get(nxt, nxt))
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _quoted(s: str, i: int) -> tuple[str, int]:
    assert s[i] == "'", (s[i:i + 20], i)
    i += 1
    out = []
    while True:
        ch = s[i]
        if ch == "\\":
            out.append(_UNESC.get(s[i + 1], s[i + 1]))
            i += 2
        elif ch == "'":
            return "".join(out), i + 1
        else:
            out.append(ch)
            i += 1


def parse_array(s: str) -> list[str]:
    assert s[0] == "[" and s[-1] == "]", s[:40]
    out: list[str] = []
    i = 1
    if s[i] == "]":
        return out
    while True:
        v, i = _quoted(s, i)
        out.append(v)
        if s[i] == "]":
            assert i == len(s) - 1
            return out
        assert s[i] == ",", s[i:i + 20]
        i += 1


def parse_map(s: str) -> dict[str, str]:
    assert s[0] == "{" and s[-1] == "}"
    out: dict[str, str] = {}
    i = 1
    if s[i] == "}":
        return out
    while True:
        k, i = _quoted(s, i)
        assert s[i] == ":"
        v, i = _quoted(s, i + 1)
        out[k] = v
        if s[i] == "}":
            return out
        assert s[i] == ","
        i += 1


def main(argv: list[str] | None = None) -> None:
    d = Path((argv or sys.argv[1:])[0])
    man = json.loads((d / "manifest.json").read_text(encoding="utf-8"))
    tz = ZoneInfo(man["server_time_zone"])
    start = dt.datetime.fromisoformat(man["period"]["start"].replace("Z", "+00:00"))
    end = dt.datetime.fromisoformat(man["period"]["end"].replace("Z", "+00:00"))
    release = dt.datetime.fromisoformat(man["release"]["at"].replace("Z", "+00:00"))
    names = [c["name"] for c in man["columns"]]
    types = [c["type"] for c in man["columns"]]
    ix = {n: i for i, n in enumerate(names)}
    files = {f["path"]: f for f in man["files"]}
    for p, f in files.items():
        h = hashlib.sha256((d / p).read_bytes()).hexdigest()
        assert h == f["sha256"] and (d / p).stat().st_size == f["bytes"], p
    listed = {str(p.relative_to(d)) for p in d.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert listed == set(files), listed ^ set(files)
    logs = sorted(p for p in listed if p.startswith("logs/"))
    assert all(p.startswith("logs/clickhouse/") for p in logs)

    best: dict[str, tuple[int, list]] = {}
    n_rows = n_stub = 0
    dst_folds = 0
    for p in sorted(x for x in logs if x.endswith(".tsv.gz")):
        comp = (d / p).read_bytes()
        assert comp[:2] == b"\x1f\x8b" and comp[4:8] == b"\0\0\0\0" and not comp[3] & 0x08, "gzip header"
        text = gzip.decompress(comp).decode("utf-8")
        assert text.endswith("\n")
        lines = text[:-1].split("\n")
        assert lines[0].split("\t") == names, p
        assert [unescape(x) for x in lines[1].split("\t")] == types, p
        prev_utc = None
        day = files[p]["event_date"]
        stubs = 0
        for ln in lines[2:]:
            v = ln.split("\t")
            assert len(v) == len(names), (p, len(v))
            assert v[0] == day
            local = dt.datetime.strptime(v[1], "%Y-%m-%d %H:%M:%S.%f")
            u0 = local.replace(tzinfo=tz, fold=0).astimezone(dt.UTC)
            u1 = local.replace(tzinfo=tz, fold=1).astimezone(dt.UTC)
            utc = u0
            if u0 != u1 and prev_utc is not None and u0 < prev_utc:
                utc, dst_folds = u1, dst_folds + 1
            assert prev_utc is None or utc >= prev_utc, (p, v[1])
            prev_utc = utc
            assert start <= utc < end, v[1]
            rid = v[ix["request_id"]]
            assert len(rid) == 36 and rid.count("-") == 4
            ver = int(v[ix["row_version"]])
            st = int(v[ix["status"]])
            model = v[ix["model"]]
            if st == 200 and model == "vireo-4-reason":
                assert utc >= release, v[1]
            if st == 0:
                stubs += 1
            ip = v[ix["client_ip"]]
            assert ":" in ip
            params = parse_map(v[ix["params"]])
            if "response_format" in params:
                json.loads(params["response_format"])
            roles = parse_array(v[ix["messages.role"]])
            contents = parse_array(v[ix["messages.content"]])
            tcs = parse_array(v[ix["messages.tool_calls"]])
            tids = parse_array(v[ix["messages.tool_call_id"]])
            assert len(roles) == len(contents) == len(tcs) == len(tids) >= 1
            assert set(roles) <= {"system", "user", "assistant", "tool"}
            for x in tcs:
                if x:
                    json.loads(x)
            for x in parse_array(v[ix["tools"]]) + parse_array(v[ix["output_tool_calls"]]):
                json.loads(x)
            unescape(v[ix["output_text"]])
            unescape(v[ix["output_reasoning"]])
            assert v[ix["stream"]] in ("true", "false") and v[ix["content_truncated"]] in ("true", "false")
            assert v[ix["ttft_ms"]] == "\\N" or v[ix["ttft_ms"]].isdigit()
            eu = v[ix["end_user"]]
            rec = [v[ix["org_id"]], st, None if eu == "\\N" else unescape(eu), v[ix["api_key_id"]],
                   v[ix["project_id"]], v[ix["key_hint"]]]
            old = best.get(rid)
            if old is None or ver > old[0]:
                best[rid] = (ver, rec)
        n_rows += len(lines) - 2
        n_stub += stubs
        assert len(lines) - 2 == files[p]["rows"], (p, len(lines) - 2, files[p]["rows"])
        assert stubs == files[p]["stub_rows"], p
    t = man["totals"]
    assert n_rows == t["rows_exported"] and n_stub == t["stub_rows"] and len(best) == t["requests"], \
        (n_rows, n_stub, len(best))
    assert all(b[1][1] != 0 for b in best.values()), "a stub without its final version"
    st_count = Counter(str(b[1][1]) for b in best.values())
    assert dict(st_count) == t["status"], (st_count, t["status"])

    # directory
    with open(d / "logs/clickhouse/directory/orgs.csv", encoding="utf-8", newline="") as fh:
        orgs = list(csv.DictReader(fh))
    with open(d / "logs/clickhouse/directory/api_keys.csv", encoding="utf-8", newline="") as fh:
        keys = list(csv.DictReader(fh))
    assert len(orgs) == t["directory_orgs"] and len(keys) == t["directory_keys"]
    key_org = {k["api_key_id"]: (k["org_id"], k["project_id"], k["key_hint"]) for k in keys}
    org_ids = {o["org_id"] for o in orgs}

    # labels vs logs
    labels = pq.read_table(d / "labels.parquet").to_pylist()
    lab = {r["account_id"]: r for r in labels}
    assert len(lab) == len(labels) == t["accounts"]
    req: Counter[str] = Counter()
    exch: Counter[str] = Counter()
    eu_ex: Counter[tuple] = Counter()
    seen_keys: dict[str, set] = defaultdict(set)
    for _, (org, st, eu, key, proj, hint) in best.values():
        assert org in org_ids and key_org[key] == (org, proj, hint), key
        req[org] += 1
        seen_keys[org].add(key)
        if st == 200:
            exch[org] += 1
            if eu is not None:
                eu_ex[(org, eu)] += 1
    assert set(req) == set(lab), set(req) ^ set(lab)
    for a, r in lab.items():
        assert r["requests"] == req[a] and r["exchanges"] == exch[a], a
        assert set(r["api_key_ids"]) == seen_keys[a], a
        assert (r["label"] == "campaign") == (r["campaign_id"] is not None)
        assert r["label"] in ("benign", "campaign")
    idents = [v for r in labels for v in [r["account_id"], *r["api_key_ids"], *r["project_ids"]]]
    assert len(idents) == len(set(idents)), "an identity shared by two labelled accounts"
    eus = pq.read_table(d / "labels_end_users.parquet").to_pylist()
    assert {(e["account_id"], e["end_user"]): e["exchanges"] for e in eus} == dict(eu_ex)
    benign = sum(r["label"] == "benign" for r in labels)
    camp = len(labels) - benign
    assert benign >= 3000, benign
    assert 8 <= len(man["campaigns"]) <= 12
    assert 0.03 <= camp / len(labels) <= 0.06, camp / len(labels)
    total = sum(exch.values())
    assert 100_000 <= total <= 160_000, total
    # no ground truth inside logs/
    for p in logs:
        assert "label" not in Path(p).name and "manifest" not in Path(p).name
    print(f"ok: {len(logs)} log files, {n_rows} rows ({n_stub} stub versions, {dst_folds} rows in the repeated DST "
          f"hour), {len(best)} requests, {total} exchanges, {len(labels)} labelled accounts ({benign} benign, "
          f"{camp} campaign, {camp / len(labels):.1%}), {len(eus)} labelled end users, {len(orgs)} directory orgs, "
          f"{len(keys)} keys; statuses {dict(sorted(st_count.items()))}")


if __name__ == "__main__":
    main()
