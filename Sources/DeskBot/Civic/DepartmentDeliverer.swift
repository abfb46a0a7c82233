import DeskCore
import Foundation
import Logging
import ServiceLifecycle

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends the messages to departments and supervisors (table `departmentMessage`, apart from the citizens' outbox):
/// e-mail through the SMTP relay, SMS through the configured gateway's sender (`sms_channel` in departments.yaml),
/// complaints forwarded to Open311 endpoints (`Open311Forwarder`), each claimed with a lease, marked sent, failed for
/// good (a 5xx from the relay, a refusal from the gateway, a 4xx from an Open311 endpoint) or retried with backoff.
/// Logs never hold an address, a text or an API key.
struct DepartmentDeliverer: Service {
    static let email = "email"
    let store: any DeskStore
    let smtp: SMTPClient?
    /// The gateways' senders by channel (the SMS ones are used for departments with an SMS contact).
    let senders: [String: any OutboundSender]
    let logger: Logger
    var interval: Duration = .seconds(1)
    var lease: TimeInterval = 120
    var now: @Sendable () -> Date = { Date() }
    private let session: URLSession
    /// Forwards complaints to departments whose contact is an Open311 endpoint.
    private let forwarder: Open311Forwarder

    /// - Parameter open311Keys: the API key for an `api_key_env` name of departments.yaml (the environment, or the
    ///   server configuration's `civic.open311_keys`).
    init(
        store: any DeskStore, smtp: SMTPClient?, senders: [any OutboundSender] = [], logger: Logger, interval: Duration = .seconds(1),
        open311Keys: @escaping @Sendable (String) -> String? = { _ in nil }, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.smtp = smtp
        self.senders = Dictionary(senders.map { ($0.channel.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        self.logger = logger
        self.interval = interval
        self.now = now
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 15
        session = URLSession(configuration: configuration)
        forwarder = Open311Forwarder(session: session, apiKey: open311Keys)
    }

    /// The channels this deliverer can send on (Open311 forwarding always: its endpoints are in departments.yaml).
    var channels: [String] { (smtp == nil ? [] : [Self.email]) + senders.keys.sorted() + [Open311Forward.channel] }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await deliverDue()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One pass over the due messages; returns how many were sent.
    @discardableResult
    func deliverDue() async -> Int {
        guard !channels.isEmpty else { return 0 }
        var sent = 0
        do {
            let at = now()
            for message in try await store.claimDepartmentMessages(channels: channels, at: at, limit: 20, leaseUntil: at.addingTimeInterval(lease)) {
                guard let id = message.id else { continue }
                if message.channel == Open311Forward.channel {
                    if try await forward(message, id: id) { sent += 1 }
                    continue
                }
                switch await send(message, id: id) {
                case .sent:
                    try await store.finishDepartmentMessage(id: id, sent: true, error: nil, at: now())
                    sent += 1
                case .failed(let reason):
                    logger.warning("department message refused", metadata: ["message.id": "\(id)", "channel": "\(message.channel)", "error": "\(reason)"])
                    try await store.finishDepartmentMessage(id: id, sent: false, error: reason, at: now())
                case .retry(let reason):
                    logger.warning("department message not sent; will retry", metadata: ["message.id": "\(id)", "channel": "\(message.channel)", "error": "\(reason)"])
                    try await store.retryDepartmentMessage(id: id, attempts: message.attempts + 1, error: reason, at: now())
                }
            }
        } catch is CancellationError {
        } catch {
            logger.error("department messages read failed", metadata: ["error": "\(type(of: error))"])
        }
        return sent
    }

    enum Outcome { case sent, failed(String), retry(String) }

    /// Forwards one complaint to an Open311 endpoint: created there (its id kept with the complaint, in its
    /// history), refused for good (a 4xx: in its history, not retried), or retried with backoff. `true` when created.
    private func forward(_ message: DepartmentMessageRecord, id: Int64) async throws -> Bool {
        switch await forwarder.forward(message) {
        case .forwarded(let remoteID):
            let note = "forwarded to \(message.address) as \(remoteID)"
            try await store.finishForward(id: id, remoteID: remoteID, error: nil, note: note, at: now())
            logger.info("complaint forwarded over Open311", metadata: ["message.id": "\(id)"])
            return true
        case .refused(let reason):
            logger.warning("Open311 endpoint refused a complaint; not retried", metadata: ["message.id": "\(id)", "error": "\(reason)"])
            try await store.finishForward(
                id: id, remoteID: nil, error: reason, note: "forwarding to \(message.address) refused, not retried: \(reason)", at: now())
        case .retry(let reason):
            logger.warning("complaint not forwarded; will retry", metadata: ["message.id": "\(id)", "error": "\(reason)"])
            try await store.retryDepartmentMessage(id: id, attempts: message.attempts + 1, error: reason, at: now())
        }
        return false
    }

    private func send(_ message: DepartmentMessageRecord, id: Int64) async -> Outcome {
        if message.channel == Self.email, let smtp {
            let parts = message.text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            do {
                try await smtp.send(
                    to: message.address, subject: parts.first.map(String.init) ?? "", body: parts.count > 1 ? String(parts[1]) : "", date: now())
                return .sent
            } catch let failure as SMTPClient.Failure {
                return failure.permanent ? .failed(failure.description) : .retry(failure.description)
            } catch {
                return .retry(String(describing: type(of: error)))
            }
        }
        guard let sender = senders[message.channel] else { return .retry("no sender for \(message.channel)") }
        let outbound = OutboundMessage(
            outboxID: id, text: message.text, address: message.address, locale: "en", isNotification: true, lastInbound: nil, now: now())
        do {
            let request = try sender.request(for: outbound)
            let (body, response) = try await session.data(for: request)
            switch sender.outcome(status: (response as? HTTPURLResponse)?.statusCode ?? 0, body: body, message: outbound) {
            case .sent: return .sent
            case .retry(let reason): return .retry(reason)
            case .failed(let reason), .blocked(let reason): return .failed(reason)
            }
        } catch let refused as CannotSend {
            return .failed(refused.reason)
        } catch {
            return .retry(OutboxDeliverer.describe(error))
        }
    }
}
