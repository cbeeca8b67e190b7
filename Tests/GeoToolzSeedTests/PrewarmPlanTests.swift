import Foundation
import GeoToolzIO
import Testing

@testable import GeoToolzSeed

/// The seeding plan and its shards, checked against tile math done independently (the slippy-map
/// formulas from longitude/latitude), not against `WebMercatorQuad`.
@Suite struct PrewarmPlanTests {
    /// The SRTM sample's corners (gdalinfo), away from tile edges at the zooms tested.
    static let sierra = GeoBounds(west: -120.7559273, south: 36.6340110, east: -117.3045102, north: 38.6269234)

    static func extent(_ name: String = "dem", _ bounds: GeoBounds = sierra, zooms: ClosedRange<Int> = 0...24)
        -> LayerExtent
    {
        LayerExtent(name: name, zooms: zooms, bounds: bounds.mercator, identity: "id-\(name)")
    }

    /// Column and row ranges of the tiles over `bounds` at `zoom`, from the slippy-map formulas.
    static func expectedRange(_ bounds: GeoBounds, zoom: Int) -> (x: ClosedRange<Int>, y: ClosedRange<Int>) {
        let n = Double(1 << zoom)
        func column(_ longitude: Double) -> Int { Int(((longitude + 180) / 360 * n).rounded(.down)) }
        func row(_ latitude: Double) -> Int {
            let radians = latitude * .pi / 180
            return Int(((1 - asinh(tan(radians)) / .pi) / 2 * n).rounded(.down))
        }
        return (column(bounds.west)...column(bounds.east), row(bounds.north)...row(bounds.south))
    }

    @Test func countsPerZoomMatchTheTileMath() {
        let plan = TilePlan(layers: [Self.extent()], zooms: 0...16)
        #expect(plan.blocks.map(\.zoom) == Array(0...16))
        var total = 0
        for block in plan.blocks {
            let expected = Self.expectedRange(Self.sierra, zoom: block.zoom)
            #expect(block.columns == expected.x && block.rows == expected.y, "zoom \(block.zoom)")
            #expect(block.count == expected.x.count * expected.y.count)
            #expect(block.start == total)
            total += block.count
        }
        #expect(plan.count == total)
        // At zoom 16 the plan holds about 200 000 tiles without listing any.
        #expect(plan.blocks.last!.count > 150_000)
    }

    @Test func anAreaIsIntersectedWithTheData() {
        let area = GeoBounds(west: -125, south: 30, east: -119.2, north: 37.41)
        let plan = TilePlan(layers: [Self.extent()], zooms: 8...12, area: area)
        let both = GeoBounds(west: Self.sierra.west, south: Self.sierra.south, east: -119.2, north: 37.41)
        for block in plan.blocks {
            let expected = Self.expectedRange(both, zoom: block.zoom)
            #expect(block.columns == expected.x && block.rows == expected.y, "zoom \(block.zoom)")
        }
        let elsewhere = GeoBounds(west: 10, south: 40, east: 11, north: 41)
        #expect(TilePlan(layers: [Self.extent()], zooms: 0...12, area: elsewhere).count == 0)
    }

    @Test func eachLayersZoomRangeCapsTheRequest() {
        let plan = TilePlan(
            layers: [Self.extent("a", zooms: 6...9), Self.extent("b", zooms: 12...14)], zooms: 8...12)
        #expect(plan.blocks.map { "\(plan.layers[$0.layer].name)\($0.zoom)" } == ["a8", "a9", "b12"])
    }

    @Test func itemsRunLayerZoomRowThenColumnAndIndexBack() throws {
        let plan = TilePlan(layers: [Self.extent("a"), Self.extent("b")], zooms: 6...10)
        var previous: (layer: Int, zoom: Int, y: Int, x: Int)?
        var seen = Set<String>()
        for index in 0..<plan.count {
            let item = plan.item(at: index)
            #expect(item.index == index)
            let key = (item.layer, item.tile.zoom, item.tile.y, item.tile.x)
            if let previous { #expect(previous < key) }
            previous = key
            let name = plan.layers[item.layer].name
            #expect(plan.index(layer: name, tile: item.tile) == index)
            #expect(
                WebMercatorQuad.bounds(of: try #require(item.tile.mercatorTile)).intersects(
                    plan.layers[item.layer].bounds))
            seen.insert("\(name)/\(item.tile)")
        }
        #expect(seen.count == plan.count)
        #expect(plan.index(layer: "a", tile: GridTile(try TileID(zoom: 6, x: 0, y: 0))) == nil)
        #expect(plan.index(layer: "c", tile: plan.item(at: 0).tile) == nil)
        #expect(plan.index(layer: "a", tile: GridTile(try TileID(zoom: 11, x: 337, y: 790))) == nil)
    }

    @Test func aPlanInWorldCRS84QuadCoversTheLayerInLongitudeAndLatitude() throws {
        let extent = Self.extent("a")
        let plan = TilePlan(layers: [extent], zooms: 6...8, grid: .worldCRS84Quad)
        let geographic = extent.bounds.geographic
        for index in 0..<plan.count {
            let tile = plan.item(at: index).tile
            #expect(tile.grid == .worldCRS84Quad)
            let bounds = TileMatrixSet.worldCRS84Quad.bounds(zoom: tile.zoom, x: tile.x, y: tile.y)
            // Every planned tile shares area with the layer's longitude/latitude box.
            #expect(
                bounds.minX < geographic.east && bounds.maxX > geographic.west && bounds.minY < geographic.north
                    && bounds.maxY > geographic.south, "\(tile)")
            #expect(plan.index(layer: "a", tile: tile) == index)
        }
        // The same numbers in WebMercatorQuad are not this plan's tiles.
        let first = plan.item(at: 0).tile
        #expect(plan.index(layer: "a", tile: GridTile(try TileID(zoom: first.zoom, x: first.x, y: first.y))) == nil)
        // Each zoom covers the box: 180/2^z degrees a tile.
        let span = 180.0 / 64
        let columns =
            Int(((geographic.east + 180) / span).rounded(.up)) - Int(((geographic.west + 180) / span).rounded(.down))
        #expect(plan.blocks.first?.columns.count == columns)
    }

    @Test func shardsPartitionThePlan() throws {
        for total in [0, 1, 2, 7, 100, 101] {
            for count in 1...7 {
                var owner = [Int?](repeating: nil, count: total)
                var sizes = [Int]()
                for number in 1...count {
                    let shard = try Shard(number: number, count: count)
                    let size = shard.members(below: total)
                    sizes.append(size)
                    #expect(shard.count(in: 0..<total) == size)
                    for member in 0..<size {
                        let index = shard.planIndex(ofMember: member)
                        #expect(shard.contains(index))
                        #expect(owner[index] == nil, "index \(index) in two shards")
                        owner[index] = number
                    }
                }
                #expect(owner.allSatisfy { $0 != nil }, "\(total) tiles in \(count) shards")
                #expect((sizes.max() ?? 0) - (sizes.min() ?? 0) <= 1)
            }
        }
        let plan = TilePlan(layers: [Self.extent()], zooms: 6...11)
        var perBlock = [Int](repeating: 0, count: plan.blocks.count)
        for number in 1...3 {
            for (index, entry) in try plan.counts(in: Shard(number: number, count: 3)).enumerated() {
                perBlock[index] += entry.tiles
            }
        }
        #expect(perBlock == plan.blocks.map(\.count))
    }

    @Test func shardsAreWrittenFromOne() throws {
        #expect(try Shard(parsing: "1/3") == Shard(number: 1, count: 3))
        #expect(try Shard(parsing: "3/3").number == 3)
        for bad in ["0/3", "4/3", "1/0", "-1/3", "2", "a/b", "1/2/3", "", "/3"] {
            #expect(throws: PrewarmError.self, "\(bad)") { try Shard(parsing: bad) }
        }
    }
}
