import Testing

@testable import Locales

/// Hunspell dictionaries and word lists as lists of real words.
@Suite struct LexiconTests {
    // A tiny dictionary in hunspell's format: stems with flags, suffix and prefix rules with conditions.
    static let aff = """
        SET UTF-8
        SFX G Y 2
        SFX G   e     ing        e
        SFX G   0     ing        [^e]
        SFX S Y 1
        SFX S   0     s          .
        PFX U Y 1
        PFX U   0     un         .
        """
    static let dic = """
        4
        happen/GS
        make/GU
        stop/S
        Café
        """

    @Test func stemsAndAffixedFormsAreWords() {
        let lexicon = Lexicon.hunspell(dic: Self.dic, aff: Self.aff)
        // Given stems with suffix/prefix flags / When a form is looked up / Then stems, allowed affixes, and folded
        // spellings are known; other forms are not.
        for word in ["happen", "happening", "happens", "making", "unmake", "unmaking", "stops", "cafe"] {
            #expect(lexicon.contains(word), "\(word)")
        }
        for word in ["stopping", "happenning", "unhappen", "maks", "xyz"] {
            #expect(!lexicon.contains(word), "\(word)")
        }
    }

    @Test func wordListsAndUnions() {
        var lexicon = Lexicon.wordList("# comment\nsawubona 120\nngiyabonga\t80\n")
        #expect(lexicon.contains("sawubona") && lexicon.contains("ngiyabonga"))
        lexicon.formUnion(Lexicon.hunspell(dic: Self.dic, aff: Self.aff))
        #expect(lexicon.contains("sawubona") && lexicon.contains("happening"))
        #expect(Lexicon.wordList("").isEmpty)
    }

    @Test func missingFilesGiveAnEmptyLexicon() {
        #expect(Lexicon.load(files: ["xx_XX", "none.txt"], directories: ["/nonexistent"]).isEmpty)
    }

    @Test(.enabled(if: Lexicon.load(files: ["en_US"], directories: ["/usr/share/hunspell"]).count > 0))
    func installedEnglishDictionaryKnowsInflections() {
        let en = Lexicon.load(files: ["en_US"], directories: ["/usr/share/hunspell"])
        for word in ["happening", "stop", "stops", "reference", "still", "offices"] { #expect(en.contains(word), "\(word)") }
        #expect(!en.contains("watr"))
    }
}
