import DeskCore
import Foundation
import Hummingbird

/// Kannel's sms-service get-url / post-url, and its delivery reports.
///
/// - get-url: the fields in the query (`sender`, `receiver`, `id`, `coding`, `charset`, `text` as raw `%b` bytes).
/// - post-url: the text is the body (in the `charset` of its Content-Type), the fields are `X-Kannel-From` (sent
///   with `send-sender = true`), `X-Kannel-To`, `X-Kannel-Coding`… headers; `id`, `sender` and `token` may be in
///   the query (`post-url = "…?id=%I&sender=%p&token=…"`).
///
/// The plain-text response body is the SMS reply: UTF-8 when GSM-7 can carry it, otherwise UTF-16BE with
/// `X-Kannel-Coding: 2`, so Kannel sends it as UCS-2 (with `accept-x-kannel-headers = true`) instead of "????".
struct KannelWebhook: WebhookGateway {
    let shared: WebhookController
    init(_ shared: WebhookController) { self.shared = shared }

    func addRoutes(to routes: RouteCollection<AppRequestContext>) {
        routes.get("kannel", use: kannel)
        routes.post("kannel", use: kannel)
        routes.get("kannel/dlr", use: dlr)
        routes.post("kannel/dlr", use: dlr)
    }

    /// Fail closed: a token when one is set, or `insecure: true`.
    func authorize(_ given: String?) throws {
        guard let token = config.kannel.token else {
            guard config.kannel.insecure else { throw shared.reject("kannel", .serviceUnavailable, "kannel not configured (no token)") }
            return
        }
        guard let given, Signatures.equal(given, token) else { throw shared.reject("kannel", .forbidden, "bad token") }
    }

    @Sendable func kannel(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        var pairs = KannelQuery.rawPairs(request.uri.query ?? "")
        var headerText: [UInt8]?
        if request.method == .post {
            let raw = try await shared.body(&request, context, channel: "kannel")
            let form = request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
            if !form, request.headers[.kannelFrom] != nil || request.headers[.kannelTo] != nil || request.headers[.kannelCoding] != nil {
                headerText = raw  // post-url: the body is the message
            } else {
                pairs += KannelQuery.rawPairs(String(decoding: raw, as: UTF8.self))
            }
        }
        func field(_ name: String) -> String? { pairs.first { $0.0 == name }.map { String(decoding: $0.1, as: UTF8.self) } }
        try authorize(field("token"))
        let sender: String?
        let bytes: [UInt8]?
        let coding: String?
        let charset: String?
        if let headerText {
            // Kannel sends X-Kannel-From only with `send-sender = true`; `sender=%p` in the post-url works too.
            sender = request.headers[.kannelFrom] ?? field("sender")
            bytes = headerText
            coding = request.headers[.kannelCoding] ?? field("coding")
            charset = KannelQuery.charset(ofContentType: request.headers[.contentType]) ?? field("charset")
        } else {
            sender = field("sender")
            bytes = pairs.first(where: { $0.0 == "text" })?.1
            coding = field("coding")
            charset = field("charset")
        }
        guard let sender, !sender.isEmpty, let bytes else { throw shared.reject("kannel", .badRequest, "missing sender or text") }
        guard let text = KannelQuery.decode(bytes, coding: coding, charset: charset) else {
            throw shared.reject("kannel", .badRequest, "text not in the named charset")
        }
        let answer = try await shared.answer(channel: .kannel, messageID: field("id"), sender: sender, text: text)
        return Self.reply(answer.text)
    }

    /// The reply as Kannel needs it: UCS-2 (UTF-16BE, `X-Kannel-Coding: 2`) when it is not GSM-7.
    static func reply(_ text: String) -> Response {
        guard SMSAnalysis(text).encoding != .gsm7 else { return WebhookController.text(text) }
        let bytes = text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; charset=UTF-16BE", .kannelCoding: "2"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// A delivery report (`dlr-url` of a sendsms): `outbox` is DeskBot's row, `type` Kannel's `%d` (1 delivered,
    /// 2 failed, 4 buffered, 8 accepted by the SMSC, 16 rejected by the SMSC).
    @Sendable func dlr(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        try authorize(q.get("token"))
        guard let outbox = q.get("outbox"), let type = q.get("type").flatMap(Int.init) else {
            throw shared.reject("kannel", .badRequest, "missing outbox or type")
        }
        let status: DeliveryStatus? =
            switch type {
            case 1: .delivered
            case 2, 16: .failed
            case 8: .sent
            default: nil  // 4: buffered, nothing new
            }
        if let status {
            try await shared.receipt(
                DeliveryReceipt(providerID: "kannel:\(outbox)", status: status, error: status == .failed ? "kannel dlr \(type)" : nil, at: shared.pipeline.desk.now()),
                channel: "kannel")
        }
        return WebhookController.text("")
    }
}
