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
}

/// A complaint being filled in, step by step.
package struct Intake: Sendable, Codable, Equatable {
    package enum Step: String, Sendable, Codable {
        case description, location, name, confirm
    }

    package var category: String
    package var description: String?
    package var location: String?
    package var name: String?
    package var nameAsked = false
    package var step: Step = .description
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
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let state = (try? encoder.encode(session)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return SessionRecord(id: id, state: state, updatedAt: at)
    }
}
