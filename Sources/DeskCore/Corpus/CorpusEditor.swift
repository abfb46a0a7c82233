import Foundation
import Intents
import Locales

/// Adds an example or keyword to one intent of a locale's `intents.yaml` as a one-line text edit, so the file stays
/// as staff wrote it (comments, order, spacing); the result is checked and the edit undone if it breaks the corpus.
package struct CorpusEditor {
    package let directory: String
    package init(directory: String) { self.directory = directory }

    package enum EditError: Error, CustomStringConvertible {
        case noIntent(IntentID, file: String)
        case invalidAfterEdit([CorpusProblem])
        package var description: String {
            switch self {
            case .noIntent(let id, let file): "\(file) has no intent `\(id)`"
            case .invalidAfterEdit(let problems):
                "the edit would break the corpus, so it was not made:\n" + problems.map { "  \($0)" }.joined(separator: "\n")
            }
        }
    }

    /// Appends `text` to `field` (`examples` or `keywords`) of `intent`.
    package func add(_ text: String, to field: String, of intent: IntentID, locale: LocaleID) throws {
        let path = "\(directory)/\(locale.rawValue)/intents.yaml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let edited = try Self.insert(text, field: field, intent: intent, in: original, file: path)
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        let errors = CorpusLoader(directory: directory).read().errors
        if !errors.isEmpty {
            try original.write(toFile: path, atomically: true, encoding: .utf8)
            throw EditError.invalidAfterEdit(errors)
        }
    }

    /// The file with `- "text"` added as the last item of the intent's field (the field is created if missing).
    package static func insert(_ text: String, field: String, intent: IntentID, in source: String, file: String) throws -> String {
        var lines = source.components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("\(intent.rawValue):") }) else {
            throw EditError.noIntent(intent, file: file)
        }
        // The intent's block runs until the next line that starts at column 0 (another intent).
        var end = start + 1
        while end < lines.count, lines[end].isEmpty || lines[end].hasPrefix(" ") || lines[end].hasPrefix("#") && !lines[end].hasPrefix("# ") {
            end += 1
        }
        let item = quoted(text)
        if let fieldLine = (start + 1..<end).first(where: { lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix("\(field):") }) {
            let fieldIndent = lines[fieldLine].prefix(while: { $0 == " " }).count
            // Flow style `field: [a, b]`: insert before the closing bracket.
            if let open = lines[fieldLine].firstIndex(of: "["), let close = lines[fieldLine].lastIndex(of: "]"), open < close {
                let inner = lines[fieldLine][lines[fieldLine].index(after: open)..<close].trimmingCharacters(in: .whitespaces)
                lines[fieldLine] = String(lines[fieldLine][...open]) + (inner.isEmpty ? item : inner + ", " + item) + "]"
                return lines.joined(separator: "\n")
            }
            var last = fieldLine
            var itemIndent = fieldIndent + 2
            var k = fieldLine + 1
            while k < end {
                let line = lines[k]
                let indent = line.prefix(while: { $0 == " " }).count
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || trimmed.hasPrefix("#") { k += 1; continue }
                if indent <= fieldIndent && !trimmed.hasPrefix("- ") { break }
                if indent < fieldIndent { break }
                if trimmed.hasPrefix("- ") { itemIndent = indent; last = k }
                k += 1
            }
            lines.insert(String(repeating: " ", count: itemIndent) + "- " + item, at: last + 1)
        } else {
            var insertAt = end
            while insertAt > start + 1, lines[insertAt - 1].trimmingCharacters(in: .whitespaces).isEmpty { insertAt -= 1 }
            lines.insert(contentsOf: ["  \(field):", "    - \(item)"], at: insertAt)
        }
        return lines.joined(separator: "\n")
    }

    /// A YAML double-quoted scalar.
    package static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
