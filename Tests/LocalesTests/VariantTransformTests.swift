import Foundation
import Testing

@testable import Locales

/// Compiled variant rules are shared and given back, so reloading a corpus any number of times never runs the
/// shim's registry out (issue 10), and a full registry is not reported as a syntax error.
@Suite(.serialized) struct VariantTransformTests {
    /// Rule sets other suites may hold while these tests run, plus the few the registry keeps as a cache.
    static let bound = 64

    static let romanUrdu: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpora/ur-Latn/variants.txt")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    // MARK: - Reloads

    @Test func sameRulesCompiledAgainAndAgainAllSucceed() throws {
        // Given the shipped Roman Urdu rules
        try #require(!Self.romanUrdu.isEmpty)
        for _ in 0..<1_500 {
            // When a reload compiles them again (and the previous normalizer goes away)
            let normalizer = try Normalizer(locale: "ur-Latn", variantRules: Self.romanUrdu)
            // Then it works as the first one did
            #expect(normalizer.normalize("paani nahin aa raha").tokens == ["pani", "nahi", "a", "raha"])
        }
        #expect(VariantTransform.registry.inUse + VariantTransform.registry.cached <= Self.bound)
    }

    @Test func differentRulesCompiledThousandsOfTimesAllSucceed() throws {
        for i in 0..<1_500 {
            // Given rules that differ on every reload
            let normalizer = try Normalizer(locale: "ur-Latn", variantRules: "aa > a ;\nzq\(i) > hit ;")
            // Then each compiles and applies its own rules, not a neighbour's
            #expect(normalizer.normalize("paani zq\(i) zq\(i + 1)").tokens == ["pani", "hit", "zq\(i + 1)"])
        }
        let registry = VariantTransform.registry
        #expect(registry.inUse + registry.cached <= Self.bound)
    }

    @Test func manyHeldAtOnceAreFreedWhenReleased() throws {
        // Given 600 distinct rule sets alive at the same time
        var held: [VariantTransform] = []
        for i in 0..<600 {
            held.append(try VariantTransform(rules: "x\(i)y > ok ;", locale: "ur-Latn"))
        }
        #expect(VariantTransform.registry.inUse >= 600)
        for (i, transform) in held.enumerated() {
            #expect(transform.apply(["x\(i)y", "x\(i + 1)y"]) == ["ok", "x\(i + 1)y"])
        }
        // When they are released
        held.removeAll()
        // Then the registry gives their slots back
        let registry = VariantTransform.registry
        #expect(registry.inUse + registry.cached <= Self.bound)
    }

    @Test func copiesShareOneCompilation() throws {
        let rules = "qqshared > one ;"
        let before = VariantTransform.registry.inUse
        let a = try VariantTransform(rules: rules, locale: "ur-Latn")
        let b = try VariantTransform(rules: rules, locale: "ur-Latn")
        let c = b
        #expect(VariantTransform.registry.inUse <= before + 1)
        #expect(a.apply(["qqshared"]) == ["one"])
        #expect(c.apply(["qqshared"]) == ["one"])
    }

    @Test func concurrentUseStaysCorrectAndClonesStayBounded() async throws {
        let shared = try Normalizer(locale: "ur-Latn", variantRules: Self.romanUrdu)
        let results = await withTaskGroup(of: Bool.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var ok = true
                    for i in 0..<300 {
                        // Shared rules used from many threads, while others compile and drop their own.
                        ok = ok && shared.normalize("pani nhi aya").tokens == ["pani", "nahi", "aya"]
                        if let own = try? Normalizer(locale: "ur-Latn", variantRules: "w\(worker)n\(i % 20) > hit ;") {
                            ok = ok && own.normalize("w\(worker)n\(i % 20)").tokens == ["hit"]
                        } else {
                            ok = false
                        }
                    }
                    return ok
                }
            }
            var all: [Bool] = []
            for await ok in group { all.append(ok) }
            return all
        }
        #expect(results == Array(repeating: true, count: 8))
        // Clones are pooled per rule set: no more than the calls that ran at once.
        #expect(VariantTransform.registry.clones <= 8 * Self.bound)
    }

    // MARK: - Errors

    @Test func invalidRulesStillReportTheSyntaxError() {
        for _ in 0..<200 {
            #expect(throws: NormalizationError.self) {
                _ = try Normalizer(locale: "ur-Latn", variantRules: "aa > ;; ( > b")
            }
            do {
                _ = try VariantTransform(rules: "[z-a] > x ;", locale: "ur-Latn")
                Issue.record("invalid rules compiled")
            } catch {
                guard case .invalidVariantRules(_, let reason) = error else { return }
                #expect(reason.contains("U_MALFORMED_SET"))
            }
        }
    }

    @Test func aFullRegistryIsNotCalledASyntaxError() throws {
        // Given a registry that may keep no more rule sets
        do {
            _ = try VariantTransform(rules: "qqfull > x ;", locale: "ur-Latn", maxInUse: 0)
            Issue.record("a full registry accepted new rules")
        } catch {
            // Then it is reported as a full registry, and the reason names no parse error
            guard case .transformRegistryFull(_, let reason) = error else {
                Issue.record("expected transformRegistryFull, got \(error)")
                return
            }
            #expect(reason.contains("registry is full"))
            #expect(!reason.contains("U_"))
        }
        // And invalid rules are still reported as invalid, full or not
        do {
            _ = try VariantTransform(rules: "aa > ;; ( > b", locale: "ur-Latn", maxInUse: 0)
            Issue.record("invalid rules compiled")
        } catch {
            guard case .invalidVariantRules(_, let reason) = error else { return }
            #expect(reason.contains("U_UNCLOSED_SEGMENT"))
        }
    }

    // MARK: - Memory

    /// Prints the resident set size around 2,000 compile/free cycles (informational; nothing is timed).
    @Test func residentMemoryAcrossCompileFreeCycles() throws {
        func rssKiB() -> Int {
            guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
                let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
            else { return -1 }
            return pages * Int(sysconf(Int32(_SC_PAGESIZE))) / 1024
        }
        let rules = Self.romanUrdu
        // Warm up ICU's own caches first.
        for i in 0..<50 { _ = try Normalizer(locale: "ur-Latn", variantRules: rules + "\nwarm\(i) > w ;") }
        let before = rssKiB()
        for i in 0..<2_000 {
            let n = try Normalizer(locale: "ur-Latn", variantRules: rules + "\nrss\(i) > r ;")
            _ = n.normalize("paani rss\(i)")
        }
        let after = rssKiB()
        print("VariantTransform RSS over 2,000 compile/free cycles: \(before) KiB → \(after) KiB")
        let registry = VariantTransform.registry
        #expect(registry.inUse + registry.cached <= Self.bound)
    }
}
