"""Entry point: ``python -m bench.probe5.generate --out DIR --seed N``."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time

from . import campaigns, personas, personas_hard  # noqa: F401  (register actors)
from .actors import REGISTRY
from .corpus import Corpus
from .writer import write_all


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate probe-5 synthetic edge logs with labelled distillation campaigns.")
    ap.add_argument("--out", required=True, help="output directory (replaced if it exists)")
    ap.add_argument("--seed", type=int, required=True, help="random seed; the same seed gives byte-identical output")
    args = ap.parse_args(argv)
    t0 = time.time()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(args.out)
    corpus = Corpus().load()
    actors = [cls(seed=args.seed, corpus=corpus) for _, cls in sorted(REGISTRY.items(), key=lambda kv: (kv[1].kind, kv[0]))]
    m = write_all(args.out, args.seed, actors)
    tot = m["totals"]
    print(f"wrote {tot['files']} files, {tot['records']} records, {tot['llm_requests_with_identity']} LLM requests, "
          f"{tot['accounts']} accounts ({tot['campaign_accounts']} campaign), {tot['bytes'] / 1e6:.1f} MB "
          f"in {time.time() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
