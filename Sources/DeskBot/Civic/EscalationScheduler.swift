import DeskCore
import Foundation
import Logging
import ServiceLifecycle

/// Escalates complaints past their service level, every `interval`, on an injected clock. Safe with several
/// `serve` instances on one PostgreSQL database: each escalation is claimed with a conditional update, so it
/// happens once (`Escalator`). The messages it queues are sent by the outbox deliverer (citizens) and `DepartmentDeliverer` (supervisors).
struct EscalationScheduler: Service {
    let desk: Desk
    let logger: Logger
    var interval: Duration = .seconds(300)
    var now: @Sendable () -> Date = { Date() }
    /// Called after each pass with the references it escalated (tests, metrics).
    var onPass: @Sendable ([String]) async -> Void = { _ in }

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                let escalated = await pass()
                await onPass(escalated)
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// One pass; errors are logged and the next pass tries again.
    func pass() async -> [String] {
        do {
            let escalated = try await Escalator(desk: desk).escalateDue(at: now())
            if !escalated.isEmpty { logger.notice("escalated overdue complaints", metadata: ["count": "\(escalated.count)"]) }
            return escalated
        } catch is CancellationError {
            return []
        } catch {
            logger.error("escalation pass failed", metadata: ["error": "\(type(of: error))"])
            return []
        }
    }
}
