/// A set of bits of an integer quality band, read from Float32 values.
struct QABits: MaskRule, Hashable {
    /// QA values are carried as Float32, which holds integers exactly up to 2^24.
    static let highestBit = 23

    let bits: [Int]
    let invert: Bool
    private let pattern: UInt32

    init(bits: [Int], invert: Bool) {
        precondition(bits.allSatisfy { (0...Self.highestBit).contains($0) }, "QA bits are 0…\(Self.highestBit)")
        self.bits = bits
        self.invert = invert
        self.pattern = bits.reduce(0) { $0 | (1 << UInt32($1)) }
    }

    /// Masks a pixel when any of the bits is set (none of them, inverted). A value that is not
    /// a bit field (negative, or past 2^24) is masked whatever `invert` says.
    func masks(_ value: Float) -> Bool {
        let isBitField = value >= 0 && value <= 16_777_216
        // Converts only in-range values (the conversion traps otherwise), without a branch.
        let bits = UInt32(isBitField ? value : 0)
        return !isBitField || (((bits & pattern) != 0) != invert)
    }

    /// Reads and checks a list of bit positions.
    static func read(_ key: String, from reader: inout ParameterReader) throws(ConfigError) -> [Int] {
        let bits: [Int] = try reader.required(key)
        guard !bits.isEmpty else { throw reader.invalid(key, "'\(key)' must list at least one bit") }
        for bit in bits where !(0...highestBit).contains(bit) {
            throw reader.invalid(
                key, "bit \(bit) is out of range: QA bits are 0…\(highestBit) (values are carried as Float32)")
        }
        return bits
    }
}
