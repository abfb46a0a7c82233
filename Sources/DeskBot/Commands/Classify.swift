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
            ClassifyLine.encode(c, into: &output)
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

    static func encode(_ c: Classification, into out: inout String) {
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
        out += "]}\n"
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
