import CGDAL

/// GDAL configuration options set on the calling thread only, for the length of one call.
///
/// Configuration options are otherwise process-wide, while confinement belongs to a data
/// directory: thread-local values let a confined open and an open with virtual file systems
/// allowed run side by side. GDAL reads thread-local values before process-wide ones.
enum ThreadConfig {
    /// Runs `body` with `options` set on this thread, then puts back what was there.
    static func with<T, E: Error>(_ options: [(key: String, value: String)], _ body: () throws(E) -> T) throws(E)
        -> T
    {
        guard !options.isEmpty else { return try body() }
        let previous = options.map { option in
            CPLGetThreadLocalConfigOption(option.key, nil).map { String(cString: $0) }
        }
        for option in options { CPLSetThreadLocalConfigOption(option.key, option.value) }
        defer {
            for (option, value) in zip(options, previous) {
                if let value {
                    CPLSetThreadLocalConfigOption(option.key, value)
                } else {
                    CPLSetThreadLocalConfigOption(option.key, nil)
                }
            }
        }
        return try body()
    }
}

extension SourceConfinement {
    /// Options that keep GDAL off the network while virtual file systems are not allowed.
    ///
    /// `/vsicurl/` and the cloud handlers built on it (`/vsis3/`, `/vsigs/`, …) fetch only the
    /// one file named by `CPL_VSIL_CURL_ALLOWED_FILENAME`; the streaming handlers ignore it but
    /// fetch only names ending in an extension of `CPL_VSIL_CURL_ALLOWED_EXTENSIONS`. Both are set
    /// to names no layer uses. This backs up the reference checks: they refuse such names first.
    var threadOptions: [(key: String, value: String)] {
        guard !allowsVirtualFileSystems else { return [] }
        return [
            ("CPL_VSIL_CURL_ALLOWED_FILENAME", "/geotoolz/network-disabled"),
            ("CPL_VSIL_CURL_ALLOWED_EXTENSIONS", ".geotoolz-network-disabled"),
        ]
    }

    /// Runs `body`, a GDAL open or read of a confined raster, with the network options in force.
    func guarding<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try ThreadConfig.with(threadOptions, body)
    }
}
