import Locales

/// Settings for the desk, passed in as a value (from the command line; nothing reads the environment deep down).
struct DeskConfiguration: Sendable {
    /// Where the corpora live.
    var corporaDirectory: String = "corpora"
    /// A locale to use for every message instead of detecting it.
    var locale: LocaleID?

    init(corporaDirectory: String = "corpora", locale: LocaleID? = nil) {
        self.corporaDirectory = corporaDirectory
        self.locale = locale
    }
}
