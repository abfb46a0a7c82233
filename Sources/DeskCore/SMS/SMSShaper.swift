/// Fits a reply into a maximum number of SMS segments, cutting only between words and saying how to get the rest.
package struct SMSShaper: Sendable {
    package var maxSegments: Int = 3
    /// Latin-script locales get typographic characters and missing accents replaced with GSM ones.
    package var transliterate: Bool

    package init(maxSegments: Int = 3, transliterate: Bool) {
        self.maxSegments = maxSegments
        self.transliterate = transliterate
    }

    package struct Shaped: Sendable, Equatable {
        package let text: String
        /// What did not fit, in order, for later pages.
        package let rest: String?
    }

    /// `hint` is appended when the text is cut (e.g. "More: INFO TAX 2" or "Send MORE").
    package func shape(_ text: String, hint: String) -> Shaped { shape(text, hint: { hint }) }

    /// The same, with the hint written only when the text has to be cut (most replies fit).
    package func shape(_ text: String, hint: () -> String) -> Shaped {
        let body = transliterate ? GSMTransliteration.apply(text) : text
        if SMSAnalysis(body).segments <= maxSegments { return Shaped(text: body, rest: nil) }
        let hint = hint()
        let suffix = " " + (transliterate ? GSMTransliteration.apply(hint) : hint)
        // The longest prefix ending at a word boundary that fits together with the hint.
        var words = body.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        var kept: [String] = []
        var low = 0
        var high = words.count
        while low < high {
            let mid = (low + high + 1) / 2
            let candidate = words[0..<mid].joined(separator: " ") + suffix
            if SMSAnalysis(candidate).segments <= maxSegments { low = mid } else { high = mid - 1 }
        }
        kept = Array(words[0..<low])
        if kept.isEmpty {
            // One enormous "word": fall back to cutting by characters rather than sending nothing.
            var cut = ""
            for c in body {
                if SMSAnalysis(cut + String(c) + suffix).segments > maxSegments { break }
                cut.append(c)
            }
            return Shaped(text: cut + suffix, rest: String(body.dropFirst(cut.count)))
        }
        words.removeFirst(low)
        let rest = words.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        return Shaped(text: kept.joined(separator: " ").trimmingTrailingNewlines() + suffix, rest: rest.isEmpty ? nil : rest)
    }
}

import Foundation
