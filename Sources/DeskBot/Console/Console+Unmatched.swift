import DeskCore
import Foundation
import Hummingbird
import Intents
import Locales

/// Unmatched review: what the desk did not understand, grouped per locale (`UnmatchedGroups`, as
/// `deskbot unmatched list`); promote a group to an intent (`CorpusEditor`, as `deskbot unmatched promote`) and
/// see at once how the message classifies now, or dismiss it.
extension Console {
    func addUnmatchedRoutes(_ router: Router<AppRequestContext>) {
        router.get("admin/unmatched") { request, context in
            try await guarded(.reviewUnmatched, request, context) { call in
                let flash = call.query("msg").flatMap { Self.flashKeys.contains($0) ? $0 : nil }
                return try await unmatchedPage(call, flash: flash)
            }
        }
        router.post("admin/unmatched/:id/promote") { request, context in
            try await guarded(.reviewUnmatched, request, context) { call in
                guard let id = Int64(call.parameter("id")) else { throw HTTPError(.badRequest, message: "bad id") }
                let (row, members) = try await group(of: id)
                let intent = IntentID(call.field("intent"))
                let field = call.field("as") == "keyword" ? "keywords" : "examples"
                guard desk.corpus.packs[LocaleID(row.locale)]?.rules.contains(where: { $0.id == intent }) == true else {
                    throw HTTPError(.badRequest, message: "unknown intent")
                }
                let corpora = try editor().directory
                // As `deskbot unmatched promote`: added once, verified to match now, or undone with the reason.
                do {
                    _ = try await edits.run {
                        try CorpusTeacher(directory: corpora).promote(row.text, to: intent, locale: LocaleID(row.locale), field: field)
                    }
                } catch {
                    return try await unmatchedPage(call, error: "\(error)", status: .unprocessableContent)
                }
                await reload()
                // The effect, at once: how the running desk now reads the message.
                let now = desk.snapshot.engine.classify(row.text, preferred: LocaleID(row.locale))
                _ = try await store.removeUnmatched(ids: members)
                try await audit(call, "unmatched promoted", "\(row.locale)/\(intent.rawValue)", "as \(field.dropLast()), \(members.count) message(s)")
                let label = ConsoleLabels.labels(call.staff.account.language)["fallback"] ?? "fallback"
                return try await unmatchedPage(call, promoted: ["text": row.text, "intent": now.intent?.rawValue ?? label])
            }
        }
        router.post("admin/unmatched/:id/dismiss") { request, context in
            try await guarded(.reviewUnmatched, request, context) { call in
                guard let id = Int64(call.parameter("id")) else { throw HTTPError(.badRequest, message: "bad id") }
                let (row, members) = try await group(of: id)
                _ = try await store.removeUnmatched(ids: members)
                try await audit(call, "unmatched dismissed", row.locale, "\(members.count) message(s)")
                return .redirect(to: "/admin/unmatched?msg=dismissed", type: .normal)
            }
        }
    }

    /// The unmatched row and the ids of every row grouped with it (same locale, words mostly the same).
    func group(of id: Int64) async throws -> (UnmatchedRecord, [Int64]) {
        let rows = try await store.unmatched()
        guard let row = rows.first(where: { $0.id == id }) else { throw HTTPError(.notFound, message: "no unmatched message \(id)") }
        let members = UnmatchedGroups.group(rows).first { $0.ids.contains(id) }?.ids ?? [id]
        return (row, members)
    }

    func unmatchedPage(_ call: Call, promoted: [String: String]? = nil, flash: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let locale = call.query("locale")
        let groups = UnmatchedGroups.group(try await store.unmatched().filter { locale == nil || $0.locale == locale })
        var data: [String: Any] = [
            "locales": desk.corpus.locales.map { ["value": $0.rawValue, "selected": $0.rawValue == locale] as [String: Any] },
            "groups": groups.map { g -> [String: Any] in
                [
                    "id": g.id, "locale": g.locale, "count": g.count, "text": g.text, "lastSeen": Self.time(g.lastSeen), "csrf": call.staff.csrf,
                    "intents": (desk.corpus.packs[LocaleID(g.locale)]?.rules.map(\.id.rawValue) ?? []).sorted(),
                ]
            },
        ]
        if let promoted { data["promoted"] = promoted }
        return try await page("unmatched", "unmatched", data, call, flash: flash, error: error, status: status)
    }
}
