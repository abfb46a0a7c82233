import ArgumentParser
import DeskCore
import DeskStorePostgres
import DeskStoreSQLite
import Foundation

/// `deskbot migrate [--check]`: applies the schema migrations (every command also applies them at start) and prints
/// the schema version; with `--check`, only tells whether the database is current.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply the database's schema migrations and print its schema version (--check: only tell whether it is current).")

    @OptionGroup var options: GlobalOptions
    @Flag(help: "Change nothing: print the database's version and exit 1 when migrations are pending.") var check = false

    func run() async throws {
        guard options.usesPostgres else {
            // SQLite applies its migrations whenever the file is opened.
            if check && !FileManager.default.fileExists(atPath: options.database) && options.database != ":memory:" {
                throw CommandFailure(message: "\(options.database) does not exist yet (it is created and migrated on first use)")
            }
            _ = try options.database == ":memory:" ? SQLiteDeskStore.inMemory() : SQLiteDeskStore.open(path: options.database)
            print("sqlite \(options.database): schema current (migrated when opened)")
            return
        }
        let location = try options.postgresLocation()
        let store = PostgresDeskStore(location, maxConnections: 1, migrate: !check)
        do {
            let version = check ? try await store.databaseVersion() : try await store.migrate()
            await store.close()
            let known = PostgresDeskStore.schemaVersion
            print("postgres \(location.redacted): schema version \(version) of \(known)\(version < known ? " (migrations pending: run deskbot migrate)" : "")")
            if version < known { throw ExitCode(1) }
        } catch let error as ExitCode {
            throw error
        } catch {
            await store.close()
            // PostgresNIO's errors describe themselves in full only when reflected.
            throw CommandFailure(message: "\(location.redacted): \(String(reflecting: error))")
        }
    }
}
