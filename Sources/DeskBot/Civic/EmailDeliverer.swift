import DeskCore
import Foundation
import Logging
import ServiceLifecycle

/// Sends the outbox's `email` rows (messages to departments and supervisors) through the SMTP relay, with the
/// outbox's claims, retries and backoff: a row is claimed with a lease, marked sent on 250, failed on a 5xx reply,
/// retried otherwise. Logs never hold an address or a text.
struct EmailDeliverer: Service {
    static let channel = "email"
    let store: any DeskStore
    let smtp: SMTPClient
    let logger: Logger
    var interval: Duration = .seconds(1)
    var lease: TimeInterval = 120
    var now: @Sendable () -> Date = { Date() }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await deliverDue()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One pass over the due e-mail; returns how many were sent.
    @discardableResult
    func deliverDue() async -> Int {
        var sent = 0
        do {
            let at = now()
            for (message, contact) in try await store.claimDue(
                channels: [Self.channel], at: at, limit: 20, leaseUntil: at.addingTimeInterval(lease))
            {
                guard let id = message.id else { continue }
                guard let address = contact?.address else {
                    try await store.markFailed(outboxID: id, reason: "no address", at: now())
                    continue
                }
                let subject = message.text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
                let body = message.text.split(separator: "\n", maxSplits: 1).dropFirst().first.map(String.init) ?? message.text
                do {
                    try await smtp.send(to: address, subject: subject, body: body, date: now())
                    try await store.markSent(outboxID: id, providerID: nil, at: now())
                    sent += 1
                } catch let failure as SMTPClient.Failure where failure.permanent {
                    logger.warning("e-mail refused by the relay", metadata: ["outbox.id": "\(id)", "error": "\(failure)"])
                    try await store.markFailed(outboxID: id, reason: failure.description, at: now())
                } catch {
                    logger.warning("e-mail not sent; will retry", metadata: ["outbox.id": "\(id)", "error": "\(error)"])
                    try await store.retryLater(outboxID: id, attempts: message.attempts + 1, at: now())
                }
            }
        } catch is CancellationError {
        } catch {
            logger.error("e-mail outbox read failed", metadata: ["error": "\(type(of: error))"])
        }
        return sent
    }
}
