import Foundation
import FuzzDriver

import Intents
import Locales

/// What the fuzz targets share: the bundled corpora, loaded with DeskBot's own loader, and small checks.
public enum FuzzCorpora {
    /// `DESKBOT_CORPORA` if set, else the repository's `corpora/` (found from this file's path).
    public static var directory: String {
        if let path = ProcessInfo.processInfo.environment["DESKBOT_CORPORA"], !path.isEmpty { return path }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("corpora").path
    }

    /// The corpora as `deskbot` loads them; exits (not a fuzz finding) when they do not load.
    public static func load() -> Corpus {
        do {
            return try CorpusLoader(directory: directory).load()
        } catch {
            FileHandle.standardError.write(Data("fuzz: cannot load the corpora in \(directory): \(error)\n".utf8))
            exit(2)
        }
    }

    /// The classifier built from the real corpora.
    public static func classifier() -> Classifier {
        do {
            return try Classifier(corpus: load())
        } catch {
            FileHandle.standardError.write(Data("fuzz: cannot build the classifier: \(error)\n".utf8))
            exit(2)
        }
    }

    /// The shipped spelling-variant rules of a locale, if it has any.
    public static func variantRules(_ locale: String) -> String? {
        try? String(contentsOfFile: "\(directory)/\(locale)/variants.txt", encoding: .utf8)
    }
}

/// Fails the run (a libFuzzer "crash", with the input saved) when an invariant does not hold.
public func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    guard !condition else { return }
    FileHandle.standardError.write(Data("fuzz invariant failed: \(message())\n".utf8))
    abort()
}

/// The input as the desk's decoders would give it: UTF-8, invalid bytes replaced by U+FFFD.
public func text(_ data: UnsafePointer<UInt8>?, _ size: Int) -> String {
    guard let data, size > 0 else { return "" }
    return String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// Checks what every normalization must give: words that are not empty and contain no spaces.
public func requireWellFormed(_ n: NormalizedText, _ input: String) {
    for token in n.tokens {
        require(!token.isEmpty, "empty token from \(input.debugDescription)")
        require(!token.contains(" "), "token with a space \(token.debugDescription) from \(input.debugDescription)")
    }
    let s = n.scripts
    require(s.latin >= 0 && s.arabic >= 0 && s.devanagari >= 0 && s.other >= 0, "negative script count")
}

/// Runs libFuzzer's driver with this process's arguments on `target`; returns its exit status.
///
/// The target runs once on an empty input first, so the corpora load (and any helper threads Foundation or
/// Dispatch start) before fuzzing, with SIGALRM blocked: libFuzzer's `-timeout` is a SIGALRM that it ignores
/// unless it lands on the fuzzing thread, so only this thread may receive it.
public func runFuzzer(_ target: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Int32 {
    var alarm = sigset_t()
    sigemptyset(&alarm)
    sigaddset(&alarm, SIGALRM)
    pthread_sigmask(SIG_BLOCK, &alarm, nil)
    _ = target(nil, 0)
    pthread_sigmask(SIG_UNBLOCK, &alarm, nil)
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    return LLVMFuzzerRunDriver(&argc, &argv, target)
}

extension String {
    /// As DeskCore's (Sources/DeskCore/Conversation/DeskSnapshot.swift), which the SMS shaper uses.
    package func trimmingTrailingNewlines() -> String {
        var s = self
        while s.last == "\n" { s.removeLast() }
        return s
    }
}
