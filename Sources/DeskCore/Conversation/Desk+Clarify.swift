import Foundation
import Intents
import Locales

/// Clarify instead of guessing: when the engine finds two or three close candidates and no clear winner, the desk
/// asks "Do you mean: 1 …, 2 …? Reply with the number." in the citizen's language, short enough for one SMS; the
/// next message picks one by its number, or by words that now point to one of them.
extension DeskSnapshot {
    func clarifyQuestion(_ candidates: [IntentID], _ turn: inout Turn) -> Reply {
        let offered = Array(candidates.prefix(3))
        turn.session.clarify = offered.map(\.rawValue)
        // A complaint picked by number is filed with what the citizen first said, not with "2".
        turn.session.clarifiedText = offered.contains { $0.kind == .complaint } ? turn.message.text : nil
        let options = offered.enumerated().map { "\($0.offset + 1) \(label(of: $0.element, turn.language))" }.joined(separator: ", ")
        return answer("clarify_ask", turn, values: ["options": options])
    }

    /// The intent the citizen picked from the last question, if this message picks one (the question is then closed).
    func clarified(_ turn: inout Turn) -> IntentID? {
        guard let offered = turn.session.clarify?.map(IntentID.init(rawValue:)), !offered.isEmpty else { return nil }
        turn.session.clarify = nil
        defer { turn.session.clarifiedText = nil }
        let tokens = turn.classification.normalized.tokens
        // A bare number (possibly with a word or two: "2 please") picks that option.
        if tokens.count <= 3, let n = tokens.lazy.compactMap({ Int($0) }).first, offered.indices.contains(n - 1) {
            return offered[n - 1]
        }
        // "yes" to a question that offered one thing.
        let info = corpus.packs[turn.language]?.info
        if offered.count == 1, tokens.count <= 3, says(info?.yes ?? [], turn), !says(info?.no ?? [], turn) { return offered[0] }
        if let intent = turn.classification.intent, offered.contains(intent) { return intent }
        // Words that now lean to one of the offered candidates (e.g. "the bill").
        if let first = turn.classification.clarify.first(where: offered.contains) { return first }
        return nil
    }

    /// A short name for an intent in a locale: the category name for complaints, else the intent's first example.
    func label(of intent: IntentID, _ locale: LocaleID) -> String {
        if let category = Catalog.categories.first(where: { $0.intent == intent }) {
            return text("category_\(category.code)", locale)
        }
        let example = corpus.packs[locale]?.rules.first { $0.id == intent }?.examples.first
            ?? corpus.packs["en"]?.rules.first { $0.id == intent }?.examples.first
        return example.map { "“\($0)”" } ?? intent.rawValue.replacingOccurrences(of: "_", with: " ")
    }
}
