/// The directories of a PMTiles archive, compressed: every entry in the root when it fits in
/// the first 16 KiB with the header, otherwise leaves of `leafSize` entries (4,096, doubled
/// until the root of pointers to them fits).
struct PMTilesDirectoryLayout {
    static let rootLimit = 16_384 - PMTilesHeader.size
    static let firstLeafSize = 4096

    let root: [UInt8]
    /// The leaf directories, one after another (empty when the root holds every entry).
    let leaves: [UInt8]
    /// Entries per leaf, 0 without leaves.
    let leafSize: Int

    init(_ entries: [PMTilesEntry]) {
        let whole = Gzip.compress(PMTilesDirectory.encode(entries))
        if whole.count <= Self.rootLimit {
            root = whole
            leaves = []
            leafSize = 0
            return
        }
        var size = Self.firstLeafSize
        while true {
            var leaves: [UInt8] = []
            var pointers: [PMTilesEntry] = []
            for start in stride(from: 0, to: entries.count, by: size) {
                let leaf = Gzip.compress(
                    PMTilesDirectory.encode(Array(entries[start..<min(start + size, entries.count)])))
                pointers.append(
                    PMTilesEntry(
                        tileID: entries[start].tileID, offset: UInt64(leaves.count), length: UInt32(leaf.count),
                        runLength: 0))
                leaves += leaf
            }
            let root = Gzip.compress(PMTilesDirectory.encode(pointers))
            if root.count <= Self.rootLimit {
                self.root = root
                self.leaves = leaves
                self.leafSize = size
                return
            }
            size *= 2
        }
    }
}
