import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Telegram Bot API: `sendMessage`. The URL holds the bot token, so it is never logged.
struct TelegramSender: OutboundSender {
    let channel = Channel.telegram
    let config: ServerConfiguration.Telegram

    init?(_ config: ServerConfiguration.Telegram) {
        guard config.botToken != nil else { return nil }
        self.config = config
    }

    func request(_ text: String, to address: String) throws -> URLRequest {
        var request = URLRequest(url: try Gateways.url("\(config.apiBaseURL.trimmingTrailingSlash())/bot\(config.botToken ?? "")/sendMessage"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["chat_id": address, "text": text] as [String: Any])
        return request
    }
}
