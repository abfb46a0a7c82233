import DeskCore
import ArgumentParser
import Intents
import Locales

struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show why a message gets its intent: normalization, languages, tokens, candidates, decision.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "A locale to use instead of detecting one.")
    var locale: String?

    @Argument(help: "The message.")
    var text: String

    func run() async throws {
        let engine = try Classifier.loaded(corpus: options.loadCorpus(), directory: options.corpora)
        let c = engine.classify(text, locale: locale.map(LocaleID.init(rawValue:)))
        print("text: \(text)")
        for line in Explanation.lines(for: c, top: 8) { print(line) }
    }
}
