import Foundation
import Testing

@testable import DeskCore
@testable import DeskStorePostgres
@testable import DeskStoreSQLite

/// One implementation of `DeskStore` for the contract tests: SQLite in memory always, PostgreSQL when
/// `DESKBOT_TEST_POSTGRES` names a server (`postgres://USER@HOST:PORT/DB`), each test on a schema of its own.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    let name: String
    /// A fresh, empty database.
    let make: @Sendable () async throws -> TestDatabase

    var testDescription: String { name }

    /// The PostgreSQL URL the tests use, if any.
    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["DESKBOT_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    static let sqlite = StoreFactory(name: "sqlite") {
        // A file, so that a second instance can open the same database (in memory for a single one is the same code).
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-contract-\(UUID().uuidString)/desk.sqlite").path
        let first = try SQLiteDeskStore.inMemory()
        return TestDatabase(
            store: first,
            shared: { try SQLiteDeskStore.open(path: path) },
            cleanup: { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) })
    }

    static let postgres = StoreFactory(name: "postgres") {
        guard let url = postgresURL else { throw TestDatabase.NotConfigured() }
        var base = try PostgresLocation(url: url, password: ProcessInfo.processInfo.environment["PGPASSWORD"])
        base.schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let location = base
        let opened = OpenStores()
        let open: @Sendable () async throws -> any DeskStore = {
            let store = PostgresDeskStore(location, maxConnections: 8)
            await opened.add(store)
            try await store.migrate()
            return store
        }
        let first = try await open()
        return TestDatabase(store: first, shared: open, cleanup: { await opened.closeAll() })
    }

    static var all: [StoreFactory] { postgresURL == nil ? [sqlite] : [sqlite, postgres] }
}

/// A database under test.
struct TestDatabase: Sendable {
    struct NotConfigured: Error {}
    /// The store (SQLite: in memory).
    let store: any DeskStore
    /// Opens another instance ("another server") on one shared database, the same on every call (SQLite: a file,
    /// not `store`'s memory; PostgreSQL: `store`'s schema). Multi-instance tests open all their instances with it.
    let shared: @Sendable () async throws -> any DeskStore
    let cleanup: @Sendable () async -> Void

    /// Runs `body` on a fresh database and cleans it up afterwards, also when `body` throws.
    static func with(_ factory: StoreFactory, _ body: (TestDatabase) async throws -> Void) async throws {
        let database = try await factory.make()
        do {
            try await body(database)
        } catch {
            await database.cleanup()
            throw error
        }
        await database.cleanup()
    }
}

/// The PostgreSQL stores a test opened: each schema is dropped and each pool closed at the end.
actor OpenStores {
    private var stores: [PostgresDeskStore] = []
    func add(_ store: PostgresDeskStore) { stores.append(store) }
    func closeAll() async {
        if let first = stores.first { try? await first.dropSchema() }
        for store in stores { await store.close() }
        stores = []
    }
}
