import DeskCore
import Foundation
import Hummingbird

/// Kannel's sms-service get-url / post-url. The message arrives as `text` in the `charset` Kannel names (UCS-2 Urdu
/// as UTF-16BE bytes when `coding=2`); the plain-text response body is the SMS reply.
struct KannelWebhook: WebhookGateway {
    let shared: WebhookController
    init(_ shared: WebhookController) { self.shared = shared }
    var config: ServerConfiguration { shared.config }

    func addRoutes(to routes: RouteCollection<AppRequestContext>) {
        routes.get("kannel", use: kannel)
        routes.post("kannel", use: kannel)
    }

    @Sendable func kannel(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        var pairs = KannelQuery.rawPairs(request.uri.query ?? "")
        if request.method == .post {
            let raw = try await shared.body(&request, context, channel: "kannel")
            pairs += KannelQuery.rawPairs(String(decoding: raw, as: UTF8.self))
        }
        func field(_ name: String) -> String? { pairs.first { $0.0 == name }.map { String(decoding: $0.1, as: UTF8.self) } }
        if let token = config.kannel.token {
            guard let given = field("token"), Signatures.equal(given, token) else { throw shared.reject("kannel", .forbidden, "bad token") }
        }
        guard let sender = field("sender"), !sender.isEmpty, let bytes = pairs.first(where: { $0.0 == "text" })?.1 else {
            throw shared.reject("kannel", .badRequest, "missing sender or text")
        }
        guard let text = KannelQuery.decode(bytes, coding: field("coding"), charset: field("charset")) else {
            throw shared.reject("kannel", .badRequest, "text not in the named charset")
        }
        let answer = try await shared.answer(channel: .kannel, messageID: field("id"), sender: sender, text: text)
        return WebhookController.text(answer.text)
    }
}

/// Percent-decoding to bytes (Kannel's `%b` may carry UTF-16BE or Latin-1 bytes that are not UTF-8).
enum KannelQuery {
    static func rawPairs(_ query: String) -> [(String, [UInt8])] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(decoding: bytes(parts[0]), as: UTF8.self), parts.count > 1 ? bytes(parts[1]) : [])
        }
    }

    static func bytes(_ s: Substring) -> [UInt8] {
        var out: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "+") {
                out.append(0x20)
            } else if b == UInt8(ascii: "%"), it.count >= 2, let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                out.append(v)
                it = it.dropFirst(2)
            } else {
                out.append(b)
            }
        }
        return out
    }

    static func decode(_ bytes: [UInt8], coding: String?, charset: String?) -> String? {
        let name = (charset ?? "").uppercased()
        if coding == "2" || name.hasPrefix("UTF-16") || name.hasPrefix("UCS-2") || name.hasPrefix("UCS2") {
            guard bytes.count % 2 == 0 else { return nil }
            let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        }
        if name == "ISO-8859-1" || name == "LATIN1" || name == "WINDOWS-1252" || name == "CP1252" {
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        }
        return String(validating: bytes, as: UTF8.self)
    }
}
