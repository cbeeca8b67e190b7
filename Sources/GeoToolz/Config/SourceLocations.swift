/// Where each value of a document stood in its text, held as a tree shaped like the document.
///
/// Recording a value costs the same however deep it sits (a table keyed by whole paths costs
/// the path's length per value, which a few kilobytes of aliases under deep nesting turn into
/// billions of steps).
struct SourceLocations: Sendable {
    /// Where this value stood, when the reader said.
    var location: SourceLocation?
    /// The values inside this one, by key or index.
    var children: [ConfigPath.Component: SourceLocations] = [:]

    init(_ location: SourceLocation? = nil) {
        self.location = location
    }

    /// Where the value at `components` stood, or its nearest located ancestor.
    func location(of components: [ConfigPath.Component]) -> SourceLocation? {
        var node = self
        var found = location
        for component in components {
            guard let child = node.children[component] else { break }
            node = child
            found = child.location ?? found
        }
        return found
    }
}
