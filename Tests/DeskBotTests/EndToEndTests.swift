import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// The real server on 127.0.0.1 (a free port), driven over HTTP, sending through a local stub of the providers' APIs.
@Suite(.serialized) struct EndToEndTests {
    /// Waits (bounded) until the stub has received `count` requests.
    func waitFor(_ inbox: StubInbox, count: Int, seconds: Double = 30) async throws -> [(path: String, headers: HTTPFields, body: String)] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let requests = await inbox.requests
            if requests.count >= count { return requests }
            try await Task.sleep(for: .milliseconds(50))
        }
        return await inbox.requests
    }

    @Test func whatsappComplaintOverSeveralTurnsWithNotification() async throws {
        let inbox = StubInbox()
        try await stubProvider(inbox).test(.live) { stub in
            let port = try #require(stub.port)
            var config = WebhookFixture.config
            config.whatsapp.apiBaseURL = "http://127.0.0.1:\(port)/v21.0"
            config.telegram.apiBaseURL = "http://127.0.0.1:\(port)"
            let store = try SQLiteDeskStore.inMemory()
            let services = try WebhookFixture.services(store: store, config: config)
            let app = buildApplication(services: services, config: config, host: "127.0.0.1", port: 0, logger: Logger(label: "e2e"))
            try await app.test(.live) { client in
                func send(_ text: String, id: String) async throws {
                    let body = WebhookFixture.whatsapp(text, id: id, from: "254700000009")
                    let signature = "sha256=" + Signatures.sha256Hex(Array(body.utf8), key: "app-secret")
                    try await client.execute(uri: "/webhook/whatsapp", method: .post, headers: [.contentType: "application/json", .hubSignature256: signature], body: ByteBuffer(string: body)) { r in
                        #expect(r.status == .ok)
                    }
                }
                try await send("the streetlight outside my house is broken", id: "wamid.E1")
                var sent = try await waitFor(inbox, count: 1)
                #expect(sent.count == 1)
                #expect(sent[0].path == "/v21.0/1055/messages")
                #expect(sent[0].headers[.authorization] == "Bearer wa-access")
                #expect(sent[0].body.contains("\"to\":\"254700000009\"") || sent[0].body.contains("\"to\" : \"254700000009\""))

                try await send("Kenyatta Avenue near the bus stop", id: "wamid.E2")
                sent = try await waitFor(inbox, count: 2)
                try await send("yes", id: "wamid.E3")
                sent = try await waitFor(inbox, count: 3)
                #expect(sent.count == 3)
                #expect(sent[2].body.contains("CMP-"))
                // WhatsApp retries the last message: acknowledged, nothing new filed or sent.
                try await send("yes", id: "wamid.E3")
                try await Task.sleep(for: .milliseconds(500))
                #expect(await inbox.requests.count == 3)
                let complaints = try await store.complaints()
                #expect(complaints.count == 1)
                let reference = try #require(complaints.first?.reference)

                // Staff change the status: the notification goes out through the provider API by itself.
                try await services.pipeline.desk.updateStatus(reference: reference, to: .inProgress, by: "staff", note: "crew on the way")
                sent = try await waitFor(inbox, count: 4)
                #expect(sent.count == 4)
                #expect(sent[3].body.contains(reference))
                #expect(sent[3].body.contains("crew on the way"))
                // The deliverer marks a message sent once the provider answered: wait for that too (bounded).
                let deadline = Date().addingTimeInterval(5)
                while try await store.outbox().contains(where: { $0.deliveredAt == nil }), Date() < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                #expect(try await store.outbox().allSatisfy { $0.deliveredAt != nil })
            }
        }
    }

    @Test func telegramReplyGoesThroughSendMessageOnce() async throws {
        let inbox = StubInbox()
        try await stubProvider(inbox).test(.live) { stub in
            let port = try #require(stub.port)
            var config = WebhookFixture.config
            config.telegram.apiBaseURL = "http://127.0.0.1:\(port)"
            let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory(), config: config)
            try await app.test(.live) { client in
                let body = ByteBuffer(string: WebhookFixture.telegram("ofisi inafunguliwa saa ngapi", updateID: 9001))
                for _ in 0..<2 {  // the second is Telegram's redelivery of the same update
                    try await client.execute(uri: "/webhook/telegram", method: .post, headers: [.contentType: "application/json", .telegramSecret: "tg-secret"], body: body) { r in
                        #expect(r.status == .ok)
                    }
                }
                let sent = try await waitFor(inbox, count: 1)
                try await Task.sleep(for: .milliseconds(500))
                #expect(await inbox.requests.count == 1)
                #expect(sent.first?.path == "/bot123:ABC/sendMessage")
                #expect(sent.first?.body.contains("8:30") == true)
            }
        }
    }

    @Test func africasTalkingSMSReplyGoesThroughTheirAPI() async throws {
        let inbox = StubInbox()
        try await stubProvider(inbox).test(.live) { stub in
            let port = try #require(stub.port)
            var config = WebhookFixture.config
            config.africastalking.apiBaseURL = "http://127.0.0.1:\(port)"
            let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory(), config: config)
            try await app.test(.live) { client in
                let form = WebhookFixture.form([("from", "+254711082999"), ("to", "20880"), ("text", "C MAJI hakuna maji karibu na soko"),
                                                ("date", "2026-11-23 10:00:00"), ("id", "ATXid_1"), ("linkId", "SampleLinkId123")])
                try await client.execute(uri: "/webhook/africastalking/sms", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: form) { r in
                    #expect(r.status == .ok)
                }
                let sent = try await waitFor(inbox, count: 1)
                #expect(sent.first?.path == "/version1/messaging")
                #expect(sent.first?.headers[HTTPField.Name("apiKey")!] == "at-key")
                let fields = FormBody.parse(sent.first?.body ?? "")
                #expect(fields.value("username") == "sandbox")
                #expect(fields.value("to") == "+254711082999")
                #expect(fields.value("message")?.contains("CMP-") == true)
            }
        }
    }
}
