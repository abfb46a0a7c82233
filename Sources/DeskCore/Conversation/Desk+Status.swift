import Foundation
import Intents
import Locales

/// Status lookups by citizens, status changes by staff (with the citizen's notification), and feedback.
package extension DeskSnapshot {
    package func status(_ turn: Turn) async throws -> Reply {
        let c = turn.classification
        let mine = try await complaints(turn)
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
                "date": citizenDate(complaint.updatedAt, turn.language), "note": note(last, turn.language),
                "expected": try await expectedDate(of: complaint, turn.language),
            ])
    }

    /// The last change's note for the citizen: staff's note as written; a change the citizen made (a rating, a
    /// reopening) in the citizen's language, not the desk's internal note; nothing (and no label) when empty.
    private func note(_ change: StatusChangeRecord?, _ locale: LocaleID) -> String {
        guard let change else { return "" }
        let said: String
        if change.changedBy == "citizen" {
            // The citizen files (no note), closes by rating, or reopens.
            switch ComplaintStatus(rawValue: change.toStatus) {
            case .closed: said = text("status_note_rated", locale)
            case .inProgress where change.fromStatus == ComplaintStatus.resolved.rawValue: said = text("status_note_reopened", locale)
            default: said = ""
            }
        } else {
            said = change.note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        }
        return labelled(said, locale)
    }

    /// A note with its label ("टिप्पणी: …"), or nothing when the note is empty.
    package func labelled(_ note: String, _ locale: LocaleID) -> String {
        note.isEmpty ? "" : text("status_note", locale, ["note": note])
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
                ["reference": complaint.reference, "status": text("status_\(status.rawValue)", locale),
                 "note": labelled(note?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "", locale)])
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
}
