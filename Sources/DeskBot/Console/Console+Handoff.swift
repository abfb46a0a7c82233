import DeskCore
import Foundation
import Hummingbird

/// The human handoff inbox: conversations a citizen handed to a person; staff answer in free text (queued in the
/// outbox for the citizen's own channel) and hand the conversation back to the bot.
extension Console {
    func addHandoffRoutes(_ router: Router<AppRequestContext>) {
        router.get("admin/handoffs") { request, context in
            try await guarded(.answerHandoffs, request, context) { call in
                let all = try await store.handoffs(openOnly: call.query("all") == nil)
                var rows: [[String: Any]] = []
                for h in all {
                    let count = try await store.handoffMessages(handoffID: h.id ?? 0).count
                    rows.append([
                        "id": h.id ?? 0, "channel": h.channel, "locale": h.locale, "opened": Self.time(h.openedAt), "count": count,
                        "status": ConsoleLabels.labels(call.staff.account.language)[h.status] ?? h.status,
                    ])
                }
                let flash = call.query("msg").flatMap { Self.flashKeys.contains($0) ? $0 : nil }
                return try await page("handoffs", "handoffs", ["rows": rows], call, flash: flash)
            }
        }
        router.get("admin/handoffs/:id") { request, context in
            try await guarded(.answerHandoffs, request, context) { call in try await handoffPage(call) }
        }
        router.post("admin/handoffs/:id/answer") { request, context in
            try await guarded(.answerHandoffs, request, context) { call in
                guard let id = Int64(call.parameter("id")), let h = try await store.handoff(id: id) else {
                    throw HTTPError(.notFound, message: "no such handoff")
                }
                let text = call.field("text").replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                guard !text.isEmpty else { return try await handoffPage(call, error: "answer", status: .unprocessableContent) }
                guard text.count <= desk.configuration.maxMessageCharacters * 4 else {
                    throw HTTPError(.contentTooLarge, message: "answer too long")
                }
                let at = now()
                let contact = try await store.contact(id: h.conversation)
                // A citizen who opted out (STOP) gets nothing pushed; the answer is kept with the handoff.
                let outbox = contact?.optedOut == true || contact == nil
                    ? nil
                    : OutboxRecord(channel: h.channel, citizen: h.citizen, text: text, locale: h.locale, createdAt: at, attempts: 0, nextAttemptAt: at)
                let handBack = call.field("handback") == "1"
                do {
                    _ = try await store.answerHandoff(
                        id: id, answer: HandoffMessageRecord(handoffId: id, author: call.staff.name, text: text, at: at), outbox: outbox,
                        close: handBack, at: at)
                } catch let error as StaffStoreError {
                    return try await handoffPage(call, error: error.description, status: .conflict)
                }
                // The text itself is not audited (it is the conversation), only that it was sent and its size.
                try await audit(call, handBack ? "handoff answered and handed back" : "handoff answered", "#\(id)", "\(text.count) characters on \(h.channel)")
                return .redirect(to: handBack ? "/admin/handoffs?msg=handed_back" : "/admin/handoffs/\(id)?msg=answer_sent", type: .normal)
            }
        }
        router.post("admin/handoffs/:id/close") { request, context in
            try await guarded(.answerHandoffs, request, context) { call in
                guard let id = Int64(call.parameter("id")), try await store.handoff(id: id) != nil else {
                    throw HTTPError(.notFound, message: "no such handoff")
                }
                try await store.closeHandoff(id: id, by: call.staff.name, at: now())
                try await audit(call, "handoff handed back", "#\(id)")
                return .redirect(to: "/admin/handoffs?msg=handed_back", type: .normal)
            }
        }
    }

    func handoffPage(_ call: Call, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let id = Int64(call.parameter("id")), let h = try await store.handoff(id: id) else {
            throw HTTPError(.notFound, message: "no such handoff")
        }
        let messages = try await store.handoffMessages(handoffID: id).map { m -> [String: Any] in
            ["at": Self.time(m.at), "author": m.author, "text": m.text, "kind": m.author == HandoffMessageRecord.citizen ? "citizen" : "staff"]
        }
        let data: [String: Any] = [
            "h": ["id": id, "channel": h.channel, "locale": h.locale, "status": h.status] as [String: Any],
            "opened": Self.time(h.openedAt), "messages": messages, "isOpen": h.isOpen,
        ]
        let flash = call.query("msg").flatMap { Self.flashKeys.contains($0) ? $0 : nil }
        return try await page("handoff", "#\(id)", data, call, flash: flash, error: error, status: status)
    }
}
