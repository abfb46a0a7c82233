import DeskCore
import Foundation
import GRDB

/// Delivery state of outbox rows: push hand-over, provider ids, receipts, give-up and opt-out (migration v4).
package extension SQLiteDeskStore {
    func takeForPush(outboxID: Int64, at now: Date) async throws -> Bool {
        try await dbWriter.write { db in
            try db.execute(
                sql: "UPDATE outbox SET pushedAt = ? WHERE id = ? AND deliveredAt IS NULL AND pushedAt IS NULL",
                arguments: [now, outboxID])
            if db.changesCount > 0 { return true }
            // Taken by this deliverer before (a retry): still ours to send.
            return try Bool.fetchOne(
                db, sql: "SELECT pushedAt IS NOT NULL AND deliveredAt IS NULL FROM outbox WHERE id = ?", arguments: [outboxID]) ?? false
        }
    }

    func markSent(outboxID: Int64, providerID: String?, at now: Date) async throws {
        try await dbWriter.write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET deliveredAt = ?, providerId = ?, statusAt = ?,
                    status = CASE WHEN status IN ('delivered', 'read', 'failed') THEN status ELSE 'sent' END WHERE id = ?
                    """,
                arguments: [now, providerID, now, outboxID])
        }
    }

    func markFailed(outboxID: Int64, reason: String, at now: Date) async throws {
        try await dbWriter.write { db in
            try db.execute(
                sql: "UPDATE outbox SET deliveredAt = ?, status = 'failed', statusAt = ?, error = ? WHERE id = ?",
                arguments: [now, now, reason, outboxID])
        }
    }

    func recordReceipt(_ receipt: DeliveryReceipt) async throws -> Bool {
        try await dbWriter.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, status FROM outbox WHERE providerId = ?", arguments: [receipt.providerID])
            else { return false }
            let id: Int64 = row["id"]
            let current = DeliveryStatus(rawValue: row["status"] ?? "") ?? .queued
            // Receipts arrive out of order: keep the furthest state (a failure overrides only "sent").
            let wins = receipt.status == .failed ? current.rank <= DeliveryStatus.sent.rank : receipt.status.rank >= current.rank
            if wins {
                try db.execute(
                    sql: "UPDATE outbox SET status = ?, statusAt = ?, error = COALESCE(?, error), deliveredAt = COALESCE(deliveredAt, ?) WHERE id = ?",
                    arguments: [receipt.status.rawValue, receipt.at, receipt.error, receipt.at, id])
            }
            return true
        }
    }

    func optOut(contactID: String, at now: Date) async throws {
        try await dbWriter.write { db in
            try db.execute(sql: "UPDATE contact SET optedOut = 1 WHERE id = ?", arguments: [contactID])
        }
    }

    func deliveries() async throws -> [OutboxDelivery] {
        try await dbWriter.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox ORDER BY id").map { row in
                var status = DeliveryStatus(rawValue: row["status"] ?? "") ?? .queued
                let delivered: Date? = row["deliveredAt"]
                if status == .queued, delivered != nil { status = .shown }
                return OutboxDelivery(
                    message: try OutboxRecord(row: row), status: status, providerID: row["providerId"], statusAt: row["statusAt"],
                    error: row["error"])
            }
        }
    }
}
