import Locales

/// What the desk remembers about one conversation (one channel + sender).
struct Session: Sendable, Codable, Equatable {
    /// The language replies are written in; sticky until the citizen asks for another or clearly writes in one.
    var language: LocaleID?
}
