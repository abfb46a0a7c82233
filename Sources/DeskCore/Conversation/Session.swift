import Foundation
import Intents
import Locales

/// What the desk remembers about one conversation (one channel + citizen), stored as JSON in `session`.
package struct Session: Sendable, Codable, Equatable {
    /// The language replies are written in; sticky until the citizen asks for another or clearly writes in one.
    package var language: LocaleID?
    /// A complaint being filled in, if any.
    package var intake: Intake?
    /// A resolved complaint whose rating the desk has asked for.
    package var feedbackFor: String?
    package var lastSeen: Date?
    /// SMS: the part of the last reply that did not fit, sent on `MORE`.
    package var smsRest: String?
    /// The intents a "Do you mean 1 … 2 …?" question offered, in order; the next message may pick one.
    package var clarify: [String]?
    /// The citizen sent FORGET and was asked to confirm; the next message answers.
    package var forgetAsked: Bool?
    /// The message the clarifying question was about, when it offered a complaint.
    package var clarifiedText: String?
    /// A complaint left half-filled when the session expired: the next message either goes on with it (an
    /// answer) or is told it was not sent (anything else).
    package var lapsed: Intake?
}

/// A complaint being filled in, step by step.
package struct Intake: Sendable, Codable, Equatable {
    package enum Step: String, Sendable, Codable {
        case description, location, name, confirm
        /// After "no" at the read-back: which part to correct (1 the place, 2 the description, or the correction).
        case correct
        /// The same problem as a complaint resolved recently: reopen it (yes) or file a new one (no)?
        case reopen
    }

    package var category: String
    package var description: String?
    package var location: String?
    package var name: String?
    package var nameAsked = false
    package var step: Step = .description
    /// The coordinates of a location pin the citizen sent for the place.
    package var latitude: Double?
    package var longitude: Double?
    /// Photos (and other media) sent for the complaint, by their id at the provider.
    package var media: [String] = []
    /// The resolved complaint the reopening question is about.
    package var reopen: String?

    package init(category: String, description: String? = nil, location: String? = nil, name: String? = nil, step: Step = .description) {
        self.category = category
        self.description = description
        self.location = location
        self.name = name
        self.step = step
    }

    // Sessions stored before these fields existed decode with their defaults.
    private enum CodingKeys: String, CodingKey {
        case category, description, location, name, nameAsked, step, latitude, longitude, media, reopen
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        category = try c.decode(String.self, forKey: .category)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        location = try c.decodeIfPresent(String.self, forKey: .location)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        nameAsked = try c.decodeIfPresent(Bool.self, forKey: .nameAsked) ?? false
        step = try c.decodeIfPresent(Step.self, forKey: .step) ?? .description
        latitude = try c.decodeIfPresent(Double.self, forKey: .latitude)
        longitude = try c.decodeIfPresent(Double.self, forKey: .longitude)
        media = try c.decodeIfPresent([String].self, forKey: .media) ?? []
        reopen = try c.decodeIfPresent(String.self, forKey: .reopen)
    }
}

package extension Session {
    /// The session stored in a record, or `nil` when the record cannot be read.
    package init?(record: SessionRecord) {
        guard let session = try? JSONDecoder().decode(Session.self, from: Data(record.state.utf8)) else { return nil }
        self = session
    }

    /// The record that stores this session, marked as seen at `at`.
    package func record(id: String, at: Date) -> SessionRecord {
        var session = self
        session.lastSeen = at
        if let state = SessionJSON.encode(session) { return SessionRecord(id: id, state: state, updatedAt: at) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let state = (try? encoder.encode(session)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return SessionRecord(id: id, state: state, updatedAt: at)
    }
}
