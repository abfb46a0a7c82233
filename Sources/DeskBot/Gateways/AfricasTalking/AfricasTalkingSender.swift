import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Africa's Talking SMS API: `POST /version1/messaging` (form fields, `apiKey` header). The answer lists each
/// recipient with a status code (100–102 accepted, 406 blacklisted) and the message id delivery reports name.
struct AfricasTalkingSender: OutboundSender {
    let channel = Channel.africastalking
    let config: ServerConfiguration.AfricasTalking

    init?(_ config: ServerConfiguration.AfricasTalking) {
        guard config.apiKey != nil, config.username != nil else { return nil }
        self.config = config
    }

    func request(for message: OutboundMessage) throws -> URLRequest {
        var request = URLRequest(url: try Gateways.url("\(config.apiBaseURL.trimmingTrailingSlash())/version1/messaging"))
        request.httpMethod = "POST"
        request.setValue(config.apiKey ?? "", forHTTPHeaderField: "apiKey")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var fields = [("username", config.username ?? ""), ("to", message.address), ("message", message.text)]
        if let sender = config.sender { fields.append(("from", sender)) }
        request.httpBody = Data(FormBody.encode(fields).utf8)
        return request
    }

    func outcome(status: Int, body: Data, message: OutboundMessage) -> SendOutcome {
        guard (200..<300).contains(status) else { return Self.byStatus(status, sent: nil) }
        let data = Self.json(body)?["SMSMessageData"] as? [String: Any]
        guard let recipient = (data?["Recipients"] as? [[String: Any]])?.first else { return .sent(providerID: nil) }
        let code = (recipient["statusCode"] as? Int) ?? Int("\(recipient["statusCode"] ?? "")") ?? 101
        let id = (recipient["messageId"] as? String).flatMap { $0 == "None" ? nil : "africastalking:\($0)" }
        switch code {
        case 100, 101, 102: return .sent(providerID: id)
        case 406: return .blocked("africastalking \(code) \(recipient["status"] ?? "")")
        case 500...: return .retry("africastalking \(code)")
        default: return .failed("africastalking \(code) \(recipient["status"] ?? "")")
        }
    }
}
