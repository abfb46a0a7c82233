import Foundation
import DeskCore
import GRDB

/// The GRDB mapping of the desk's plain records (tables named in the schema migrations).
extension SessionRecord: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "session"
}

extension ContactRecord: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "contact"
}

extension OutboxRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "outbox"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension UnmatchedRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "unmatched"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension InboundRecord: FetchableRecord, PersistableRecord {
    package static let databaseTableName = "inbound"
}

extension ComplaintRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "complaint"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension StatusChangeRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "statusChange"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension FeedbackRecord: FetchableRecord, MutablePersistableRecord {
    package static let databaseTableName = "feedback"
    package mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
