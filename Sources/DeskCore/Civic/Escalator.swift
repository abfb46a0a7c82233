import Foundation
import Intents
import Locales

/// Escalates complaints past their service level: the department's supervisor gets one message, the escalation is
/// recorded in the complaint's history, and the citizen is told in their language on their channel. Each
/// complaint is escalated once, also with several schedulers on one database (the claim is a conditional update).
///
/// ```swift
/// let escalated = try await Escalator(desk: desk).escalateDue(at: Date())   // ["CMP-2026-000042"]
/// ```
package struct Escalator: Sendable {
    package let desk: Desk
    package init(desk: Desk) { self.desk = desk }

    /// One pass: every complaint due for escalation at `now` (at most `limit`), oldest first. Returns the
    /// references this call escalated (those another scheduler claimed first are skipped).
    package func escalateDue(at now: Date, limit: Int = 100) async throws -> [String] {
        let snapshot = desk.snapshot
        let store = desk.store
        var escalated: [String] = []
        for complaint in try await store.dueForEscalation(at: now, limit: limit) {
            guard let id = complaint.id else { continue }
            let view = try await store.civicComplaints(references: [complaint.reference]).first
            guard let civic = view?.civic else { continue }
            let department = civic.department.flatMap { snapshot.corpus.civic.departments[$0] }
            let days = snapshot.corpus.civic.serviceLevelDays(complaint.category)
            let conversation = ConversationID(channel: complaint.channel, citizen: complaint.citizen)
            let contact = try await conversation.asyncMap { try await store.contact(id: $0.key) } ?? nil

            var citizenMessage: OutboxRecord?
            if let contact, !contact.optedOut {
                let locale = LocaleID(complaint.locale)
                let text = snapshot.text(
                    "notify_escalated", locale,
                    ["reference": complaint.reference, "expected": snapshot.citizenDate(civic.dueAt, locale)])
                citizenMessage = OutboxRecord(
                    channel: complaint.channel, citizen: complaint.citizen, text: text, locale: complaint.locale, createdAt: now,
                    attempts: 0, nextAttemptAt: now)
            }
            var supervisor: [DepartmentMessage] = []
            if let department {
                let subject = "Overdue complaint \(complaint.reference) escalated to you (\(department.name))"
                let body = "Complaint \(complaint.reference) (\(complaint.category)) is past its service level of \(days) days:"
                    + " filed \(DeskSnapshot.day(complaint.createdAt)), due \(DeskSnapshot.day(civic.dueAt)), status \(complaint.status),"
                    + " \(view?.citizens ?? 1) citizen(s) affected. Place: \(complaint.location ?? "-"). \(complaint.description)"
                supervisor = snapshot.messages(to: department.supervisor, of: department, role: "supervisor", subject: subject, body: body)
            }
            let to = department.map { "the supervisor of \($0.name)" } ?? "no department (not routed)"
            let note = "escalated to \(to): past its service level of \(days) days (due \(DeskSnapshot.day(civic.dueAt)))"
            let escalation = Escalation(complaintID: id, note: note, citizenMessage: citizenMessage, supervisorMessages: supervisor)
            if try await store.claimEscalation(escalation, at: now) { escalated.append(complaint.reference) }
        }
        return escalated
    }
}

extension Optional {
    /// `map` with an async transform.
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .none: nil
        case .some(let value): try await transform(value)
        }
    }
}
