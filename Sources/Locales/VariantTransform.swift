import CICU

/// A compiled set of spelling-variant rules (ICU transform syntax) for one locale.
///
/// The compiled ICU transliterator lives in the C shim's registry, which shares one compilation among everyone who
/// compiles the same rule text and clones it per concurrent call there (ICU transliterators must not be shared
/// between threads). This value holds a reference to it; when the last copy goes away the reference is given back,
/// so reloading a corpus any number of times never runs the registry out.
struct VariantTransform: Sendable {
    private let compiled: CompiledRules

    /// Compiles (or reuses) the rules.
    /// - Parameters:
    ///   - rules: ICU transform rules.
    ///   - locale: the locale they belong to, for the error.
    ///   - maxInUse: refuse to keep a new rule set when this many are in use (at most the registry's size).
    /// - Throws: `NormalizationError.invalidVariantRules` with the ICU parse error; or, when the rules compiled but
    ///   the registry is full, with a reason that says so (not a syntax error).
    init(rules: String, locale: LocaleID, maxInUse: Int32 = DESKBOT_ICU_MAX_TRANSFORMS) throws(NormalizationError) {
        let units = Array(rules.utf16)
        var message = [CChar](repeating: 0, count: 256)
        let handle = units.withUnsafeBufferPointer { src in
            message.withUnsafeMutableBufferPointer { err in
                deskbot_icu_transform_open_capped(
                    src.baseAddress, Int32(src.count), maxInUse, err.baseAddress, Int32(err.count))
            }
        }
        guard handle >= 0 else {
            let reason = String(decoding: message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if handle == DESKBOT_ICU_TRANSFORM_FULL { throw .transformRegistryFull(locale, reason: reason) }
            throw .invalidVariantRules(locale, reason: reason)
        }
        compiled = CompiledRules(handle: handle)
    }

    /// Transforms the tokens in one ICU call: joined by single spaces and padded with a space at each end, so
    /// rules can use `' '` as a word boundary.
    func apply(_ tokens: [String]) -> [String] {
        var units = Array((" " + tokens.joined(separator: " ") + " ").utf16)
        let length = units.count
        units.append(contentsOf: repeatElement(0, count: length * 2 + 16))
        let n = units.withUnsafeMutableBufferPointer { buffer in
            deskbot_icu_transform_apply(compiled.handle, buffer.baseAddress, Int32(length), Int32(buffer.count))
        }
        guard n >= 0 else { return tokens }
        return units[0..<Int(n)].split(separator: 0x20).map { String(decoding: $0, as: UTF16.self) }
    }

    // MARK: - Registry

    /// What the shim's registry holds now (all threads, all locales): for tests and diagnostics.
    static var registry: (inUse: Int, cached: Int, clones: Int) {
        var inUse: Int32 = 0
        var idle: Int32 = 0
        var clones: Int32 = 0
        deskbot_icu_transform_stats(&inUse, &idle, &clones)
        return (Int(inUse), Int(idle), Int(clones))
    }
}

/// One reference to a rule set in the shim's registry, given back when the last `VariantTransform` copy holding
/// it is gone. Sendable: its only state is an immutable handle, and the shim's functions are thread-safe.
private final class CompiledRules: Sendable {
    let handle: Int32

    init(handle: Int32) { self.handle = handle }

    deinit { deskbot_icu_transform_close(handle) }
}
