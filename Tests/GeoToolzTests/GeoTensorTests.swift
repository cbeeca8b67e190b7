import GeoToolz
import Testing

@Suite struct GeoTensorTests {
    @Test func layoutIsBandMajor() {
        let tensor = ramp(bands: 2, height: 2, width: 3)
        #expect(tensor[0, 0, 0] == 0)
        #expect(tensor[0, 1, 2] == 5)
        #expect(tensor[1, 0, 0] == 6)
        #expect(Array(tensor.band(1)) == [6, 7, 8, 9, 10, 11])
        #expect(tensor.pixelCount == 6)
    }

    @Test func aPixelIsInvalidWhereAnyBandIsNotFinite() {
        var tensor = ramp(bands: 2, height: 1, width: 3)
        tensor[1, 0, 1] = .nan
        tensor[0, 0, 2] = .infinity
        #expect(tensor.isValid(row: 0, column: 0))
        #expect(!tensor.isValid(row: 0, column: 1))
        #expect(!tensor.isValid(row: 0, column: 2))
        #expect(abs(tensor.validFraction - 1.0 / 3.0) < 1e-12)
    }

    @Test func copiesAreIndependent() {
        let original = ramp()
        var copy = original
        copy[0, 0, 0] = 42
        #expect(original[0, 0, 0] == 0)
        #expect(copy[0, 0, 0] == 42)
    }

    @Test func croppingRemovesTheHaloAndMovesTheOrigin() {
        let transform = GeoTransform(originX: 100, pixelWidth: 10, originY: 500, pixelHeight: -10)
        let tensor = GeoTensor(
            bands: 2, height: 4, width: 4, values: (0..<32).map(Float.init), transform: transform, crs: "EPSG:3857")
        let inner = tensor.cropped(by: 1)
        #expect(inner.height == 2 && inner.width == 2 && inner.bands == 2)
        #expect(inner.values == [5, 6, 9, 10, 21, 22, 25, 26])
        #expect(inner.transform.originX == 110)
        #expect(inner.transform.originY == 490)
        #expect(inner.crs == "EPSG:3857")
        #expect(tensor.cropped(by: 0) == tensor)
    }

    @Test func nodataEqualsNodata() {
        var a = ramp()
        a[0, 0, 0] = .nan
        var b = a
        #expect(a == b)
        b[0, 0, 1] = .nan
        #expect(a != b)
    }

    @Test func geoTransformMapsPixelsToCoordinates() {
        let transform = GeoTransform(gdal: [-180, 0.5, 0, 90, 0, -0.5])
        let corner = transform.apply(column: 2, row: 4)
        #expect(corner.x == -179 && corner.y == 88)
        #expect(transform.offset(columns: -1, rows: -1).coefficients == [-180.5, 0.5, 0, 90.5, 0, -0.5])
    }
}
