import Foundation
import GRDB

/// A filed complaint. The citizen is known only by `citizen` (a keyed hash of their address).
struct ComplaintRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "complaint"

    var id: Int64?
    var reference: String
    var year: Int
    var serial: Int
    var category: String
    var status: String
    var locale: String
    var channel: String
    var citizen: String
    var location: String?
    var description: String
    var name: String?
    var latitude: Double?
    var longitude: Double?
    var createdAt: Date
    var updatedAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One change of a complaint's status: who, when, from what, to what, and why.
struct StatusChangeRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "statusChange"

    var id: Int64?
    var complaintId: Int64
    var fromStatus: String?
    var toStatus: String
    var changedBy: String
    var note: String?
    var changedAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// A citizen's rating of how a complaint was handled.
struct FeedbackRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "feedback"

    var id: Int64?
    var complaintId: Int64
    var rating: Int
    var comment: String?
    var createdAt: Date

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
