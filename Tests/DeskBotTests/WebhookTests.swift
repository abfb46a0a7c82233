import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// Records what a stub provider API receives.
actor StubInbox {
    private(set) var requests: [(path: String, headers: HTTPFields, body: String)] = []
    func add(_ path: String, _ headers: HTTPFields, _ body: String) { requests.append((path, headers, body)) }
}

/// A local stand-in for WhatsApp's Graph API, Telegram's Bot API and Africa's Talking's SMS API.
func stubProvider(_ inbox: StubInbox) -> some ApplicationProtocol {
    let router = Router()
    router.post("**") { request, context -> Response in
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        await inbox.add(request.uri.path, request.headers, String(buffer: body))
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"ok\":true}")))
    }
    return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
}

enum WebhookFixture {
    static let config: ServerConfiguration = {
        var c = ServerConfiguration()
        c.publicURL = "https://desk.example.gov"
        c.twilio.authToken = "twilio-token"
        c.whatsapp.verifyToken = "verify-me"
        c.whatsapp.appSecret = "app-secret"
        c.whatsapp.accessToken = "wa-access"
        c.whatsapp.phoneNumberID = "1055"
        c.telegram.botToken = "123:ABC"
        c.telegram.secretToken = "tg-secret"
        c.africastalking.username = "sandbox"
        c.africastalking.apiKey = "at-key"
        c.generic.hmacKey = "generic-key"
        // These tests post Kannel and Africa's Talking callbacks without tokens (fail closed otherwise).
        c.kannel.insecure = true
        c.africastalking.insecure = true
        c.rateLimitPerMinute = 1000
        return c
    }()

    static func services(store: any DeskStore, config: ServerConfiguration = config) throws -> DeskServices {
        DeskServices(desk: try Repo.desk(store: store, now: { Date() }), config: config, logger: Logger(label: "test"))
    }

    static func app(store: any DeskStore, config: ServerConfiguration = config) throws -> some ApplicationProtocol {
        buildApplication(services: try services(store: store, config: config), config: config, host: "127.0.0.1", port: 0, logger: Logger(label: "test"))
    }

    static func form(_ pairs: [(String, String)]) -> ByteBuffer { ByteBuffer(string: FormBody.encode(pairs)) }

    static func twilioHeaders(_ pairs: [(String, String)], path: String = "/webhook/twilio") -> HTTPFields {
        [.contentType: "application/x-www-form-urlencoded",
         .twilioSignature: Signatures.twilio(url: "https://desk.example.gov" + path, parameters: pairs, authToken: "twilio-token")]
    }

    /// A real Twilio inbound-SMS parameter set.
    static func twilioSMS(_ body: String, sid: String, from: String = "+14155550101") -> [(String, String)] {
        [("ToCountry", "US"), ("ToState", "CA"), ("SmsMessageSid", sid), ("NumMedia", "0"), ("ToCity", ""), ("FromZip", ""),
         ("SmsSid", sid), ("FromState", "CA"), ("SmsStatus", "received"), ("FromCity", ""), ("Body", body), ("FromCountry", "US"),
         ("To", "+14155550100"), ("ToZip", ""), ("NumSegments", "1"), ("MessageSid", sid),
         ("AccountSid", "AC00000000000000000000000000000000"), ("From", from), ("ApiVersion", "2010-04-01")]
    }

    /// A real WhatsApp Cloud API text-message notification.
    static func whatsapp(_ text: String, id: String, from: String = "254700000002") -> String {
        """
        {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp",\
        "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},\
        "contacts":[{"profile":{"name":"Amina"},"wa_id":"\(from)"}],\
        "messages":[{"from":"\(from)","id":"\(id)","timestamp":"1795428000","text":{"body":"\(text)"},"type":"text"}]},\
        "field":"messages"}]}]}
        """
    }

    static func telegram(_ text: String, updateID: Int, chat: Int = 777000111) -> String {
        """
        {"update_id":\(updateID),"message":{"message_id":\(updateID + 1000),"from":{"id":\(chat),"is_bot":false,"first_name":"Juma",\
        "language_code":"sw"},"chat":{"id":\(chat),"first_name":"Juma","type":"private"},"date":1795428000,"text":"\(text)"}}
        """
    }
}

@Suite(.serialized) struct WebhookTests {
    // MARK: Twilio

    @Test func twilioSignedMessageGetsTwiML() async throws {
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory())
        try await app.test(.router) { client in
            let pairs = WebhookFixture.twilioSMS("What time does the office open?", sid: "SM001")
            try await client.execute(uri: "/webhook/twilio", method: .post, headers: WebhookFixture.twilioHeaders(pairs), body: WebhookFixture.form(pairs)) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.contentType]?.hasPrefix("text/xml") == true)
                let xml = String(buffer: r.body)
                #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>"))
                #expect(xml.contains("8:30"))
            }
        }
    }

    @Test func twilioBadOrMissingSignatureIsRejected() async throws {
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory())
        try await app.test(.router) { client in
            let pairs = WebhookFixture.twilioSMS("hello", sid: "SM002")
            var headers = WebhookFixture.twilioHeaders(pairs)
            headers[.twilioSignature] = "AAAA" + (headers[.twilioSignature] ?? "")
            try await client.execute(uri: "/webhook/twilio", method: .post, headers: headers, body: WebhookFixture.form(pairs)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/webhook/twilio", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: WebhookFixture.form(pairs)) { r in
                #expect(r.status == .forbidden)
            }
        }
    }

    @Test func twilioRetryGetsSameReplyAndNoSecondComplaint() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let app = try WebhookFixture.app(store: store)
        try await app.test(.router) { client in
            let pairs = WebhookFixture.twilioSMS("C WATER no water in block 6", sid: "SM003")
            let first = try await client.execute(uri: "/webhook/twilio", method: .post, headers: WebhookFixture.twilioHeaders(pairs), body: WebhookFixture.form(pairs)) { String(buffer: $0.body) }
            let second = try await client.execute(uri: "/webhook/twilio", method: .post, headers: WebhookFixture.twilioHeaders(pairs), body: WebhookFixture.form(pairs)) { String(buffer: $0.body) }
            #expect(first == second)
            #expect(first.contains("CMP-"))
            #expect(try await store.complaints().count == 1)
        }
    }

    @Test func twilioEscapesXML() {
        #expect(TwilioWebhook.twiml("a < b & \"c\"") == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Message>a &lt; b &amp; &quot;c&quot;</Message></Response>")
    }

    // MARK: WhatsApp

    @Test func whatsappVerificationHandshake() async throws {
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory())
        try await app.test(.router) { client in
            try await client.execute(uri: "/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444", method: .get) { r in
                #expect(r.status == .ok)
                #expect(String(buffer: r.body) == "1158201444")
            }
            try await client.execute(uri: "/webhook/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", method: .get) { r in
                #expect(r.status == .forbidden)
            }
        }
    }

    @Test func whatsappSignatureIsChecked() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let app = try WebhookFixture.app(store: store)
        try await app.test(.router) { client in
            let body = WebhookFixture.whatsapp("hello", id: "wamid.A1")
            let good = "sha256=" + Signatures.sha256Hex(Array(body.utf8), key: "app-secret")
            try await client.execute(uri: "/webhook/whatsapp", method: .post, headers: [.contentType: "application/json", .hubSignature256: good], body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/webhook/whatsapp", method: .post, headers: [.contentType: "application/json", .hubSignature256: "sha256=00"], body: ByteBuffer(string: body)) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/webhook/whatsapp", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { r in
                #expect(r.status == .forbidden)
            }
            // A retry of the same message id is acknowledged and recorded once.
            try await client.execute(uri: "/webhook/whatsapp", method: .post, headers: [.contentType: "application/json", .hubSignature256: good], body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
            }
            #expect(try await store.inbound(id: "whatsapp:wamid.A1") != nil)
        }
    }

    // MARK: Telegram

    @Test func telegramSecretTokenIsChecked() async throws {
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory())
        try await app.test(.router) { client in
            let body = ByteBuffer(string: WebhookFixture.telegram("habari", updateID: 5001))
            try await client.execute(uri: "/webhook/telegram", method: .post, headers: [.contentType: "application/json", .telegramSecret: "tg-secret"], body: body) { r in
                #expect(r.status == .ok)
            }
            try await client.execute(uri: "/webhook/telegram", method: .post, headers: [.contentType: "application/json", .telegramSecret: "nope"], body: body) { r in
                #expect(r.status == .forbidden)
            }
            try await client.execute(uri: "/webhook/telegram", method: .post, headers: [.contentType: "application/json"], body: body) { r in
                #expect(r.status == .forbidden)
            }
        }
    }

    // MARK: Africa's Talking

    @Test func ussdMenuContinuesAndEnds() async throws {
        let store = try SQLiteDeskStore.inMemory()
        let app = try WebhookFixture.app(store: store)
        try await app.test(.router) { client in
            func ussd(_ text: String) async throws -> String {
                let form = WebhookFixture.form([("sessionId", "ATUid_1"), ("serviceCode", "*384*123#"), ("phoneNumber", "+254711000111"),
                                                ("networkCode", "63902"), ("text", text)])
                return try await client.execute(uri: "/webhook/africastalking/ussd", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: form) { r in
                    #expect(r.status == .ok)
                    #expect(r.headers[.contentType]?.hasPrefix("text/plain") == true)
                    return String(buffer: r.body)
                }
            }
            let menu = try await ussd("")
            #expect(menu.hasPrefix("CON "))
            let categories = try await ussd("2")
            #expect(categories.hasPrefix("CON ") && categories.contains("1."))
            let ask = try await ussd("2*1")
            #expect(ask.hasPrefix("CON "))
            let filed = try await ussd("2*1*Moi Avenue near the market")
            // Filed: the reference on the first screen (a long confirmation with its expected date pages on, "98. More").
            #expect((filed.hasPrefix("END ") || filed.hasPrefix("CON ")) && filed.contains("CMP-"))
            // The gateway re-sends the same step: same answer, one complaint.
            #expect(try await ussd("2*1*Moi Avenue near the market") == filed)
            #expect(try await store.complaints().count == 1)
            for screen in [menu, categories, ask, filed] { #expect(screen.count <= 182) }
        }
    }

    // MARK: Kannel and generic

    @Test func kannelDecodesUCS2AndAnswersPlainText() async throws {
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory())
        try await app.test(.router) { client in
            // "دفتر کب کھلتا ہے" as Kannel passes %b for a UCS-2 message: UTF-16BE bytes, percent-encoded.
            let text = "دفتر کب کھلتا ہے"
            let bytes = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            let encoded = bytes.map { String(format: "%%%02X", $0) }.joined()
            try await client.execute(uri: "/webhook/kannel?sender=%2B923001234567&receiver=8080&id=k1&coding=2&charset=UTF-16BE&text=\(encoded)", method: .get) { r in
                #expect(r.status == .ok)
                // An Urdu reply goes back as UCS-2: UTF-16BE bytes with X-Kannel-Coding: 2 (issue 13: not "????").
                #expect(r.headers[.kannelCoding] == "2")
                let bytes = Array(r.body.readableBytesView)
                let units = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
                #expect(String(decoding: units, as: UTF16.self).contains("8:30"))
            }
            try await client.execute(uri: "/webhook/kannel?receiver=8080", method: .get) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    @Test func genericJSONWithHMAC() async throws {
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory())
        try await app.test(.router) { client in
            let body = #"{"sender":"user-42","message":"where is the municipal office","locale":"en","id":"g1"}"#
            let signature = "sha256=" + Signatures.sha256Hex(Array(body.utf8), key: "generic-key")
            try await client.execute(uri: "/webhook/generic", method: .post, headers: [.contentType: "application/json", .deskbotSignature: signature], body: ByteBuffer(string: body)) { r in
                #expect(r.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(String(buffer: r.body).utf8)) as? [String: Any]
                #expect(json?["intent"] as? String == "office_location")
                #expect((json?["reply"] as? String)?.isEmpty == false)
            }
            try await client.execute(uri: "/webhook/generic", method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: body)) { r in
                #expect(r.status == .unauthorized)
            }
            try await client.execute(uri: "/webhook/generic", method: .post, headers: [.contentType: "application/json", .deskbotSignature: "sha256=" + Signatures.sha256Hex(Array("{}".utf8), key: "generic-key")], body: ByteBuffer(string: "{}")) { r in
                #expect(r.status == .badRequest)
            }
        }
    }

    @Test func oversizedBodyIsRejectedAndServerKeepsServing() async throws {
        var config = WebhookFixture.config
        config.bodyLimit = 1024
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory(), config: config)
        try await app.test(.router) { client in
            let big = ByteBuffer(string: String(repeating: "x", count: 5000))
            try await client.execute(uri: "/webhook/generic", method: .post, headers: [.deskbotSignature: "sha256=00"], body: big) { r in
                #expect(r.status.code >= 400 && r.status.code < 500)
            }
            try await client.execute(uri: "/healthz", method: .get) { r in #expect(r.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { r in
                #expect(String(buffer: r.body).contains("deskbot_rejected_requests_total"))
            }
        }
    }
}
