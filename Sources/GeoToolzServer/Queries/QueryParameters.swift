import GeoToolzIO

/// The query of a `/bbox`, `/preview.png` or `/statistics` request, read strictly: only the
/// route's own parameters, each once (`p` may repeat), every value checked, and a refusal
/// naming the parameter at fault.
struct QueryParameters {
    private var values: [String: [String]] = [:]

    /// Parameters any of these routes take.
    static let maxParameters = 16

    /// Reads `query` (nil: none), taking only `allowed` names.
    init(_ query: Substring?, allowed: Set<String>, repeatable: Set<String> = []) throws(TileParameterError) {
        guard let query else { return }
        guard query.utf8.count <= TileParameters.maxQueryBytes else {
            throw TileParameterError("query", "the query is over \(TileParameters.maxQueryBytes) bytes")
        }
        var count = 0
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try QueryDecoding.decode(parts[0], parameter: "query")
            count += 1
            guard count <= Self.maxParameters else {
                throw TileParameterError(key, "a query holds at most \(Self.maxParameters) parameters")
            }
            guard allowed.contains(key) else {
                let names = allowed.sorted().joined(separator: ", ")
                throw TileParameterError(
                    key, "unknown parameter; this route takes \(names.isEmpty ? "no parameters" : names)")
            }
            guard values[key] == nil || repeatable.contains(key) else {
                throw TileParameterError(key, "given more than once")
            }
            let value = parts.count > 1 ? try QueryDecoding.decode(parts[1], parameter: key) : ""
            values[key, default: []].append(value)
        }
    }

    /// The values of `name`, in order.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of `name`, when given.
    func value(_ name: String) -> String? { values[name]?.first }

    /// An integer within `range`, or `fallback` when absent.
    func integer(_ name: String, in range: ClosedRange<Int>, default fallback: Int) throws(TileParameterError) -> Int {
        guard let text = value(name) else { return fallback }
        return try Self.integer(text, name, in: range)
    }

    static func integer(_ text: some StringProtocol, _ name: String, in range: ClosedRange<Int>)
        throws(TileParameterError)
        -> Int
    {
        guard text.count <= 12, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text),
            range.contains(value)
        else {
            throw TileParameterError(
                name, "must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(text.prefix(32))'")
        }
        return value
    }

    /// A finite number, as decimal text.
    static func number(_ text: some StringProtocol, _ name: String) throws(TileParameterError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count <= 32, !trimmed.isEmpty,
            trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
            let value = Double(trimmed), value.isFinite
        else { throw TileParameterError(name, "must be a finite number, got '\(text.prefix(32))'") }
        return value
    }

    /// `minx,miny,maxx,maxy` with min below max on both axes; `names` name each number.
    static func box(_ text: String, names: [String]) throws(TileParameterError) -> GridBounds {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let whole = names.count == 1 ? names[0] : "bbox"
        guard parts.count == 4 else {
            throw TileParameterError(whole, "must be four numbers, minx,miny,maxx,maxy, got '\(text.prefix(64))'")
        }
        var numbers = [Double]()
        for (index, part) in parts.enumerated() {
            numbers.append(try number(part, names.count == 4 ? names[index] : whole))
        }
        guard numbers[0] < numbers[2] else {
            throw TileParameterError(names.count == 4 ? names[2] : whole, "maxx must be above minx")
        }
        guard numbers[1] < numbers[3] else {
            throw TileParameterError(names.count == 4 ? names[3] : whole, "maxy must be above miny")
        }
        guard (numbers[2] - numbers[0]).isFinite, (numbers[3] - numbers[1]).isFinite else {
            throw TileParameterError(whole, "the box's width and height must be finite")
        }
        return GridBounds(minX: numbers[0], minY: numbers[1], maxX: numbers[2], maxY: numbers[3])
    }
}
