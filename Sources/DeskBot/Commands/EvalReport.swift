import DeskCore
import Foundation
import Intents
import Locales

/// Accuracy, macro-F1, out-of-scope false accepts, confusions and slowest messages, per locale.
struct EvalReport {
    struct Row {
        let locale: LocaleID
        let text: String
        let expected: IntentID?
        let got: IntentID?
        let detected: LocaleID
        let micros: Double
    }

    struct Summary: Codable {
        let locale: String
        let lines: Int
        let accuracy: Double
        let macroF1: Double
        let inScopeAccuracy: Double
        let outOfScopeFalseAccept: Double
        let languageAccuracy: Double
        let confusions: [String]
        let slowest: [String]
    }

    let rows: [Row]

    static func files(_ paths: [String]) throws -> [String] {
        try paths.flatMap { path -> [String] in
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            guard isDir.boolValue else { return [path] }
            return try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".jsonl") }.sorted()
                .map { "\(path)/\($0)" }
        }
    }

    var summaries: [Summary] {
        let byLocale = Dictionary(grouping: rows, by: \.locale)
        var out = byLocale.keys.sorted().map { summarize($0.rawValue, byLocale[$0] ?? []) }
        if byLocale.count > 1 { out.append(summarize("all", rows)) }
        return out
    }

    private func summarize(_ name: String, _ rows: [Row]) -> Summary {
        let correct = rows.filter { $0.expected == $0.got }.count
        let inScope = rows.filter { $0.expected != nil }
        let outOfScope = rows.filter { $0.expected == nil }
        let labels = Set(rows.compactMap(\.expected) + rows.compactMap(\.got))
        let f1s = labels.map { label -> Double in
            let tp = Double(rows.filter { $0.expected == label && $0.got == label }.count)
            let fp = Double(rows.filter { $0.expected != label && $0.got == label }.count)
            let fn = Double(rows.filter { $0.expected == label && $0.got != label }.count)
            return tp == 0 ? 0 : 2 * tp / (2 * tp + fp + fn)
        }
        var pairs: [String: Int] = [:]
        for r in rows where r.expected != r.got {
            pairs["\(r.expected?.rawValue ?? "none") → \(r.got?.rawValue ?? "fallback")", default: 0] += 1
        }
        let confusions = pairs.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(5)
            .map { "\($0.key) ×\($0.value)" }
        let slowest = rows.sorted { $0.micros > $1.micros }.prefix(3)
            .map { String(format: "%.0f µs", $0.micros) + " “\($0.text)”" }
        func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
        return Summary(
            locale: name, lines: rows.count, accuracy: ratio(correct, rows.count),
            macroF1: f1s.isEmpty ? 0 : f1s.reduce(0, +) / Double(f1s.count),
            inScopeAccuracy: ratio(inScope.filter { $0.expected == $0.got }.count, inScope.count),
            outOfScopeFalseAccept: ratio(outOfScope.filter { $0.got != nil }.count, outOfScope.count),
            languageAccuracy: ratio(rows.filter { $0.detected == $0.locale }.count, rows.count),
            confusions: confusions, slowest: slowest)
    }

    func text() -> String {
        var lines = ["| locale | lines | accuracy | macro-F1 | in-scope acc. | OOS false-accept | language id |", "|---|---|---|---|---|---|---|"]
        let all = summaries
        for s in all {
            lines.append(
                String(
                    format: "| %@ | %d | %.1f%% | %.3f | %.1f%% | %.1f%% | %.1f%% |", s.locale, s.lines, s.accuracy * 100, s.macroF1,
                    s.inScopeAccuracy * 100, s.outOfScopeFalseAccept * 100, s.languageAccuracy * 100))
        }
        for s in all where s.locale != "all" {
            lines.append("")
            lines.append("\(s.locale): top confusions: \(s.confusions.isEmpty ? "none" : s.confusions.joined(separator: "; "))")
            lines.append("\(s.locale): slowest: \(s.slowest.joined(separator: "; "))")
        }
        return lines.joined(separator: "\n")
    }

    func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(summaries), as: UTF8.self)) ?? "[]"
    }
}
