import CGDAL

/// One open GDAL dataset, closed when the handle goes away.
///
/// GDAL dataset handles are not thread-safe: a handle is used by one thread at a time (readers
/// keep their handles in a `ResourcePool`).
final class DatasetHandle {
    let pointer: GDALDatasetH

    private init(pointer: GDALDatasetH) {
        self.pointer = pointer
    }

    deinit { GDALClose(pointer) }

    /// Opens a raster read-only, or one of its overview levels (0 = the first overview), with
    /// any driver or only `drivers` (short names). Checks nothing: open through a
    /// `DatasetOpener`, which confines what GDAL reaches.
    static func open(_ path: String, overviewLevel: Int? = nil, drivers: [String]? = nil) throws(GDALError)
        -> DatasetHandle
    {
        var openOptions: [String] = []
        if let overviewLevel { openOptions.append("OVERVIEW_LEVEL=\(overviewLevel)") }
        let pointer = try GDALRuntime.call("opening \(path)") {
            withStringList(drivers ?? []) { allowed in
                withStringList(openOptions) { options in
                    GDALOpenEx(
                        path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR), readOnly(allowed),
                        readOnly(options), nil)
                }
            }
        }
        return DatasetHandle(pointer: pointer)
    }

    /// A new in-memory Float32 dataset, the destination of warps.
    static func memory(width: Int, height: Int, bands: Int) throws(GDALError) -> DatasetHandle {
        let pointer = try GDALRuntime.call("creating a \(width)×\(height) in-memory raster") { () -> GDALDatasetH? in
            guard let driver = GDALGetDriverByName("MEM") else { return nil }
            return GDALCreate(driver, "", Int32(width), Int32(height), Int32(bands), GDT_Float32, nil)
        }
        return DatasetHandle(pointer: pointer)
    }

    /// The files GDAL reads for the dataset open at `dataset`: the raster, a VRT's sources,
    /// sidecars such as `.ovr` and `.aux.xml`.
    static func fileList(of dataset: GDALDatasetH) -> [String] {
        guard let list = GDALGetFileList(dataset) else { return [] }
        defer { CSLDestroy(list) }
        var files = [String]()
        var index = 0
        while let entry = list[index] {
            files.append(String(cString: entry))
            index += 1
        }
        return files
    }

    var width: Int { Int(GDALGetRasterXSize(pointer)) }
    var height: Int { Int(GDALGetRasterYSize(pointer)) }
    var bandCount: Int { Int(GDALGetRasterCount(pointer)) }

    /// The band numbered from 1.
    func band(_ number: Int) -> GDALRasterBandH? {
        GDALGetRasterBand(pointer, Int32(number))
    }
}

/// Calls `body` with a NULL-terminated C string list (nil when `strings` is empty).
func withStringList<R>(_ strings: [String], _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> R) -> R {
    guard !strings.isEmpty else { return body(nil) }
    var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
    for string in strings { list = CSLAddString(list, string) }
    defer { CSLDestroy(list) }
    return body(list)
}

/// A string list as the `const char *const *` some GDAL functions take.
func readOnly(_ list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> UnsafePointer<UnsafePointer<CChar>?>? {
    list.map { UnsafeRawPointer($0).assumingMemoryBound(to: UnsafePointer<CChar>?.self) }
}
