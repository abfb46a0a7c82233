import DeskCore
import Foundation
import Hummingbird
import Intents

/// The complaint queue: filters, search by reference, paging; the detail page; status changes (the citizen is
/// notified through `Desk.updateStatus`, the same path as `deskbot complaints update`), reopen, duplicate.
extension Console {
    static let pageSize = 25

    func addComplaintRoutes(_ router: Router<AppRequestContext>) {
        router.get("admin/complaints") { request, context in
            try await guarded(.triage, request, context) { call in try await queue(call) }
        }
        router.get("admin/complaints/:reference") { request, context in
            try await guarded(.triage, request, context) { call in
                try await detail(call, reference: call.parameter("reference"))
            }
        }
        router.post("admin/complaints/:reference/status") { request, context in
            try await guarded(.triage, request, context) { call in
                guard let status = ComplaintStatus(rawValue: call.field("status")) else {
                    throw HTTPError(.badRequest, message: "unknown status")
                }
                let note = call.field("note").trimmingCharacters(in: .whitespacesAndNewlines)
                return try await change(call, to: status, note: note.isEmpty ? nil : note)
            }
        }
        router.post("admin/complaints/:reference/reopen") { request, context in
            try await guarded(.triage, request, context) { call in
                let note = call.field("note").trimmingCharacters(in: .whitespacesAndNewlines)
                return try await change(call, to: .inProgress, note: note.isEmpty ? "reopened" : note, action: "reopen")
            }
        }
        router.post("admin/complaints/:reference/duplicate") { request, context in
            try await guarded(.triage, request, context) { call in
                let of = call.field("of").trimmingCharacters(in: .whitespaces).uppercased()
                let reference = call.parameter("reference")
                guard of != reference, try await store.complaint(reference: of) != nil else {
                    return try await detail(call, reference: reference, error: "\(ConsoleLabels.labels(call.staff.account.language)["duplicate_of"] ?? "duplicate of"): \(of)?", status: .unprocessableContent)
                }
                return try await change(call, to: .duplicate, note: "duplicate of \(of)", action: "mark duplicate")
            }
        }
    }

    // MARK: - Queue

    func queue(_ call: Call) async throws -> Response {
        let at = now()
        if let q = call.query("q")?.trimmingCharacters(in: .whitespaces).uppercased(), try await store.complaint(reference: q) != nil {
            return .redirect(to: "/admin/complaints/\(q)", type: .normal)
        }
        let status = call.query("status").flatMap { ComplaintStatus(rawValue: $0)?.rawValue }
        let category = call.query("category")
        let locale = call.query("locale"), channel = call.query("channel"), q = call.query("q")?.uppercased()
        let age = call.query("age").flatMap(Int.init)
        let overdue = call.query("overdue") == "1"
        let all = try await store.complaints(status: status, category: category, since: nil)
        let rows = all.filter { c in
            (locale == nil || c.locale == locale) && (channel == nil || c.channel == channel)
                && (q == nil || c.reference.contains(q ?? ""))
                && (age == nil || at.timeIntervalSince(c.createdAt) >= Double(age ?? 0) * 86400)
                && (!overdue || isOverdue(c, at: at))
        }.sorted { $0.createdAt > $1.createdAt }
        let pages = max(1, (rows.count + Self.pageSize - 1) / Self.pageSize)
        let pageNumber = min(max(call.query("page").flatMap(Int.init) ?? 1, 1), pages)
        let shown = rows.dropFirst((pageNumber - 1) * Self.pageSize).prefix(Self.pageSize)
        func link(_ p: Int) -> String {
            var items = call.request.uri.queryParameters.filter { $0.key != "page" }.map { (String($0.key), String($0.value)) }
            items.append(("page", String(p)))
            return "/admin/complaints?" + FormBody.encode(items)
        }
        func options(_ values: [String], _ selected: String?) -> [[String: Any]] {
            values.map { ["value": $0, "selected": $0 == selected] }
        }
        var data: [String: Any] = [
            "rows": shown.map { c -> [String: Any] in
                ["reference": c.reference, "category": c.category, "status": c.status, "locale": c.locale, "channel": c.channel,
                 "filed": Self.time(c.createdAt), "age": "\(Int(at.timeIntervalSince(c.createdAt) / 86400))", "overdue": isOverdue(c, at: at)]
            },
            "statuses": options(ComplaintStatus.allCases.map(\.rawValue), status),
            "categories": options(Catalog.categories.map(\.code), category),
            "locales": options(desk.corpus.locales.map(\.rawValue), locale),
            "channels": options(Channel.allCases.map(\.rawValue), channel),
            "overdue": overdue, "page": pageNumber, "pages": pages, "total": rows.count,
        ]
        if let age { data["age"] = age }
        if let q { data["q"] = q }
        if pageNumber > 1 { data["previous"] = link(pageNumber - 1) }
        if pageNumber < pages { data["next"] = link(pageNumber + 1) }
        return try await page("complaints", "complaints", data, call)
    }

    /// Open and older than the configured number of days.
    func isOverdue(_ c: ComplaintRecord, at: Date) -> Bool {
        (ComplaintStatus(rawValue: c.status)?.isOpen ?? false) && at.timeIntervalSince(c.createdAt) > Double(settings.overdueDays) * 86400
    }

    // MARK: - Detail

    func detail(_ call: Call, reference: String, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let c = try await store.complaint(reference: reference), let id = c.id else {
            throw HTTPError(.notFound, message: "no complaint \(reference)")
        }
        let current = ComplaintStatus(rawValue: c.status)
        let history = try await store.history(complaintID: id).map { h -> [String: Any] in
            var row: [String: Any] = ["at": Self.time(h.changedAt), "from": h.fromStatus ?? "–", "to": h.toStatus, "by": h.changedBy]
            if let note = h.note { row["note"] = note }
            return row
        }
        // Notifications about this complaint: when, channel, delivery state; no text, no address.
        let notices = try await store.deliveries().filter { $0.message.citizen == c.citizen && $0.message.text.contains(c.reference) }
            .map { ["at": Self.time($0.message.createdAt), "channel": $0.message.channel, "status": $0.status.rawValue] }
        let showCitizen = call.staff.role.may(.readCitizenMessages)
        var messages: [[String: Any]] = []
        if showCitizen {
            for h in try await store.handoffs(openOnly: false) where h.citizen == c.citizen && h.channel == c.channel {
                for m in try await store.handoffMessages(handoffID: h.id ?? 0) {
                    messages.append(["at": Self.time(m.at), "author": m.author, "text": m.text])
                }
            }
        }
        var complaint: [String: Any] = [
            "reference": c.reference, "category": c.category, "status": c.status, "locale": c.locale, "channel": c.channel,
            "location": c.location ?? "–", "description": c.description,
        ]
        if showCitizen { complaint["name"] = c.name ?? "–" }
        // In workflow order, so the first choice is the next step (not "rejected"); duplicates have their own form.
        let next = ComplaintStatus.allCases.filter { (current?.next ?? []).contains($0) && $0 != .duplicate }.map(\.rawValue)
        let data: [String: Any] = [
            "c": complaint, "filed": Self.time(c.createdAt), "history": history, "notices": notices, "messages": messages,
            "showCitizen": showCitizen, "next": next, "canChange": !next.isEmpty,
            "canReopen": current == .resolved, "canDuplicate": current?.next.contains(.duplicate) ?? false,
        ]
        let flash = call.query("msg").flatMap { Self.flashKeys.contains($0) ? $0 : nil }
        return try await page("complaint", c.reference, data, call, flash: flash, error: error, status: status)
    }

    // MARK: - Changes

    /// A status change as the CLI makes it: the workflow is checked, the change recorded and the citizen's
    /// notification queued in their language in one transaction (`Desk.updateStatus`).
    func change(_ call: Call, to status: ComplaintStatus, note: String?, action: String = "status") async throws -> Response {
        let reference = call.parameter("reference")
        do {
            let c = try await desk.updateStatus(reference: reference, to: status, by: call.staff.name, note: note)
            try await audit(call, action, c.reference, "→ \(status.rawValue)")
            return .redirect(to: "/admin/complaints/\(c.reference)?msg=status_changed", type: .normal)
        } catch let error as StoreError {
            return try await detail(call, reference: reference, error: error.description, status: .unprocessableContent)
        }
    }
}
