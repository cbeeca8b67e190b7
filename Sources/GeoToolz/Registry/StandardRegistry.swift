extension OperatorRegistry {
    /// Every operator GeoToolz ships: what layer and pipeline files may name.
    public static let standard: OperatorRegistry = core
}
