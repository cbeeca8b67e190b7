/// The last operator of a layer: colours a single band through a lookup table.
///
/// The output is one band of palette indices (0…255, as Float) with the table in
/// `palette`, so the encoder can write an 8-bit palette PNG; NaN (nodata, and any value the
/// colormap does not cover) stays NaN, which the encoder makes transparent. Three forms:
///
/// - `name` (+ `vmin`, `vmax`): a matplotlib colormap from `ColormapCatalog` (e.g. `viridis`,
///   `RdYlGn_r`), indexed by matplotlib's rule (see `ContinuousIndexing`). Leave `vmin` or
///   `vmax` out and the layer takes the dataset's minimum or maximum when it loads (never the
///   tile's, which would show seams; see `StatisticsDependent`).
/// - `stops: [[value, colour], …]`: a custom gradient, linear in RGBA between the stops,
///   sampled into 256 entries; the first and last stop values are vmin and vmax.
/// - `classes: [[value, colour], …]`: a discrete colormap for class rasters (land cover):
///   each value exactly equal to a class's value takes its colour; other values are transparent.
///
/// Colours are `"#rrggbb"`, `"#rrggbbaa"`, `[r, g, b]` or `[r, g, b, a]` (0…255).
public struct Colormap: RegisteredOperator, StatisticsDependent, SingleBandOutput, ValueEncoding {
    public static let registryName = "Colormap"

    /// Where the colours come from.
    public enum Source: Sendable, Hashable {
        /// A named colormap of `ColormapCatalog`.
        case named(String)
        /// A gradient through colour stops, ascending by value.
        case stops([ValueColor])
        /// Discrete classes.
        case classes([ValueColor])
    }

    /// Where the colours come from.
    public let source: Source
    /// The value mapped to the first entry of a named colormap; nil until the dataset gives it.
    public let vmin: Double?
    /// The value mapped to the last entry of a named colormap; nil until the dataset gives it.
    public let vmax: Double?
    /// The lookup table the output indexes.
    public let palette: Palette
    private let indexing: Indexing

    private enum Indexing: Sendable {
        case continuous(ContinuousIndexing)
        case classes(ClassIndexing)
        /// A named colormap whose range is still to come from the dataset.
        case unbound
    }

    /// A named colormap; `vmin`/`vmax` left nil come from the dataset when the layer loads.
    public init(name: String, vmin: Double? = nil, vmax: Double? = nil) throws(OperatorError) {
        guard let palette = ColormapCatalog.palette(named: name) else {
            throw OperatorError(Self.registryName, Self.unknownNameMessage(name))
        }
        // Equal limits pass here, as matplotlib allows them: statistics of constant data give them.
        if let problem = Self.problem(vmin: vmin, vmax: vmax, allowingEmpty: true) {
            throw OperatorError(Self.registryName, problem.message)
        }
        self.source = .named(name)
        self.vmin = vmin
        self.vmax = vmax
        self.palette = palette
        if let vmin, let vmax {
            indexing = .continuous(ContinuousIndexing(vmin: vmin, vmax: vmax))
        } else {
            indexing = .unbound
        }
    }

    /// A gradient through `stops` (two or more, values strictly ascending).
    public init(stops: [ValueColor]) throws(OperatorError) {
        if let problem = Self.problem(withStops: stops) { throw OperatorError(Self.registryName, problem.message) }
        self.source = .stops(stops)
        self.vmin = stops.first!.value
        self.vmax = stops.last!.value
        self.palette = Palette(
            rgba: ColorGradient.table(positions: stops.map(\.value), colors: stops.map(\.color.rgba)))
        self.indexing = .continuous(ContinuousIndexing(vmin: vmin!, vmax: vmax!))
    }

    /// A discrete colormap of `classes` (1…256 classes, values distinct).
    public init(classes: [ValueColor]) throws(OperatorError) {
        if let problem = Self.problem(withClasses: classes) { throw OperatorError(Self.registryName, problem) }
        self.source = .classes(classes)
        self.vmin = nil
        self.vmax = nil
        self.palette = Palette(rgba: classes.flatMap(\.color.rgba))
        self.indexing = .classes(ClassIndexing(values: classes.map { Float($0.value) }))
    }

    public init(from reader: inout ParameterReader) throws {
        let name: String? = try reader.optional("name")
        let stops: [ValueColor]? = try reader.optional("stops")
        let classes: [ValueColor]? = try reader.optional("classes")
        let vmin = try reader.optionalPixelNumber("vmin")
        let vmax = try reader.optionalPixelNumber("vmax")
        let given = [("name", name != nil), ("stops", stops != nil), ("classes", classes != nil)].filter(\.1)
        guard given.count == 1 else {
            throw reader.invalid(
                given.dropFirst().first?.0 ?? "name",
                "give exactly one of 'name' (a named colormap), 'stops' (a gradient) or 'classes' (discrete colours)")
        }
        if name == nil, vmin != nil || vmax != nil {
            throw reader.invalid(
                vmin != nil ? "vmin" : "vmax",
                "vmin and vmax go with 'name'; a gradient's range is its first and last stop, classes have none")
        }
        if let name {
            guard ColormapCatalog.palette(named: name) != nil else {
                throw reader.invalid("name", Self.unknownNameMessage(name))
            }
            if let problem = Self.problem(vmin: vmin, vmax: vmax) {
                throw reader.invalid(problem.blame, problem.message)
            }
            try self.init(name: name, vmin: vmin, vmax: vmax)
        } else if let stops {
            if let problem = Self.problem(withStops: stops) {
                let stops = reader.path.appending("stops")
                throw ConfigError(problem.message, at: problem.stop.map { stops.appending($0) } ?? stops)
            }
            try self.init(stops: stops)
        } else if let classes {
            if let problem = Self.problem(withClasses: classes) { throw reader.invalid("classes", problem) }
            try self.init(classes: classes)
        } else {
            preconditionFailure("exactly one form was given")
        }
    }

    public var parameters: [String: ConfigValue] {
        switch source {
        case .named(let name):
            var entries: [String: ConfigValue] = ["name": .string(name)]
            if let vmin { entries["vmin"] = vmin.configValue }
            if let vmax { entries["vmax"] = vmax.configValue }
            return entries
        case .stops(let stops):
            return ["stops": stops.configValue]
        case .classes(let classes):
            return ["classes": classes.configValue]
        }
    }

    /// The values to colour, one band; it gives one band of palette indices.
    public var bandsTaken: BandRequirement { .exactly(1) }

    public var needsStatistics: Bool {
        if case .unbound = indexing { return true }
        return false
    }

    public func bound(toSample sample: GeoTensor) throws -> any Operator {
        guard case .named(let name) = source, needsStatistics else { return self }
        let range = try SampleStatistics(sample, for: Self.registryName).range
        return try Colormap(name: name, vmin: vmin ?? range.min, vmax: vmax ?? range.max)
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try input.requireSingleBand(for: Self.registryName, holding: "the values to colour")
        let deadline = RenderDeadline.current
        var output = try input.withNewValues(bands: 1) { source, output in
            guard let values = source.baseAddress, let indices = output.baseAddress else { return }
            switch indexing {
            case .continuous(let rule):
                try DeadlineChunks.forEach(source.count, checking: deadline) { start, count in
                    rule.write(values + start, into: indices + start, count: count)
                }
            case .classes(let lookup):
                try DeadlineChunks.forEach(source.count, checking: deadline) { start, count in
                    lookup.write(values + start, into: indices + start, count: count)
                }
            case .unbound: throw OperatorError.missingStatistics(Self.registryName, given: "'vmin' and 'vmax'")
            }
        }
        output.palette = palette
        return output
    }

    private static func unknownNameMessage(_ name: String) -> String {
        if let suggestion = ColormapCatalog.suggestion(for: name) {
            return "unknown colormap '\(name)' (names are case-sensitive: did you mean '\(suggestion)'?)"
        }
        return "unknown colormap '\(name)' (known: \(ColormapCatalog.names.joined(separator: ", ")))"
    }

    /// What is wrong with a named colormap's range, and which bound to blame; nil when fine.
    /// Either bound may still be to come from the dataset.
    private static func problem(vmin: Double?, vmax: Double?, allowingEmpty: Bool = false)
        -> (blame: String, message: String)?
    {
        for (key, value) in [("vmin", vmin), ("vmax", vmax)] {
            if let value, let problem = PixelNumber.problem(value, named: key) { return (key, problem) }
        }
        guard let vmin, let vmax else { return nil }
        return PixelNumber.spanProblem(
            low: vmin, high: vmax, lowName: "vmin", highName: "vmax", allowingEmpty: allowingEmpty)
    }

    /// What is wrong with a gradient's stops, and the stop to blame; nil when fine. The first and
    /// last stop are the range, so they are held to the same span rule as vmin and vmax.
    private static func problem(withStops stops: [ValueColor]) -> (stop: Int?, message: String)? {
        guard stops.count >= 2 else { return (nil, "a gradient needs at least two stops") }
        for (index, stop) in stops.enumerated() {
            if let problem = PixelNumber.problem(stop.value, named: "the stop value") { return (index, problem) }
        }
        for (index, (previous, next)) in zip(stops, stops.dropFirst()).enumerated()
        where !(Float(previous.value) < Float(next.value)) {
            return (index + 1, "stop values must increase: \(next.value) follows \(previous.value)")
        }
        if let problem = PixelNumber.spanProblem(
            low: stops[0].value, high: stops[stops.count - 1].value, lowName: "the first stop",
            highName: "the last stop")
        {
            return (stops.count - 1, problem.message)
        }
        return nil
    }

    private static func problem(withClasses classes: [ValueColor]) -> String? {
        guard (1...256).contains(classes.count) else {
            return "a discrete colormap has 1 to 256 classes, found \(classes.count)"
        }
        for entry in classes {
            if let problem = PixelNumber.problem(entry.value, named: "the class value") { return problem }
        }
        var seen = Set<Float>()
        for entry in classes where !seen.insert(Float(entry.value)).inserted {
            return "the class value \(entry.value) is listed twice"
        }
        return nil
    }
}
