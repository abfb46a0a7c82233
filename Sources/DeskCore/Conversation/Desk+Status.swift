import Foundation
import Intents
import Locales

/// Status lookups by citizens, status changes by staff (with the citizen's notification), and feedback.
package extension DeskSnapshot {
    package func status(_ turn: Turn) async throws -> Reply {
        let c = turn.classification
        let mine = try await store.complaints(citizen: turn.citizen, openOnly: false)
        if let reference = c.slots[.reference] {
            guard let complaint = mine.first(where: { $0.reference == reference }) else {
                return answer("status_not_found", turn, intent: c.intent, values: ["reference": reference])
            }
            return try await statusReply(complaint, turn)
        }
        if let number = c.slots[.number].flatMap(Int.init), let complaint = mine.first(where: { $0.serial == number }) {
            return try await statusReply(complaint, turn)
        }
        let open = mine.filter { ComplaintStatus(rawValue: $0.status)?.isOpen ?? false }
        if open.count == 1, let only = open.first { return try await statusReply(only, turn) }
        guard !open.isEmpty else { return answer("status_ask_reference", turn, intent: c.intent) }
        let list = open.map { "\($0.reference) (\(text("category_\($0.category)", turn.language))): \(text("status_\($0.status)", turn.language))" }.joined(separator: "\n")
        return answer("status_list", turn, intent: c.intent, values: ["list": list])
    }

    private func statusReply(_ complaint: ComplaintRecord, _ turn: Turn) async throws -> Reply {
        var last: StatusChangeRecord?
        if let id = complaint.id { last = try await store.history(complaintID: id).last }
        return answer(
            "status_reply", turn, intent: turn.classification.intent,
            values: [
                "reference": complaint.reference, "status": text("status_\(complaint.status)", turn.language),
                "date": Self.day(complaint.updatedAt), "note": last?.note ?? "",
                "expected": try await expectedDate(of: complaint, turn.language),
            ])
    }

    package static func day(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: date)
    }

    // MARK: - Staff

    /// A staff member changes a complaint's status. In the same transaction the citizen's notification is queued
    /// in their language and, when resolved, the conversation is set to ask for their rating.
    package func updateStatus(reference: String, to status: ComplaintStatus, by: String, note: String?, at: Date) async throws -> ComplaintRecord {
        let complaint = try await primaryStatus(reference: reference, to: status, by: by, note: note, at: at)
        try await followPrimary(complaint, to: status, note: note, at: at)  // linked duplicates (issue 15)
        return complaint
    }

    private func primaryStatus(reference: String, to status: ComplaintStatus, by: String, note: String?, at: Date) async throws -> ComplaintRecord {
        try await store.updateStatus(reference: reference, to: status, by: by, note: note, at: at) { complaint, stored, contact in
            let locale = LocaleID(complaint.locale)
            var message = text(
                "notify_status_changed", locale,
                ["reference": complaint.reference, "status": text("status_\(status.rawValue)", locale), "note": note ?? ""])
            var session: SessionRecord?
            if status == .resolved {
                message += "\n" + text("feedback_ask_rating", locale, ["reference": complaint.reference])
                let id = "\(complaint.channel):\(complaint.citizen)"
                var state = stored.flatMap(Session.init(record:)) ?? Session(language: locale)
                state.feedbackFor = complaint.reference
                session = state.record(id: id, at: at)
            }
            // A citizen who sent STOP gets no notifications (the change is still recorded and visible on request).
            if contact?.optedOut == true { return (nil, session) }
            let outbox = OutboxRecord(
                id: nil, channel: complaint.channel, citizen: complaint.citizen, text: message, locale: complaint.locale,
                createdAt: at, attempts: 0, nextAttemptAt: at, deliveredAt: nil)
            return (outbox, session)
        }
    }

    // MARK: - Feedback

    /// After resolution: a rating 1–5 (and a comment) closes the complaint; "not fixed" reopens it. Anything else
    /// is handled as usual and the question stays open.
    package func feedback(_ turn: inout Turn) async throws -> Reply? {
        guard let reference = turn.session.feedbackFor else { return nil }
        let info = corpus.packs[turn.language]?.info
        if says(info?.notFixed ?? [], turn) {
            turn.session.feedbackFor = nil
            turn.writes.statusChanges.append(.init(reference: reference, to: .inProgress, note: "not fixed"))
            return answer("feedback_reopened", turn, values: ["reference": reference])
        }
        let tokens = turn.classification.normalized.tokens
        guard let ratingIndex = tokens.firstIndex(where: { ["1", "2", "3", "4", "5"].contains($0) }),
            let rating = Int(tokens[ratingIndex]), turn.classification.slots[.reference] == nil
        else { return nil }
        turn.session.feedbackFor = nil
        guard let complaint = try await store.complaint(reference: reference), let id = complaint.id else { return nil }
        let comment = turn.message.text.trimmingCharacters(in: .whitespacesAndNewlines)
        turn.writes.feedback = FeedbackRecord(id: nil, complaintId: id, rating: rating, comment: comment, createdAt: turn.at)
        if complaint.status == ComplaintStatus.resolved.rawValue {
            turn.writes.statusChanges.append(.init(reference: reference, to: .closed, note: "rated \(rating)/5"))
        }
        return answer("feedback_thanks", turn, intent: "feedback")
    }
}
