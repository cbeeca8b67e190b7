import Foundation
import GeoToolz
import Testing

/// Terrain-RGB and Terrarium, checked against the formats' own decoding rules.
@Suite struct TerrainEncodingTests {
    typealias T = OperatorTesting

    /// Heights across both formats' ranges, with a nodata pixel.
    static let heights: [Float] = [-10000, -432.17, -0.05, 0, 0.04, 0.06, 1, 86.5, 4421.3, 8848.86, 32767.9, .nan]

    static func input() -> GeoTensor { T.row(heights) }

    /// The bytes of each pixel, as a tile encoder writes them (fractions of 255, rounded; nodata
    /// all zero, as it is drawn).
    static func bytes(_ output: GeoTensor) -> [(r: Int, g: Int, b: Int, a: Int)] {
        (0..<output.pixelCount).map { pixel in
            let byte = { (band: Int) in
                let value = output.values[band * output.pixelCount + pixel]
                return value.isFinite ? Int((value * 255).rounded()) : 0
            }
            return (byte(0), byte(1), byte(2), byte(3))
        }
    }

    @Test func terrainRGBDecodesToTheNearestTenthOfAMetre() throws {
        let output = try T.build(["_target_": "TerrainRGB"]).apply(Self.input())
        #expect(output.bands == 4)
        for (height, pixel) in zip(Self.heights, Self.bytes(output)) where height.isFinite {
            // Mapbox's rule: height = -10000 + (R * 256 * 256 + G * 256 + B) * 0.1
            let decoded = -10000 + Double(pixel.r * 65536 + pixel.g * 256 + pixel.b) * 0.1
            #expect(abs(decoded - Double(height)) <= 0.05 + 1e-3, "\(height) → \(decoded)")
            #expect(pixel.a == 255)
        }
    }

    @Test func terrainRGBTakesItsBaseAndInterval() throws {
        let op = try T.build(["_target_": "TerrainRGB", "base": -500, "interval": 0.01])
        let output = try op.apply(T.row([-500, 0, 123.456]))
        let decoded = Self.bytes(output).map { -500 + Double($0.r * 65536 + $0.g * 256 + $0.b) * 0.01 }
        #expect(zip(decoded, [-500.0, 0, 123.456]).allSatisfy { abs($0 - $1) <= 0.005 + 1e-4 }, "\(decoded)")
        // Below the base and above 24 bits: clamped, not wrapped.
        let clamped = Self.bytes(try op.apply(T.row([-600, 1e6])))
        #expect(clamped[0].r == 0 && clamped[0].g == 0 && clamped[0].b == 0)
        #expect(clamped[1].r == 255 && clamped[1].g == 255 && clamped[1].b == 255)
    }

    @Test func terrariumDecodesToA256thOfAMetre() throws {
        let output = try T.build(["_target_": "Terrarium"]).apply(Self.input())
        for (height, pixel) in zip(Self.heights, Self.bytes(output)) where height.isFinite {
            // Mapzen's rule: height = (R * 256 + G + B / 256) - 32768
            let decoded = Double(pixel.r * 256 + pixel.g) + Double(pixel.b) / 256 - 32768
            #expect(
                decoded <= Double(height) + 1e-3 && Double(height) - decoded < 1.0 / 256 + 1e-3,
                "\(height) → \(decoded)")
            #expect(pixel.a == 255)
        }
    }

    @Test(arguments: ["TerrainRGB", "Terrarium"])
    func nodataIsTransparentInEveryBand(_ name: String) throws {
        let output = try T.build(["_target_": .string(name)]).apply(Self.input())
        let last = Self.heights.count - 1
        #expect((0..<4).allSatisfy { output.values[$0 * output.pixelCount + last].isNaN })
    }

    @Test(arguments: ["TerrainRGB", "Terrarium"])
    func takesOneBandOfHeightsAndEndsAPipeline(_ name: String) throws {
        let op = try T.build(["_target_": .string(name)])
        #expect(T.applyError(op, GeoTensor(bands: 2, height: 1, width: 1, repeating: 0)) != nil)
        let pipeline = Sequential([try T.build(["_target_": "Scale", "scale": 2]), op])
        let values = try #require(pipeline.beforeFinalEncoding)
        #expect(try values.apply(T.row([3])).values == [6])
    }

    @Test func refusesAnIntervalThatIsNotPositive() {
        let error = T.buildError(["_target_": "TerrainRGB", "interval": 0])
        #expect(error?.description.contains("interval must be greater than 0") == true, "\(String(describing: error))")
    }
}
