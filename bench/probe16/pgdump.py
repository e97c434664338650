"""PostgreSQL plain-format ``pg_dump --data-only`` writer: header, COPY blocks in the text COPY format, setval."""

from __future__ import annotations

import gzip
import json
import random
from datetime import UTC, datetime
from pathlib import Path

from .world import B62, US

OWNER = "ostrala_api"
VERSION = "17.6 (Debian 17.6-1.pgdg12+1)"
_SPECIAL = ("\\", "\n", "\r", "\t", "\b", "\f", "\v")


def copy_escape(s: str) -> str:
    """Text COPY escaping of one value."""
    if any(c in s for c in _SPECIAL):
        s = (s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
             .replace("\b", "\\b").replace("\f", "\\f").replace("\v", "\\v"))
    return s


_MINUTE: dict[int, str] = {}


def ts(t: int | None) -> str | None:
    """timestamptz output in UTC (DateStyle ISO): microseconds without trailing zeros, ``+00``."""
    if t is None:
        return None
    s, us = divmod(t, US)
    m, sec = divmod(s, 60)
    pre = _MINUTE.get(m)
    if pre is None:
        pre = _MINUTE[m] = datetime.fromtimestamp(m * 60, UTC).strftime("%Y-%m-%d %H:%M")
    base = f"{pre}:{sec:02d}"
    if us:
        base += "." + f"{us:06d}".rstrip("0")
    return base + "+00"


def _jb_key(k: str) -> tuple[int, bytes]:
    b = k.encode()
    return (len(b), b)


_ORDER: dict[tuple, tuple] = {}


def jsonb_order(o):
    """jsonb's normalised object key order (shorter keys first, in bytes, then bytewise), recursively."""
    if isinstance(o, dict):
        return {k: jsonb_order(o[k]) for k in sorted(o, key=_jb_key)}
    if isinstance(o, list):
        return [jsonb_order(x) for x in o]
    return o


def _top(o: dict) -> dict:
    ks = tuple(o)
    order = _ORDER.get(ks)
    if order is None:
        order = _ORDER[ks] = tuple(sorted(ks, key=_jb_key))
    return {k: o[k] for k in order}


def jsonb_text(o) -> str:
    """jsonb output text. The request and response builders create nested objects in jsonb key order already (the
    check re-verifies every object), so only the top level, whose optional keys vary, is sorted here."""
    return json.dumps(_top(o) if isinstance(o, dict) else o, ensure_ascii=False, separators=(", ", ": "))


def copy_value(v, kind: str) -> str:
    if v is None:
        return "\\N"
    if kind == "jsonb":
        return jsonb_text(v).replace("\\", "\\\\")
    if kind == "ts":
        return ts(v)  # type: ignore[return-value]
    if kind == "bool":
        return "t" if v else "f"
    if kind == "int":
        return str(int(v))
    if kind == "text[]":
        return "{" + ",".join(x if x and all(c.isalnum() or c in "._-:" for c in x) else
                              '"' + x.replace("\\", "\\\\").replace('"', '\\"') + '"' for x in v) + "}"
    return copy_escape(str(v))


def copy_line(values: list, kinds: tuple[str, ...]) -> str:
    return "\t".join(copy_value(v, k) for v, k in zip(values, kinds, strict=True))


class DumpFile:
    """One gzip'd plain-format dump; pg_dump 17.6 wraps it in ``\\restrict``/``\\unrestrict`` with a random key."""

    def __init__(self, path: Path, rng: random.Random) -> None:
        self.path = path
        self.raw = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.fh = gzip.GzipFile(filename="", mode="wb", fileobj=self.raw, mtime=0, compresslevel=6)
        self.key = "".join(rng.choice(B62) for _ in range(63))
        self.blocks: dict[str, int] = {}
        self._w(f"--\n-- PostgreSQL database dump\n--\n\n\\restrict {self.key}\n\n-- Dumped from database version "
                f"{VERSION}\n-- Dumped by pg_dump version {VERSION}\n\n"
                "SET statement_timeout = 0;\nSET lock_timeout = 0;\nSET idle_in_transaction_session_timeout = 0;\n"
                "SET transaction_timeout = 0;\nSET client_encoding = 'UTF8';\nSET standard_conforming_strings = on;\n"
                "SELECT pg_catalog.set_config('search_path', '', false);\nSET check_function_bodies = false;\n"
                "SET xmloption = content;\nSET client_min_messages = warning;\nSET row_security = off;\n\n")

    def _w(self, s: str) -> None:
        self.fh.write(s.encode("utf-8"))

    def copy(self, table: str, columns: tuple[str, ...], lines: list[str]) -> None:
        self._w(f"--\n-- Data for Name: {table}; Type: TABLE DATA; Schema: public; Owner: {OWNER}\n--\n\n"
                f"COPY public.{table} ({', '.join(columns)}) FROM stdin;\n")
        chunk: list[str] = []
        for ln in lines:
            chunk.append(ln)
            if len(chunk) >= 2000:
                self._w("\n".join(chunk) + "\n")
                chunk = []
        if chunk:
            self._w("\n".join(chunk) + "\n")
        self._w("\\.\n\n\n")
        self.blocks[table] = self.blocks.get(table, 0) + len(lines)

    def setval(self, seq: str, value: int) -> None:
        self._w(f"--\n-- Name: {seq}; Type: SEQUENCE SET; Schema: public; Owner: {OWNER}\n--\n\n"
                f"SELECT pg_catalog.setval('public.{seq}', {value}, true);\n\n\n")

    def close(self) -> None:
        self._w(f"--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict {self.key}\n\n")
        self.fh.close()
        self.raw.close()
