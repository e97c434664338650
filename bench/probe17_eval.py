"""Evaluate a scan of the seventeenth held-out probe (``bench/probe17``: a provider's ClickHouse request log as its
security team exports it with ``clickhouse-client``: gzip'd ``TSVWithNamesAndTypes`` files, one per server-local day,
plus ``CSVWithNames`` exports of the account directory; its README says the format).

The same scoring as the tenth probe's (``probe10_eval.py``): each labelled account takes the most severe verdict
the scan gives any of its identities (the organisation id ``account_id`` and the ``project_ids``, ``api_key_ids``
and ``key_hint_ids`` lists), then the end users (``labels_end_users.parquet``). No label column is shared between
accounts. With more than 3,000 benign accounts, the benign lines give false-positive rates to about 0.03%::

    python bench/probe17_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from probe10_eval import main

if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
