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

    @Option(help: "Threads that classify (default: one per core). Output stays in input order.")
    var threads: Int?

    /// One input line, parsed.
    enum Item: Sendable {
        case blank
        case invalid
        case message(text: String, locale: LocaleID?)
    }

    func run() async throws {
        let engine = try Classifier.loaded(corpus: options.loadCorpus(), directory: options.corpora)
        let fixed = locale.map(LocaleID.init(rawValue:))
        let workers = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        let details = details
        var reader = LineReader()
        var lineNumber = 0
        // Standard input in big reads; each read's lines are classified on all cores, in slices whose outputs are
        // joined in input order and written at once.
        while let lines = reader.nextBatch() {
            var items: [Item] = []
            items.reserveCapacity(lines.count)
            for line in lines {
                lineNumber += 1
                if line.allSatisfy(\.isWhitespace) {
                    items.append(.blank)
                    continue
                }
                guard let input = ClassifyLine(json: line) else {
                    printError("line \(lineNumber): not a JSON object with a \"text\" string")
                    items.append(.invalid)
                    continue
                }
                items.append(.message(text: input.text, locale: input.locale.map(LocaleID.init(rawValue:)) ?? fixed))
            }
            let output = await Self.classify(items, engine: engine, workers: workers, details: details)
            Self.write(output)
        }
    }

    /// The output lines of `items`, in order, classified in up to `workers` slices at once.
    static func classify(_ items: [Item], engine: Classifier, workers: Int, details: Bool) async -> [UInt8] {
        let slices = items.count < 64 ? 1 : min(workers * 4, items.count / 16)
        if slices <= 1 { return encode(items[...], engine: engine, details: details) }
        let size = (items.count + slices - 1) / slices
        var parts = [[UInt8]](repeating: [], count: slices)
        await withTaskGroup(of: (Int, [UInt8]).self) { group in
            for k in 0..<slices {
                let part = items[min(items.count, k * size)..<min(items.count, (k + 1) * size)]
                group.addTask { (k, encode(part, engine: engine, details: details)) }
            }
            for await (k, bytes) in group { parts[k] = bytes }
        }
        var out: [UInt8] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { out += part }
        return out
    }

    static func encode(_ items: ArraySlice<Item>, engine: Classifier, details: Bool) -> [UInt8] {
        var output = ""
        output.reserveCapacity(items.count * 96)
        for item in items {
            switch item {
            case .blank: continue
            case .invalid:
                output += "{\"intent\":null,\"confidence\":0,\"locale\":null,\"matched\":[],\"error\":\"invalid input\"}\n"
            case .message(let text, let locale):
                ClassifyLine.encode(engine.classify(text, locale: locale), into: &output, details: details)
            }
        }
        return Array(output.utf8)
    }

    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Foundation.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}

/// Standard input in big reads, cut into lines the way `readLine(strippingNewline: true)` cuts them (a line ends at
/// "\n"; a "\r" before it, or at the very end, is dropped; invalid UTF-8 is repaired).
struct LineReader {
    private var pending: [UInt8] = []
    private var done = false
    private let chunk: Int

    init(chunk: Int = 1 << 20) { self.chunk = chunk }

    /// The next complete lines (without their line ends), or `nil` at the end of input.
    mutating func nextBatch() -> [String]? {
        var buffer = [UInt8](repeating: 0, count: chunk)
        while true {
            if done {
                guard !pending.isEmpty else { return nil }
                let last = Self.line(pending[...])
                pending = []
                return [last]
            }
            let n = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, chunk) }
            if n < 0 {
                if errno == EINTR { continue }
                done = true
                continue
            }
            if n == 0 {
                done = true
                continue
            }
            pending += buffer[0..<n]
            guard let lastNewline = pending.lastIndex(of: 0x0A) else { continue }
            var lines: [String] = []
            var start = 0
            for i in 0...lastNewline where pending[i] == 0x0A {
                lines.append(Self.line(pending[start..<i]))
                start = i + 1
            }
            pending.removeFirst(lastNewline + 1)
            return lines
        }
    }

    static func line(_ bytes: ArraySlice<UInt8>) -> String {
        var s = String(decoding: bytes, as: UTF8.self)
        if s.utf8.last == 0x0D { s.removeLast() }
        return s
    }
}

/// One input line of `classify` / `eval`, and the output encoding.
struct ClassifyLine: Decodable {
    let text: String
    let locale: String?
    let intent: String?

    private static let decoder = JSONDecoder()

    private init(text: String, locale: String?, intent: String?) {
        self.text = text
        self.locale = locale
        self.intent = intent
    }

    init?(json: String) {
        var json = json
        if let fast = json.withUTF8({ FlatJSON.parse($0) }) {
            guard let fast else { return nil }
            self = fast
            return
        }
        guard let value = try? ClassifyLine.decoder.decode(ClassifyLine.self, from: Data(json.utf8)) else { return nil }
        self = value
    }

    /// A reader for the common shape — one object of string (or null / true / false) values, no surrogate escapes,
    /// no repeated keys — that agrees with `JSONDecoder` on it; anything else is left to `JSONDecoder`.
    enum FlatJSON {
        /// `.some(line)` or `.some(nil)` (not a valid line) when this reader is sure; `nil` to ask `JSONDecoder`.
        static func parse(_ b: UnsafeBufferPointer<UInt8>) -> ClassifyLine?? {
            var i = 0
            let n = b.count
            func skip() { while i < n, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 } }
            // A string starting at the quote; nil to give up.
            func string() -> String? {
                guard i < n, b[i] == 0x22 else { return nil }
                i += 1
                let start = i
                var plain = true
                while i < n, b[i] != 0x22 {
                    if b[i] < 0x20 { return nil }
                    if b[i] == 0x5C {
                        plain = false
                        i += 2
                        continue
                    }
                    i += 1
                }
                guard i < n else { return nil }
                let end = i
                i += 1
                if plain { return String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self) }
                var scalars = String.UnicodeScalarView()
                var bytes: [UInt8] = []
                var j = start
                func flush() {
                    if !bytes.isEmpty {
                        scalars.append(contentsOf: String(decoding: bytes, as: UTF8.self).unicodeScalars)
                        bytes.removeAll()
                    }
                }
                while j < end {
                    if b[j] != 0x5C {
                        bytes.append(b[j])
                        j += 1
                        continue
                    }
                    guard j + 1 < end else { return nil }
                    let e = b[j + 1]
                    j += 2
                    switch e {
                    case 0x22: bytes.append(0x22)
                    case 0x5C: bytes.append(0x5C)
                    case 0x2F: bytes.append(0x2F)
                    case 0x62: bytes.append(0x08)
                    case 0x66: bytes.append(0x0C)
                    case 0x6E: bytes.append(0x0A)
                    case 0x72: bytes.append(0x0D)
                    case 0x74: bytes.append(0x09)
                    case 0x75:
                        guard j + 4 <= end else { return nil }
                        var v: UInt32 = 0
                        for k in 0..<4 {
                            let h = b[j + k]
                            let d: UInt32
                            switch h {
                            case 0x30...0x39: d = UInt32(h - 0x30)
                            case 0x41...0x46: d = UInt32(h - 0x41 + 10)
                            case 0x61...0x66: d = UInt32(h - 0x61 + 10)
                            default: return nil
                            }
                            v = v << 4 | d
                        }
                        j += 4
                        guard let scalar = Unicode.Scalar(v) else { return nil }  // surrogates: JSONDecoder decides
                        flush()
                        scalars.append(scalar)
                    default: return nil
                    }
                }
                flush()
                return String(scalars)
            }
            skip()
            guard i < n, b[i] == 0x7B else { return nil }
            i += 1
            var text: String?
            var locale: String?
            var intent: String?
            var seen = Set<String>()
            skip()
            if i < n, b[i] == 0x7D {
                i += 1
            } else {
                while true {
                    skip()
                    guard let key = string() else { return nil }
                    guard seen.insert(key).inserted else { return nil }
                    skip()
                    guard i < n, b[i] == 0x3A else { return nil }
                    i += 1
                    skip()
                    guard i < n else { return nil }
                    var value: String?
                    if b[i] == 0x22 {
                        guard let s = string() else { return nil }
                        value = s
                    } else if n - i >= 4, b[i] == 0x6E, b[i + 1] == 0x75, b[i + 2] == 0x6C, b[i + 3] == 0x6C {
                        i += 4
                    } else if key != "text" && key != "locale" && key != "intent" {
                        if n - i >= 4, b[i] == 0x74, b[i + 1] == 0x72, b[i + 2] == 0x75, b[i + 3] == 0x65 {
                            i += 4
                        } else if n - i >= 5, b[i] == 0x66, b[i + 1] == 0x61, b[i + 2] == 0x6C, b[i + 3] == 0x73, b[i + 4] == 0x65 {
                            i += 5
                        } else {
                            return nil
                        }
                    } else {
                        return nil
                    }
                    switch key {
                    case "text": text = value
                    case "locale": locale = value
                    case "intent": intent = value
                    default: break
                    }
                    if key == "text" && value == nil { return nil }
                    skip()
                    guard i < n else { return nil }
                    if b[i] == 0x2C {
                        i += 1
                        continue
                    }
                    guard b[i] == 0x7D else { return nil }
                    i += 1
                    break
                }
            }
            skip()
            guard i == n else { return nil }
            guard let text else { return .some(nil) }
            return .some(ClassifyLine(text: text, locale: locale, intent: intent))
        }
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
        if let o = c.opinion {
            out += ",\"opinion\":{\"best\":"
            if let best = o.best { appendString(best.rawValue, to: &out) } else { out += "null" }
            out += ",\"margin\":\(o.margin),\"runnerUp\":\(o.runnerUp),\"known\":\(o.known),\"effect\":\"\(o.effect.rawValue)\",\"margins\":{"
            out += o.margins.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\"\($0.key.rawValue)\":\($0.value)" }.joined(separator: ",")
            out += "}}"
        }
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
