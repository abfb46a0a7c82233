import DeskCore
import DeskStorePostgres
import DeskStoreSQLite
import ArgumentParser
import Foundation
import Intents
import Locales

/// Flags every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The corpora folder (settings.yaml and one folder per locale).")
    var corpora: String = GlobalOptions.defaultCorpora()

    /// `corpora` next to the current folder, else next to the executable's package (so `swift run` works anywhere
    /// inside the checkout).
    static func defaultCorpora() -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: "corpora/settings.yaml") { return "corpora" }
        var url = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = url.appendingPathComponent("corpora")
            if fm.fileExists(atPath: candidate.appendingPathComponent("settings.yaml").path) { return candidate.path }
            url.deleteLastPathComponent()
        }
        return "corpora"
    }

    @Option(
        help: ArgumentHelp(
            "The database: a SQLite file (default data/deskbot.sqlite, created if missing; `:memory:` for a throwaway one) or postgres://USER@HOST:PORT/DB (also DESKBOT_DB; password from the URL or PGPASSWORD).",
            valueName: "file-or-url"))
    var db: String?

    /// `--db`, else `DESKBOT_DB`, else the SQLite file `data/deskbot.sqlite`.
    var database: String { db ?? ProcessInfo.processInfo.environment["DESKBOT_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "data/deskbot.sqlite" }

    /// Whether the database is PostgreSQL (shared by several instances) rather than a SQLite file.
    var usesPostgres: Bool { PostgresLocation.isURL(database) }

    /// The PostgreSQL server and database `--db` names.
    func postgresLocation() throws -> PostgresLocation {
        do {
            return try PostgresLocation(url: database, password: ProcessInfo.processInfo.environment["PGPASSWORD"])
        } catch {
            throw CommandFailure(message: "\(error)")
        }
    }

    /// The store, and the hasher whose key comes from DESKBOT_HASH_KEY or a key file beside the database. A
    /// PostgreSQL database needs DESKBOT_HASH_KEY: every instance on it must hash addresses alike, and there is no
    /// file beside it to keep a key in.
    func openStore() throws -> (any DeskStore, CitizenHasher) {
        let environment = ProcessInfo.processInfo.environment
        let db = database
        if usesPostgres {
            guard let key = environment["DESKBOT_HASH_KEY"], key.utf8.count >= 16 else {
                throw CommandFailure(
                    message: "--db \(try postgresLocation().redacted) needs DESKBOT_HASH_KEY (at least 16 characters): the key that turns "
                        + "addresses into pseudonyms. Every instance on one database must use the same key.")
            }
            return (PostgresDeskStore(try postgresLocation()), CitizenHasher(key: Data(key.utf8)))
        }
        if db == ":memory:" {
            let key = environment["DESKBOT_HASH_KEY"].map { Data($0.utf8) } ?? Data((0..<32).map { _ in UInt8.random(in: 0...255) })
            return (try SQLiteDeskStore.inMemory(), CitizenHasher(key: key))
        }
        let store = try SQLiteDeskStore.open(path: db)
        if let key = environment["DESKBOT_HASH_KEY"], key.utf8.count >= 16 { return (store, CitizenHasher(key: Data(key.utf8))) }
        return (store, try CitizenHasher.keyFile(db + ".key"))
    }

    /// The store for a staff command, which reads or changes what citizens filed: the database must exist already,
    /// so a mistyped `--db` stops with "no database at …" instead of creating an empty database and a new key file.
    func openExistingStore() throws -> any DeskStore {
        try checkExists(needsKey: false)
        return try openStore().0
    }

    /// `openExistingStore()`, with the hasher of that database (its key must exist too: a new key would match no one).
    func openExisting() throws -> (any DeskStore, CitizenHasher) {
        try checkExists(needsKey: true)
        return try openStore()
    }

    private func checkExists(needsKey: Bool) throws {
        guard !usesPostgres else { return }
        let hint = "check --db (or DESKBOT_DB); `deskbot chat` and `deskbot serve` create a database"
        guard database != ":memory:" else { throw CommandFailure(message: "--db :memory: is a new, empty database each time; name the database file") }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: database, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw CommandFailure(message: "no database at \(database) (\(hint))")
        }
        let hasKey = ProcessInfo.processInfo.environment["DESKBOT_HASH_KEY"].map { $0.utf8.count >= 16 } ?? false
        if needsKey, !hasKey, !FileManager.default.fileExists(atPath: database + ".key") {
            throw CommandFailure(message: "no key file at \(database).key, so no address can be matched to this database's citizens (set DESKBOT_HASH_KEY if the key is kept elsewhere)")
        }
    }

    /// Applies a PostgreSQL store's migrations now (a SQLite store ran them when opened), so a command that cannot
    /// reach its database stops at once with the reason.
    func prepare(_ store: any DeskStore) async throws {
        guard let store = store as? PostgresDeskStore else { return }
        do {
            try await store.migrate()
        } catch {
            await store.close()
            // PostgresNIO's errors describe themselves in full only when reflected.
            throw CommandFailure(message: "\(store.location.redacted): \(String(reflecting: error))")
        }
    }

    /// Closes a store's connections (PostgreSQL); a SQLite store needs nothing.
    func close(_ store: any DeskStore) async {
        if let store = store as? PostgresDeskStore { await store.close() }
    }

    /// The desk on the corpora and database these options name.
    /// - Parameters:
    ///   - existing: a staff command: the database must exist (see `openExisting()`).
    ///   - reads: the desk reads citizens' messages (chat, sms). Staff commands only write to citizens: their engine
    ///     is built without the languages' dictionaries, which take most of a start-up to load.
    func makeDesk(_ configuration: DeskConfiguration, existing: Bool = false, reads: Bool = true) throws -> Desk {
        let (store, hasher) = existing ? try openExisting() : try openStore()
        let corpus = try loadCorpus()
        let engine = reads ? try Classifier.loaded(corpus: corpus, directory: corpora) : try Classifier(corpus: corpus)
        return try Desk(corpus: corpus, configuration: configuration, store: store, hasher: hasher, engine: engine)
    }

    func loadCorpus() throws -> Corpus {
        do {
            return try CorpusLoader(directory: corpora).load()
        } catch {
            throw CommandFailure(message: "\(error)")
        }
    }
}

/// `--locale auto|CODE`.
struct LocaleOption: ExpressibleByArgument, Sendable {
    let locale: LocaleID?
    init?(argument: String) {
        locale = argument == "auto" ? nil : LocaleID(argument)
    }
    var defaultValueDescription: String { locale?.rawValue ?? "auto" }
}

/// A failure reported to the operator as `Error: …` (exit status 1), without the usage text.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Writes to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
