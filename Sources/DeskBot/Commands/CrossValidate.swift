import DeskCore
import ArgumentParser
import Foundation
import Intents
import Locales

/// k-fold cross-validation on the corpus's own examples (each fold's examples are removed from the corpus and then
/// classified), plus the out-of-scope false-accept rate: a development measure for the scoring policy that leaves
/// the held-out evaluation set unseen.
struct CrossValidate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crossval", abstract: "Cross-validate the corpus examples (k folds) and out-of-scope messages.")

    @OptionGroup var options: GlobalOptions
    @Option(help: "Number of folds.") var folds = 5
    @Option(help: "Score threshold.") var threshold: Double?
    @Option(help: "Margin over the runner-up.") var margin: Double?
    @Option(help: "Weight of example words.") var exampleWeight: Double?
    @Option(help: "Coverage weight λ.") var coverageWeight: Double?
    @Option(help: "Typo factor.") var typoFactor: Double?
    @Option(help: "Most intents an example word may be shared by.") var exampleSpread: Int?

    func run() async throws {
        let corpus = try options.loadCorpus()
        var policy = ScoringPolicy()
        if let threshold { policy.threshold = threshold }
        if let margin { policy.margin = margin }
        if let exampleWeight { policy.exampleWeight = exampleWeight }
        if let coverageWeight { policy.coverageWeight = coverageWeight }
        if let typoFactor { policy.typoFactor = typoFactor }
        if let exampleSpread { policy.exampleSpread = exampleSpread }
        var right: [LocaleID: Int] = [:]
        var total: [LocaleID: Int] = [:]
        for fold in 0..<folds {
            var reduced = corpus
            var heldOut: [(LocaleID, IntentID, String)] = []
            for (code, pack) in corpus.packs {
                var pack = pack
                pack.rules = pack.rules.map { rule in
                    var rule = rule
                    rule.examples = rule.examples.enumerated().filter { index, example in
                        if index % folds == fold {
                            heldOut.append((code, rule.id, example))
                            return false
                        }
                        return true
                    }.map(\.element)
                    return rule
                }
                reduced.packs[code] = pack
            }
            let engine = try Classifier.loaded(corpus: reduced, directory: options.corpora, policy: policy)
            for (code, intent, text) in heldOut {
                total[code, default: 0] += 1
                if engine.classify(text, locale: code).intent == intent { right[code, default: 0] += 1 }
            }
        }
        let engine = try Classifier.loaded(corpus: corpus, directory: options.corpora, policy: policy)
        print("| locale | held-out examples | accuracy | out-of-scope false-accept |")
        print("|---|---|---|---|")
        var allRight = 0, allTotal = 0, allFalse = 0, allOOS = 0
        for code in corpus.locales {
            let oos = corpus.packs[code]?.outOfScope ?? []
            let accepted = oos.filter { engine.classify($0, locale: code).intent != nil }.count
            allRight += right[code] ?? 0
            allTotal += total[code] ?? 0
            allFalse += accepted
            allOOS += oos.count
            print(String(format: "| %@ | %d | %.1f%% | %.1f%% |", code.rawValue, total[code] ?? 0,
                         100 * Double(right[code] ?? 0) / Double(max(1, total[code] ?? 0)), 100 * Double(accepted) / Double(max(1, oos.count))))
        }
        print(String(format: "| all | %d | %.1f%% | %.1f%% |", allTotal, 100 * Double(allRight) / Double(max(1, allTotal)),
                     100 * Double(allFalse) / Double(max(1, allOOS))))
    }
}
