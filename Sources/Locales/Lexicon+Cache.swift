#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A parsed hunspell dictionary saved as one flat binary file (stems' hashes and flags, the folded affix rules), so
/// that the next process reads it back instead of parsing and folding the `.dic` again. The file carries the size and
/// modification time of the `.dic` and `.aff` it was made from and is ignored (and made again) when they change.
extension Lexicon {
    static let cacheMagic: [UInt8] = Array("DKLX0001".utf8)

    /// The lexicon as bytes, with `stamp` (what it was made from) in the header.
    func serialized(stamp: String) -> [UInt8] {
        var out = Self.cacheMagic
        var w = ByteWriter(out: out)
        w.string(stamp)
        w.int(hashes.count)
        w.int(flagPool.count)
        w.raw(hashes)
        w.raw(flagStart)
        w.raw(flagCount)
        w.raw(flagPool)
        w.int(longestSuffix)
        w.int(longestPrefix)
        for table in [suffixes, prefixes] {
            w.int(table.count)
            for (key, rules) in table {
                w.string(key.text)
                w.int(rules.count)
                for rule in rules {
                    w.int(Int(rule.flag))
                    w.int(rule.cross ? 1 : 0)
                    w.string(String(rule.strip))
                    w.string(String(rule.add))
                    w.int(rule.condition.count)
                    for c in rule.condition {
                        w.int(c.negated ? 1 : 0)
                        w.int(c.set.count)
                        for member in c.set.sorted() { w.string(String(member)) }
                    }
                }
            }
        }
        w.int(sources.count)
        for s in sources { w.string(s) }
        out = w.out
        return out
    }

    /// The lexicon saved by `serialized(stamp:)`, or `nil` when the bytes are not one made from `stamp`.
    init?(serialized bytes: [UInt8], stamp: String) {
        var r = ByteReader(bytes: bytes, at: 0)
        guard r.take(Self.cacheMagic.count) == Self.cacheMagic[...], r.string() == stamp,
            let n = r.int(), let m = r.int(), n >= 0, m >= 0,
            let hashes: [UInt64] = r.raw(n), let flagStart: [UInt32] = r.raw(n), let flagCount: [UInt16] = r.raw(n),
            let flagPool: [UInt32] = r.raw(m), let longestSuffix = r.int(), let longestPrefix = r.int()
        else { return nil }
        var tables: [[WordKey: [Affix]]] = []
        for _ in 0..<2 {
            guard let keys = r.int(), keys >= 0 else { return nil }
            var table: [WordKey: [Affix]] = [:]
            for _ in 0..<keys {
                guard let key = r.string(), let count = r.int(), count >= 0 else { return nil }
                var rules: [Affix] = []
                for _ in 0..<count {
                    guard let flag = r.int(), let cross = r.int(), let strip = r.string(), let add = r.string(),
                        let positions = r.int(), positions >= 0
                    else { return nil }
                    var condition: [(set: Set<Character>, negated: Bool)] = []
                    for _ in 0..<positions {
                        guard let negated = r.int(), let members = r.int(), members >= 0 else { return nil }
                        var set = Set<Character>()
                        for _ in 0..<members {
                            guard let member = r.string(), let c = member.first, member.count == 1 else { return nil }
                            set.insert(c)
                        }
                        condition.append((set, negated == 1))
                    }
                    rules.append(
                        Affix(flag: UInt32(truncatingIfNeeded: flag), strip: Array(strip), add: Array(add), condition: condition, cross: cross == 1))
                }
                table[WordKey(key)] = rules
            }
            tables.append(table)
        }
        guard let sourceCount = r.int(), sourceCount >= 0 else { return nil }
        var sources: [String] = []
        for _ in 0..<sourceCount {
            guard let s = r.string() else { return nil }
            sources.append(s)
        }
        guard r.at == bytes.count else { return nil }
        // Offsets must stay inside the pool.
        for i in 0..<n where Int(flagStart[i]) + Int(flagCount[i]) > m { return nil }
        self.init()
        self.restore(
            hashes: hashes, flagStart: flagStart, flagCount: flagCount, flagPool: flagPool, suffixes: tables[0],
            prefixes: tables[1], longestSuffix: longestSuffix, longestPrefix: longestPrefix, sources: sources)
    }

    /// The dictionary at `base` (`.dic` + `.aff`) from the cache directory when a copy made from the same files is
    /// there; otherwise parsed, and saved there for the next time (best effort: an unwritable cache is skipped).
    static func cachedDictionary(_ base: String, stamp: String, cacheDirectory: String) -> Lexicon? {
        let file = cacheDirectory + "/" + cacheName(base)
        if let bytes = readBytes(file), let lexicon = Lexicon(serialized: bytes, stamp: stamp) { return lexicon }
        guard let dic = readFile(base + ".dic") else { return nil }
        var loaded = hunspell(dic: dic, aff: readFile(base + ".aff"))
        loaded.sources = [base + ".dic"]
        makeDirectories(cacheDirectory)
        // A name of its own per writer (processes and threads), renamed into place only when complete.
        let temporary = file + ".\(getpid())-\(UInt64.random(in: 0...UInt64.max)).tmp"
        if writeBytes(loaded.serialized(stamp: stamp), to: temporary) {
            if rename(temporary, file) != 0 { unlink(temporary) }
        }
        return loaded
    }

    /// A file name for a dictionary path: its last component and a hash of the whole path.
    static func cacheName(_ base: String) -> String {
        let last = base.split(separator: "/").last.map(String.init) ?? "lexicon"
        let safe = String(last.unicodeScalars.map { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") ? Character($0) : "_" })
        return safe + "-" + String(hash(base), radix: 16) + ".lex"
    }

    static func readBytes(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        guard fseek(file, 0, SEEK_END) == 0 else { return nil }
        let size = ftell(file)
        guard size >= 0, fseek(file, 0, SEEK_SET) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        let n = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, file) }
        return n == size ? bytes : nil
    }

    static func writeBytes(_ bytes: [UInt8], to path: String) -> Bool {
        guard let file = fopen(path, "wb") else { return false }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, bytes.count, file) }
        return fclose(file) == 0 && n == bytes.count
    }

    static func makeDirectories(_ path: String) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            mkdir(current, 0o755)
        }
    }
}

/// Writer/reader of the cache format: integers as 8 little-endian bytes, strings length-prefixed UTF-8, arrays of
/// fixed-width integers as their raw bytes in this machine's order (the cache is local to the machine).
struct ByteWriter {
    var out: [UInt8]
    mutating func int(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { out += $0 } }
    mutating func string(_ s: String) {
        int(s.utf8.count)
        out += s.utf8
    }
    mutating func raw<T: FixedWidthInteger>(_ values: [T]) {
        values.withUnsafeBytes { out += $0 }
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var at: Int
    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, at + n <= bytes.count else { return nil }
        defer { at += n }
        return bytes[at..<at + n]
    }
    mutating func int() -> Int? {
        guard let b = take(8) else { return nil }
        var v: Int64 = 0
        for (k, x) in b.enumerated() { v |= Int64(x) << (8 * Int64(k)) }
        return Int(v)
    }
    mutating func string() -> String? {
        guard let n = int(), let b = take(n) else { return nil }
        return String(decoding: b, as: UTF8.self)
    }
    mutating func raw<T: FixedWidthInteger>(_ count: Int) -> [T]? {
        let size = MemoryLayout<T>.stride
        guard count >= 0, count <= (bytes.count - at) / size, let b = take(count * size) else { return nil }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            b.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw)
            }
            initialized = count
        }
    }
}
