import Foundation
import Testing

@testable import GeoToolzIO

/// Which files a glob, a directory or a list names, and that none of them leaves the data directory.
@Suite struct MosaicMembershipTests {
    /// A data directory of empty files (membership never opens them), with a sibling outside it.
    static func tree() throws -> (data: String, outside: String) {
        let base = NSTemporaryDirectory() + "geotoolz-membership-\(UUID().uuidString)"
        let data = base + "/data"
        let outside = base + "/outside"
        for folder in [data + "/dem/n37", data + "/dem/n38/deep", data + "/.hidden", outside] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        for file in [
            "dem/n37/w120.tif", "dem/n37/w119.TIF", "dem/n38/w120.tif", "dem/n38/deep/w118.vrt", "dem/n38/w120.tif.ovr",
            "dem/readme.txt", "dem/.w121.tif", ".hidden/x.tif", "top.tif",
        ] {
            _ = FileManager.default.createFile(atPath: data + "/" + file, contents: Data())
        }
        _ = FileManager.default.createFile(atPath: outside + "/secret.tif", contents: Data())
        return (data, outside)
    }

    static func members(_ paths: [String], in data: String) throws -> [String] {
        try MosaicMembership(dataDirectory: DataDirectory(data)).members(of: paths).map(\.name)
    }

    @Test func globsDirectoriesAndListsNameRastersInPathOrder() throws {
        let (data, _) = try Self.tree()
        #expect(try Self.members(["dem/*/*.tif"], in: data) == ["dem/n37/w120.tif", "dem/n38/w120.tif"])
        #expect(
            try Self.members(["dem/**/*"], in: data)
                == ["dem/n37/w119.TIF", "dem/n37/w120.tif", "dem/n38/deep/w118.vrt", "dem/n38/w120.tif"])
        #expect(try Self.members(["dem"], in: data) == Self.members(["dem/**/*"], in: data))
        #expect(try Self.members(["**/w12?.tif"], in: data) == ["dem/n37/w120.tif", "dem/n38/w120.tif"])
        #expect(
            try Self.members(["top.tif", "dem/n38/w120.tif", "dem/n3[8]/*.tif"], in: data)
                == ["dem/n38/w120.tif", "top.tif"], "a file named twice is one member")
        let membership = try MosaicMembership(dataDirectory: DataDirectory(data))
        #expect(membership.isMosaic(["dem"]) && membership.isMosaic(["*.tif"]) && membership.isMosaic(["a", "b"]))
        #expect(!membership.isMosaic(["top.tif"]))
        #expect(throws: DataPathError.self) { try Self.members(["nothing/*.tif"], in: data) }
    }

    @Test func noPatternOrLinkLeavesTheDataDirectory() throws {
        let (data, outside) = try Self.tree()
        for pattern in ["../outside/*.tif", "/etc/*", "dem/../../outside/*"] {
            #expect(throws: DataPathError.self, "\(pattern)") { try Self.members([pattern], in: data) }
        }
        // A link to a file outside, matched by a glob, is refused; so is a linked directory outside.
        try FileManager.default.createSymbolicLink(
            atPath: data + "/dem/n37/leak.tif", withDestinationPath: outside + "/secret.tif")
        #expect(throws: DataPathError.self) { try Self.members(["dem/n37/*.tif"], in: data) }
        try FileManager.default.removeItem(atPath: data + "/dem/n37/leak.tif")
        try FileManager.default.createSymbolicLink(atPath: data + "/dem/away", withDestinationPath: outside)
        #expect(throws: DataPathError.self) { try Self.members(["dem/**/*.tif"], in: data) }
        #expect(throws: DataPathError.self) { try Self.members(["dem"], in: data) }
        try FileManager.default.removeItem(atPath: data + "/dem/away")
        // A link inside is followed, and a loop ends.
        try FileManager.default.createSymbolicLink(atPath: data + "/dem/n38/loop", withDestinationPath: data + "/dem")
        let found = try Self.members(["dem/**/*.tif"], in: data)
        #expect(found.contains("dem/n37/w120.tif") && !found.contains { $0.contains("secret") })
    }
}
