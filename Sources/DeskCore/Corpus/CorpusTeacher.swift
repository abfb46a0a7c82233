import Foundation
import Intents
import Locales

/// Teaches the desk a message it did not understand: adds it to an intent of a locale's corpus, checks that the
/// message now gets that intent (as a conversation in that language would classify it), and undoes the edit with
/// the reason when it does not. Used by `deskbot unmatched promote` and the staff console.
///
/// ```swift
/// let result = try CorpusTeacher(directory: "corpora").promote("where do i pay parking fines", to: "property_tax", locale: "en")
/// print(result.summary)   // added … — it now classifies as property_tax (confidence 0.59)
/// ```
package struct CorpusTeacher {
    package let directory: String
    package init(directory: String) { self.directory = directory }

    /// What promoting did.
    package struct Promotion: Sendable {
        package enum Change: Sendable, Equatable {
            /// The text was added as an example (or keyword) to the locale's intents.yaml.
            case added
            /// The same words were already there (nothing added twice).
            case alreadyPresent
            /// The message already got the intent; nothing was changed.
            case alreadyMatches
        }
        package let change: Change
        package let intent: IntentID
        package let locale: LocaleID
        package let field: String
        /// The message's intent now, and its confidence.
        package let confidence: Double

        package var summary: String {
            let now = "it now classifies as \(intent) (confidence \(String(format: "%.2f", confidence)))"
            switch change {
            case .added: return "added to \(locale)/intents.yaml as \(field == "examples" ? "an example" : "a keyword") of \(intent): \(now)"
            case .alreadyPresent: return "already in \(locale)/intents.yaml as \(field == "examples" ? "an example" : "a keyword") of \(intent) (not added twice): \(now)"
            case .alreadyMatches: return "nothing to add: \(now)"
            }
        }
    }

    package enum TeachError: Error, CustomStringConvertible {
        case invalidCorpus([CorpusProblem])
        case noLocale(LocaleID)
        case noIntent(IntentID, LocaleID)
        /// The edit did not make the message match, so it was undone. `reason` says why, for staff.
        case stillNotMatching(reason: String, explanation: [String])

        package var description: String {
            switch self {
            case .invalidCorpus(let problems):
                "the corpora have errors; fix them first (`deskbot check`):\n" + problems.map { "  \($0)" }.joined(separator: "\n")
            case .noLocale(let locale): "there is no locale `\(locale)` in the corpora"
            case .noIntent(let intent, let locale): "\(locale)/intents.yaml has no intent `\(intent)`"
            case .stillNotMatching(let reason, let explanation):
                "not added: \(reason). The corpus is unchanged.\n" + explanation.map { "  \($0)" }.joined(separator: "\n")
            }
        }
    }

    /// Adds `text` to `field` (`examples` or `keywords`) of `intent` in `locale`, unless it is there already, and
    /// verifies the message now classifies as `intent`; otherwise the file is restored and `TeachError` says why.
    package func promote(_ text: String, to intent: IntentID, locale: LocaleID, field: String = "examples") throws -> Promotion {
        let (corpus, engine) = try load()
        guard let pack = corpus.packs[locale] else { throw TeachError.noLocale(locale) }
        guard let rule = pack.rules.first(where: { $0.id == intent }) else { throw TeachError.noIntent(intent, locale) }
        let before = engine.classify(text, preferred: locale)
        if before.intent == intent, before.locale == locale {
            return Promotion(change: .alreadyMatches, intent: intent, locale: locale, field: field, confidence: before.confidence)
        }
        let words = engine.words(text, in: locale)
        let existing = field == "examples" ? rule.examples : (rule.keywords + rule.phrases).map(\.text)
        let present = existing.contains { engine.words($0, in: locale) == words }

        let path = "\(directory)/\(locale.rawValue)/intents.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        if !present {
            do {
                try CorpusEditor(directory: directory).add(text, to: field, of: intent, locale: locale)
            } catch let error as CorpusEditor.EditError {
                if case .invalidAfterEdit(let problems) = error { throw TeachError.invalidCorpus(problems) }
                throw TeachError.noIntent(intent, locale)
            }
        }
        let after: Classification
        do {
            after = try load().engine.classify(text, preferred: locale)
        } catch {
            try original.write(toFile: path, atomically: true, encoding: .utf8)
            throw error
        }
        if after.intent == intent, after.locale == locale {
            return Promotion(change: present ? .alreadyPresent : .added, intent: intent, locale: locale, field: field, confidence: after.confidence)
        }
        if !present { try original.write(toFile: path, atomically: true, encoding: .utf8) }
        throw TeachError.stillNotMatching(reason: Self.reason(after, intent: intent, locale: locale), explanation: Explanation.lines(for: after, top: 4))
    }

    /// Why a message does not get `intent` in `locale`, in words staff can act on.
    static func reason(_ c: Classification, intent: IntentID, locale: LocaleID) -> String {
        if c.locale != locale {
            return "the desk reads this message as \(c.locale), not \(locale); promote it in \(c.locale) (--locale \(c.locale)) or add words only \(locale) uses"
        }
        if let other = c.intent {
            return "it still classifies as \(other), whose words weigh more; add a phrase of \(intent) that this message uses, or a negative word to \(other)"
        }
        if c.candidates.first?.intent != intent {
            return "the words of this message are shared with other intents or too common to decide; add a keyword or phrase of \(intent) that it uses"
        }
        return "the evidence for \(intent) stays below the threshold; add a keyword or phrase of \(intent) that this message uses"
    }

    private func load() throws -> (corpus: Corpus, engine: Classifier) {
        let result = CorpusLoader(directory: directory).read()
        guard result.errors.isEmpty else { throw TeachError.invalidCorpus(result.errors) }
        return (result.corpus, try Classifier.loaded(corpus: result.corpus, directory: directory))
    }
}
