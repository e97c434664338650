"""Run the per-exchange signals once per distinct prompt text and store them in DuckDB.

Prompts repeat (CI suites, evaluation runners, templated harvesting), so the signals run on
distinct texts only: user prompts and system prompts, keyed by DuckDB's 64-bit ``hash`` of
the text. Results go to ``prompt_signals`` (one row per text, incremental across scans) and
the names of the signals computed to ``prompt_signals_meta``. The feature stage joins them
back to exchanges.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
from tqdm import tqdm

from antidistill.features.duckdb_engine import LAST_USER_SQL, SYSTEM_SQL, _has_table
from antidistill.signals.base import Signal, SignalBatch

#: The four inputs the features read, and the signal column each comes from.
FEATURE_INPUTS: dict[str, tuple[str, str]] = {
    "re_flag": ("reasoning_elicitation", "flagged"),
    "re_grading": ("reasoning_elicitation", "grading"),
    "re_score": ("reasoning_elicitation", "score"),
    "template_id": ("prompt_template", "template_id"),
    "template_text": ("prompt_template", "template_text"),
    "topic": ("topic", "label"),
    "language": ("language", "label"),
}

_TYPES: dict[str, pa.DataType] = {
    "re_flag": pa.bool_(), "re_grading": pa.bool_(), "re_score": pa.float32(), "template_id": pa.int64(),
    "template_text": pa.string(), "topic": pa.string(), "language": pa.string(),
}


@dataclass
class PromptSignalsReport:
    texts_scored: int = 0
    seconds: float = 0.0
    signals: list[str] = field(default_factory=list)
    seconds_per_signal: dict[str, float] = field(default_factory=dict)


def _column(batch: SignalBatch, col: str) -> np.ndarray:
    if col == "score":
        return batch.score
    if col == "flagged":
        return batch.flagged
    return batch.columns[col]


def compute_prompt_signals(con: duckdb.DuckDBPyConnection, *, table: str = "exchanges",
                           signals: Sequence[str] | None = None, batch_size: int = 20_000,
                           progress: bool = True, workers: int = 1) -> PromptSignalsReport:
    """Score every distinct prompt of ``table`` not yet in ``prompt_signals``.

    Prompts are keyed by DuckDB's ``hash`` of their text, as the feature engine joins them. That hash is not
    collision-free on near-identical texts: two grading prompts of the fourteenth probe that differ in two
    compensating places (``Step 1: ... 10*31`` and ``Step 2: ... 10*30``) hash alike, and the stage stopped on the
    table's primary key. Texts sharing a hash share one score now (the least text's); the prompts they stand for
    differ in a character or two.

    ``workers > 1`` scores batches in that many worker processes (the stage is CPU-bound Python).
    """
    from antidistill import signals as signal_pkg

    known = set(signal_pkg.available())
    if signals is None:
        # The signals the features read; any that is not registered is reported as unavailable.
        wanted = sorted({s for s, _ in FEATURE_INPUTS.values()} & known)
    else:
        wanted = sorted(set(signals))
        missing = [s for s in wanted if s not in known]
        if missing:
            raise KeyError(f"signals not registered: {', '.join(missing)}; known: {', '.join(sorted(known))}")
    report = PromptSignalsReport(signals=wanted, seconds_per_signal=dict.fromkeys(wanted, 0.0))
    start = time.perf_counter()
    version = signals_version()
    if _has_table(con, "prompt_signals_meta"):
        row = con.execute("SELECT * FROM prompt_signals_meta").fetchall()[0]
        stored = row[1] if row and len(row) > 1 else None
        if stored != version:  # the detectors changed since these prompts were scored: score them again
            con.execute("DROP TABLE IF EXISTS prompt_signals")
    if not _has_table(con, "prompt_signals"):
        cols = ", ".join(f"{k} {_duck_type(t)}" for k, t in _TYPES.items())
        con.execute(f"CREATE TABLE prompt_signals (prompt_hash UBIGINT PRIMARY KEY, {cols})")
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _todo AS
        WITH texts AS (
            SELECT {LAST_USER_SQL} AS txt FROM {table}
            UNION SELECT {SYSTEM_SQL} FROM {table}
        ),  -- '': no prompt logged. DuckDB's 64-bit hash can give two near-identical texts one value (see below)
        distinct_texts AS (SELECT hash(txt) AS h, min(txt) AS txt FROM texts WHERE txt <> '' GROUP BY h)
        SELECT row_number() OVER (ORDER BY h) AS rn, h, txt FROM distinct_texts d
        WHERE NOT EXISTS (SELECT 1 FROM prompt_signals s WHERE s.prompt_hash = d.h)
    """)
    row = con.execute("SELECT count(*) FROM _todo").fetchall()[0]
    total = int(row[0]) if row else 0
    def chunks() -> Iterator[tuple[list[int], list[str]]]:
        for lo in range(0, total, batch_size):
            # Columnar fetch (Arrow) instead of one Python tuple per row.
            chunk = con.sql("SELECT h, txt FROM _todo WHERE rn > $1 AND rn <= $2",
                            params=[lo, lo + batch_size]).to_arrow_table()
            yield chunk.column("h").to_pylist(), [clip_text(t) for t in chunk.column("txt").to_pylist()]

    if total <= batch_size:
        workers = 1  # one batch: starting worker processes would cost more than it saves
    with tqdm(total=total, desc="signals", unit="prompt", disable=not progress, leave=False) as bar:
        for hashes, (columns, seconds) in _map_scored(chunks(), wanted, workers):
            for name, sec in seconds.items():
                report.seconds_per_signal[name] += sec
            arrays = [pa.array(hashes, pa.uint64())]
            for key in FEATURE_INPUTS:
                arrays.append(pa.array(columns[key], _TYPES[key], from_pandas=True) if key in columns
                              else pa.nulls(len(hashes), _TYPES[key]))
            out = pa.Table.from_arrays(arrays, names=["prompt_hash", *FEATURE_INPUTS])
            con.register("_sig_batch", out)
            con.execute("INSERT INTO prompt_signals SELECT * FROM _sig_batch")
            con.unregister("_sig_batch")
            report.texts_scored += len(hashes)
            bar.update(len(hashes))
    con.execute("DROP TABLE IF EXISTS _todo")
    con.execute("CREATE OR REPLACE TABLE prompt_signals_meta AS SELECT ?::VARCHAR[] AS signals, ? AS version",
                [wanted, version])
    report.seconds = time.perf_counter() - start
    return report


#: Long prompts are scored on their opening and their end: instructions to reveal or rebuild reasoning sit
#: around the payload, and scanning a 50 kB pasted document in full would dominate the stage's time.
CLIP_HEAD = 3000
CLIP_TAIL = 1000


def clip_text(text: str) -> str:
    if len(text) <= CLIP_HEAD + CLIP_TAIL:
        return text
    return text[:CLIP_HEAD] + "\n...\n" + text[-CLIP_TAIL:]


_DETECTORS: dict[str, Signal] = {}  # per-process cache of loaded detectors (workers load once)
#: Parameters of the detectors this stage runs: it stores only FEATURE_INPUTS, so columns outside
#: them that cost real time are not computed (the template SimHash is over half of that signal).
STAGE_PARAMS: dict[str, dict[str, object]] = {"prompt_template": {"with_simhash": False}}


#: Texts per ``score_batch`` call. The stage fetches and ships 20,000 prompts at a time (few queries, few
#: messages to the workers), but the signals build arrays over every character n-gram of their batch, and past
#: a few thousand prompts those fall out of the CPU caches: on `default`'s prompts, reasoning elicitation,
#: language and template ran 2.2-2.7x slower per prompt in one call of 20,000 than in calls of 1,000. Every
#: signal scores each prompt on its own, so the stored values do not depend on the split.
SCORE_CHUNK = 1000


def _score_texts(names: list[str], texts: list[str], *, chunk: int = SCORE_CHUNK
                 ) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    """Run the named signals over ``texts`` (``chunk`` at a time); return the feature-input columns and seconds
    per signal."""
    from antidistill import signals as signal_pkg

    columns: dict[str, np.ndarray] = {}
    seconds: dict[str, float] = {}
    for name in names:
        det = _DETECTORS.get(name)
        if det is None:
            det = _DETECTORS[name] = signal_pkg.create(name, **STAGE_PARAMS.get(name, {}))
        t0 = time.perf_counter()
        parts = [det.score_batch(texts[lo:lo + chunk]) for lo in range(0, max(len(texts), 1), chunk)]
        seconds[name] = time.perf_counter() - t0
        for key, (sig, col) in FEATURE_INPUTS.items():
            if sig == name:
                columns[key] = np.concatenate([_column(b, col) for b in parts])
    return columns, seconds


def _map_scored(chunks: Iterator[tuple[list[int], list[str]]], names: list[str], workers: int
                ) -> Iterator[tuple[list[int], tuple[dict[str, np.ndarray], dict[str, float]]]]:
    """Score chunks in order, in this process or in a pool with a bounded number of chunks in flight."""
    if workers <= 1:
        for hashes, texts in chunks:
            yield hashes, _score_texts(names, texts)
        return
    ctx = multiprocessing.get_context("spawn")  # never fork a process holding DuckDB's threads
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        pending: deque[tuple[list[int], Future[tuple[dict[str, np.ndarray], dict[str, float]]]]] = deque()
        for hashes, texts in chunks:
            pending.append((hashes, pool.submit(_score_texts, names, texts)))
            if len(pending) >= 2 * workers:
                h, fut = pending.popleft()
                yield h, fut.result()
        while pending:
            h, fut = pending.popleft()
            yield h, fut.result()


def signals_version() -> str:
    """Fingerprint of the signal code and shipped models: cached prompt scores are reused only while it holds."""
    import antidistill.signals as pkg

    root = Path(pkg.__file__).parent
    h = hashlib.sha256(f"clip {CLIP_HEAD} {CLIP_TAIL}".encode())
    for f in sorted(root.rglob("*")):
        if f.suffix in (".py", ".npz", ".json") and f.is_file():
            h.update(f.relative_to(root).as_posix().encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _duck_type(t: pa.DataType) -> str:
    return {pa.bool_(): "BOOLEAN", pa.float32(): "FLOAT", pa.int64(): "BIGINT", pa.string(): "VARCHAR"}[t]
