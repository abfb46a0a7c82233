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

    func loadCorpus() throws -> Corpus {
        do {
            return try CorpusLoader(directory: corpora).load()
        } catch {
            throw ValidationError(error.description)
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

/// Writes to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
