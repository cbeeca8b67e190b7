import Foundation
import TestSupport
import Testing

@testable import GeoToolzArtifact

/// The ustar writer and reader agree with each other, with GNU tar and with Python's tarfile.
@Suite struct TarArchiveTests {
    /// Members of awkward sizes and names: empty, one byte over a block, a name ustar must split.
    static let members: [(String, Data)] = [
        ("manifest.json", Data("{\"a\": 1}\n".utf8)),
        ("empty", Data()),
        ("tiles/over-a-block.bin", Data((0..<513).map { UInt8($0 % 251) })),
        (String(repeating: "long-directory-name/", count: 6) + "file-with-a-long-name.tif", Data("deep".utf8)),
    ]

    func write() throws -> String {
        let path = try temporaryDirectory("tar") + "/test.tar"
        let writer = try TarWriter(path: path)
        for (name, data) in Self.members { try writer.add(name, data: data) }
        try writer.finish()
        return path
    }

    @Test func theReaderReadsBackWhatTheWriterWrote() throws {
        let reader = try TarReader(path: try write())
        #expect(reader.members.map(\.name) == Self.members.map(\.0))
        for (name, data) in Self.members { #expect(reader.data(named: name) == data, "\(name)") }
    }

    @Test func gnuTarListsAndExtractsTheMembers() throws {
        let path = try write()
        let listed = try runToCompletion("/usr/bin/tar", ["-tf", path])
        #expect(listed.status == 0, "\(listed.standardError)")
        #expect(listed.standardOutput.split(separator: "\n").map(String.init) == Self.members.map(\.0))
        let folder = try temporaryDirectory("tar-x")
        let extracted = try runToCompletion("/usr/bin/tar", ["-xf", path, "-C", folder])
        #expect(extracted.status == 0 && extracted.standardError.isEmpty, "\(extracted.standardError)")
        for (name, data) in Self.members {
            #expect(FileManager.default.contents(atPath: folder + "/" + name) == data, "\(name)")
        }
    }

    @Test func pythonsTarfileReadsTheMembers() throws {
        let script = """
            import hashlib, json, sys, tarfile
            with tarfile.open(sys.argv[1]) as tar:
                print(json.dumps([[m.name, m.size, hashlib.sha256(tar.extractfile(m).read()).hexdigest()]
                                  for m in tar.getmembers()]))
            """
        let result = try runToCompletion("/usr/bin/python3", ["-c", script, try write()])
        #expect(result.status == 0, "\(result.standardError)")
        let rows = try #require(JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[Any]])
        #expect(rows.map { $0[0] as? String } == Self.members.map(\.0))
        #expect(rows.map { $0[1] as? Int } == Self.members.map(\.1.count))
        #expect(rows.map { $0[2] as? String } == Self.members.map { FileDigest.sha256($0.1) })
    }

    @Test func anArchiveRewrittenByPythonInPaxFormatStillReads() throws {
        let copy = try temporaryDirectory("tar-pax") + "/copy.tar"
        // A pax header (a non-ASCII comment) comes before each member Python writes.
        let script = """
            import sys, tarfile
            with tarfile.open(sys.argv[1]) as source, tarfile.open(sys.argv[2], "w", format=tarfile.PAX_FORMAT) as out:
                for m in source.getmembers():
                    m.pax_headers = {"comment": "é"}
                    out.addfile(m, source.extractfile(m))
            """
        let result = try runToCompletion("/usr/bin/python3", ["-c", script, try write(), copy])
        #expect(result.status == 0, "\(result.standardError)")
        let reader = try TarReader(path: copy)
        #expect(reader.members.map(\.name) == Self.members.map(\.0))
        for (name, data) in Self.members { #expect(reader.data(named: name) == data, "\(name)") }
    }

    @Test func aDamagedHeaderIsRefused() throws {
        let path = try write()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[3] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: TarError.self) { try TarReader(path: path) }
    }
}
