import Foundation
import Yams

/// A parsed YAML file that records problems (with line and column) instead of stopping at the first one.
package final class YAMLFile {
    package let path: String
    package private(set) var problems: [CorpusProblem] = []
    package let root: Node?

    package convenience init(path: String, required: Bool = true) {
        self.init(path: path, text: try? String(contentsOfFile: path, encoding: .utf8), required: required)
    }

    /// A file whose text was read already (`nil`: missing or not UTF-8); `path` names it in problems.
    package init(path: String, text: String?, required: Bool = true) {
        self.path = path
        var problems: [CorpusProblem] = []
        var root: Node?
        if let text {
            do {
                root = try Yams.compose(yaml: text)
            } catch let error as YamlError {
                problems.append(YAMLFile.problem(path, error))
            } catch {
                problems.append(CorpusProblem(file: path, line: nil, column: nil, message: "\(error)"))
            }
        } else if required {
            let exists = FileManager.default.fileExists(atPath: path)
            problems.append(
                CorpusProblem(file: path, line: nil, column: nil, message: exists ? "not readable as UTF-8" : "file is missing"))
        }
        self.root = root
        self.problems = problems
    }

    package static func problem(_ path: String, _ error: YamlError) -> CorpusProblem {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let what = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return CorpusProblem(file: path, line: mark.line, column: mark.column, message: "\(plainWords(problem)) (YAML: \(what))")
        default:
            return CorpusProblem(file: path, line: nil, column: nil, message: "this file cannot be read as YAML (\(error))")
        }
    }

    /// What libyaml's terse problem means, in a sentence a city clerk can act on.
    static func plainWords(_ problem: String) -> String {
        let rules: [(String, String)] = [
            ("mapping values are not allowed", "a text contains `: ` (a colon and a space); put the whole text in double quotes"),
            ("could not find expected ':'", "a line is missing the `:` after its name, or a text goes on to the next line; put long texts in double quotes on one line"),
            ("did not find expected key", "this line is not indented like the lines around it; use the same number of spaces as its neighbours"),
            ("did not find expected ',' or ']'", "a list in square brackets `[ … ]` is not closed, or an item in it contains a comma or a quote; put such items in double quotes"),
            ("did not find expected ',' or '}'", "a `{ … }` is not closed, or a value in it contains a comma; put such values in double quotes"),
            ("did not find expected '-' indicator", "a list item is not indented like the other items; line up the `- `"),
            ("found character that cannot start any token", "a text starts with a character YAML reserves (such as `@`, a backtick, `%` or a tab); indent with spaces and put the text in double quotes"),
            ("found unexpected end of stream", "a quote or bracket opened here is never closed"),
            ("found unknown escape character", "a backslash `\\` inside double quotes starts an unknown escape; write it twice (`\\\\`) or use single quotes"),
            ("block sequence entries are not allowed", "a `- ` list item appears where a single value was expected; start the list on the next line, indented"),
            ("found a tab character", "a tab is used for indentation; use spaces"),
            ("did not find expected node content", "a value is missing here (for example a `-` with nothing after it)"),
            ("found undefined tag handle", "a `!` starts a text; put the text in double quotes"),
        ]
        for (pattern, sentence) in rules where problem.contains(pattern) { return sentence }
        return "the file is not valid YAML here; check quotes, colons and indentation on this line and the one above"
    }

    package func report(_ message: String, at node: Node?, severity: CorpusProblem.Severity = .error) {
        problems.append(
            CorpusProblem(file: path, line: node?.mark?.line, column: node?.mark?.column, message: message, severity: severity))
    }

    // MARK: - Typed access

    /// The top-level mapping as ordered (key, value) pairs.
    package func topMapping() -> [(String, Node)] {
        guard let root else { return [] }
        guard let mapping = root.mapping else {
            report("expected a mapping of keys to values at the top level", at: root)
            return []
        }
        return pairs(mapping)
    }

    package func pairs(_ mapping: Node.Mapping) -> [(String, Node)] {
        mapping.compactMap { key, value in
            guard let k = key.string else {
                report("a key must be plain text", at: key)
                return nil
            }
            return (k, value)
        }
    }

    package func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard let s = node.scalar?.string else {
            report("\(what) must be a text", at: node)
            return nil
        }
        return s
    }

    package func strings(_ node: Node?, _ what: String) -> [String] {
        guard let node else { return [] }
        if let s = node.scalar?.string, ["", "~", "null"].contains(s) { return [] }
        guard let sequence = node.sequence else {
            report("\(what) must be a list (lines starting with `- `)", at: node)
            return []
        }
        return sequence.compactMap { item in
            guard let s = item.scalar?.string else {
                report("each item of \(what) must be a text", at: item)
                return nil
            }
            return s
        }
    }
}
