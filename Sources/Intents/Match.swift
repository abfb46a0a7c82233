import Locales

/// Why a term counted: what kind of corpus entry it was.
public enum TermKind: String, Sendable, Codable {
    case keyword, phrase, pattern, example, languageName = "language-name"
}

/// One corpus term found in a message, and what it added to an intent's score.
public struct Evidence: Sendable, Equatable, CustomStringConvertible {
    /// The term as normalized (e.g. `pani nahi`).
    public let term: String
    public let kind: TermKind
    public let weight: Double
    /// The message word when the term was found by typo correction (e.g. `biil` for `bill`).
    public let correctedFrom: String?

    public var description: String {
        let shown = correctedFrom.map { "\(term) (typed \($0))" } ?? term
        return "\(shown) [\(kind.rawValue) +\(Self.format(weight))]"
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

    public var intent: IntentID? { match.intentMatch?.intent }
    public var confidence: Double { match.intentMatch?.confidence ?? 0 }
}
