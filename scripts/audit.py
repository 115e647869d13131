"""`make audit`: known vulnerabilities in the installed (pinned) dependencies, and the
CKEditor build against the one reviewed.

pip-audit asks PyPI's vulnerability data about every package installed in .venv (the pins
of pyproject.toml and what they pull in). Where PyPI serves no per-release data (some
mirrors serve only a project's latest release), the project's own page is asked instead,
which is exact when the pin is the latest release. The outcome:

- a known vulnerability, or a CKEditor build other than the reviewed one: exit 1;
- PyPI cannot be reached at all: said so; exit 1 under CI=true, else 0;
- some packages could not be audited: listed; exit 1 with AUDIT_STRICT=true, else 0.
"""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newspaper.ckeditor_review import REVIEWED_VERSION, bundled_version  # noqa: E402

PYPI = "https://pypi.org/pypi/{name}/json"
OWN_PROJECT = "newspaper-cms"  # this project, installed editable; not on PyPI
TIMEOUT = 15


def flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def pypi_answers() -> bool:
    try:
        with urllib.request.urlopen(PYPI.format(name="pip"), timeout=TIMEOUT) as response:
            return response.status == 200
    except (urllib.error.URLError, TimeoutError, OSError):
        return False


def latest_release_vulnerabilities(name: str, version: str) -> list[dict] | None:
    """PyPI's known vulnerabilities of ``name`` when ``version`` is its latest release;
    None when that page cannot say (another release is the latest, or no answer)."""
    try:
        with urllib.request.urlopen(PYPI.format(name=name), timeout=TIMEOUT) as response:
            project = json.load(response)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        return None
    if project.get("info", {}).get("version") != version:
        return None
    return [v for v in project.get("vulnerabilities", []) if not v.get("withdrawn")]


def installed_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def main() -> int:
    failed = False
    bundled = bundled_version()
    if bundled == REVIEWED_VERSION:
        print(f"CKEditor {bundled}: the reviewed build (README, Security).")
    else:
        print(
            f"FAIL: django-ckeditor now bundles CKEditor {bundled}, not the reviewed "
            f"{REVIEWED_VERSION}: review its known issues, then update the README and "
            "newspaper/ckeditor_review.py."
        )
        failed = True

    if not pypi_answers():
        print("The vulnerability data (PyPI) cannot be reached: the dependencies were NOT audited.")
        if flag("CI"):
            print("CI requires the audit: failing.")
            return 1
        return 1 if failed else 0

    command = [
        sys.executable, "-m", "pip_audit", "--local", "--skip-editable",
        "--progress-spinner", "off", "--format", "json",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=600)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        print("pip-audit gave no report:", result.stderr.strip()[-2000:])
        if flag("CI"):
            return 1
        return 1 if failed else 0

    vulnerable, unaudited, audited = [], [], 0
    skipped = []
    for dependency in report["dependencies"]:
        if dependency["name"] == OWN_PROJECT:
            continue
        if "skip_reason" in dependency:
            skipped.append(dependency["name"])
            continue
        audited += 1
        for vuln in dependency.get("vulns", []):
            vulnerable.append((dependency["name"], dependency["version"], vuln["id"],
                               ", ".join(vuln.get("fix_versions", []))))  # fmt: skip

    versions = {name: installed_version(name) for name in skipped}
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = dict(
            zip(
                skipped,
                pool.map(lambda n: latest_release_vulnerabilities(n, versions[n]), skipped),
                strict=True,
            )
        )
    for name in skipped:
        vulns = answers[name]
        if vulns is None:
            unaudited.append(f"{name} {versions[name]}")
            continue
        audited += 1
        for vuln in vulns:
            fixed = ", ".join(vuln.get("fixed_in", []))
            vulnerable.append((name, versions[name], vuln["id"], fixed))

    for name, version, vuln_id, fixed in vulnerable:
        print(f"VULNERABLE: {name} {version}: {vuln_id} (fixed in: {fixed or 'no release yet'})")
    if unaudited:
        print(
            f"NOT AUDITED ({len(unaudited)}): PyPI gave no vulnerability data for these "
            "releases here (its per-release data is not served, and the pin is not the "
            "latest release): " + ", ".join(sorted(unaudited, key=str.lower))
        )
    print(f"audited: {audited}, vulnerable: {len(vulnerable)}, not audited: {len(unaudited)}")
    if vulnerable:
        failed = True
    if unaudited and flag("AUDIT_STRICT"):
        print("AUDIT_STRICT requires every package audited: failing.")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
