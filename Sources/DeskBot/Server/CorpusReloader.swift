import DeskCore
import Foundation
import Intents
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the corpora into the running desk on SIGHUP and when a corpus file changes. A corpus with errors is
/// rejected (the errors are logged) and the running one is kept.
struct CorpusReloader: Service {
    let directory: String
    let desk: Desk
    let logger: Logger
    var pollInterval: Duration = .seconds(2)

    /// Loads, checks and compiles; on success swaps it into the desk. Returns whether it did.
    @discardableResult
    func reload(reason: String) async -> Bool {
        do {
            let corpus = try CorpusLoader(directory: directory).load()
            let engine = try Classifier.loaded(corpus: corpus, directory: directory)
            desk.reload(corpus: corpus, engine: engine)
            logger.notice("corpora reloaded", metadata: ["reason": "\(reason)", "locales": "\(corpus.locales.count)"])
            return true
        } catch {
            logger.error("corpora NOT reloaded; the running ones are kept", metadata: ["reason": "\(reason)", "error": "\(error)"])
            return false
        }
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask {
                    for await _ in await UnixSignalsSequence(trapping: .sighup) { await reload(reason: "SIGHUP") }
                }
                group.addTask {
                    var last = Self.fingerprint(directory)
                    while !Task.isCancelled {
                        try await Task.sleep(for: pollInterval)
                        let now = Self.fingerprint(directory)
                        if now != last {
                            last = now
                            await reload(reason: "files changed")
                        }
                    }
                }
            }
        }
    }

    /// Paths, sizes and modification times of every file under the corpora folder.
    static func fingerprint(_ directory: String) -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: directory) else { return out }
        for case let path as String in walker {
            let full = "\(directory)/\(path)"
            guard let attributes = try? fm.attributesOfItem(atPath: full), (attributes[.type] as? FileAttributeType) == .typeRegular else { continue }
            out[path] = "\(attributes[.size] ?? 0)@\((attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
        }
        return out
    }
}
