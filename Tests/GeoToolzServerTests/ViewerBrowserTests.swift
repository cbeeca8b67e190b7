import Foundation
import GeoToolzServer
import TestSupport
import Testing

/// The viewer in a real headless Chromium: it loads with no console errors and draws tiles, and
/// its pipeline editor works end to end (driven over the DevTools protocol from Python).
@Suite(.serialized) struct ViewerBrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Runs Chromium headless against `url`; returns what it printed to standard error.
    func chromium(_ arguments: [String], url: String) throws -> (output: String, log: String) {
        let browser = try #require(Self.chromium, "chromium is not installed (make deps installs it)")
        let profile = try temporaryDirectory("chromium")
        let result = try runToCompletion(
            "/usr/bin/timeout",
            [
                "--signal=KILL", "90", browser, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=\(profile)",
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=15000", "--window-size=1000,700",
            ] + arguments + [url])
        return (result.standardOutput, result.standardError)
    }

    @Test func theViewerDrawsTilesWithoutConsoleErrors() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let url = "http://127.0.0.1:\(server.port)/"

        let dom = try chromium(["--dump-dom"], url: url)
        // Every console message is a problem: the viewer logs nothing when all is well.
        let console = dom.log.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "\(console)")
        let loadedTiles = dom.output.components(separatedBy: "leaflet-tile-loaded").count - 1
        #expect(loadedTiles >= 4, "tiles drawn: \(loadedTiles)")
        #expect(dom.output.contains("<option value=\"elevation\""))
        #expect(dom.output.contains("/colormaps/terrain.png"), "the legend shows the layer's colormap")

        let screenshot = try temporaryDirectory("screenshot") + "/viewer.png"
        let shot = try chromium(["--screenshot=\(screenshot)"], url: url)
        #expect(FileManager.default.fileExists(atPath: screenshot), "\(shot.log.suffix(2000))")
        // The middle of the map is tiles, not the blank background.
        let spread = try pixelSpread(screenshot, window: (200, 150, 400, 400))
        #expect(spread > 10, "standard deviation of the map's pixels: \(spread)")
    }

    @Test func serverStringsAreShownAsTextNeverAsMarkup() throws {
        // Markup that would run script in the attribution, and markup in the title, from a layer file.
        let attribution = #"<img src=x onerror="document.title='pwned'">"#
        let layer = elevationLayer(name: "hostile", extra: "title: \"<b id=injected>bold</b>\"")
            .replacingOccurrences(
                of: "attribution: test", with: #"attribution: '<img src=x onerror="document.title=''pwned''">'"#)
        let layers = try DemoLayers.custom(["hostile": layer])
        #expect(layers.first?.attribution == attribution)
        let server = try RunningServer(layers: layers)

        let dom = try chromium(["--dump-dom"], url: "http://127.0.0.1:\(server.port)/").output
        #expect(dom.contains("<title>GeoToolz</title>"), "the attribution's script changed the title")
        #expect(!dom.contains("pwned</title>"))
        #expect(!dom.contains("<img src=\"x\""), "the attribution became an element")
        #expect(!dom.contains("id=\"injected\""), "the title became an element")
        let attributionControl = try #require(markup(in: dom, from: "leaflet-control-attribution", to: "</div>"))
        #expect(
            attributionControl.contains(#"&lt;img src=x onerror="document.title='pwned'"&gt;"#),
            "the attribution is shown as its text: \(attributionControl)")
        #expect(dom.contains("&lt;b id=injected&gt;bold&lt;/b&gt;</option>"), "the title is shown as its text")
    }

    @Test func theClassLegendShowsEachClassColourAndValue() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let dom = try chromium(["--dump-dom"], url: "http://127.0.0.1:\(server.port)/#landsat-landcover").output

        let legend = try #require(
            markup(in: dom, from: "<div id=\"legend\">", to: "<dl id=\"details\""), "no legend in \(dom.suffix(3000))")
        // landsat-landcover.yaml's classes; the browser writes the hex colours as rgb().
        let classes = [
            (1, "rgb(33, 102, 172)"), (2, "rgb(216, 196, 154)"), (3, "rgb(166, 217, 106)"),
            (4, "rgb(26, 150, 65)"),
        ]
        for (value, colour) in classes {
            #expect(
                legend.contains(
                    "<span class=\"swatch\" style=\"background-color: \(colour);\"></span><span class=\"value\">\(value)</span>"
                ),
                "class \(value) in \(legend)")
        }
    }

    @Test func theAPIPageListsEveryDocumentedRoute() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let page = try chromium(["--dump-dom"], url: "http://127.0.0.1:\(server.port)/docs")
        let console = page.log.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        #expect(console.isEmpty, "\(console)")
        for path in try OpenAPISpec().paths {
            #expect(page.output.contains("<span>\(path)</span>"), "\(path) is not on the page")
        }
        #expect(page.output.contains("<summary>Error</summary>"), "the error body's schema is on the page")
    }

    /// The test venv's python, which has the browser scripts' pinned packages (the Makefile's
    /// `.test-venv` target installs scripts/browser/requirements.txt): `TEST_VENV_PYTHON`, else
    /// the package's `.test-venv/bin/python`, as scripts/fuzz-api.sh finds schemathesis.
    static let venvPython =
        ProcessInfo.processInfo.environment["TEST_VENV_PYTHON"]
        ?? PackagePaths.root.appendingPathComponent(".test-venv/bin/python").path

    /// The pipeline editor, driven over the DevTools protocol by scripts/browser/pipeline_editor.py:
    /// edit, validate, apply, the map's pixels, a located error, and the shared `#pipeline=<id>`.
    @Test func thePipelineEditorValidatesAppliesAndSharesAPipeline() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        try runBrowserScript(server, ["--scenario", "editor"])
    }

    /// The editor against a server that takes pipelines only with a token, one post a minute:
    /// it asks for the token on the 401 and shows the second post's 429 while the map keeps the first.
    @Test func thePipelineEditorAsksForATokenAndShowsRefusalsAsText() throws {
        let token = "viewer-test-token-\(UUID().uuidString)"
        let server = try RunningServer(layers: try DemoLayers.all()) {
            $0.pipelines.access = .token
            $0.pipelines.token = token
            $0.pipelines.uploadsPerMinute = 1
        }
        try runBrowserScript(server, ["--scenario", "refusals", "--token", token])
    }

    /// A click on the map shows the values there (scripts/browser/point_values.py): the source
    /// value gdallocationinfo reads at the clicked point, for the layer and for a stored pipeline.
    @Test func aClickShowsTheValuesThere() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        try runBrowserScript(server, ["--data", PackagePaths.data], script: "point_values.py")
    }

    /// The basemap (`--basemap`), here another GeoToolz's hillshade so the test needs no network,
    /// drawn under the layer by Leaflet and by MapLibre (scripts/browser/maplibre_view.py: the
    /// map's pixels at opacity 0 and 100, the switch kept in the URL, no console errors).
    @Test func theBasemapIsDrawnUnderTheLayerInLeafletAndMapLibre() throws {
        let tiles = try RunningServer(layers: try DemoLayers.all())
        let basemap = "http://127.0.0.1:\(tiles.port)/tiles/hillshade/{z}/{x}/{y}.png"
        #expect(try BasemapTemplate.check(basemap) == basemap)
        let server = try RunningServer(layers: try DemoLayers.all()) { $0.basemap = basemap }
        try runBrowserScript(server, ["--scenario", "basemap"], script: "maplibre_view.py")
    }

    /// The Terrain-RGB layer in MapLibre (Chromium's software WebGL): 3D terrain whose height
    /// MapLibre decoded, shaded relief in the map's pixels, a click's values, no console errors.
    @Test func mapLibreDrawsATerrainRGBLayerAsShadedTerrain() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        try runBrowserScript(server, ["--scenario", "terrain"], script: "maplibre_view.py")
    }

    /// Compare mode (scripts/browser/compare_view.py): elevation left of the swipe line and the
    /// hillshade right of it in the map's pixels, the swipe moving the line, and the difference
    /// overlay drawn from /compare tiles.
    @Test func compareModeSwipesBetweenTwoLayersAndDrawsTheirDifference() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        try runBrowserScript(server, [], script: "compare_view.py")
    }

    /// Runs scripts/browser/`script` (pipeline_editor.py by default) with the test venv's python
    /// against `server`.
    func runBrowserScript(_ server: RunningServer, _ arguments: [String], script: String = "pipeline_editor.py")
        throws
    {
        let browser = try #require(Self.chromium, "chromium is not installed (make deps installs it)")
        let python = Self.venvPython
        try #require(
            FileManager.default.isExecutableFile(atPath: python),
            "no python at \(python): the test venv is missing (`make test` makes .test-venv, or set TEST_VENV_PYTHON)")
        let path = PackagePaths.root.appendingPathComponent("scripts/browser/" + script).path
        // The script bounds each of its waits; `timeout` bounds the whole, and its TERM lets the
        // script kill Chromium on the way out.
        let result = try runToCompletion(
            "/usr/bin/timeout",
            [
                "--signal=TERM", "--kill-after=15", "240", python, path, "--base", "http://127.0.0.1:\(server.port)",
                "--chromium", browser,
            ] + arguments)
        #expect(
            result.status == 0 && result.standardOutput.contains("every check passed"),
            "\(script) exited \(result.status):\n\(result.standardOutput)\n\(result.standardError.suffix(3000))"
        )
    }

    /// The markup of a dumped DOM between the first `start` and the `end` after it.
    func markup(in dom: String, from start: String, to end: String) -> Substring? {
        guard let first = dom.range(of: start), let last = dom[first.upperBound...].range(of: end) else { return nil }
        return dom[first.upperBound..<last.lowerBound]
    }

    /// The largest standard deviation of any band over a window of a PNG, measured by GDAL.
    func pixelSpread(_ png: String, window: (x: Int, y: Int, width: Int, height: Int)) throws -> Double {
        let cropped = png + ".crop.tif"
        try run(
            "/usr/bin/gdal_translate",
            ["-q", "-srcwin", "\(window.x)", "\(window.y)", "\(window.width)", "\(window.height)", png, cropped])
        let info = try run("/usr/bin/gdalinfo", ["-stats", cropped])
        return info.split(separator: "\n").compactMap { line -> Double? in
            guard let range = line.range(of: "STATISTICS_STDDEV=") else { return nil }
            return Double(line[range.upperBound...])
        }.max() ?? 0
    }

    @discardableResult
    func run(_ executable: String, _ arguments: [String]) throws -> String {
        try runToCompletion(executable, arguments).standardOutput
    }
}
