import GeoToolz

/// A small tensor whose values are 0, 1, 2, … in band-major order.
func ramp(bands: Int = 1, height: Int = 2, width: Int = 2) -> GeoTensor {
    GeoTensor(
        bands: bands, height: height, width: width,
        values: (0..<(bands * height * width)).map(Float.init))
}
