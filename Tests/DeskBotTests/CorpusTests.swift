import Foundation
import Intents
import Locales
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

@Suite struct CorpusTests {
    @Test func bundledCorporaLoadWithoutErrors() {
        let result = CorpusLoader(directory: Repo.corpora).read()
        #expect(result.errors.isEmpty, "\(result.errors.map(\.description).joined(separator: "\n"))")
        #expect(Set(Repo.corpus.locales) == ["en", "es", "fr", "pt", "sw", "zu", "af", "ar", "ur", "ur-Latn", "hi"])
    }

    @Test("Every catalog intent has enough keywords and examples", arguments: Repo.locales)
    func coverage(_ locale: LocaleID) throws {
        let pack = try #require(Repo.corpus.packs[locale])
        for id in Catalog.intents {
            let rule = try #require(pack.rules.first { $0.id == id }, "\(locale) lacks \(id)")
            #expect(rule.keywords.count + rule.phrases.count + rule.patterns.count >= 8, "\(locale) \(id)")
            #expect(rule.examples.count >= 5, "\(locale) \(id)")
        }
        #expect(pack.outOfScope.count >= 20)
    }

    @Test("Every corpus example classifies to its own intent", arguments: Repo.locales)
    func examplesClassifyToTheirIntent(_ locale: LocaleID) throws {
        let pack = try #require(Repo.corpus.packs[locale])
        var wrong: [String] = []
        var total = 0
        for rule in pack.rules {
            for example in rule.examples {
                total += 1
                let got = Repo.engine.classify(example, locale: locale).intent
                if got != rule.id { wrong.append("“\(example)” (\(rule.id)) → \(got?.rawValue ?? "fallback")") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count)/\(total) wrong in \(locale):\n\(wrong.joined(separator: "\n"))")
    }

    @Test("Out-of-scope messages fall back", arguments: Repo.locales)
    func outOfScopeFallsBack(_ locale: LocaleID) throws {
        let pack = try #require(Repo.corpus.packs[locale])
        let accepted = pack.outOfScope.compactMap { text in
            Repo.engine.classify(text, locale: locale).intent.map { "“\(text)” → \($0)" }
        }
        #expect(accepted.isEmpty, "\(locale):\n\(accepted.joined(separator: "\n"))")
    }

    @Test("Examples are recognised in their language", arguments: Repo.locales)
    func examplesDetectTheirLanguage(_ locale: LocaleID) throws {
        let pack = try #require(Repo.corpus.packs[locale])
        let examples = pack.rules.flatMap(\.examples)
        let right = examples.filter { Repo.engine.identifier.identify(Normalizer().normalize($0)).first?.locale == locale }
        // Short messages such as "ok" or "hi" are shared by languages; most must still be told apart.
        #expect(Double(right.count) >= 0.8 * Double(examples.count), "\(locale): \(right.count)/\(examples.count)")
    }
}

@Suite struct TranscriptTests {
    @Test("Golden transcripts", arguments: Repo.transcriptFiles)
    func transcript(_ file: String) async throws {
        let transcript = try Transcript(path: "\(Repo.transcripts)/\(file)")
        let clock = TranscriptClock(start: Repo.fixedNow)
        let desk = try Repo.desk(now: { clock.now })
        let (replies, failures) = try await transcript.run(on: desk, clock: clock)
        if ProcessInfo.processInfo.environment["RECORD_TRANSCRIPTS"] == "1" {
            try transcript.recorded(with: replies).write(toFile: transcript.path, atomically: true, encoding: .utf8)
            return
        }
        #expect(!transcript.turns.isEmpty)
        #expect(failures.isEmpty, "\(file):\n\(failures.map(\.description).joined(separator: "\n"))")
    }

    @Test func everyLocaleHasItsThreeTranscripts() {
        for locale in Repo.locales {
            for name in ["faq", "language_switch", "fallback"] {
                #expect(FileManager.default.fileExists(atPath: "\(Repo.transcripts)/\(locale)/\(name).txt"), "\(locale)/\(name)")
            }
        }
    }
}
