import Foundation
import Intents
import Locales

/// What the desk remembers about one conversation (one channel + citizen), stored as JSON in `session`.
struct Session: Sendable, Codable, Equatable {
    /// The language replies are written in; sticky until the citizen asks for another or clearly writes in one.
    var language: LocaleID?
    /// A complaint being filled in, if any.
    var intake: Intake?
    /// A resolved complaint whose rating the desk has asked for.
    var feedbackFor: String?
    var lastSeen: Date?
    /// SMS: the part of the last reply that did not fit, sent on `MORE`.
    var smsRest: String?
}

/// A complaint being filled in, step by step.
struct Intake: Sendable, Codable, Equatable {
    enum Step: String, Sendable, Codable {
        case description, location, name, confirm
    }

    var category: String
    var description: String?
    var location: String?
    var name: String?
    var nameAsked = false
    var step: Step = .description
}
