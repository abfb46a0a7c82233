import Foundation

/// Groups unmatched messages whose words mostly coincide (Jaccard ≥ 0.6), so staff see each question once.
package enum UnmatchedGroups {
    package struct Group: Sendable {
        package let id: Int64
        /// Every message in the group (the first is `id`).
        package var ids: [Int64]
        package let locale: String
        package var count: Int
        package let text: String
        package var lastSeen: Date
        let words: Set<Substring>
    }

    package static func group(_ rows: [UnmatchedRecord]) -> [Group] {
        var groups: [Group] = []
        for row in rows {
            let words = Set(row.text.split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }))
            if let i = groups.firstIndex(where: { $0.locale == row.locale && similarity($0.words, words) >= 0.6 }) {
                groups[i].count += 1
                if let id = row.id { groups[i].ids.append(id) }
                groups[i].lastSeen = max(groups[i].lastSeen, row.createdAt)
            } else {
                groups.append(Group(id: row.id ?? 0, ids: row.id.map { [$0] } ?? [], locale: row.locale, count: 1, text: row.text, lastSeen: row.createdAt, words: words))
            }
        }
        return groups.sorted { $0.count > $1.count || ($0.count == $1.count && $0.id < $1.id) }
    }

    static func similarity(_ a: Set<Substring>, _ b: Set<Substring>) -> Double {
        let union = a.union(b).count
        return union == 0 ? 1 : Double(a.intersection(b).count) / Double(union)
    }
}
