/// What a fuzz target tests one input with, in the shape libFuzzer calls:
/// the input's bytes and their count; it returns 0.
///
/// A test must never trap, whatever the bytes: refusing an input with a thrown error is fine.
public typealias FuzzTest = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
