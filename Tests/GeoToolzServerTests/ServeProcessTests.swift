import Foundation
import GeoToolzIO
import NIOConcurrencyHelpers
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `geotoolz serve` as a process: reloading on SIGHUP under load, and stopping on SIGTERM.
@Suite(.serialized) struct ServeProcessTests {
    @Test func sighupReloadsUnderLoadWithoutFailingARequestAndSigtermStopsCleanly() throws {
        let directory = try temporaryDirectory("reload")
        let file = directory + "/dem.yaml"
        try elevationLayer(name: "dem").write(toFile: file, atomically: true, encoding: .utf8)
        let serve = try ServeProcess(layers: directory)
        let layer = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])[0]
        let tiles = tilesInside(layer, zoom: 10, count: 16)

        let failures = NIOLockedValueBox<[String]>([])
        let answered = NIOLockedValueBox(0)
        let hashes = NIOLockedValueBox<Set<String>>([])
        let stop = NIOLockedValueBox(false)
        let group = startThreads(3) { worker in
            do {
                let client = try serve.client()
                var index = worker
                let deadline = Date().addingTimeInterval(60)
                while !stop.withLockedValue({ $0 }) && Date() < deadline {
                    let response = try client.fetch(path("dem", tiles[index % tiles.count]))
                    answered.withLockedValue { $0 += 1 }
                    if response.status != 200 { failures.withLockedValue { $0.append("\(response.status)") } }
                    if let hash = response.header("X-Config-Hash") {
                        hashes.withLockedValue { _ = $0.insert(hash) }
                    }
                    index += 1
                }
            } catch {
                failures.withLockedValue { $0.append("\(error)") }
            }
        }

        // A changed pipeline is picked up by SIGHUP, atomically, while the load runs.
        #expect(eventually(timeout: 30) { answered.withLockedValue { $0 } >= 30 })
        try elevationLayer(name: "dem", pipeline: "{_target_: Colormap, name: viridis, vmin: 0, vmax: 4400}")
            .write(toFile: file, atomically: true, encoding: .utf8)
        serve.signal(SIGHUP)
        #expect(eventually(timeout: 30) { serve.output.contains("reloaded 1 layers") })
        let reloaded = try DemoLayers.custom([
            "dem": elevationLayer(name: "dem", pipeline: "{_target_: Colormap, name: viridis, vmin: 0, vmax: 4400}")
        ])[0]
        #expect(try serve.client().fetch(path("dem", tiles[0])).header("X-Config-Hash") == reloaded.configHash)
        #expect(eventually(timeout: 30) { hashes.withLockedValue { $0.count } == 2 })

        // A bad file leaves the running layers serving.
        try "name: dem\nsource: srtm90.tif\npipeline: {_target_: os.system}\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        serve.signal(SIGHUP)
        #expect(eventually(timeout: 30) { serve.output.contains("reload refused") })
        #expect(serve.output.contains("unknown operator 'os.system'"))
        let afterRefusal = answered.withLockedValue { $0 }
        #expect(eventually(timeout: 30) { answered.withLockedValue { $0 } >= afterRefusal + 30 })

        stop.withLockedValue { $0 = true }
        #expect(group.wait(timeout: .now() + 60) == .success)
        #expect(failures.withLockedValue { $0 }.isEmpty, "\(failures.withLockedValue { $0 })")
        #expect(hashes.withLockedValue { $0.count } == 2)

        // SIGTERM: a request under way is answered, then the process exits 0.
        // The request is under way once the server has looked it up in its cache.
        let lookups = try serve.metric("geotoolz_cache_lookups_total", ["level": "memory"])
        let inFlight = try serve.client()
        try inFlight.request("GET", path("dem", tiles[0], scale: 2))
        #expect(eventually { (try? serve.metric("geotoolz_cache_lookups_total", ["level": "memory"])) ?? 0 > lookups })
        serve.signal(SIGTERM)
        #expect(try inFlight.readResponse().status == 200)
        #expect(serve.waitForExit(seconds: 20) == 0)
        #expect(serve.output.contains("stopped"))
    }

    @Test func sighupWithALayerThatCannotLoadKeepsServingTheOldLayers() throws {
        let directory = try temporaryDirectory("refused-reload")
        try elevationLayer(name: "dem").write(toFile: directory + "/dem.yaml", atomically: true, encoding: .utf8)
        let serve = try ServeProcess(layers: directory)
        let layer = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])[0]
        let tile = path("dem", tilesInside(layer, zoom: 10, count: 1)[0])
        #expect(try serve.client().fetch(tile).status == 200)

        // A colormap range beyond Float32: once a trap in the reload that killed the process.
        let added = directory + "/overflow.yaml"
        try
            "name: overflow\nsource: srtm90.tif\npipeline: {_target_: Colormap, name: viridis, vmin: -1e308, vmax: 1e308}\n"
            .write(toFile: added, atomically: true, encoding: .utf8)
        serve.signal(SIGHUP)
        #expect(eventually(timeout: 30) { serve.output.contains("reload refused") }, "\(serve.output)")
        #expect(serve.output.contains("overflow.yaml:3:"), "\(serve.output)")
        #expect(serve.output.contains("layer.pipeline.vmin: vmin (-1e+308) is beyond ±3.4e38"), "\(serve.output)")
        #expect(serve.process.isRunning)
        #expect(try serve.client().fetch(tile).status == 200)
        #expect(try serve.client().fetch("/tiles/overflow/10/0/0.png").status == 404)

        // A pipeline that cannot take its source's bands is refused the same way.
        try "name: overflow\nsource: srtm90.tif\npipeline: {_target_: TrueColor}\n"
            .write(toFile: added, atomically: true, encoding: .utf8)
        serve.signal(SIGHUP)
        #expect(
            eventually(timeout: 30) { serve.output.components(separatedBy: "reload refused").count == 3 },
            "\(serve.output)")
        #expect(
            serve.output.contains(
                "layer.pipeline: TrueColor takes at least 4 bands, gets 1 from layer.source (bands [1])"),
            "\(serve.output)")
        #expect(serve.process.isRunning)
        #expect(try serve.client().fetch(tile).status == 200)
    }

    @Test func aBadLayerFileStopsStartUpWithItsLocation() throws {
        let directory = try temporaryDirectory("bad-start")
        try "name: dem\nsource: srtm90.tif\nresampling: sideways\npipeline: {_target_: Identity}\n"
            .write(toFile: directory + "/dem.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try ServeProcess(layers: directory)
            Issue.record("the server started with a bad layer file")
        } catch {
            #expect("\(error)".contains("dem.yaml:3:13: layer.resampling"), "\(error)")
        }
    }
}
