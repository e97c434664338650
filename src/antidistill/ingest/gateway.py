"""The ``gateway`` format name, reserved for the gateway's durable event log.

The gateway writes its event log as JSON lines of Exchange rows (``source_format`` "gateway"), which is
exactly the canonical JSONL shape, so this reader is the canonical reader under the gateway's name: it
is chosen with ``--format gateway`` (never by ``auto``, which reads such files as ``canonical``).

How a different gateway log plugs in: if the event log grows fields of its own (policy decisions,
denial reasons), override :meth:`GatewayReader.convert` here, calling ``super().convert`` for the
Exchange fields and mapping the rest; or, if the log becomes Parquet segments, nothing changes (the
canonical reader reads Parquet too). Keep the class registered under ``name = "gateway"`` in this
module rather than registering a second reader under the same name, which the registry refuses.
"""

from __future__ import annotations

from antidistill.ingest.base import READERS
from antidistill.ingest.canonical import CanonicalReader


@READERS.register
class GatewayReader(CanonicalReader):
    """The gateway's event log: Exchange rows as JSON lines or Parquet, labelled ``gateway``."""

    name = "gateway"
    auto_detect = False
