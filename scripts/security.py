"""`make security`: the standing attack suite, with a table of attempts and failures.

One pytest run (markers ``security`` and the rest) over the attack modules, then Django's
own audit (`manage.py check --deploy` under the production settings). Each long test adds
its attempts to ``SECURITY_REPORT``; the others count one attempt per test case. Exits
non-zero on any failure. TEST_DATABASE_URL chooses the database (SQLite by default).
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Category: the test modules (or module::test selections) whose cases it counts.
CATEGORIES = {
    "fuzzer: public routes (≥10,000 requests)": ["tests/test_security_fuzz.py"],
    "XSS corpus: pages, feeds, admin (parser)": ["tests/test_xss.py"],
    "XSS corpus: Chromium and a feed reader": ["tests/test_xss_browser.py"],
    "roles × actions, crafted POSTs": [
        "tests/test_security_roles.py",
        "tests/test_roles_previews.py",
        "tests/test_workflow.py",
    ],
    "hostile uploads, PDFs and bundles": [
        "tests/test_bundle_hostile.py",
        "tests/test_upload_checks.py",
        "tests/test_bundle_staging.py",
        "tests/test_epaper_files.py",
    ],
    "bad rows, control characters, dates": ["tests/test_bad_rows.py", "tests/test_text_hygiene.py"],
    "faults and production settings": ["tests/test_faults.py", "tests/test_settings_security.py"],
}
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "newspaper.settings.prod",
    "SECRET_KEY": "security-suite-" + "Jq3Xv8Lm2Rt5Wz9N" * 4,
    "ALLOWED_HOSTS": "paper.example.com",
}


def run_pytest(report: Path, junit: Path) -> int:
    modules = [module for modules in CATEGORIES.values() for module in modules]
    env = {
        **os.environ,
        "SECURITY_REPORT": str(report),
        "TEST_DATABASE_URL": os.environ.get("TEST_DATABASE_URL", "sqlite:///var/test.sqlite3"),
    }
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-m",
        "security or not security",
        f"--junitxml={junit}",
        *modules,
    ]
    return subprocess.run(command, cwd=ROOT, env=env).returncode


def cases_by_module(junit: Path) -> dict[str, tuple[int, int]]:
    """{module path: (cases, failed or errored)} from pytest's JUnit XML."""
    counts: dict[str, list[int]] = {}
    if not junit.exists():
        return {}
    for case in ET.parse(junit).getroot().iter("testcase"):
        module = "tests/" + case.get("classname", "").split(".")[1] + ".py"
        bad = any(child.tag in {"failure", "error"} for child in case)
        skipped = any(child.tag == "skipped" for child in case)
        total = counts.setdefault(module, [0, 0])
        if not skipped:
            total[0] += 1
        # A skip is not a failure here: the tests that need a tool fail, not skip, under
        # CI (tests/helpers.unavailable); what still skips is another database's case.
        total[1] += int(bad)
    return {module: (total[0], total[1]) for module, total in counts.items()}


def check_deploy() -> tuple[int, int]:
    env = {**os.environ, **PRODUCTION_ENV}
    for name in ("BEHIND_PROXY", "HSTS_SECONDS", "SECURE_SSL_REDIRECT", "HSTS_PRELOAD"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        print(result.stdout, result.stderr, sep="\n")
    return 1, int(result.returncode != 0)


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch:
        report, junit = Path(scratch) / "report.jsonl", Path(scratch) / "junit.xml"
        pytest_status = run_pytest(report, junit)
        by_module = cases_by_module(junit)
        tallies = (
            [json.loads(line) for line in report.read_text().splitlines()]
            if report.exists()
            else []
        )
    rows = []
    for category, modules in CATEGORIES.items():
        cases = sum(by_module.get(m, (0, 0))[0] for m in modules)
        failed = sum(by_module.get(m, (0, 0))[1] for m in modules)
        rows.append((category, cases, cases, failed))
    for tally in tallies:  # the long tests' own attempts, beside their test cases
        rows.append((f"  {tally['category']}", 1, tally["attempts"], tally["failures"]))
    rows.append(("manage.py check --deploy (production)", 1, *check_deploy()))

    width = max(len(row[0]) for row in rows)
    print()
    print(f"{'category'.ljust(width)}  {'tests':>6}  {'attempts':>8}  {'failures':>8}")
    print(f"{'-' * width}  {'-' * 6}  {'-' * 8}  {'-' * 8}")
    for name, tests, attempts, failures in rows:
        print(f"{name.ljust(width)}  {tests:>6}  {attempts:>8}  {failures:>8}")
    failures = sum(row[3] for row in rows)
    ran = sum(row[1] for row in rows if not row[0].startswith("  "))
    print(f"{'-' * width}  {'-' * 6}  {'-' * 8}  {'-' * 8}")
    print(f"{'total'.ljust(width)}  {ran:>6}  {'':>8}  {failures:>8}")
    print(f"\n{time.monotonic() - started:.0f} s")
    if ran == 0:
        print("Nothing ran.", file=sys.stderr)
        return 1
    return 1 if failures or pytest_status not in (0,) else 0


if __name__ == "__main__":
    sys.exit(main())
