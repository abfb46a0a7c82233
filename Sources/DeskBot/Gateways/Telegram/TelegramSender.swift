import DeskCore
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Telegram Bot API: `sendMessage`. The URL holds the bot token, so it is never logged. Telegram has no delivery
/// receipts: its answer (`ok`, `result.message_id`) is the receipt; 403 means the citizen blocked the bot.
struct TelegramSender: OutboundSender {
    let channel = Channel.telegram
    let config: ServerConfiguration.Telegram

    init?(_ config: ServerConfiguration.Telegram) {
        guard config.botToken != nil else { return nil }
        self.config = config
    }

    func request(for message: OutboundMessage) throws -> URLRequest {
        var request = URLRequest(url: try Gateways.url("\(config.apiBaseURL.trimmingTrailingSlash())/bot\(config.botToken ?? "")/sendMessage"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = try JSONSerialization.data(withJSONObject: ["chat_id": message.address, "text": message.text] as [String: Any])
        return request
    }

    func outcome(status: Int, body: Data, message: OutboundMessage) -> SendOutcome {
        if status == 403 { return .blocked("telegram 403") }
        let id = ((Self.json(body)?["result"] as? [String: Any])?["message_id"]).map { "telegram:\(message.address):\($0)" }
        return Self.byStatus(status, sent: id)
    }
}
