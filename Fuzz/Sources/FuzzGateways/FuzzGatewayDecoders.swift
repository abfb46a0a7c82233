import Foundation
import FuzzSupport

// The webhook decoders' own parsing on arbitrary bytes, as the gateways call it: form bodies and query strings
// (Twilio, Africa's Talking SMS and USSD, Kannel's get-url query), Kannel's percent-decoding to raw bytes and its
// text decoding by `coding`/`charset`, the Content-Type charset, and the JSON payloads (Telegram, generic).

func fuzzGatewayDecoders(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = text(data, size)
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []

    // Form bodies: every pair comes back through encode → parse unchanged.
    let pairs = FormBody.parse(input)
    let again = FormBody.parse(FormBody.encode(pairs))
    require(again.count == pairs.count, "encode/parse changed the number of pairs for \(input.debugDescription)")
    for (a, b) in zip(pairs, again) { require(a.0 == b.0 && a.1 == b.1, "encode/parse changed \(a) into \(b)") }
    _ = pairs.value("Body")

    // Kannel: raw bytes, then the text in each coding the query can name.
    let raw = KannelQuery.rawPairs(input)
    for (_, value) in raw.prefix(8) {
        for (coding, charset) in [(nil, nil), ("0", nil), ("2", nil), (nil, "UTF-16BE"), (nil, "ISO-8859-1"), ("1", "utf-8")] as [(String?, String?)] {
            if let decoded = KannelQuery.decode(value, coding: coding, charset: charset), coding == "2" {
                require(decoded.utf16.count == value.count / 2, "UCS-2 decoding lost units")
            }
        }
    }
    _ = KannelQuery.decode(bytes, coding: "2", charset: nil)
    _ = KannelQuery.charset(ofContentType: input)

    // JSON payloads: decoding never traps, whatever the bytes.
    let json = Data(bytes)
    if let update = try? JSONDecoder().decode(TelegramUpdate.self, from: json) { _ = update.message?.text?.count }
    if let message = try? JSONDecoder().decode(GenericMessage.self, from: json) { _ = message.timestamp.map { abs($0) <= 300 } }
    return 0
}
