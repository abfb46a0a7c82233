import DeskCore
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

    @Option(help: "The SQLite database file (created if missing; `:memory:` for a throwaway one).")
    var db: String = "data/deskbot.sqlite"

    /// The store, and the hasher whose key comes from DESKBOT_HASH_KEY or a key file beside the database.
    func openStore() throws -> (any DeskStore, CitizenHasher) {
        let environment = ProcessInfo.processInfo.environment
        if db == ":memory:" {
            let key = environment["DESKBOT_HASH_KEY"].map { Data($0.utf8) } ?? Data((0..<32).map { _ in UInt8.random(in: 0...255) })
            return (try SQLiteDeskStore.inMemory(), CitizenHasher(key: key))
        }
        let store = try SQLiteDeskStore.open(path: db)
        if let key = environment["DESKBOT_HASH_KEY"], key.utf8.count >= 16 { return (store, CitizenHasher(key: Data(key.utf8))) }
        return (store, try CitizenHasher.keyFile(db + ".key"))
    }

    /// The desk on the corpora and database these options name.
    func makeDesk(_ configuration: DeskConfiguration) throws -> Desk {
        let (store, hasher) = try openStore()
        return try Desk(corpus: loadCorpus(), configuration: configuration, store: store, hasher: hasher)
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
