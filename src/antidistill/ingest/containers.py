"""Logs collected from containers: the envelopes a container runtime or a log shipper puts around each line, and the
long lines they cut into parts.

An API server running in Kubernetes or Docker writes one JSON record per line to standard output; what reaches the
log store is that line inside the runtime's format, and a line longer than the runtime's buffer (16 KiB for both
Docker and the CRI runtimes, containerd and CRI-O) arrives **cut into partial lines**. A chat request with a long
conversation, an agent's tool round with its file contents, is well over 16 KiB, so read part by part the records
that matter most for an agentic harvest were each quarantined as two or three lines of invalid JSON.

- **CRI** (``/var/log/pods/.../0.log``, ``/var/log/containers/*.log``, what ``kubectl logs`` reads): ``TIME STREAM
  TAG CONTENT``, where ``TAG`` is ``P`` for a partial line, ``F`` for the last (or only) part. :func:`cri_lines`
  joins the parts of each stream into the line the application wrote, under the first part's time and line number.
- **Docker's ``json-file`` driver** (``/var/lib/docker/containers/ID/ID-json.log``): ``{"log": "...", "stream":
  "stdout", "time": "..."}``; only a line's last part ends in a newline.
- **Log shippers** that keep the envelope: Fluent Bit and Fluentd (``log`` beside ``stream``, ``time``, a CRI
  parser's ``logtag``, the ``kubernetes`` filter's metadata; Docker's fluentd driver's ``partial_message``,
  ``partial_id`` and ``partial_last``), Vector (``message`` beside ``source_type: kubernetes_logs``).

:func:`envelope` says what such a record holds (the text, whether it is a part, which stream it continues, its
time); :func:`antidistill.ingest.jsonlines.container_records` joins the parts and reads the application's record
out of them, its time (the runtime's) as ``logged_at`` when it has none of its own. Parts whose last part never
came (the file ends, or was rotated, in between) are quarantined with the line of the first part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

#: A CRI log line: time, stream, tag (``P`` partial or ``F`` full, maybe followed by ``:``-separated tags), then one
#: space and the content.
_CRI = re.compile(rb"^(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2})) (stdout|stderr) ([PF])(?::[^ ]*)? ?")


@dataclass(slots=True)
class _Pending:
    line: int
    head: bytes  # ``TIME STREAM F `` of the first part: the joined line reads as one full CRI line
    parts: list[bytes]


def cri_lines(lines: Iterable[tuple[int, bytes]]) -> Iterator[tuple[int, bytes, int, str | None]]:
    """``(line number, bytes)`` of a file -> ``(line number, bytes, input lines, error)``, with the partial lines
    of a CRI log joined: each stream's ``P`` parts and the ``F`` part after them become one line, numbered by its
    first part. Any other line passes unchanged. Parts left without their last part at the end are one error line.
    """
    pending: dict[bytes, _Pending] = {}
    for lineno, raw in lines:
        m = _CRI.match(raw) if raw[:1].isdigit() else None
        if m is None:
            yield lineno, raw, 1, None
            continue
        stream, content = m.group(2), raw[m.end():]
        if m.group(3) == b"P":
            content = content.removesuffix(b"\n").removesuffix(b"\r")  # the runtime's separator, not the text's
            p = pending.get(stream)
            if p is None:
                pending[stream] = _Pending(lineno, m.group(1) + b" " + stream + b" F ", [content])
            else:
                p.parts.append(content)
            continue
        p = pending.pop(stream, None)
        if p is None:
            yield lineno, raw, 1, None
        else:
            yield p.line, p.head + b"".join(p.parts) + content, len(p.parts) + 1, None
    for p in sorted(pending.values(), key=lambda q: q.line):
        yield (p.line, p.head + b"".join(p.parts), len(p.parts),
               f"a container's log line cut by the runtime into parts: {len(p.parts)} partial lines (CRI tag P) read, "
               "the last (F) never came")


def cri_stream(raw: bytes) -> str | None:
    """The stream (``stdout``, ``stderr``) of a CRI log line, or None for a line in no runtime's format."""
    m = _CRI.match(raw) if raw[:1].isdigit() else None
    return None if m is None else m.group(2).decode()


#: Keys a container log envelope holds beside the line (lower case): Docker's ``json-file`` driver, Fluent Bit's and
#: Fluentd's docker and CRI parsers and Kubernetes filter, Docker's fluentd driver, Vector's Kubernetes and Docker
#: sources. A record with any other key is the application's own.
ENVELOPE_KEYS = frozenset({
    "log", "stream", "time", "attrs", "logtag", "_p", "kubernetes", "docker", "container_id", "container_name",
    "source", "partial_message", "partial_id", "partial_ordinal", "partial_last", "date", "@timestamp", "timestamp",
    "tag", "host", "hostname", "file", "source_type", "message", "container_image", "pod_name", "namespace_name",
    "label", "labels", "offset",
})
#: Vector's sources whose ``message`` is a container's line.
_VECTOR_SOURCES = frozenset({"kubernetes_logs", "docker_logs"})


@dataclass(frozen=True, slots=True)
class Envelope:
    text: str  # the line's text (a part of it when ``partial``)
    partial: bool  # more of the same line follows
    key: tuple[str, ...]  # the stream a part continues: the container's and the stream's names
    time: str | None  # when the runtime read the line


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def envelope(obj: Mapping[str, Any]) -> Envelope | None:
    """What a container log envelope holds, or None when ``obj`` is none (a key no envelope has, or no line)."""
    if not any(k in obj for k in ("stream", "logtag", "partial_message", "kubernetes", "source_type", "container_id")):
        return None
    if any(str(k).lower() not in ENVELOPE_KEYS for k in obj):
        return None
    if isinstance(obj.get("log"), str):
        text = obj["log"]
    elif isinstance(obj.get("message"), str) and obj.get("source_type") in _VECTOR_SOURCES:
        text = obj["message"]
    else:
        return None
    if isinstance(obj.get("logtag"), str):  # a CRI parser's tag
        partial = obj["logtag"].startswith("P")
    elif isinstance(obj.get("_p"), str):  # Fluent Bit's CRI parser, older spelling
        partial = obj["_p"].startswith("P")
    elif "partial_message" in obj:  # Docker's fluentd driver
        partial = _is_true(obj["partial_message"]) and not _is_true(obj.get("partial_last"))
    elif "source_type" in obj:  # Vector joins parts itself
        partial = False
    else:  # Docker's json-file driver: only a line's last part ends in a newline
        partial = not text.endswith("\n")
    k8s: Mapping[str, Any] = obj["kubernetes"] if isinstance(obj.get("kubernetes"), Mapping) else {}
    container = next((str(v) for v in (obj.get("partial_id"), obj.get("container_id"), k8s.get("docker_id"),
                                       k8s.get("container_id")) if v), "")
    if not container and k8s:
        container = "/".join(str(k8s.get(k, "")) for k in ("namespace_name", "pod_name", "container_name"))
    when = next((v for v in (obj.get("time"), obj.get("@timestamp"), obj.get("timestamp"), obj.get("date"))
                 if isinstance(v, str) and v), None)
    return Envelope(text, partial, (container, str(obj.get("stream", ""))), when)
