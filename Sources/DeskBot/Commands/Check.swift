import DeskCore
import ArgumentParser
import Foundation
import Intents
import Locales

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the corpora: syntax, required intents and replies, placeholders, shared keywords, examples.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "text or json")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
    }

    func run() async throws {
        let problems = CorpusChecker(directory: options.corpora).check()
        if format == "json" {
            let rows = problems.map {
                ["file": $0.file, "line": $0.line.map(String.init) ?? "", "column": $0.column.map(String.init) ?? "",
                 "severity": $0.severity.rawValue, "message": $0.message]
            }
            let data = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            for problem in problems { print(problem) }
            let errors = problems.filter { $0.severity == .error }.count
            print("\(errors) error(s), \(problems.count - errors) warning(s)")
        }
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode(1) }
    }
}

/// Every check `deskbot check` runs, reusable from tests.
struct CorpusChecker {
    let directory: String

    func check() -> [CorpusProblem] {
        let result = CorpusLoader(directory: directory).read()
        var problems = result.problems
        guard result.errors.isEmpty else { return problems }
        let engine: Classifier
        // Examples are checked on their evidence, not by the exact-example stage (which would match each to itself).
        var policy = ScoringPolicy()
        policy.exactExamples = false
        do { engine = try Classifier.loaded(corpus: result.corpus, directory: directory, policy: policy) } catch {
            return problems + [CorpusProblem(file: directory, line: nil, column: nil, message: "\(error)")]
        }
        for code in result.corpus.locales {
            guard let pack = result.corpus.packs[code] else { continue }
            let file = "\(directory)/\(code)/intents.yaml"
            var owners: [String: Set<IntentID>] = [:]
            for rule in pack.rules {
                for term in rule.keywords + rule.phrases {
                    let key = engine.words(term.text, in: code).joined(separator: " ")
                    owners[key, default: []].insert(rule.id)
                }
            }
            for (term, intents) in owners.sorted(by: { $0.key < $1.key }) where intents.count > 1 {
                problems.append(
                    CorpusProblem(
                        file: file, line: nil, column: nil,
                        message: "keyword `\(term)` is claimed by \(intents.sorted().map(\.rawValue).joined(separator: ", ")) (it counts less in each)",
                        severity: .warning))
            }
            for rule in pack.rules {
                for example in rule.examples {
                    let got = engine.classify(example, locale: code).intent
                    if got != rule.id {
                        problems.append(
                            CorpusProblem(
                                file: file, line: nil, column: nil,
                                message: "example “\(example)” of `\(rule.id)` classifies as \(got?.rawValue ?? "fallback")",
                                severity: .warning))
                    }
                }
            }
        }
        return problems
    }
}
