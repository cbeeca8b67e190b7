// The GeoToolz viewer: every layer the server lists, one at a time, with opacity and a legend, and
// a pipeline editor: a layer's document as YAML, checked by the server as it is typed, applied as a
// stored pipeline whose tiles the map then shows and whose id the page's URL carries
// (#pipeline=<id>) so that the view can be shared. A click on the map shows the values there: the
// sources' pixels and the pipeline's value before its colormap (/point). The map is Leaflet's, or
// MapLibre's when chosen (#…&map=maplibre), which draws a height layer (`encoding` in /layers) as
// 3D terrain with hillshading; either draws the server's basemap, if it has one, under the layers.
// Compare mode (#…&compare=<layer>) draws a second layer right of a swipe line, and optionally the
// difference of the two (/compare/{a}/{b}/{z}/{x}/{y}.png) over both.
(function () {
  "use strict";
  const map = L.map("map", { worldCopyJump: true, zoomControl: true }).setView([0, 0], 2);
  // The basemap's own pane, under the layers' tile pane (z-index 200).
  map.createPane("basemap").style.zIndex = 150;
  const select = document.getElementById("layer");
  const opacity = document.getElementById("opacity");
  const opacityValue = document.getElementById("opacity-value");
  const legend = document.getElementById("legend");
  const details = document.getElementById("details");
  const status = document.getElementById("status");
  let current = null;
  let layers = [];
  // /viewer/config.json: the basemap's URL template (or null) and whether MapLibre is served.
  let settings = { basemap: null, maplibre: false };
  // "leaflet" or "maplibre"; `gl` is MapLibre's map once made, `shown` what either map draws.
  let engine = "leaflet";
  let gl = null;
  let glScript = null;
  let glStyleReady = false;
  let shown = null;
  // The page's URL without the map's choice: a layer's name, or pipeline=<id>.
  let hashTarget = "";
  // What the map shows: a layer's own tiles, or a stored pipeline's (then `pipeline` is its id).
  let view = { layer: null, pipeline: null };

  // A failed tile clears itself once the layer loads in full; other messages stay until replaced.
  function setStatus(text, kind) {
    status.textContent = text || "";
    status.dataset.kind = kind || "";
  }

  // Leaflet writes a layer's attribution as HTML; the server's strings are text, so escape them.
  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, (c) => "&#" + c.charCodeAt(0) + ";");
  }

  // A config colour ("#rrggbb", "#rrggbbaa", [r, g, b] or [r, g, b, a], 0–255) as CSS; anything
  // else is not a colour the server renders, so it draws no swatch rather than arbitrary CSS.
  function cssColour(colour) {
    if (typeof colour === "string" && /^#([0-9a-f]{6}|[0-9a-f]{8})$/i.test(colour)) return colour;
    if (Array.isArray(colour) && (colour.length === 3 || colour.length === 4) &&
        colour.every((c) => Number.isFinite(c))) {
      const [r, g, b, a = 255] = colour;
      return "rgba(" + [r, g, b].join(",") + "," + a / 255 + ")";
    }
    return "";
  }

  // The first Colormap operator anywhere in a layer's pipeline config.
  function findColormap(config) {
    if (Array.isArray(config)) {
      for (const item of config) { const found = findColormap(item); if (found) return found; }
    } else if (config && typeof config === "object") {
      if (config._target_ === "Colormap") return config;
      for (const key of Object.keys(config)) { const found = findColormap(config[key]); if (found) return found; }
    }
    return null;
  }

  function showLegend(colormap) {
    legend.replaceChildren();
    if (!colormap) return;
    if (colormap.name) {
      const img = document.createElement("img");
      img.src = "/colormaps/" + encodeURIComponent(colormap.name) + ".png";
      img.alt = colormap.name + " colormap";
      const ticks = document.createElement("div");
      ticks.className = "ticks";
      for (const value of [colormap.vmin, (colormap.vmin + colormap.vmax) / 2, colormap.vmax]) {
        const span = document.createElement("span");
        span.textContent = Number.isFinite(value) ? +value.toPrecision(4) : "";
        ticks.appendChild(span);
      }
      legend.append(img, ticks);
    }
    // Classes and gradient stops are [value, colour] pairs: one swatch and its value per row.
    const pairs = colormap.classes || colormap.stops;
    for (const pair of Array.isArray(pairs) ? pairs : []) {
      if (!Array.isArray(pair)) continue;
      const [value, colour] = pair;
      const row = document.createElement("div");
      row.className = "class";
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.backgroundColor = cssColour(colour);
      const label = document.createElement("span");
      label.className = "value";
      label.textContent = String(value);
      row.append(swatch, label);
      legend.appendChild(row);
    }
  }

  function showDetails(layer, pipeline) {
    details.replaceChildren();
    const rows = [["Title", layer.title], ["Zooms", layer.minzoom + "–" + layer.maxzoom],
                  ["Config hash", layer.configHash], ["Attribution", layer.attribution || "—"]];
    if (pipeline) rows.splice(2, 1, ["Pipeline", pipeline]);
    for (const [name, value] of rows) {
      const dt = document.createElement("dt"); dt.textContent = name;
      const dd = document.createElement("dd"); dd.textContent = value;
      details.append(dt, dd);
    }
  }

  // Shows `template`'s tiles within `layer`'s bounds and zooms; fits the map to them when asked.
  function showTiles(layer, template, fit) {
    if (current) map.removeLayer(current);
    setStatus("");
    const [w, s, e, n] = layer.bounds;
    current = L.tileLayer(template, {
      minZoom: 0, maxZoom: 22, minNativeZoom: layer.minzoom, maxNativeZoom: layer.maxzoom,
      bounds: L.latLngBounds([s, w], [n, e]), opacity: opacity.value / 100,
      attribution: escapeHTML(layer.attribution || ""),
    }).addTo(map);
    current.on("tileerror", () => setStatus("some tiles failed to load", "tiles"));
    current.on("load", () => { if (status.dataset.kind === "tiles") setStatus(""); });
    if (fit) map.fitBounds([[s, w], [n, e]]);
    select.value = layer.name;
    showDetails(layer, view.pipeline);
    shown = { layer, template };
    if (engine === "maplibre") glShow(fit);
    // The difference is of what is shown now.
    if (compared && differenceBox.checked) showCompare(compareSelect.value);
  }

  async function showLegendOf(url, pick) {
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(await failure(response));
      showLegend(findColormap(pick(await response.json())));
    } catch (error) {
      setStatus("legend unavailable: " + message(error));
    }
  }

  // A layer's own tiles.
  function choose(name) {
    const layer = layers.find((l) => l.name === name);
    if (!layer) return;
    view = { layer: layer.name, pipeline: null };
    showTiles(layer, "/tiles/" + encodeURIComponent(layer.name) + "/{z}/{x}/{y}.png", true);
    setHash(encodeURIComponent(layer.name));
    if (editorOpen()) loadDocument();
    showLegendOf("/layers/" + encodeURIComponent(layer.name), (body) => body.config);
  }

  // A stored pipeline's tiles: `template` is the server's tile URL template, or null for the
  // pipeline's own route; `recipe` its pipeline config when at hand (for the legend). The view is
  // kept when the pipeline draws the layer already shown.
  function showPipeline(id, layerName, template, recipe) {
    const layer = layers.find((l) => l.name === layerName);
    if (!layer) return false;
    const own = "/pipelines/" + encodeURIComponent(id) + "/tiles/{z}/{x}/{y}.png";
    // Only an http(s) or root-relative URL with every placeholder is taken from the server.
    const usable = typeof template === "string" && /^(https?:\/\/|\/)/i.test(template) &&
      ["{z}", "{x}", "{y}"].every((p) => template.includes(p));
    const fit = view.layer !== layer.name;
    view = { layer: layer.name, pipeline: id };
    showTiles(layer, usable ? template : own, fit);
    setHash("pipeline=" + encodeURIComponent(id));
    if (recipe) showLegend(findColormap(recipe));
    else showLegendOf("/pipelines/" + encodeURIComponent(id), (body) => body.pipeline);
    return true;
  }

  // Opens a shared pipeline (#pipeline=<id>): its layer, its tiles and its document in the editor.
  async function openPipeline(id) {
    try {
      const response = await fetch("/pipelines/" + encodeURIComponent(id));
      if (!response.ok) throw new Error(await failure(response));
      const body = await response.json();
      if (!showPipeline(id, body.layer, null, body.pipeline)) {
        throw new Error("it draws layer '" + body.layer + "', which this server does not list");
      }
      if (editorOpen()) loadDocument(); else openEditor();
    } catch (error) {
      if (!view.layer && layers[0]) choose(layers[0].name);
      setStatus("cannot open pipeline " + id + ": " + message(error));
    }
  }

  // ---- Server answers as text ----

  function message(error) { return error && error.message ? error.message : String(error); }

  // An answer's JSON error body ({error, detail, location}), or {} when it has none.
  async function errorBody(response) {
    try {
      const body = JSON.parse(await response.text());
      return body && typeof body === "object" ? body : {};
    } catch (_) {
      return {};
    }
  }

  // What a failed answer says, as one line of text.
  async function failure(response, body) {
    body = body || await errorBody(response);
    const parts = [String(response.status) + (response.statusText ? " " + response.statusText : "")];
    if (typeof body.error === "string") parts.push(body.error);
    if (typeof body.detail === "string") parts.push(body.detail);
    // 429 (posting too fast, too many stored) and 503 (busy) say when to come back, if the
    // server's own words do not.
    const wait = response.headers.get("Retry-After");
    if ((response.status === 429 || response.status === 503) && /^\d+$/.test(wait || "") &&
        typeof body.detail !== "string") {
      parts.push("try again in " + wait + " s");
    }
    return parts.join(": ");
  }

  // ---- The pipeline editor ----

  const editorToggle = document.getElementById("editor-toggle");
  const editor = document.getElementById("editor");
  const text = document.getElementById("editor-text");
  const gutter = document.getElementById("editor-gutter");
  const mark = document.getElementById("editor-mark");
  const note = document.getElementById("editor-message");
  const applyButton = document.getElementById("editor-apply");
  const resetButton = document.getElementById("editor-reset");
  const result = document.getElementById("editor-result");
  const tokenRow = document.getElementById("editor-token-row");
  const token = document.getElementById("editor-token");
  let documentLoads = 0;
  let checks = 0;
  let checkTimer = null;
  let checkAbort = null;

  function editorOpen() { return !editor.hidden; }

  // A server that takes pipelines only with a bearer token answers 401: the editor then asks for
  // it, keeps it in the page only (never stored), and sends it with every check and post.
  function postHeaders() {
    const headers = { "Content-Type": "application/yaml" };
    if (token.value.trim()) headers.Authorization = "Bearer " + token.value.trim();
    return headers;
  }

  function askForToken(response) {
    if (response.status !== 401) return;
    tokenRow.hidden = false;
  }

  function openEditor() {
    if (editorOpen()) return;
    editor.hidden = false;
    document.body.classList.add("editing");
    editorToggle.setAttribute("aria-expanded", "true");
    map.invalidateSize();
    if (gl) gl.resize();
    loadDocument();
  }

  function closeEditor() {
    editor.hidden = true;
    document.body.classList.remove("editing");
    editorToggle.setAttribute("aria-expanded", "false");
    map.invalidateSize();
    if (gl) gl.resize();
  }

  // The validation state, as text and as data-state (idle, pending, valid, invalid, error).
  function setNote(state, words) {
    note.dataset.state = state;
    note.textContent = words;
  }

  function renumber() {
    const count = text.value.split("\n").length;
    if (gutter.childElementCount !== count) {
      const items = [];
      for (let line = 1; line <= count; line++) {
        const item = document.createElement("li");
        item.textContent = String(line);
        items.push(item);
      }
      gutter.replaceChildren(...items);
    }
    gutter.scrollTop = text.scrollTop;
    placeMark();
  }

  function lineHeight() { return parseFloat(getComputedStyle(text).lineHeight) || 18; }

  function placeMark() {
    if (mark.hidden) return;
    const line = Number(mark.dataset.line);
    const top = parseFloat(getComputedStyle(text).paddingTop) || 0;
    mark.style.top = top + (line - 1) * lineHeight() - text.scrollTop + "px";
  }

  // Highlights `line` (1-based) with `words` as its note, or clears the highlight.
  function markLine(line, words) {
    for (const item of gutter.querySelectorAll("li.error")) { item.classList.remove("error"); item.title = ""; }
    if (!line) { mark.hidden = true; delete mark.dataset.line; return; }
    const item = gutter.children[line - 1];
    if (item) { item.classList.add("error"); item.title = words; }
    mark.dataset.line = String(line);
    mark.title = words;
    mark.hidden = false;
    placeMark();
  }

  // A 400's located error: the line highlighted and the message beside it.
  function showInvalid(body) {
    const detail = typeof body.detail === "string" ? body.detail
      : typeof body.error === "string" ? body.error : "invalid pipeline";
    const where = body.location && typeof body.location === "object" ? body.location : {};
    const line = Number.isInteger(where.line) && where.line >= 1 ? where.line : null;
    const column = Number.isInteger(where.column) && where.column >= 1 ? where.column : null;
    // The server's detail usually starts with its place already; otherwise the editor says it.
    const prefix = line && !/^line \d+/.test(detail) ? "line " + line + (column ? ", column " + column : "") + ": " : "";
    const words = prefix + detail;
    markLine(line && line <= text.value.split("\n").length ? line : null, words);
    setNote("invalid", words);
  }

  // Loads the document of what the map shows: the pipeline's when one is shown, else the layer's.
  async function loadDocument() {
    if (!view.layer) return;
    const load = ++documentLoads;
    const url = view.pipeline
      ? "/pipelines/" + encodeURIComponent(view.pipeline) + "/pipeline.yaml"
      : "/layers/" + encodeURIComponent(view.layer) + "/pipeline.yaml";
    setNote("pending", "loading…");
    markLine(null);
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(await failure(response));
      const body = await response.text();
      if (load !== documentLoads) return;
      text.value = body;
      renumber();
      checkNow();
    } catch (error) {
      if (load !== documentLoads) return;
      setNote("error", "cannot load the pipeline: " + message(error));
    }
  }

  function checkSoon() {
    clearTimeout(checkTimer);
    if (checkAbort) checkAbort.abort();
    checks++;
    setNote("pending", "checking…");
    markLine(null);
    checkTimer = setTimeout(checkNow, 300);
  }

  async function checkNow() {
    clearTimeout(checkTimer);
    checkTimer = null;
    if (checkAbort) checkAbort.abort();
    const check = ++checks;
    const abort = new AbortController();
    checkAbort = abort;
    setNote("pending", "checking…");
    try {
      const response = await fetch("/pipelines/validate",
        { method: "POST", headers: postHeaders(), body: text.value, signal: abort.signal });
      const body = await errorBody(response.clone());
      if (check !== checks) return;
      if (response.ok && body.valid === true) {
        markLine(null);
        setNote("valid", "valid");
      } else if (response.status === 400 || (response.ok && body.valid === false)) {
        showInvalid(body);
      } else {
        markLine(null);
        askForToken(response);
        setNote("error", "cannot check the pipeline: " + await failure(response, body));
      }
    } catch (error) {
      if (check !== checks || abort.signal.aborted) return;
      setNote("error", "cannot check the pipeline: " + message(error));
    }
  }

  async function apply() {
    // A check still waiting for the typing to pause runs now, beside the post.
    if (note.dataset.state === "pending" && checkTimer) checkNow();
    applyButton.disabled = true;
    result.dataset.state = "pending";
    result.textContent = "applying…";
    try {
      const response = await fetch("/pipelines", { method: "POST", headers: postHeaders(), body: text.value });
      const body = await errorBody(response.clone());
      if (response.status === 400) {
        showInvalid(body);
        result.dataset.state = "error";
        result.textContent = "not applied: the pipeline is invalid";
      } else if (!response.ok || typeof body.id !== "string" || !body.id) {
        askForToken(response);
        result.dataset.state = "error";
        result.textContent = "not applied: " + (response.ok ? "the server's answer has no pipeline id"
          : await failure(response, body));
      } else if (showPipeline(body.id, body.layer, body.tiles)) {
        markLine(null);
        setNote("valid", "valid");
        result.dataset.state = "applied";
        result.textContent = "applied: pipeline " + body.id;
      } else {
        result.dataset.state = "error";
        result.textContent = "not applied: the pipeline draws layer '" + body.layer + "', which this server does not list";
      }
    } catch (error) {
      result.dataset.state = "error";
      result.textContent = "not applied: " + message(error);
    } finally {
      applyButton.disabled = false;
    }
  }

  editorToggle.addEventListener("click", () => (editorOpen() ? closeEditor() : openEditor()));
  text.addEventListener("input", () => { renumber(); checkSoon(); });
  token.addEventListener("input", checkSoon);
  tokenRow.addEventListener("submit", (event) => { event.preventDefault(); checkNow(); });
  text.addEventListener("scroll", () => { gutter.scrollTop = text.scrollTop; placeMark(); });
  applyButton.addEventListener("click", apply);
  resetButton.addEventListener("click", loadDocument);

  // ---- The values under a click (/point): the sources' pixels and the pipeline's value ----

  const popup = L.popup({ minWidth: 220, maxWidth: 360, autoPan: false });
  let pointQueries = 0;

  // Source values as read; pipeline values (Float32) to the 7 digits they hold.
  function numberText(value, digits) {
    if (value === null || value === undefined) return "nodata";
    return digits ? String(+Number(value).toPrecision(digits)) : String(value);
  }

  // One labelled line of values; each value in its own element, so tests read them one by one.
  function valueLine(label, kind, bands, values, digits) {
    const line = document.createElement("div");
    line.className = kind;
    const name = document.createElement("span");
    name.className = "label";
    name.textContent = label + ": ";
    line.appendChild(name);
    (Array.isArray(values) ? values : []).forEach((value, index) => {
      if (index > 0) line.appendChild(document.createTextNode(", "));
      if (bands) line.appendChild(document.createTextNode("b" + bands[index] + " "));
      const span = document.createElement("span");
      span.className = "value";
      span.dataset.value = value === null ? "" : String(value);
      span.textContent = numberText(value, digits);
      line.appendChild(span);
    });
    return line;
  }

  function showPointValues(content, body) {
    content.replaceChildren();
    content.dataset.lon = String(body.lon);
    content.dataset.lat = String(body.lat);
    const where = document.createElement("div");
    where.className = "where";
    where.textContent = Number(body.lon).toFixed(5) + ", " + Number(body.lat).toFixed(5) +
      (body.pipeline ? " — pipeline " + String(body.pipeline).slice(0, 12) : "");
    content.appendChild(where);
    for (const source of Array.isArray(body.sources) ? body.sources : []) {
      // A mosaic names the file the value came from (the winner for first and last).
      const file = source.path || (Array.isArray(source.files) && source.files[0]) || "mosaic";
      const line = valueLine((source.input ? source.input + " " : "") + file, "source", source.bands, source.values);
      line.dataset.file = file;
      content.appendChild(line);
    }
    content.appendChild(valueLine("pipeline value", "pipeline", null, body.values, 7));
    content.dataset.state = body.inside ? "done" : "outside";
  }

  // The values at (lng, lat) in a popup that `open(content)` places on the map shown.
  async function showPoint(lng, lat, open) {
    if (!view.layer) return;
    const query = ++pointQueries;
    const wrapped = (((lng + 180) % 360) + 360) % 360 - 180;
    const lon = Math.max(-180, Math.min(180, wrapped)).toFixed(6);
    lat = Math.max(-90, Math.min(90, lat)).toFixed(6);
    const base = view.pipeline ? "/pipelines/" + encodeURIComponent(view.pipeline)
      : "/layers/" + encodeURIComponent(view.layer);
    const content = document.createElement("div");
    content.className = "point";
    content.dataset.state = "pending";
    content.textContent = "reading…";
    open(content);
    try {
      const response = await fetch(base + "/point/" + lon + "," + lat);
      if (!response.ok) throw new Error(await failure(response));
      const body = await response.json();
      if (query === pointQueries) showPointValues(content, body);
    } catch (error) {
      if (query !== pointQueries) return;
      content.dataset.state = "error";
      content.textContent = "cannot read the values: " + message(error);
    }
  }

  map.on("click", (event) =>
    showPoint(event.latlng.lng, event.latlng.lat, (content) => popup.setLatLng(event.latlng).setContent(content).openOn(map)));

  // ---- MapLibre: the same layer, and a height layer as 3D terrain with hillshading ----

  const engineRow = document.getElementById("engine-row");
  const engineSelect = document.getElementById("engine");
  const glContainer = document.getElementById("map-gl");
  const glPopup = { current: null };

  // MapLibre GL JS from this server (`make data` fetches it), loaded the first time it is chosen.
  function loadMapLibre() {
    if (!glScript) {
      glScript = new Promise((resolve, reject) => {
        const css = document.createElement("link");
        css.rel = "stylesheet";
        css.href = "/vendor/maplibre/maplibre-gl.css";
        const script = document.createElement("script");
        script.src = "/vendor/maplibre/maplibre-gl.js";
        script.onload = () => (window.maplibregl ? resolve() : reject(new Error("maplibre-gl.js defined nothing")));
        script.onerror = () => reject(new Error("/vendor/maplibre/maplibre-gl.js did not load"));
        document.head.append(css, script);
      });
    }
    return glScript;
  }

  // MapLibre fetches tiles from a worker, where a root-relative URL means nothing.
  function absolute(template) { return template.startsWith("/") ? location.origin + template : template; }

  function makeGL() {
    const style = {
      version: 8, sources: {},
      layers: [{ id: "background", type: "background", paint: { "background-color": "#dde3ea" } }],
    };
    if (settings.basemap) {
      style.sources.basemap = { type: "raster", tiles: [absolute(settings.basemap)], tileSize: 256 };
      style.layers.push({ id: "basemap", type: "raster", source: "basemap" });
    }
    gl = new maplibregl.Map({ container: glContainer, style, center: [0, 0], zoom: 1, maxPitch: 80 });
    gl.addControl(new maplibregl.NavigationControl({ visualizePitch: true }));
    // When the map has drawn everything asked of it, and the terrain's height at the view's centre
    // (as MapLibre decoded it from the tiles, exaggerated): what the browser test reads.
    gl.on("idle", () => {
      const height = gl.getTerrain() ? gl.queryTerrainElevation(gl.getCenter()) : null;
      glContainer.dataset.elevation = Number.isFinite(height) ? String(Math.round(height)) : "";
      glContainer.dataset.idle = "true";
    });
    gl.on("dataloading", () => { glContainer.dataset.idle = "false"; });
    // Sources can be added once the style is parsed; waiting for "load" would wait for every
    // tile, and a basemap that lacks some zooms can hold that back.
    gl.once("style.load", () => { glStyleReady = true; glShow(true); });
    // With a listener, MapLibre reports a failure here instead of on the console. The basemap's
    // missing tiles are not the layer's (Leaflet does not report them either).
    gl.on("error", (event) => {
      if (event.sourceId !== "basemap") setStatus("map: " + message(event.error), "tiles");
    });
    gl.on("click", (event) => showPoint(event.lngLat.lng, event.lngLat.lat, (content) => {
      if (glPopup.current) glPopup.current.remove();
      glPopup.current = new maplibregl.Popup({ maxWidth: "360px" }).setLngLat(event.lngLat)
        .setDOMContent(content).addTo(gl);
    }));
  }

  // What MapLibre's `raster-dem` source needs to read a layer's heights.
  function demOptions(layer) {
    const options = { encoding: layer.encoding };
    if (layer.encoding === "custom") {
      for (const key of ["redFactor", "greenFactor", "blueFactor", "baseShift"]) options[key] = layer[key];
    }
    return options;
  }

  // Draws `shown` on MapLibre's map: a height layer as terrain (one raster-dem source) and its
  // hillshading (another: MapLibre draws both better from separate sources), else its tiles.
  function glShow(fit) {
    if (!gl || !glStyleReady || !shown) return;
    const { layer, template } = shown;
    glContainer.dataset.idle = "false";
    for (const id of ["layer", "hillshade"]) if (gl.getLayer(id)) gl.removeLayer(id);
    gl.setTerrain(null);
    for (const id of ["layer", "dem", "dem-hillshade"]) if (gl.getSource(id)) gl.removeSource(id);
    const source = {
      tiles: [absolute(template)], tileSize: 256, minzoom: layer.minzoom, maxzoom: layer.maxzoom,
      bounds: layer.bounds, attribution: escapeHTML(layer.attribution || ""),
    };
    if (layer.encoding) {
      const dem = Object.assign({ type: "raster-dem" }, source, demOptions(layer));
      gl.addSource("dem", dem);
      gl.addSource("dem-hillshade", Object.assign({}, dem));
      gl.addLayer({ id: "hillshade", type: "hillshade", source: "dem-hillshade",
                    paint: { "hillshade-exaggeration": 0.8 * opacity.value / 100 } });
      gl.setTerrain({ source: "dem", exaggeration: 1.5 });
    } else {
      gl.addSource("layer", Object.assign({ type: "raster" }, source));
      gl.addLayer({ id: "layer", type: "raster", source: "layer",
                    paint: { "raster-opacity": opacity.value / 100 } });
    }
    glContainer.dataset.layer = layer.name;
    glContainer.dataset.terrain = layer.encoding ? "on" : "off";
    if (fit) {
      const [w, s, e, n] = layer.bounds;
      gl.fitBounds([[w, s], [e, n]], { animate: false, padding: 20 });
      gl.setPitch(layer.encoding ? 55 : 0);
    }
  }

  function glOpacity() {
    if (!gl || !glStyleReady) return;
    if (gl.getLayer("layer")) gl.setPaintProperty("layer", "raster-opacity", opacity.value / 100);
    if (gl.getLayer("hillshade")) gl.setPaintProperty("hillshade", "hillshade-exaggeration", 0.8 * opacity.value / 100);
  }

  // Shows Leaflet's map or MapLibre's; the URL keeps the choice (&map=maplibre).
  function setEngine(name) {
    engine = name === "maplibre" && settings.maplibre ? "maplibre" : "leaflet";
    engineSelect.value = engine;
    document.getElementById("map").hidden = engine !== "leaflet";
    glContainer.hidden = engine !== "maplibre";
    if (engine === "leaflet") {
      map.invalidateSize();
      return;
    }
    loadMapLibre().then(() => {
      if (engine !== "maplibre") return;
      if (gl) {
        gl.resize();
        glShow(true);
      } else {
        makeGL();
      }
    }).catch((error) => {
      setStatus("MapLibre unavailable: " + message(error));
      setEngine("leaflet");
      setHash(hashTarget);
    });
  }

  engineSelect.addEventListener("change", () => {
    setEngine(engineSelect.value);
    setHash(hashTarget);
  });

  // ---- Start-up and the page's URL: #layer, or #pipeline=<id>, then &map=maplibre when chosen ----

  function setHash(target) {
    hashTarget = target;
    const name = compareSelect ? compareSelect.value : "";
    const comparing = name ? "&compare=" + encodeURIComponent(name) + (differenceBox.checked ? "&diff=1" : "") : "";
    history.replaceState(null, "", "#" + target + (engine === "maplibre" ? "&map=maplibre" : "") + comparing);
  }

  function decoded(text) {
    try { return decodeURIComponent(text); } catch (_) { return text; }
  }

  function route() {
    // Names and ids are written URI-encoded, so a bare '&' only separates options.
    const [hash, ...options] = location.hash.slice(1).split("&");
    // Read before showing a layer rewrites the hash.
    const comparing = compareOptions();
    const wanted = options.includes("map=maplibre") ? "maplibre" : "leaflet";
    if (wanted !== engine) setEngine(wanted);
    if (hash.startsWith("pipeline=")) {
      const id = decoded(hash.slice("pipeline=".length));
      if (id && id !== view.pipeline) openPipeline(id);
    } else {
      const layer = layers.find((l) => l.name === decoded(hash)) || (view.layer ? null : layers[0]);
      if (layer && (layer.name !== view.layer || view.pipeline)) choose(layer.name);
    }
    if (comparing.name !== compareSelect.value || comparing.diff !== differenceBox.checked) {
      differenceBox.checked = comparing.diff;
      showCompare(comparing.name);
      setHash(hashTarget);
    }
  }

  // ---- Compare: a second layer right of the swipe line, and the difference of the two ----

  const compareSelect = document.getElementById("compare");
  const compareControls = document.getElementById("compare-controls");
  const swipe = document.getElementById("swipe");
  const swipeValue = document.getElementById("swipe-value");
  const differenceBox = document.getElementById("difference");
  // The compared layer's pane sits over the layers' (200), the difference over both.
  map.createPane("compare").style.zIndex = 250;
  map.createPane("difference").style.zIndex = 300;
  const swipeLine = document.createElement("div");
  swipeLine.id = "swipe-line";
  swipeLine.hidden = true;
  map.getContainer().appendChild(swipeLine);
  let compared = null;
  let difference = null;

  // What the shown side is called in /compare: the stored pipeline's id, or the layer's name.
  function shownTarget() { return view.pipeline || view.layer; }

  // Clips the compared pane to the right of the swipe line, in the panes' own coordinates.
  function placeSwipe() {
    if (!compared) return;
    const size = map.getSize();
    const x = size.x * swipe.value / 100;
    const nw = map.containerPointToLayerPoint([0, 0]);
    const se = map.containerPointToLayerPoint(size);
    map.getPane("compare").style.clip = "rect(" + [nw.y, se.x, se.y, nw.x + x].map((v) => v + "px").join(",") + ")";
    swipeLine.style.left = x + "px";
    swipeValue.textContent = swipe.value + "%";
  }

  function clearCompare() {
    if (compared) map.removeLayer(compared);
    if (difference) map.removeLayer(difference);
    compared = difference = null;
    map.getPane("compare").style.clip = "";
    swipeLine.hidden = compareControls.hidden = true;
  }

  // Shows layer `name` right of the swipe line (and the difference, when asked); "" ends it.
  function showCompare(name) {
    clearCompare();
    const layer = layers.find((l) => l.name === name);
    compareSelect.value = layer ? layer.name : "";
    if (!layer || engine !== "leaflet") return;
    const [w, s, e, n] = layer.bounds;
    compared = L.tileLayer("/tiles/" + encodeURIComponent(layer.name) + "/{z}/{x}/{y}.png", {
      pane: "compare", minZoom: 0, maxZoom: 22, minNativeZoom: layer.minzoom, maxNativeZoom: layer.maxzoom,
      bounds: L.latLngBounds([s, w], [n, e]), attribution: escapeHTML(layer.attribution || ""),
    }).addTo(map);
    compareControls.hidden = swipeLine.hidden = false;
    if (differenceBox.checked) {
      const a = encodeURIComponent(shownTarget());
      difference = L.tileLayer("/compare/" + a + "/" + encodeURIComponent(layer.name) + "/{z}/{x}/{y}.png", {
        pane: "difference", minZoom: 0, maxZoom: 22, minNativeZoom: layer.minzoom, maxNativeZoom: layer.maxzoom,
        bounds: L.latLngBounds([s, w], [n, e]),
      }).addTo(map);
      difference.on("tileerror", () => setStatus("some difference tiles failed to load", "tiles"));
    }
    placeSwipe();
  }

  // The page's compare options: &compare=<layer>, &diff=1.
  function compareOptions() {
    const options = location.hash.slice(1).split("&").slice(1);
    const named = options.find((o) => o.startsWith("compare="));
    return { name: named ? decoded(named.slice("compare=".length)) : "", diff: options.includes("diff=1") };
  }

  map.on("move resize zoomend", placeSwipe);
  swipe.addEventListener("input", placeSwipe);
  compareSelect.addEventListener("change", () => { showCompare(compareSelect.value); setHash(hashTarget); });
  differenceBox.addEventListener("change", () => { showCompare(compareSelect.value); setHash(hashTarget); });

  opacity.addEventListener("input", () => {
    opacityValue.textContent = opacity.value + "%";
    if (current) current.setOpacity(opacity.value / 100);
    glOpacity();
  });
  select.addEventListener("change", () => choose(select.value));
  window.addEventListener("hashchange", route);

  // Without its settings the viewer still shows the layers, with no basemap and Leaflet only.
  const config = fetch("/viewer/config.json").then((r) => (r.ok ? r.json() : {})).catch(() => ({}));
  Promise.all([config, fetch("/layers").then((r) => r.json())]).then(([config, list]) => {
    if (typeof config.basemap === "string" && /^https?:\/\//i.test(config.basemap)) {
      settings.basemap = config.basemap;
      L.tileLayer(settings.basemap, { pane: "basemap", maxZoom: 22 }).addTo(map);
    }
    settings.maplibre = config.maplibre === true;
    engineRow.hidden = !settings.maplibre;
    layers = list;
    for (const layer of list) {
      const option = document.createElement("option");
      option.value = layer.name;
      option.textContent = layer.title || layer.name;
      select.appendChild(option);
      compareSelect.appendChild(option.cloneNode(true));
    }
    if (list.length) route(); else setStatus("no layers are served");
  }).catch((error) => setStatus("cannot list layers: " + error));
})();
