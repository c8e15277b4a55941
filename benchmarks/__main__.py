"""Run every benchmark once, print one table, write benchmarks/results.json.

    python -m benchmarks [--iterations 2000] [--flips 30] [--skip-ha]

Figures are measured, never asserted: a missed target is reported, not a failure.
The exit status is 1 only when a benchmark could not run at all.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any, Final

from . import poll_cost

HERE: Final = Path(__file__).resolve().parent
RESULTS: Final = HERE / "results.json"
HA_BENCH: Final = "benchmarks/test_latency.py"
HA_SECTIONS: Final = ("coordinator_requests", "latency_polling", "latency_push")


@dataclass(frozen=True)
class Row:
    """One line of the printed table."""

    figure: str
    measured: str
    target: str = ""
    verdict: str = ""


def _verdict(ok: bool | None) -> str:
    if ok is None:
        return "n/a"
    return "met" if ok else "MISSED"


def _run_ha_benchmarks(flips: int, cycles: int) -> tuple[dict[str, Any], str | None]:
    """Run the pytest part in its own interpreter; its sections, and an error if it failed."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ha.json"
        env = {
            **os.environ,
            "IPCAM_BENCH_OUT": str(out),
            "IPCAM_BENCH_FLIPS": str(flips),
            "IPCAM_BENCH_CYCLES": str(cycles),
        }
        command = [sys.executable, "-m", "pytest", HA_BENCH, "-q", "-p", "no:cacheprovider"]
        completed = subprocess.run(
            command, cwd=HERE.parent, env=env, capture_output=True, text=True, check=False
        )
        sections: dict[str, Any] = json.loads(out.read_text()) if out.exists() else {}
    error = None
    if completed.returncode != 0:
        tail = "\n".join((completed.stdout + completed.stderr).splitlines()[-40:])
        error = f"pytest exited {completed.returncode}:\n{tail}"
    return sections, error


def _fmt(value: float | None, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}f}{unit}"


def _paths(paths: dict[str, int]) -> str:
    """`get_status.cgi` count, then everything else (the slow settings reads)."""
    status = paths.get(poll_cost.STATUS_PATH, 0)
    others = sum(count for path, count in paths.items() if path != poll_cost.STATUS_PATH)
    return f"status {status} + other {others}"


def _poll_cost_rows(cost: dict[str, Any]) -> list[Row]:
    rows = []
    for name, label in (
        ("client", "client.async_fast_status"),
        ("transport", "  transport.request only"),
        ("bare", "  bare aiohttp GET"),
    ):
        wall = cost[name]["wall_us"]
        cpu = cost[name]["cpu_us"]
        rows.append(
            Row(
                f"{label} (µs/call)",
                f"p50 {_fmt(wall['p50'])}  p90 {_fmt(wall['p90'])}  cpu p50 {_fmt(cpu['p50'])}",
            )
        )
    ratio = cost["ratio_p50"]
    rows.append(
        Row(
            "client / bare, wall",
            f"p50 {ratio:.3f}  p90 {cost['ratio_p90']:.3f}",
            f"<= {cost['target_ratio']}",
            _verdict(max(ratio, cost["ratio_p90"]) <= cost["target_ratio"]),
        )
    )
    rows.append(Row("client / bare, client CPU", f"p50 {cost['cpu_ratio_p50']:.3f}"))
    return rows


def _request_rows(results: dict[str, Any]) -> list[Row]:
    rows = []
    client = results.get("client_requests")
    if client:
        rows.append(
            Row(
                f"requests / fast status (client, {client['polls']} polls)",
                f"{client['requests_per_poll']:.2f}",
                "1",
                _verdict(client["requests_per_poll"] == 1),
            )
        )
        rows.append(
            Row(
                "new TCP connections / 100 polls (client)",
                f"{client['new_connections_per_100']:.0f}  (first poll opened "
                f"{client['first_poll_connections']})",
                "0",
                _verdict(client["new_connections"] == 0),
            )
        )
    coordinator = results.get("coordinator_requests")
    if coordinator:
        rows.append(
            Row(
                f"requests / coordinator cycle (HA, {coordinator['cycles']} cycles)",
                f"{coordinator['requests_per_cycle']:.2f}  ({_paths(coordinator['paths'])})",
                "1",
                _verdict(coordinator["requests_per_cycle"] == 1),
            )
        )
        rows.append(
            Row(
                "new TCP connections / 100 cycles (HA session)",
                f"{coordinator['new_connections_per_100']:.0f}  (setup opened "
                f"{coordinator['setup_connections']})",
                "0",
                _verdict(coordinator["new_connections"] == 0),
            )
        )
    live = (results.get("latency_polling") or {}).get("live")
    if live:
        rows.append(
            Row(
                f"live polling, {live['seconds']:.0f} s at 1 s: requests / interval",
                f"{live['requests_per_interval']:.2f}  ({_paths(live['paths'])}; "
                f"new conns {live['new_connections']})",
            )
        )
    return rows


def _latency_rows(results: dict[str, Any]) -> list[Row]:
    rows = []
    polling = results.get("latency_polling")
    if polling:
        ms = polling["latency_ms"]
        rows.append(
            Row(
                f"motion -> state, polling {polling['interval_s']} s ({polling['flips']} flips)",
                f"p50 {_fmt(ms['p50'], ' ms', 0)} ({polling['p50_over_interval']:.2f}x)  "
                f"p99 {_fmt(ms['p99'], ' ms', 0)} ({polling['p99_over_interval']:.2f}x)  "
                f"missed {polling['missed']}",
                "(expect ~0.5x, <1x)",
            )
        )
    push = results.get("latency_push")
    if push:
        ms = push["latency_ms"]
        p99 = ms["p99"]
        ok = None if p99 is None else p99 <= push["target_p99_ms"] and push["missed"] == 0
        rows.append(
            Row(
                f"motion -> state, push ({push['flips']} flips)",
                f"p50 {_fmt(ms['p50'], ' ms')}  p99 {_fmt(p99, ' ms')}  max "
                f"{_fmt(ms['maximum'], ' ms')}  via push {push['via_push']}/{push['flips']}  "
                f"missed {push['missed']}",
                f"p99 <= {push['target_p99_ms']:.0f} ms",
                _verdict(ok),
            )
        )
    return rows


def render_table(results: dict[str, Any]) -> str:
    """The human-readable summary of one run."""
    rows: list[Row] = []
    if "poll_cost" in results:
        rows += _poll_cost_rows(results["poll_cost"])
    rows += _request_rows(results)
    rows += _latency_rows(results)
    header = Row("figure", "measured", "target", "")
    widths = [
        max(len(getattr(row, field)) for row in [header, *rows])
        for field in ("figure", "measured", "target")
    ]
    lines = []
    for index, row in enumerate([header, *rows]):
        lines.append(
            f"{row.figure:<{widths[0]}}  {row.measured:<{widths[1]}}  "
            f"{row.target:<{widths[2]}}  {row.verdict}".rstrip()
        )
        if index == 0:
            lines.append("-" * len(lines[0]))
    return "\n".join(lines)


def _meta(started: float) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "homeassistant": metadata.version("homeassistant"),
        "aiohttp": metadata.version("aiohttp"),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "seconds": round(time.monotonic() - started, 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks; 0 unless one of them could not run."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--iterations", type=int, default=2000, help="timed calls per variant")
    parser.add_argument("--warmup", type=int, default=200, help="untimed calls per variant")
    parser.add_argument("--flips", type=int, default=30, help="motion flips per latency run")
    parser.add_argument("--cycles", type=int, default=100, help="coordinator cycles counted")
    parser.add_argument("--skip-ha", action="store_true", help="client benchmarks only")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write JSON")
    args = parser.parse_args(argv)

    started = time.monotonic()
    results: dict[str, Any] = {}
    errors: list[str] = []
    print(f"poll cost: {args.iterations} interleaved calls per variant ...", flush=True)
    try:
        results.update(poll_cost.run(args.iterations, args.warmup))
    except Exception as err:  # noqa: BLE001 - reported, the other benchmarks still run
        errors.append(f"poll cost: {type(err).__name__}: {err}")
    if not args.skip_ha:
        print(
            f"Home Assistant: {args.cycles} coordinator cycles, {args.flips} polling and "
            f"{args.flips} push flips in real time (about {args.flips * 3} s) ...",
            flush=True,
        )
        sections, error = _run_ha_benchmarks(args.flips, args.cycles)
        results.update(sections)
        if error is not None:
            errors.append(error)
        missing = [name for name in HA_SECTIONS if name not in sections]
        if missing and error is None:
            errors.append(f"Home Assistant benchmarks gave no {', '.join(missing)}")
    results["meta"] = _meta(started)
    results["errors"] = errors
    args.output.write_text(json.dumps(results, indent=2) + "\n")

    print()
    print(render_table(results))
    print()
    print(f"{results['meta']['seconds']} s; results in {args.output}")
    for error in errors:
        print(f"\nPROBLEM: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
