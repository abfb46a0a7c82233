import Foundation

/// A filed complaint. The citizen is known only by `citizen` (a keyed hash of their address).
package struct ComplaintRecord: Codable, Sendable, Equatable {
    package var id: Int64?
    package var reference: String
    package var year: Int
    package var serial: Int
    package var category: String
    package var status: String
    package var locale: String
    package var channel: String
    package var citizen: String
    package var location: String?
    package var description: String
    package var name: String?
    package var latitude: Double?
    package var longitude: Double?
    package var createdAt: Date
    package var updatedAt: Date
    /// Photos and other media the citizen sent with the complaint, by their provider id (`whatsapp:<media id>`),
    /// one per line; `nil` when none.
    package var media: String?

    package init(id: Int64? = nil, reference: String, year: Int, serial: Int, category: String, status: String, locale: String, channel: String, citizen: String, location: String? = nil, description: String, name: String? = nil, latitude: Double? = nil, longitude: Double? = nil, createdAt: Date, updatedAt: Date, media: String? = nil) {
        self.id = id
        self.reference = reference
        self.year = year
        self.serial = serial
        self.category = category
        self.status = status
        self.locale = locale
        self.channel = channel
        self.citizen = citizen
        self.location = location
        self.description = description
        self.name = name
        self.latitude = latitude
        self.longitude = longitude
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.media = media
    }
}

/// One change of a complaint's status: who, when, from what, to what, and why.
package struct StatusChangeRecord: Codable, Sendable, Equatable {
    package var id: Int64?
    package var complaintId: Int64
    package var fromStatus: String?
    package var toStatus: String
    package var changedBy: String
    package var note: String?
    package var changedAt: Date

    package init(id: Int64? = nil, complaintId: Int64, fromStatus: String? = nil, toStatus: String, changedBy: String, note: String? = nil, changedAt: Date) {
        self.id = id
        self.complaintId = complaintId
        self.fromStatus = fromStatus
        self.toStatus = toStatus
        self.changedBy = changedBy
        self.note = note
        self.changedAt = changedAt
    }
}

/// A citizen's rating of how a complaint was handled.
package struct FeedbackRecord: Codable, Sendable, Equatable {
    package var id: Int64?
    package var complaintId: Int64
    package var rating: Int
    package var comment: String?
    package var createdAt: Date

    package init(id: Int64? = nil, complaintId: Int64, rating: Int, comment: String? = nil, createdAt: Date) {
        self.id = id
        self.complaintId = complaintId
        self.rating = rating
        self.comment = comment
        self.createdAt = createdAt
    }
}
