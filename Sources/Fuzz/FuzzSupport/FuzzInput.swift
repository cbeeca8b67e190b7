/// Reads the bytes libFuzzer hands a test.
public enum FuzzInput {
    /// The bytes as text; invalid UTF-8 is replaced, as a reader of files would see it.
    public static func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
        guard let data, size > 0 else { return "" }
        return String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    }
}
