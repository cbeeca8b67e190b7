import Foundation
import Testing

/// The binary refuses layers whose rasters reach outside the data directory through a VRT.
@Suite struct DataConfinementCommandTests {
    @Test func renderRefusesAVRTOverEtcPasswdAndSaysWhere() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geotoolz-cli-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["layers", "data"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + name, withIntermediateDirectories: true)
        }
        try """
        <VRTDataset rasterXSize="8" rasterYSize="4">
          <SRS>EPSG:4326</SRS>
          <GeoTransform>-120, 0.1, 0, 40, 0, -0.1</GeoTransform>
          <VRTRasterBand dataType="Byte" band="1" subClass="VRTRawRasterBand">
            <SourceFilename relativeToVRT="0">/etc/passwd</SourceFilename>
            <ImageOffset>0</ImageOffset><PixelOffset>1</PixelOffset><LineOffset>8</LineOffset>
          </VRTRasterBand>
        </VRTDataset>
        """.write(toFile: folder + "/data/passwd.vrt", atomically: true, encoding: .utf8)
        let layer = folder + "/layers/passwd.yaml"
        try "source: passwd.vrt\npipeline: {_target_: Identity}\n".write(
            toFile: layer, atomically: true, encoding: .utf8)
        let result = try GeoToolzBinary.run([
            "render", "--layers", folder + "/layers", "--data", folder + "/data", "--layer", "passwd", "--tile",
            "0/0/0", "--output", folder + "/tile.png",
        ])
        #expect(result.status != 0)
        #expect(
            result.standardError.contains(
                "\(layer):1:9: layer.source: passwd.vrt references /etc/passwd (VRTRawRasterBand), "
                    + "outside the data directory"),
            "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/tile.png"))
    }
}
