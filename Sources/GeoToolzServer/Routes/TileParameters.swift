import GeoToolz
import GeoToolzIO

/// TiTiler's rendering parameters of a tile or TileJSON request, read from the query string:
/// `rescale`, `colormap_name`, `colormap`, `expression`, `bidx`, `resampling`, `reproject`,
/// `nodata` and `return_mask`, with TiTiler's names and meanings (README, "Rendering per
/// request").
///
/// Reading is bounded, since the query comes from anyone: the query's length, the number of
/// parameters, repeated values, the expression's length and the colormap's size are all
/// limited, and each refusal names the parameter at fault.
struct TileParameters: Sendable, Hashable {
    /// `rescale`: one range for every band, or one per band.
    var rescale: [ValueRange] = []
    /// `colormap_name`, as the catalog spells it.
    var colormapName: String?
    /// `colormap`: the classes of a discrete colormap.
    var colormap: [ValueColor]?
    /// `expression`, split at `;`: one expression per output band.
    var expressions: [String] = []
    /// `bidx`: the file's bands to read, in order.
    var bands: [Int] = []
    /// `resampling` or `reproject`.
    var resampling: Resampling?
    /// `nodata`: a value marking nodata in every band (NaN for `nan`).
    var noData: Double?
    /// `return_mask`: false makes nodata opaque.
    var returnMask = true
    /// The parameters the request gave, by name, in `LayerOverrides.parameterNames` order.
    private(set) var given: [String] = []
    /// The parameters written back in one canonical form, percent-encoded: equal requests
    /// write it alike, so it keys the derived layers and goes into TileJSON's tile URLs.
    private(set) var canonicalQuery = ""

    /// A `min,max` range, min below max.
    struct ValueRange: Sendable, Hashable {
        let low: Double
        let high: Double
    }

    /// The longest query read, in bytes (the request target is capped at 2048 anyway).
    static let maxQueryBytes = 2048
    /// The most parameters one query may hold.
    static let maxParameters = 16
    /// The most output bands a request may describe: what a PNG tile holds.
    static let maxBands = 4
    /// The most entries of a `colormap`: what an 8-bit palette holds.
    static let maxColormapEntries = 256

    /// Whether no parameter was given: the layer's own tiles.
    var isEmpty: Bool { given.isEmpty }

    /// The query of a request target (after `?`, before any `#`), nil when there is none.
    static func query(of target: String) -> Substring? {
        guard let mark = target.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }),
            target.utf8[mark] == UInt8(ascii: "?")
        else { return nil }
        let rest = target[target.index(after: mark)...]
        return rest.firstIndex(of: "#").map { rest[..<$0] } ?? rest
    }

    /// Reads a query string (without its `?`).
    static func parse(_ query: Substring) throws(TileParameterError) -> TileParameters {
        guard query.utf8.count <= maxQueryBytes else {
            throw TileParameterError("query", "the query is over \(maxQueryBytes) bytes")
        }
        var values = [String: [String]]()
        var count = 0
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try QueryDecoding.decode(parts[0], parameter: "query")
            count += 1
            guard count <= maxParameters else {
                throw TileParameterError(key, "a query holds at most \(maxParameters) parameters")
            }
            guard LayerOverrides.parameterNames.contains(key) else {
                throw TileParameterError(
                    key,
                    "unknown parameter '\(Endpoints.headerSafe(String(key.prefix(64))))'; tiles take "
                        + LayerOverrides.parameterNames.joined(separator: ", "))
            }
            let value = parts.count > 1 ? try QueryDecoding.decode(parts[1], parameter: key) : ""
            values[key, default: []].append(value)
        }
        var parameters = TileParameters()
        try parameters.read(values)
        return parameters
    }

    private mutating func read(_ values: [String: [String]]) throws(TileParameterError) {
        for (key, list) in values where !Self.repeatable.contains(key) && list.count > 1 {
            throw TileParameterError(key, "'\(key)' is given \(list.count) times; give it once")
        }
        for (key, list) in values {
            for value in list where value.withoutSpaces.isEmpty {
                throw TileParameterError(key, "'\(key)' is empty")
            }
        }
        if let list = values["rescale"] {
            guard list.count <= Self.maxBands else {
                throw TileParameterError("rescale", "give at most \(Self.maxBands) ranges, one per band")
            }
            rescale = try list.map { (text: String) throws(TileParameterError) in try Self.range(text) }
        }
        if let name = values["colormap_name"]?.first {
            colormapName = try ColormapNames.canonical(name)
        }
        if let text = values["colormap"]?.first {
            guard colormapName == nil else {
                throw TileParameterError("colormap", "give colormap_name or colormap, not both")
            }
            colormap = try ColormapParameter.classes(text)
        }
        if let text = values["expression"]?.first {
            guard values["bidx"] == nil else {
                throw TileParameterError("bidx", "give expression or bidx, not both: the expression names its bands")
            }
            expressions = try ExpressionParameter.split(text)
        }
        if let list = values["bidx"] {
            bands = try Self.bands(list)
        }
        let resampling = try values["resampling"]?.first.map { (text: String) throws(TileParameterError) in
            try Self.resampling(text, parameter: "resampling")
        }
        let reproject = try values["reproject"]?.first.map { (text: String) throws(TileParameterError) in
            try Self.resampling(text, parameter: "reproject")
        }
        if let resampling, let reproject, resampling != reproject {
            throw TileParameterError(
                "reproject",
                "resampling (\(resampling.rawValue)) and reproject (\(reproject.rawValue)) differ; here one warp "
                    + "resamples, so give one of them, or both alike")
        }
        self.resampling = resampling ?? reproject
        if let text = values["nodata"]?.first {
            noData = try Self.noData(text)
        }
        if let text = values["return_mask"]?.first {
            returnMask = try Self.boolean(text, parameter: "return_mask")
        }
        given = LayerOverrides.parameterNames.filter { values[$0] != nil }
        canonicalQuery = canonical(values)
    }

    /// Parameters that may be given more than once.
    private static let repeatable: Set<String> = ["rescale", "bidx"]

    /// TiTiler's `rescale=min,max`.
    private static func range(_ text: String) throws(TileParameterError) -> ValueRange {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let low = number(parts[0]), let high = number(parts[1]) else {
            throw TileParameterError("rescale", "'\(clipped(text))' is not min,max (two numbers, e.g. 0,3000)")
        }
        guard low < high, Float(low) < Float(high) else {
            throw TileParameterError("rescale", "in '\(clipped(text))' min must be below max")
        }
        guard Double(Float(high)) - Double(Float(low)) <= Double(Float.greatestFiniteMagnitude) else {
            throw TileParameterError("rescale", "the span of '\(clipped(text))' is beyond the range of Float32 pixels")
        }
        return ValueRange(low: low, high: high)
    }

    /// `bidx`, repeated (`bidx=3&bidx=2`) or comma-separated (`bidx=3,2`).
    private static func bands(_ list: [String]) throws(TileParameterError) -> [Int] {
        var bands = [Int]()
        for text in list {
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                let trimmed = part.withoutSpaces
                guard !trimmed.isEmpty, trimmed.count <= 5, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }),
                    let band = Int(trimmed), band >= 1
                else {
                    throw TileParameterError("bidx", "'\(clipped(String(part)))' is not a band number (from 1)")
                }
                bands.append(band)
            }
        }
        guard bands.count <= maxBands else {
            throw TileParameterError("bidx", "give at most \(maxBands) bands: a PNG tile holds 1 to \(maxBands)")
        }
        return bands
    }

    /// TiTiler's warp resampling names (`cubic_spline`, `med`), and ours.
    private static func resampling(_ text: String, parameter: String) throws(TileParameterError) -> Resampling {
        let name = text.lowercased()
        let aliases: [String: Resampling] = ["cubic_spline": .cubicspline, "med": .median]
        if let known = aliases[name] ?? Resampling(rawValue: name) { return known }
        let names = ["nearest", "bilinear", "cubic", "cubic_spline", "lanczos", "average", "mode", "min", "max", "med"]
        let detail =
            name == "gauss"
            ? "gauss is rasterio's decimation kernel; this server resamples in one warp, which has no gauss"
            : "unknown resampling '\(clipped(text))'"
        throw TileParameterError(
            parameter, "\(detail) (one of \((names + ["q1", "q3", "sum", "rms"]).joined(separator: ", ")))")
    }

    /// `nodata`: a number, or `nan`.
    private static func noData(_ text: String) throws(TileParameterError) -> Double {
        if text.withoutSpaces.lowercased() == "nan" { return .nan }
        guard let value = number(Substring(text)) else {
            throw TileParameterError("nodata", "'\(clipped(text))' is not a number (or nan)")
        }
        return value
    }

    /// Booleans as FastAPI reads them.
    private static func boolean(_ text: String, parameter: String) throws(TileParameterError) -> Bool {
        switch text.lowercased() {
        case "true", "1", "yes", "on", "t", "y": return true
        case "false", "0", "no", "off", "f", "n": return false
        default: throw TileParameterError(parameter, "'\(clipped(text))' is not true or false")
        }
    }

    /// A finite decimal number within Float32's range (pixels are Float32).
    private static func number(_ text: Substring) -> Double? {
        let trimmed = text.withoutSpaces
        guard !trimmed.isEmpty, trimmed.count <= 64,
            trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
            let value = Double(trimmed), value.isFinite, value.magnitude <= Double(Float.greatestFiniteMagnitude)
        else { return nil }
        return value
    }

    /// At most 64 characters of a value, for messages.
    static func clipped(_ text: String) -> String {
        Endpoints.headerSafe(text.count > 64 ? String(text.prefix(61)) + "…" : text)
    }

    /// The canonical query: parameters in `LayerOverrides.parameterNames` order, values as read.
    private func canonical(_ values: [String: [String]]) -> String {
        var pairs = [(String, String)]()
        for range in rescale { pairs.append(("rescale", "\(Self.format(range.low)),\(Self.format(range.high))")) }
        if let colormapName { pairs.append(("colormap_name", colormapName)) }
        if let colormap { pairs.append(("colormap", ColormapParameter.canonical(colormap))) }
        if !expressions.isEmpty { pairs.append(("expression", expressions.joined(separator: ";"))) }
        if !bands.isEmpty { pairs.append(("bidx", bands.map(String.init).joined(separator: ","))) }
        // The key as given: a layer may allow one of the two names and not the other.
        if let resampling {
            for key in ["resampling", "reproject"] where values[key] != nil { pairs.append((key, resampling.rawValue)) }
        }
        if let noData { pairs.append(("nodata", noData.isNaN ? "nan" : Self.format(noData))) }
        if !returnMask { pairs.append(("return_mask", "false")) }
        return pairs.map { "\($0.0)=\(QueryDecoding.encode($0.1))" }.joined(separator: "&")
    }

    /// A number as canonical JSON writes it (`1` for 1.0), so equal values read alike.
    static func format(_ value: Double) -> String { CanonicalJSON.string(.number(value)) }
}

/// A parameter the server cannot use, and why: answered 400 with the parameter's name.
struct TileParameterError: Error, Sendable, Equatable {
    /// The parameter at fault (`query` for the query as a whole).
    let parameter: String
    /// What is wrong, and what would be accepted.
    let message: String

    init(_ parameter: String, _ message: String) {
        self.parameter = Endpoints.headerSafe(String(parameter.prefix(64)))
        self.message = message
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces.
    var withoutSpaces: Substring {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return text
    }
}
