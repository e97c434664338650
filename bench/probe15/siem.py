"""What the security team pulls from its SIEMs.

us-east-1: Splunk (index ``llm_api``); daily REST exports (``/services/search/jobs/export``, ``output_mode=json``)
and, for the last days, Splunk Web CSV exports of 12-hour search jobs. eu-west-1: Filebeat -> Elasticsearch data
stream ``logs-quill.api-prod``; the team dumped it with the scroll API, one JSON page per line.
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from .record import DEPLOY, HEX, Recorder, dumps, iso_us
from .world import DAY, END, HOUR, START, Req, poisson, rid

NY = timezone(timedelta(hours=-4))  # the analysts' Splunk user time zone (America/New_York, EDT in July)
TRUNCATE = 10000  # props.conf TRUNCATE default, bytes
PIPELINE = datetime(2026, 7, 9, 10, 30, tzinfo=UTC).timestamp()  # the ingest pipeline that parses the JSON
DUP_P = 0.004


def _local_iso(t: float) -> str:
    d = datetime.fromtimestamp(t, NY)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}" + "-04:00"


def _utc_ms(t: float) -> str:
    d = datetime.fromtimestamp(t, UTC)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{d.microsecond // 1000:03d}Z"


def _truncate(raw: str) -> tuple[str, bool]:
    b = raw.encode("utf-8")
    if len(b) <= TRUNCATE:
        return raw, False
    return b[:TRUNCATE].decode("utf-8", "ignore"), True


def _roles(body: dict) -> str | list[str]:
    roles = [m.get("role", "") for m in body.get("messages", ())]
    return roles[0] if len(roles) == 1 else roles


class _Noise:
    """Non-request events of the same service: health checks, auth failures, server starts."""

    def __init__(self, rng: random.Random, rec: Recorder) -> None:
        self.rng, self.rec = rng, rec

    def events(self, t0: float, t1: float) -> list[tuple[float, str, str, dict]]:
        r, out = self.rng, []
        pods = self.rec.pods_old if t0 < DEPLOY else self.rec.pods_new
        t = t0 - (t0 % 600) + 600
        while t < t1:
            for p in pods:
                tt = t + r.uniform(0, 2)
                out.append((tt, p, "health", {"ts": iso_us(tt), "level": "debug", "logger": "quill.api.health",
                                              "svc": "quill-api", "pod": p, "event": "healthz",
                                              "http": {"method": "GET", "path": "/healthz", "status": 200},
                                              "latency_ms": r.randint(0, 3)}))
            t += 600
        for _ in range(poisson(r, (t1 - t0) / HOUR * 4)):
            tt = r.uniform(t0, t1)
            p = r.choice(pods)
            out.append((tt, p, "auth", {"ts": iso_us(tt), "level": "warn", "logger": "quill.api.auth",
                                        "svc": "quill-api", "pod": p, "event": "auth.failed",
                                        "reason": r.choice(("invalid_api_key", "invalid_api_key", "revoked_api_key",
                                                            "missing_authorization")),
                                        "key_prefix": "qk-" + rid(r, 6), "client_ip":
                                        f"{r.randrange(1, 223)}.{r.randrange(256)}.{r.randrange(256)}."
                                        f"{r.randrange(1, 255)}", "user_agent": r.choice(
                                            ("python-requests/2.32.4", "curl/8.12.1", "OpenAI/Python 1.93.0")),
                                        "http": {"method": "POST", "path": "/v1/chat/completions", "status": 401}}))
        if t0 <= DEPLOY < t1:
            for i, p in enumerate(self.rec.pods_new):
                tt = DEPLOY + 20 + i * 45 + r.uniform(0, 5)
                out.append((tt, p, "start", {"ts": iso_us(tt), "level": "info", "logger": "quill.api.server",
                                             "svc": "quill-api", "version": "2.42.0", "pod": p,
                                             "event": "server.start", "msg": "listening on :8080, 4 workers"}))
        return out


class SplunkWriter:
    INDEX, ST, ST_K8S = "llm_api", "quill:api:json", "kube:events"

    def __init__(self, seed: int, logs: Path) -> None:
        self.rng = random.Random(f"probe15/{seed}/splunk")
        self.rec = Recorder(seed, "us")
        self.noise = _Noise(random.Random(f"probe15/{seed}/splunk-noise"), self.rec)
        self.logs = logs
        r = self.rng
        self.node = {p: f"ip-10-40-{r.randrange(0, 64)}-{r.randrange(2, 250)}.ec2.internal"
                     for p in self.rec.pods_old + self.rec.pods_new}
        self.cid = {p: rid(r, 64, HEX) for p in self.node}
        self.idx = [(f"idx-use1-0{i}", "-".join(rid(r, n, "0123456789ABCDEF") for n in (8, 4, 4, 4, 12)))
                    for i in range(1, 4)]
        self.offset: Counter[str] = Counter()
        self.files: list[str] = []
        self.stats: Counter[str] = Counter()
        self.keep: list[tuple] = []  # events of the overlap window, re-exported as CSV

    def _source(self, pod: str) -> str:
        return f"/var/log/containers/{pod}_prod_api-{self.cid[pod]}.log"

    def _event(self, t: float, raw: str, pod: str, fields: dict | None, sourcetype: str) -> dict:
        r = self.rng
        srv, guid = r.choice(self.idx)
        bid = 400 + int((t - START) // DAY) * 3 + self.idx.index((srv, guid))
        key = f"{srv}/{bid}"
        self.offset[key] += r.randint(1500, 12000)
        ev = {"_bkt": f"{self.INDEX}~{bid}~{guid}", "_cd": f"{bid}:{self.offset[key]}",
              "_indextime": str(int(t + r.uniform(1, 9))), "_raw": raw, "_serial": "0", "_si": [srv, self.INDEX],
              "_sourcetype": sourcetype, "_time": _local_iso(t),
              "host": self.node.get(pod, "kube-events-forwarder"), "index": self.INDEX, "linecount": "1",
              "source": self._source(pod) if pod in self.node else "kube:events", "sourcetype": sourcetype,
              "splunk_server": srv}
        if fields:
            ev.update(fields)
        return dict(sorted(ev.items()))

    def _render(self, q: Req) -> list[tuple[float, dict]]:
        rec, _lat, pod = self.rec.line(q)
        raw, cut = _truncate(dumps(rec))
        self.stats["api_events"] += 1
        fields = None
        if cut:
            self.stats["truncated"] += 1
        else:
            fields = {"account_id": rec["account_id"], "api_key_id": rec["api_key_id"], "org_id": rec["org_id"],
                      "client_ip": rec["client_ip"], "event": rec["event"], "http.status": str(rec["http"]["status"]),
                      "level": rec["level"], "model": rec["model"], "request_id": rec["request_id"],
                      "latency_ms": str(rec["latency_ms"]), "request.messages{}.role": _roles(rec["request"])}
            if "end_user" in rec:
                fields["end_user"] = rec["end_user"]
            if "response" in rec:
                fields["response.choices{}.finish_reason"] = rec["response"]["choices"][0]["finish_reason"]
                fields["response.usage.total_tokens"] = str(rec["response"]["usage"]["total_tokens"])
        ev = self._event(q.t, raw, pod, fields, self.ST)
        out = [(q.t, ev)]
        if self.rng.random() < DUP_P:  # the forwarder re-sent a batch: same _raw, indexed again
            self.stats["duplicates"] += 1
            out.append((q.t, self._event(q.t, raw, pod, fields, self.ST)))
        return out

    def _noise(self, t0: float, t1: float) -> list[tuple[float, dict]]:
        out = []
        for t, pod, kind, rec in self.noise.events(t0, t1):
            fields = {"event": rec["event"], "level": rec["level"], "http.status": str(rec["http"]["status"])} \
                if "http" in rec else {"event": rec["event"], "level": rec["level"]}
            out.append((t, self._event(t, dumps(rec), pod, fields, self.ST)))
            self.stats[f"noise_{kind}"] += 1
        if t0 <= DEPLOY < t1:
            for i, line in enumerate((
                    "Normal ScalingReplicaSet deployment/quill-api Scaled up replica set {n} to 2",
                    "Normal ScalingReplicaSet deployment/quill-api Scaled down replica set {o} to 4",
                    "Normal ScalingReplicaSet deployment/quill-api Scaled up replica set {n} to 6",
                    "Normal ScalingReplicaSet deployment/quill-api Scaled down replica set {o} to 0")):
                t = DEPLOY + 10 + i * 70
                raw = datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%dT%H:%M:%SZ ") + line.format(
                    n=self.rec.pods_new[0].rsplit("-", 1)[0], o=self.rec.pods_old[0].rsplit("-", 1)[0])
                out.append((t, self._event(t, raw, "-", None, self.ST_K8S)))
                self.stats["noise_deploy"] += 1
        return out

    def write(self, reqs: list[Req]) -> None:
        r = self.rng
        # REST exports: one search job per local (EDT) day, earliest=@d latest=+1d
        first_local = datetime(2026, 7, 5, tzinfo=NY).timestamp()
        rest_end = datetime(2026, 7, 16, tzinfo=NY).timestamp()
        overlap = (datetime(2026, 7, 15, 18, tzinfo=NY).timestamp(), rest_end)
        i = 0
        day = first_local
        while day < rest_end:
            t0, t1 = max(day, START), day + DAY
            evs: list[tuple[float, dict]] = []
            while i < len(reqs) and reqs[i].t < t1:
                evs.extend(self._render(reqs[i]))
                i += 1
            evs.extend(self._noise(t0, t1))
            evs.sort(key=lambda x: (-x[0], x[1]["_cd"]))
            name = datetime.fromtimestamp(day, NY).strftime("%Y-%m-%d")
            path = self.logs / "splunk" / "rest_export" / f"llm_api_{name}.json"
            self._write_json(path, evs, lastrow=day >= datetime(2026, 7, 10, tzinfo=NY).timestamp())
            self.keep = [e for e in evs if overlap[0] <= e[0] < overlap[1]]
            day += DAY
        # Splunk Web CSV exports of 12-hour search jobs (file named after the search id), plus one re-run
        windows = [overlap]
        t = rest_end
        while t < END:
            windows.append((t, min(t + 12 * HOUR, END)))
            t += 12 * HOUR
        dispatch = rest_end + 5 * DAY + 2.3 * HOUR
        for k, (t0, t1) in enumerate(windows):
            if k == 0:
                evs = [(t, dict(ev, _serial="0")) for t, ev in self.keep]
                self.stats["overlap_reexported"] = sum(1 for _, e in evs if e["sourcetype"] == self.ST and
                                                       e["_raw"].find('"logger":"quill.api.access"') > 0)
            else:
                evs = []
                while i < len(reqs) and reqs[i].t < t1:
                    evs.extend(self._render(reqs[i]))
                    i += 1
                evs.extend(self._noise(t0, t1))
            evs.sort(key=lambda x: (-x[0], x[1]["_cd"]))
            sid = f"{int(dispatch + k * r.uniform(40, 400))}_{r.randrange(1000, 99999)}"
            self._write_csv(self.logs / "splunk" / "web_export" / f"{sid}.csv", evs)
        assert i == len(reqs)

    def _write_json(self, path: Path, evs: list[tuple[float, dict]], lastrow: bool) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            n = len(evs)
            for k, (_, ev) in enumerate(evs):
                head = {"preview": False, "offset": k}
                if lastrow and k == n - 1:
                    head["lastrow"] = True
                head["result"] = ev
                fh.write(json.dumps(head, ensure_ascii=False, separators=(",", ":")))
                fh.write("\n")
        self.files.append(path)
        self.stats["rest_results"] += len(evs)

    def _write_csv(self, path: Path, evs: list[tuple[float, dict]]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(("_time", "_raw", "host", "source", "sourcetype"))
            for _, ev in evs:
                w.writerow((ev["_time"], ev["_raw"], ev["host"], ev["source"], ev["sourcetype"]))
        self.files.append(path)
        self.stats["csv_rows"] += len(evs)


class ElasticWriter:
    DS = "logs-quill.api-prod"

    def __init__(self, seed: int, logs: Path) -> None:
        self.rng = random.Random(f"probe15/{seed}/elastic")
        self.rec = Recorder(seed, "eu")
        self.noise = _Noise(random.Random(f"probe15/{seed}/elastic-noise"), self.rec)
        self.logs = logs
        r = self.rng
        self.node = {p: f"gke-quill-euw1-pool-{rid(r, 8, HEX)}-{rid(r, 4, 'abcdefghijklmnopqrstuvwxyz0123456789')}"
                     for p in self.rec.pods_old + self.rec.pods_new}
        self.cid = {p: rid(r, 64, HEX) for p in self.node}
        self.agent = {n: (rid(r, 8, HEX) + "-" + rid(r, 4, HEX) + "-4" + rid(r, 3, HEX) + "-a" + rid(r, 3, HEX) +
                          "-" + rid(r, 12, HEX)) for n in sorted(set(self.node.values()))}
        self.offset: Counter[str] = Counter()
        self.files: list[str] = []
        self.stats: Counter[str] = Counter()

    def _base(self, t: float, pod: str, raw: str) -> dict:
        r = self.rng
        node = self.node[pod]
        path = f"/var/log/containers/{pod}_prod_api-{self.cid[pod]}.log"
        self.offset[path] += len(raw.encode("utf-8")) + 1
        return {
            "agent": {"type": "filebeat", "version": "8.14.3", "name": node, "id": self.agent[node],
                      "ephemeral_id": self.agent[node][::-1]},
            "ecs": {"version": "8.0.0"},
            "host": {"name": node},
            "input": {"type": "filestream"},
            "log": {"file": {"path": path}, "offset": self.offset[path] - len(raw.encode("utf-8")) - 1},
            "data_stream": {"type": "logs", "dataset": "quill.api", "namespace": "prod"},
            "kubernetes": {"namespace": "prod", "pod": {"name": pod}, "container": {"name": "api"},
                           "node": {"name": node}},
            "cloud": {"provider": "gcp", "region": "europe-west1"},
            "tags": ["quill-api", "eu-west-1"],
            "_ingested": _utc_ms(t + r.uniform(0.8, 6)),
        }

    def _doc(self, t: float, pod: str, rec: dict, raw: str) -> dict:
        r = self.rng
        base = self._base(t, pod, raw)
        ingested = base.pop("_ingested")
        if t < PIPELINE:  # before the ingest pipeline existed: Filebeat's read time and the line as text
            return {"@timestamp": _utc_ms(t + r.uniform(0.2, 3)), "message": raw, **base,
                    "event": {"dataset": "quill.api", "ingested": ingested}}
        doc: dict = {"@timestamp": _utc_ms(t), **base}
        http = rec.get("http", {})
        ev: dict = {"original": raw, "dataset": "quill.api", "ingested": ingested, "kind": "event",
                    "category": ["web"], "type": ["access"] if "request_id" in rec else ["info"]}
        if http:
            ev["outcome"] = "success" if http["status"] < 400 else "failure"
        if "latency_ms" in rec:
            ev["duration"] = rec["latency_ms"] * 1_000_000
        doc["event"] = ev
        doc["log"]["level"] = rec.get("level")
        if "client_ip" in rec:
            doc["source"] = {"ip": rec["client_ip"]}
        if "user_agent" in rec:
            doc["user_agent"] = {"original": rec["user_agent"]}
        if "account_id" in rec:
            doc["user"] = {"id": rec["account_id"]}
            doc["organization"] = {"id": rec["org_id"]}
        if http:
            doc["url"] = {"path": http["path"]}
            req: dict = {"method": http["method"]}
            if "request_id" in rec:
                req["id"] = rec["request_id"]
            if "request" in rec:
                req["body"] = {"content": dumps(rec["request"])}
            resp: dict = {"status_code": http["status"]}
            if "response" in rec:
                resp["body"] = {"content": dumps(rec["response"])}
            elif "error" in rec:
                resp["body"] = {"content": dumps({"error": rec["error"]})}
            doc["http"] = {"request": req, "response": resp}
        q = {k: rec[k] for k in ("event", "svc", "version", "api_key_id", "tier", "end_user", "model", "ttft_ms",
                                 "reason", "key_prefix") if k in rec}
        if "response" in rec:
            q["usage"] = rec["response"]["usage"]
        doc["quill"] = q
        return doc

    def write(self, reqs: list[Req]) -> None:
        r = self.rng
        i = 0
        day = START
        gen = 31
        while day < END:
            t1 = day + DAY
            docs: list[tuple[float, dict]] = []
            while i < len(reqs) and reqs[i].t < t1:
                q = reqs[i]
                i += 1
                rec, _lat, pod = self.rec.line(q)
                raw = dumps(rec)
                d = self._doc(q.t, pod, rec, raw)
                docs.append((q.t, d))
                self.stats["api_docs"] += 1
                self.stats["parsed" if "message" not in d else "message_only"] += 1
                if r.random() < DUP_P:
                    docs.append((q.t, self._doc(q.t, pod, rec, raw)))
                    self.stats["duplicates"] += 1
            for t, pod, kind, rec in self.noise.events(day, t1):
                raw = dumps(rec)
                if kind == "health":  # the pipeline drops nothing, but health lines are never parsed
                    base = self._base(t, pod, raw)
                    ing = base.pop("_ingested")
                    d = {"@timestamp": _utc_ms(t + r.uniform(0.2, 3)), "message": raw, **base,
                         "event": {"dataset": "quill.api", "ingested": ing}}
                else:
                    d = self._doc(t, pod, rec, raw)
                docs.append((t, d))
                self.stats[f"noise_{kind}"] += 1
            docs.sort(key=lambda x: (x[1]["@timestamp"], x[0]))
            index = f".ds-{self.DS}-{datetime.fromtimestamp(day, UTC).strftime('%Y.%m.%d')}-{gen:06d}"
            gen += 1
            path = self.logs / "elastic" / self.DS / f"scroll_{datetime.fromtimestamp(day, UTC):%Y-%m-%d}.ndjson"
            self._write(path, index, docs, final_empty=r.random() < 0.5)
            day = t1

    def _write(self, path: Path, index: str, docs: list[tuple[float, dict]], final_empty: bool) -> None:
        r = self.rng
        path.parent.mkdir(parents=True, exist_ok=True)
        scroll = "FGluY2x1ZGVfY29udGV4dF91dWlkDXF1ZXJ5QW5kRmV0Y2gBFk" + rid(r, 40) + "AAAAAAA" + rid(r, 8)
        total = len(docs)
        pages = [docs[k:k + 1000] for k in range(0, total, 1000)] + ([[]] if final_empty else [])
        with open(path, "w", encoding="utf-8") as fh:
            for page in pages:
                hits = []
                for _, d in page:
                    ts = datetime.strptime(d["@timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
                    hits.append({"_index": index, "_id": rid(r, 20, "0123456789abcdefghijklmnopqrstuvwxyz"
                                                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_"),
                                 "_score": None, "_source": d, "sort": [int(ts.timestamp() * 1000)]})
                resp = {"_scroll_id": scroll, "took": r.randint(3, 180), "timed_out": False,
                        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
                        "hits": {"total": {"value": total, "relation": "eq"}, "max_score": None, "hits": hits}}
                fh.write(json.dumps(resp, ensure_ascii=False, separators=(",", ":")))
                fh.write("\n")
        self.files.append(path)
        self.stats["scroll_pages"] += len(pages)
