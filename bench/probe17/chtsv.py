"""What ``clickhouse-client`` writes for ``FORMAT TSVWithNamesAndTypes`` and ``FORMAT CSVWithNames``: value
serialisation of the column types used here (String, Nullable, UInt*, Bool, Date, DateTime64(3) in the server's
time zone, UUID, IPv6, Array, Map), escaping, and gzip'd ``INTO OUTFILE`` files (no name, mtime 0)."""

from __future__ import annotations

import datetime as dt
import gzip
import ipaddress
from pathlib import Path

from .world import SERVER_TZ, zone

_ESC = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\b": "\\b", "\f": "\\f", "\0": "\\0", "'": "\\'"}
_TR = str.maketrans(_ESC)


def esc(s: str) -> str:
    """TSV escaping of a top-level String value."""
    return s.translate(_TR)


def quoted(s: str) -> str:
    """A String inside an Array or Map (quoted form: the same escapes, in single quotes)."""
    return "'" + s.translate(_TR) + "'"


def ipv6(ip: str) -> str:
    a = ipaddress.ip_address(ip)
    if a.version == 4:
        return "::ffff:" + ip
    return a.compressed


_OFF: dict[int, int] = {}


def local_dt(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).astimezone(zone(SERVER_TZ))


def dt64(ms: int) -> str:
    """DateTime64(3) as the server prints it: local wall clock of the server zone, no offset."""
    d = local_dt(ms)
    return f"{d:%Y-%m-%d %H:%M:%S}.{ms % 1000:03d}"


def csv_dt(ms: int | None) -> str:
    if ms is None:
        return "\\N"
    d = local_dt(ms)
    return f'"{d:%Y-%m-%d %H:%M:%S}"'


def csv_str(s: str | None) -> str:
    if s is None:
        return "\\N"
    return '"' + s.replace('"', '""') + '"'


class GzOut:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._raw = open(path, "wb")  # noqa: SIM115 (closed in close())
        self._gz = gzip.GzipFile(filename="", mode="wb", fileobj=self._raw, mtime=0, compresslevel=6)
        self.buf: list[str] = []
        self.size = 0

    def write(self, line: str) -> None:
        self.buf.append(line)
        self.size += len(line)
        if self.size > 1 << 20:
            self.flush()

    def flush(self) -> None:
        if self.buf:
            self._gz.write("".join(self.buf).encode("utf-8"))
            self.buf, self.size = [], 0

    def close(self) -> None:
        self.flush()
        self._gz.close()
        self._raw.close()
