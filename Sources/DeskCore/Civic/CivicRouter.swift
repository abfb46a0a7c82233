import Foundation
import Intents
import Locales

/// Routes a complaint to a department, and finds the locality it names, from `departments.yaml`. A pure value: no
/// I/O and no clock, so tests call it directly.
///
/// A place is matched through the locale's normalizer and then folded (case, hyphens, spaces, nukta and harakat
/// removed), so "G-9 Markaz", "g9 markaz", "جی نائن مرکز" and "जी-9 मरकज़" find the one area that lists them.
///
/// ```swift
/// let router = CivicRouter(directory: corpus.civic, words: engine.words)
/// let area = router.area(in: "no water in G-9 markaz", locale: "en")        // g9-markaz
/// let department = router.department(category: "water", area: area, text: "…", locale: "en")
/// ```
package struct CivicRouter: Sendable {
    package let directory: CivicDirectory
    /// Tokens of a text in a locale (the engine's normalizer).
    package let words: @Sendable (String, LocaleID) -> [String]

    package init(directory: CivicDirectory, words: @escaping @Sendable (String, LocaleID) -> [String]) {
        self.directory = directory
        self.words = words
    }

    /// A token or spelling reduced to what tells places apart: lower case, letters, marks and digits only, with the
    /// Devanagari nukta, Arabic harakat and tatweel removed (writers use them inconsistently).
    package static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCompatibilityMapping.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x093C, 0x0640, 0x064B...0x065F, 0x0670: continue
            default: break
            }
            let p = scalar.properties
            if p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark {
                out.append(scalar)
            }
        }
        return String(out).precomposedStringWithCanonicalMapping
    }

    /// The area a text names (the longest spelling found on token boundaries), if any.
    package func area(in text: String, locale: LocaleID) -> Area? {
        let tokens = words(text, locale).map(Self.fold).filter { !$0.isEmpty }
        guard !tokens.isEmpty else { return nil }
        var best: (area: Area, length: Int)?
        for area in directory.areas {
            for spelling in area.spellings {
                let key = words(spelling, locale).map(Self.fold).joined()
                guard !key.isEmpty, key.count > (best?.length ?? 0), Self.contains(tokens, key) else { continue }
                best = (area, key.count)
            }
        }
        return best?.area
    }

    /// Whether consecutive tokens, joined, spell `key` exactly.
    static func contains(_ tokens: [String], _ key: String) -> Bool {
        for start in tokens.indices {
            var joined = ""
            for token in tokens[start...] {
                joined += token
                if joined == key { return true }
                if joined.count >= key.count || !key.hasPrefix(joined) { break }
            }
        }
        return false
    }

    /// The department for a complaint: the first rule whose categories, areas and words all match, else the default.
    package func department(category: String, area: Area?, text: String, locale: LocaleID) -> Department? {
        let tokens = words(text, locale).map(Self.fold).filter { !$0.isEmpty }
        for rule in directory.rules {
            if !rule.categories.isEmpty && !rule.categories.contains(category) { continue }
            if !rule.areas.isEmpty && !(area.map { rule.areas.contains($0.code) } ?? false) { continue }
            if !rule.words.isEmpty
                && !rule.words.contains(where: { Self.contains(tokens, words($0, locale).map(Self.fold).joined()) })
            {
                continue
            }
            if let department = directory.departments[rule.department] { return department }
        }
        return directory.defaultDepartment.flatMap { directory.departments[$0] }
    }
}
