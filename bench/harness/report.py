"""Ratios, target checks and the markdown report of a benchmark run."""

from __future__ import annotations

from statistics import median

from .scaling import table_rows

TARGET_CONNECTIONS = 32
PASS, FAIL, NOT_CHECKED, NOT_RUN = "pass", "FAIL", "not checked", "not run"
# Issue 13: a tile from a mosaic costs at most this many times the same tile from one file.
MOSAIC_COST_LIMIT = 1.5
STAGES = ("read", "operators", "encode", "total")
# Issue 14: on RGB imagery the lossy formats are to be smaller than PNG.
LOSSY_FORMATS = ("webp", "jpg")
# Issue "speed on projected data": geotoolz's tiles/s over the peer's on the projected files.
PROJECTED_RATIO_TARGETS = (("cold-projected", 15), ("cold-projected-bilinear", 12),
                           ("cold-projected-expression", 10), ("cold-2x", 10))
# The scenarios whose geotoolz p99 must stay below this many milliseconds.
P99_LIMIT_MS = 50
P99_TARGETS = ("cold", "cold-expression", "cold-projected")


def find_runs(results: dict, scenario: str, server: str, connections: int = TARGET_CONNECTIONS) -> list[dict]:
    """Every run of scenario by server at connections, in the order they ran (one per repeat)."""
    return [run for run in results["runs"]
            if run["scenario"] == scenario and run["server"] == server and run["connections"] == connections]


def find_run(results: dict, scenario: str, server: str, connections: int = TARGET_CONNECTIONS) -> dict | None:
    runs = find_runs(results, scenario, server, connections)
    return runs[0] if runs else None


def repeat_of(run: dict) -> int:
    """Which repeat of its scenario a run is, from 1; runs of a harness without repeats are the first."""
    return run.get("repeat", 1)


def peer_run_for(results: dict, run: dict, peer: str) -> dict | None:
    """The peer's run of the same scenario, connections and repeat: the two ran one after the other."""
    return next((theirs for theirs in find_runs(results, run["scenario"], peer, run["connections"])
                 if repeat_of(theirs) == repeat_of(run)), None)


def _with_spread(text: str, values: list[str]) -> str:
    """A median's text, followed by every value it is the median of when there are several."""
    return text if len(values) < 2 else f"{text} (median of {len(values)}: {', '.join(values)})"


def ratios(results: dict, peer: str | None) -> list[dict]:
    """geotoolz / peer for tiles/s and p99, for every scenario and connection count both ran."""
    rows = []
    if not peer:
        return rows
    for run in results["runs"]:
        if run["server"] != "geotoolz":
            continue
        theirs = peer_run_for(results, run, peer)
        if theirs is None:
            continue
        ours_m, theirs_m = run["metrics"], theirs["metrics"]
        rows.append(
            {
                "scenario": run["scenario"],
                "connections": run["connections"],
                "repeat": repeat_of(run),
                "tiles_per_s_ratio": _ratio(ours_m["requests_per_s"], theirs_m["requests_per_s"]),
                "p99_ratio": _ratio(ours_m["latency_ms"]["p99"], theirs_m["latency_ms"]["p99"]),
                "peer_complete": theirs_m["complete"],
            }
        )
    return rows


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def stage_reports(output) -> list[dict]:
    """The per-layer reports of `bench-render --json`: an object holding them under "layers" and
    the load time, or (before it reported the load) the bare list."""
    return output["layers"] if isinstance(output, dict) else output


def stage_cost(figures: dict) -> float:
    """A stage's cost per tile: bench-render's mean, or its median from builds that print no mean.
    Over tiles of four zooms the median falls between the zooms' groups of times and jumps."""
    return figures.get("mean", figures["median"])


def stage_ratios(layers: list[dict], mosaic: str, single: str) -> dict:
    """Per-tile cost of each bench-render stage, mosaic layer / single-file layer."""
    by_name = {entry["layer"]: entry for entry in layers}
    ours, theirs = by_name.get(mosaic), by_name.get(single)
    if ours is None or theirs is None:
        return {}
    return {stage: _ratio(stage_cost(ours[stage]), stage_cost(theirs[stage])) for stage in STAGES}


def format_rows(layers: list[dict]) -> list[dict]:
    """bench-render --format rows with each format's total bytes and mean encode time over PNG's
    for the same layer (the same tiles: bench-render measures every format over one list)."""
    png = {entry["layer"]: entry for entry in layers if entry.get("format", "png") == "png"}
    rows = []
    for entry in layers:
        reference = png.get(entry["layer"])
        rows.append({
            "layer": entry["layer"], "format": entry.get("format", "png"), "tiles": entry["tiles"],
            "dropped_tiles": entry.get("droppedTiles") or 0, "samples": entry["samples"],
            "encode": entry["encode"], "total": entry["total"], "median_bytes": entry["medianBytes"],
            "total_bytes": entry["totalBytes"],
            "bytes_vs_png": _ratio(entry["totalBytes"], reference["totalBytes"]) if reference else None,
            "encode_vs_png": _ratio(stage_cost(entry["encode"]), stage_cost(reference["encode"])) if reference else None,
        })
    return rows


def mosaic_ratios(results: dict, mosaic: str, single: str) -> list[dict]:
    """cold-mosaic at each connection count: the mosaic layer's run / the single file's."""
    rows = []
    runs = [run for run in results["runs"] if run["scenario"] == "cold-mosaic"]
    singles = {run["connections"]: run for run in runs if run.get("layer") == single}
    for run in runs:
        single_run = singles.get(run["connections"])
        if run.get("layer") != mosaic or single_run is None:
            continue
        ours, theirs = run["metrics"], single_run["metrics"]
        rows.append({
            "connections": run["connections"],
            "tiles_per_s_ratio": _ratio(ours["requests_per_s"], theirs["requests_per_s"]),
            "p50_ratio": _ratio(ours["latency_ms"]["p50"], theirs["latency_ms"]["p50"]),
            "p99_ratio": _ratio(ours["latency_ms"]["p99"], theirs["latency_ms"]["p99"]),
        })
    return rows


def _check(name: str, value: str, passed: bool | None, status: str | None = None) -> dict:
    if status is None:
        status = PASS if passed else FAIL
    return {"target": name, "value": value, "status": status}


def target_checks(results: dict, peer: str | None) -> list[dict]:
    """Each target at 32 connections: pass, FAIL, not checked (needs a peer) or not run."""
    checks = []

    def geotoolz(scenario):
        return find_run(results, scenario, "geotoolz")

    # With repeats, a target is judged on the median over them: the ratio of each repeat's pair of
    # runs (made one after the other), and geotoolz's p99 of each repeat.
    def peer_ratio_check(scenario, minimum):
        label = f"{scenario}: tiles/s >= {minimum}x peer"
        ours = find_runs(results, scenario, "geotoolz")
        if not ours:
            return _check(label, "-", None, NOT_RUN)
        if not peer:
            rates = "/".join(f"{run['metrics']['requests_per_s']:.0f}" for run in ours)
            return _check(label, f"{rates} tiles/s, no peer", None, NOT_CHECKED)
        pairs = [(run, theirs) for run in ours if (theirs := peer_run_for(results, run, peer))]
        if not pairs:
            return _check(label, "-", None, NOT_RUN)
        ratios = []
        for run, theirs in pairs:
            ratio = _ratio(run["metrics"]["requests_per_s"], theirs["metrics"]["requests_per_s"])
            # A peer that answered nothing is beaten by any ratio.
            ratios.append(float("inf") if ratio is None else ratio)
        middle = median(ratios)
        text = "peer 0 tiles/s" if middle == float("inf") else f"{middle:.1f}x"
        return _check(label, _with_spread(text, [f"{r:.1f}x" for r in ratios]), middle >= minimum)

    def p99_check(scenario):
        label = f"{scenario}: p99 < {P99_LIMIT_MS} ms"
        runs = find_runs(results, scenario, "geotoolz")
        if not runs:
            return _check(label, "-", None, NOT_RUN)
        p99s = [run["metrics"]["latency_ms"]["p99"] for run in runs]
        middle = median(p99s)
        return _check(label, _with_spread(f"{middle:.1f} ms", [f"{p:.1f}" for p in p99s]), middle < P99_LIMIT_MS)

    checks.append(peer_ratio_check("cold", 10))
    checks.append(p99_check("cold"))
    checks.append(peer_ratio_check("cold-ndvi", 10))
    checks.append(peer_ratio_check("cold-expression", 10))
    checks.append(p99_check("cold-expression"))
    for scenario, minimum in PROJECTED_RATIO_TARGETS:
        checks.append(peer_ratio_check(scenario, minimum))
        if scenario in P99_TARGETS:
            checks.append(p99_check(scenario))
    hot = geotoolz("hot-memory")
    if hot:
        rate, p99 = hot["metrics"]["requests_per_s"], hot["metrics"]["latency_ms"]["p99"]
        checks.append(_check("hot-memory: >= 20,000 tiles/s", f"{rate:,.0f} tiles/s", rate >= 20000))
        checks.append(_check("hot-memory: p99 < 5 ms", f"{p99:.2f} ms", p99 < 5))
    else:
        checks.append(_check("hot-memory: >= 20,000 tiles/s", "-", None, NOT_RUN))
        checks.append(_check("hot-memory: p99 < 5 ms", "-", None, NOT_RUN))
    redis = geotoolz("hot-redis")
    checks.append(
        _check("hot-redis: >= 8,000 tiles/s", f"{redis['metrics']['requests_per_s']:,.0f} tiles/s", redis["metrics"]["requests_per_s"] >= 8000)
        if redis
        else _check("hot-redis: >= 8,000 tiles/s", "-", None, NOT_RUN)
    )
    rss = [run["peak_rss_mb"] for run in results["runs"] if run["server"] == "geotoolz" and run.get("peak_rss_mb")]
    checks.append(
        _check("peak RSS < 300 MB (every geotoolz run)", f"{max(rss):.0f} MB", max(rss) < 300)
        if rss
        else _check("peak RSS < 300 MB (every geotoolz run)", "-", None, NOT_RUN)
    )
    checks.append(_png_check(results, peer))
    checks.append(_read_floor_check(results))
    checks.append(_mosaic_cost_check(results))
    checks.append(_format_size_check(results))
    prewarm = results.get("prewarm")
    checks.append(
        _check("prewarm >= 1,000 tiles/s", f"{prewarm['tiles_per_s']:,.0f} tiles/s", prewarm["tiles_per_s"] >= 1000)
        if prewarm and prewarm.get("tiles_per_s") is not None
        else _check("prewarm >= 1,000 tiles/s", "-", None, NOT_RUN)
    )
    return checks


def paired_summary(samples: list[dict], mosaic: str, single: str) -> dict:
    """Mean latency per tile of each layer over pairs {"z": zoom, mosaic: ms, single: ms}, by
    zoom and over all, and mosaic / single."""
    def summary(pairs: list[dict]) -> dict:
        ours = sum(p[mosaic] for p in pairs) / len(pairs)
        theirs = sum(p[single] for p in pairs) / len(pairs)
        return {"tiles": len(pairs), "mosaic_ms": ours, "single_ms": theirs, "ratio": _ratio(ours, theirs)}

    zooms = sorted({p["z"] for p in samples})
    return {"by_zoom": {str(z): summary([p for p in samples if p["z"] == z]) for z in zooms},
            "all": summary(samples) if samples else None}


def _mosaic_cost_check(results: dict) -> dict:
    label = f"mosaic tile <= {MOSAIC_COST_LIMIT}x single file's (bench-render mean total per tile)"
    ratio = (results.get("mosaic_stages") or {}).get("ratios", {}).get("total")
    if ratio is None:
        return _check(label, "-", None, NOT_RUN)
    return _check(label, f"{ratio:.2f}x", ratio <= MOSAIC_COST_LIMIT)


def _read_floor_check(results: dict) -> dict:
    floor = results.get("read_floor")
    label = "projected nodata read <= 1.5x the C floor's (read-floor, mean per tile)"
    if not floor or floor.get("ratio") is None:
        return _check(label, "-", None, NOT_RUN)
    return _check(label, f"{floor['ratio']:.2f}x ({floor['geotoolz_read_ms']:.3f} / {floor['floor_read_ms']:.3f} ms)",
                  floor["within_limit"])


def _format_size_check(results: dict) -> dict:
    """Every lossy format's total bytes below PNG's on each RGB layer measured."""
    formats = results.get("tile_formats")
    label = "WebP and JPEG bytes < PNG's on the RGB Landsat layers (tile-formats, total over the tiles)"
    if not formats or not formats.get("rows"):
        return _check(label, "-", None, NOT_RUN)
    parts, passed = [], True
    for layer in formats["rgb_layers"]:
        for fmt in LOSSY_FORMATS:
            row = next((r for r in formats["rows"] if r["layer"] == layer and r["format"] == fmt), None)
            if row is None or row["bytes_vs_png"] is None:
                return _check(label, f"{layer} {fmt}: not measured", False)
            parts.append(f"{layer} {fmt} {row['bytes_vs_png']:.2f}x")
            passed = passed and row["bytes_vs_png"] < 1
    return _check(label, ", ".join(parts), passed)


def _png_check(results: dict, peer: str | None) -> dict:
    label = "PNG bytes <= peer's (mean per tile, each layer)"
    sizes = results.get("png_sizes")
    if not sizes:
        return _check(label, "-", None, NOT_RUN)
    if not peer:
        return _check(label, "no peer", None, NOT_CHECKED)
    parts, passed = [], True
    for layer, entry in sizes.items():
        ours, theirs = entry.get("geotoolz_mean_bytes"), entry.get(f"{peer}_mean_bytes")
        if ours is None or theirs is None:
            return _check(label, "-", None, NOT_RUN)
        parts.append(f"{layer} {ours / theirs:.2f}x")
        passed = passed and ours <= theirs
    return _check(label, ", ".join(parts), passed)


# Markdown -----------------------------------------------------------------------------------


def _fmt(value, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


SCENARIO_NOTES = {
    "cold": "every request a render: distinct elevation tiles, each once, fresh server",
    "cold-mosaic": "the cold tiles from elevation-mosaic (the same SRTM as 9 files in 3 CRSs) and from "
    "elevation (the single file), same pipeline, each layer on a fresh server",
    "cold-ndvi": "every request a render: distinct landsat-ndvi tiles, each once, fresh server",
    "cold-expression": "the cold-ndvi tiles with the NDVI, stretch and colormap given per request "
    "(?expression=(b4-b3)/(b4+b3)&rescale=-0.2,0.6&colormap_name=rdylgn&resampling=bilinear), fresh server",
    "cold-projected": "every request a render from a projected file: distinct elevation-utm tiles (SRTM in UTM 11N "
    "with a nodata collar, nearest, viridis) of z11-15, each once, fresh server",
    "cold-projected-bilinear": "the cold-projected tiles with ?resampling=bilinear per request, fresh server",
    "cold-projected-expression": "distinct landsat-utm tiles (Landsat in UTM 12N, nodata 0) with the NDVI, stretch "
    "and colormap given per request (cold-expression's query), fresh server",
    "cold-2x": "the cold-projected tiles as 512 px @2x tiles (the peer: tilesize=512), fresh server",
    "hot-memory": "100 elevation tiles already in the in-process cache, cycled for the duration",
    "hot-redis": "the same 100 tiles served from Redis (in-process cache off)",
    "map-view": "slippy-map pans: per-request latency and tiles/s over the whole pan sequence, fresh server",
}


def markdown(results: dict) -> str:
    """The whole report as markdown."""
    peer = results["options"].get("peer")
    lines = [f"# GeoToolz HTTP benchmark, {results['date']}", ""]
    if results.get("warnings"):
        lines += ["## WARNINGS", ""] + [f"- **{w}**" for w in results["warnings"]] + [""]
    machine, versions = results["machine"], results["versions"]
    lines += [
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory_gib']} GiB, "
        f"kernel {machine['kernel']} ({machine['os']}).",
        "",
        "Versions: " + "; ".join(f"{k} {v}" for k, v in versions.items() if v is not None),
        "",
        f"Options: {results['options']['summary']}",
        "",
        "## Runs",
        "",
    ]
    rows = []
    shared = _scenarios_over_several_layers(results["runs"])
    repeated = any(repeat_of(run) > 1 for run in results["runs"])
    for run in results["runs"]:
        m = run["metrics"]
        done = f"{m['requests']}/{m['listed']}" if run["mode"] == "list" else f"{m['requests']}"
        if run["mode"] == "list" and not m["complete"]:
            done += " (bound hit)"
        latency = m["latency_ms"]
        rows.append(
            [
                run["scenario"] + (f": {run['layer']}" if run["scenario"] in shared else "")
                + (f" #{repeat_of(run)}" if repeated else ""),
                str(run["connections"]), run["server"], done,
                _fmt(m["requests_per_s"], 0), _fmt(latency["p50"], 2), _fmt(latency["p90"], 2),
                _fmt(latency["p99"], 2), _fmt(latency["max"], 1), str(m["socket_errors_total"]),
                str(m["non_200"]), _fmt(m["bytes_per_request"], 0), _fmt(run.get("peak_rss_mb"), 0),
                _cache_summary(m.get("x_cache", {})),
            ]
        )
    lines += _table(
        ["scenario", "conns", "server", "requests", "tiles/s", "p50 ms", "p90 ms", "p99 ms", "max ms",
         "sock err", "non-200", "bytes/req", "peak RSS MB", "X-Cache"],
        rows,
    )
    lines += [
        "",
        *([f"#n: the nth repeat of its scenario, each on fresh servers, the peer's right after geotoolz's; "
           "targets are judged on the median over the repeats."] if repeated else []),
        "tiles/s = responses / active window (first request sent to last response, CLOCK_MONOTONIC in "
        "wrk's threads); latencies from wrk's histogram; bytes/req includes headers; peak RSS = VmHWM "
        "of the server process (summed over its worker processes for a multi-process peer).",
        "",
    ]
    lines += [f"- **{name}**: {text}" for name, text in SCENARIO_NOTES.items()]
    pans = [r for r in results["runs"] if r["scenario"] == "map-view" and r.get("pans_per_s")]
    if pans:
        lines += ["", "map-view whole pans answered per second: " + ", ".join(
            f"{r['server']} at {r['connections']} connections {r['pans_per_s']:.1f}" for r in pans) + "."]
    lists = results.get("tile_lists", {})
    if lists:
        lines += ["", "Tile lists:", ""] + [f"- {name}: {_describe(spec)}" for name, spec in lists.items()]
    if results.get("ratios"):
        lines += ["", f"## geotoolz / {peer}", ""]
        lines += _table(
            ["scenario", "conns", "tiles/s ratio", "p99 ratio (lower is better)", f"{peer} finished its list"],
            [
                [r["scenario"] + (f" #{repeat_of(r)}" if repeated else ""), str(r["connections"]),
                 _fmt(r["tiles_per_s_ratio"], 1), _fmt(r["p99_ratio"], 3),
                 "yes" if r["peer_complete"] else "no (partial within the bound)"]
                for r in results["ratios"]
            ],
        )
        if peer:
            lines += ["", f"{peer} has no tile cache: hot-memory and hot-redis are n/a for it."]
    lines += ["", f"## Targets (at {TARGET_CONNECTIONS} connections)", ""]
    lines += _table(["target", "value", "status"], [[c["target"], c["value"], c["status"]] for c in results["targets"]])
    lines += _png_section(results, peer) + _equivalence_section(results) + _prewarm_section(results)
    lines += _stages_section(results) + _read_floor_section(results) + _mosaic_section(results) + _formats_section(results)
    lines += _scaling_section(results)
    lines += ["", "## Commands", ""] + ["```"] + results["commands"] + ["```", ""]
    return "\n".join(lines)


def _scenarios_over_several_layers(runs: list[dict]) -> set[str]:
    """Scenarios whose runs drew more than one layer: their rows name the layer."""
    layers: dict[str, set] = {}
    for run in runs:
        layers.setdefault(run["scenario"], set()).add(run.get("layer"))
    return {scenario for scenario, names in layers.items() if len(names) > 1}


def _cache_summary(x_cache: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(x_cache.items()) if k != "none") or "-"


def _describe(spec: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in spec.items())


def _png_section(results: dict, peer: str | None) -> list[str]:
    sizes = results.get("png_sizes")
    if not sizes:
        return []
    lines = ["", "## PNG size (same tiles, fetched one by one)", ""]
    header = ["layer", "tiles", "geotoolz mean bytes"]
    if peer:
        header += [f"{peer} mean bytes", "geotoolz / peer", "tiles larger on geotoolz"]
    rows = []
    for layer, entry in sizes.items():
        row = [layer, str(entry["tiles"]), _fmt(entry["geotoolz_mean_bytes"], 0)]
        if peer:
            theirs = entry.get(f"{peer}_mean_bytes")
            row += [
                _fmt(theirs, 0),
                _fmt(entry["geotoolz_mean_bytes"] / theirs, 2) if theirs else "-",
                str(entry.get("larger_on_geotoolz", "-")),
            ]
        rows.append(row)
    return lines + _table(header, rows)


def _equivalence_section(results: dict) -> list[str]:
    equivalence = results.get("equivalence")
    if not equivalence:
        return []
    lines = ["", "## Equivalence with the peer (decoded RGBA, same tiles)", ""]
    rows = []
    for layer, entry in equivalence.items():
        if not isinstance(entry, dict) or "mean_abs_diff" not in entry:
            continue
        mean = entry["mean_abs_diff"]
        rows.append(
            [layer, str(entry["tiles"]), " / ".join(f"{mean[c]:.2f}" for c in "rgba"),
             f"{entry['within_tolerance'] * 100:.2f} %", f"{entry['alpha_disagrees'] * 100:.2f} %"]
        )
    lines += _table(["layer", "tiles", "mean abs diff R / G / B / A", "pixels within +-8", "transparency differs"], rows)
    if "decoder" in equivalence:
        lines += ["", f"Decoded with {equivalence['decoder']}."]
    return lines


def _prewarm_section(results: dict) -> list[str]:
    prewarm = results.get("prewarm")
    exports = results.get("export") or {}
    if not prewarm and not exports:
        return []
    lines = ["", "## Prewarm and export", "", "| into | tiles | seconds | tiles/s | size | exit |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    if prewarm:
        lines.append(f"| Redis (prewarm) | {prewarm.get('tiles')} | {_fmt(prewarm.get('seconds'), 1)} | "
                     f"{_fmt(prewarm.get('tiles_per_s'), 0)} | {prewarm.get('redis_keys')} keys | "
                     f"{prewarm.get('exit_status')} |")
    for kind, entry in exports.items():
        size = entry.get("bytes")
        lines.append(f"| {kind} (export) | {entry.get('tiles')} | {_fmt(entry.get('seconds'), 1)} | "
                     f"{_fmt(entry.get('tiles_per_s'), 0)} | "
                     f"{'-' if size is None else f'{size / 1e6:.1f} MB'} | {entry.get('exit_status')} |")
    lines += ["", "The same layer and zooms each time, rendered in-process with the server's render step; "
              "tiles/s as each command prints it."]
    return lines


def _read_floor_section(results: dict) -> list[str]:
    floor = results.get("read_floor")
    if not floor:
        return []
    lines = ["", "## Read floor (bench/floor/warp_floor.c beside geotoolz bench-render)", "",
             f"{floor['layer']} ({floor['source']}, nearest, z{floor['zooms']}): the same tiles read by plain C against "
             f"the same GDAL and by geotoolz in-process, one thread each, {floor['rounds']} timed rounds, in turn "
             f"{len(floor['passes'])} times; mean read per tile in ms.", ""]
    rows = [[str(i + 1), _fmt(p["geotoolz_read_ms"], 3), _fmt(p["floor_read_ms"], 3),
             _fmt(p["geotoolz_read_ms"] / p["floor_read_ms"], 2) if p["floor_read_ms"] else "-"]
            for i, p in enumerate(floor["passes"])]
    rows.append(["median", _fmt(floor["geotoolz_read_ms"], 3), _fmt(floor["floor_read_ms"], 3), _fmt(floor["ratio"], 2)])
    table = _table(["pass", "geotoolz read ms", "C floor read ms", "geotoolz / floor"], rows)
    return lines + table + ["", "The last row's ratio is the median of the passes' ratios."]


def _stages_section(results: dict) -> list[str]:
    stages = results.get("stages")
    if stages is None:
        return []
    if isinstance(stages, dict) and "skipped" in stages:
        return ["", "## Render stages", "", f"skipped: {stages['skipped']}"]
    lines = ["", "## Render stages (geotoolz bench-render --json, in-process, one thread)", ""]
    rows = []
    for entry in stages if isinstance(stages, list) else []:
        def median(stage):
            value = entry.get(stage)
            return _fmt(value.get("median"), 2) if isinstance(value, dict) else "-"

        rows.append(
            [str(entry.get("layer")), ",".join(str(z) for z in entry.get("zooms", [])), str(entry.get("samples")),
             median("read"), median("operators"), median("encode"), median("total"), _fmt(entry.get("medianBytes"))]
        )
    return lines + _table(["layer", "zooms", "samples", "read ms", "operators ms", "encode ms", "total ms", "median bytes"], rows)


def _mosaic_section(results: dict) -> list[str]:
    """cold-mosaic's ratios, the per-stage comparison and the 10,000-file load."""
    lines = []
    cold = results.get("mosaic_ratios")
    if cold:
        lines += ["", "## Mosaic / single file (cold-mosaic: same tiles, same pipeline)", ""]
        lines += _table(
            ["conns", "tiles/s ratio (higher is better)", "p50 ratio", "p99 ratio (lower is better)"],
            [[str(r["connections"]), _fmt(r["tiles_per_s_ratio"], 2), _fmt(r["p50_ratio"], 2), _fmt(r["p99_ratio"], 2)]
             for r in cold],
        )
    pairs = results.get("cold_mosaic_pairs")
    if pairs and pairs.get("all"):
        lines += ["", "## Mosaic / single file tile by tile (cold-mosaic pairs: one connection, fresh server)", ""]
        rows = [[f"z{z}", str(e["tiles"]), _fmt(e["mosaic_ms"], 2), _fmt(e["single_ms"], 2), _fmt(e["ratio"], 2)]
                for z, e in pairs["by_zoom"].items()]
        e = pairs["all"]
        rows.append(["all", str(e["tiles"]), _fmt(e["mosaic_ms"], 2), _fmt(e["single_ms"], 2), _fmt(e["ratio"], 2)])
        lines += _table(["zoom", "tiles", "mosaic mean ms", "single file mean ms", "mosaic / single"], rows)
        lines += ["", "Each tile of the start of the cold list requested from elevation-mosaic, then at once from "
                  "elevation; latency per request over loopback, render included."]
    stages = results.get("mosaic_stages")
    if stages:
        lines += ["", "## Mosaic / single file per stage (bench-render --tiles-of elevation, one thread)", ""]
        rows = []
        for entry in stages["layers"]:
            mosaic = entry.get("mosaic")
            rows.append(
                [str(entry["layer"]), str(entry["tiles"]), str(entry["samples"])]
                + [" / ".join(_fmt(entry[stage].get(k), 2) for k in ("mean", "median", "p99")) for stage in STAGES]
                + [f"{mosaic['fileReadsPerTile']:.2f} of {mosaic['files']}" if mosaic else "1"]
            )
        ratios = stages.get("ratios", {})
        rows.append(["mosaic / single (means)", "", ""] + [_fmt(ratios.get(stage), 2) for stage in STAGES] + [""])
        lines += _table(
            ["layer", "tiles", "samples", "read ms", "operators ms", "encode ms", "total ms", "files read per tile"],
            rows,
        )
        lines += ["", "Milliseconds per tile as mean / median / p99; files read per tile counts the warm-up round "
                  "too. Both layers render in turn each round, so load from elsewhere falls on both."]
    load = results.get("mosaic_load")
    if load:
        lines += ["", f"## Loading a mosaic of {load['files']:,} files ({load['file_pixels']} px GeoTIFFs)", ""]
        lines += _table(
            ["load", "layer load s", "process wall s", f"files read per z{load['zoom']} tile", "render median ms"],
            [[str(i + 1), _fmt(entry["load_s"], 2), _fmt(entry["process_wall_s"], 2),
              _fmt(entry["file_reads_per_tile"], 1), _fmt(entry["render_median_ms"], 2)]
             for i, entry in enumerate(load["loads"])],
        )
        lines += ["", f"Layer load = bench-render's catalog load (every file opened, described and indexed; the "
                  f"first zoom under max_files_per_tile found); process wall adds start-up and rendering "
                  f"{load['loads'][0]['tiles']} tile {load['renders']} times (the render median leaves out the "
                  f"first, which opens the files). Files written {load['written_s']} s before, so they "
                  f"are in the page cache."]
    return lines


def _formats_section(results: dict) -> list[str]:
    """tile-formats: bytes and encode times per layer and format, and the independent decode."""
    formats = results.get("tile_formats")
    if not formats:
        return []
    lines = ["", "## Tile formats (geotoolz bench-render --format all, in-process, one thread)", ""]
    rows = []
    for r in formats["rows"]:
        rows.append([
            r["layer"], r["format"], str(r["tiles"]),
            " / ".join(_fmt(r["encode"].get(k), 3) for k in ("median", "p99", "mean")),
            _fmt(r["encode_vs_png"], 2), _fmt(r["median_bytes"]), _fmt(r["total_bytes"]), _fmt(r["bytes_vs_png"], 3),
        ])
    lines += _table(["layer", "format", "tiles", "encode ms median / p99 / mean", "encode mean / png",
                     "median bytes", "total bytes", "bytes / png"], rows)
    dropped = [r for r in formats["rows"] if r["dropped_tiles"] and r["format"] == "png"]
    lines += ["", f"Zooms {formats['zooms']}, up to {formats['tiles_per_zoom']} tiles per zoom nearest each layer's "
              "centre, every tile in every format in turn each round; bytes / png is the total over the tiles."]
    lines += [f"{r['layer']}: {r['dropped_tiles']} tiles left out in every format (JPEG refuses their transparent "
              "pixels: the layer has no fill)." for r in dropped]
    lines += [f"{s['layer']}: {s['format']} skipped ({s['reason']})." for s in formats.get("skipped") or []]
    decode = formats.get("decode")
    if decode and "skipped" in decode:
        lines += ["", f"Independent decode: skipped ({decode['skipped']})."]
    elif decode:
        parts, good = [], True
        for layer, entry in decode["layers"].items():
            for fmt, f in entry["formats"].items():
                good = good and f["decoded"] == f["tiles"] and f["all_expected_size"]
                diff = f.get("mean_abs_diff_vs_png")
                parts.append(f"{layer} {fmt} {f['decoded']}/{f['tiles']}"
                             + (f" (mean |RGB - PNG| {diff:.2f})" if diff is not None else ""))
            good = good and entry["size_mismatches"] == 0
        verdict = (f"every tile decoded at {decode['expected_size']}, the same size in every format" if good
                   else "**some tiles did not decode, or not at the expected size**")
        lines += ["", f"Independent decode ({decode['decoder']}): {verdict}: " + "; ".join(parts) + "."]
    return lines


def _scaling_section(results: dict) -> list[str]:
    """The scaling step: one row per point, each server's tiles/s and p99, and the ratio."""
    scaling = results.get("scaling")
    if not scaling:
        return []
    others = [name for name in scaling["servers"] if name != "geotoolz"]
    lines = ["", "## Scaling (cold list runs, each point on fresh servers)", ""]
    header = ["sweep", "point", "zooms", "tiles", "conns"]
    for name in ["geotoolz"] + others:
        header += [f"{name} tiles/s", f"{name} p50 / p99 ms", f"{name} not 200 / socket errors"]
    header += [f"geotoolz / {name} tiles/s" for name in others]
    rows = []
    for row in table_rows(scaling):
        cells = [row["sweep"], row["label"], row["zooms"], str(row["tiles"]), str(row["connections"])]
        for name in ["geotoolz"] + others:
            f = row["servers"].get(name)
            if not f:
                cells += ["-", "-", "-"]
                continue
            done = "" if f["complete"] else f" ({f['requests']} answered)"
            refused = ", ".join(f"{k}: {v}" for k, v in sorted(f["statuses"].items()) if k != "200")
            errors = f"socket errors: {f['socket_errors']}" if f["socket_errors"] else ""
            cells += [_fmt(f["tiles_per_s"], 0) + done, f"{f['p50_ms']:.1f} / {f['p99_ms']:.1f}",
                      "; ".join(part for part in (refused, errors) if part) or "0"]
        cells += [_fmt(row["ratios"].get(name), 1) for name in others]
        rows.append(cells)
    lines += _table(header, rows)
    notes = [f"Every point a list of distinct tiles, each requested once (up to {scaling['tiles_per_point']} per "
             f"point; the connections sweep at least {scaling['tiles_per_connection']} per connection), bounded by "
             f"{scaling['list_bound_s']} s, at {scaling['connections']} connections except in the connections sweep.",
             "tiles/s counts the 200 answers per second of the active window; the latencies are of every answer, "
             "refusals (not 200) included."]
    notes += [f"{scaling[key]}" for key in ("zoom_note", "scale_note", "bands_note") if scaling.get(key)]
    notes += [f"{s['label']} skipped: {s['reason']}." for s in scaling.get("skipped", [])]
    if scaling.get("plot"):
        notes.append(f"Plot: `{scaling['plot']}` (harness/plot_scaling.py, drawn from this run's JSON).")
    return lines + [""] + [f"- {note}" for note in notes]
