import CGDAL

/// Every band of an open dataset as bytes, row by row, as GDAL's driver decodes them: what the
/// independent decoders of the tile formats read back. `what` names the format in failures.
func byteBands(of dataset: GDALDatasetH, what: String) throws -> (width: Int, height: Int, bands: [[UInt8]]) {
    let width = Int(GDALGetRasterXSize(dataset))
    let height = Int(GDALGetRasterYSize(dataset))
    var bands = [[UInt8]]()
    for number in 1...Int(GDALGetRasterCount(dataset)) {
        var bytes = [UInt8](repeating: 0, count: width * height)
        let status = GDALRasterIO(
            GDALGetRasterBand(dataset, Int32(number)), GF_Read, 0, 0, Int32(width), Int32(height), &bytes,
            Int32(width), Int32(height), GDT_Byte, 0, 0)
        guard status == CE_None else {
            throw GDALTool.Failure(description: "cannot decode the \(what): \(String(cString: CPLGetLastErrorMsg()))")
        }
        bands.append(bytes)
    }
    return (width, height, bands)
}
