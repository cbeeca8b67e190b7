import CLibDeflate

/// gzip (RFC 1952) through libdeflate, for PMTiles directories and metadata.
enum Gzip {
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        guard let compressor = libdeflate_alloc_compressor(9) else { fatalError("libdeflate: out of memory") }
        defer { libdeflate_free_compressor(compressor) }
        let bound = libdeflate_gzip_compress_bound(compressor, bytes.count)
        var output = [UInt8](repeating: 0, count: bound)
        let written = bytes.withUnsafeBytes { input in
            output.withUnsafeMutableBytes { out in
                libdeflate_gzip_compress(compressor, input.baseAddress, input.count, out.baseAddress, out.count)
            }
        }
        // The bound holds any input, so a zero here is a broken library, not bad data.
        precondition(written > 0, "libdeflate_gzip_compress failed within its own bound")
        output.removeSubrange(written...)
        return output
    }

    /// The decompressed bytes, or nil when `bytes` are not a gzip stream or would inflate past
    /// `limit` bytes.
    static func decompress(_ bytes: [UInt8], limit: Int) -> [UInt8]? {
        // The trailer's last four bytes hold the size modulo 2^32: the buffer to start with.
        guard bytes.count >= 18 else { return nil }
        let stated = bytes[(bytes.count - 4)...].reversed().reduce(0) { $0 << 8 | Int($1) }
        var capacity = max(stated, 64)
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        while capacity <= limit {
            var output = [UInt8](repeating: 0, count: capacity)
            var actual = 0
            let status = bytes.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { out in
                    libdeflate_gzip_decompress(
                        decompressor, input.baseAddress, input.count, out.baseAddress, out.count, &actual)
                }
            }
            switch status {
            case LIBDEFLATE_SUCCESS:
                output.removeSubrange(actual...)
                return output
            case LIBDEFLATE_INSUFFICIENT_SPACE:
                capacity *= 2
            default:
                return nil
            }
        }
        return nil
    }
}
