import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// Releases N waiting tasks together, so their requests really overlap.
actor Barrier {
    private let parties: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []
    init(_ parties: Int) { self.parties = parties }
    func arrive() async {
        await withCheckedContinuation { c in
            waiting.append(c)
            if waiting.count == parties {
                waiting.forEach { $0.resume() }
                waiting = []
            }
        }
    }
}

actor Tally {
    private(set) var count = 0
    func add(_ n: Int) { count += n }
}

/// One delivery to a webhook, as the provider makes it.
struct Delivery: Sendable {
    let method: String
    let path: String
    let headers: [String: String]
    let body: Data?

    static func kannel(_ text: String, id: String, sender: String) -> Delivery {
        let q = FormBody.encode([("sender", sender), ("receiver", "8080"), ("text", text), ("id", id)])
        return Delivery(method: "GET", path: "/webhook/kannel?\(q)", headers: [:], body: nil)
    }

    static func twilio(_ text: String, sid: String, from: String) -> Delivery {
        let pairs = WebhookFixture.twilioSMS(text, sid: sid, from: from)
        let signature = Signatures.twilio(url: "https://desk.example.gov/webhook/twilio", parameters: pairs, authToken: "twilio-token")
        return Delivery(
            method: "POST", path: "/webhook/twilio",
            headers: ["Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature],
            body: Data(FormBody.encode(pairs).utf8))
    }

    static func generic(_ text: String, id: String?, sender: String, timestamp: Double? = nil) -> Delivery {
        var object: [String: Any] = ["sender": sender, "message": text]
        if let id { object["id"] = id }
        if let timestamp { object["timestamp"] = timestamp }
        let body = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return Delivery(
            method: "POST", path: "/webhook/generic",
            headers: ["Content-Type": "application/json", "X-DeskBot-Signature": "sha256=" + Signatures.sha256Hex(Array(body), key: "generic-key")],
            body: body)
    }

    static func whatsapp(_ text: String, id: String, from: String) -> Delivery {
        let body = Data(WebhookFixture.whatsapp(text, id: id, from: from).utf8)
        return Delivery(
            method: "POST", path: "/webhook/whatsapp",
            headers: ["Content-Type": "application/json", "X-Hub-Signature-256": "sha256=" + Signatures.sha256Hex(Array(body), key: "app-secret")],
            body: body)
    }

    static func telegram(_ text: String, updateID: Int, chat: Int) -> Delivery {
        Delivery(
            method: "POST", path: "/webhook/telegram",
            headers: ["Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": "tg-secret"],
            body: Data(WebhookFixture.telegram(text, updateID: updateID, chat: chat).utf8))
    }

    static func africasTalking(_ text: String, id: String, from: String) -> Delivery {
        let form = FormBody.encode([("from", from), ("to", "20880"), ("text", text), ("date", "2026-11-23 10:00:00"), ("id", id), ("linkId", "L1")])
        return Delivery(
            method: "POST", path: "/webhook/africastalking/sms", headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: Data(form.utf8))
    }

    /// Sends it on a connection of its own (HummingbirdTesting's NIO client: concurrent sends really overlap);
    /// returns the status and body.
    func send(port: Int) async throws -> (Int, String) {
        var fields = HTTPFields()
        for (k, v) in headers { if let name = HTTPField.Name(k) { fields[name] = v } }
        let request = TestClient.Request(
            path, method: HTTPRequest.Method(rawValue: method) ?? .post, authority: "127.0.0.1:\(port)", headers: fields,
            body: body.map { ByteBuffer(bytes: $0) })
        let response = try await TestClient.withClient(host: "127.0.0.1", port: port) { client in try await client.execute(request) }
        return (response.status.code, response.body.map { String(buffer: $0) } ?? "")
    }
}

/// Every channel, delivering the same message 3× at once (a barrier) and 3× in a row: one complaint, one reply.
@Suite(.serialized) struct ExactlyOnceTests {
    struct Channel: Sendable, CustomTestStringConvertible {
        let name: String
        let pushes: Bool
        /// Messages before the duplicated one (to reach the filing step), and the duplicated one.
        let setup: [Delivery]
        let duplicated: Delivery
        var testDescription: String { name }

        static let all: [Channel] = [
            Channel(name: "kannel", pushes: false, setup: [], duplicated: .kannel("C WATER no water at block 9", id: "k-1", sender: "+254700100001")),
            Channel(name: "twilio", pushes: false, setup: [], duplicated: .twilio("C WATER no water at block 9", sid: "SM1", from: "+254700100002")),
            Channel(
                name: "generic", pushes: false, setup: [.generic("there is no water in Block 6 since Monday", id: "g-1", sender: "u3")],
                duplicated: .generic("yes", id: "g-2", sender: "u3")),
            Channel(
                name: "generic without id", pushes: false,
                setup: [.generic("there is no water in Block 6 since Monday", id: nil, sender: "u4", timestamp: Date().timeIntervalSince1970)],
                duplicated: .generic("yes", id: nil, sender: "u4", timestamp: Date().timeIntervalSince1970 + 1)),
            Channel(
                name: "whatsapp", pushes: true, setup: [.whatsapp("there is no water in Block 6 since Monday", id: "wamid.S", from: "254700100005")],
                duplicated: .whatsapp("yes", id: "wamid.Y", from: "254700100005")),
            Channel(
                name: "telegram", pushes: true, setup: [.telegram("there is no water in Block 6 since Monday", updateID: 501, chat: 6006)],
                duplicated: .telegram("yes", updateID: 502, chat: 6006)),
            Channel(
                name: "africastalking", pushes: true, setup: [],
                duplicated: .africasTalking("C MAJI hakuna maji karibu na soko", id: "ATX-1", from: "+254700100007")),
        ]
    }

    static let rounds = Int(ProcessInfo.processInfo.environment["EXACTLY_ONCE_ROUNDS"] ?? "") ?? 3

    /// Runs the server with a stub provider API; gives the test its port, store and the stub's inbox.
    static func withServer(_ body: @escaping @Sendable (Int, any DeskStore, StubInbox) async throws -> Void) async throws {
        let inbox = StubInbox()
        try await stubProvider(inbox).test(.live) { stub in
            let port = try #require(stub.port)
            var config = WebhookFixture.config
            config.whatsapp.apiBaseURL = "http://127.0.0.1:\(port)/v21.0"
            config.telegram.apiBaseURL = "http://127.0.0.1:\(port)"
            config.africastalking.apiBaseURL = "http://127.0.0.1:\(port)"
            let store = try SQLiteDeskStore.inMemory()
            let services = try WebhookFixture.services(store: store, config: config)
            let app = buildApplication(services: services, config: config, host: "127.0.0.1", port: 0, logger: Logger(label: "once"))
            try await app.test(.live) { client in try await body(try #require(client.port), store, inbox) }
        }
    }

    /// Waits (bounded) until nothing is pending and the outbox is sent, then a little more for stragglers.
    static func settle(_ store: any DeskStore) async throws {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let outbox = try await store.outbox()
            if outbox.allSatisfy({ $0.deliveredAt != nil }) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(300))
    }

    @Test(arguments: Channel.all) func oneComplaintOneReplyUnderConcurrentAndRepeatedDelivery(_ channel: Channel) async throws {
        let tally = Tally()
        for _ in 0..<Self.rounds {
            try await Self.withServer { port, store, inbox in
                // Given the conversation up to the message that files
                for setup in channel.setup {
                    let (status, _) = try await setup.send(port: port)
                    #expect(status == 200)
                    if channel.pushes { try await Self.settle(store) }
                }
                // When the filing message arrives 3× at once, then 3× in a row
                let barrier = Barrier(3)
                let concurrent = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    for _ in 0..<3 {
                        group.addTask {
                            await barrier.arrive()
                            return try await channel.duplicated.send(port: port)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                var sequential: [(Int, String)] = []
                for _ in 0..<3 { sequential.append(try await channel.duplicated.send(port: port)) }
                try await Self.settle(store)

                // Then exactly one complaint, and one reply (the same text to every delivery, or one outbound send)
                let replies = concurrent + sequential
                #expect(replies.allSatisfy { $0.0 == 200 }, "\(replies.map(\.0))")
                let complaints = try await store.complaints()
                #expect(complaints.count == 1)
                await tally.add(max(0, complaints.count - 1))
                let reference = try #require(complaints.first?.reference)
                if channel.pushes {
                    let sent = await inbox.requests
                    #expect(sent.count == channel.setup.count + 1, "sends: \(sent.count)")
                    #expect(sent.filter { $0.body.contains(reference) }.count == 1)
                    await tally.add(max(0, sent.count - channel.setup.count - 1))
                } else {
                    #expect(Set(replies.map(\.1)).count == 1)
                    #expect(replies[0].1.contains(reference))
                }
            }
        }
        let duplicates = await tally.count
        print("exactly-once \(channel.name): \(Self.rounds) rounds × 6 deliveries, duplicates \(duplicates)")
        #expect(duplicates == 0)
    }

    @Test(arguments: Channel.all.filter(\.pushes)) func fiftyDistinctMessagesAtOnceGetFiftySends(_ channel: Channel) async throws {
        try await Self.withServer { port, store, inbox in
            let deliveries: [Delivery] = (0..<50).map { i in
                switch channel.name {
                case "whatsapp": .whatsapp("what time does the office open", id: "wamid.M\(i)", from: "2547002\(String(format: "%05d", i))")
                case "telegram": .telegram("what time does the office open", updateID: 7000 + i, chat: 880000 + i)
                default: .africasTalking("INFO HOURS", id: "ATX-M\(i)", from: "+2547003\(String(format: "%05d", i))")
                }
            }
            let barrier = Barrier(deliveries.count)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for d in deliveries {
                    group.addTask {
                        await barrier.arrive()
                        return try await d.send(port: port).0
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 })
            try await Self.settle(store)
            let sent = await inbox.requests
            print("push \(channel.name): 50 distinct messages at once → \(sent.count) sends")
            #expect(sent.count == 50)
        }
    }

    @Test func rateLimitedMessageStaysRetryable() async throws {
        var config = WebhookFixture.config
        config.rateLimitPerMinute = 1
        let store = try SQLiteDeskStore.inMemory()
        let app = try WebhookFixture.app(store: store, config: config)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let first = try await Delivery.kannel("hello", id: "r-1", sender: "+254700100099").send(port: port)
            #expect(first.0 == 200)
            // The second message is over the limit: 429, and nothing about it is stored.
            let limited = Delivery.kannel("C WATER no water at block 9", id: "r-2", sender: "+254700100099")
            #expect(try await limited.send(port: port).0 == 429)
            #expect(try await store.inbound(id: "kannel:r-2") == nil)
            #expect(try await store.complaints().isEmpty)
        }
    }

    @Test func genericWithoutIdOrTimestampIsRefusedAndOldTimestampsAreReplays() async throws {
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory())
        try await app.test(.live) { client in
            let port = try #require(client.port)
            #expect(try await Delivery.generic("hello", id: nil, sender: "u9").send(port: port).0 == 400)
            let old = Delivery.generic("hello", id: nil, sender: "u9", timestamp: Date().timeIntervalSince1970 - 3600)
            #expect(try await old.send(port: port).0 == 400)
        }
    }
}
