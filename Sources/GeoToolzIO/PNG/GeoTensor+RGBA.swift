import GeoToolz

extension GeoTensor {
    /// The tile as the PNG encoder sees it: 8-bit RGBA, row by row (a colormapped tile through its
    /// palette; nodata fully transparent). Lets callers compare what two renders show without
    /// encoding and decoding them.
    public func rgbaPixels() throws(PNGError) -> [UInt8] {
        try RGBAImage.converting(self)
    }
}
