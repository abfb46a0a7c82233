import Foundation
import Locales

/// Settings for the desk, passed in as a value (from the command line; nothing reads the environment deep down).
package struct DeskConfiguration: Sendable {
    /// A locale to use for every message instead of detecting it.
    package var locale: LocaleID?
    /// A conversation idle for longer than this forgets a half-filled complaint (the language is kept).
    package var sessionTimeout: TimeInterval = 30 * 60
    /// Whether the complaint intake asks for the citizen's name (optional; they may answer "skip").
    package var askName = false
    /// SMS replies are cut to at most this many segments (the rest is sent on MORE).
    package var maxSegments = 3
    /// Longer messages are not read; the citizen is asked to keep it shorter (bounds a turn's cost).
    package var maxMessageCharacters = 2_000

    package init(locale: LocaleID? = nil, sessionTimeout: TimeInterval = 30 * 60, askName: Bool = false, maxSegments: Int = 3) {
        self.locale = locale
        self.sessionTimeout = sessionTimeout
        self.askName = askName
        self.maxSegments = maxSegments
    }
}
