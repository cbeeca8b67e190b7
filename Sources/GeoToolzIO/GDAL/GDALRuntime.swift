import CGDAL

/// Process-wide GDAL set-up, done once, and the error capture every GDAL call goes through.
enum GDALRuntime {
    /// Registers GDAL's drivers; Swift runs a global's initialiser once, thread-safely.
    ///
    /// A VRT may carry Python pixel functions; no layer needs them, so they stay off for the
    /// whole process. The network options, which depend on the data directory, are set per
    /// call instead (see `SourceConfinement.guarding`).
    private static let registered: Void = {
        CPLSetConfigOption("GDAL_VRT_ENABLE_PYTHON", "NO")
        GDALAllRegister()
    }()

    /// Makes sure the drivers are registered.
    static func ensureRegistered() {
        _ = registered
    }

    /// Runs `body` with GDAL's messages captured instead of printed, and turns a GDAL failure
    /// into a `GDALError` carrying GDAL's last message on this thread.
    static func call<T>(_ context: @autoclosure () -> String, _ body: () -> T?) throws(GDALError) -> T {
        ensureRegistered()
        // The handler stack and the last error are per thread, so concurrent reads do not mix.
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        CPLErrorReset()
        let result = body()
        let failed = CPLGetLastErrorType().rawValue >= CE_Failure.rawValue
        guard let result, !failed else {
            let message = String(cString: CPLGetLastErrorMsg())
            throw GDALError(context(), message.isEmpty ? "GDAL reported a failure" : message)
        }
        return result
    }

    /// Runs a GDAL call returning a `CPLErr`, failing on anything worse than a warning.
    static func check(_ context: @autoclosure () -> String, _ body: () -> CPLErr) throws(GDALError) {
        let _: Bool = try call(context()) { body().rawValue < CE_Failure.rawValue ? true : nil }
    }
}
