import DeskCore
import Foundation
import PostgresNIO

/// Delivery state of outbox rows on PostgreSQL: the same statements as `SQLiteDeskStore+Delivery`.
extension PostgresDeskStore {
    package func takeForPush(outboxID: Int64, at now: Date) async throws -> Bool {
        try await transaction { c in
            let taken = try await c.query(
                "UPDATE outbox SET pushed_at = \(Millis(now)) WHERE id = \(outboxID) AND delivered_at IS NULL AND pushed_at IS NULL RETURNING id",
                logger: logger
            ).collect()
            if !taken.isEmpty { return true }
            // Taken by a deliverer before (a retry): still to be sent.
            let again = try await c.query(
                "SELECT id FROM outbox WHERE id = \(outboxID) AND pushed_at IS NOT NULL AND delivered_at IS NULL", logger: logger
            ).collect()
            return !again.isEmpty
        }
    }

    package func markSent(outboxID: Int64, providerID: String?, at now: Date) async throws {
        _ = try await rows(
            """
            UPDATE outbox SET delivered_at = \(Millis(now)), provider_id = \(providerID), status_at = \(Millis(now)),
            status = CASE WHEN status IN ('delivered', 'read', 'failed') THEN status ELSE 'sent' END WHERE id = \(outboxID) RETURNING id
            """)
    }

    package func markFailed(outboxID: Int64, reason: String, at now: Date) async throws {
        _ = try await rows(
            """
            UPDATE outbox SET delivered_at = \(Millis(now)), status = 'failed', status_at = \(Millis(now)), error = \(reason)
            WHERE id = \(outboxID) RETURNING id
            """)
    }

    package func recordReceipt(_ receipt: DeliveryReceipt) async throws -> Bool {
        try await transaction { c in
            guard let row = try await c.query(
                "SELECT id, status FROM outbox WHERE provider_id = \(receipt.providerID) FOR UPDATE", logger: logger
            ).collect().first else { return false }
            let (id, status) = try row.decode((Int64, String).self)
            let current = DeliveryStatus(rawValue: status) ?? .queued
            // Receipts arrive out of order: keep the furthest state (a failure overrides only "sent").
            let wins = receipt.status == .failed ? current.rank <= DeliveryStatus.sent.rank : receipt.status.rank >= current.rank
            if wins {
                try await c.query(
                    """
                    UPDATE outbox SET status = \(receipt.status.rawValue), status_at = \(Millis(receipt.at)), error = COALESCE(\(receipt.error), error),
                    delivered_at = COALESCE(delivered_at, \(Millis(receipt.at))) WHERE id = \(id)
                    """, logger: logger)
            }
            return true
        }
    }

    package func optOut(contactID: String, at now: Date) async throws {
        _ = try await rows("UPDATE contact SET opted_out = true WHERE id = \(contactID) RETURNING id")
    }

    package func deliveries() async throws -> [OutboxDelivery] {
        try await rows("SELECT * FROM outbox ORDER BY id").map { row in
            let r = row.makeRandomAccess()
            let message = try row.outbox
            var status = DeliveryStatus(rawValue: try r["status"].decode(String.self)) ?? .queued
            if status == .queued, message.deliveredAt != nil { status = .shown }
            return OutboxDelivery(
                message: message, status: status, providerID: try r["provider_id"].decode(String?.self),
                statusAt: try r["status_at"].decode(Millis?.self)?.date, error: try r["error"].decode(String?.self))
        }
    }
}
