#!/usr/bin/env python3
"""The viewer's basemap and its MapLibre view in headless Chromium (software WebGL), against a
running GeoToolz server.

    .test-venv/bin/python scripts/browser/maplibre_view.py --base http://127.0.0.1:PORT --scenario basemap
    .test-venv/bin/python scripts/browser/maplibre_view.py --base http://127.0.0.1:PORT --scenario terrain

basemap (a server started with `--basemap .../tiles/hillshade/{z}/{x}/{y}.png`): Leaflet draws the
basemap's tiles in their own pane under the layer; at opacity 0 the map's pixels are the basemap's
grey relief, at 100 the layer's colours. Then the Map switch turns to MapLibre (kept in the URL),
which draws the same: grey at opacity 0, coloured at 100.

terrain (a server without a basemap): #elevation-dem&map=maplibre draws the Terrain-RGB layer as 3D
terrain with hillshading: MapLibre decodes a Sierra Nevada height at the view's centre, and the
map's pixels are shaded relief, light and dark; a click shows the values there; the switch back to
Leaflet draws the layer's tiles.

Both check that the page reported no script error, console error or warning. Exits 0 when every
check holds, 1 with the failed check otherwise. ViewerBrowserTests runs both against servers of
its own.
"""

import argparse
import json
import os
import signal
import statistics
import sys
import time

try:
    import cdp
    from pipeline_editor import BACKGROUND, PAGE_STATE, check, colours, step, tiles_loaded
except ImportError as error:
    sys.exit(f"maplibre_view: {error}: run with the test venv's python (.test-venv/bin/python, made by "
             "`make test` from scripts/browser/requirements.txt)")

# Chromium's software WebGL (SwiftShader), asked for by name: an automatic fall back to it is
# deprecated and warns on the console.
SOFTWARE_GL = ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"]
# The map (the panel takes the right 300 px), clear of either library's controls.
MAP_CLIP = (60, 90, 560, 520)
GL = "document.getElementById('map-gl')"


def basemap_tiles_loaded(prefix):
    """JS: the number of the basemap pane's tiles loaded from `prefix` (at least 4), else 0."""
    return f"""(() => {{
      const tiles = [...document.querySelectorAll('#map .leaflet-basemap-pane img.leaflet-tile')];
      if (!tiles.length || !tiles.every((t) => new URL(t.src).pathname.startsWith({json.dumps(prefix)}))) return 0;
      const drawn = tiles.filter((t) => t.classList.contains('leaflet-tile-loaded'));
      return drawn.length >= 4 ? drawn.length : 0;
    }})()"""


def gl_drawn(layer):
    """JS: whether MapLibre's map shows `layer` and has drawn everything asked of it."""
    return (f"(() => {{ const m = {GL}; return !m.hidden && m.dataset.layer === {json.dumps(layer)}"
            f" && m.dataset.idle === 'true' && !!m.querySelector('canvas.maplibregl-canvas'); }})()")


def set_opacity(page, percent):
    # MapLibre draws the change, then goes idle again: the wait that follows sees that idle.
    page.evaluate(f"""(() => {{ {GL}.dataset.idle = 'false';
      const o = document.getElementById('opacity'); o.value = '{percent}';
      o.dispatchEvent(new Event('input')); }})()""")


def no_problems(page):
    # The GL driver's performance notes are not the page's faults: MapLibre reads the terrain back
    # (readPixels) to find the point under the pointer, which software GL reports as a stall.
    problems = [p for p in page.problems() if "GL Driver Message (OpenGL, Performance" not in p]
    check(not problems, "the page reported problems:\n  " + "\n  ".join(problems))
    status = page.evaluate("document.getElementById('status').textContent")
    check(not status, f"the viewer's status line says {status!r}")


def save(image, screenshots, name):
    if screenshots:
        image.save(os.path.join(screenshots, name))


# How often, and how far apart in seconds, a map that has not painted its new opacity is looked at
# again: at most 5 s in all.
SETTLE_LOOKS, SETTLE_PAUSE = 25, 0.2


def painted(page, shows):
    """A screenshot of the map and its colours, taken again (a bounded number of times) until
    `shows(grey, coloured, covered)` holds: the style changes before the compositor paints it.
    The last look is returned either way, for the check to judge."""
    for _ in range(SETTLE_LOOKS):
        image = page.screenshot(MAP_CLIP)
        measured = colours(image)
        if shows(*measured):
            break
        time.sleep(SETTLE_PAUSE)
    return image, measured


def grey_then_coloured(page, screenshots, engine, settled):
    """At opacity 0 the map is the basemap's grey relief; at 100 the layer's colours."""
    set_opacity(page, 0)
    page.wait_for(settled(0), f"{engine}: the layer to fade out")
    image, (grey, coloured, covered) = painted(page, lambda grey, coloured, covered: covered > 0.5 and grey > 0.9)
    save(image, screenshots, f"{engine}-basemap.png")
    check(covered > 0.5 and grey > 0.9,
          f"{engine}: at opacity 0 the map should be the basemap's grey relief: {covered:.0%} of it drawn, "
          f"{grey:.0%} of that grey")
    step(f"{engine}, opacity 0: the basemap covers {covered:.0%} of the map, {grey:.0%} grey")
    set_opacity(page, 100)
    page.wait_for(settled(100), f"{engine}: the layer to show again")
    image, (grey, coloured, covered) = painted(page, lambda grey, coloured, covered: coloured > 0.3)
    save(image, screenshots, f"{engine}-layer.png")
    check(coloured > 0.3, f"{engine}: at opacity 100 the layer's colours should show: {coloured:.0%} coloured")
    step(f"{engine}, opacity 100: {coloured:.0%} of the map's pixels coloured")


def basemap(browser, base, screenshots):
    page = browser.new_page(f"{base}/#elevation")
    page.wait_for(basemap_tiles_loaded("/tiles/hillshade/"), "Leaflet to draw the basemap's tiles")
    page.wait_for(tiles_loaded("/tiles/elevation/"), "Leaflet to draw the layer's tiles over it")
    step("Leaflet draws the basemap's tiles in their own pane and the layer's over them")

    def leaflet_settled(percent):
        return (f"[...document.querySelectorAll('#map .leaflet-tile-pane .leaflet-layer')]"
                f".every((l) => getComputedStyle(l).opacity === '{percent / 100:g}')")
    grey_then_coloured(page, screenshots, "leaflet", leaflet_settled)

    page.evaluate("(() => { const e = document.getElementById('engine'); e.value = 'maplibre';"
                  " e.dispatchEvent(new Event('change')); })()")
    page.wait_for(gl_drawn("elevation"), "MapLibre to draw the layer", timeout=60)
    url = page.evaluate("location.hash")
    check(url == "#elevation&map=maplibre", f"the URL does not keep the choice of MapLibre: {url!r}")
    check(page.evaluate(f"{GL}.dataset.terrain") == "off", "a colour layer was drawn as terrain")
    step(f"the switch shows MapLibre, and the URL says so ({url})")
    grey_then_coloured(page, screenshots, "maplibre", lambda _: gl_drawn("elevation"))
    no_problems(page)
    step("no script errors, console errors or warnings")


def terrain(browser, base, screenshots):
    page = browser.new_page(f"{base}/#elevation-dem&map=maplibre")
    page.wait_for(gl_drawn("elevation-dem"), "MapLibre to draw the Terrain-RGB layer", timeout=90)
    state = page.evaluate(f"""(() => {{ const m = {GL}; return {{terrain: m.dataset.terrain,
      elevation: m.dataset.elevation, leafletHidden: document.getElementById('map').hidden,
      engine: document.getElementById('engine').value, switchShown: !document.getElementById('engine-row').hidden}}; }})()""")
    check(state["terrain"] == "on", f"the Terrain-RGB layer is not drawn as terrain: {state}")
    check(state["leafletHidden"] and state["engine"] == "maplibre" and state["switchShown"],
          f"the page does not show MapLibre as chosen: {state}")
    # The Sierra Nevada sample rises from about 1000 m to over 4000 m (times the exaggeration):
    # a height there means MapLibre decoded the tiles as Terrain-RGB heights.
    elevation = float(state["elevation"] or "nan")
    check(500 < elevation < 4500 * 1.5 + 1,
          f"MapLibre's terrain height at the view's centre is {state['elevation']!r} m, not a Sierra Nevada height")
    step(f"MapLibre draws the layer as terrain; the height at the view's centre is {elevation:.0f} m")

    image = page.screenshot(MAP_CLIP)
    save(image, screenshots, "terrain.png")
    pixels = [p for p in image.get_flattened_data() if max(abs(c - k) for c, k in zip(p, BACKGROUND)) > 6]
    covered = len(pixels) / (image.width * image.height)
    brightness = [sum(p) / 3 for p in pixels]
    spread = statistics.pstdev(brightness) if len(brightness) > 1 else 0
    check(covered > 0.3, f"the hillshading covers only {covered:.0%} of the map")
    check(spread > 8, f"the hillshading is flat: the brightness of its pixels varies by {spread:.1f} (std dev)")
    step(f"the hillshading covers {covered:.0%} of the map, brightness std dev {spread:.1f}")

    x, y, width, height = MAP_CLIP
    for kind in ("mousePressed", "mouseReleased"):
        page.send("Input.dispatchMouseEvent", {"type": kind, "x": x + width / 2, "y": y + height / 2,
                                               "button": "left", "clickCount": 1})
    done = page.wait_for("(() => { const p = document.querySelector('.maplibregl-popup .point');"
                         " return p && p.dataset.state !== 'pending' ? p.dataset.state : null; })()",
                         "the values under the click")
    check(done == "done", f"the click's values are {done!r}: "
                          f"{page.evaluate('document.querySelector(`.maplibregl-popup .point`).textContent')!r}")
    step("a click on MapLibre's map shows the values there")

    page.evaluate("(() => { const e = document.getElementById('engine'); e.value = 'leaflet';"
                  " e.dispatchEvent(new Event('change')); })()")
    page.wait_for(tiles_loaded("/tiles/elevation-dem/"), "Leaflet to draw the layer again")
    url = page.evaluate("location.hash")
    check(url == "#elevation-dem", f"back on Leaflet, the URL is {url!r}")
    step("the switch back shows Leaflet's map")
    no_problems(page)
    step("no script errors, console errors or warnings")


def run(scenario, base, chromium, screenshots):
    # A busy machine can take half a minute to start Chromium.
    with cdp.Chromium(chromium, start_seconds=90, extra_arguments=SOFTWARE_GL) as browser:
        try:
            (basemap if scenario == "basemap" else terrain)(browser, base, screenshots)
        except cdp.Failure as failure:
            states = []
            for page in browser.pages:
                try:
                    states.append(page.evaluate(PAGE_STATE))
                except cdp.Failure:
                    pass
            raise cdp.Failure(f"{failure}\n  pages: {states}") from None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--scenario", choices=["basemap", "terrain"], required=True)
    parser.add_argument("--screenshots", help="a folder to keep the map's screenshots in")
    arguments = parser.parse_args()
    # A TERM (from `timeout`, or a test being stopped) unwinds, so Chromium is killed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("maplibre_view: stopped by SIGTERM"))
    try:
        run(arguments.scenario, arguments.base.rstrip("/"), arguments.chromium, arguments.screenshots)
    except cdp.Failure as failure:
        print(f"FAIL: {failure}", flush=True)
        return 1
    print(f"maplibre view ({arguments.scenario}): every check passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
