import Foundation
import GRDB
import GRDBSQLite

/// A read on the webhook's hot path, stepped through SQLite's C API on a statement GRDB prepared and caches.
///
/// `fetchOne`/`fetchAll` of a record make a cursor, a `Row` with a dictionary of the lower-cased column names and
/// a `Codable` decoder for every query, even one that finds nothing; on a turn's five look-ups that was about a
/// tenth of a webhook request's CPU. Here a query binds its text arguments, steps, and reads columns by index with
/// GRDB's own column decoders (`String(sqliteStatement:index:)`, `Date(sqliteStatement:index:)`…), so values read
/// here are the values a record fetch decodes.
///
/// Only for `SELECT`s, inside a database access GRDB granted (`read`, or the writer's transaction). Each SQL text
/// used here is used only here, so no GRDB fetch finds its statement half-stepped; every path resets it.
///
/// ```swift
/// let state = try HotQuery.run(db, "SELECT state FROM session WHERE id = ?", [key]) { q in try q.step() ? q.text(0) : nil }
/// ```
struct HotQuery {
    private let statement: SQLiteStatement
    private let db: Database
    private let sql: String

    /// Prepares `sql` (once per connection), binds `arguments` (`nil` binds SQL `NULL`), runs `body` on the rows and
    /// resets the statement, whatever happens.
    static func run<T>(_ db: Database, _ sql: String, _ arguments: [String?], _ body: (inout HotQuery) throws -> T) throws -> T {
        let prepared = try db.cachedStatement(sql: sql)
        var query = HotQuery(statement: prepared.sqliteStatement, db: db, sql: sql)
        defer {
            sqlite3_reset(query.statement)
            withExtendedLifetime(prepared) {}
        }
        try query.bind(arguments)
        return try body(&query)
    }

    private init(statement: SQLiteStatement, db: Database, sql: String) {
        self.statement = statement
        self.db = db
        self.sql = sql
    }

    private func bind(_ arguments: [String?]) throws {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
        for (i, argument) in arguments.enumerated() {
            let code: CInt
            if let argument {
                // SQLITE_TRANSIENT: SQLite copies the text (the bridged C string lives only for the call).
                code = sqlite3_bind_text(statement, CInt(i + 1), argument, CInt(argument.utf8.count), Self.transient)
            } else {
                code = sqlite3_bind_null(statement, CInt(i + 1))
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    /// Moves to the next row: `true` when there is one.
    mutating func step() throws -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let code: throw failure(code)
        }
    }

    func isNull(_ column: CInt) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }
    func text(_ column: CInt) -> String? { isNull(column) ? nil : String(sqliteStatement: statement, index: column) }
    func bool(_ column: CInt) -> Bool { !isNull(column) && Bool(sqliteStatement: statement, index: column) }
    func date(_ column: CInt) -> Date? { isNull(column) ? nil : Date(sqliteStatement: statement, index: column) }

    private func failure(_ code: CInt) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: sql)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}

extension Database {
    /// `body` between `begin` and `end`, or `begin` and the `undo` statements when it throws (each tried, its own
    /// error ignored: the body's error is the one reported). All are statements prepared once per connection, where
    /// GRDB's `inTransaction`/`inSavepoint` prepare theirs on every call.
    func bracketed<T>(begin: String, end: String, undo: [String], _ body: () throws -> T) throws -> T {
        try cachedStatement(sql: begin).execute()
        let result: T
        do {
            result = try body()
        } catch {
            for sql in undo { try? cachedStatement(sql: sql).execute() }
            throw error
        }
        try cachedStatement(sql: end).execute()
        return result
    }
}
