"""Per-module coverage gate: fail when any module of the integration is under its minimum.

    .venv/bin/python -m coverage json -q -o - | .venv/bin/python scripts/coverage_gate.py -

pytest-cov's --cov-fail-under only checks the total, and rounds it; one well-tested module
can hide an untested one. This checks every module, unrounded (statements and branches,
as coverage.py counts them), and names each one that falls short.
"""

# ruff: noqa: INP001 - a standalone script, not a package module

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

DEFAULT_MINIMUM: Final = 95.0
# Modules held to a stricter minimum than DEFAULT_MINIMUM (path relative to the repo root).
STRICT_MODULES: Final = {"custom_components/ipcam_cgi/config_flow.py": 100.0}


def _ranges(lines: Iterable[int]) -> str:
    """Compress line numbers into "3-5, 9" form."""
    parts: list[str] = []
    run: list[int] = []
    for line in sorted(lines):
        if run and line == run[-1] + 1:
            run.append(line)
            continue
        if run:
            parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
        run = [line]
    if run:
        parts.append(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]))
    return ", ".join(parts)


def _missing(report: dict[str, Any]) -> str:
    """What is not covered in one file's report: lines and branches."""
    details: list[str] = []
    if lines := report.get("missing_lines"):
        details.append(f"lines {_ranges(lines)}")
    if branches := report.get("missing_branches"):
        arcs = ", ".join(f"{src}->{dst if dst > 0 else 'exit'}" for src, dst in branches)
        details.append(f"branches {arcs}")
    return "; ".join(details)


def failures(
    coverage: dict[str, Any], minimum: float, strict: dict[str, float]
) -> list[tuple[str, float, float, str]]:
    """The modules under their minimum: (path, percent, minimum, what is missing)."""
    failed: list[tuple[str, float, float, str]] = []
    for path, report in sorted(coverage["files"].items()):
        module = Path(path).as_posix()
        wanted = strict.get(module, minimum)
        percent = float(report["summary"]["percent_covered"])
        if percent < wanted:
            failed.append((module, percent, wanted, _missing(report)))
    return failed


def _load(source: str) -> dict[str, Any]:
    if source == "-":
        data: dict[str, Any] = json.load(sys.stdin)
    else:
        with Path(source).open(encoding="utf-8") as handle:
            data = json.load(handle)
    return data


def main(argv: Sequence[str] | None = None) -> int:
    """Check a coverage.py JSON report; 0 when every module meets its minimum, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "report", nargs="?", default="coverage.json", help="coverage JSON file, - for stdin"
    )
    parser.add_argument(
        "--minimum",
        type=float,
        default=DEFAULT_MINIMUM,
        help="minimum percent for every module (default: %(default)g)",
    )
    args = parser.parse_args(argv)
    coverage = _load(args.report)
    missing_strict = set(STRICT_MODULES) - set(coverage["files"])
    if missing_strict:
        sys.stderr.write(
            f"coverage gate: no coverage data for {', '.join(sorted(missing_strict))}\n"
        )
        return 1
    failed = failures(coverage, args.minimum, STRICT_MODULES)
    for module, percent, wanted, missing in failed:
        sys.stderr.write(
            # Rounded down: 94.999 must not read as the 95 it fails.
            f"coverage gate: {module} is at {math.floor(percent * 100) / 100:.2f} %, "
            f"needs {wanted:g} % ({missing})\n"
        )
    if failed:
        sys.stderr.write(f"coverage gate: FAILED ({len(failed)} module(s) under minimum)\n")
        return 1
    sys.stdout.write(
        f"coverage gate: all {len(coverage['files'])} modules >= {args.minimum:g} % "
        f"({', '.join(f'{path} {wanted:g} %' for path, wanted in STRICT_MODULES.items())})\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
