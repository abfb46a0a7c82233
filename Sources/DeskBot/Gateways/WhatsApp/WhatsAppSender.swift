import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// WhatsApp Cloud API: `POST /{phone-number-id}/messages` with a bearer token.
struct WhatsAppSender: OutboundSender {
    let channel = Channel.whatsapp
    let config: ServerConfiguration.WhatsApp

    init?(_ config: ServerConfiguration.WhatsApp) {
        guard config.accessToken != nil, config.phoneNumberID != nil else { return nil }
        self.config = config
    }

    func request(_ text: String, to address: String) throws -> URLRequest {
        var request = URLRequest(url: try Gateways.url("\(config.apiBaseURL.trimmingTrailingSlash())/\(config.phoneNumberID ?? "")/messages"))
        request.httpMethod = "POST"
        request.setValue("Bearer \(config.accessToken ?? "")", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: [
            "messaging_product": "whatsapp", "recipient_type": "individual", "to": address, "type": "text",
            "text": ["preview_url": false, "body": text],
        ] as [String: Any])
        return request
    }
}
