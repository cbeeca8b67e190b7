#!/usr/bin/env python3
"""The viewer's pipeline editor in headless Chromium, against a running GeoToolz server.

    .test-venv/bin/python scripts/browser/pipeline_editor.py --base http://127.0.0.1:PORT

Opens the viewer on the elevation layer, opens the editor, changes the colormap (terrain -> gray)
by typing, waits for the server to call it valid, applies it and checks that the map now draws the
stored pipeline's tiles and that its pixels turned grey; types an operator that does not exist and
checks that the error names it, on its line, and that the line is highlighted; applies that and
checks nothing changed; checks markup in the server's messages is shown as text; reopens
#pipeline=<id> in a new tab and checks the same tiles (and document) come back; opens an unknown
pipeline and checks the error is shown and the map still draws.

With `--scenario refusals --token T`, against a server in token mode that takes one post a
minute: the editor asks for the token when the check is refused with 401, checks and applies once
it is typed, and shows a second post's 429 (with when to try again) while the map keeps the first.

Exits 0 when every check holds, 1 with the failed check otherwise. ViewerBrowserTests runs both
against servers of its own.
"""

import argparse
import json
import os
import re
import signal
import sys

try:
    from PIL import ImageChops
    import cdp
except ImportError as error:
    sys.exit(f"pipeline_editor: {error}: run with the test venv's python (.test-venv/bin/python, made by "
             "`make test` from scripts/browser/requirements.txt)")

MAP_PANE = "#map .leaflet-tile-pane img.leaflet-tile"
# The map beside the open editor (the panel is 480 px wide), clear of Leaflet's controls.
MAP_CLIP = (60, 90, 440, 560)
# The map's background (#dde3ea): pixels within this distance of it are not tiles.
BACKGROUND = (0xDD, 0xE3, 0xEA)


def tiles_loaded(prefix):
    """JS: the number of tiles drawn when every tile of the map comes from `prefix` and has
    finished loading and fading in (at least 4 of them), else 0."""
    return f"""(() => {{
      const tiles = [...document.querySelectorAll({json.dumps(MAP_PANE)})];
      if (document.querySelector('#map.leaflet-zoom-anim')) return 0;  // mid-zoom: tiles are moving
      if (!tiles.every((t) => new URL(t.src).pathname.startsWith({json.dumps(prefix)}))) return 0;
      if (!tiles.every((t) => t.complete)) return 0;
      const drawn = tiles.filter((t) => t.classList.contains('leaflet-tile-loaded'));
      if (!drawn.every((t) => getComputedStyle(t).opacity === '1')) return 0;
      return drawn.length >= 4 ? drawn.length : 0;
    }})()"""


def tile_sources(page):
    return page.evaluate(f"[...document.querySelectorAll({json.dumps(MAP_PANE)})].map((t) => t.src)")


def tile_paths(page):
    return page.evaluate(f"[...document.querySelectorAll({json.dumps(MAP_PANE)})].map((t) => new URL(t.src).pathname)")


def colours(image):
    """(share of tile pixels that are grey, share that are coloured, share of the clip that is tiles):
    grey when the channels differ by at most 3, coloured when by 24 or more; tile pixels are those
    that differ from the map's background."""
    spreads = [max(p) - min(p) for p in image.get_flattened_data()
               if max(abs(c - k) for c, k in zip(p, BACKGROUND)) > 6]
    if not spreads:
        return 0.0, 0.0, 0.0
    grey = sum(1 for s in spreads if s <= 3) / len(spreads)
    coloured = sum(1 for s in spreads if s >= 24) / len(spreads)
    return grey, coloured, len(spreads) / (image.width * image.height)


def check(condition, message):
    if not condition:
        raise cdp.Failure(message)


def step(message):
    print(f"ok: {message}", flush=True)


def select_text(page, needle):
    """Selects the first `needle` in the editor's text and focuses it; fails when it is absent."""
    found = page.evaluate(f"""(() => {{
      const text = document.getElementById('editor-text');
      const at = text.value.indexOf({json.dumps(needle)});
      if (at < 0) return false;
      text.focus();
      text.setSelectionRange(at, at + {len(needle)});
      return document.activeElement === text;
    }})()""")
    check(found, f"the editor's document has no {needle!r} to replace, or the editor cannot take focus: "
                 f"{page.evaluate('document.getElementById(`editor-text`).value')!r}")


def type_over(page, needle, replacement):
    """Replaces `needle` in the editor by typing `replacement` over it, as a person would."""
    select_text(page, needle)
    page.send("Input.insertText", {"text": replacement})


def note(page):
    return page.evaluate("(() => { const n = document.getElementById('editor-message');"
                         " return {state: n.dataset.state, text: n.textContent}; })()")


def wait_note(page, state, what, timeout=20):
    page.wait_for(f"document.getElementById('editor-message').dataset.state === {json.dumps(state)}",
                  what, timeout=timeout)
    return note(page)


PAGE_STATE = """(() => {
  const text = (id) => { const e = document.getElementById(id); return e ? e.textContent : null; };
  return {url: location.href, status: text('status'), editor: text('editor-message'), result: text('editor-result')};
})()"""


def run(scenario, base, chromium, screenshots, layer, token):
    with cdp.Chromium(chromium) as browser:
        try:
            if scenario == "refusals":
                refusals(browser, base, layer, token)
            else:
                editor(browser, base, screenshots, layer)
        except cdp.Failure as failure:
            # What each tab showed, for the failure's reader: the viewer writes server errors there.
            states = []
            for page in browser.pages:
                try:
                    states.append(page.evaluate(PAGE_STATE))
                except cdp.Failure as error:
                    states.append(str(error))
            raise cdp.Failure(f"{failure}\n  the tabs showed: {json.dumps(states, indent=2)}") from None


def open_editor(browser, base, layer):
    """A new tab on `layer`, its tiles drawn, its editor open."""
    page = browser.new_page(f"{base}/#{layer}")
    page.wait_for(f"document.getElementById('layer').value === {json.dumps(layer)}", f"the viewer to show {layer}")
    page.wait_for(tiles_loaded(f"/tiles/{layer}/"), f"the map to draw {layer}'s tiles")
    step(f"the viewer draws {layer}'s tiles")
    page.evaluate("document.getElementById('editor-toggle').click()")
    page.wait_for("!document.getElementById('editor').hidden && document.body.classList.contains('editing')",
                  "the editor to open")
    return page


def apply_and_wait(page):
    """Clicks Apply; the stored pipeline's id once the page's URL carries it and the map draws it."""
    page.evaluate("document.getElementById('editor-apply').click()")
    id_ = page.wait_for("(/^#pipeline=([0-9a-f]+)$/.exec(location.hash) || [])[1]",
                        "the page's URL to become #pipeline=<id>")
    drawn = page.wait_for(tiles_loaded(f"/pipelines/{id_}/tiles/"), f"the map to draw tiles from /pipelines/{id_}/tiles/")
    return id_, drawn


def refusals(browser, base, layer, token):
    """A server taking pipelines only with a token, one post a minute: the editor asks for the
    token on the 401, works once it is typed, and shows the 429 of a second post as text while
    the map keeps the first pipeline."""
    page = open_editor(browser, base, layer)
    shown = wait_note(page, "error", "the check to be refused without a token")
    check("401" in shown["text"], f"the refusal is not the server's 401: {shown['text']!r}")
    check(page.evaluate("!document.getElementById('editor-token-row').hidden"), "the editor does not ask for a token")
    step(f"without a token: {shown['text']!r}; the editor asks for one")

    page.evaluate("document.getElementById('editor-token').focus()")
    page.send("Input.insertText", {"text": token})
    shown = wait_note(page, "valid", "the check to pass with the token")
    id_, drawn = apply_and_wait(page)
    step(f"with the token: valid, applied as #pipeline={id_}, {drawn} tiles")

    type_over(page, "terrain", "gray")
    wait_note(page, "valid", "the gray document to be valid")
    page.evaluate("document.getElementById('editor-apply').click()")
    result = page.wait_for("document.getElementById('editor-result').dataset.state === 'error' &&"
                           " document.getElementById('editor-result').textContent", "the second post to be refused")
    check("429" in result and re.search(r"\b(retry|try again) in \d+ s", result), f"the refusal does not say 429 and when: {result!r}")
    check(page.evaluate("location.hash") == f"#pipeline={id_}", "a refused post changed the page's URL")
    check(all(p.startswith(f"/pipelines/{id_}/tiles/") for p in tile_paths(page)), "a refused post changed the map")
    check(not page.problems(), f"the page reported problems: {page.problems()}")
    step(f"a second post: {result!r}; the map keeps #pipeline={id_}")


def editor(browser, base, screenshots, layer):
    page = open_editor(browser, base, layer)
    layer_tiles = f"/tiles/{layer}/"
    document = page.wait_for("document.getElementById('editor-text').value", "the layer's document in the editor")
    check(re.search(rf"^layer:\s*{re.escape(layer)}\s*$", document, re.M) and "pipeline:" in document
          and "terrain" in document, f"the editor's document is not {layer}'s with its terrain colormap: {document!r}")
    lines = page.evaluate("document.querySelectorAll('#editor-gutter li').length")
    check(lines == document.count("\n") + 1, f"{lines} line numbers for {document.count(chr(10)) + 1} lines")
    shown = wait_note(page, "valid", "the server to call the layer's own document valid")
    check(shown["text"] == "valid", f"the editor's note: {shown}")
    step(f"the editor shows {layer}'s document, {lines} numbered lines, valid")

    page.wait_for(tiles_loaded(layer_tiles), "the narrowed map to draw its tiles again")
    before = page.screenshot(MAP_CLIP)
    grey, coloured, covered = colours(before)
    if screenshots:
        before.save(os.path.join(screenshots, "before.png"))
    check(covered > 0.3, f"the map is mostly background before the change ({covered:.0%} tiles)")
    check(coloured > 0.3, f"the terrain colormap is not coloured: {coloured:.0%} of its pixels are")
    step(f"before: {coloured:.0%} of the map's pixels coloured, {grey:.0%} grey")

    type_over(page, "terrain", "gray")
    check("gray" in page.evaluate("document.getElementById('editor-text').value"), "typing did not reach the editor")
    shown = wait_note(page, "valid", "the server to call the gray document valid")
    check(shown["text"] == "valid", f"the editor's note: {shown}")
    step("typed terrain -> gray: valid")

    id_, drawn = apply_and_wait(page)
    pipeline_tiles = f"/pipelines/{id_}/tiles/"
    after = page.screenshot(MAP_CLIP)
    if screenshots:
        after.save(os.path.join(screenshots, "after.png"))
    grey, coloured, covered = colours(after)
    check(covered > 0.3, f"the map is mostly background after applying ({covered:.0%} tiles)")
    check(grey > 0.95 and coloured < 0.01,
          f"the map is not grey after applying gray: {grey:.0%} grey, {coloured:.0%} coloured")
    check(ImageChops.difference(before, after).getbbox() is not None, "the map's pixels did not change")
    result = page.evaluate("document.getElementById('editor-result').textContent")
    check(id_ in result, f"the editor does not say what was applied: {result!r}")
    step(f"applied: #pipeline={id_}, {drawn} tiles from {pipeline_tiles}, {grey:.0%} of the map grey")

    type_over(page, "Colormap", "os.system")
    text = page.evaluate("document.getElementById('editor-text').value")
    line = next(n for n, content in enumerate(text.split("\n"), 1) if "os.system" in content)
    shown = wait_note(page, "invalid", "the server to refuse os.system")
    check("os.system" in shown["text"], f"the error does not name os.system: {shown['text']!r}")
    check(re.search(rf"\bline {line}\b", shown["text"]) and shown["text"].count("line ") == 1,
          f"the error does not say line {line}, once: {shown['text']!r}")
    marked = page.evaluate("""(() => {
      const items = [...document.querySelectorAll('#editor-gutter li.error')];
      const mark = document.getElementById('editor-mark');
      if (items.length !== 1 || mark.hidden) return {items: items.length, mark: !mark.hidden};
      const a = items[0].getBoundingClientRect(), b = mark.getBoundingClientRect();
      return {items: 1, line: items[0].textContent, mark: true, aligned: Math.abs(a.top - b.top) < 1.5,
              height: b.height, background: getComputedStyle(mark).backgroundColor};
    })()""")
    check(marked.get("items") == 1 and marked.get("line") == str(line) and marked.get("aligned")
          and marked.get("height", 0) > 0, f"line {line} is not the one highlighted: {marked}")
    if screenshots:
        page.screenshot().save(os.path.join(screenshots, "error.png"))
    step(f"typed os.system: {shown['text']!r}, line {line} highlighted")

    page.evaluate("document.getElementById('editor-apply').click()")
    page.wait_for("document.getElementById('editor-result').dataset.state === 'error'", "Apply to be refused")
    result = page.evaluate("document.getElementById('editor-result').textContent")
    check(page.evaluate("location.hash") == f"#pipeline={id_}", "a refused Apply changed the page's URL")
    check(all(p.startswith(pipeline_tiles) for p in tile_paths(page)), "a refused Apply changed the map's tiles")
    step(f"Apply of the bad document refused: {result!r}; the map keeps {pipeline_tiles}")

    hostile = "<img src=x onerror=\"document.title='pwned'\">"
    type_over(page, "os.system", json.dumps(hostile))
    shown = wait_note(page, "invalid", "the server to refuse a markup operator name")
    check(page.evaluate("document.title") == "GeoToolz", "the server's message ran as markup")
    check("<img src=x" in shown["text"], f"the server's message does not show the name as typed: {shown['text']!r}")
    check(page.evaluate("document.querySelector('#panel img:not(#legend img)')") is None,
          "the server's message became an element")
    step(f"markup in the server's message is shown as text: {shown['text'][:80]!r}")

    problems = page.problems()
    check(not problems, f"the page reported problems: {problems}")

    shared = browser.new_page(f"{base}/#pipeline={id_}")
    drawn = shared.wait_for(tiles_loaded(pipeline_tiles), f"the shared page to draw tiles from {pipeline_tiles}")
    sources = {"first": tile_sources(page), "shared": tile_sources(shared)}
    check(all(src.startswith(base + pipeline_tiles) for src in sources["first"] + sources["shared"])
          and sources["first"] and sources["shared"], f"the two tabs' tiles are not {base}{pipeline_tiles}…: {sources}")
    check(shared.evaluate("document.getElementById('layer').value") == layer, "the shared page shows another layer")
    document = shared.wait_for("document.getElementById('editor').hidden ? '' : "
                               "document.getElementById('editor-text').value", "the shared page's editor")
    check("gray" in document and "terrain" not in document, f"the shared page's document: {document!r}")
    wait_note(shared, "valid", "the shared document to be valid")
    grey, coloured, _ = colours(shared.screenshot(MAP_CLIP))
    check(grey > 0.95 and coloured < 0.01, f"the shared map is not grey: {grey:.0%} grey, {coloured:.0%} coloured")
    check(not shared.problems(), f"the shared page reported problems: {shared.problems()}")
    step(f"#pipeline={id_} in a new tab: {drawn} tiles from {pipeline_tiles}, the gray document, grey map")

    unknown = "0" * len(id_)
    missing = browser.new_page(f"{base}/#pipeline={unknown}")
    status = missing.wait_for("document.getElementById('status').textContent.includes('404') &&"
                              " document.getElementById('status').textContent", "the unknown pipeline's 404")
    check(unknown in status, f"the error does not name the pipeline: {status!r}")
    missing.wait_for(tiles_loaded("/tiles/"), "the map to keep drawing a layer")
    step(f"#pipeline={unknown}: {status!r}, and the map draws a layer")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", required=True, help="the server, e.g. http://127.0.0.1:8080")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--layer", default="elevation")
    parser.add_argument("--screenshots", help="a folder to keep the map's screenshots in")
    parser.add_argument("--scenario", choices=["editor", "refusals"], default="editor",
                        help="editor: edit, apply, share (default); refusals: a server in token mode "
                             "allowing one post a minute")
    parser.add_argument("--token", help="the server's pipeline token (refusals)")
    arguments = parser.parse_args()
    if arguments.scenario == "refusals" and not arguments.token:
        parser.error("--scenario refusals needs --token")
    # A TERM (from `timeout`, or a test being stopped) unwinds, so Chromium is killed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("pipeline_editor: stopped by SIGTERM"))
    try:
        run(arguments.scenario, arguments.base.rstrip("/"), arguments.chromium, arguments.screenshots,
            arguments.layer, arguments.token)
    except cdp.Failure as failure:
        print(f"FAIL: {failure}", flush=True)
        return 1
    print(f"pipeline editor ({arguments.scenario}): every check passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
