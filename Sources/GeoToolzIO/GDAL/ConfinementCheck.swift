import CGDAL
import Foundation

/// Follows everything a raster makes GDAL read, before GDAL opens it, and refuses any file
/// outside the confinement's root, any virtual file system or connection string (unless
/// allowed), and any driver outside the allowed ones.
///
/// A VRT's references are read from its XML and resolved the way GDAL 3.6 resolves them
/// (`relativeToVRT`, the directory of the VRT after its own symbolic links), then through every
/// symbolic link; a referenced VRT is followed in turn. A referenced raster of another format is
/// opened (with the allowed drivers only) so its sidecar files are checked too.
final class ConfinementCheck {
    private let confinement: SourceConfinement
    /// Canonical paths of the non-VRT rasters already checked in this walk.
    private var checked = Set<String>()

    init(_ confinement: SourceConfinement) {
        self.confinement = confinement
    }

    /// Checks the raster GDAL is about to open at `path` and all it references.
    func vet(_ path: String) throws(SourceRefusal) {
        if SourceConfinement.isVirtual(path) {
            guard confinement.allowsVirtualFileSystems else {
                throw SourceRefusal(
                    "'\(path)' is a GDAL virtual file system path or connection string; "
                        + "these are refused unless virtual file systems are allowed",
                    publicMessage: "the source is a virtual file system path, which is not allowed")
            }
            return
        }
        guard let canonical = canonicalPath(path) else {
            throw SourceRefusal("\(path) does not exist", publicMessage: "the source does not exist")
        }
        guard confinement.contains(canonical: canonical) else {
            throw SourceRefusal(
                "\(path) is outside the data directory \(confinement.root)",
                publicMessage: "the source is outside the data directory")
        }
        try vetRaster(path, canonical: canonical, via: [], depth: 0)
    }

    /// Checks the files GDAL lists for an opened dataset (the raster and its sidecars).
    func vetFileList(of dataset: GDALDatasetH, opened path: String) throws(SourceRefusal) {
        for file in DatasetHandle.fileList(of: dataset) {
            if SourceConfinement.isVirtual(file) {
                guard confinement.allowsVirtualFileSystems else {
                    throw refusal(via: [path], reads: file, kind: nil, because: "a GDAL virtual file system path")
                }
                continue
            }
            guard let canonical = canonicalPath(file), confinement.contains(canonical: canonical) else {
                throw refusal(via: [path], reads: file, kind: nil, because: "outside the data directory")
            }
        }
    }

    /// Checks a raster file known to be inside the root: its driver, then what it references.
    private func vetRaster(_ path: String, canonical: String, via: [String], depth: Int) throws(SourceRefusal) {
        let here = via + [confinement.display(path)]
        let driver = Self.driver(of: path)
        guard let driver, confinement.drivers.contains(driver) else {
            let format = driver.map { "a \($0) raster" } ?? "not a raster GDAL recognises"
            throw SourceRefusal(
                "\(Self.chain(here)) is \(format); the drivers allowed are "
                    + confinement.drivers.joined(separator: ", "),
                publicMessage: "\(confinement.display(path)) is not in an allowed raster format")
        }
        if driver == "VRT" {
            try vetVRT(path, canonical: canonical, here: here, depth: depth)
        } else if !via.isEmpty, checked.insert(canonical).inserted {
            try vetSidecars(path, here: here)
        }
    }

    private func vetVRT(_ path: String, canonical: String, here: [String], depth: Int) throws(SourceRefusal) {
        guard depth < SourceConfinement.maximumNesting else {
            throw SourceRefusal(
                "\(Self.chain(here)): VRTs nest more than \(SourceConfinement.maximumNesting) deep "
                    + "(does one reference itself?)",
                publicMessage: "the source's VRTs nest too deep")
        }
        guard let references = VRTReferences.read(path) else {
            throw SourceRefusal(
                "\(Self.chain(here)) cannot be read as VRT XML", publicMessage: "the source is not valid VRT XML")
        }
        // GDAL resolves relative names from the directory of the VRT after following the VRT's
        // own symbolic links; the kernel then resolves any directory link, so the canonical
        // directory reaches the same files.
        let directory = (canonical as NSString).deletingLastPathComponent
        for reference in references {
            try vetReference(reference, directory: directory, via: here, depth: depth)
        }
    }

    private func vetReference(_ reference: VRTReference, directory: String, via: [String], depth: Int)
        throws(SourceRefusal)
    {
        let name = reference.name
        guard !name.isEmpty else {
            throw refusal(via: via, reads: "an empty file name", kind: reference.kind, because: "not a file")
        }
        if SourceConfinement.isVirtual(name) {
            guard confinement.allowsVirtualFileSystems else {
                throw refusal(
                    via: via, reads: name, kind: reference.kind,
                    because: "a GDAL virtual file system path or connection string, refused unless "
                        + "virtual file systems are allowed")
            }
            return
        }
        let base = reference.relativeToVRT ? directory : FileManager.default.currentDirectoryPath
        let path = name.hasPrefix("/") ? name : base + "/" + name
        guard let canonical = canonicalPath(path) else {
            throw refusal(via: via, reads: name, kind: reference.kind, because: "which does not exist")
        }
        guard confinement.contains(canonical: canonical) else {
            let resolved = canonical == name ? "" : "which resolves to \(canonical), "
            throw refusal(
                via: via, reads: name, kind: reference.kind, because: resolved + "outside the data directory")
        }
        // A raw band reads bytes: no driver, nothing further referenced.
        guard !reference.isRawBytes else { return }
        try vetRaster(path, canonical: canonical, via: via, depth: depth + 1)
    }

    /// Opens a referenced raster with the allowed drivers only, to check its sidecar files (a
    /// GeoTIFF's `.ovr` or `.msk` may be a link leading out).
    private func vetSidecars(_ path: String, here: [String]) throws(SourceRefusal) {
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        let dataset = withStringList(confinement.drivers) { drivers in
            GDALOpenEx(path, UInt32(GDAL_OF_RASTER | GDAL_OF_READONLY), readOnly(drivers), nil, nil)
        }
        guard let dataset else {
            throw SourceRefusal(
                "\(Self.chain(here)) cannot be opened by the drivers allowed ("
                    + confinement.drivers.joined(separator: ", ") + ")",
                publicMessage: "\(confinement.display(path)) cannot be opened")
        }
        defer { GDALClose(dataset) }
        try vetFileList(of: dataset, opened: here.joined(separator: " → "))
    }

    /// The short name of the driver GDAL would pick for `path` among all it has.
    private static func driver(of path: String) -> String? {
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        guard let driver = GDALIdentifyDriverEx(path, UInt32(GDAL_OF_RASTER), nil, nil) else { return nil }
        return GDALGetDriverShortName(driver).map { String(cString: $0) }
    }

    private func refusal(via: [String], reads name: String, kind: String?, because reason: String) -> SourceRefusal {
        let what = kind.map { "\(name) (\($0))" } ?? name
        return SourceRefusal(
            "\(Self.chain(via)) references \(what), \(reason)",
            publicMessage: "\(via.first ?? "the source") references a file it may not read")
    }

    private static func chain(_ files: [String]) -> String {
        files.joined(separator: " → ")
    }
}
