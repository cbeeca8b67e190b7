import GeoToolz
import GeoToolzIO

/// The layer a tile request's parameters describe, derived from a served layer: its pipeline
/// written as a config and built by the same sandboxed loader as layer files, then checked by
/// `Layer.derived` as a loaded layer is (bands, halo, encodable output). Nothing here builds
/// an operator itself, so a request can only ever ask for what a layer file could.
///
/// - With `expression` or `bidx`, the file's named bands are read (renumbered for BandMath) and
///   replace the pipeline up to its final `Colormap`, which is kept (with overrides) when the
///   result is one band; several bands are stretched to bytes band by band.
/// - Otherwise `rescale`, `colormap_name` and `colormap` change the final `Colormap`, or add one
///   to a pipeline that gives one band.
/// - `resampling`/`reproject` and `nodata` change how every source is read; `return_mask=false`
///   ends the pipeline with `FillNodata`.
enum LayerDerivation {
    private static let loader = PipelineLoader(registry: .standard)

    /// The layer `parameters` make of `base`; errors name the parameter at fault.
    static func derive(_ base: Layer, _ parameters: TileParameters) throws(TileParameterError) -> Layer {
        let blamed =
            parameters.given.first(where: { ["expression", "bidx"].contains($0) }) ?? parameters.given.first ?? "query"
        let plan = try plan(base, parameters)
        do {
            return try base.derived { definition throws(ConfigError) in
                definition.sources = plan.sources
                definition.pipeline = try loader.load(plan.pipeline, at: ConfigPath(root: "pipeline"))
            }
        } catch {
            throw TileParameterError(blamed, "layer '\(base.name)' cannot be drawn so: \(error.message)")
        }
    }

    /// What the derived layer reads and runs.
    private struct Plan {
        var sources: [LayerSource]
        var pipeline: ConfigValue
    }

    private static func plan(_ base: Layer, _ parameters: TileParameters) throws(TileParameterError) -> Plan {
        var sources = base.definition.sources
        for index in sources.indices {
            if let resampling = parameters.resampling { sources[index].resampling = resampling }
            if let noData = parameters.noData { sources[index].noData = noData }
        }
        var pipeline: ConfigValue
        if !parameters.expressions.isEmpty || !parameters.bands.isEmpty {
            let source = try fileSource(base, sources, parameters)
            let kept = PipelineEnd.finalColormap(in: base.definition.pipeline.config)?.colormap
            if parameters.expressions.isEmpty {
                sources = [withBands(source, parameters.bands)]
                pipeline = sequential(try finish(bands: parameters.bands.count, kept: kept, parameters, raw: true))
            } else {
                let named = parameters.expressions.flatMap { (try? BandMath.bands(in: $0)) ?? [] }
                // An expression of constants still reads a band: a read needs one, and it sets the window.
                let bands = named.isEmpty ? [1] : Array(Set(named)).sorted()
                let numbers = Dictionary(uniqueKeysWithValues: bands.enumerated().map { ($1, $0 + 1) })
                var expressions = [ConfigValue]()
                for expression in parameters.expressions {
                    do {
                        expressions.append(
                            [
                                "_target_": "BandMath",
                                "expression": .string(try BandMath.renumbered(expression, as: numbers)),
                            ])
                    } catch {
                        throw TileParameterError("expression", error.description)
                    }
                }
                sources = [withBands(source, bands)]
                let finish = try finish(bands: expressions.count, kept: kept, parameters, raw: true)
                pipeline =
                    expressions.count == 1 ? sequential(expressions + finish) : stacked(expressions, then: finish)
            }
        } else {
            // Read as the base layer reads, the pipeline keeps the statistics the base layer took
            // (its calibrated config holds them): nothing to take again, and the same look.
            let readsAlike = parameters.resampling == nil && parameters.noData == nil
            pipeline = (readsAlike ? base.pipeline : base.definition.pipeline).config
            if parameters.changesColours {
                if let end = PipelineEnd.finalColormap(in: pipeline) {
                    pipeline = end.replacing(with: try finish(bands: 1, kept: end.colormap, parameters, raw: false))
                } else if base.outputBands == .exactly(1) {
                    pipeline = PipelineEnd.appending(
                        try finish(bands: 1, kept: nil, parameters, raw: false), to: pipeline)
                } else {
                    let name = parameters.given.first { ["rescale", "colormap_name", "colormap"].contains($0) }!
                    throw TileParameterError(
                        name,
                        "layer '\(base.name)' draws \(base.outputBands) with no colormap; \(name) applies to it "
                            + "only with expression or bidx")
                }
            }
        }
        if !parameters.returnMask {
            pipeline = PipelineEnd.appending([["_target_": "FillNodata", "value": 0]], to: pipeline)
        }
        return Plan(sources: sources, pipeline: pipeline)
    }

    /// The one file `expression` and `bidx` number bands in: a layer's sources must all read it.
    private static func fileSource(_ base: Layer, _ sources: [LayerSource], _ parameters: TileParameters)
        throws(TileParameterError) -> LayerSource
    {
        // A mosaic's files all hold the same bands, so its bands are numbered as any one file's.
        let paths = Set(sources.map(\.paths))
        guard paths.count == 1 else {
            throw TileParameterError(
                parameters.expressions.isEmpty ? "bidx" : "expression",
                "layer '\(base.name)' reads \(paths.count) files, so band numbers would be ambiguous; "
                    + "expression and bidx need a layer over one file")
        }
        return sources[0]
    }

    /// The source read as one input, with `bands`: a mosaic stays a mosaic, with its method.
    private static func withBands(_ source: LayerSource, _ bands: [Int]) -> LayerSource {
        LayerSource(
            paths: source.paths, bands: bands, resampling: source.resampling, mosaic: source.mosaic,
            noData: source.noData)
    }

    /// The operators that turn `bands` bands of values into a tile: the kept colormap with its
    /// overrides, a new one, or a stretch to bytes. `raw` says the values are the file's (a
    /// stretch defaults to 0–255, as TiTiler casts them to bytes) rather than a pipeline's
    /// display values (0–1).
    private static func finish(bands: Int, kept: [String: ConfigValue]?, _ parameters: TileParameters, raw: Bool)
        throws(TileParameterError) -> [ConfigValue]
    {
        let fallback = raw ? TileParameters.ValueRange(low: 0, high: 255) : TileParameters.ValueRange(low: 0, high: 1)
        guard bands == 1 else {
            for name in ["colormap_name", "colormap"] where parameters.given.contains(name) {
                throw TileParameterError(name, "\(name) colours one band; this request gives \(bands) bands")
            }
            let ranges = parameters.rescale.isEmpty ? [fallback] : parameters.rescale
            guard ranges.count == 1 || ranges.count == bands else {
                throw TileParameterError(
                    "rescale", "give one range for every band or one per band: \(ranges.count) for \(bands) bands")
            }
            let lows = ranges.count == 1 ? ConfigValue.number(ranges[0].low) : .array(ranges.map { .number($0.low) })
            let highs =
                ranges.count == 1 ? ConfigValue.number(ranges[0].high) : .array(ranges.map { .number($0.high) })
            return [["_target_": "LinearStretch", "vmin": lows, "vmax": highs]]
        }
        guard parameters.rescale.count <= 1 else {
            throw TileParameterError("rescale", "\(parameters.rescale.count) ranges for one band")
        }
        let rescale = parameters.rescale.first
        if let classes = parameters.colormap {
            return toBytes(rescale) + [["_target_": "Colormap", "classes": classes.configValue]]
        }
        if let name = parameters.colormapName {
            var colormap: [String: ConfigValue] = ["_target_": "Colormap", "name": .string(name)]
            let range = rescale ?? kept.flatMap(continuousRange) ?? (kept == nil ? fallback : nil)
            // Without a range (the kept colormap had classes) the layer takes the data's at derivation.
            if let range {
                colormap["vmin"] = .number(range.low)
                colormap["vmax"] = .number(range.high)
            }
            return [.object(colormap)]
        }
        guard var colormap = kept else {
            return [
                [
                    "_target_": "LinearStretch", "vmin": .number((rescale ?? fallback).low),
                    "vmax": .number((rescale ?? fallback).high),
                ]
            ]
        }
        guard let rescale else { return [.object(colormap)] }
        if colormap["name"] != nil {
            colormap["vmin"] = .number(rescale.low)
            colormap["vmax"] = .number(rescale.high)
        } else if let stops = colormap["stops"]?.arrayValue, let range = continuousRange(colormap) {
            // A gradient keeps its shape over the new range.
            colormap["stops"] = .array(
                stops.map { stop in
                    guard case .array(let pair) = stop, pair.count == 2, case .number(let value) = pair[0] else {
                        return stop
                    }
                    let position = (value - range.low) / (range.high - range.low)
                    return .array([.number(rescale.low + position * (rescale.high - rescale.low)), pair[1]])
                })
        } else {
            return toBytes(rescale) + [.object(colormap)]
        }
        return [.object(colormap)]
    }

    /// TiTiler's rescale before a discrete colormap: values to whole bytes, 0–255.
    private static func toBytes(_ range: TileParameters.ValueRange?) -> [ConfigValue] {
        guard let range else { return [] }
        return [
            ["_target_": "LinearStretch", "vmin": .number(range.low), "vmax": .number(range.high)],
            ["_target_": "BandMath", "expression": "floor(b1 * 255)"],
        ]
    }

    /// A continuous colormap's range: its `vmin`/`vmax`, or a gradient's first and last stop.
    private static func continuousRange(_ colormap: [String: ConfigValue]) -> TileParameters.ValueRange? {
        if case .number(let low)? = colormap["vmin"], case .number(let high)? = colormap["vmax"], low < high {
            return TileParameters.ValueRange(low: low, high: high)
        }
        if let stops = colormap["stops"]?.arrayValue, case .array(let first)? = stops.first,
            case .array(let last)? = stops.last, case .number(let low)? = first.first,
            case .number(let high)? = last.first,
            low < high
        {
            return TileParameters.ValueRange(low: low, high: high)
        }
        return nil
    }

    private static func sequential(_ operators: [ConfigValue]) -> ConfigValue {
        operators.count == 1 ? operators[0] : ["_target_": "Sequential", "operators": .array(operators)]
    }

    /// Several expressions, each a band, stacked and then finished: a Graph over the one input.
    private static func stacked(_ expressions: [ConfigValue], then finish: [ConfigValue]) -> ConfigValue {
        let names = expressions.indices.map { "band\($0 + 1)" }
        var nodes: [ConfigValue] = zip(names, expressions).map { name, op in
            ["name": .string(name), "op": op, "inputs": ["data"]]
        }
        nodes.append(["name": "stacked", "op": ["_target_": "Stack"], "inputs": .array(names.map { .string($0) })])
        nodes.append(["name": "image", "op": sequential(finish), "inputs": ["stacked"]])
        return ["_target_": "Graph", "inputs": ["data"], "nodes": .array(nodes), "outputs": ["image": "image"]]
    }
}

extension TileParameters {
    /// Whether a parameter changes how values are coloured.
    var changesColours: Bool { !rescale.isEmpty || colormapName != nil || colormap != nil }
}
