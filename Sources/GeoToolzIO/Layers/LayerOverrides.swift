import GeoToolz

/// Which of TiTiler's rendering parameters (`rescale`, `colormap_name`, …) a request may give
/// on a layer's tiles: a layer file's `overrides` field.
///
/// `overrides: true` (the default) allows every one, `overrides: false` none, and a list only
/// those named. Each request that uses one renders a layer derived from this one, so a layer whose
/// tiles must look one way only (or that must not be rendered in many variants) turns them off.
public enum LayerOverrides: Sendable, Hashable {
    /// Every parameter.
    case all
    /// None: a request with any parameter is refused.
    case none
    /// Only these parameters.
    case only(Set<String>)

    /// Every parameter a tile request may give, in the order documents list them.
    public static let parameterNames = [
        "rescale", "colormap_name", "colormap", "expression", "bidx", "resampling", "reproject", "nodata",
        "return_mask",
    ]

    /// Whether a request may give `parameter`.
    public func allows(_ parameter: String) -> Bool {
        switch self {
        case .all: true
        case .none: false
        case .only(let names): names.contains(parameter)
        }
    }

    /// The parameters a request may give, in `parameterNames` order.
    public var allowed: [String] { Self.parameterNames.filter(allows) }

    /// Reads `overrides`: a boolean or a list of parameter names.
    static func read(_ value: ConfigValue?, at path: ConfigPath) throws(ConfigError) -> LayerOverrides {
        let expectation =
            "'overrides' is true, false or a list of parameters from "
            + parameterNames.joined(separator: ", ")
        switch value {
        case nil, .bool(true)?: return .all
        case .bool(false)?: return .none
        case .array(let entries)?:
            var names = Set<String>()
            for (index, entry) in entries.enumerated() {
                guard case .string(let name) = entry, parameterNames.contains(name) else {
                    throw ConfigError("\(expectation), found \(entry)", at: path.appending(index))
                }
                guard names.insert(name).inserted else {
                    throw ConfigError("'\(name)' is listed twice", at: path.appending(index))
                }
            }
            return .only(names)
        case let other?:
            throw ConfigError("\(expectation), found \(other.kindName)", at: path)
        }
    }
}
