import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Locales
import Logging
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// A local stand-in for every provider's send API, answering the way each real one does (message ids included).
/// Numbers starting with `+1999` get Twilio's 21610 (unsubscribed); `fail` makes every answer a 503.
func providerStub(_ inbox: StubInbox, fail: Bool = false) -> some ApplicationProtocol {
    let router = Router()
    let counter = Counter()
    @Sendable func handle(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let text = String(buffer: body)
        let path = request.uri.path
        await inbox.add(request.uri.description, request.headers, text)
        let n = await counter.next()
        func json(_ s: String, _ status: HTTPResponse.Status = .ok) -> Response {
            Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: s)))
        }
        if fail { return json("{}", .serviceUnavailable) }
        if path.hasSuffix("/Messages.json") {
            if FormBody.parse(text).value("To")?.hasPrefix("+1999") == true {
                return json(#"{"code": 21610, "message": "Attempt to send to unsubscribed recipient", "status": 400}"#, .badRequest)
            }
            return json(#"{"sid": "SM\#(n)", "status": "queued"}"#, .created)
        }
        if path.hasSuffix("/messages") { return json(#"{"messaging_product":"whatsapp","messages":[{"id":"wamid.OUT\#(n)"}]}"#) }
        if path.hasSuffix("/sendMessage") { return json(#"{"ok":true,"result":{"message_id":\#(n)}}"#) }
        if path.hasSuffix("/version1/messaging") {
            return json(#"{"SMSMessageData":{"Message":"Sent to 1/1","Recipients":[{"statusCode":101,"number":"x","status":"Success","cost":"KES 0.8","messageId":"ATXid_\#(n)"}]}}"#, .created)
        }
        if path.hasSuffix("/cgi-bin/sendsms") {
            return Response(status: .accepted, body: .init(byteBuffer: ByteBuffer(string: "0: Accepted for delivery")))
        }
        return json("{}", .notFound)
    }
    router.post("**", use: handle)
    router.get("**", use: handle)
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

actor Counter {
    var n = 0
    func next() -> Int {
        n += 1
        return n
    }
}

/// Each channel: who the citizen is, in which language, and how its provider reports delivery.
struct DeliveryCase: Sendable, CustomTestStringConvertible {
    let channel: Channel
    let address: String
    let locale: LocaleID
    /// The path the provider's API is called on.
    let apiPath: String
    let receiptStatus: DeliveryStatus
    var testDescription: String { "\(channel.rawValue) \(address) (\(locale.rawValue))" }

    static let all: [DeliveryCase] = [
        DeliveryCase(channel: .twilio, address: "+14155550123", locale: "es", apiPath: "/2010-04-01/Accounts/AC123/Messages.json", receiptStatus: .delivered),
        DeliveryCase(channel: .twilio, address: "whatsapp:+14155550124", locale: "hi", apiPath: "/2010-04-01/Accounts/AC123/Messages.json", receiptStatus: .read),
        DeliveryCase(channel: .whatsapp, address: "254700000077", locale: "fr", apiPath: "/v21.0/1055/messages", receiptStatus: .read),
        DeliveryCase(channel: .telegram, address: "777000222", locale: "ar", apiPath: "/bot123:ABC/sendMessage", receiptStatus: .sent),
        DeliveryCase(channel: .africastalking, address: "+254711000333", locale: "sw", apiPath: "/version1/messaging", receiptStatus: .delivered),
        DeliveryCase(channel: .ussd, address: "+254711000444", locale: "zu", apiPath: "/version1/messaging", receiptStatus: .delivered),
        DeliveryCase(channel: .kannel, address: "+923001234567", locale: "ur", apiPath: "/cgi-bin/sendsms", receiptStatus: .delivered),
    ]
}

@Suite(.serialized) struct ChannelDeliveryTests {
    static func config(port: Int) -> ServerConfiguration {
        var c = WebhookFixture.config
        let base = "http://127.0.0.1:\(port)"
        c.whatsapp.apiBaseURL = base + "/v21.0"
        c.telegram.apiBaseURL = base
        c.africastalking.apiBaseURL = base
        c.africastalking.callbackToken = "at-callback"
        c.africastalking.insecure = false
        c.twilio.apiBaseURL = base
        c.twilio.accountSid = "AC123"
        c.twilio.from = "+14155550100"
        c.twilio.whatsappFrom = "whatsapp:+14155238886"
        c.kannel.sendURL = base
        c.kannel.username = "desk"
        c.kannel.password = "pw"
        c.kannel.token = "kannel-secret"
        c.kannel.insecure = false
        return c
    }

    /// A citizen on `channel` with a complaint filed in their language (and a contact to reach them).
    static func citizen(_ c: DeliveryCase, _ services: DeskServices, lastMessage: Date = Date()) async throws -> String {
        let desk = services.pipeline.desk
        let store = try #require(desk.store as? SQLiteDeskStore)
        let citizen = desk.hasher.pseudonym(c.address)
        let key = ConversationID(channel: c.channel, citizen: citizen).key
        try await store.dbWriter.write { db in
            try SQLiteDeskStore.saveContact(
                ContactRecord(id: key, channel: c.channel.rawValue, citizen: citizen, address: c.address, locale: c.locale.rawValue, optedOut: false, updatedAt: lastMessage), db)
        }
        let complaint = try await store.fileComplaint(
            ComplaintRecord(
                reference: "", year: 0, serial: 0, category: "water", status: "received", locale: c.locale.rawValue, channel: c.channel.rawValue,
                citizen: citizen, description: "no water", createdAt: Date(), updatedAt: Date()),
            session: nil)
        return complaint.reference
    }

    static func wait(_ inbox: StubInbox, count: Int, seconds: Double = 10) async throws -> [(path: String, headers: HTTPFields, body: String)] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline, await inbox.requests.count < count { try await Task.sleep(for: .milliseconds(50)) }
        return await inbox.requests
    }

    static func waitForDelivery(_ store: any DeskStore, _ done: @Sendable (OutboxDelivery) -> Bool) async throws -> [OutboxDelivery] {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline, try await !store.deliveries().contains(where: done) { try await Task.sleep(for: .milliseconds(50)) }
        return try await store.deliveries()
    }

    /// The text the provider received, decoded as each API carries it.
    static func sentText(_ c: DeliveryCase, _ request: (path: String, headers: HTTPFields, body: String)) throws -> String {
        switch c.channel {
        case .twilio: return FormBody.parse(request.body).value("Body") ?? ""
        case .africastalking, .ussd: return FormBody.parse(request.body).value("message") ?? ""
        case .kannel:
            let query = String(request.path.split(separator: "?", maxSplits: 1).last ?? "")
            let pairs = KannelQuery.rawPairs(query)
            func f(_ n: String) -> String? { pairs.first { $0.0 == n }.map { String(decoding: $0.1, as: UTF8.self) } }
            let bytes = try #require(pairs.first { $0.0 == "text" }?.1)
            #expect(f("coding") == (c.locale == "ur" ? "2" : nil))
            return KannelQuery.decode(bytes, coding: f("coding"), charset: f("charset")) ?? ""
        default:
            let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any])
            return ((json["text"] as? [String: Any])?["body"] as? String) ?? (json["text"] as? String) ?? ""
        }
    }

    /// Posts the provider's delivery receipt for `providerID` to DeskBot's webhook.
    static func postReceipt(_ c: DeliveryCase, providerID: String, client: some TestClientProtocol) async throws {
        let id = String(providerID.drop { $0 != ":" }.dropFirst())
        switch c.channel {
        case .twilio:
            let pairs = [("MessageSid", id), ("MessageStatus", c.receiptStatus.rawValue), ("AccountSid", "AC123"), ("To", c.address)]
            let headers = WebhookFixture.twilioHeaders(pairs, path: "/webhook/twilio/status")
            try await client.execute(uri: "/webhook/twilio/status", method: .post, headers: headers, body: WebhookFixture.form(pairs)) { r in
                #expect(r.status == .ok)
            }
        case .whatsapp:
            let body = #"{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{"messaging_product":"whatsapp","statuses":[{"id":"\#(id)","status":"delivered","timestamp":"1795428001","recipient_id":"\#(c.address)"},{"id":"\#(id)","status":"read","timestamp":"1795428002","recipient_id":"\#(c.address)"}]}}]}]}"#
            let signature = "sha256=" + Signatures.sha256Hex(Array(body.utf8), key: "app-secret")
            try await client.execute(uri: "/webhook/whatsapp", method: .post, headers: [.contentType: "application/json", .hubSignature256: signature], body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
            }
        case .africastalking, .ussd:
            let form = WebhookFixture.form([("id", id), ("status", "Success"), ("phoneNumber", c.address), ("networkCode", "63902"), ("retryCount", "0")])
            try await client.execute(uri: "/webhook/africastalking/delivery?token=at-callback", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: form) { r in
                #expect(r.status == .ok)
            }
        case .kannel:
            try await client.execute(uri: "/webhook/kannel/dlr?outbox=\(id)&type=1&token=kannel-secret", method: .get) { r in #expect(r.status == .ok) }
        default:
            break  // Telegram has no delivery receipts: the sendMessage answer is the receipt.
        }
    }

    @Test(arguments: DeliveryCase.all) func statusChangeIsPushedOnceInTheCitizensLanguageThenReceipted(_ c: DeliveryCase) async throws {
        let inbox = StubInbox()
        try await providerStub(inbox).test(.live) { stub in
            let config = Self.config(port: try #require(stub.port))
            let store = try SQLiteDeskStore.inMemory()
            let services = try WebhookFixture.services(store: store, config: config)
            let app = buildApplication(services: services, config: config, host: "127.0.0.1", port: 0, logger: Logger(label: "delivery"))
            try await app.test(.live) { client in
                // Given a citizen with a complaint, in their language
                let reference = try await Self.citizen(c, services)
                // When staff change its status
                try await services.pipeline.desk.updateStatus(reference: reference, to: .inProgress, by: "staff", note: nil)
                // Then the provider's API is called once, with the notification in the citizen's language
                _ = try await Self.wait(inbox, count: 1)
                try await Task.sleep(for: .milliseconds(1200))  // two more deliverer passes: nothing is sent again
                let sent = await inbox.requests
                #expect(sent.count == 1)
                let request = try #require(sent.first)
                #expect(request.path.hasPrefix(c.apiPath))
                let text = try Self.sentText(c, request)
                let status = services.pipeline.desk.text("status_in_progress", c.locale)
                #expect(text.contains(reference), "\(text)")
                #expect(text.contains(status), "expected \(status) in \(text)")
                if c.channel == .twilio { #expect(FormBody.parse(request.body).value("To") == c.address) }
                var rows = try await Self.waitForDelivery(store) { $0.status == .sent }
                let row = try #require(rows.first)
                #expect(row.status == .sent)
                let providerID = try #require(row.providerID)
                // And the provider's delivery receipt is recorded on the row
                try await Self.postReceipt(c, providerID: providerID, client: client)
                rows = try await Self.waitForDelivery(store) { $0.status == c.receiptStatus }
                #expect(rows.first?.status == c.receiptStatus)
                #expect(rows.count == 1)
            }
        }
    }

    @Test func inlineNotificationIsNotShownAgainWithTheNextReply() async throws {
        let inbox = StubInbox()
        try await providerStub(inbox).test(.live) { stub in
            let config = Self.config(port: try #require(stub.port))
            let store = try SQLiteDeskStore.inMemory()
            let services = try WebhookFixture.services(store: store, config: config)
            let app = buildApplication(services: services, config: config, host: "127.0.0.1", port: 0, logger: Logger(label: "delivery"))
            try await app.test(.live) { client in
                let c = DeliveryCase.all.first { $0.channel == .kannel }!
                let reference = try await Self.citizen(c, services)
                try await services.pipeline.desk.updateStatus(reference: reference, to: .inProgress, by: "staff", note: nil)
                _ = try await Self.wait(inbox, count: 1)
                _ = try await Self.waitForDelivery(store) { $0.status == .sent }
                // The citizen writes: the reply does not repeat the notification already pushed.
                try await client.execute(uri: "/webhook/kannel?sender=%2B923001234567&id=n1&text=hello&token=kannel-secret", method: .get) { r in
                    #expect(r.status == .ok)
                    #expect(!String(buffer: r.body).contains(reference))
                }
                #expect(await inbox.requests.count == 1)
            }
        }
    }

    @Test func whatsappOutsideTheWindowSendsTheLocalesTemplate() async throws {
        let inbox = StubInbox()
        try await providerStub(inbox).test(.live) { stub in
            var config = Self.config(port: try #require(stub.port))
            config.whatsapp.templates = ["fr": .init(name: "status_update", language: "fr"), "default": .init(name: "status_update", language: "en")]
            let store = try SQLiteDeskStore.inMemory()
            let services = try WebhookFixture.services(store: store, config: config)
            let app = buildApplication(services: services, config: config, host: "127.0.0.1", port: 0, logger: Logger(label: "delivery"))
            try await app.test(.live) { _ in
                let c = DeliveryCase.all.first { $0.channel == .whatsapp }!
                let reference = try await Self.citizen(c, services, lastMessage: Date().addingTimeInterval(-3 * 86400))
                try await services.pipeline.desk.updateStatus(reference: reference, to: .inProgress, by: "staff", note: nil)
                let sent = try await Self.wait(inbox, count: 1)
                let first = try #require(sent.first)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(first.body.utf8)) as? [String: Any])
                #expect(json["type"] as? String == "template")
                let template = try #require(json["template"] as? [String: Any])
                #expect(template["name"] as? String == "status_update")
                #expect((template["language"] as? [String: Any])?["code"] as? String == "fr")
                let body = "\(template["components"] ?? "")"
                #expect(body.contains(reference))
            }
        }
    }

    @Test func twilioUnsubscribedRecipientStopsFurtherSends() async throws {
        let inbox = StubInbox()
        try await providerStub(inbox).test(.live) { stub in
            let config = Self.config(port: try #require(stub.port))
            let store = try SQLiteDeskStore.inMemory()
            let services = try WebhookFixture.services(store: store, config: config)
            let app = buildApplication(services: services, config: config, host: "127.0.0.1", port: 0, logger: Logger(label: "delivery"))
            try await app.test(.live) { _ in
                let c = DeliveryCase(channel: .twilio, address: "+19995550000", locale: "en", apiPath: "", receiptStatus: .sent)
                let reference = try await Self.citizen(c, services)
                try await services.pipeline.desk.updateStatus(reference: reference, to: .acknowledged, by: "staff", note: nil)
                _ = try await Self.wait(inbox, count: 1)
                let rows = try await Self.waitForDelivery(store) { $0.status == .failed }
                #expect(rows.first?.status == .failed)
                #expect(rows.first?.error == "twilio 21610")
                // Blocked: the next change is recorded but not sent.
                try await services.pipeline.desk.updateStatus(reference: reference, to: .inProgress, by: "staff", note: nil)
                try await Task.sleep(for: .milliseconds(1200))
                #expect(await inbox.requests.count == 1)
                #expect(services.pipeline.metrics.exposition().contains(#"result="blocked""#))
            }
        }
    }

    @Test func aMessageNotSentInTimeIsMarkedFailedAndCounted() async throws {
        let inbox = StubInbox()
        try await providerStub(inbox, fail: true).test(.live) { stub in
            var config = Self.config(port: try #require(stub.port))
            config.outbox.giveUpAfterSeconds = 0
            let store = try SQLiteDeskStore.inMemory()
            let services = try WebhookFixture.services(store: store, config: config)
            let app = buildApplication(services: services, config: config, host: "127.0.0.1", port: 0, logger: Logger(label: "delivery"))
            try await app.test(.live) { _ in
                let c = DeliveryCase.all[0]
                let reference = try await Self.citizen(c, services)
                try await services.pipeline.desk.updateStatus(reference: reference, to: .inProgress, by: "staff", note: nil)
                let rows = try await Self.waitForDelivery(store) { $0.status == .failed }
                #expect(rows.first?.status == .failed)
                #expect(services.pipeline.metrics.exposition().contains(#"deskbot_outbound_total{channel="twilio",result="expired"} 1"#))
            }
        }
    }
}
