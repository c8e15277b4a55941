"""Run every benchmark once per vendor, print one table, write benchmarks/results.json.

    python -m benchmarks [--vendor foscam_mjpeg] [--vendor grandstream]
        [--iterations 2000] [--flips 30] [--skip-ha]

The table has one group of rows per vendor; results.json keeps each vendor's sections
under ``vendors.<vendor key>``. Figures are measured, never asserted: a missed target is
reported, not a failure. The exit status is 1 only when a benchmark could not run at all.
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
from .vendors import BY_KEY, VENDORS, BenchVendor

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


def _run_ha_benchmarks(
    vendors: list[BenchVendor], flips: int, cycles: int
) -> tuple[dict[str, Any], str | None]:
    """Run the pytest part in its own interpreter.

    Its sections keyed by vendor, and an error if it failed.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ha.json"
        env = {
            **os.environ,
            "IPCAM_BENCH_OUT": str(out),
            "IPCAM_BENCH_FLIPS": str(flips),
            "IPCAM_BENCH_CYCLES": str(cycles),
            "IPCAM_BENCH_VENDORS": ",".join(vendor.key for vendor in vendors),
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


def _split(section: dict[str, Any]) -> str:
    """The vendor's fast-status requests, then everything else (the slow settings reads)."""
    return f"status {section['status_requests']} + other {section['other_requests']}"


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


def _baseline_row(client: dict[str, Any]) -> Row:
    """Whether the simulator received the bare baseline exactly as the client's request."""
    same = client["bare_same_request"]
    measured = "yes" if same else "no: " + ", ".join(client["bare_differences"])
    return Row("  bare GET == client request (as received)", measured, "yes", _verdict(same))


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
                f"{coordinator['requests_per_cycle']:.2f}  ({_split(coordinator)})",
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
                f"{live['requests_per_interval']:.2f}  ({_split(live)}; "
                f"new conns {live['new_connections']})",
            )
        )
    return rows


def _skipped_row(figure: str, section: dict[str, Any]) -> Row:
    """A benchmark that could not apply to the vendor (e.g. no motion channel)."""
    return Row(figure, f"skipped: {section['skipped']}", "", "n/a")


def _latency_rows(results: dict[str, Any]) -> list[Row]:
    rows = []
    polling = results.get("latency_polling")
    if polling and "skipped" in polling:
        rows.append(_skipped_row("motion -> state, polling", polling))
    elif polling:
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
    if push and "skipped" in push:
        rows.append(_skipped_row("motion -> state, push", push))
    elif push:
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


def _vendor_rows(sections: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    if "poll_cost" in sections:
        rows += _poll_cost_rows(sections["poll_cost"])
    if "client_requests" in sections:
        rows.append(_baseline_row(sections["client_requests"]))
    rows += _request_rows(sections)
    rows += _latency_rows(sections)
    return rows


def render_table(results: dict[str, Any]) -> str:
    """The human-readable summary of one run: a group of rows per vendor."""
    rows: list[Row] = []
    for key, sections in results.get("vendors", {}).items():
        if rows:
            rows.append(Row("", ""))
        rows.append(Row(f"[{key}]", ""))
        rows += _vendor_rows(sections)
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
    parser.add_argument(
        "--vendor",
        action="append",
        choices=[vendor.key for vendor in VENDORS],
        help="measure this vendor (repeatable; default: every vendor)",
    )
    parser.add_argument("--skip-ha", action="store_true", help="client benchmarks only")
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write JSON")
    args = parser.parse_args(argv)

    started = time.monotonic()
    keys = list(dict.fromkeys(args.vendor or [vendor.key for vendor in VENDORS]))
    vendors = [BY_KEY[key] for key in keys]
    per_vendor: dict[str, dict[str, Any]] = {vendor.key: {} for vendor in vendors}
    results: dict[str, Any] = {"vendors": per_vendor}
    errors: list[str] = []
    for vendor in vendors:
        print(
            f"poll cost, {vendor.key}: {args.iterations} interleaved calls per variant ...",
            flush=True,
        )
        try:
            per_vendor[vendor.key].update(
                poll_cost.run_vendor(vendor, args.iterations, args.warmup)
            )
        except Exception as err:  # noqa: BLE001 - reported, the other benchmarks still run
            errors.append(f"poll cost, {vendor.key}: {type(err).__name__}: {err}")
    if not args.skip_ha:
        # Vendors without a motion channel get the coordinator cycles only.
        flipped = sum(vendor.has_motion for vendor in vendors)
        print(
            f"Home Assistant, {', '.join(keys)}: {args.cycles} coordinator cycles, "
            f"{args.flips} polling and {args.flips} push flips each for the {flipped} with a "
            f"motion channel, in real time (about {args.flips * 3 * flipped} s) ...",
            flush=True,
        )
        sections, error = _run_ha_benchmarks(vendors, args.flips, args.cycles)
        for key, vendor_sections in sections.items():
            per_vendor.setdefault(key, {}).update(vendor_sections)
        if error is not None:
            errors.append(error)
        for key in keys:
            missing = [name for name in HA_SECTIONS if name not in sections.get(key, {})]
            if missing and error is None:
                errors.append(f"Home Assistant benchmarks gave no {', '.join(missing)} for {key}")
    results["meta"] = {**_meta(started), "vendors": keys}
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
