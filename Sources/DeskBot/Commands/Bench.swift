import DeskCore
import ArgumentParser
import Foundation
import Intents
import Locales

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the engine on JSON lines {\"text\", \"locale\"?}: messages per second and per-message latency.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "JSON lines to classify: a file, or a folder of .jsonl files (e.g. eval).")
    var data: String

    @Option(help: "How many passes over the data.")
    var passes: Int = 20

    @Flag(help: "Ignore the lines' locales and detect the language of every message.")
    var detect = false

    @Flag(help: "Also time each stage on a few fixed probe messages.")
    var probe = false

    @Option(help: "Also build the engine with this many times the corpus's intents (made-up words, same seed every run) and compare the per-message cost with the real corpus.")
    var syntheticIntents: Int?

    func run() async throws {
        let engine = try Classifier.loaded(corpus: options.loadCorpus(), directory: options.corpora)
        let text = try EvalReport.files([data]).map { try String(contentsOfFile: $0, encoding: .utf8) }.joined(separator: "\n")
        let lines = text.split(separator: "\n").compactMap { ClassifyLine(json: String($0)) }
        guard !lines.isEmpty else { throw ValidationError("no JSON lines in \(data)") }
        let inputs = lines.map { (text: $0.text, locale: detect ? nil : $0.locale.map(LocaleID.init(rawValue:))) }
        if let factor = syntheticIntents, factor > 1 {
            try compareSynthetic(engine: engine, factor: factor, inputs: inputs)
            return
        }
        var samples: [UInt64] = []
        samples.reserveCapacity(inputs.count * passes)
        var sink = 0
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<passes {
            for input in inputs {
                let t0 = DispatchTime.now().uptimeNanoseconds
                let c = engine.classify(input.text, locale: input.locale)
                let t1 = DispatchTime.now().uptimeNanoseconds
                sink &+= c.candidates.count
                samples.append(t1 - t0)
            }
        }
        let total = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        samples.sort()
        func percentile(_ p: Double) -> Double {
            Double(samples[min(samples.count - 1, Int(Double(samples.count) * p))]) / 1000
        }
        let rate = Double(samples.count) / total
        print("messages: \(samples.count) (\(inputs.count) lines × \(passes) passes), language \(detect ? "detected" : "given where the line names it")")
        print(String(format: "throughput: %.0f messages/s (single thread, timer included)", rate))
        print(String(format: "latency µs: p50 %.1f  p90 %.1f  p99 %.1f  max %.1f", percentile(0.5), percentile(0.9), percentile(0.99), percentile(1.0)))
        // Where the time goes: the same messages through the first stages alone.
        let normalizer = Normalizer()
        var t0 = DispatchTime.now().uptimeNanoseconds
        var normalized: [NormalizedText] = []
        for input in inputs { normalized.append(normalizer.normalize(input.text)) }
        let normalizeMicros = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000 / Double(inputs.count)
        t0 = DispatchTime.now().uptimeNanoseconds
        for text in normalized { sink &+= engine.identifier.identify(text).count }
        let identifyMicros = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000 / Double(inputs.count)
        print(String(format: "stages µs/message: normalize %.1f, identify language %.1f", normalizeMicros, identifyMicros))
        if probe {
            for message in ["where is the office", "zzqx vvbn", "پانی نہیں آ رہا", "pani nahi aa raha"] {
                let n = normalizer.normalize(message)
                t0 = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<10_000 { sink &+= engine.identifier.identify(n).count }
                let identify = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000 / 10_000
                t0 = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<10_000 { sink &+= normalizer.normalize(message).tokens.count }
                let norm = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000 / 10_000
                let locale = engine.identifier.identify(n).first?.locale ?? "en"
                t0 = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<10_000 { sink &+= engine.classify(n, in: locale, languages: []).candidates.count }
                let score = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000 / 10_000
                print(String(format: "%@: normalize %.2f identify %.2f classify-in-locale %.2f µs", message, norm, identify, score))
            }
        }
        if sink == -1 { print(sink) }
    }

    /// Per-message time on the real corpus and on one with `factor` × its intents (the extra ones made of random
    /// made-up words, so they add index entries, vocabulary and language-identification words, but match nothing).
    func compareSynthetic(engine: Classifier, factor: Int, inputs: [(text: String, locale: LocaleID?)]) throws {
        let corpus = try options.loadCorpus()
        var grown = corpus
        var random = SeededRandom(seed: 0x5EED)
        var added = 0
        for (code, pack) in corpus.packs {
            var pack = pack
            let extra = pack.rules.count * (factor - 1)
            for k in 0..<extra {
                func word() -> String {
                    let letters = Array("abcdefghijklmnopqrstuvwxyz")
                    return String((0..<(5 + random.next(5))).map { _ in letters[random.next(letters.count)] })
                }
                let keywords = (0..<4).map { _ in Term(word()) }
                let phrases = (0..<2).map { _ in Term(word() + " " + word()) }
                let examples = (0..<4).map { _ in (0..<(4 + random.next(4))).map { _ in word() }.joined(separator: " ") }
                pack.rules.append(
                    IntentRule(id: IntentID("synthetic_\(code.rawValue)_\(k)"), keywords: keywords, phrases: phrases, examples: examples))
            }
            added += extra
            grown.packs[code] = pack
        }
        let buildStart = DispatchTime.now().uptimeNanoseconds
        let big = try Classifier.loaded(corpus: grown, directory: options.corpora)
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
        func perMessage(_ e: Classifier) -> Double {
            var sink = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<passes { for input in inputs { sink &+= e.classify(input.text, locale: input.locale).candidates.count } }
            if sink == -1 { print(sink) }
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1000 / Double(passes * inputs.count)
        }
        _ = perMessage(engine)  // warm the memos of both engines alike
        _ = perMessage(big)
        let small = perMessage(engine)
        let large = perMessage(big)
        let intents = corpus.packs.values.reduce(0) { $0 + $1.rules.count }
        print("messages: \(inputs.count) lines × \(passes) passes, language \(detect ? "detected" : "given where the line names it")")
        print(String(format: "1× intents (%d): %.1f µs/message", intents, small))
        print(String(format: "%d× intents (%d, %d synthetic; engine built in %.1f s): %.1f µs/message", factor, intents + added, added, buildSeconds, large))
        print(String(format: "ratio %d×/1×: %.2f", factor, large / small))
    }
}

/// A small deterministic generator (SplitMix64), so synthetic corpora are the same every run.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(bound))
    }
}
