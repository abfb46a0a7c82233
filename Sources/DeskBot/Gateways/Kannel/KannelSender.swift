import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Kannel's smsbox `sendsms` (`GET {send_url}/cgi-bin/sendsms`, a sendsms-user's username and password). Text that
/// GSM-7 cannot carry goes as UCS-2: `coding=2`, `charset=UTF-16BE` and the UTF-16BE bytes percent-encoded;
/// delivery reports come back to `{dlr_base_url}/webhook/kannel/dlr` with the outbox id and the report type.
struct KannelSender: OutboundSender {
    let channel = Channel.kannel
    let config: ServerConfiguration.Kannel
    let dlrBase: String

    init?(_ kannel: ServerConfiguration.Kannel, config: ServerConfiguration) {
        guard kannel.username != nil, kannel.password != nil else { return nil }
        self.config = kannel
        dlrBase = (kannel.dlrBaseURL ?? config.publicURL).trimmingTrailingSlash()
    }

    func request(for message: OutboundMessage) throws -> URLRequest {
        var query = [
            "username=" + Self.encode(Array((config.username ?? "").utf8)), "password=" + Self.encode(Array((config.password ?? "").utf8)),
            "to=" + Self.encode(Array(message.address.utf8)),
        ]
        if let from = config.from { query.append("from=" + Self.encode(Array(from.utf8))) }
        if SMSAnalysis(message.text).encoding == .gsm7 {
            query += ["charset=UTF-8", "text=" + Self.encode(Array(message.text.utf8))]
        } else {
            let bytes = message.text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            query += ["coding=2", "charset=UTF-16BE", "text=" + Self.encode(bytes)]
        }
        if config.dlrMask > 0 {
            var dlr = "\(dlrBase)/webhook/kannel/dlr?outbox=\(message.outboxID)&type=%d"
            if let token = config.token { dlr += "&token=" + Self.encode(Array(token.utf8)) }
            query += ["dlr-mask=\(config.dlrMask)", "dlr-url=" + Self.encode(Array(dlr.utf8))]
        }
        var request = URLRequest(url: try Gateways.url("\(config.sendURL.trimmingTrailingSlash())/cgi-bin/sendsms?" + query.joined(separator: "&")))
        request.httpMethod = "GET"
        return request
    }

    /// `202 0: Accepted for delivery` (or `200 Sent.`); 403 is a bad username/password, 4xx a bad request.
    func outcome(status: Int, body: Data, message: OutboundMessage) -> SendOutcome {
        Self.byStatus(status, sent: "kannel:\(message.outboxID)")
    }

    /// Percent-encodes raw bytes (everything but unreserved characters).
    static func encode(_ bytes: [UInt8]) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in bytes {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
