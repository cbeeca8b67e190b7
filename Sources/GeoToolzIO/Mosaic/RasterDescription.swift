import Dispatch
import Foundation

/// What a mosaic learns about one file at load: opened once, described, and closed again, so a
/// mosaic of thousands of files holds no handle until a tile needs one.
struct RasterDescription: Sendable {
    let info: RasterSourceInfo
    /// The files GDAL reads for the raster (sidecars included), as listed when it was opened.
    let files: [String]

    /// Opens `path` within `confinement` (the same checks as every reader's handles), describes it
    /// and closes it.
    init(path: String, confinement: SourceConfinement, projections: FootprintProjections? = nil) throws(GDALError) {
        let opener = DatasetOpener(confinement: confinement)
        let dataset = try opener.open(path)
        info = try opener.guarding { () throws(GDALError) in
            try RasterSourceInfo.describe(dataset, path: path, projections: projections)
        }
        files = DatasetHandle.fileList(of: dataset.pointer)
    }

    /// Describes every file of `paths` on all cores (each file is opened by one thread, with
    /// transformations shared within that thread); the first failure in path order is thrown.
    static func describeAll(_ paths: [String], confinement: SourceConfinement) throws(MosaicError)
        -> [RasterDescription]
    {
        let results = Results(count: paths.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, paths.count / 64 + 1))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let projections = FootprintProjections()
            for index in stride(from: worker, to: paths.count, by: workers) {
                let result = Result { () throws(GDALError) in
                    try RasterDescription(path: paths[index], confinement: confinement, projections: projections)
                }
                results.set(index, result)
            }
        }
        var described = [RasterDescription]()
        described.reserveCapacity(paths.count)
        for (index, result) in results.all.enumerated() {
            switch result {
            case .success(let description): described.append(description)
            case .failure(let error): throw MosaicError("\(error)", file: paths[index])
            case nil: throw MosaicError("the file was not described", file: paths[index])
            }
        }
        return described
    }
}

/// Results filled in by several threads, each at its own index.
private final class Results: @unchecked Sendable {
    // Safe to send: `values` is only touched under `lock`.
    private let lock = NSLock()
    private var values: [Result<RasterDescription, GDALError>?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: Result<RasterDescription, GDALError>) {
        lock.withLock { values[index] = result }
    }

    var all: [Result<RasterDescription, GDALError>?] { lock.withLock { values } }
}
