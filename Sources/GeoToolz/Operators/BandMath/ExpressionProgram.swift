/// A BandMath expression compiled once into straight-line steps over whole bands.
///
/// Constant subexpressions are folded at compile time. Each remaining step computes one
/// operation elementwise into a scratch register (registers are reused as soon as their value
/// is consumed); the last step writes the output directly. Evaluation runs in chunks of
/// `chunk` pixels so all scratch memory is a small temporary allocation, usually on the stack,
/// and stays in cache.
struct ExpressionProgram: Sendable {
    /// Where a step reads or writes.
    enum Slot: Sendable, Hashable {
        /// A band of the input, 0-based.
        case band(Int)
        /// An entry of `constants`.
        case constant(Int)
        case register(Int)
        case output
    }

    struct Step: Sendable {
        let operation: ExpressionOperation
        let arguments: [Slot]
        var result: Slot
    }

    static let chunk = 256

    let steps: [Step]
    let constants: [Float]
    let registerCount: Int
    /// The highest band the expression reads (1-based) and the column it is first named at.
    let highestBand: (number: Int, column: Int)?

    init(_ syntax: ExpressionSyntax) {
        var compiler = Compiler()
        let folded = Self.fold(syntax)
        let root = compiler.compile(folded)
        if case .register = root, !compiler.steps.isEmpty {
            compiler.steps[compiler.steps.count - 1].result = .output
        } else {
            compiler.steps.append(Step(operation: .copy, arguments: [root], result: .output))
        }
        self.steps = compiler.steps
        self.constants = compiler.constants
        self.registerCount = compiler.registerCount
        self.highestBand = compiler.bandColumns.max { $0.key < $1.key }.map { (number: $0.key, column: $0.value) }
    }

    /// Evaluates over `pixels` pixels of `source` (band-major) into `output`, checking
    /// `deadline` every few chunks: at most `DeadlineChunks.elements` element operations apart.
    func evaluate(
        _ source: UnsafePointer<Float>, pixels: Int, into output: UnsafeMutablePointer<Float>,
        checking deadline: RenderDeadline? = nil
    ) throws(RenderDeadlineExceeded) {
        let chunk = Self.chunk
        let slots = registerCount + constants.count
        // A long expression does a chunk's worth of work per step, so it checks more often.
        let chunksPerCheck = max(1, DeadlineChunks.elements / (chunk * max(steps.count, 1)))
        try withUnsafeTemporaryAllocation(of: Float.self, capacity: max(slots, 1) * chunk) {
            scratch throws(RenderDeadlineExceeded) in
            let base = scratch.baseAddress!
            let constantBase = base + registerCount * chunk
            for (index, value) in constants.enumerated() {
                (constantBase + index * chunk).initialize(repeating: value, count: chunk)
            }
            var start = 0
            var chunksToCheck = 0
            while start < pixels {
                if chunksToCheck == 0 {
                    try deadline?.check()
                    chunksToCheck = chunksPerCheck
                }
                chunksToCheck -= 1
                let count = min(chunk, pixels - start)
                func pointer(_ slot: Slot) -> UnsafeMutablePointer<Float> {
                    switch slot {
                    case .band(let band): UnsafeMutablePointer(mutating: source) + band * pixels + start
                    case .constant(let index): constantBase + index * chunk
                    case .register(let index): base + index * chunk
                    case .output: output + start
                    }
                }
                for step in steps {
                    let arguments = step.arguments
                    let a = pointer(arguments[0])
                    let b = arguments.count > 1 ? pointer(arguments[1]) : a
                    let c = arguments.count > 2 ? pointer(arguments[2]) : a
                    ExpressionKernels.run(step.operation, a, b, c, into: pointer(step.result), count: count)
                }
                start += count
            }
        }
    }

    /// Replaces every subexpression that reads no band by its value, computed by the same
    /// kernels that evaluate bands, so folding never changes a result.
    private static func fold(_ syntax: ExpressionSyntax) -> ExpressionSyntax {
        guard case .apply(let operation, let arguments) = syntax else { return syntax }
        let folded = arguments.map(fold)
        var values = [Float]()
        for argument in folded {
            guard case .constant(let value) = argument else { return .apply(operation, folded) }
            values.append(value)
        }
        var result: Float = 0
        values.withUnsafeBufferPointer { values in
            let first = values.baseAddress!
            ExpressionKernels.run(
                operation, first, first + min(1, values.count - 1), first + values.count - 1, into: &result, count: 1)
        }
        return .constant(result)
    }

    private struct Compiler {
        var steps: [Step] = []
        var constants: [Float] = []
        var registerCount = 0
        var bandColumns: [Int: Int] = [:]
        private var freeRegisters: [Int] = []

        mutating func compile(_ syntax: ExpressionSyntax) -> Slot {
            switch syntax {
            case .constant(let value):
                if let index = constants.firstIndex(where: { $0 == value || ($0.isNaN && value.isNaN) }) {
                    return .constant(index)
                }
                constants.append(value)
                return .constant(constants.count - 1)
            case .band(let number, let column):
                if bandColumns[number] == nil { bandColumns[number] = column }
                return .band(number - 1)
            case .apply(let operation, let arguments):
                let slots = arguments.map { compile($0) }
                // Elementwise steps may write over an argument, so its register is free again.
                for case .register(let index) in slots { freeRegisters.append(index) }
                let result = allocate()
                steps.append(Step(operation: operation, arguments: slots, result: result))
                return result
            }
        }

        private mutating func allocate() -> Slot {
            if let index = freeRegisters.min() {
                freeRegisters.removeAll { $0 == index }
                return .register(index)
            }
            registerCount += 1
            return .register(registerCount - 1)
        }
    }
}
