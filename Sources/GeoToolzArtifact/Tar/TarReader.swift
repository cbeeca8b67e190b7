import Foundation

/// Reads a ustar archive (also the pax and GNU long-name extensions other tools write, so an
/// archive rewritten by GNU tar or Python's tarfile still opens). The file is mapped, not read.
public struct TarReader: Sendable {
    /// A regular file in the archive.
    public struct Member: Sendable, Hashable {
        public let name: String
        public let size: Int
        /// Where its content starts in the archive.
        let offset: Int
    }

    /// The archive's regular files, in archive order.
    public let members: [Member]
    private let bytes: Data

    /// Opens the archive at `path`.
    public init(path: String) throws(TarError) {
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw TarError("cannot read \(path): \(error.localizedDescription)")
        }
        members = try Self.scan(bytes)
    }

    /// The member called `name`.
    public func member(_ name: String) -> Member? {
        members.first { $0.name == name }
    }

    /// The content of `member`.
    public func data(of member: Member) -> Data {
        bytes.subdata(in: (bytes.startIndex + member.offset)..<(bytes.startIndex + member.offset + member.size))
    }

    /// The content of the member called `name`, nil when there is none.
    public func data(named name: String) -> Data? {
        member(name).map { data(of: $0) }
    }

    private static func scan(_ bytes: Data) throws(TarError) -> [Member] {
        var members = [Member]()
        var offset = 0
        // Extended headers name or size the member after them.
        var nextName: String?
        var nextSize: Int?
        let base = bytes.startIndex
        while offset + TarHeader.blockSize <= bytes.count {
            let block = [UInt8](bytes[(base + offset)..<(base + offset + TarHeader.blockSize)])
            guard let header = try TarHeader(block: block[...]) else { break }
            let start = offset + TarHeader.blockSize
            let size =
                header.type == UInt8(ascii: "x") || header.type == UInt8(ascii: "L")
                ? header.size : (nextSize ?? header.size)
            guard size >= 0, start + size <= bytes.count else {
                throw TarError("the archive ends inside '\(header.name)'")
            }
            switch header.type {
            case UInt8(ascii: "x"):
                let records = Self.paxRecords([UInt8](bytes[(base + start)..<(base + start + size)]))
                nextName = records["path"] ?? nextName
                nextSize = records["size"].flatMap { Int($0) } ?? nextSize
            case UInt8(ascii: "L"):
                let content = bytes[(base + start)..<(base + start + size)]
                nextName = String(decoding: content.prefix { $0 != 0 }, as: UTF8.self)
            default:
                if header.isFile {
                    members.append(Member(name: nextName ?? header.name, size: size, offset: start))
                }
                nextName = nil
                nextSize = nil
            }
            offset = start + (size + TarHeader.blockSize - 1) / TarHeader.blockSize * TarHeader.blockSize
        }
        return members
    }

    /// A pax header's `LENGTH KEY=VALUE\n` records.
    private static func paxRecords(_ content: [UInt8]) -> [String: String] {
        var records = [String: String]()
        for line in String(decoding: content, as: UTF8.self).split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let record = line[line.index(after: space)...]
            guard let equals = record.firstIndex(of: "=") else { continue }
            records[String(record[..<equals])] = String(record[record.index(after: equals)...])
        }
        return records
    }
}
