import DeskCore
import Foundation
import Intents
import Locales
import Yams

/// Line-level edits of a locale's corpus files, so each file stays as staff wrote it (comments, order, spacing):
/// an FAQ answer replaces its key's lines in `replies.yaml`; an intent's keywords, phrases or examples keep every
/// line still wanted, drop removed items and add new ones after the last item. Every save is checked with the
/// same checks as `deskbot check`; an edit that brings an error is undone and its problems returned.
struct KnowledgeEditor {
    let directory: String

    enum EditError: Error, CustomStringConvertible {
        case noKey(String, file: String)
        case noIntent(String, file: String)
        var description: String {
            switch self {
            case .noKey(let key, let file): "\(file) has no reply `\(key)`"
            case .noIntent(let id, let file): "\(file) has no intent `\(id)`"
            }
        }
    }

    static let fields = ["keywords", "phrases", "examples"]

    func repliesPath(_ locale: String) -> String { "\(directory)/\(locale)/replies.yaml" }
    func intentsPath(_ locale: String) -> String { "\(directory)/\(locale)/intents.yaml" }

    // MARK: - Saving with checks

    /// Writes `edited` to `path`, runs the corpus checks, and puts the original back when they find errors.
    /// - Returns: the errors (empty when saved).
    func save(_ edited: String, to path: String) throws -> [CorpusProblem] {
        let original = try String(contentsOfFile: path, encoding: .utf8)
        guard edited != original else { return [] }
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let errors = CorpusChecker(directory: directory).check().filter { $0.severity == .error }
        if !errors.isEmpty { try original.write(toFile: path, atomically: true, encoding: .utf8) }
        return errors
    }

    // MARK: - Replies

    /// The top-level reply `key`'s lines: its first line and the indented lines of a block scalar.
    static func replyRange(_ key: String, in lines: [String]) -> Range<Int>? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("\(key):") }) else { return nil }
        var end = start + 1
        let value = lines[start].dropFirst(key.count + 1).trimmingCharacters(in: .whitespaces)
        let open = value.hasPrefix("\"") && !Self.closesQuote(value) || value.hasPrefix("'") && !(value.count > 1 && value.hasSuffix("'"))
        if value.isEmpty || value.hasPrefix("|") || value.hasPrefix(">") || open {
            while end < lines.count, lines[end].hasPrefix(" ") || lines[end].isEmpty && end + 1 < lines.count && lines[end + 1].hasPrefix(" ") {
                end += 1
            }
        }
        return start..<end
    }

    private static func closesQuote(_ value: String) -> Bool {
        guard value.count > 1, value.hasSuffix("\"") else { return false }
        var backslashes = 0
        for ch in value.dropLast().reversed() { if ch == "\\" { backslashes += 1 } else { break } }
        return backslashes % 2 == 0
    }

    /// The file with the reply `key` set to `text` (one double-quoted line; the rest of the file unchanged).
    static func settingReply(_ key: String, to text: String, in source: String, file: String) throws -> String {
        var lines = source.components(separatedBy: "\n")
        guard let range = replyRange(key, in: lines) else { throw EditError.noKey(key, file: file) }
        let clean = text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        lines.replaceSubrange(range, with: ["\(key): \(CorpusEditor.quoted(clean))"])
        return lines.joined(separator: "\n")
    }

    // MARK: - Intent fields

    /// The item lines of `field` in `intent`'s block: (line index, the item as staff see it).
    static func items(_ field: String, of intent: String, in lines: [String]) -> (fieldLine: Int?, blockEnd: Int, items: [(Int, String)])? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("\(intent):") }) else { return nil }
        var end = start + 1
        while end < lines.count, lines[end].isEmpty || lines[end].hasPrefix(" ") || lines[end].hasPrefix("#") { end += 1 }
        guard let fieldLine = (start + 1..<end).first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "\(field):" }) else {
            return (nil, end, [])
        }
        let fieldIndent = lines[fieldLine].prefix(while: { $0 == " " }).count
        var items: [(Int, String)] = []
        var k = fieldLine + 1
        while k < end {
            let line = lines[k]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix(while: { $0 == " " }).count
            if trimmed.isEmpty || trimmed.hasPrefix("#") { k += 1; continue }
            if indent < fieldIndent || (indent == fieldIndent && !trimmed.hasPrefix("- ")) { break }
            if trimmed.hasPrefix("- ") { items.append((k, display(String(trimmed.dropFirst(2))))) }
            k += 1
        }
        return (fieldLine, end, items)
    }

    /// An item as staff edit it: `text` or `text: weight`.
    static func display(_ item: String) -> String {
        guard let value = try? Yams.load(yaml: item) else { return item }
        if let text = value as? String { return text }
        if let map = value as? [String: Any], let (k, v) = map.first { return "\(k): \(v)" }
        return item
    }

    /// An item line as written to the file.
    static func yamlItem(_ shown: String) -> String {
        if let colon = shown.lastIndex(of: ":"), let weight = Double(shown[shown.index(after: colon)...].trimmingCharacters(in: .whitespaces)) {
            let text = shown[..<colon].trimmingCharacters(in: .whitespaces)
            return "\(CorpusEditor.quoted(text)): \(weight == weight.rounded() ? String(Int(weight)) : String(weight))"
        }
        return CorpusEditor.quoted(shown)
    }

    /// The file with `field` of `intent` holding exactly `wanted` (in the given order for new items); lines of items
    /// kept are left as they were, with their comments.
    static func settingItems(_ wanted: [String], field: String, of intent: String, in source: String, file: String) throws -> String {
        var lines = source.components(separatedBy: "\n")
        guard let found = items(field, of: intent, in: lines) else { throw EditError.noIntent(intent, file: file) }
        var remaining = wanted
        var drop: [Int] = []
        for (index, shown) in found.items {
            if let i = remaining.firstIndex(of: shown) { remaining.remove(at: i) } else { drop.append(index) }
        }
        guard let fieldLine = found.fieldLine else {
            guard !remaining.isEmpty else { return source }
            var insertAt = found.blockEnd
            while insertAt > 0, lines[insertAt - 1].trimmingCharacters(in: .whitespaces).isEmpty { insertAt -= 1 }
            lines.insert(contentsOf: ["  \(field):"] + remaining.map { "    - \(yamlItem($0))" }, at: insertAt)
            return lines.joined(separator: "\n")
        }
        let indent = found.items.first.map { lines[$0.0].prefix(while: { $0 == " " }).count }
            ?? (lines[fieldLine].prefix(while: { $0 == " " }).count + 2)
        let after = found.items.last?.0 ?? fieldLine
        let newLines = remaining.map { String(repeating: " ", count: indent) + "- " + yamlItem($0) }
        lines.insert(contentsOf: newLines, at: after + 1)
        for index in drop.sorted(by: >) { lines.remove(at: index) }
        // A field left without items is removed (an empty list would not parse as one).
        if wanted.isEmpty { lines.remove(at: fieldLine) }
        return lines.joined(separator: "\n")
    }
}
