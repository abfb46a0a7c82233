import CICU

/// A compiled set of spelling-variant rules (ICU transform syntax) for one locale.
///
/// The compiled ICU transliterator lives in the C shim's registry (one per rule set, cloned per thread there,
/// because ICU transliterators must not be shared between threads); this value only holds its handle.
struct VariantTransform: Sendable {
    private let handle: Int32

    init(rules: String, locale: LocaleID) throws(NormalizationError) {
        let units = Array(rules.utf16)
        var message = [CChar](repeating: 0, count: 256)
        let handle = units.withUnsafeBufferPointer { src in
            message.withUnsafeMutableBufferPointer { err in
                deskbot_icu_transform_open(src.baseAddress, Int32(src.count), err.baseAddress, Int32(err.count))
            }
        }
        guard handle >= 0 else {
            let reason = String(decoding: message.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .invalidVariantRules(locale, reason: reason)
        }
        self.handle = handle
    }

    /// Transforms the tokens in one ICU call: joined by single spaces and padded with a space at each end, so
    /// rules can use `' '` as a word boundary.
    func apply(_ tokens: [String]) -> [String] {
        var units = Array((" " + tokens.joined(separator: " ") + " ").utf16)
        let length = units.count
        units.append(contentsOf: repeatElement(0, count: length * 2 + 16))
        let n = units.withUnsafeMutableBufferPointer { buffer in
            deskbot_icu_transform_apply(handle, buffer.baseAddress, Int32(length), Int32(buffer.count))
        }
        guard n >= 0 else { return tokens }
        return units[0..<Int(n)].split(separator: 0x20).map { String(decoding: $0, as: UTF16.self) }
    }
}
