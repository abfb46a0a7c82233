import Locales

/// A keyword, phrase or pattern with its weight (`nil`: the default for its kind).
public struct Term: Sendable, Hashable {
    public let text: String
    public let weight: Double?
    public init(_ text: String, weight: Double? = nil) {
        self.text = text
        self.weight = weight
    }
}

/// One intent of one locale, as staff write it in `intents.yaml`.
public struct IntentRule: Sendable {
    public let id: IntentID
    public var keywords: [Term]
    public var phrases: [Term]
    public var patterns: [Term]
    public var negative: [String]
    public var examples: [String]

    public init(
        id: IntentID, keywords: [Term] = [], phrases: [Term] = [], patterns: [Term] = [], negative: [String] = [],
        examples: [String] = []
    ) {
        self.id = id
        self.keywords = keywords
        self.phrases = phrases
        self.patterns = patterns
        self.negative = negative
        self.examples = examples
    }
}

/// A locale's `locale.yaml`.
public struct LocaleInfo: Sendable {
    public var code: LocaleID
    public var name: String
    public var nativeName: String
    public var script: Script
    public var rightToLeft: Bool
    /// Words and phrases that citizens use to ask for this language.
    public var names: [String]
    public var stopWords: [String]
    public var yes: [String]
    public var no: [String]
    public var cancel: [String]
    public var notFixed: [String]
    public var locationMarkers: [String]
    /// Whether the location markers follow the place ("G-9 mein") instead of preceding it ("in G-9").
    public var locationPostposition: Bool
    /// The ICU locale that writes this language's numbers, money and dates, when it is not the code itself
    /// (`icu_locale:` in `locale.yaml`).
    public var icuLocale: String?
    /// How this language says a span of weekdays, with `{first}` and `{last}` (`de {first} a {last}`).
    public var weekdayRange: String?

    public init(
        code: LocaleID, name: String, nativeName: String, script: Script, rightToLeft: Bool = false,
        names: [String] = [], stopWords: [String] = [], yes: [String] = [], no: [String] = [],
        cancel: [String] = [], notFixed: [String] = [], locationMarkers: [String] = [],
        locationPostposition: Bool = false, icuLocale: String? = nil, weekdayRange: String? = nil
    ) {
        self.code = code
        self.name = name
        self.nativeName = nativeName
        self.script = script
        self.rightToLeft = rightToLeft
        self.names = names
        self.stopWords = stopWords
        self.yes = yes
        self.no = no
        self.cancel = cancel
        self.notFixed = notFixed
        self.locationMarkers = locationMarkers
        self.locationPostposition = locationPostposition
        self.icuLocale = icuLocale
        self.weekdayRange = weekdayRange
    }
}

/// A locale's `sms.yaml`: short-code keywords for feature-phone users.
public struct SMSKeywords: Sendable {
    public var commands: [String: [String]]
    public var categories: [String: [String]]
    public var topics: [String: IntentID]

    public init(commands: [String: [String]] = [:], categories: [String: [String]] = [:], topics: [String: IntentID] = [:]) {
        self.commands = commands
        self.categories = categories
        self.topics = topics
    }
}

/// Everything one locale folder holds.
public struct LocalePack: Sendable {
    public var info: LocaleInfo
    public var rules: [IntentRule]
    public var replies: [String: String]
    public var smsReplies: [String: String]
    public var outOfScope: [String]
    public var sms: SMSKeywords
    public var variantRules: String?
    /// Words for a rating from 1 to 5 (`ratings.yaml`: "five", "tano", "پانچ"); digits and stars need none.
    public var ratingWords: [Int: [String]] = [:]
    /// The `sms.yaml` topic words in the order the file lists them: the order HELP and the USSD menu show them.
    public var topicOrder: [String] = []

    public init(
        info: LocaleInfo, rules: [IntentRule], replies: [String: String], smsReplies: [String: String] = [:],
        outOfScope: [String] = [], sms: SMSKeywords = SMSKeywords(), variantRules: String? = nil
    ) {
        self.info = info
        self.rules = rules
        self.replies = replies
        self.smsReplies = smsReplies
        self.outOfScope = outOfScope
        self.sms = sms
        self.variantRules = variantRules
    }
}

/// A city fact with a type, formatted for each language when a reply is written (see `Templates`).
public enum Fact: Sendable, Equatable {
    /// An amount of money in a currency (ISO 4217), e.g. a fee: `{money: 5}`.
    case money(Double, currency: String)
    /// A plain number, e.g. a count of days: `{number: 60}`.
    case number(Double)
    /// A day of every year, e.g. a due date: `{date: "03-31"}`.
    case annualDate(month: Int, day: Int)
    /// A time of day, e.g. an opening time: `{time: "08:30"}`.
    case timeOfDay(hour: Int, minute: Int)
    /// A span of weekdays, e.g. opening days: `{weekdays: monday-friday}`.
    case weekdays(Weekday, Weekday)
}

/// A city fact from `settings.yaml`: one text, texts per locale with a default, or a typed `fact` that each
/// language writes in its own way (the text is then the value as written in the file, e.g. `5` or `03-31`).
public struct SettingValue: Sendable, Equatable {
    public var defaultText: String
    public var perLocale: [LocaleID: String]
    public var fact: Fact?

    public init(_ defaultText: String, perLocale: [LocaleID: String] = [:], fact: Fact? = nil) {
        self.defaultText = defaultText
        self.perLocale = perLocale
        self.fact = fact
    }

    public func text(for locale: LocaleID) -> String { perLocale[locale] ?? defaultText }
}

/// All locale packs and the city's facts.
public struct Corpus: Sendable {
    public var settings: [String: SettingValue]
    public var packs: [LocaleID: LocalePack]
    /// Data files the desk reads beside the locale packs (e.g. `departments.yaml`), by name; the engine ignores them.
    public var documents: [String: any Sendable] = [:]

    public init(settings: [String: SettingValue] = [:], packs: [LocaleID: LocalePack]) {
        self.settings = settings
        self.packs = packs
    }

    public var locales: [LocaleID] { packs.keys.sorted() }
}
