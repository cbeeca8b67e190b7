import Foundation
import GeoToolz
import TestSupport
import Testing

@testable import GeoToolzIO

#if canImport(Glibc)
    import Glibc
#endif

/// A data directory with a small GeoTIFF inside it, another outside it, and layer files that
/// name VRTs written into it.
private final class ConfinedData {
    let scratch: Scratch
    let data: String
    let outside: String
    /// A small GeoTIFF outside the data directory.
    let outsideTIFF: String
    /// `dem.tif` as a VRT, written by GDAL.
    private let template: String

    init() throws {
        scratch = try Scratch()
        data = scratch.path + "/data"
        outside = scratch.path + "/outside"
        for folder in [data, outside, data + "/sub"] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        outsideTIFF = outside + "/secret.tif"
        try GDALTool.run("gdal_translate", ["-q", "-srcwin", "0", "0", "300", "200", try SampleData.srtm, outsideTIFF])
        try GDALTool.run(
            "gdal_translate", ["-q", "-srcwin", "0", "0", "300", "200", try SampleData.srtm, data + "/dem.tif"])
        let written = data + "/template.vrt"
        try GDALTool.run("gdal_translate", ["-q", "-of", "VRT", data + "/dem.tif", written])
        template = try String(contentsOfFile: written, encoding: .utf8)
        try FileManager.default.removeItem(atPath: written)
    }

    var directory: DataDirectory { get throws { try DataDirectory(data) } }

    /// Writes `text` into the data directory.
    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: data + "/" + name, atomically: true, encoding: .utf8)
    }

    /// A VRT of `dem.tif` as `gdal_translate -of VRT` writes it, with its source replaced by
    /// `source` inside an `element`.
    func writeVRT(_ name: String, source: String, relativeToVRT: Bool = false, element: String = "ComplexSource")
        throws
    {
        try write(
            name,
            template.replacingOccurrences(
                of: #"<SourceFilename relativeToVRT="1">dem.tif</SourceFilename>"#,
                with: #"<SourceFilename relativeToVRT="\#(relativeToVRT ? 1 : 0)">\#(source)</SourceFilename>"#
            ).replacingOccurrences(of: "SimpleSource>", with: element + ">"))
    }

    /// Loads a layer whose source is `source`, from a layer file written for it.
    func load(_ source: String) throws -> Layer {
        let file = try scratch.write("layer.yaml", "source: \(source)\n\(LayerFileTests.identity)\n")
        return try LayerCatalog.loadLayer(file: file, dataDirectory: directory)
    }

    /// The located error loading a layer whose source is `source`.
    func refusal(_ source: String) throws -> ConfigError {
        try #require(throws: ConfigError.self) { try self.load(source) }
    }
}

/// A loopback TCP listener that counts the connections made to it and closes each at once, so
/// a client that did connect fails fast instead of waiting for a reply.
private final class ConnectionCounter: @unchecked Sendable {
    // Safe to send: `count` and `stopped` are only touched under `lock`.
    let port: Int
    private let descriptor: Int32
    private let lock = NSLock()
    private var count = 0
    private var stopped = false

    init() throws {
        port = freeLoopbackPort()
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        try #require(bound && listen(descriptor, 64) == 0, "cannot listen on 127.0.0.1:\(port)")
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        Thread.detachNewThread { [self] in
            while lock.withLock({ !stopped }) {
                var waiting = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                _ = poll(&waiting, 1, 50)
                _ = accepted()
            }
        }
    }

    /// Stops accepting; the socket closes once the accepting thread has seen it.
    func stop() {
        lock.withLock { stopped = true }
    }

    deinit { close(descriptor) }

    /// Connections made so far. A connection a client made has finished its handshake, and
    /// waits in the backlog, by the time the call that made it returns: it is counted here
    /// even when the accepting thread has not reached it yet.
    @discardableResult
    func accepted() -> Int {
        lock.withLock {
            while case let connection = accept(descriptor, nil, nil), connection >= 0 {
                close(connection)
                count += 1
            }
            return count
        }
    }
}

@Suite struct DataConfinementTests {
    @Test func aRawBandOverEtcPasswdIsRefusedAtLoad() throws {
        let fixture = try ConfinedData()
        try fixture.write(
            "passwd.vrt",
            """
            <VRTDataset rasterXSize="8" rasterYSize="4">
              <SRS>EPSG:4326</SRS>
              <GeoTransform>-120, 0.1, 0, 40, 0, -0.1</GeoTransform>
              <VRTRasterBand dataType="Byte" band="1" subClass="VRTRawRasterBand">
                <SourceFilename relativeToVRT="0">/etc/passwd</SourceFilename>
                <ImageOffset>0</ImageOffset><PixelOffset>1</PixelOffset><LineOffset>8</LineOffset>
              </VRTRasterBand>
            </VRTDataset>
            """)
        let error = try fixture.refusal("passwd.vrt")
        #expect(error.path.description == "layer.source")
        #expect(error.location?.line == 1)
        #expect(
            error.message.contains("passwd.vrt references /etc/passwd (VRTRawRasterBand), outside the data directory"),
            "\(error)")
    }

    @Test func aSourceOutsideTheDataDirectoryIsRefused() throws {
        let fixture = try ConfinedData()
        try fixture.writeVRT("secret.vrt", source: fixture.outsideTIFF)
        let error = try fixture.refusal("secret.vrt")
        #expect(error.path.description == "layer.source")
        #expect(
            error.message.contains(
                "secret.vrt references \(fixture.outsideTIFF) (ComplexSource), outside the data directory"),
            "\(error)")
    }

    @Test func aNestedVRTReachingOutsideIsRefused() throws {
        let fixture = try ConfinedData()
        try fixture.writeVRT("inner.vrt", source: fixture.outsideTIFF, element: "SimpleSource")
        try fixture.writeVRT("outer.vrt", source: "inner.vrt", relativeToVRT: true)
        let error = try fixture.refusal("outer.vrt")
        #expect(
            error.message.contains("outer.vrt → inner.vrt references \(fixture.outsideTIFF) (SimpleSource)"),
            "\(error)")
    }

    @Test func aRelativeSourceClimbingOutIsRefused() throws {
        let fixture = try ConfinedData()
        try fixture.writeVRT("sub/climb.vrt", source: "../../outside/secret.tif", relativeToVRT: true)
        let error = try fixture.refusal("sub/climb.vrt")
        #expect(
            error.message.contains(
                "sub/climb.vrt references ../../outside/secret.tif (ComplexSource), which resolves to "),
            "\(error)")
        #expect(error.message.hasSuffix("outside the data directory"), "\(error)")
    }

    @Test func aSymbolicLinkLeadingOutIsRefused() throws {
        let fixture = try ConfinedData()
        try FileManager.default.createSymbolicLink(
            atPath: fixture.data + "/link.tif", withDestinationPath: fixture.outsideTIFF)
        try fixture.writeVRT("link.vrt", source: "link.tif", relativeToVRT: true)
        let error = try fixture.refusal("link.vrt")
        #expect(
            error.message.contains("link.vrt references link.tif (ComplexSource), which resolves to "),
            "\(error)")
    }

    @Test func aSidecarOverviewLeadingOutIsRefused() throws {
        let fixture = try ConfinedData()
        let overviews = fixture.outside + "/elsewhere.ovr"
        try GDALTool.run(
            "gdal_translate", ["-q", "-of", "GTiff", "-outsize", "150", "100", fixture.outsideTIFF, overviews])
        try FileManager.default.createSymbolicLink(
            atPath: fixture.data + "/dem.tif.ovr", withDestinationPath: overviews)
        let error = try fixture.refusal("dem.tif")
        #expect(error.path.description == "layer.source")
        #expect(
            error.message.contains("dem.tif references \(fixture.data)/dem.tif.ovr, outside the data directory"),
            "\(error)")
    }

    @Test func aVRTReferencingItselfIsRefused() throws {
        let fixture = try ConfinedData()
        try fixture.writeVRT("loop.vrt", source: "loop.vrt", relativeToVRT: true)
        let error = try fixture.refusal("loop.vrt")
        #expect(error.message.contains("nest more than"), "\(error)")
    }

    @Test func aVSICurlSourceIsRefusedWithoutConnecting() throws {
        let listener = try ConnectionCounter()
        defer { listener.stop() }
        let fixture = try ConfinedData()
        try fixture.writeVRT("remote.vrt", source: "/vsicurl/http://127.0.0.1:\(listener.port)/x.tif")
        var refusal: ConfigError?
        do { _ = try fixture.load("remote.vrt") } catch let error as ConfigError { refusal = error }
        #expect(listener.accepted() == 0, "GDAL connected to the listener")
        let error = try #require(refusal, "the layer loaded")
        #expect(error.message.contains("remote.vrt references /vsicurl/http://127.0.0.1:"), "\(error)")
        #expect(error.message.contains("refused unless virtual file systems are allowed"), "\(error)")
        #expect(listener.accepted() == 0)
        // The listener does count: a connection of our own shows up.
        #expect(isListening(listener.port))
        #expect(listener.accepted() == 1)
    }

    @Test func aRasterOfAForbiddenDriverIsRefusedWithoutConnecting() throws {
        let listener = try ConnectionCounter()
        defer { listener.stop() }
        let fixture = try ConfinedData()
        // A WMS description is an XML file inside the data directory that makes GDAL fetch URLs.
        try fixture.write(
            "tiles.xml",
            """
            <GDAL_WMS>
              <Service name="TMS"><ServerUrl>http://127.0.0.1:\(listener.port)/${z}/${x}/${y}.png</ServerUrl></Service>
              <DataWindow><UpperLeftX>-20037508.34</UpperLeftX><UpperLeftY>20037508.34</UpperLeftY>
                <LowerRightX>20037508.34</LowerRightX><LowerRightY>-20037508.34</LowerRightY>
                <TileLevel>1</TileLevel><TileCountX>1</TileCountX><TileCountY>1</TileCountY></DataWindow>
              <Projection>EPSG:3857</Projection><BlockSizeX>256</BlockSizeX><BlockSizeY>256</BlockSizeY>
              <BandsCount>1</BandsCount>
            </GDAL_WMS>
            """)
        try fixture.writeVRT("wms.vrt", source: "tiles.xml", relativeToVRT: true)
        var refusal: ConfigError?
        do { _ = try fixture.load("wms.vrt") } catch let error as ConfigError { refusal = error }
        #expect(listener.accepted() == 0, "GDAL connected to the listener")
        let error = try #require(refusal, "the layer loaded")
        #expect(error.message.contains("wms.vrt → tiles.xml is a WMS raster"), "\(error)")
        #expect(listener.accepted() == 0)
    }

    @Test func theNetworkOptionsStopVSICurlEvenWhenAskedDirectly() throws {
        let listener = try ConnectionCounter()
        defer { listener.stop() }
        let confinement = SourceConfinement(root: try Scratch().path)
        #expect(throws: GDALError.self) {
            try confinement.guarding { () throws(GDALError) in
                try DatasetHandle.open("/vsicurl/http://127.0.0.1:\(listener.port)/x.tif")
            }
        }
        #expect(listener.accepted() == 0)
        // Outside the options, the same open does reach the listener (another name, so no cached
        // answer about the first is reused), and virtual file systems allowed add no options.
        #expect(throws: GDALError.self) {
            try DatasetHandle.open("/vsicurl/http://127.0.0.1:\(listener.port)/y.tif")
        }
        #expect(listener.accepted() > 0)
        #expect(SourceConfinement(root: "/", allowsVirtualFileSystems: true).threadOptions.isEmpty)
    }

    @Test func legitimateVRTsInsideRenderLikeTheirSource() throws {
        let fixture = try ConfinedData()
        try GDALTool.run("gdal_translate", ["-q", "-of", "VRT", fixture.data + "/dem.tif", fixture.data + "/dem.vrt"])
        try fixture.writeVRT("sub/up.vrt", source: "../dem.tif", relativeToVRT: true)
        try fixture.writeVRT("nested.vrt", source: "dem.vrt", relativeToVRT: true)
        try FileManager.default.createSymbolicLink(atPath: fixture.data + "/alias.tif", withDestinationPath: "dem.tif")
        try fixture.writeVRT("alias.vrt", source: "alias.tif", relativeToVRT: true)
        let direct = try fixture.load("dem.tif")
        let bounds = direct.mercatorBounds
        let tile = try WebMercatorQuad.tile(
            containingX: (bounds.minX + bounds.maxX) / 2, y: (bounds.minY + bounds.maxY) / 2, zoom: 8)
        let expected = try direct.render(tile).data
        for source in ["dem.vrt", "sub/up.vrt", "nested.vrt", "alias.vrt"] {
            let layer = try fixture.load(source)
            #expect(try layer.render(tile).data == expected, "\(source)")
        }
    }
}
