import Foundation
import Intents
import Yams

/// Reads the dialogue words of a locale that the pack reader does not: `ratings.yaml` (optional; the words citizens
/// use for a rating from 1 to 5) and the order of the `sms.yaml` topics.
///
/// ```yaml
/// 5: [five, "five stars", excellent]
/// 4: [four, "four stars", good]
/// ```
package struct DialogueWordsReader {
    package let path: String

    package func read(_ problems: inout [CorpusProblem]) -> [Int: [String]] {
        let file = YAMLFile(path: path, required: false)
        var words: [Int: [String]] = [:]
        for (key, node) in file.topMapping() {
            guard let rating = Int(key), (1...5).contains(rating) else {
                file.report("`\(key)` is not a rating: use 1, 2, 3, 4 or 5 as keys", at: node)
                continue
            }
            words[rating, default: []] += file.strings(node, "rating \(key)")
        }
        problems += file.problems
        return words
    }

    /// The topic words of a locale's `sms.yaml` in the file's order (its problems are reported by the pack reader).
    package static func topicOrder(smsFile path: String) -> [String] {
        let file = YAMLFile(path: path, required: false)
        guard let topics = file.topMapping().first(where: { $0.0 == "topics" })?.1.mapping else { return [] }
        return file.pairs(topics).map(\.0)
    }
}
