import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// Real tiles of the demo layers as `Layer.render` has them just before encoding, for the
/// encoder tests.
enum SampleTiles {
    static func layer(_ name: String) throws -> Layer {
        try #require(try DemoLayerTests.catalog.get().layer(named: name), "no demo layer \(name)")
    }

    /// The pixels of `tile`, rendered through the layer's pipeline.
    static func tensor(_ layer: Layer, _ tile: TileID, scale: Int = 1) throws -> GeoTensor {
        try layer.process(RasterWindow(tile: tile, tileSize: scale * WebMercatorQuad.tileSize))
    }

    /// The tile at the centre of the layer's data: data everywhere.
    static func centre(of layer: Layer, zoom: Int) throws -> TileID {
        let bounds = layer.mercatorBounds
        return try WebMercatorQuad.tile(
            containingX: (bounds.minX + bounds.maxX) / 2, y: (bounds.minY + bounds.maxY) / 2, zoom: zoom)
    }

    /// The tile over the north-west corner of the layer's data: data in its south-east part,
    /// transparent elsewhere.
    static func corner(of layer: Layer, zoom: Int) throws -> TileID {
        let bounds = layer.mercatorBounds
        return try WebMercatorQuad.tile(containingX: bounds.minX + 1, y: bounds.maxY - 1, zoom: zoom)
    }

    /// Median wall time of `runs` calls of `body`, in milliseconds.
    static func medianMilliseconds(runs: Int = 7, _ body: () throws -> Void) rethrows -> Double {
        var times = [Double]()
        for _ in 0..<runs {
            let started = ContinuousClock.now
            try body()
            let elapsed = ContinuousClock.now - started
            times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1e3)
        }
        return times.sorted()[runs / 2]
    }
}
