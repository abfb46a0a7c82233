import Locales

/// Why a term counted: what kind of corpus entry it was.
public enum TermKind: String, Sendable, Codable {
    case keyword, phrase, pattern, example, languageName = "language-name"
}

/// How much a term says on its own, decided from the corpora when the engine is built.
public enum EvidenceStrength: String, Sendable, Codable, Comparable {
    /// A word of an intent's examples only: supports, never decides.
    case weak
    /// A one-word keyword that ordinary text also uses: it appears in the locale's out-of-scope lines, or is a term of
    /// three or more intents, or a word of the examples of five or more intents ("bill", "night", "status", "water").
    case generic
    /// A one-word keyword of few intents that ordinary text does not use ("pothole", "streetlight").
    case specific
    /// A phrase, a pattern, or a keyword staff weighted ≥ 2 ("decides alone").
    case decisive

    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }
    private var rank: Int {
        switch self {
        case .weak: 0
        case .generic: 1
        case .specific: 2
        case .decisive: 3
        }
    }
}

/// One corpus term found in a message, and what it added to an intent's score.
public struct Evidence: Sendable, Equatable, CustomStringConvertible {
    /// The term as normalized (e.g. `pani nahi`).
    public let term: String
    public let kind: TermKind
    public let weight: Double
    /// The message word when the term was found by typo correction (e.g. `biil` for `bill`).
    public let correctedFrom: String?
    /// How specific the term is (see `EvidenceStrength`).
    public var strength: EvidenceStrength = .specific
    /// The message position of the term's first word.
    public var position: Int = 0

    public init(
        term: String, kind: TermKind, weight: Double, correctedFrom: String?, strength: EvidenceStrength = .specific,
        position: Int = 0
    ) {
        self.term = term
        self.kind = kind
        self.weight = weight
        self.correctedFrom = correctedFrom
        self.strength = strength
        self.position = position
    }

    public var description: String {
        let shown = correctedFrom.map { "\(term) (typed \($0))" } ?? term
        let tag = strength == .specific || kind == .example ? "" : " \(strength.rawValue)"
        return "\(shown) [\(kind.rawValue)\(tag) +\(Self.format(weight))]"
    }

    static func format(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return String(r)
    }
}

/// The best-scoring intent for a message.
public struct IntentMatch: Sendable, Equatable {
    public let intent: IntentID
    /// Raw score: the sum of the weights of the evidence.
    public let score: Double
    /// 0…1, from the score and the margin over the runner-up.
    public let confidence: Double
    public let slots: [SlotName: String]
    public let evidence: [Evidence]
}

/// A candidate intent with its score (for explanations).
public struct Candidate: Sendable, Equatable {
    public let intent: IntentID
    public let score: Double
    public let evidence: [Evidence]
    /// The share of the message's content words its evidence explains (places and numbers aside), 0…1.
    public var coverage: Double = 1

    public init(intent: IntentID, score: Double, evidence: [Evidence], coverage: Double = 1) {
        self.intent = intent
        self.score = score
        self.evidence = evidence
        self.coverage = coverage
    }
}

/// The engine's verdict on a message in one locale.
public enum Match: Sendable, Equatable {
    case intent(IntentMatch)
    case noMatch(reason: String)

    public var intentMatch: IntentMatch? {
        if case .intent(let m) = self { return m }
        return nil
    }
}

/// A classified message: the language it was taken to be in, the verdict, and everything behind it.
public struct Classification: Sendable {
    public let locale: LocaleID
    public let languages: [LanguageScore]
    public let normalized: NormalizedText
    public let match: Match
    /// All intents that scored, best first.
    public let candidates: [Candidate]
    /// Typo corrections that were applied: message word → corpus word.
    public let corrections: [(String, String)]
    /// Slots found in the message whatever the intent (e.g. a reference while filling a complaint).
    public let slots: [SlotName: String]
    public let policy: ScoringPolicy
    /// Intents to offer the citizen instead of guessing, best first (2–3), when there is no confident intent but
    /// there is evidence: the top candidates are close, or the only evidence is weak (one generic word, a word found
    /// by typo correction). Empty when an intent was accepted, or when nothing in the message points anywhere.
    ///
    /// The conversation can ask "Do you mean: 1 water bill, 2 no water supply?" and map the answer ("1", or words
    /// classified again with `classify(_:among:)`) back to one of these.
    public var clarify: [IntentID] = []
    /// Why the language was chosen: `text` (the words decided), `conversation` (kept the sticky language),
    /// `hint` (a channel language code or the sender's country calling code), `default` (`default_locale`), or
    /// `given` (the caller fixed it).
    public var languageSource: LanguageSource = .text
    /// The locale's request/complaint cue words found in the message (part of the evidence policy).
    public var cueWords: [String] = []
    /// What the statistical second opinion made of the message (see `Opinion`).
    public var opinion: Opinion?
    /// The other language whose words decided, when a message in a fixed language was read as mixed with it.
    public var mixedWith: LocaleID?

    /// The same verdict, answered in another locale (the conversation's fixed language).
    func relabeled(_ locale: LocaleID) -> Classification {
        var c = Classification(
            locale: locale, languages: languages, normalized: normalized, match: match, candidates: candidates,
            corrections: corrections, slots: slots, policy: policy)
        c.clarify = clarify
        c.languageSource = languageSource
        c.cueWords = cueWords
        c.opinion = opinion
        return c
    }

    public var intent: IntentID? { match.intentMatch?.intent }
    /// Whether the engine would rather ask than answer (see `clarify`).
    public var needsClarification: Bool { intent == nil && !clarify.isEmpty }
    public var confidence: Double { match.intentMatch?.confidence ?? 0 }
}

/// The statistical second opinion on a message: how much more its character n-grams look like each intent's corpus
/// than like ordinary text of the locale (mean log-ratio per n-gram; above 0 means "more like the intent").
public struct Opinion: Sendable, Equatable {
    /// The intent the model likes best, and its margin.
    public let best: IntentID?
    public let margin: Double
    /// The best margin among the other intents.
    public let runnerUp: Double
    /// The margins of the intents the rules found evidence for.
    public let margins: [IntentID: Double]
    /// The share of the message's n-grams the model has seen in its training text.
    public let known: Double
    /// What the opinion changed: nothing, an accepted intent declined, an offered one accepted on the model's clear
    /// preference (settled), or the rules' best candidate accepted because the model independently agrees
    /// (corroborated).
    public var effect: Effect = .none

    public enum Effect: String, Sendable {
        case none, declined, settled, corroborated
    }

    public init(best: IntentID?, margin: Double, runnerUp: Double, margins: [IntentID: Double], known: Double) {
        self.best = best
        self.margin = margin
        self.runnerUp = runnerUp
        self.margins = margins
        self.known = known
    }
}

/// Where a classification's language came from (see `Classification.languageSource`).
public enum LanguageSource: String, Sendable {
    case text, conversation, hint, `default`, given
}
