import Foundation
import Testing

@testable import Locales

/// The fast lexicon paths (bytes for ASCII words, the memo, the prebuilt cache, bare-stem unions) give exactly the
/// verdicts of the letter-by-letter reference.
@Suite struct LexiconSpeedTests {
    static let directory = "/usr/share/hunspell"

    /// Words to try: each stem, the stem with every suffix of the dictionary's rules, with every prefix, and one-letter
    /// typos — real forms and near misses alike.
    static func probes(_ dic: String, aff: String, limit: Int) -> [String] {
        let stems = dic.split(whereSeparator: \.isNewline).dropFirst().prefix(limit).map { line in
            String(line.split(separator: "/").first ?? "").lowercased()
        }
        var adds = Set<String>()
        for line in aff.split(whereSeparator: \.isNewline) {
            let f = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if f.count >= 4, f[0] == "SFX" || f[0] == "PFX", !(f.count == 4 && Int(f[3]) != nil) {
                let add = String(f[3].split(separator: "/").first ?? "")
                if add != "0" { adds.insert((f[0] == "SFX" ? ">" : "<") + add) }
            }
        }
        let affixes = Array(adds).sorted().prefix(60)
        var out: [String] = []
        for (k, stem) in stems.enumerated() where !stem.isEmpty {
            out.append(stem)
            for a in affixes where k % 11 == 0 {
                let text = String(a.dropFirst())
                out.append(a.first == ">" ? stem + text : text + stem)
                out.append(a.first == ">" ? String(stem.dropLast()) + text : text + String(stem.dropFirst()))
            }
            if stem.count > 3 { out.append(String(stem.prefix(2)) + String(stem.dropFirst(3))) }
        }
        return Lexicon.foldAll(out.map { ($0, ()) }).map(\.0)
    }

    @Test(arguments: ["en_US", "es_ES", "fr", "pt_BR", "af_ZA", "sw_TZ", "ar", "hi_IN"])
    func fastPathsAgreeWithTheReference(_ name: String) throws {
        let base = Self.directory + "/" + name
        guard let dic = Lexicon.readFile(base + ".dic"), let aff = Lexicon.readFile(base + ".aff") else { return }
        let lexicon = Lexicon.hunspell(dic: dic, aff: aff)
        let words = Self.probes(dic, aff: aff, limit: 800)
        #expect(words.count > 500)
        var known = 0
        for word in words {
            let reference = lexicon.containsReference(word)
            // Given a word / When it is looked up on bytes, through the memo (twice) / Then the verdict is the reference's.
            #expect(lexicon.lookUp(word) == reference, "\(name): \(word)")
            #expect(lexicon.contains(word) == reference && lexicon.contains(word) == reference, "\(name): \(word)")
            if reference { known += 1 }
        }
        // Both kinds are exercised: real forms and near misses.
        #expect(known >= 100 && known < words.count, "\(name): \(known) of \(words.count)")

        // The prebuilt copy knows exactly the same words, and a copy made from other files is refused.
        let bytes = lexicon.serialized(stamp: "stamp-1")
        let restored = try #require(Lexicon(serialized: bytes, stamp: "stamp-1"))
        #expect(Lexicon(serialized: bytes, stamp: "stamp-2") == nil)
        #expect(Lexicon(serialized: Array(bytes.dropLast()), stamp: "stamp-1") == nil)
        #expect(restored.count == lexicon.count)
        for word in words.prefix(2_000) { #expect(restored.containsReference(word) == lexicon.containsReference(word), "\(word)") }
    }

    @Test func cacheFileIsMadeOnceAndReadBack() throws {
        let folder = NSTemporaryDirectory() + "lexicon-cache-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let source = folder + "/src"
        try FileManager.default.createDirectory(atPath: source, withIntermediateDirectories: true)
        try LexiconTests.dic.write(toFile: source + "/xx_XX.dic", atomically: true, encoding: .utf8)
        try LexiconTests.aff.write(toFile: source + "/xx_XX.aff", atomically: true, encoding: .utf8)
        let cache = folder + "/cache"
        // Given no cache / When the dictionary is loaded / Then it is parsed and saved; the next load reads the copy.
        let first = Lexicon.cachedDictionary(source + "/xx_XX", stamp: "s1", cacheDirectory: cache)
        let files = try FileManager.default.contentsOfDirectory(atPath: cache)
        #expect(files.count == 1 && files[0].hasSuffix(".lex"))
        let second = try #require(Lexicon.readBytes(cache + "/" + files[0]).flatMap { Lexicon(serialized: $0, stamp: "s1") })
        for word in ["happening", "unmaking", "stops", "cafe", "stopping", "xyz"] {
            #expect(first?.contains(word) == second.contains(word), "\(word)")
        }
        #expect(second.contains("happening") && !second.contains("stopping"))
    }

    @Test func unionKeepsFlagsAndAddsBareWords() {
        var lexicon = Lexicon.hunspell(dic: LexiconTests.dic, aff: LexiconTests.aff)
        lexicon.formUnion(Lexicon.wordList("sawubona\nhappen\nzebra\n"))
        // Stems of both, affixed forms of the dictionary's stems (also those the list repeats), no affixes on list words.
        for word in ["sawubona", "zebra", "happening", "happens", "unmake", "cafe"] { #expect(lexicon.contains(word), "\(word)") }
        for word in ["zebras", "sawubonas", "stopping"] { #expect(!lexicon.contains(word), "\(word)") }
        var list = Lexicon.wordList("alpha\nbeta\n")
        list.formUnion(Lexicon.hunspell(dic: LexiconTests.dic, aff: LexiconTests.aff))
        for word in ["alpha", "beta", "happening", "unmaking"] { #expect(list.contains(word), "\(word)") }
        #expect(!list.contains("alphas"))
    }
}
