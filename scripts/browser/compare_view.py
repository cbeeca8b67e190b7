#!/usr/bin/env python3
"""The viewer's compare mode in headless Chromium, against a running GeoToolz server.

    .test-venv/bin/python scripts/browser/compare_view.py --base http://127.0.0.1:PORT

Opens #elevation&compare=hillshade: the elevation layer (coloured) left of the swipe line and
the hillshade (grey) right of it, the line where the swipe says; moving the swipe moves where the
grey starts. Then the difference overlay: its tiles come from /compare/elevation/hillshade/ and
are PNGs; the page's URL keeps &compare= and &diff=1. No script error, console error or warning.

Exits 0 when every check holds, 1 with the failed check otherwise. ViewerBrowserTests runs it
against a server of its own.
"""

import argparse
import json
import signal
import sys

try:
    import cdp
    from pipeline_editor import PAGE_STATE, check, colours, step, tiles_loaded
except ImportError as error:
    sys.exit(f"compare_view: {error}: run with the test venv's python (.test-venv/bin/python, made by "
             "`make test` from scripts/browser/requirements.txt)")

# Tiles of the compared layer and of the difference, in their own panes.
COMPARE_TILES = "#map .leaflet-compare-pane img.leaflet-tile"
DIFFERENCE_TILES = "#map .leaflet-difference-pane img.leaflet-tile"
# A band across the map's middle, clear of Leaflet's controls and attribution.
BAND_TOP, BAND_HEIGHT = 250, 120


def pane_loaded(selector, prefix):
    """JS: how many of the pane's tiles come from `prefix` and are drawn (at least 2), else 0."""
    return f"""(() => {{
      const tiles = [...document.querySelectorAll({json.dumps(selector)})];
      if (!tiles.length || !tiles.every((t) => new URL(t.src).pathname.startsWith({json.dumps(prefix)}))) return 0;
      const drawn = tiles.filter((t) => t.complete && t.naturalWidth === 256 && t.classList.contains('leaflet-tile-loaded'));
      if (!drawn.every((t) => getComputedStyle(t).opacity === '1')) return 0;
      return drawn.length >= 2 ? drawn.length : 0;
    }})()"""


def map_width(page):
    return page.evaluate("document.getElementById('map').getBoundingClientRect().width")


def band(page, left, right):
    """(grey, coloured, covered) shares of the map's pixels between x = left and right."""
    return colours(page.screenshot((left, BAND_TOP, right - left, BAND_HEIGHT)))


def set_swipe(page, percent):
    page.evaluate(f"""(() => {{ const s = document.getElementById('swipe'); s.value = {percent};
      s.dispatchEvent(new Event('input')); }})()""")


def run(base, chromium):
    with cdp.Chromium(chromium) as browser:
        try:
            compare(browser, base)
        except cdp.Failure as failure:
            states = [page.evaluate(PAGE_STATE) for page in browser.pages]
            raise cdp.Failure(f"{failure}\n  the tabs showed: {json.dumps(states, indent=2)}") from None


def compare(browser, base):
    page = browser.new_page(f"{base}/#elevation&compare=hillshade")
    page.wait_for("document.getElementById('layer').value === 'elevation' && "
                  "document.getElementById('compare').value === 'hillshade'", "the viewer to compare two layers")
    page.wait_for(tiles_loaded("/tiles/elevation/"), "the map to draw elevation's tiles")
    page.wait_for(pane_loaded(COMPARE_TILES, "/tiles/hillshade/"), "the compare pane to draw hillshade's tiles")
    check(not page.evaluate("document.getElementById('compare-controls').hidden"), "the swipe is hidden")
    width = map_width(page)
    line = page.evaluate("parseFloat(document.getElementById('swipe-line').style.left)")
    check(abs(line - width / 2) <= 1, f"the swipe line is at {line} px, not half of the map's {width} px")
    step(f"elevation left of the swipe line at {line:.0f} px, hillshade right of it")

    # Left of the line: elevation's colours; right of it: the hillshade's greys.
    grey, coloured, covered = band(page, 60, width / 2 - 20)
    check(covered > 0.9 and coloured > 0.5, f"left of the line is not elevation's colours: grey {grey:.2f}, "
                                            f"coloured {coloured:.2f}, covered {covered:.2f}")
    grey, coloured, covered = band(page, width / 2 + 20, width - 20)
    check(covered > 0.9 and grey > 0.9, f"right of the line is not the hillshade's greys: grey {grey:.2f}, "
                                        f"coloured {coloured:.2f}, covered {covered:.2f}")
    step("the map's pixels: coloured left of the line, grey right of it")

    set_swipe(page, 20)
    line = page.evaluate("parseFloat(document.getElementById('swipe-line').style.left)")
    check(abs(line - width * 0.2) <= 1, f"at 20 % the swipe line is at {line} px of {width}")
    grey, coloured, _ = band(page, width * 0.2 + 20, width / 2 - 20)
    check(grey > 0.9, f"after the swipe moved left, the band it uncovered is not grey: grey {grey:.2f}")
    step("moving the swipe to 20 % shows the hillshade from there")

    page.evaluate("document.getElementById('difference').click()")
    page.wait_for("location.hash.includes('&compare=hillshade') && location.hash.includes('&diff=1')",
                  "the page's URL to keep the comparison")
    page.wait_for(pane_loaded(DIFFERENCE_TILES, "/compare/elevation/hillshade/"),
                  "the difference pane to draw tiles from /compare/elevation/hillshade/")
    answer = page.evaluate("""(async () => {
      const tile = document.querySelector('#map .leaflet-difference-pane img.leaflet-tile');
      const response = await fetch(tile.src);
      return {status: response.status, type: response.headers.get('content-type')};
    })()""")
    check(answer == {"status": 200, "type": "image/png"}, f"a difference tile answered {answer}")
    step("the difference overlay draws /compare/elevation/hillshade/ tiles")

    problems = page.problems()
    check(not problems, f"the page reported problems: {problems}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    arguments = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("compare_view: stopped by SIGTERM"))
    try:
        run(arguments.base.rstrip("/"), arguments.chromium)
    except cdp.Failure as failure:
        print(f"FAIL: {failure}", flush=True)
        return 1
    print("compare view: every check passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
