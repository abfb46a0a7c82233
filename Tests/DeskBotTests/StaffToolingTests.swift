import Foundation
import Hummingbird
import HummingbirdTesting
import Intents
import Locales
import Logging
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// A writable copy of the bundled English corpus (and settings) in a temporary folder.
func scratchCorpus(locales: [String] = ["en"]) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("deskbot-corpus-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: "\(Repo.corpora)/settings.yaml", toPath: "\(dir)/settings.yaml")
    for l in locales { try FileManager.default.copyItem(atPath: "\(Repo.corpora)/\(l)", toPath: "\(dir)/\(l)") }
    return dir
}

@Suite struct CheckTests {
    @Test func sharedKeywordIsReported() async throws {
        let dir = try scratchCorpus()
        let editor = CorpusEditor(directory: dir)
        try editor.add("zebra crossing", to: "keywords", of: "greeting", locale: "en")
        try editor.add("zebra crossing", to: "keywords", of: "thanks", locale: "en")
        let problems = CorpusChecker(directory: dir).check()
        #expect(problems.contains { $0.severity == .warning && $0.message.contains("shared by `greeting`, `thanks`") && $0.message.contains("zebra crossing") && $0.line != nil })
        #expect(!problems.contains { $0.severity == .error })
    }

    @Test func exampleClassifiedElsewhereIsReported() async throws {
        let dir = try scratchCorpus()
        try CorpusEditor(directory: dir).add("where is the municipal office located", to: "examples", of: "goodbye", locale: "en")
        let problems = CorpusChecker(directory: dir).check()
        #expect(problems.contains { $0.message.contains("“where is the municipal office located” of `goodbye` is understood as") && $0.line != nil && $0.column != nil })
    }

    @Test func brokenVariantRulesAreAnError() async throws {
        let dir = try scratchCorpus()
        try "aa > ;; ( > b".write(toFile: "\(dir)/en/variants.txt", atomically: true, encoding: .utf8)
        let problems = CorpusChecker(directory: dir).check()
        #expect(problems.contains { $0.file.hasSuffix("en/variants.txt") && $0.severity == .error })
    }

    @Test func editorKeepsTheFileReadableAndRefusesBreakingEdits() async throws {
        let source = """
            greeting:
              keywords: [hello, hi]
              examples:
                - hello there
                - hi

            thanks:
              keywords:
                - thanks
            """
        let edited = try CorpusEditor.insert("good \"day\"", field: "examples", intent: "greeting", in: source, file: "x")
        #expect(edited.contains("    - hi\n    - \"good \\\"day\\\"\"\n\nthanks:"))
        let flow = try CorpusEditor.insert("hey", field: "keywords", intent: "greeting", in: source, file: "x")
        #expect(flow.contains("keywords: [hello, hi, \"hey\"]"))
        let created = try CorpusEditor.insert("thank you so much", field: "examples", intent: "thanks", in: source, file: "x")
        #expect(created.hasSuffix("  examples:\n    - \"thank you so much\""))
        #expect(throws: CorpusEditor.EditError.self) { try CorpusEditor.insert("x", field: "examples", intent: "nope", in: source, file: "x") }
    }
}

@Suite struct EvalReportTests {
    @Test func metricsOnAFixtureWithKnownAnswers() async throws {
        func row(_ expected: IntentID?, _ got: IntentID?, _ detected: LocaleID = "en") -> EvalReport.Row {
            .init(locale: "en", text: "t", expected: expected, got: got, detected: detected, micros: 1)
        }
        // 4 right of 6; one in-scope miss (a → b), one out-of-scope false accept (none → a).
        let report = EvalReport(rows: [
            row("a", "a"), row("a", "b"), row("b", "b"), row("b", "b"), row(nil, nil), row(nil, "a", "sw"),
        ])
        let s = try #require(report.summaries.first)
        #expect(s.lines == 6)
        #expect(abs(s.accuracy - 4.0 / 6.0) < 1e-9)
        #expect(abs(s.inScopeAccuracy - 3.0 / 4.0) < 1e-9)
        #expect(abs(s.outOfScopeFalseAccept - 0.5) < 1e-9)
        #expect(abs(s.languageAccuracy - 5.0 / 6.0) < 1e-9)
        // F1(a) = 2·1/(2·1+1+1) = 0.5; F1(b) = 2·2/(2·2+1+0) = 0.8; macro = 0.65.
        #expect(abs(s.macroF1 - 0.65) < 1e-9)
        #expect(s.confusions.contains("a → b ×1"))
        #expect(s.confusions.contains("none → a ×1"))
    }
}

@Suite(.serialized) struct ReloadTests {
    @Test func promotedMessageMatchesAfterReload() async throws {
        let dir = try scratchCorpus()
        let corpus = try CorpusLoader(directory: dir).load()
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Desk(corpus: corpus, configuration: DeskConfiguration(locale: "en"), store: store,
                            hasher: CitizenHasher(key: Data("k-k-k-k-k-k-k-k-k".utf8)))
        let message = "zyxwv kumquat marmalade"
        #expect(try await desk.handle(Inbound(channel: .chat, sender: "s", text: message)).intent == nil)
        let row = try #require(try await store.unmatched().first)
        #expect(row.text == "zyxwv kumquat marmalade")  // normalized text only; no sender
        try CorpusEditor(directory: dir).add(row.text, to: "examples", of: "help", locale: LocaleID(row.locale))
        let reloader = CorpusReloader(directory: dir, desk: desk, logger: Logger(label: "test"))
        #expect(await reloader.reload(reason: "test"))
        #expect(try await desk.handle(Inbound(channel: .chat, sender: "s", text: message)).intent == "help")
    }

    @Test func brokenCorpusIsRejectedAndTheRunningOneKept() async throws {
        let dir = try scratchCorpus()
        let desk = try Repo.desk(locale: "en")
        try "greeting: [unclosed".write(toFile: "\(dir)/en/intents.yaml", atomically: true, encoding: .utf8)
        let reloader = CorpusReloader(directory: dir, desk: desk, logger: Logger(label: "test"))
        #expect(await reloader.reload(reason: "test") == false)
        #expect(try await desk.handle(Inbound(channel: .chat, sender: "s", text: "when is the office open")).intent == "office_hours")
    }

    @Test func reloadUnderConcurrentRequestsFailsNone() async throws {
        let dir = try scratchCorpus(locales: ["en", "sw"])
        let store = try SQLiteDeskStore.inMemory()
        let services = try WebhookFixture.services(store: store)
        let reloader = CorpusReloader(directory: dir, desk: services.pipeline.desk, logger: Logger(label: "test"))
        let app = buildApplication(services: services, config: WebhookFixture.config, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
        try await app.test(.router) { client in
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                group.addTask {
                    for _ in 0..<4 { _ = await reloader.reload(reason: "test") }
                    return []
                }
                for worker in 0..<8 {
                    group.addTask {
                        var codes: [Int] = []
                        for i in 0..<25 {
                            let body = #"{"sender":"w\#(worker)","message":"when is the office open","id":"r-\#(worker)-\#(i)"}"#
                            let signature = "sha256=" + Signatures.sha256Hex(Array(body.utf8), key: "generic-key")
                            let code = try await client.execute(uri: "/webhook/generic", method: .post, headers: [.deskbotSignature: signature], body: ByteBuffer(string: body)) { $0.status.code }
                            codes.append(code)
                        }
                        return codes
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == 200 })
        }
    }
}
