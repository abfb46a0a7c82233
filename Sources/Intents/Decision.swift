import Locales

/// The evidence policy: which candidate, if any, a message is taken to mean — or which ones to offer instead.
///
/// An intent is accepted only with specific support, all of it computed from the corpora (see `EvidenceStrength`):
/// - a phrase or pattern of the intent, or a keyword staff weighted to decide alone (`decisive`); or
/// - two different terms of the intent, at least one of them specific; or
/// - one specific keyword with a request/complaint cue word of the locale, or with its example words, or making up
///   most of the message ("pothole", "thanks"); or
/// - two generic keywords with a cue, or making up most of the message ("status of my complaint"); or
/// - a language name that is (nearly) the whole message ("français", "in English please").
///
/// Greetings, thanks and goodbyes around a request do not hide it: when the best candidate is one of them and a
/// request candidate is acceptable on the rest of the message, the request wins; a bare greeting stays a greeting.
/// The winner must also clear the score threshold (after coverage) and lead the runner-up by the margin. When it does
/// not, but the message points somewhere, `clarify` lists the close candidates.
struct Decision {
    typealias Entry = (candidate: Candidate, covered: UInt64, explicit: UInt64)

    let entries: [Entry]
    let index: KeywordIndex
    let policy: ScoringPolicy
    let content: UInt64
    let cues: UInt64
    let exact: IntentID?
    /// Content words of the whole message, the place included (how long the message really is).
    let words: Int

    private(set) var candidates: [Candidate] = []
    private(set) var chosen: Candidate?
    private(set) var chosenEntry: Entry?
    private(set) var chosenScore: Double = 0
    private(set) var runnerUp: Double = 0
    private(set) var reason = "no corpus term found"
    private(set) var clarify: [IntentID] = []
    /// Whether the second opinion accepted the rules' best candidate by agreeing with it (`corroborate`).
    private(set) var corroborated = false

    static let social: Set<IntentID> = ["greeting", "thanks", "goodbye"]

    init(scored: KeywordIndex.Scored, index: KeywordIndex, policy: ScoringPolicy, content: UInt64, words: Int = 0) {
        self.words = max(words, content.nonzeroBitCount)
        entries = scored.candidates
        self.index = index
        self.policy = policy
        self.content = content
        var cues: UInt64 = 0
        for (i, w) in scored.words.prefix(64).enumerated() where index.cues.contains(WordKey(w)) { cues |= 1 << UInt64(i) }
        self.cues = cues
        exact = policy.exactExamples ? scored.exact : nil
        candidates = entries.map { entry in
            var c = entry.candidate
            c.coverage = Self.coverage(entry.covered, of: content)
            return c
        }
    }

    static func coverage(_ covered: UInt64, of content: UInt64) -> Double {
        content == 0 ? 1 : Double((covered & content).nonzeroBitCount) / Double(content.nonzeroBitCount)
    }

    /// Whether a candidate's evidence is specific enough, with `content` the message positions it must explain.
    func supported(_ entry: Entry, content: UInt64) -> Bool {
        // The message is one of the intent's examples, word for word.
        if entry.candidate.intent == exact { return true }
        // A greeting or thanks must be a good part of what the message says, not the opening of a letter.
        if Self.social.contains(entry.candidate.intent) && words > 3
            && Self.coverage(entry.covered, of: content) < 0.34
        {
            return false
        }
        let evidence = entry.candidate.evidence
        let complaint = entry.candidate.intent.kind == .complaint
        var decisive = Set<String>()
        var specific = Set<String>()
        var generic = Set<String>()
        var names = 0
        var exampleWeight = 0.0
        for e in evidence {
            switch (e.kind, e.strength) {
            case (.example, _): exampleWeight += e.weight
            case (.languageName, _): names += 1
            // A one-word keyword never opens a complaint on its own, whatever its weight.
            case (.keyword, .decisive) where complaint: specific.insert(e.term)
            case (_, .decisive): decisive.insert(e.term)
            case (_, .specific): specific.insert(e.term)
            case (_, .generic), (_, .weak): generic.insert(e.term)
            }
        }
        let coverage = Self.coverage(entry.covered, of: content)
        let cue = cues & ~entry.explicit != 0
        let terms = decisive.count + specific.count + generic.count
        // Another language only when one is named, or asked for in so many words ("change language").
        if entry.candidate.intent == "language_change" && names == 0 && decisive.isEmpty { return false }
        // One word of ours in a long message about something else decides nothing (the main cause of false accepts
        // on real text): a long message needs a phrase or two terms.
        if decisive.isEmpty && terms + names <= 1 && words >= 7 { return false }
        // A phrase decides unless it is a small part of a long message about something else.
        if !decisive.isEmpty && (coverage >= 0.25 || terms >= 2 || cue || exampleWeight >= 0.3) { return true }
        if specific.count >= 2 || (specific.count >= 1 && generic.count >= 1) { return true }
        if specific.count == 1 && (cue || exampleWeight >= 0.2 || (!complaint && coverage >= 0.34) || coverage >= 0.99) {
            return true
        }
        if generic.count >= 2 && (cue || coverage >= 0.5 || exampleWeight >= 0.3) { return true }
        // A one-word message that is a conversation keyword of this intent alone ("help", "hello", "thanks").
        // …or a short one made only of its words ("السلام عليكم", "good day").
        if generic.count >= 1 && (words <= 1 || (words <= 3 && exampleWeight > 0)) && coverage >= 0.99
            && entry.candidate.intent.kind == .conversation
            && !entries.contains(where: { $0.candidate.intent != entry.candidate.intent && $0.explicit & entry.explicit != 0 })
        {
            return true
        }
        // A language name switches only with a request for it: another term of the intent ("reply in", "switch")
        // in a short message or making a fair part of a long one (a post about "isiZulu soqobo … ulimi" asks for
        // nothing), or when it is (nearly) all the message says ("français", "in English please").
        if names >= 1 && (coverage >= 0.6 || (terms >= 1 && (coverage >= 0.3 || words <= 8))) { return true }
        return false
    }

    mutating func decide() {
        guard !entries.isEmpty else { return }
        if let exact, let entry = entries.first(where: { $0.candidate.intent == exact }) {
            chosen = entry.candidate
            chosenEntry = entry
            chosenScore = max(policy.adjusted(entry.candidate.score, coverage: 1), policy.threshold)
            runnerUp = entries.first { $0.candidate.intent != exact }?.candidate.score ?? 0
            return
        }
        // The first candidate in order that is supported — a social one only if no request is supported.
        var pick: Int?
        var pickContent = content
        for (k, entry) in entries.enumerated() {
            guard !Self.social.contains(entry.candidate.intent) else { continue }
            // Only a request (FAQ, complaint, tracking, a person, another language) outranks a greeting or thanks:
            // "thanks for the help" stays thanks.
            let intent = entry.candidate.intent
            if k > 0, Self.social.contains(entries[0].candidate.intent), intent.kind == .conversation,
                intent != "human_agent" && intent != "language_change"
            {
                break
            }
            // Words the greetings and thanks explain are not the request's to explain.
            var socialCovered: UInt64 = 0
            for other in entries where Self.social.contains(other.candidate.intent) { socialCovered |= other.covered }
            let rest = content & ~socialCovered
            let restContent = rest == 0 ? content : rest
            if supported(entry, content: restContent) {
                let score = policy.adjusted(entry.candidate.score, coverage: Self.coverage(entry.covered, of: restContent))
                if score >= policy.threshold {
                    pick = k
                    pickContent = restContent
                }
            }
            break  // only the best request candidate competes
        }
        if pick == nil, let k = entries.firstIndex(where: { Self.social.contains($0.candidate.intent) }),
            supported(entries[k], content: content)
        {
            // A bare greeting (or thanks) — only when no request candidate scores above it.
            if k == 0 || entries[..<k].allSatisfy({ Self.social.contains($0.candidate.intent) }) { pick = k }
        }
        let best = entries[0]
        guard let k = pick else {
            let score = policy.adjusted(best.candidate.score, coverage: Self.coverage(best.covered, of: content))
            reason =
                score < policy.threshold
                ? "best score \(Evidence.format(best.candidate.score)) × coverage \(Evidence.format(Self.coverage(best.covered, of: content))) → \(Evidence.format(score)) (\(best.candidate.intent)) is below the threshold \(Evidence.format(policy.threshold))"
                : "\(best.candidate.intent) has no specific support: \(best.candidate.evidence.map(\.description).joined(separator: ", "))"
            offer()
            return
        }
        let entry = entries[k]
        let score = policy.adjusted(entry.candidate.score, coverage: Self.coverage(entry.covered, of: pickContent))
        // The runner-up: the next candidate of the same sort (a request's rival is another request).
        let isSocial = Self.social.contains(entry.candidate.intent)
        let rival = entries.enumerated().first { j, e in
            j != k && Self.social.contains(e.candidate.intent) == isSocial
        }?.element
        let rivalScore = rival.map { policy.adjusted($0.candidate.score, coverage: Self.coverage($0.covered, of: pickContent)) } ?? 0
        guard entry.candidate.intent == exact || (score >= policy.threshold && score - rivalScore >= policy.margin) else {
            reason =
                "\(entry.candidate.intent) leads \(rival?.candidate.intent.rawValue ?? "nothing") by \(Evidence.format(score - rivalScore)), less than the margin \(Evidence.format(policy.margin))"
            offer(from: entry.candidate, rival: rival?.candidate)
            return
        }
        chosen = entry.candidate
        chosenEntry = entry
        chosenScore = score
        runnerUp = rivalScore
    }

    /// The second opinion weighs in (see `SecondOpinion`): it declines an accepted intent it speaks against (unless the
    /// message is one of the intent's examples word for word), and settles on one of the rules' best candidates when
    /// the rules accepted none and it backs that one clearly.
    mutating func review(_ verdict: Opinion) {
        guard verdict.best != nil else { return }
        if let chosen {
            // Language names are everyday words to the model, so a request for a language (already checked by the
            // rules: a name with a request for it, see `supported`) is declined only when it looks far more ordinary.
            let asksForLanguage = chosen.intent == "language_change" && chosen.evidence.contains { $0.kind == .languageName }
            let veto = asksForLanguage ? policy.opinionLanguageVeto : policy.opinionVeto
            guard chosen.intent != exact, let margin = verdict.margins[chosen.intent], margin < veto else { return }
            reason = "\(chosen.intent) has rule support, but its words look like ordinary text (second opinion \(Evidence.format(margin)) < \(Evidence.format(veto)))"
            self.chosen = nil
            chosenEntry = nil
            chosenScore = 0
            runnerUp = 0
            offer()
            return
        }
        guard words >= 2, let best = verdict.best, verdict.margin >= policy.opinionSettle,
            verdict.margin - verdict.runnerUp >= policy.opinionLead,
            let k = entries.prefix(policy.opinionCandidates).firstIndex(where: { $0.candidate.intent == best })
        else {
            corroborate(verdict)
            return
        }
        accept(entries[k])
    }

    /// Takes `entry` on the second opinion's word (settled or corroborated), its runner-up the next other candidate.
    /// (No `reason`: it only explains a fallback.)
    private mutating func accept(_ entry: Entry) {
        chosen = entry.candidate
        chosenEntry = entry
        chosenScore = max(policy.adjusted(entry.candidate.score, coverage: Self.coverage(entry.covered, of: content)), policy.threshold)
        runnerUp = entries.first { $0.candidate.intent != entry.candidate.intent }
            .map { policy.adjusted($0.candidate.score, coverage: Self.coverage($0.covered, of: content)) } ?? 0
        clarify = []
    }

    /// The rules' best candidate, on a term of its own, accepted because the model independently likes it best
    /// (`ScoringPolicy.opinionCorroborate`).
    private mutating func corroborate(_ verdict: Opinion) {
        guard words >= 2, let top = entries.first, top.candidate.intent == verdict.best,
            verdict.margin - verdict.runnerUp >= policy.opinionCorroborateLead
        else { return }
        let intent = top.candidate.intent
        // Another language is only ever asked for in so many words (see `supported`).
        guard intent != "language_change" else { return }
        let coverage = Self.coverage(top.covered, of: content)
        // A greeting or thanks still has to be a good part of a longer message.
        if Self.social.contains(intent) && words > 3 && coverage < 0.5 { return }
        // One-word keywords as the citizen typed them: the rules' own rule that needs the support. (A phrase the rules
        // did not accept was outweighed by the rest of the message; a corrected word is the rules' guess, not the
        // citizen's word, and the model never saw the correction.)
        let terms = top.candidate.evidence.filter { $0.kind == .keyword && $0.correctedFrom == nil }
        guard !terms.isEmpty else { return }
        let specific = terms.contains { $0.strength == .specific || $0.strength == .decisive }
        let needed = specific ? policy.opinionCorroborate : policy.opinionCorroborateGeneric
        guard verdict.margin >= needed, specific || intent.kind != .complaint else { return }
        accept(top)
        corroborated = true
    }

    /// Fills `clarify` with the close candidates that have a term of their own (not example words only).
    private mutating func offer(from first: Candidate? = nil, rival: Candidate? = nil) {
        let contentWords = content.nonzeroBitCount
        var pool = entries.filter { $0.candidate.evidence.contains { $0.kind != .example } }
        if pool.contains(where: { !Self.social.contains($0.candidate.intent) }) {
            pool.removeAll { Self.social.contains($0.candidate.intent) }
        }
        guard let top = pool.first else { return }
        // A long message about something else, with one word of ours, is not worth a question.
        guard contentWords <= 6 || Self.coverage(top.covered, of: content) >= 0.34 else { return }
        var list = pool.filter { $0.candidate.score >= policy.clarifyShare * top.candidate.score }.map(\.candidate.intent)
        if let first, let rival, !list.contains(rival.intent), list.contains(first.intent) { list.append(rival.intent) }
        clarify = Array(list.prefix(policy.clarifyCandidates))
    }
}
