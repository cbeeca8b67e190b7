/// A config the loader must refuse: its text, the path the error must point at, and words the
/// message must contain. Shared by the tables of refused configs.
struct RefusedConfig: CustomStringConvertible, Sendable {
    let name: String
    let text: String
    /// The path the error must point at.
    let path: String
    /// Words the message must contain.
    let message: String
    var description: String { name }
}
