import DeskCore
import GRDB

package extension SQLiteDeskStore {
    /// Schema migrations, in order. Never edit a shipped migration; add a new one.
    package static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "referenceCounter") { t in
                t.column("id", .integer).primaryKey()  // the year
                t.column("lastSerial", .integer).notNull()
            }
            try db.create(table: "complaint") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("reference", .text).notNull().unique()
                t.column("year", .integer).notNull()
                t.column("serial", .integer).notNull()
                t.column("category", .text).notNull().indexed()
                t.column("status", .text).notNull().indexed()
                t.column("locale", .text).notNull()
                t.column("channel", .text).notNull()
                t.column("citizen", .text).notNull().indexed()
                t.column("location", .text)
                t.column("description", .text).notNull()
                t.column("name", .text)
                t.column("latitude", .double)
                t.column("longitude", .double)
                t.column("createdAt", .datetime).notNull().indexed()
                t.column("updatedAt", .datetime).notNull()
                t.uniqueKey(["year", "serial"])
            }
            try db.create(table: "statusChange") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("complaint", onDelete: .cascade).notNull()
                t.column("fromStatus", .text)
                t.column("toStatus", .text).notNull()
                t.column("changedBy", .text).notNull()
                t.column("note", .text)
                t.column("changedAt", .datetime).notNull()
            }
            try db.create(table: "feedback") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("complaint", onDelete: .cascade).notNull()
                t.column("rating", .integer).notNull()
                t.column("comment", .text)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "session") { t in
                t.primaryKey("id", .text)
                t.column("state", .text).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "contact") { t in
                t.primaryKey("id", .text)
                t.column("channel", .text).notNull()
                t.column("citizen", .text).notNull().indexed()
                t.column("address", .text).notNull()
                t.column("locale", .text)
                t.column("optedOut", .boolean).notNull().defaults(to: false)
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "outbox") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("channel", .text).notNull()
                t.column("citizen", .text).notNull()
                t.column("text", .text).notNull()
                t.column("locale", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("deliveredAt", .datetime)
            }
            try db.create(index: "outboxPending", on: "outbox", columns: ["channel", "citizen", "deliveredAt"])
            try db.create(table: "unmatched") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("locale", .text).notNull()
                t.column("text", .text).notNull()
                t.column("createdAt", .datetime).notNull().indexed()
            }
        }
        migrator.registerMigration("v2-inbound") { db in
            try db.create(table: "inbound") { t in
                t.primaryKey("id", .text)
                t.column("channel", .text).notNull()
                t.column("citizen", .text).notNull()
                t.column("text", .text)
                t.column("locale", .text)
                t.column("reply", .text)
                t.column("intent", .text)
                t.column("reference", .text)
                t.column("receivedAt", .datetime).notNull()
                t.column("processedAt", .datetime).indexed()
            }
        }
        migrator.registerMigration("v3-pipeline") { db in
            // The ledger's claim state: rows already processed are answered, the others wait to be claimed.
            try db.alter(table: "inbound") { t in
                t.add(column: "state", .text).notNull().defaults(to: "received")
                t.add(column: "claimedBy", .text)
                t.add(column: "claimedUntil", .datetime)
            }
            try db.execute(sql: "UPDATE inbound SET state = 'answered' WHERE processedAt IS NOT NULL")
            try db.create(index: "inboundState", on: "inbound", columns: ["state", "receivedAt"])
            try db.alter(table: "outbox") { t in t.add(column: "inboundId", .text) }
            try db.create(index: "outboxDue", on: "outbox", columns: ["deliveredAt", "nextAttemptAt"])
        }
        migrator.registerMigration("v4-delivery") { db in
            // Delivery state per outbox row: provider id (for receipts), last reported status, and whether an
            // inline channel's notification was taken for pushing (then it is not shown with the next reply).
            try db.alter(table: "outbox") { t in
                t.add(column: "status", .text).notNull().defaults(to: "queued")
                t.add(column: "providerId", .text)
                t.add(column: "statusAt", .datetime)
                t.add(column: "error", .text)
                t.add(column: "pushedAt", .datetime)
            }
            try db.execute(sql: "UPDATE outbox SET status = 'sent', statusAt = deliveredAt WHERE deliveredAt IS NOT NULL")
            try db.create(index: "outboxProvider", on: "outbox", columns: ["providerId"])
        }
        migrator.registerMigration("v7-dialogue") { db in
            // Photos (and other media) a citizen sent with a complaint, by their provider id, one per line.
            try db.alter(table: "complaint") { t in t.add(column: "media", .text) }
        }
        return migrator
    }
}
