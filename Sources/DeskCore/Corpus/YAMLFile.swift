import Foundation
import Yams

/// A parsed YAML file that records problems (with line and column) instead of stopping at the first one.
package final class YAMLFile {
    package let path: String
    private(set) var problems: [CorpusProblem] = []
    package let root: Node?

    package init(path: String, required: Bool = true) {
        self.path = path
        var problems: [CorpusProblem] = []
        var root: Node?
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
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
            return CorpusProblem(file: path, line: mark.line, column: mark.column, message: "YAML syntax: \(what)")
        default:
            return CorpusProblem(file: path, line: nil, column: nil, message: "YAML: \(error)")
        }
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
