import DeskCore
import Foundation
import Locales
import HTTPTypes
import Hummingbird
import Logging

/// A gateway's webhook: it decodes the provider's request into a message for the pipeline and encodes the reply
/// the way that provider expects. Each gateway lives in its own folder (webhook, payload types, sender,
/// configuration) and is registered in `Gateways.all`.
protocol WebhookGateway: Sendable {
    init(_ shared: WebhookController)
    /// The pipeline, configuration and request helpers every webhook uses.
    var shared: WebhookController { get }
    func addRoutes(to routes: RouteCollection<AppRequestContext>)
}

extension WebhookGateway {
    var config: ServerConfiguration { shared.config }
}

/// Every gateway, registered once. Adding a gateway is one folder and one line here.
enum Gateways {
    static let all: [any WebhookGateway.Type] = [
        TwilioWebhook.self, WhatsAppWebhook.self, TelegramWebhook.self, AfricasTalkingWebhook.self, KannelWebhook.self,
        GenericWebhook.self,
    ]
}

/// What the webhooks share: the pipeline, the configuration, and the helpers that reject bad requests (a 4xx
/// with a short reason, counted, logged without content) and read bodies within the limit.
struct WebhookController: Sendable {
    let pipeline: MessagePipeline
    let config: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        for gateway in Gateways.all { gateway.init(self).addRoutes(to: routes) }
        return routes
    }

    // MARK: - Helpers

    /// A rejected request: counted by reason, logged without content, answered with a short reason.
    func reject(_ channel: String, _ status: HTTPResponse.Status, _ reason: String) -> HTTPError {
        pipeline.metrics.rejected(channel: channel, reason: reason)
        pipeline.logger.notice("rejected webhook request", metadata: ["channel": "\(channel)", "reason": "\(reason)"])
        return HTTPError(status, message: reason)
    }

    func body(_ request: inout Request, _ context: AppRequestContext, channel: String) async throws -> [UInt8] {
        do {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            return Array(buffer.readableBytesView)
        } catch {
            throw reject(channel, .contentTooLarge, "body too large")
        }
    }

    /// The body, if `header` carries `sha256=<hex HMAC-SHA256 of the body with secret>` (WhatsApp, generic JSON).
    func sha256SignedBody(
        _ request: inout Request, _ context: AppRequestContext, channel: String, header: HTTPField.Name, secret: String,
        failure: HTTPResponse.Status
    ) async throws -> [UInt8] {
        let raw = try await body(&request, context, channel: channel)
        guard let signature = request.headers[header] else { throw reject(channel, failure, "missing signature") }
        guard Signatures.equal(signature, "sha256=" + Signatures.sha256Hex(raw, key: secret)) else {
            throw reject(channel, failure, "bad signature")
        }
        return raw
    }

    static func text(_ body: String, type: String = "text/plain; charset=utf-8", status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    static func json(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// An inline message's reply; a rate-limited sender gets 429 and a slow turn 503 (nothing is lost: the
    /// provider's retry is answered, from the ledger if the turn finished meanwhile).
    func answer(
        channel: Channel, messageID: String?, sender: String, text: String, locale: LocaleID? = nil, smsShaped: Bool? = nil
    ) async throws -> MessagePipeline.Answer {
        do {
            return try await pipeline.reply(
                channel: channel, messageID: messageID, sender: sender, text: text, locale: locale, smsShaped: smsShaped)
        } catch let rejection as MessagePipeline.Rejection {
            throw Self.httpError(rejection)
        }
    }

    /// Records a push message before it is acknowledged; 429 when the sender is rate limited (nothing stored).
    ///
    /// `sentAt` is the provider's authenticated timestamp: a message older than the ledger remembers ids
    /// (`retention_days` less a day), or more than 5 minutes in the future, is a replay — acknowledged, counted and
    /// ignored, so a provider stops retrying it and an attacker gains nothing.
    func accept(
        channel: Channel, messageID: String, sender: String, text: String, locale: LocaleID? = nil, languageCode: String? = nil,
        sentAt: Date? = nil, attachment: Attachment? = nil
    ) async throws {
        if let sentAt, !config.acceptsTimestamp(sentAt, now: pipeline.desk.now()) {
            pipeline.metrics.rejected(channel: channel.rawValue, reason: "stale timestamp")
            pipeline.logger.notice("replayed or stale message ignored", metadata: ["channel": "\(channel.rawValue)"])
            return
        }
        do {
            _ = try await pipeline.accept(
                channel: channel, messageID: messageID, sender: sender, text: Attachment.stored(attachment, text: text),
                locale: locale, languageCode: languageCode)
        } catch let rejection as MessagePipeline.Rejection {
            throw Self.httpError(rejection)
        }
    }

    /// Applies a provider's delivery receipt. A receipt can overtake the provider's answer to the send (Kannel's
    /// fake SMSC reports delivery before sendsms has answered), so an unknown id is looked up again for up to
    /// `receiptGrace`; then it is acknowledged and ignored (it may be a message another system sent).
    func receipt(_ receipt: DeliveryReceipt, channel: String) async throws {
        var known = try await pipeline.store.recordReceipt(receipt)
        let deadline = ContinuousClock.now + Self.receiptGrace
        while !known, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            known = try await pipeline.store.recordReceipt(receipt)
        }
        pipeline.metrics.receipt(channel: channel, status: known ? receipt.status.rawValue : "unknown")
    }

    static let receiptGrace: Duration = .seconds(2)

    static func httpError(_ rejection: MessagePipeline.Rejection) -> HTTPError {
        switch rejection {
        case .rateLimited: HTTPError(.tooManyRequests, message: "rate limited")
        case .timedOut: HTTPError(.serviceUnavailable, message: "busy; retry")
        }
    }
}

extension HTTPField.Name {
    static let twilioSignature = Self("X-Twilio-Signature")!
    static let hubSignature256 = Self("X-Hub-Signature-256")!
    static let telegramSecret = Self("X-Telegram-Bot-Api-Secret-Token")!
    static let deskbotSignature = Self("X-DeskBot-Signature")!
    static let kannelFrom = Self("X-Kannel-From")!
    static let kannelTo = Self("X-Kannel-To")!
    static let kannelCoding = Self("X-Kannel-Coding")!
}
