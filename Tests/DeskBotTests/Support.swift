import Synchronization
import Foundation
import Intents
import Locales

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// Paths and shared, built-once values for the tests.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let corpora = root.appendingPathComponent("corpora").path
    static let transcripts = root.appendingPathComponent("transcripts").path
    static let fixtures = root.appendingPathComponent("Tests/DeskBotTests/Fixtures").path

    static let corpus: Corpus = {
        do { return try CorpusLoader(directory: corpora).load() } catch { fatalError("bundled corpora do not load: \(error)") }
    }()

    static let engine: Classifier = {
        do { return try Classifier.loaded(corpus: corpus, directory: corpora) } catch { fatalError("bundled corpora do not compile: \(error)") }
    }()

    static var locales: [LocaleID] {
        ((try? FileManager.default.contentsOfDirectory(atPath: corpora)) ?? [])
            .filter { FileManager.default.fileExists(atPath: "\(corpora)/\($0)/locale.yaml") }
            .sorted().map(LocaleID.init(rawValue:))
    }

    static var transcriptFiles: [String] {
        guard let walker = FileManager.default.enumerator(atPath: transcripts) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".txt") }.sorted()
    }

    /// 2026-11-23 10:00 UTC: transcripts run on a fixed clock, so references and dates are reproducible.
    static let fixedNow = Date(timeIntervalSince1970: 1_795_428_000)

    static func desk(
        locale: LocaleID? = nil, store: (any DeskStore)? = nil, now: @escaping @Sendable () -> Date = { Repo.fixedNow }
    ) throws -> Desk {
        try Desk(
            corpus: corpus, configuration: DeskConfiguration(locale: locale), store: store ?? SQLiteDeskStore.inMemory(),
            hasher: CitizenHasher(key: Data("test-key-test-key-test-key".utf8)), engine: engine, now: now)
    }
}

/// A clock tests move by hand (service levels, session expiry, lock-out).
final class TestClock: Sendable {
    private let current: Mutex<Date>
    init(_ start: Date = Repo.fixedNow) { current = Mutex(start) }
    var now: Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    func advance(days: Double) { advance(days * 86400) }
    var closure: @Sendable () -> Date { { self.now } }
}
