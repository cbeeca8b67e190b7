/// The version of GeoToolz, recorded in what it makes that must be reproduced later (artifacts).
public enum GeoToolzVersion {
    /// Semantic version of the package; raised with every change that can alter a tile's bytes.
    public static let string = "0.1.0"
}
