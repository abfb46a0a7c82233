import Foundation
import GRDB

/// A provider message, recorded by its id before it is acknowledged: a redelivery finds it and creates nothing new.
/// The text is kept only until the message is processed.
struct InboundRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "inbound"

    /// `<channel>:<provider message id>`.
    var id: String
    var channel: String
    var citizen: String
    /// The message text while it waits to be processed; cleared afterwards.
    var text: String?
    var locale: String?
    /// The reply given, returned again on redelivery.
    var reply: String?
    var intent: String?
    var reference: String?
    var receivedAt: Date
    var processedAt: Date?
}
