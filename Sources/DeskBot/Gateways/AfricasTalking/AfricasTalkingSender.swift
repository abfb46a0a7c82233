import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Africa's Talking SMS API: `POST /version1/messaging` (form fields, `apiKey` header).
struct AfricasTalkingSender: OutboundSender {
    let channel = Channel.africastalking
    let config: ServerConfiguration.AfricasTalking

    init?(_ config: ServerConfiguration.AfricasTalking) {
        guard config.apiKey != nil, config.username != nil else { return nil }
        self.config = config
    }

    func request(_ text: String, to address: String) throws -> URLRequest {
        var request = URLRequest(url: try Gateways.url("\(config.apiBaseURL.trimmingTrailingSlash())/version1/messaging"))
        request.httpMethod = "POST"
        request.setValue(config.apiKey ?? "", forHTTPHeaderField: "apiKey")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
        var fields = [("username", config.username ?? ""), ("to", address), ("message", text)]
        if let sender = config.sender { fields.append(("from", sender)) }
        request.httpBody = Data(FormBody.encode(fields).utf8)
        return request
    }
}
