"""Evaluate a scan of the eleventh held-out probe (``bench/probe11``, a Langfuse export; its README says the format).

The same scoring as the tenth probe's (``probe10_eval.py``): each labelled account takes the most severe verdict
the scan gives any of its identities (the account, its organisation, its keys' hashes and aliases), then the end
users. The label's ``team_id`` is the sign-up channel's team, shared by many accounts, so it is no identity::

    python bench/probe11_eval.py SCAN_OUT PROBE_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from probe10_eval import main

if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), shared=("team_id",))
