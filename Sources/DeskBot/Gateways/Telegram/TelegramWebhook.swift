import DeskCore
import Foundation
import Hummingbird

/// Telegram Bot API: Update objects, authenticated by the secret token set with setWebhook; answers go out
/// through sendMessage (the outbox).
struct TelegramWebhook: WebhookGateway {
    let shared: WebhookController
    init(_ shared: WebhookController) { self.shared = shared }

    func addRoutes(to routes: RouteCollection<AppRequestContext>) {
        routes.post("telegram", use: telegram)
    }

    @Sendable func telegram(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        var request = request
        if let secret = config.telegram.secretToken {
            guard let given = request.headers[.telegramSecret] else { throw shared.reject("telegram", .forbidden, "missing secret token") }
            guard Signatures.equal(given, secret) else { throw shared.reject("telegram", .forbidden, "bad secret token") }
        } else if !config.telegram.insecure {
            throw shared.reject("telegram", .serviceUnavailable, "telegram not configured")
        }
        let raw = try await shared.body(&request, context, channel: "telegram")
        guard let update = try? JSONDecoder().decode(TelegramUpdate.self, from: Data(raw)) else {
            throw shared.reject("telegram", .badRequest, "not a Telegram update")
        }
        // Only new text messages are read; edits, stickers, joins… are acknowledged and ignored.
        if let message = update.message, let text = message.text {
            try await shared.accept(
                channel: .telegram, messageID: String(update.updateID), sender: String(message.chat.id), text: text,
                languageCode: message.from?.languageCode, sentAt: message.date.map { Date(timeIntervalSince1970: TimeInterval($0)) })
        }
        return WebhookController.text("")
    }
}
