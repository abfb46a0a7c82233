import Foundation
import Testing

@testable import Locales

/// The shipped Roman Urdu rules fold common spellings together.
@Suite struct RomanUrduVariantsTests {
    let normalizer: Normalizer

    init() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpora/ur-Latn/variants.txt")
        normalizer = try Normalizer(locale: "ur-Latn", variantRules: String(contentsOf: url, encoding: .utf8))
    }

    @Test(arguments: [
        ("paani nahin aa raha", "pani nahi a raha"), ("pani nhi aya", "pani nahi aya"), ("pani nai", "pani nahi"),
        ("shikayet darj krni hai", "shikayat darj karni hai"), ("kachara", "kachra"), ("gutter", "guter"),
        ("bohat ganda", "bahut ganda"), ("bijly nahi", "bijli nahi"), ("kb khulta h", "kab khulta hai"),
        ("phone", "fone"), ("qabristan", "kabristan"),
    ])
    func folds(_ typed: String, _ canonical: String) {
        #expect(normalizer.normalize(typed).tokens.joined(separator: " ") == canonical)
    }
}
