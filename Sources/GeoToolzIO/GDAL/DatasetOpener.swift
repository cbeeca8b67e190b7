/// The one way a raster is opened for reading: through its confinement when it has one, so every
/// handle (the first, each thread's, each overview's) passes the same checks.
struct DatasetOpener: Sendable {
    /// What GDAL may reach; nil opens whatever the caller names (a path the caller vetted).
    let confinement: SourceConfinement?
    /// Whether refusals leave out paths outside the data directory: set for opens made while
    /// serving, whose errors reach HTTP clients.
    var redactsRefusals = false

    /// Checks `path` and everything it references, opens it with the allowed drivers, then
    /// checks the files GDAL says the opened dataset uses.
    func open(_ path: String, overviewLevel: Int? = nil) throws(GDALError) -> DatasetHandle {
        guard let confinement else { return try DatasetHandle.open(path, overviewLevel: overviewLevel) }
        return try confinement.guarding { () throws(GDALError) -> DatasetHandle in
            GDALRuntime.ensureRegistered()
            let check = ConfinementCheck(confinement)
            do throws(SourceRefusal) {
                try check.vet(path)
            } catch {
                throw refused(error)
            }
            let handle = try DatasetHandle.open(path, overviewLevel: overviewLevel, drivers: confinement.drivers)
            do throws(SourceRefusal) {
                try check.vetFileList(of: handle.pointer, opened: confinement.display(path))
            } catch {
                throw refused(error)
            }
            return handle
        }
    }

    /// Runs a read of an opened raster with the same network options as its open: a VRT opens
    /// its sources lazily, on the first read that needs them.
    func guarding<T>(_ body: () throws(GDALError) -> T) throws(GDALError) -> T {
        guard let confinement else { return try body() }
        return try confinement.guarding(body)
    }

    /// An opener whose refusals are safe to show to HTTP clients.
    var redacted: DatasetOpener {
        var copy = self
        copy.redactsRefusals = true
        return copy
    }

    private func refused(_ refusal: SourceRefusal) -> GDALError {
        GDALError(refusing: redactsRefusals ? refusal.publicMessage : refusal.message)
    }
}
