import Foundation

/// The stored state of one conversation, keyed by channel + citizen hash.
package struct SessionRecord: Codable, Sendable, Equatable {
    /// `<channel>:<citizen hash>`.
    package var id: String
    package var state: String
    package var updatedAt: Date

    package init(id: String, state: String, updatedAt: Date) {
        self.id = id
        self.state = state
        self.updatedAt = updatedAt
    }
}

/// Where replies to a citizen go: the one place the plain address is kept, so it can be erased.
package struct ContactRecord: Codable, Sendable, Equatable {
    /// `<channel>:<citizen hash>`.
    package var id: String
    package var channel: String
    package var citizen: String
    package var address: String
    package var locale: String?
    package var optedOut: Bool
    package var updatedAt: Date

    package init(id: String, channel: String, citizen: String, address: String, locale: String? = nil, optedOut: Bool, updatedAt: Date) {
        self.id = id
        self.channel = channel
        self.citizen = citizen
        self.address = address
        self.locale = locale
        self.optedOut = optedOut
        self.updatedAt = updatedAt
    }
}

/// A message waiting to be sent to a citizen (status notifications, gateway replies).
package struct OutboxRecord: Codable, Sendable, Equatable {
    package var id: Int64?
    package var channel: String
    package var citizen: String
    package var text: String
    package var locale: String
    package var createdAt: Date
    package var attempts: Int
    package var nextAttemptAt: Date
    package var deliveredAt: Date?
    /// The provider message this is the reply to (`nil` for notifications).
    package var inboundId: String? = nil

    package init(id: Int64? = nil, channel: String, citizen: String, text: String, locale: String, createdAt: Date, attempts: Int, nextAttemptAt: Date, deliveredAt: Date? = nil, inboundId: String? = nil) {
        self.id = id
        self.channel = channel
        self.citizen = citizen
        self.text = text
        self.locale = locale
        self.createdAt = createdAt
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.deliveredAt = deliveredAt
        self.inboundId = inboundId
    }
}

/// A message the desk did not understand: normalized text and locale only, never the sender.
package struct UnmatchedRecord: Codable, Sendable, Equatable {
    package var id: Int64?
    package var locale: String
    package var text: String
    package var createdAt: Date

    package init(id: Int64? = nil, locale: String, text: String, createdAt: Date) {
        self.id = id
        self.locale = locale
        self.text = text
        self.createdAt = createdAt
    }
}
