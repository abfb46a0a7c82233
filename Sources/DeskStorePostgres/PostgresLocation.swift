import Foundation
import PostgresNIO

/// Where a PostgreSQL store lives:
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require&schema=NAME&pool=N]`.
package struct PostgresLocation: Sendable, Equatable {
    package var host: String
    package var port: Int
    package var username: String
    package var password: String?
    package var database: String
    /// The schema the desk's tables live in (`search_path`); `nil` is the server's default (`public`).
    package var schema: String?
    /// `pool=N`: at most this many connections per process (default: the store's, 16).
    package var pool: Int?
    /// `sslmode=disable|prefer|require` (default `prefer`: TLS when the server offers it).
    package var tls: TLSMode

    package enum TLSMode: String, Sendable, Equatable {
        case disable, prefer, require
    }

    /// Whether `text` names a PostgreSQL database rather than a SQLite file.
    package static func isURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses a URL; `password` (from `PGPASSWORD`) is used when the URL has none.
    package init(url text: String, password fallback: String? = nil) throws {
        guard Self.isURL(text), let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw PostgresStoreError.badURL(text)
        }
        self.host = host
        port = components.port ?? 5432
        username = components.user.flatMap { $0.isEmpty ? nil : $0 } ?? "postgres"
        password = components.password ?? fallback
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        database = path.isEmpty ? username : path
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        schema = query["schema"].flatMap { $0.isEmpty ? nil : $0 }
        guard let tls = TLSMode(rawValue: query["sslmode"] ?? "prefer") else { throw PostgresStoreError.badURL(text) }
        self.tls = tls
        if let schema, !Self.isIdentifier(schema) { throw PostgresStoreError.badURL(text) }
        if let pool = query["pool"] {
            guard let n = Int(pool), n >= 1 else { throw PostgresStoreError.badURL(text) }
            self.pool = n
        }
    }

    package init(host: String, port: Int, username: String, password: String?, database: String, schema: String? = nil, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.schema = schema
        self.tls = tls
    }

    /// A plain lower-case SQL identifier (schema names are put in SQL text, so only these are accepted).
    package static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || ("a"..."z").contains(first) else { return false }
        return name.count <= 63 && name.unicodeScalars.allSatisfy { $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }

    /// The URL without the password (for logs and messages).
    package var redacted: String {
        "postgres://\(username)@\(host):\(port)/\(database)" + (schema.map { "?schema=\($0)" } ?? "")
    }

    /// The client configuration: a bounded pool of `maxConnections`.
    func configuration(maxConnections: Int) -> PostgresClient.Configuration {
        var config = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        switch tls {
        case .disable: break
        case .prefer: config.tls = .prefer(.makeClientConfiguration())
        case .require: config.tls = .require(.makeClientConfiguration())
        }
        config.options.maximumConnections = maxConnections
        config.options.minimumConnections = 0
        if let schema { config.options.additionalStartupParameters = [("search_path", schema)] }
        return config
    }
}

extension PostgresLocation {
    /// One connection outside the pool (migrations, version checks): it fails at once when the server cannot be
    /// reached, where the pool would keep retrying.
    func connect(logger: Logger) async throws -> PostgresConnection {
        var config = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: .disable)
        switch tls {
        case .disable: break
        case .prefer: config.tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: config.tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        if let schema { config.options.additionalStartupParameters = [("search_path", schema)] }
        return try await PostgresConnection.connect(configuration: config, id: 0, logger: logger)
    }
}

/// Failures of the PostgreSQL store that an operator must act on.
package enum PostgresStoreError: Error, Equatable, CustomStringConvertible {
    /// The `--db` / `DESKBOT_DB` value is not a usable `postgres://` URL.
    case badURL(String)
    /// The database has migrations newer than this program knows (a newer deskbot ran on it).
    case schemaTooNew(database: Int, known: Int)
    /// A ledger row that blocked an insert was gone when read (nothing deletes ledger rows: a bug or manual edit).
    case vanishedRow(String)

    package var description: String {
        switch self {
        case .badURL(let url):
            "`\(url)` is not a PostgreSQL URL of the form postgres://USER[:PASSWORD]@HOST[:PORT]/DB[?sslmode=disable|prefer|require&schema=NAME&pool=N]"
        case .schemaTooNew(let database, let known):
            "the database schema is at version \(database), newer than this deskbot knows (\(known)); upgrade deskbot"
        case .vanishedRow(let id):
            "the ledger row \(id) blocked an insert but could not be read"
        }
    }
}
