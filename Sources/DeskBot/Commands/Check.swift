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

