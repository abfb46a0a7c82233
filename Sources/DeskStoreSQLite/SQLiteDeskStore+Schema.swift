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
        migrator.registerMigration("v5-civic") { db in
            // Issue 15: routing, locality, duplicate link, due date and escalation per complaint; Open311 API keys.
            try db.create(table: "complaintCivic") { t in
                t.primaryKey("complaintId", .integer).references("complaint", onDelete: .cascade)
                t.column("department", .text).indexed()
                t.column("area", .text)
                t.column("duplicateOf", .integer).references("complaint", onDelete: .setNull).indexed()
                t.column("dueAt", .datetime).notNull().indexed()
                t.column("escalatedAt", .datetime)
                t.column("token", .text).notNull().unique()
            }
            try db.create(index: "complaintCivicArea", on: "complaintCivic", columns: ["area", "duplicateOf"])
            try db.create(table: "departmentMessage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("complaint", onDelete: .cascade).notNull()
                t.column("channel", .text).notNull()
                t.column("recipient", .text).notNull()
                t.column("address", .text).notNull()
                t.column("text", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("attempts", .integer).notNull().defaults(to: 0)
                t.column("nextAttemptAt", .datetime).notNull()
                t.column("status", .text).notNull().defaults(to: "queued")
                t.column("statusAt", .datetime)
                t.column("error", .text)
            }
            try db.create(index: "departmentMessageDue", on: "departmentMessage", columns: ["status", "nextAttemptAt"])
            try db.create(table: "open311Key") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("name", .text).notNull().unique()
                t.column("hash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
            }
        }
        migrator.registerMigration("v6-console") { db in
            // The staff console (issue 16): accounts, server-side sessions, the audit log and the handoff inbox.
            try db.create(table: "staff") { t in
                t.primaryKey("name", .text)
                t.column("role", .text).notNull()
                t.column("passwordHash", .text).notNull()
                t.column("language", .text).notNull().defaults(to: "en")
                t.column("disabled", .boolean).notNull().defaults(to: false)
                t.column("failedLogins", .integer).notNull().defaults(to: 0)
                t.column("lockedUntil", .datetime)
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: "staffSession") { t in
                t.primaryKey("id", .text)
                t.column("staff", .text).notNull().indexed().references("staff", onDelete: .cascade)
                t.column("csrf", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("expiresAt", .datetime).notNull()
            }
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("staff", .text).notNull()
                t.column("action", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("detail", .text)
                t.column("at", .datetime).notNull().indexed()
            }
            try db.create(table: "handoff") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("conversation", .text).notNull().indexed()
                t.column("channel", .text).notNull()
                t.column("citizen", .text).notNull().indexed()
                t.column("locale", .text).notNull()
                t.column("status", .text).notNull()
                t.column("openedAt", .datetime).notNull()
                t.column("answeredAt", .datetime)
                t.column("closedAt", .datetime)
                t.column("closedBy", .text)
            }
            try db.create(table: "handoffMessage") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("handoff", onDelete: .cascade).notNull()
                t.column("author", .text).notNull()
                t.column("text", .text).notNull()
                t.column("at", .datetime).notNull()
                t.column("inboundId", .text).unique()
            }
        }
        migrator.registerMigration("v7-dialogue") { db in
            // Photos (and other media) a citizen sent with a complaint, by their provider id, one per line.
            try db.alter(table: "complaint") { t in t.add(column: "media", .text) }
        }
        migrator.registerMigration("v8-civic2") { db in
            // Issue 15, forwarding: the id another city system's Open311 endpoint gave the complaint it was sent.
            try db.alter(table: "complaintCivic") { t in t.add(column: "remoteId", .text) }
        }
        return migrator
    }
}
