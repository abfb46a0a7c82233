import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import DeskBot
@testable import DeskCore
@testable import DeskStoreSQLite

/// Edge cases of the gateways' own formats (the real-provider checks are scripts/kannel-e2e.sh and
/// scripts/twilio-signatures.py).
@Suite struct GatewayEdgeCaseTests {
    @Test func twilioSignaturesAreAcceptedWithAndWithoutTheDefaultPort() {
        #expect(TwilioWebhook.urlVariants("https://desk.example.gov/webhook/twilio") == ["https://desk.example.gov/webhook/twilio", "https://desk.example.gov:443/webhook/twilio"])
        #expect(TwilioWebhook.urlVariants("https://desk.example.gov:443/webhook/twilio?a=1") == ["https://desk.example.gov:443/webhook/twilio?a=1", "https://desk.example.gov/webhook/twilio?a=1"])
        #expect(TwilioWebhook.urlVariants("https://desk.example.gov:8443/webhook/twilio") == ["https://desk.example.gov:8443/webhook/twilio"])
    }

    @Test func aByteOrderMarkInAFormValueIsKept() {
        #expect(FormBody.parse("Body=%EF%BB%BFhello+there&From=%2B1").value("Body") == "\u{FEFF}hello there")
    }

    @Test func kannelPostURLReadsTheBodyAndTheXKannelHeaders() async throws {
        let app = try WebhookFixture.app(store: SQLiteDeskStore.inMemory())
        try await app.test(.router) { client in
            // Given Kannel's real post-url request for a UCS-2 message: the text in the body, the fields in headers
            let text = "دفتر کب کھلتا ہے"
            let body = ByteBuffer(bytes: text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
            let headers: HTTPFields = [
                .contentType: "text/plain; charset=\"UTF-16BE\"", .kannelFrom: "+923001234567", .kannelTo: "8080", .kannelCoding: "2",
                HTTPField.Name("X-Kannel-SMSC")!: "FAKE", HTTPField.Name("X-Kannel-Service")!: "default",
            ]
            // Then it is answered in UCS-2
            try await client.execute(uri: "/webhook/kannel?id=p1", method: .post, headers: headers, body: body) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.kannelCoding] == "2")
                let bytes = Array(r.body.readableBytesView)
                let units = stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
                #expect(String(decoding: units, as: UTF16.self).contains("8:30"))
            }
            // And an English one (no X-Kannel-From: `send-sender` off, the sender in the query) in plain UTF-8
            let english: HTTPFields = [.contentType: "text/plain; charset=\"UTF-8\"", .kannelTo: "8080", .kannelCoding: "0"]
            try await client.execute(uri: "/webhook/kannel?id=p2&sender=%2B254700000001", method: .post, headers: english, body: ByteBuffer(string: "What time does the office open")) { r in
                #expect(r.status == .ok)
                #expect(r.headers[.kannelCoding] == nil)
                #expect(String(buffer: r.body).contains("8:30"))
            }
        }
    }

    @Test func kannelSendsmsCarriesUrduAsUCS2AndEnglishAsUTF8() throws {
        var config = ServerConfiguration()
        config.publicURL = "http://127.0.0.1:8080"
        config.kannel.username = "desk"
        config.kannel.password = "pw"
        config.kannel.token = "t"
        let sender = try #require(KannelSender(config.kannel, config: config))
        func query(_ text: String) throws -> [String: String] {
            let message = OutboundMessage(outboxID: 7, text: text, address: "+923001234567", locale: "ur", isNotification: true, lastInbound: nil, now: Date())
            let url = try #require(try sender.request(for: message).url)
            let pairs = KannelQuery.rawPairs(url.query ?? "")
            var out: [String: String] = [:]
            for (k, v) in pairs {
                out[k] = k == "text" && out["coding"] == "2" ? KannelQuery.decode(v, coding: "2", charset: nil) : String(decoding: v, as: UTF8.self)
            }
            return out
        }
        let urdu = try query("آپ کی شکایت CMP-2026-000001")
        #expect(urdu["coding"] == "2")
        #expect(urdu["charset"] == "UTF-16BE")
        #expect(urdu["text"] == "آپ کی شکایت CMP-2026-000001")
        #expect(urdu["dlr-url"] == "http://127.0.0.1:8080/webhook/kannel/dlr?outbox=7&type=%d&token=t")
        let english = try query("Update on CMP-2026-000001")
        #expect(english["coding"] == nil)
        #expect(english["text"] == "Update on CMP-2026-000001")
    }
}

@Suite struct TwilioSenderTests {
    static func sender(templates: [String: String] = ["hi": "HX111"]) throws -> TwilioSender {
        var config = ServerConfiguration()
        config.twilio.accountSid = "AC123"
        config.twilio.authToken = "tok"
        config.twilio.messagingServiceSid = "MG1"
        config.twilio.whatsappFrom = "+14155238886"
        config.twilio.whatsappTemplates = templates
        return try #require(TwilioSender(config.twilio, config: config))
    }

    static func fields(_ sender: TwilioSender, to address: String, lastInbound: Date?) throws -> [(String, String)] {
        let message = OutboundMessage(outboxID: 1, text: "Update:\nin progress", address: address, locale: "hi", isNotification: true, lastInbound: lastInbound, now: Date())
        let request = try sender.request(for: message)
        #expect(request.value(forHTTPHeaderField: "Authorization") == "Basic " + Data("AC123:tok".utf8).base64EncodedString())
        return FormBody.parse(String(decoding: try #require(request.httpBody), as: UTF8.self))
    }

    @Test func smsGoesFromTheMessagingService() throws {
        let f = try Self.fields(Self.sender(), to: "+14155550123", lastInbound: Date())
        #expect(f.value("MessagingServiceSid") == "MG1")
        #expect(f.value("Body") == "Update:\nin progress")
        #expect(f.value("StatusCallback") == "http://127.0.0.1:8080/webhook/twilio/status")
    }

    @Test func whatsappKeepsItsPrefixAndUsesATemplateOutsideTheWindow() throws {
        let inside = try Self.fields(Self.sender(), to: "whatsapp:+14155550124", lastInbound: Date())
        #expect(inside.value("To") == "whatsapp:+14155550124")
        #expect(inside.value("From") == "whatsapp:+14155238886")
        #expect(inside.value("Body") == "Update:\nin progress")
        let outside = try Self.fields(Self.sender(), to: "whatsapp:+14155550124", lastInbound: Date().addingTimeInterval(-2 * 86400))
        #expect(outside.value("Body") == nil)
        #expect(outside.value("ContentSid") == "HX111")
        #expect(outside.value("ContentVariables") == #"{"1":"Update: · in progress"}"#)
        #expect(throws: CannotSend.self) {
            try Self.fields(Self.sender(templates: [:]), to: "whatsapp:+14155550124", lastInbound: nil)
        }
    }

    @Test func unsubscribedMeansBlocked() throws {
        let sender = try Self.sender()
        let message = OutboundMessage(outboxID: 1, text: "x", address: "+1", locale: "en", isNotification: true, lastInbound: nil, now: Date())
        #expect(sender.outcome(status: 400, body: Data(#"{"code":21610}"#.utf8), message: message) == .blocked("twilio 21610"))
        #expect(sender.outcome(status: 400, body: Data(#"{"code":21211}"#.utf8), message: message) == .failed("twilio 21211"))
        #expect(sender.outcome(status: 429, body: Data(#"{"code":20429}"#.utf8), message: message) == .retry("HTTP 429"))
        #expect(sender.outcome(status: 201, body: Data(#"{"sid":"SM9"}"#.utf8), message: message) == .sent(providerID: "twilio:SM9"))
    }
}
