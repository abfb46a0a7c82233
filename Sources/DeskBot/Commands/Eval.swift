import DeskCore
import ArgumentParser
import Foundation
import Intents
import Locales

struct Eval: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure the engine on labeled JSON lines {\"text\", \"locale\"?, \"intent\" or null}.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Labeled JSON lines; repeat the option or pass a folder of .jsonl files.")
    var data: [String]

    @Option(help: "text or json")
    var format: String = "text"

    @Flag(help: "Detect the language of every line instead of using its locale.")
    var detect = false

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json") }
    }

    func run() async throws {
        let engine = try Classifier.loaded(corpus: options.loadCorpus(), directory: options.corpora)
        var rows: [EvalReport.Row] = []
        for file in try EvalReport.files(data) {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.allSatisfy(\.isWhitespace) {
                guard let item = ClassifyLine(json: String(line)) else {
                    throw ValidationError("\(file):\(n + 1): not a JSON object with \"text\"")
                }
                let given = item.locale.map(LocaleID.init(rawValue:))
                let t0 = DispatchTime.now().uptimeNanoseconds
                let c = engine.classify(item.text, locale: detect ? nil : given)
                let micros = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000
                rows.append(
                    EvalReport.Row(
                        locale: given ?? c.locale, text: item.text, expected: item.intent.map(IntentID.init(rawValue:)),
                        got: c.intent, detected: c.locale, micros: micros))
            }
        }
        let report = EvalReport(rows: rows)
        print(format == "json" ? report.json() : report.text())
    }
}
