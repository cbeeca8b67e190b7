import Foundation
import GeoToolz

/// A layer source made of many rasters (a glob, a directory or a list), in any mix of CRSs,
/// resolutions, nodata values and data types, with the same band meaning.
///
/// At load every file is opened once, described (footprint in EPSG:3857, resolution, bands)
/// and closed, and the footprints are indexed. A read finds the files its window touches in the
/// index, warps each onto the window through its `TileReader` (the path single-file layers take,
/// so each file is read as `gdalwarp` would), and composites them by the mosaic's method.
/// Readers open on first use and stay open in a bounded least-recently-used set.
public final class MosaicSource: Sendable {
    /// The files, sorted by name: the order `first` and `last` composite in.
    public let members: [MosaicMember]
    /// What each file is, by position in `members`.
    public let descriptions: [RasterSourceInfo]
    /// The bands read from every file, numbered from 1.
    public let bands: [Int]
    public let options: MosaicOptions
    /// Every file the mosaic reads (members, what GDAL lists for them, the overview), stamped
    /// before they were opened.
    public let stamps: [FileStamp]
    /// The directories listed to find the files, stamped when listed: a file added or removed
    /// changes one, so watching them notices that the membership may have changed.
    public let directoryStamps: [FileStamp]
    private let index: FootprintIndex
    let readers: OpenReaders
    let overview: TileReader?
    private let reads = ReadCounter()

    /// Readers kept open by default: above `max_files_per_tile`'s default, so one tile at that
    /// bound reads without reopening, and low enough that a few mosaics stay within the
    /// process's file descriptors with several render threads.
    public static let defaultOpenFiles = 64

    /// Finds, opens, describes and indexes the files `paths` name. `readers` opens the overview
    /// (a single raster shared as any layer's); member files get readers of their own, at most
    /// `openFiles` open at once.
    public init(
        paths: [String], bands: [Int]?, options: MosaicOptions, dataDirectory: DataDirectory,
        confinement: SourceConfinement, readers: TileReaderCache, errorThreshold: Double,
        openFiles: Int = defaultOpenFiles
    ) throws(MosaicError) {
        self.options = options
        var stamps = [FileStamp]()
        var excluded = Set<String>()
        var overviewStamps = [FileStamp]()
        if let name = options.overview {
            let resolved = try MosaicError.wrapping(name) { () throws(DataPathError) in try dataDirectory.resolve(name)
            }
            overviewStamps.append(FileStamp(name: name, path: resolved))
            excluded.insert(resolved)
            let reader = try MosaicError.wrapping(name) { () throws(GDALError) in
                try readers.reader(resolved, errorThreshold: errorThreshold, confinement: confinement)
            }
            overviewStamps += Self.sidecars(reader.files, of: resolved, in: dataDirectory)
            overview = reader
        } else {
            overview = nil
        }
        let (members, directories) = try MosaicError.wrapping(nil) { () throws(DataPathError) in
            try MosaicMembership(dataDirectory: dataDirectory).survey(paths, excluding: excluded)
        }
        self.directoryStamps = directories.map { FileStamp(name: $0.name + "/", path: $0.path) }
        // Stamped before opening: a change after this point is seen by the next check.
        stamps = members.map { FileStamp(name: $0.name, path: $0.path) }
        let described: [RasterDescription]
        do {
            described = try RasterDescription.describeAll(members.map(\.path), confinement: confinement)
        } catch {
            let name = members.first { $0.path == error.file }?.name
            throw MosaicError(error.message, file: name ?? error.file)
        }
        for (member, description) in zip(members, described) {
            stamps += Self.sidecars(description.files, of: member.path, in: dataDirectory)
        }
        let descriptions = described.map(\.info)
        self.bands = try Self.commonBands(bands, descriptions, members)
        if let overview {
            for band in self.bands where band > overview.info.bandCount {
                throw MosaicError(
                    "band \(band) does not exist in the overview \(options.overview ?? ""): it has "
                        + "\(overview.info.bandCount) bands", file: nil)
            }
        }
        self.members = members
        self.descriptions = descriptions
        self.stamps = stamps + overviewStamps
        self.index = FootprintIndex(descriptions.map(\.mercatorBounds))
        let paths = members.map(\.path)
        let serving = confinement
        self.readers = OpenReaders(capacity: max(openFiles, 1)) { (file: Int) throws(GDALError) -> TileReader in
            try TileReader(path: paths[file], errorThreshold: errorThreshold, handles: 1, confinement: serving)
        }
    }

    /// The box around every file's footprint.
    public var mercatorBounds: MercatorBounds { index.bounds! }

    /// How many bands a read gives: the bands read, or one for `count`.
    public var outputBands: Int { options.method.outputBands(reading: bands.count) }

    /// What the mosaic has for a tile covering `area`, read over `readArea` (the area padded by
    /// the pipeline's halo): no file touches `area` → outside; more files touch `readArea` than
    /// the bound and no overview → too many; else data.
    public func coverage(of area: MercatorBounds, reading readArea: MercatorBounds) -> TileCoverage {
        guard index.intersectsAny(area) else { return .outside }
        guard overview == nil else { return .data }
        let limit = options.maxFilesPerTile
        guard index.count(in: readArea, upTo: limit) > limit else { return .data }
        return .tooManyFiles(index.query(readArea).count)
    }

    /// The files a read of `area` warps, by position in `members`, in sorted order.
    public func files(touching area: MercatorBounds) -> [Int] {
        index.query(area)
    }

    /// Reads `window`: the files it touches warped and composited, or the overview when more
    /// than `max_files_per_tile` files touch it. `noData` overrides every file's nodata value.
    public func read(_ window: RasterWindow, resampling: Resampling, noData: Double? = nil) throws
        -> GeoTensor
    {
        try read(window.grid, resampling: resampling, noData: noData, reusable: true)
    }

    /// Reads a window in any CRS: the files its EPSG:3857 footprint touches, warped onto it and
    /// composited, or the overview as for tiles. See `TileReader.read(_:bands:resampling:noData:)`.
    public func read(_ window: GridWindow, resampling: Resampling, noData: Double? = nil) throws -> GeoTensor {
        try read(window, resampling: resampling, noData: noData, reusable: false)
    }

    func read(_ window: GridWindow, resampling: Resampling, noData: Double?, reusable: Bool) throws -> GeoTensor {
        let files = files(touching: window)
        if files.count > options.maxFilesPerTile {
            guard let overview else {
                throw GDALError(
                    "reading a mosaic",
                    "the window needs \(files.count) files, more than max_files_per_tile "
                        + "(\(options.maxFilesPerTile)), and the layer has no overview")
            }
            let bands = options.method == .count ? [self.bands[0]] : self.bands
            return try overview.read(window, bands: bands, resampling: resampling, noData: noData, reusable: reusable)
        }
        return try composite(files, window, resampling: resampling, noData: noData, reusable: reusable)
    }

    /// The files a read of `window` warps: those its EPSG:3857 footprint touches.
    public func files(touching window: GridWindow) -> [Int] {
        guard let footprint = window.mercatorFootprint else { return [] }
        return index.query(footprint)
    }

    /// How many files a read of `window` would warp, counted up to `limit + 1`, and whether the
    /// mosaic has an overview to read instead when there are more than `max_files_per_tile`.
    public func fileCount(for window: GridWindow) -> (files: Int, overview: Bool) {
        guard let footprint = window.mercatorFootprint else { return (0, overview != nil) }
        let limit = options.maxFilesPerTile
        return (index.count(in: footprint, upTo: limit), overview != nil)
    }

    /// Reads `window` from every file it touches, however many: for building an overview.
    public func readAll(_ window: RasterWindow, resampling: Resampling) throws -> GeoTensor {
        try composite(index.query(window.bounds), window.grid, resampling: resampling, reusable: true)
    }

    private func composite(
        _ files: [Int], _ window: GridWindow, resampling: Resampling, noData: Double? = nil, reusable: Bool
    ) throws -> GeoTensor {
        let order = options.method == .last ? files.reversed() : files
        let compositor = MosaicCompositor(method: options.method, bands: bands.count, window: window)
        return try compositor.composite(order) { (file: Int) throws -> GeoTensor in
            reads.add()
            return try readers.reader(file).read(
                window, bands: bands, resampling: resampling, noData: noData, reusable: reusable)
        }
    }

    /// How many file reads the mosaic has made (one per file per window), for tests and metrics.
    public var fileReads: Int { reads.value }
    /// How many member files are open now.
    public var openFiles: Int { readers.openCount }

    /// The other files GDAL reads for `path` (sidecars, a VRT's sources), stamped.
    private static func sidecars(_ files: [String], of path: String, in dataDirectory: DataDirectory) -> [FileStamp] {
        let prefix = dataDirectory.root + "/"
        return files.filter { $0 != path && !SourceConfinement.isVirtual($0) }.map { file in
            FileStamp(name: file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file, path: file)
        }
    }

    /// The bands every file is read with: the ones asked for, each present in every file, or
    /// every file's data bands, which must be as many in every file.
    private static func commonBands(_ asked: [Int]?, _ descriptions: [RasterSourceInfo], _ members: [MosaicMember])
        throws(MosaicError) -> [Int]
    {
        if let asked {
            for (info, member) in zip(descriptions, members) {
                for band in asked where band > info.bandCount {
                    throw MosaicError(
                        "band \(band) does not exist: \(member.name) has \(info.bandCount) bands", file: nil)
                }
            }
            return asked
        }
        let first = descriptions[0].dataBands
        for (info, member) in zip(descriptions, members) where info.dataBands.count != first.count {
            throw MosaicError(
                "the files of a mosaic must hold the same bands: \(members[0].name) has \(first.count) data "
                    + "bands, \(member.name) has \(info.dataBands.count); give 'bands'", file: nil)
        }
        return first
    }
}

/// A count shared by the render threads.
private final class ReadCounter: @unchecked Sendable {
    // Safe to send: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0

    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
