import Foundation
import Intents
import Locales

/// After a complaint is resolved the desk asks for a rating. The answer may be a rating (digits, stars, words), the
/// same problem again (it is reopened), a new problem (a new intake starts), or anything else (handled as usual,
/// the question stays open until the session expires).
package extension DeskSnapshot {
    /// The reply to a message while a rating is pending, or `nil` when the message is not about the rating.
    package func feedback(_ turn: inout Turn) async throws -> Reply? {
        // The answer to a "Do you mean 1 … 2 …?" question picks an option; it is no rating.
        guard let reference = turn.session.feedbackFor, turn.session.clarify == nil else { return nil }
        let info = corpus.packs[turn.language]?.info
        let c = turn.classification
        if says(info?.notFixed ?? [], turn) { return reopen(reference, &turn) }
        // A complaint is never a rating ("the streetlight on my road is broken at 3 Oak Ave").
        if let intent = c.intent, intent.kind == .complaint {
            let complaint = try await store.complaint(reference: reference)
            if let complaint, isSameProblem(complaint, intent: intent, turn) { return reopen(reference, &turn) }
            // A new problem: the citizen has moved on; the rating question is dropped and the intake starts.
            turn.session.feedbackFor = nil
            return nil
        }
        // A problem the desk must ask about ("streetlight … road": which one?) is a new problem too.
        if c.intent == nil, c.normalized.tokens.count >= 3, c.clarify.contains(where: { $0.kind == .complaint }) {
            turn.session.feedbackFor = nil
            return nil
        }
        // Questions and status checks are answered; the rating question stays open.
        if let intent = c.intent, intent.kind == .faq || intent.kind == .tracking { return nil }
        guard c.slots[.reference] == nil, let rating = rating(turn) else { return nil }
        turn.session.feedbackFor = nil
        guard let complaint = try await store.complaint(reference: reference), let id = complaint.id else { return nil }
        turn.writes.feedback = FeedbackRecord(
            id: nil, complaintId: id, rating: rating, comment: ratingComment(turn) ?? "", createdAt: turn.at)
        if complaint.status == ComplaintStatus.resolved.rawValue {
            turn.writes.statusChanges.append(.init(reference: reference, to: .closed, note: "rated \(rating)/5"))
        }
        return answer("feedback_thanks", turn, intent: "feedback")
    }

    /// Reopens a resolved complaint the citizen says is not fixed.
    package func reopen(_ reference: String, _ turn: inout Turn) -> Reply {
        turn.session.feedbackFor = nil
        turn.writes.statusChanges.append(.init(reference: reference, to: .inProgress, note: "not fixed"))
        return answer("feedback_reopened", turn, values: ["reference": reference])
    }

    /// A complaint of the same category, and at the same place when a place is named ("there is still no water").
    func isSameProblem(_ complaint: ComplaintRecord, intent: IntentID, _ turn: Turn) -> Bool {
        guard Catalog.categories.first(where: { $0.intent == intent })?.code == complaint.category else { return false }
        guard let place = turn.classification.slots[.location], let filed = complaint.location else { return true }
        let a = engine.words(place, in: turn.language)
        let b = Set(engine.words(filed, in: turn.language))
        return a.contains { b.contains($0) }
    }

    // MARK: - Reading a rating

    /// Stars that count as one point each.
    static let stars: Set<Unicode.Scalar> = ["\u{2B50}", "\u{2605}", "\u{1F31F}"]

    /// A rating from 1 to 5: "4", "4/5", "8 out of 10", "⭐⭐⭐⭐", "five stars", "tano", "پانچ". A number from 6 to 10
    /// (or any number over a scale of 10) is read on a scale of 10 and halved, as a clerk would ("10" → 5); a number
    /// that is part of a place, reference or phone number is no rating.
    func rating(_ turn: Turn) -> Int? {
        let starCount = turn.message.text.unicodeScalars.filter { Self.stars.contains($0) }.count
        if starCount > 0 { return min(5, starCount) }
        let c = turn.classification
        let tokens = c.normalized.tokens
        let taken = Set([c.slots[.location], c.slots[.phone]].compactMap { $0 }.flatMap { engine.words($0, in: turn.language) })
        let numbers = tokens.compactMap { token -> Int? in
            guard !taken.contains(token), token.count <= 2, let n = Int(token) else { return nil }
            return n
        }
        if let first = numbers.first, (0...10).contains(first) {
            let outOfTen = numbers.dropFirst().first == 10 || first > 5
            let value = outOfTen ? Int((Double(first) / 2).rounded()) : first
            return max(1, min(5, value))
        }
        // Words: the earliest rating word in the message wins ("five stars, great job" → 5).
        let words = corpus.packs[turn.language]?.ratingWords ?? [:]
        var best: (at: Int, length: Int, rating: Int)?
        for (rating, phrases) in words {
            for phrase in phrases {
                let needle = engine.words(phrase, in: turn.language)
                guard let at = Self.position(of: needle, in: tokens) else { continue }
                if best == nil || at < best?.at ?? 0 || (at == best?.at && needle.count > best?.length ?? 0) {
                    best = (at, needle.count, rating)
                }
            }
        }
        return best?.rating
    }

    /// The citizen's comment with the rating: the whole message when it says more than the rating itself.
    func ratingComment(_ turn: Turn) -> String? {
        let text = turn.message.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let ratingTokens = Set((corpus.packs[turn.language]?.ratingWords ?? [:]).values.joined().flatMap { engine.words($0, in: turn.language) })
        let stop = Set((corpus.packs[turn.language]?.info.stopWords ?? []).flatMap { engine.words($0, in: turn.language) })
        let rest = turn.classification.normalized.tokens.filter {
            Int($0) == nil && !ratingTokens.contains($0) && !stop.contains($0) && $0.count > 1
        }
        return rest.isEmpty ? nil : text
    }

    static func position(of needle: [String], in words: [String]) -> Int? {
        guard !needle.isEmpty, words.count >= needle.count else { return nil }
        return (0...(words.count - needle.count)).first { start in
            needle.indices.allSatisfy { words[start + $0] == needle[$0] }
        }
    }
}
