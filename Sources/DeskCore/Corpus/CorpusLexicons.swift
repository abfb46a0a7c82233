import Foundation
import Intents
import Locales
import Synchronization

/// The real words of each locale, read from files when the corpora are loaded (the engine itself reads nothing):
/// Debian's hunspell dictionaries and the frequency lists shipped in `corpora/lexicons/`. Relative directories in
/// `lexicon_directories` are taken from the corpora folder, not from wherever the program was started.
package extension Classifier {
    /// Dictionary files per bundled locale, tried in each lexicon directory: hunspell names (Debian's
    /// `hunspell-en-us`, `-es`, `-fr`, `-pt-br`, `-af`, `-sw`, `-ar`, `-hi` install them in /usr/share/hunspell) and
    /// word lists shipped in `corpora/lexicons/`. A locale's `lexicons` setting replaces its entry.
    static let defaultLexiconFiles: [LocaleID: [String]] = [
        "en": ["en_US", "en_GB", "en_ZA", "en.txt"],
        "es": ["es_ES", "es.txt"],
        "fr": ["fr", "fr_FR", "fr.txt"],
        "pt": ["pt_BR", "pt_PT", "pt.txt"],
        "af": ["af_ZA", "af.txt"],
        "sw": ["sw_TZ", "sw_KE", "sw.txt"],
        "ar": ["ar", "ar.txt"],
        "hi": ["hi_IN", "hi.txt"],
        "ur": ["ur_PK", "ur.txt"],
        "ur-Latn": ["ur-Latn.txt"],
        "zu": ["zu_ZA", "zu.txt"],
    ]

    /// Where lexicons are looked for when settings do not say (`lexicon_directories`): relative ones are in the
    /// corpora folder.
    static let defaultLexiconDirectories = ["/usr/share/hunspell", "lexicons"]

    /// The engine for corpora loaded from `directory`, with their lexicons and frequency lists.
    static func loaded(corpus: Corpus, directory: String, policy: ScoringPolicy = ScoringPolicy()) throws(EngineError) -> Classifier {
        try Classifier(
            corpus: corpus, policy: policy, lexicons: loadLexicons(corpus, directory: directory),
            frequentWords: loadFrequentWords(corpus, directory: directory))
    }

    /// The lexicon directories the settings name, relative ones resolved in the corpora folder.
    static func lexiconDirectories(_ corpus: Corpus, directory: String) -> [String] {
        let named = corpus.settings["lexicon_directories"].map { $0.defaultText.split(separator: " ").map(String.init) }
            ?? defaultLexiconDirectories
        return named.map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 }
    }

    /// Loads every locale's lexicon as the corpus settings say, the locales side by side on all cores; parsed
    /// hunspell dictionaries are kept in `lexiconCacheDirectory()` for the next start.
    static func loadLexicons(_ corpus: Corpus, directory: String) -> [LocaleID: Lexicon] {
        let directories = lexiconDirectories(corpus, directory: directory)
        let cache = lexiconCacheDirectory()
        let codes = corpus.locales
        let files: [[String]] = codes.map { code in
            let configured = corpus.settings["lexicons"]?.perLocale[code].map { $0.split(separator: " ").map(String.init) }
            return (configured ?? defaultLexiconFiles[code] ?? [code.rawValue + ".txt"]) + [code.rawValue + ".freq.txt"]
        }
        let out = Mutex<[LocaleID: Lexicon]>([:])
        DispatchQueue.concurrentPerform(iterations: codes.count) { k in
            let lexicon = Lexicon.load(files: files[k], directories: directories, cacheDirectory: cache)
            out.withLock { $0[codes[k]] = lexicon }
        }
        return out.withLock { $0 }
    }

    /// Where parsed dictionaries are kept between runs: `DESKBOT_LEXICON_CACHE` (`off` for nowhere), else
    /// `$XDG_CACHE_HOME/deskbot/lexicons`, else `~/.cache/deskbot/lexicons`. Each file records the size and time of
    /// the `.dic`/`.aff` it was made from and is made again when they change; deleting the folder is always safe.
    static func lexiconCacheDirectory() -> String? {
        let environment = ProcessInfo.processInfo.environment
        if let configured = environment["DESKBOT_LEXICON_CACHE"], !configured.isEmpty {
            return configured == "off" ? nil : configured
        }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/deskbot/lexicons" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/deskbot/lexicons" }
        return nil
    }

    /// Each locale's most frequent words of ordinary text, most frequent first (`<locale>.freq.txt` in the lexicon
    /// directories, made by `scripts/build-frequency-lists.py`); folded like messages.
    static func loadFrequentWords(_ corpus: Corpus, directory: String) -> [LocaleID: [String]] {
        let directories = lexiconDirectories(corpus, directory: directory)
        var out: [LocaleID: [String]] = [:]
        for code in corpus.locales {
            for directory in directories {
                if let words = Lexicon.rankedWords(file: directory + "/" + code.rawValue + ".freq.txt") {
                    out[code] = words
                    break
                }
            }
        }
        return out
    }
}
