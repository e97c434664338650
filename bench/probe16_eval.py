"""Evaluate a scan of the sixteenth held-out probe (``bench/probe16``: a provider's own request store as its security
team gets it: gzip'd ``pg_dump --data-only`` files of the API's PostgreSQL database and ``mongoexport`` files of the
consumer chat app's MongoDB; its README says the format).

The same scoring as the tenth probe's (``probe10_eval.py``): each labelled account takes the most severe verdict
the scan gives any of its identities (the organisation's uuid ``account_id``, its ``org_public_id``, and the
``project_ids``, ``api_key_ids`` and ``user_ids`` lists, which hold console user uuids and chat-app ObjectIds), then
the end users. No label column is shared between accounts::

    python bench/probe16_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from probe10_eval import main

if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
