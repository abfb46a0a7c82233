import DeskCore
import DeskStoreSQLite
import Foundation
import Hummingbird
import Intents
import Locales

/// The knowledge editor: per locale, the FAQ answers and the keywords, phrases and examples of each intent, with a
/// "try it" box. Saving edits the YAML line by line, runs the `deskbot check` checks (errors shown, nothing broken
/// saved) and reloads the running desk.
extension Console {
    func addKnowledgeRoutes(_ router: Router<AppRequestContext>) {
        router.get("admin/knowledge") { request, context in
            try await guarded(.editKnowledge, request, context) { call in
                try await knowledgePage(call, locale: call.query("locale") ?? desk.snapshot.defaultLocale.rawValue)
            }
        }
        router.post("admin/knowledge/:locale/try") { request, context in
            try await guarded(.editKnowledge, request, context) { call in
                let locale = try knownLocale(call.parameter("locale"))
                return try await knowledgePage(call, locale: locale, tryText: call.field("text"))
            }
        }
        router.get("admin/knowledge/:locale/faq/:id") { request, context in
            try await guarded(.editKnowledge, request, context) { call in
                let locale = try knownLocale(call.parameter("locale"))
                let id = call.parameter("id")
                guard let answer = desk.corpus.packs[LocaleID(locale)]?.replies[id], IntentID(id).kind == .faq else {
                    throw HTTPError(.notFound, message: "no FAQ answer \(id)")
                }
                return try await faqPage(call, locale: locale, id: id, answer: answer)
            }
        }
        router.post("admin/knowledge/:locale/faq/:id") { request, context in
            try await guarded(.editKnowledge, request, context) { call in
                let locale = try knownLocale(call.parameter("locale"))
                let id = call.parameter("id")
                guard IntentID(id).kind == .faq, desk.corpus.packs[LocaleID(locale)]?.replies[id] != nil else {
                    throw HTTPError(.notFound, message: "no FAQ answer \(id)")
                }
                let answer = call.field("answer")
                let editor = try self.editor()
                let path = editor.repliesPath(locale)
                let problems = try await edits.run {
                    let source = try String(contentsOfFile: path, encoding: .utf8)
                    return try editor.save(try KnowledgeEditor.settingReply(id, to: answer, in: source, file: path), to: path)
                }
                guard problems.isEmpty else {
                    return try await faqPage(call, locale: locale, id: id, answer: answer, problems: problems, status: .unprocessableContent)
                }
                await reload()
                try await audit(call, "faq answer edited", "\(locale)/\(id)")
                return .redirect(to: "/admin/knowledge/\(locale)/faq/\(id)?msg=saved", type: .normal)
            }
        }
        router.get("admin/knowledge/:locale/intent/:id") { request, context in
            try await guarded(.editKnowledge, request, context) { call in
                let locale = try knownLocale(call.parameter("locale"))
                return try await intentPage(call, locale: locale, id: call.parameter("id"))
            }
        }
        router.post("admin/knowledge/:locale/intent/:id") { request, context in
            try await guarded(.editKnowledge, request, context) { call in
                let locale = try knownLocale(call.parameter("locale"))
                let id = call.parameter("id")
                guard desk.corpus.packs[LocaleID(locale)]?.rules.contains(where: { $0.id.rawValue == id }) == true else {
                    throw HTTPError(.notFound, message: "no intent \(id)")
                }
                let editor = try self.editor()
                let path = editor.intentsPath(locale)
                var wanted: [String: [String]] = [:]
                for field in KnowledgeEditor.fields {
                    wanted[field] = call.field(field).components(separatedBy: "\n")
                        .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
                }
                let fields = wanted
                let problems = try await edits.run {
                    var source = try String(contentsOfFile: path, encoding: .utf8)
                    for field in KnowledgeEditor.fields {
                        source = try KnowledgeEditor.settingItems(fields[field] ?? [], field: field, of: id, in: source, file: path)
                    }
                    return try editor.save(source, to: path)
                }
                guard problems.isEmpty else {
                    return try await intentPage(call, locale: locale, id: id, shown: fields, problems: problems, status: .unprocessableContent)
                }
                await reload()
                try await audit(call, "intent edited", "\(locale)/\(id)")
                return .redirect(to: "/admin/knowledge/\(locale)/intent/\(id)?msg=saved", type: .normal)
            }
        }
    }

    // MARK: - Pages

    func knowledgePage(_ call: Call, locale: String, tryText: String? = nil) async throws -> Response {
        let locale = try knownLocale(locale)
        guard let pack = desk.corpus.packs[LocaleID(locale)] else { throw HTTPError(.notFound, message: "no locale \(locale)") }
        var data: [String: Any] = [
            "locale": locale,
            "locales": desk.corpus.locales.map { ["value": $0.rawValue, "selected": $0.rawValue == locale] as [String: Any] },
            "faqs": pack.rules.map(\.id).filter { $0.kind == .faq && pack.replies[$0.rawValue] != nil }.map { ["id": $0.rawValue, "locale": locale] },
            "intents": pack.rules.map(\.id).sorted().map { ["id": $0.rawValue, "locale": locale] },
        ]
        if let text = tryText?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty {
            let (reply, why) = try await tryIt(text, locale: locale)
            data["tryText"] = text
            data["tried"] = ["answer": reply.text, "intent": reply.intent?.rawValue ?? (ConsoleLabels.labels(call.staff.account.language)["fallback"] ?? "fallback"), "why": why] as [String: Any]
        }
        return try await page("knowledge", "knowledge", data, call)
    }

    /// What the desk would answer: a real turn of the running corpora and engine, on a throwaway in-memory store
    /// (nothing reaches the real one), with the engine's explanation (`deskbot explain`).
    func tryIt(_ text: String, locale: String) async throws -> (Reply, String) {
        let snapshot = desk.snapshot
        let scratch = try Desk(
            corpus: snapshot.corpus, configuration: DeskConfiguration(locale: LocaleID(locale)), store: try SQLiteDeskStore.inMemory(),
            hasher: desk.hasher, engine: snapshot.engine, now: now)
        let reply = try await scratch.handle(Inbound(channel: .chat, sender: "console-try", text: text, locale: LocaleID(locale)))
        let classification = reply.classification ?? snapshot.engine.classify(text, locale: LocaleID(locale))
        return (reply, (["text: \(text)"] + Explanation.lines(for: classification, top: 8)).joined(separator: "\n"))
    }

    func faqPage(_ call: Call, locale: String, id: String, answer: String, problems: [CorpusProblem] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let data: [String: Any] = [
            "locale": locale, "id": id, "answer": answer, "textDir": direction(locale),
            "problems": problems.map(\.description), "hasProblems": !problems.isEmpty,
        ]
        let flash = call.query("msg").flatMap { Self.flashKeys.contains($0) ? $0 : nil }
        return try await page("faq", "\(locale) · \(id)", data, call, flash: flash, status: status)
    }

    func intentPage(
        _ call: Call, locale: String, id: String, shown: [String: [String]]? = nil, problems: [CorpusProblem] = [],
        status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let editor = try self.editor()
        let lines = try String(contentsOfFile: editor.intentsPath(locale), encoding: .utf8).components(separatedBy: "\n")
        guard lines.contains(where: { $0.hasPrefix("\(id):") }) else { throw HTTPError(.notFound, message: "no intent \(id)") }
        var data: [String: Any] = [
            "locale": locale, "id": id, "textDir": direction(locale), "problems": problems.map(\.description), "hasProblems": !problems.isEmpty,
        ]
        for field in KnowledgeEditor.fields {
            let items = shown?[field] ?? (KnowledgeEditor.items(field, of: id, in: lines)?.items.map(\.1) ?? [])
            data[field] = items.joined(separator: "\n")
        }
        let flash = call.query("msg").flatMap { Self.flashKeys.contains($0) ? $0 : nil }
        return try await page("intent", "\(locale) · \(id)", data, call, flash: flash, status: status)
    }

    // MARK: - Helpers

    func knownLocale(_ code: String) throws -> String {
        guard desk.corpus.packs[LocaleID(code)] != nil else { throw HTTPError(.notFound, message: "no locale \(code)") }
        return code
    }

    func direction(_ locale: String) -> String {
        desk.corpus.packs[LocaleID(locale)]?.info.rightToLeft == true ? "rtl" : "auto"
    }

    func editor() throws -> KnowledgeEditor {
        guard let corpora else { throw HTTPError(.serviceUnavailable, message: "this server has no corpora folder to edit") }
        return KnowledgeEditor(directory: corpora)
    }

    /// Loads, checks and swaps the edited corpora into the running desk.
    func reload() async {
        guard let corpora else { return }
        await CorpusReloader(directory: corpora, desk: desk, logger: logger).reload(reason: "console edit")
    }
}
