import DeskCore
import ArgumentParser
import Foundation
import Intents
import Locales

struct Classify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify JSON lines {\"text\", \"locale\"?} from standard input; one JSON result line each.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "A locale for every line that names none (default: detect).")
    var locale: String?

    @Flag(help: "Add every detail of each classification (languages, candidates, evidence, corrections, clarify, slots) to its line, for comparing engine versions.")
    var details = false

    func run() async throws {
        let engine = try Classifier.loaded(corpus: options.loadCorpus(), directory: options.corpora)
        let fixed = locale.map(LocaleID.init(rawValue:))
        var output = ""
        output.reserveCapacity(1 << 16)
        var lineNumber = 0
        while let line = readLine(strippingNewline: true) {
            lineNumber += 1
            if line.allSatisfy(\.isWhitespace) { continue }
            guard let input = ClassifyLine(json: line) else {
                printError("line \(lineNumber): not a JSON object with a \"text\" string")
                output += "{\"intent\":null,\"confidence\":0,\"locale\":null,\"matched\":[],\"error\":\"invalid input\"}\n"
                continue
            }
            let c = engine.classify(input.text, locale: input.locale.map(LocaleID.init(rawValue:)) ?? fixed)
            ClassifyLine.encode(c, into: &output, details: details)
            if output.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }
}

/// One input line of `classify` / `eval`, and the output encoding.
struct ClassifyLine: Decodable {
    let text: String
    let locale: String?
    let intent: String?

    private static let decoder = JSONDecoder()

    init?(json: String) {
        guard let value = try? ClassifyLine.decoder.decode(ClassifyLine.self, from: Data(json.utf8)) else { return nil }
        self = value
    }

    static func encode(_ c: Classification, into out: inout String, details: Bool = false) {
        out += "{\"intent\":"
        if let intent = c.intent { appendString(intent.rawValue, to: &out) } else { out += "null" }
        out += ",\"confidence\":"
        out += String((c.confidence * 1000).rounded() / 1000)
        out += ",\"locale\":"
        appendString(c.locale.rawValue, to: &out)
        out += ",\"matched\":["
        for (i, e) in (c.match.intentMatch?.evidence ?? []).enumerated() {
            if i > 0 { out += "," }
            appendString(e.term, to: &out)
        }
        out += "]"
        if details { appendDetails(c, to: &out) }
        out += "}\n"
    }

    /// Everything behind a classification, exact (scores and probabilities unrounded): `--details`.
    static func appendDetails(_ c: Classification, to out: inout String) {
        out += ",\"languages\":["
        out += c.languages.map { "\"\($0.locale.rawValue) \($0.probability)\"" }.joined(separator: ",")
        out += "],\"source\":"
        appendString(c.languageSource.rawValue, to: &out)
        out += ",\"tokens\":"
        appendString(c.normalized.tokens.joined(separator: " | "), to: &out)
        out += ",\"candidates\":["
        for (i, candidate) in c.candidates.enumerated() {
            if i > 0 { out += "," }
            let evidence = candidate.evidence.map {
                "\($0.term)/\($0.kind.rawValue)/\($0.strength.rawValue)/\($0.weight)/\($0.correctedFrom ?? "")@\($0.position)"
            }
            appendString("\(candidate.intent) \(candidate.score) \(candidate.coverage): " + evidence.joined(separator: ", "), to: &out)
        }
        out += "],\"corrections\":"
        appendString(c.corrections.map { "\($0.0)>\($0.1)" }.joined(separator: " "), to: &out)
        out += ",\"clarify\":"
        appendString(c.clarify.map(\.rawValue).joined(separator: " "), to: &out)
        out += ",\"cues\":"
        appendString(c.cueWords.joined(separator: " "), to: &out)
        out += ",\"slots\":"
        appendString(c.slots.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "), to: &out)
        out += ",\"decision\":"
        switch c.match {
        case .intent(let m): appendString("\(m.intent) \(m.score) \(m.confidence)", to: &out)
        case .noMatch(let reason): appendString("none: " + reason, to: &out)
        }
    }

    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
