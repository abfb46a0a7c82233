import Synchronization

/// A bounded, thread-safe memo of per-word verdicts (is this word in a lexicon, what would the speller make of it),
/// shared by the copies of the value that owns it. Verdicts are pure functions of the word, so the memo changes how
/// fast an answer comes, never the answer; once full it stops remembering new words (it never evicts, so its cost
/// stays one lock and one hash lookup).
public final class WordMemo<Value: Sendable>: Sendable {
    private let table = Mutex<[WordKey: Value]>([:])
    /// At most this many words are remembered.
    public let capacity: Int

    public init(capacity: Int = 1 << 17) { self.capacity = capacity }

    /// The remembered verdict for the word, or the one `compute` gives (remembered while there is room).
    @inline(__always)
    public func value(for word: String, _ compute: () -> Value) -> Value {
        let key = WordKey(word)
        if let known = table.withLock({ $0[key] }) { return known }
        let value = compute()
        table.withLock { table in
            if table.count < capacity { table[key] = value }
        }
        return value
    }

    /// How many words are remembered.
    public var count: Int { table.withLock { $0.count } }
}
