import NIOCore

extension StaticFiles.File {
    /// A file compiled into the server, served like a file read from disk: same ETag scheme, so
    /// `If-None-Match` works the same way.
    init(embedded text: String, contentType: String) {
        let bytes = Array(text.utf8)
        var hasher = FNV1a()
        hasher.combine(bytes)
        self.init(
            body: ByteBuffer(bytes: bytes), contentType: contentType,
            etag: "\"\(String(hasher.value, radix: 16))-\(bytes.count)\"")
    }
}
