import Foundation

/// Merges tile archives, of either format, into one.
public enum TileArchiveMerge {
    /// Writes every tile of `inputs` into a new archive at `output` (its extension picks the
    /// format; an existing file is refused unless `overwrite`).
    ///
    /// A tile held by several inputs must have the same bytes in each, else the merge fails
    /// naming it. The metadata is merged: bounds joined, the lowest minimum and highest maximum
    /// zoom; the centre kept when the inputs agree, else the middle of the joined bounds; every
    /// other field must agree.
    public static func merge(_ inputs: [String], into output: String, overwrite: Bool = false)
        throws(TileArchiveError)
    {
        guard !inputs.isEmpty else { throw TileArchiveError(.invalid, path: output, "there is nothing to merge") }
        var readers: [TileArchiveReader] = []
        for input in inputs { readers.append(try TileArchiveReader.open(path: input)) }
        let metadata = try mergedMetadata(readers, output: output)
        let writer = try TileArchiveWriter.open(path: output, mode: .create, overwrite: overwrite)
        do {
            for (index, reader) in readers.enumerated() {
                try copy(reader, checkedAgainst: readers[..<index], into: writer)
            }
            try writer.finish(metadata)
        } catch {
            writer.discard()
            throw error
        }
    }

    /// Writes the tiles of `reader` that no earlier input holds, and checks those that one does.
    private static func copy(
        _ reader: TileArchiveReader, checkedAgainst earlier: ArraySlice<TileArchiveReader>,
        into writer: TileArchiveWriter
    ) throws(TileArchiveError) {
        do {
            try reader.forEachTile { tile, bytes in
                for other in earlier {
                    guard let theirs = try other.tile(tile) else { continue }
                    guard theirs == bytes else {
                        throw TileArchiveError(
                            .conflict, path: reader.path,
                            "tile \(tile) differs from the one in \(other.path) (\(bytes.count) and \(theirs.count) bytes)"
                        )
                    }
                    return
                }
                try writer.write(tile, bytes)
            }
        } catch let error as TileArchiveError {
            throw error
        } catch {
            throw TileArchiveError(.io, path: reader.path, "\(error)")
        }
    }

    /// The metadata of the merged archive, or the first field the inputs disagree on.
    static func mergedMetadata(_ readers: [TileArchiveReader], output: String) throws(TileArchiveError)
        -> TileArchiveMetadata
    {
        var merged = readers[0].metadata
        for reader in readers.dropFirst() {
            let other = reader.metadata
            func agree<Value: Equatable>(_ field: String, _ key: KeyPath<TileArchiveMetadata, Value>)
                throws(TileArchiveError)
            {
                guard merged[keyPath: key] == other[keyPath: key] else {
                    throw TileArchiveError(
                        .conflict, path: reader.path,
                        "its \(field) (\(String(describing: other[keyPath: key]))) differs from \(readers[0].path)'s "
                            + "(\(String(describing: merged[keyPath: key])))")
                }
            }
            try agree("name", \.name)
            try agree("description", \.description)
            try agree("attribution", \.attribution)
            try agree("tile format", \.format)
            try agree("config hash", \.configHash)
            let bounds = merged.bounds
            merged.bounds = GeoBounds(
                west: min(bounds.west, other.bounds.west), south: min(bounds.south, other.bounds.south),
                east: max(bounds.east, other.bounds.east), north: max(bounds.north, other.bounds.north))
            merged.minZoom = min(merged.minZoom, other.minZoom)
            merged.maxZoom = max(merged.maxZoom, other.maxZoom)
        }
        let centers = Set(readers.map(\.metadata.center))
        if centers.count > 1 {
            let bounds = merged.bounds
            merged.center = TileArchiveCenter(
                longitude: (bounds.west + bounds.east) / 2, latitude: (bounds.south + bounds.north) / 2,
                zoom: min(max(centers.map(\.zoom).min()!, merged.minZoom), merged.maxZoom))
        }
        return merged
    }
}
