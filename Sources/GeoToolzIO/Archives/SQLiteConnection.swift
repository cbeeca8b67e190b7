import CSQLite
import Foundation

/// One SQLite connection. Not for concurrent use: callers hold it from one thread at a time
/// (behind a lock, or taken from a pool), so it is opened without SQLite's own mutex.
final class SQLiteConnection {
    let handle: OpaquePointer
    let path: String

    /// Opens `path` read-only, or read-write creating it.
    init(path: String, readOnly: Bool) throws(TileArchiveError) {
        var handle: OpaquePointer?
        let flags =
            (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw TileArchiveError(.io, path: path, "cannot open as SQLite: \(message)")
        }
        self.handle = handle
        self.path = path
        // Read-only connections of the server wait a little for a writer's lock instead of failing.
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Runs `sql`, one or more statements without parameters or results.
    func execute(_ sql: String) throws(TileArchiveError) {
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(handle, sql, nil, nil, &message)
        guard status == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(message)
            throw failure(text)
        }
    }

    /// A compiled statement, to run many times.
    func prepare(_ sql: String) throws(TileArchiveError) -> SQLiteStatement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK,
            let statement
        else {
            throw failure(lastError)
        }
        return SQLiteStatement(statement, connection: self)
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    func failure(_ text: String) -> TileArchiveError {
        let busy = sqlite3_errcode(handle) & 0xff == SQLITE_BUSY
        return TileArchiveError(busy ? .busy : .io, path: path, "SQLite: \(text)")
    }
}

/// A prepared statement, reset before each use.
final class SQLiteStatement {
    private let statement: OpaquePointer
    private let connection: SQLiteConnection

    init(_ statement: OpaquePointer, connection: SQLiteConnection) {
        self.statement = statement
        self.connection = connection
    }

    deinit {
        sqlite3_finalize(statement)
    }

    /// A value to bind to a `?` parameter.
    enum Value {
        case integer(Int)
        case text(String)
        case blob(UnsafeRawBufferPointer)
    }

    /// Binds `values` to the parameters in order, after clearing the last run.
    func bind(_ values: [Value]) throws(TileArchiveError) {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            let status: Int32 =
                switch value {
                case .integer(let number): sqlite3_bind_int64(statement, position, Int64(number))
                // SQLITE_TRANSIENT (-1): SQLite copies the bytes before bind returns.
                case .text(let text):
                    sqlite3_bind_text(
                        statement, position, text, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                case .blob(let bytes):
                    sqlite3_bind_blob(
                        statement, position, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count),
                        unsafeBitCast(-1, to: sqlite3_destructor_type.self))
                }
            guard status == SQLITE_OK else { throw connection.failure(connection.lastError) }
        }
    }

    /// Advances to the next row: true when there is one, false when done.
    func step() throws(TileArchiveError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.failure(connection.lastError)
        }
    }

    /// Runs a statement that returns no rows.
    func run(_ values: [Value] = []) throws(TileArchiveError) {
        try bind(values)
        defer { sqlite3_reset(statement) }
        while try step() {}
    }

    func integer(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

    func text(_ column: Int32) -> String? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: text)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

    func data(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(statement, column))
        guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    /// Resets the statement, releasing its read lock, once the caller is done with its rows.
    func reset() { sqlite3_reset(statement) }
}
