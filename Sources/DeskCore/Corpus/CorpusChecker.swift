import Foundation
import Intents
import Locales
import Yams

/// Every check `deskbot check` runs, reusable from tests and the staff console: the loader's problems (syntax,
/// required intents and replies, placeholders) and, on every locale that loaded, the engine's view: keywords that
/// several intents share, and examples that do not get their own intent. Every problem carries file:line:column.
/// An error in one file does not hide the warnings of the others.
package struct CorpusChecker {
    package let directory: String
    package init(directory: String) { self.directory = directory }

    package func check() -> [CorpusProblem] {
        let result = CorpusLoader(directory: directory).read()
        var problems = result.problems
        // Locales whose own files have errors are not checked further (their rules may be incomplete).
        let broken = Set(result.errors.map { URL(fileURLWithPath: $0.file).deletingLastPathComponent().lastPathComponent })
        let codes = result.corpus.locales.filter { !broken.contains($0.rawValue) }
        guard !codes.isEmpty else { return problems }
        var packs = result.corpus.packs
        for code in packs.keys where !codes.contains(code) { packs[code] = nil }
        let corpus = Corpus(settings: result.corpus.settings, packs: packs)
        let engine: Classifier
        // Examples are checked on their evidence, not by the exact-example stage (which would match each to itself).
        var policy = ScoringPolicy()
        policy.exactExamples = false
        do { engine = try Classifier.loaded(corpus: corpus, directory: directory, policy: policy) } catch {
            return problems + [CorpusProblem(file: directory, line: nil, column: nil, message: "the corpora cannot be compiled: \(error)")]
        }
        problems += staffIntents(corpus, codes)
        for code in codes {
            guard let pack = corpus.packs[code] else { continue }
            let file = "\(directory)/\(code)/intents.yaml"
            let places = IntentFilePlaces(path: file)
            problems += sharedKeywords(pack, code, engine, file, places)
            for rule in pack.rules {
                for example in rule.examples {
                    let got = engine.classify(example, locale: code).intent
                    guard got != rule.id else { continue }
                    let at = places.place(intent: rule.id.rawValue, field: "examples", text: example)
                    problems.append(
                        CorpusProblem(
                            file: file, line: at?.line, column: at?.column,
                            message: "the example “\(example)” of `\(rule.id)` is understood as "
                                + (got.map { "`\($0)`" } ?? "nothing (the fallback)")
                                + "; give `\(rule.id)` a keyword or phrase this example uses, or move the example",
                            severity: .warning))
                }
            }
        }
        return problems
    }

    /// Intents staff added beyond the catalog: an FAQ intent may live in some locales only (a warning names the
    /// others, whose citizens get the fallback); a new complaint category cannot be filed (the categories, their
    /// status flow and Open311 services are the catalog's), so it is an error.
    private func staffIntents(_ corpus: Corpus, _ codes: [LocaleID]) -> [CorpusProblem] {
        var havers: [IntentID: [LocaleID]] = [:]
        for code in codes {
            for rule in corpus.packs[code]?.rules ?? [] where !Catalog.intents.contains(rule.id) { havers[rule.id, default: []].append(code) }
        }
        var problems: [CorpusProblem] = []
        for (intent, locales) in havers.sorted(by: { $0.key < $1.key }) {
            let file = "\(directory)/\(locales[0])/intents.yaml"
            let at = IntentFilePlaces(path: file).intentLine(intent.rawValue)
            if intent.kind != .faq {
                problems.append(CorpusProblem(
                    file: file, line: at, column: at.map { _ in 1 },
                    message: "`\(intent)` is not in the catalog: intents named complaint_… or conversation moves cannot be added in the corpus "
                        + "(a new complaint category needs a developer); rename it to an FAQ id, or add its words to `complaint_general`"))
                continue
            }
            let missing = codes.filter { !locales.contains($0) }
            guard !missing.isEmpty else { continue }
            problems.append(CorpusProblem(
                file: file, line: at, column: at.map { _ in 1 },
                message: "the FAQ `\(intent)` is in \(locales.map(\.rawValue).joined(separator: ", ")) but not in "
                    + "\(missing.map(\.rawValue).joined(separator: ", ")): citizens writing in those get the fallback for it "
                    + "(add it to their intents.yaml and replies.yaml)",
                severity: .warning))
        }
        return problems
    }

    /// One warning per group of intents that share keywords, listing the words (each counts less in each intent).
    private func sharedKeywords(_ pack: LocalePack, _ code: LocaleID, _ engine: Classifier, _ file: String, _ places: IntentFilePlaces) -> [CorpusProblem] {
        var owners: [String: Set<IntentID>] = [:]
        var firstText: [String: (IntentID, String, String)] = [:]
        for rule in pack.rules {
            for (field, terms) in [("keywords", rule.keywords), ("phrases", rule.phrases)] {
                for term in terms {
                    let key = engine.words(term.text, in: code).joined(separator: " ")
                    owners[key, default: []].insert(rule.id)
                    if firstText[key] == nil { firstText[key] = (rule.id, field, term.text) }
                }
            }
        }
        var groups: [[IntentID]: [String]] = [:]
        for (term, intents) in owners where intents.count > 1 { groups[intents.sorted(), default: []].append(term) }
        return groups.sorted { $0.key.map(\.rawValue).joined() < $1.key.map(\.rawValue).joined() }.map { intents, terms in
            let words = terms.sorted()
            let at = firstText[words[0]].flatMap { places.place(intent: $0.0.rawValue, field: $0.1, text: $0.2) }
            let names = intents.map { "`\($0)`" }.joined(separator: ", ")
            return CorpusProblem(
                file: file, line: at?.line, column: at?.column,
                message: "\(words.count) keyword(s) are shared by \(names), so each counts less in each: "
                    // As staff wrote them (the first spelling), not in the folded form they meet in.
                    + words.prefix(12).map { firstText[$0]?.2 ?? $0 }.joined(separator: ", ") + (words.count > 12 ? ", …" : "")
                    + ". That is fine for related topics; if one of them is mostly about one intent, keep it only there",
                severity: .warning)
        }
    }
}

/// Where each keyword, phrase, pattern and example of an intents.yaml file is (line and column), for messages.
struct IntentFilePlaces {
    private var places: [String: (line: Int, column: Int)] = [:]

    init(path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8), let root = try? Yams.compose(yaml: text),
            let intents = root.mapping
        else { return }
        for (intentKey, intentNode) in intents {
            guard let intent = intentKey.string, let fields = intentNode.mapping else { continue }
            if let mark = intentKey.mark { intentLines[intent] = mark.line }
            for (fieldKey, fieldNode) in fields {
                guard let field = fieldKey.string, let items = fieldNode.sequence else { continue }
                for item in items {
                    // `- text` or `- text: weight`
                    let textNode = item.scalar != nil ? item : item.mapping?.first?.key
                    guard let node = textNode, let value = node.string, let mark = node.mark else { continue }
                    let key = Self.key(intent, field, value)
                    if places[key] == nil { places[key] = (mark.line, mark.column) }
                }
            }
        }
    }

    private var intentLines: [String: Int] = [:]

    /// The line where an intent starts.
    func intentLine(_ intent: String) -> Int? { intentLines[intent] }

    func place(intent: String, field: String, text: String) -> (line: Int, column: Int)? {
        places[Self.key(intent, field, text)]
    }

    private static func key(_ intent: String, _ field: String, _ text: String) -> String { "\(intent)\u{0}\(field)\u{0}\(text)" }
}
