/// Exact value → class lookup for discrete colormaps: the output is the class's palette
/// index; values of no class, and NaN, give NaN (transparent).
struct ClassIndexing: Sendable {
    private enum Lookup: Sendable {
        /// Integer classes within a modest span: one table slot per integer.
        case dense(first: Int, slots: [Float])
        /// Any other classes: binary search over the sorted values.
        case sorted(values: [Float], indices: [Float])
    }

    /// The widest integer span looked up by table (256 KiB of Float32).
    private static let maxDenseSpan = 1 << 16

    private let lookup: Lookup

    /// `values[i]` is class i; values must be distinct as Float32.
    init(values: [Float]) {
        let integral = values.allSatisfy { $0 == $0.rounded() && abs($0) < 16_777_216 }
        if integral, let low = values.min(), let high = values.max(), Int(high) - Int(low) < Self.maxDenseSpan {
            var slots = [Float](repeating: .nan, count: Int(high) - Int(low) + 1)
            for (index, value) in values.enumerated() { slots[Int(value) - Int(low)] = Float(index) }
            lookup = .dense(first: Int(low), slots: slots)
        } else {
            let order = values.indices.sorted { values[$0] < values[$1] }
            lookup = .sorted(values: order.map { values[$0] }, indices: order.map(Float.init))
        }
    }

    func write(_ values: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        switch lookup {
        case .dense(let first, let slots):
            let last = Float(first + slots.count - 1)
            let low = Float(first)
            slots.withUnsafeBufferPointer { slots in
                for index in 0..<count {
                    let value = values[index]
                    if value >= low, value <= last, value == value.rounded() {
                        output[index] = slots[Int(value) - first]
                    } else {
                        output[index] = .nan
                    }
                }
            }
        case .sorted(let sortedValues, let indices):
            for index in 0..<count {
                let value = values[index]
                var low = 0
                var high = sortedValues.count
                while low < high {
                    let middle = (low + high) / 2
                    if sortedValues[middle] < value { low = middle + 1 } else { high = middle }
                }
                output[index] = low < sortedValues.count && sortedValues[low] == value ? indices[low] : .nan
            }
        }
    }
}
