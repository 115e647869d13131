"""The attack suite's tally: each long security test adds (category, attempts, failures) to
the file named by ``SECURITY_REPORT`` (one JSON object a line), which ``scripts/security.py``
prints as its table. Without the variable nothing is written."""

import json
import os


def record(category: str, attempts: int, failures: int) -> None:
    path = os.environ.get("SECURITY_REPORT")
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps({"category": category, "attempts": attempts, "failures": failures}))
        out.write("\n")
