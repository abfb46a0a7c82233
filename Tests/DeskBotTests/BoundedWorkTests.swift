import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// A turn's cost is bounded, and reloads never run out.
@Suite struct BoundedWorkTests {
    static let reloads = Int(ProcessInfo.processInfo.environment["DESKBOT_RELOADS"] ?? "") ?? 150

    @Test func manyReloadsAllSucceed() async throws {
        // Given a corpus with ICU variant rules (ur-Latn), reloaded more often than the old fixed registry allowed
        let dir = try scratchCorpus(locales: ["en", "ur-Latn"])
        let desk = try Repo.desk()
        let reloader = CorpusReloader(directory: dir, desk: desk, logger: Logger(label: "test"))
        var failed = 0
        for _ in 0..<Self.reloads where !(await reloader.reload(reason: "test")) { failed += 1 }
        // Then every reload worked and the desk still answers through the variant rules
        #expect(failed == 0)
        let reply = try await desk.handle(Inbound(channel: .chat, sender: "s", text: "office kab khulta hai"))
        #expect(reply.intent == "office_hours")
    }

    @Test(arguments: ["en", "sw", "ur"]) func overLongMessageGetsALocalizedReplyAndNothingElse(_ locale: String) async throws {
        let store = try SQLiteDeskStore.inMemory()
        let desk = try Repo.desk(locale: .init(locale), store: store)
        let text = String(repeating: "maji hakuna ", count: 10_000)  // 120,000 characters
        let reply = try await desk.handle(Inbound(channel: .sms, sender: "+254700000777", text: text))
        #expect(reply.text == desk.text("message_too_long", .init(locale), ["limit": "2000"], sms: true))
        #expect(reply.intent == nil)
        #expect(try await store.complaints().isEmpty)
        #expect(try await store.unmatched().isEmpty)
    }

    @Test func hundredThousandCharactersThroughTheWebhookAreAnsweredWithinTheTimeout() async throws {
        var config = WebhookFixture.config
        config.bodyLimit = 1 << 20
        config.requestTimeoutSeconds = 5
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory(), config: config)
        try await app.test(.live) { client in
            let word = String(repeating: "a", count: 100_000)  // one pasted token, no spaces
            let body = try JSONSerialization.data(withJSONObject: ["sender": "u1", "message": word, "id": "long-1"])
            let signature = "sha256=" + Signatures.sha256Hex(Array(body), key: "generic-key")
            let started = Date()
            try await client.execute(
                uri: "/webhook/generic", method: .post, headers: [.deskbotSignature: signature], body: ByteBuffer(bytes: body)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("2000"))
            }
            #expect(Date().timeIntervalSince(started) < 5)
        }
    }
}
