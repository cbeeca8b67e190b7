import CGDAL

/// One file a VRT document names: a source, a raw band's file, a warped dataset, an overview.
struct VRTReference: Sendable, Hashable {
    /// The name as written.
    let name: String
    /// Whether GDAL reads `name` relative to the VRT's directory (otherwise relative to the
    /// process's working directory, when not absolute).
    let relativeToVRT: Bool
    /// What names it, e.g. `ComplexSource`, `VRTRawRasterBand`, `VRTWarpedDataset`.
    let kind: String
    /// Whether GDAL reads the file as raw bytes rather than opening it as a raster.
    let isRawBytes: Bool
}

/// The files a VRT document references, read with GDAL's own XML parser so the tree is the one
/// the VRT driver sees.
enum VRTReferences {
    /// Every `SourceFilename` and `SourceDataset` anywhere in the document at `path`; nil when
    /// GDAL cannot parse it.
    static func read(_ path: String) -> [VRTReference]? {
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        guard let root = CPLParseXMLFile(path) else { return nil }
        defer { CPLDestroyXMLNode(root) }
        var found = [VRTReference]()
        collect(root, parent: nil, into: &found)
        return found
    }

    private static func collect(
        _ first: UnsafeMutablePointer<CPLXMLNode>, parent: UnsafeMutablePointer<CPLXMLNode>?,
        into found: inout [VRTReference]
    ) {
        var cursor: UnsafeMutablePointer<CPLXMLNode>? = first
        while let node = cursor {
            if node.pointee.eType == CXT_Element {
                let name = value(node)
                if equalsIgnoringCase(name, "SourceFilename") || equalsIgnoringCase(name, "SourceDataset") {
                    found.append(reference(node, parent: parent))
                }
                if let child = node.pointee.psChild { collect(child, parent: node, into: &found) }
            }
            cursor = node.pointee.psNext
        }
    }

    private static func reference(
        _ node: UnsafeMutablePointer<CPLXMLNode>, parent: UnsafeMutablePointer<CPLXMLNode>?
    ) -> VRTReference {
        let parentName = parent.map(value) ?? ""
        let subClass = parent.flatMap { attribute($0, "subClass") }
        let isWarped = equalsIgnoringCase(value(node), "SourceDataset")
        let isRawBytes = subClass.map { equalsIgnoringCase($0, "VRTRawRasterBand") } ?? false
        // GDAL 3.6 reads a raw band's file relative to the VRT unless told otherwise, and every
        // other source relative to the working directory unless told otherwise.
        let relative = attribute(node, "relativeToVRT").map { (Int($0) ?? 0) != 0 } ?? isRawBytes
        let kind = isWarped ? "VRTWarpedDataset" : (subClass ?? parentName)
        return VRTReference(name: text(node), relativeToVRT: relative, kind: kind, isRawBytes: isRawBytes)
    }

    /// The element's text, as CPLGetXMLValue reads it: its first text child.
    private static func text(_ node: UnsafeMutablePointer<CPLXMLNode>) -> String {
        var child = node.pointee.psChild
        while let current = child {
            if current.pointee.eType == CXT_Text { return value(current) }
            child = current.pointee.psNext
        }
        return ""
    }

    /// An attribute's value; GDAL matches attribute names without regard to case.
    private static func attribute(_ node: UnsafeMutablePointer<CPLXMLNode>, _ name: String) -> String? {
        var child = node.pointee.psChild
        while let current = child {
            if current.pointee.eType == CXT_Attribute, equalsIgnoringCase(value(current), name) {
                return current.pointee.psChild.map(value) ?? ""
            }
            child = current.pointee.psNext
        }
        return nil
    }

    private static func value(_ node: UnsafeMutablePointer<CPLXMLNode>) -> String {
        node.pointee.pszValue.map { String(cString: $0) } ?? ""
    }

    private static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        a.lowercased() == b.lowercased()
    }
}
