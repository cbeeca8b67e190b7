#!/usr/bin/env python3
"""The viewer's values under a click, in headless Chromium, against a running GeoToolz server.

    .test-venv/bin/python scripts/browser/point_values.py --base http://127.0.0.1:PORT --data data

Opens the viewer on the elevation layer, clicks the map and checks that the popup shows the
source value `gdallocationinfo -wgs84 -valonly` reads from the layer's file at the clicked
longitude/latitude, and a pipeline value; then applies a changed pipeline in the editor, clicks
again and checks the popup now answers for the stored pipeline (its id), with the source value
gdallocationinfo reads there.

Exits 0 when every check holds, 1 with the failed check otherwise. ViewerBrowserTests runs it
against a server of its own.
"""

import argparse
import json
import os
import signal
import subprocess
import sys

try:
    import cdp
    from pipeline_editor import apply_and_wait, check, open_editor, step, tiles_loaded, type_over, wait_note
except ImportError as error:
    sys.exit(f"point_values: {error}: run with the test venv's python (.test-venv/bin/python, made by "
             "`make test` from scripts/browser/requirements.txt)")

POPUP = "document.querySelector('.leaflet-popup-content .point')"

# What the popup shows, once its answer has arrived: where, each source's file and values, and
# the pipeline's values (the numbers as sent, and as written on the page).
POPUP_STATE = f"""(() => {{
  const point = {POPUP};
  if (!point || point.dataset.state === 'pending') return null;
  const values = (line) => [...line.querySelectorAll('.value')].map((v) => ({{sent: v.dataset.value, shown: v.textContent}}));
  return {{
    state: point.dataset.state, text: point.textContent, lon: point.dataset.lon, lat: point.dataset.lat,
    where: (point.querySelector('.where') || {{}}).textContent,
    sources: [...point.querySelectorAll('.source')].map((line) => ({{file: line.dataset.file, values: values(line)}})),
    pipeline: [...point.querySelectorAll('.pipeline')].map(values)[0] || [],
  }};
}})()"""


def click(page, x, y):
    """A left click at (x, y) CSS pixels, as a mouse gives it."""
    page.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})
    for kind in ("mousePressed", "mouseReleased"):
        page.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})


def location_info(data, file, lon, lat):
    """What `gdallocationinfo -wgs84 -valonly` prints for band 1 of `file` at lon/lat, or None."""
    done = subprocess.run(["gdallocationinfo", "-wgs84", "-valonly", "-b", "1", os.path.join(data, file), lon, lat],
                          capture_output=True, text=True, timeout=60)
    check(done.returncode == 0, f"gdallocationinfo failed: {done.stderr}")
    text = done.stdout.strip()
    return float(text) if text else None


def click_and_read(page, x, y, what):
    """Clicks the map at (x, y) and waits for the popup to show the answer."""
    page.evaluate(f"(() => {{ const p = {POPUP}; if (p) p.dataset.state = 'pending'; }})()")
    click(page, x, y)
    shown = page.wait_for(POPUP_STATE, f"the popup to show the values under the click ({what})")
    check(shown["state"] == "done", f"the popup did not show values ({what}): {shown}")
    return shown


def check_source_value(shown, data, what):
    """The popup's source value is the one gdallocationinfo reads at the popup's lon/lat."""
    check(shown["sources"] and shown["sources"][0]["values"], f"no source value in the popup ({what}): {shown}")
    source = shown["sources"][0]
    expected = location_info(data, source["file"], shown["lon"], shown["lat"])
    value = source["values"][0]
    check(expected is not None and value["sent"] != "" and float(value["sent"]) == expected
          and float(value["shown"]) == expected,
          f"the popup shows {value} for {source['file']} at {shown['lon']},{shown['lat']}; "
          f"gdallocationinfo reads {expected} ({what})")
    check(shown["pipeline"] and shown["pipeline"][0]["sent"] != "", f"no pipeline value in the popup ({what}): {shown}")
    return expected


def run(base, chromium, data, layer):
    with cdp.Chromium(chromium) as browser:
        page = browser.new_page(f"{base}/#{layer}")
        page.wait_for(f"document.getElementById('layer').value === {json.dumps(layer)}", f"the viewer to show {layer}")
        page.wait_for(tiles_loaded(f"/tiles/{layer}/"), f"the map to draw {layer}'s tiles")
        # The map is the page but for the 300 px panel on the right: click in its middle.
        shown = click_and_read(page, 350, 350, layer)
        value = check_source_value(shown, data, layer)
        check("pipeline" not in shown["where"], f"a layer's popup names a pipeline: {shown['where']!r}")
        step(f"click at {shown['lon']},{shown['lat']}: {shown['sources'][0]['file']} = {value}, as gdallocationinfo "
             f"reads; pipeline value {shown['pipeline'][0]['shown']}")

        editor = open_editor(browser, base, layer)
        editor.wait_for("document.getElementById('editor-text').value", "the layer's document in the editor")
        wait_note(editor, "valid", "the layer's document to be valid")
        type_over(editor, "terrain", "gray")
        wait_note(editor, "valid", "the gray document to be valid")
        id_, _ = apply_and_wait(editor)
        # The open editor narrows the map to 520 px.
        shown = click_and_read(editor, 200, 300, f"pipeline {id_}")
        value = check_source_value(shown, data, f"pipeline {id_}")
        check(id_[:12] in shown["where"], f"the popup does not answer for the stored pipeline {id_}: {shown['where']!r}")
        step(f"pipeline {id_[:12]}: click at {shown['lon']},{shown['lat']}: {value}, as gdallocationinfo reads")

        for tab in (page, editor):
            problems = tab.problems()
            check(not problems, f"the page reported problems: {problems}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "data"),
                        help="the server's data directory, where gdallocationinfo reads the layer's file")
    parser.add_argument("--layer", default="elevation")
    arguments = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("point_values: stopped by SIGTERM"))
    try:
        run(arguments.base.rstrip("/"), arguments.chromium, arguments.data, arguments.layer)
    except cdp.Failure as failure:
        print(f"FAIL: {failure}", flush=True)
        return 1
    print("point values: every check passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
