import Foundation
import GRDB

/// The stored state of one conversation, keyed by channel + citizen hash.
struct SessionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"

    /// `<channel>:<citizen hash>`.
    var id: String
    var state: String
    var updatedAt: Date
}

/// Where replies to a citizen go: the one place the plain address is kept, so it can be erased.
struct ContactRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "contact"

    /// `<channel>:<citizen hash>`.
    var id: String
    var channel: String
    var citizen: String
    var address: String
    var locale: String?
    var optedOut: Bool
    var updatedAt: Date
}

/// A message waiting to be sent to a citizen (status notifications, gateway replies).
struct OutboxRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "outbox"

    var id: Int64?
    var channel: String
    var citizen: String
    var text: String
    var locale: String
    var createdAt: Date
    var attempts: Int
    var nextAttemptAt: Date
    var deliveredAt: Date?
    /// The provider message this is the reply to (`nil` for notifications).
    var inboundId: String? = nil

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A message the desk did not understand: normalized text and locale only, never the sender.
struct UnmatchedRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "unmatched"

    var id: Int64?
    var locale: String
    var text: String
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
