import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The real words of a language, so that typo correction leaves them alone ("stop" is not a typo of "shop").
///
/// Built from hunspell dictionaries (a `.dic` word list with its `.aff` affix rules: a word is known when it is a
/// stem, or a stem with one suffix and/or one prefix rule that the stem allows) and from plain word lists (one word
/// per line, anything after the first space or tab ignored — a frequency list works as it is). Every word is folded
/// like messages are (case, diacritics, letter variants), so lookups take message tokens directly.
///
/// ```swift
/// let en = Lexicon.load(files: ["en_US"], directories: ["/usr/share/hunspell"])
/// en.contains("stop")   // true
/// en.contains("stpo")   // false
/// ```
public struct Lexicon: Sendable {
    struct Affix: Sendable {
        let flag: UInt32
        let strip: [Character]
        let add: [Character]
        /// One set of characters per position; `negated` sets match any character not in them.
        let condition: [(set: Set<Character>, negated: Bool)]
        let cross: Bool
        /// The same rule on bytes, when its strip, add and condition letters are all ASCII (then an ASCII word can be
        /// checked without building `Character` arrays); `nil` otherwise.
        let bytes: ByteAffix?

        init(flag: UInt32, strip: [Character], add: [Character], condition: [(set: Set<Character>, negated: Bool)], cross: Bool) {
            self.flag = flag
            self.strip = strip
            self.add = add
            self.condition = condition
            self.cross = cross
            bytes = ByteAffix(strip: strip, add: add, condition: condition)
        }
    }

    /// An ASCII affix rule: strip bytes, and per condition position a 128-bit set of allowed bytes.
    struct ByteAffix: Sendable {
        let strip: [UInt8]
        /// Per position: (low 64 bytes, high 64 bytes) allowed; "." allows all ASCII.
        let condition: [(UInt64, UInt64)]

        init?(strip: [Character], add: [Character], condition: [(set: Set<Character>, negated: Bool)]) {
            func ascii(_ c: Character) -> UInt8? {
                guard c.utf8.count == 1, let b = c.utf8.first, b < 0x80 else { return nil }
                return b
            }
            var stripBytes: [UInt8] = []
            for c in strip {
                guard let b = ascii(c) else { return nil }
                stripBytes.append(b)
            }
            for c in add where ascii(c) == nil { return nil }
            var masks: [(UInt64, UInt64)] = []
            for c in condition {
                if c.set.isEmpty {
                    masks.append((~0, ~0))
                    continue
                }
                var lo: UInt64 = 0
                var hi: UInt64 = 0
                for member in c.set {
                    guard let b = ascii(member) else { return nil }
                    if b < 64 { lo |= 1 << UInt64(b) } else { hi |= 1 << UInt64(b - 64) }
                }
                masks.append(c.negated ? (~lo, ~hi) : (lo, hi))
            }
            self.strip = stripBytes
            self.condition = masks
        }

        @inline(__always)
        func allows(_ b: UInt8, at k: Int) -> Bool {
            let (lo, hi) = condition[k]
            return b < 64 ? lo & (1 << UInt64(b)) != 0 : hi & (1 << UInt64(b - 64)) != 0
        }
    }

    /// Stems as sorted 64-bit hashes of their folded UTF-8 (as `WordKey` hashes them), each with its affix flags in
    /// `flagPool[flagStart[i] ..< flagStart[i] + flagCount[i]]`: flat arrays, so a 300,000-word dictionary loads
    /// without 300,000 allocations.
    private(set) var hashes: [UInt64] = []
    private(set) var flagStart: [UInt32] = []
    private(set) var flagCount: [UInt16] = []
    private(set) var flagPool: [UInt32] = []
    private(set) var suffixes: [WordKey: [Affix]] = [:]
    private(set) var prefixes: [WordKey: [Affix]] = [:]
    private(set) var longestSuffix = 0
    private(set) var longestPrefix = 0
    /// The files that were read, for explanations and `deskbot check`.
    public internal(set) var sources: [String] = []
    /// Verdicts of `contains` for words already looked up (replaced whenever the words change).
    private var memo = WordMemo<Bool>()

    /// An empty lexicon: nothing is known.
    public init() {}

    /// A lexicon of already folded words.
    public init(words: some Sequence<String>) {
        setStems(words.filter { !$0.isEmpty }.map { (Self.hash($0), [UInt32]()) })
    }

    /// How many stems and words it holds.
    public var count: Int { hashes.count }
    public var isEmpty: Bool { hashes.isEmpty }

    static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    private mutating func setStems(_ entries: [(UInt64, [UInt32])]) {
        memo = WordMemo<Bool>()
        let sorted = entries.sorted { $0.0 < $1.0 }
        hashes = []
        flagStart = []
        flagCount = []
        flagPool = []
        hashes.reserveCapacity(sorted.count)
        for (h, flags) in sorted {
            if hashes.last == h {
                flagPool += flags
                flagCount[flagCount.count - 1] &+= UInt16(truncatingIfNeeded: flags.count)
                continue
            }
            hashes.append(h)
            flagStart.append(UInt32(flagPool.count))
            flagCount.append(UInt16(truncatingIfNeeded: flags.count))
            flagPool += flags
        }
    }

    private var entries: [(UInt64, [UInt32])] {
        hashes.indices.map { i in (hashes[i], Array(flagPool[Int(flagStart[i])..<Int(flagStart[i]) + Int(flagCount[i])])) }
    }

    /// The flags of a stem, or `nil` when it is not a stem.
    private func flags(_ word: String) -> ArraySlice<UInt32>? {
        flags(hash: Self.hash(word))
    }

    /// The flags of the stem with this hash, or `nil`.
    private func flags(hash h: UInt64) -> ArraySlice<UInt32>? {
        var lo = 0
        var hi = hashes.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if hashes[mid] < h { lo = mid + 1 } else { hi = mid }
        }
        guard lo < hashes.count, hashes[lo] == h else { return nil }
        return flagPool[Int(flagStart[lo])..<Int(flagStart[lo]) + Int(flagCount[lo])]
    }

    /// Sets every table at once (a lexicon read back from the cache).
    mutating func restore(
        hashes: [UInt64], flagStart: [UInt32], flagCount: [UInt16], flagPool: [UInt32], suffixes: [WordKey: [Affix]],
        prefixes: [WordKey: [Affix]], longestSuffix: Int, longestPrefix: Int, sources: [String]
    ) {
        self.hashes = hashes
        self.flagStart = flagStart
        self.flagCount = flagCount
        self.flagPool = flagPool
        self.suffixes = suffixes
        self.prefixes = prefixes
        self.longestSuffix = longestSuffix
        self.longestPrefix = longestPrefix
        self.sources = sources
        memo = WordMemo<Bool>()
    }

    /// Adds another lexicon's stems and affix rules (two dictionaries of one language, e.g. en_US and en_ZA).
    public mutating func formUnion(_ other: Lexicon) {
        guard !other.isEmpty else { return }
        // Affix flags are only meaningful within one dictionary: keep the larger one's rules, the other's stems bare.
        if isEmpty {
            self = other
            return
        }
        if other.suffixes.count + other.prefixes.count > suffixes.count + prefixes.count {
            let mine = hashes
            let mySources = sources
            self = other
            addBareStems(mine)
            sources = mySources + other.sources
        } else {
            addBareStems(other.hashes)
            sources += other.sources
        }
    }

    /// Adds stems without affix flags (sorted hashes), merged into the sorted tables in one pass: a stem already
    /// there keeps its flags.
    private mutating func addBareStems(_ added: [UInt64]) {
        memo = WordMemo<Bool>()
        guard !added.isEmpty else { return }
        var mergedHashes: [UInt64] = []
        var mergedStart: [UInt32] = []
        var mergedCount: [UInt16] = []
        mergedHashes.reserveCapacity(hashes.count + added.count)
        mergedStart.reserveCapacity(hashes.count + added.count)
        mergedCount.reserveCapacity(hashes.count + added.count)
        var i = 0
        var j = 0
        while i < hashes.count || j < added.count {
            if j >= added.count || (i < hashes.count && hashes[i] <= added[j]) {
                if i < hashes.count, j < added.count, hashes[i] == added[j] { j += 1 }
                mergedHashes.append(hashes[i])
                mergedStart.append(flagStart[i])
                mergedCount.append(flagCount[i])
                i += 1
            } else {
                if mergedHashes.last != added[j] {
                    mergedHashes.append(added[j])
                    mergedStart.append(UInt32(flagPool.count))
                    mergedCount.append(0)
                }
                j += 1
            }
        }
        hashes = mergedHashes
        flagStart = mergedStart
        flagCount = mergedCount
    }

    /// Whether a (folded) word is a word of the language.
    public func contains(_ word: String) -> Bool {
        if hashes.isEmpty { return false }
        return memo.value(for: word) { lookUp(word) }
    }

    /// `contains` without the memo: ASCII words on bytes, others on letters (the same rules either way).
    func lookUp(_ word: String) -> Bool {
        var word = word
        if let verdict = word.withUTF8({ bytes -> Bool? in
            for b in bytes where b >= 0x80 { return nil }
            return containsASCII(bytes)
        }) {
            return verdict
        }
        return containsReference(word)
    }

    /// `contains` on the letters of the word (`Character` arrays): the reference the byte path must agree with.
    func containsReference(_ word: String) -> Bool {
        if flags(word) != nil { return true }
        guard !suffixes.isEmpty || !prefixes.isEmpty else { return false }
        let letters = Array(word)
        if suffixed(letters, needs: nil) { return true }
        guard !prefixes.isEmpty else { return false }
        for k in 1...max(1, min(longestPrefix, letters.count - 1)) {
            guard let rules = prefixes[WordKey(String(letters[..<k]))] else { continue }
            for rule in rules {
                let inner = rule.strip + letters[k...]
                guard Self.matches(rule.condition, inner, atEnd: false) else { continue }
                if let flags = flags(String(inner)), flags.contains(rule.flag) { return true }
                if rule.cross, suffixed(inner, needs: rule.flag) { return true }
            }
        }
        return false
    }

    // MARK: - The byte path (ASCII words)

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed
        for i in range { h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01B3 }
        return h
    }

    @inline(__always)
    private static func hash(_ bytes: [UInt8], seed: UInt64) -> UInt64 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// `containsReference` for a word of ASCII bytes (each byte one letter); rules that are not ASCII are checked on
    /// letters as before.
    private func containsASCII(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = word.count
        if flags(hash: Self.hash(word, 0..<n)) != nil { return true }
        guard !suffixes.isEmpty || !prefixes.isEmpty else { return false }
        if suffixedASCII(word, needs: nil) { return true }
        guard !prefixes.isEmpty else { return false }
        guard n >= 1 else { return false }
        for k in 1...max(1, min(longestPrefix, n - 1)) {
            guard let rules = prefixes[WordKey(String(decoding: UnsafeBufferPointer(rebasing: word[0..<k]), as: UTF8.self))] else {
                continue
            }
            for rule in rules {
                guard let byteRule = rule.bytes else {
                    if prefixRuleOnLetters(rule, Array(String(decoding: word, as: UTF8.self)), k) { return true }
                    continue
                }
                // inner = strip + word[k...]
                let innerCount = byteRule.strip.count + (n - k)
                if !byteRule.condition.isEmpty {
                    guard innerCount >= byteRule.condition.count else { continue }
                    var ok = true
                    for c in 0..<byteRule.condition.count {
                        let b = c < byteRule.strip.count ? byteRule.strip[c] : word[k + c - byteRule.strip.count]
                        if !byteRule.allows(b, at: c) {
                            ok = false
                            break
                        }
                    }
                    guard ok else { continue }
                }
                let h = Self.hash(word, k..<n, seed: Self.hash(byteRule.strip, seed: 0xcbf2_9ce4_8422_2325))
                if let flags = flags(hash: h), flags.contains(rule.flag) { return true }
                if rule.cross {
                    let inner = byteRule.strip + Array(word[k..<n])
                    if inner.withUnsafeBufferPointer({ suffixedASCII($0, needs: rule.flag) }) { return true }
                }
            }
        }
        return false
    }

    /// `suffixed` for ASCII letters.
    private func suffixedASCII(_ letters: UnsafeBufferPointer<UInt8>, needs: UInt32?) -> Bool {
        let n = letters.count
        guard n > 1 else { return false }
        guard longestSuffix >= 1 else { return false }
        for k in 1...min(longestSuffix, n - 1) {
            guard let rules = suffixes[WordKey(String(decoding: UnsafeBufferPointer(rebasing: letters[(n - k)..<n]), as: UTF8.self))]
            else { continue }
            let baseCount = n - k
            let baseHash = Self.hash(letters, 0..<baseCount)
            for rule in rules where needs == nil || rule.cross {
                guard let byteRule = rule.bytes else {
                    let letterArray = Array(String(decoding: letters, as: UTF8.self))
                    if suffixRuleOnLetters(rule, letterArray[..<(letterArray.count - k)], needs: needs) { return true }
                    continue
                }
                // stem = letters[..<baseCount] + strip; the condition covers the stem's last letters.
                let stemCount = baseCount + byteRule.strip.count
                if !byteRule.condition.isEmpty {
                    guard stemCount >= byteRule.condition.count else { continue }
                    let start = stemCount - byteRule.condition.count
                    var ok = true
                    for c in 0..<byteRule.condition.count {
                        let p = start + c
                        let b = p < baseCount ? letters[p] : byteRule.strip[p - baseCount]
                        if !byteRule.allows(b, at: c) {
                            ok = false
                            break
                        }
                    }
                    guard ok else { continue }
                }
                guard let flags = flags(hash: Self.hash(byteRule.strip, seed: baseHash)), flags.contains(rule.flag) else { continue }
                if let needs, !flags.contains(needs) { continue }
                return true
            }
        }
        return false
    }

    /// One prefix rule checked on letters, as `containsReference` checks it.
    private func prefixRuleOnLetters(_ rule: Affix, _ letters: [Character], _ k: Int) -> Bool {
        let inner = rule.strip + letters[k...]
        guard Self.matches(rule.condition, inner, atEnd: false) else { return false }
        if let flags = flags(String(inner)), flags.contains(rule.flag) { return true }
        if rule.cross, suffixed(inner, needs: rule.flag) { return true }
        return false
    }

    /// One suffix rule checked on letters, as `suffixed` checks it.
    private func suffixRuleOnLetters(_ rule: Affix, _ base: ArraySlice<Character>, needs: UInt32?) -> Bool {
        let stem = Array(base) + rule.strip
        guard Self.matches(rule.condition, stem, atEnd: true),
            let flags = flags(String(stem)), flags.contains(rule.flag)
        else { return false }
        if let needs, !flags.contains(needs) { return false }
        return true
    }

    /// Whether the letters are a stem plus one suffix rule (the stem also carrying `needs`, when given).
    private func suffixed(_ letters: [Character], needs: UInt32?) -> Bool {
        guard letters.count > 1 else { return false }
        // k = 0 (rules that add nothing) would try every such rule on every word: skipped, at the cost of a few forms.
        guard longestSuffix >= 1 else { return false }
        for k in 1...min(longestSuffix, letters.count - 1) {
            guard let rules = suffixes[WordKey(String(letters[(letters.count - k)...]))] else { continue }
            let base = letters[..<(letters.count - k)]
            for rule in rules where needs == nil || rule.cross {
                let stem = Array(base) + rule.strip
                guard Self.matches(rule.condition, stem, atEnd: true),
                    let flags = flags(String(stem)), flags.contains(rule.flag)
                else { continue }
                if let needs, !flags.contains(needs) { continue }
                return true
            }
        }
        return false
    }

    private static func matches(_ condition: [(set: Set<Character>, negated: Bool)], _ word: [Character], atEnd: Bool) -> Bool {
        guard !condition.isEmpty else { return true }
        guard word.count >= condition.count else { return false }
        let start = atEnd ? word.count - condition.count : 0
        for (k, c) in condition.enumerated() {
            let ch = word[start + k]
            if c.set.isEmpty { continue }  // "."
            if c.set.contains(ch) == c.negated { return false }
        }
        return true
    }

    // MARK: - Loading

    /// Loads the named dictionaries (`en_US` → `en_US.dic` + `en_US.aff`; `zu.txt` → a plain word list) from the
    /// first directory that has each; missing files are skipped, so a machine without them gets an empty lexicon
    /// (and typo correction falls back to the corpus vocabulary alone). With a `cacheDirectory`, each hunspell
    /// dictionary is read from a prebuilt copy there when one made from the same files exists, and saved there after
    /// parsing otherwise (see `Lexicon+Cache.swift`).
    public static func load(files: [String], directories: [String], cacheDirectory: String? = nil) -> Lexicon {
        var lexicon = Lexicon()
        for name in files where !name.isEmpty {
            for directory in directories {
                let base = directory.hasSuffix("/") ? directory + name : directory + "/" + name
                if name.hasSuffix(".txt") || name.hasSuffix(".tsv") {
                    guard let text = readFile(base) else { continue }
                    var list = wordList(text)
                    list.sources = [base]
                    lexicon.formUnion(list)
                    break
                }
                guard let loaded = parsedDictionary(base, cacheDirectory: cacheDirectory) else { continue }
                lexicon.formUnion(loaded)
                break
            }
        }
        return lexicon
    }

    /// A hunspell dictionary parsed once per process while its files are unchanged (reloads and checks build the
    /// engine again and again; parsing and folding a dictionary is the slow part).
    private static func parsedDictionary(_ base: String, cacheDirectory: String?) -> Lexicon? {
        let stamp = fileStamp(base + ".dic") + "|" + fileStamp(base + ".aff")
        if let cached = parsed.withLock({ $0[base] }), cached.stamp == stamp { return cached.lexicon }
        var loaded: Lexicon
        if let cacheDirectory, !fileStamp(base + ".dic").isEmpty {
            guard let fromCache = cachedDictionary(base, stamp: base + "|" + stamp, cacheDirectory: cacheDirectory) else { return nil }
            loaded = fromCache
        } else {
            guard let dic = readFile(base + ".dic") else { return nil }
            loaded = hunspell(dic: dic, aff: readFile(base + ".aff"))
            loaded.sources = [base + ".dic"]
        }
        parsed.withLock { $0[base] = (stamp, loaded) }
        return loaded
    }

    private static let parsed = Mutex<[String: (stamp: String, lexicon: Lexicon)]>([:])

    /// Size and modification time of a file ("" when missing).
    private static func fileStamp(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "" }
        return "\(info.st_size)@\(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// The words of a list file in order (first field of each line, `#` lines skipped), folded; `nil` if unreadable.
    public static func rankedWords(file: String) -> [String]? {
        guard let text = readFile(file) else { return nil }
        var words: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let first = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).first.map(String.init) ?? ""
            if !first.isEmpty, !first.hasPrefix("#") { words.append(first) }
        }
        return foldAll(words.map { ($0, ()) }).map(\.0)
    }

    /// A plain word list: the first field of every line.
    public static func wordList(_ text: String) -> Lexicon {
        var words: [String] = []
        for line in text.split(whereSeparator: \.isNewline) {
            let first = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).first.map(String.init) ?? ""
            if !first.isEmpty, !first.hasPrefix("#") { words.append(first) }
        }
        var lexicon = Lexicon()
        lexicon.setStems(foldAll(words.map { ($0, [UInt32]()) }).map { (hash($0.0), $0.1) })
        return lexicon
    }

    /// A hunspell dictionary and its affix file (UTF-8 or ISO-8859-1, flags as characters, `long`, `num` or `UTF-8`,
    /// with `AF` aliases). Compounding and morphological fields are ignored.
    public static func hunspell(dic: String, aff: String?) -> Lexicon {
        var flagMode = "char"
        var aliases: [String] = []
        var lexicon = Lexicon()
        var pendingSuffixes: [(Affix, String)] = []
        var pendingPrefixes: [(Affix, String)] = []
        if let aff {
            var cross: [String: Bool] = [:]
            for line in aff.split(whereSeparator: \.isNewline) {
                let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
                guard let head = f.first else { continue }
                switch head {
                case "FLAG" where f.count > 1: flagMode = f[1]
                case "AF" where f.count > 1 && Int(f[1]) == nil: aliases.append(f[1])
                case "SFX", "PFX":
                    guard f.count >= 4 else { continue }
                    if f.count == 4, f[2] == "Y" || f[2] == "N", Int(f[3]) != nil {
                        cross[head + f[1]] = f[2] == "Y"
                        continue
                    }
                    guard let flag = parseFlags(f[1], mode: flagMode, aliases: []).first else { continue }
                    let strip = f[2] == "0" ? "" : f[2]
                    var add = f[3]
                    if let slash = add.firstIndex(of: "/") { add = String(add[..<slash]) }
                    if add == "0" { add = "" }
                    let condition = f.count > 4 ? f[4] : "."
                    let affix = Affix(
                        flag: flag, strip: Array(strip), add: Array(add), condition: parseCondition(condition),
                        cross: cross[head + f[1]] ?? false)
                    if head == "SFX" { pendingSuffixes.append((affix, add)) } else { pendingPrefixes.append((affix, add)) }
                default: continue
                }
            }
        }
        // Affix strings and stems are folded like message words (each distinct string once).
        var folded: [String: String] = [:]
        func fold(_ text: String) -> String {
            if let known = folded[text] { return known }
            let f = foldWord(text)
            folded[text] = f
            return f
        }
        func foldedAffix(_ a: Affix) -> Affix {
            Affix(
                flag: a.flag, strip: Array(fold(String(a.strip))), add: Array(fold(String(a.add))),
                condition: a.condition.map { c in (Set(c.set.map { fold(String($0)).first ?? $0 }), c.negated) },
                cross: a.cross)
        }
        for (affix, _) in pendingSuffixes {
            let a = foldedAffix(affix)
            lexicon.suffixes[WordKey(String(a.add)), default: []].append(a)
            lexicon.longestSuffix = max(lexicon.longestSuffix, a.add.count)
        }
        for (affix, _) in pendingPrefixes {
            let a = foldedAffix(affix)
            lexicon.prefixes[WordKey(String(a.add)), default: []].append(a)
            lexicon.longestPrefix = max(lexicon.longestPrefix, a.add.count)
        }
        var entries: [(String, [UInt32])] = []
        var first = true
        for line in dic.utf8.split(separator: 0x0A) {
            // The first line is the word count.
            if first {
                first = false
                if line.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x20 || $0 == 0x0D }) { continue }
            }
            var end = line.endIndex
            if let space = line.firstIndex(where: { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { end = space }
            let field = line[line.startIndex..<end]
            guard !field.isEmpty else { continue }
            if let slash = field.lastIndex(of: 0x2F), slash != field.startIndex {
                let word = String(decoding: field[field.startIndex..<slash], as: UTF8.self)
                let flagText = String(decoding: field[field.index(after: slash)...], as: UTF8.self)
                entries.append((word, parseFlags(flagText, mode: flagMode, aliases: aliases)))
            } else {
                entries.append((String(decoding: field, as: UTF8.self), []))
            }
        }
        lexicon.setStems(foldAll(entries).map { (hash($0.0), $0.1) })
        return lexicon
    }

    static func parseFlags(_ text: String, mode: String, aliases: [String]) -> [UInt32] {
        if !aliases.isEmpty, let n = Int(text), n >= 1, n <= aliases.count {
            return parseFlags(aliases[n - 1], mode: mode, aliases: [])
        }
        switch mode {
        case "long":
            var out: [UInt32] = []
            let chars = Array(text.unicodeScalars)
            var i = 0
            while i + 1 < chars.count {
                out.append(chars[i].value << 16 | chars[i + 1].value)
                i += 2
            }
            return out
        case "num": return text.split(separator: ",").compactMap { UInt32($0) }
        default: return text.unicodeScalars.map(\.value)
        }
    }

    static func parseCondition(_ text: String) -> [(set: Set<Character>, negated: Bool)] {
        guard text != "." else { return [] }
        var out: [(Set<Character>, Bool)] = []
        var chars = Array(text)[...]
        while let c = chars.popFirst() {
            if c == "[" {
                var negated = false
                if chars.first == "^" {
                    negated = true
                    chars.removeFirst()
                }
                var set = Set<Character>()
                while let d = chars.popFirst(), d != "]" { set.insert(d) }
                out.append((set, negated))
            } else if c == "." {
                out.append(([], false))
            } else {
                out.append(([c], false))
            }
        }
        return out
    }

    // MARK: - Folding and files

    static func foldWord(_ word: String) -> String {
        guard !word.isEmpty else { return "" }
        if word.utf8.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A }) { return word }
        return Normalizer.fold(word).tokens.joined()
    }

    /// Folds many words in few ICU calls: batches of words on separate lines, one call per batch; a batch whose
    /// words do not come back one token each is folded word by word (and words that split into several tokens —
    /// "a-amilase" — are dropped: no single message token can be them).
    static func foldAll<T>(_ entries: [(String, T)]) -> [(String, T)] {
        var out: [(String, T)] = []
        out.reserveCapacity(entries.count)
        // ASCII letters fold to lower case and nothing else: no ICU call for them.
        var rest: [(String, T)] = []
        for e in entries {
            var ascii = true
            var upper = false
            for b in e.0.utf8 {
                if b >= 0x61 && b <= 0x7A { continue }
                if b >= 0x41 && b <= 0x5A { upper = true; continue }
                ascii = false
                break
            }
            if !ascii { rest.append(e); continue }
            out.append((upper ? String(decoding: e.0.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self) : e.0, e.1))
        }
        var start = 0
        let batch = 200
        let entries = rest
        while start < entries.count {
            let slice = entries[start..<min(entries.count, start + batch)]
            start += batch
            let folded = Normalizer.fold(slice.map(\.0).joined(separator: "\n")).tokens
            if folded.count == slice.count {
                for (k, e) in slice.enumerated() { out.append((folded[k], e.1)) }
                continue
            }
            for e in slice {
                let tokens = Normalizer.fold(e.0).tokens
                if tokens.count == 1 { out.append((tokens[0], e.1)) }
            }
        }
        return out
    }

    /// The file's text (UTF-8, or ISO-8859-1 when it is not valid UTF-8), or `nil` when it cannot be read.
    static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        return String(bytes.map { Character(Unicode.Scalar($0)) })
    }
}
