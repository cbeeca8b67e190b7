// The GeoToolz viewer: every layer the server lists, one at a time, with opacity and a legend.
(function () {
  "use strict";
  const map = L.map("map", { worldCopyJump: true, zoomControl: true }).setView([0, 0], 2);
  const select = document.getElementById("layer");
  const opacity = document.getElementById("opacity");
  const opacityValue = document.getElementById("opacity-value");
  const legend = document.getElementById("legend");
  const details = document.getElementById("details");
  const status = document.getElementById("status");
  let current = null;
  let layers = [];

  function setStatus(text) { status.textContent = text || ""; }

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

  function showDetails(layer) {
    details.replaceChildren();
    const rows = [["Title", layer.title], ["Zooms", layer.minzoom + "–" + layer.maxzoom],
                  ["Config hash", layer.configHash], ["Attribution", layer.attribution || "—"]];
    for (const [name, value] of rows) {
      const dt = document.createElement("dt"); dt.textContent = name;
      const dd = document.createElement("dd"); dd.textContent = value;
      details.append(dt, dd);
    }
  }

  async function choose(name) {
    const layer = layers.find((l) => l.name === name);
    if (!layer) return;
    if (current) map.removeLayer(current);
    const [w, s, e, n] = layer.bounds;
    current = L.tileLayer("/tiles/" + encodeURIComponent(layer.name) + "/{z}/{x}/{y}.png", {
      minZoom: 0, maxZoom: 22, minNativeZoom: layer.minzoom, maxNativeZoom: layer.maxzoom,
      bounds: L.latLngBounds([s, w], [n, e]), opacity: opacity.value / 100,
      attribution: escapeHTML(layer.attribution || ""),
    }).addTo(map);
    current.on("tileerror", () => setStatus("some tiles failed to load"));
    current.on("load", () => setStatus(""));
    map.fitBounds([[s, w], [n, e]]);
    showDetails(layer);
    history.replaceState(null, "", "#" + encodeURIComponent(layer.name));
    try {
      const response = await fetch("/layers/" + encodeURIComponent(layer.name));
      showLegend(findColormap((await response.json()).config));
    } catch (error) {
      setStatus("legend unavailable: " + error);
    }
  }

  opacity.addEventListener("input", () => {
    opacityValue.textContent = opacity.value + "%";
    if (current) current.setOpacity(opacity.value / 100);
  });
  select.addEventListener("change", () => choose(select.value));

  fetch("/layers").then((r) => r.json()).then((list) => {
    layers = list;
    for (const layer of list) {
      const option = document.createElement("option");
      option.value = layer.name;
      option.textContent = layer.title || layer.name;
      select.appendChild(option);
    }
    const wanted = decodeURIComponent(location.hash.slice(1));
    const first = list.find((l) => l.name === wanted) || list[0];
    if (first) { select.value = first.name; choose(first.name); } else { setStatus("no layers are served"); }
  }).catch((error) => setStatus("cannot list layers: " + error));
})();
