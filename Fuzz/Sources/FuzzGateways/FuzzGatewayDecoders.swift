import Foundation
import FuzzSupport

// The webhook decoders' own parsing on arbitrary bytes, as the gateways call it: form bodies and query strings
// (Twilio, Africa's Talking SMS and USSD, Kannel's get-url query), Kannel's percent-decoding to raw bytes and its
// text decoding by `coding`/`charset`, the Content-Type charset, the JSON payloads (WhatsApp, Telegram, generic), and
// the walk along an Africa's Talking USSD path with the screens' paging.

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
    if let payload = try? JSONDecoder().decode(WhatsAppPayload.self, from: json) {
        for value in payload.entry.flatMap(\.changes).map(\.value) {
            for message in value.messages ?? [] {
                _ = message.text?.body ?? message.interactive?.listReply?.title ?? message.interactive?.buttonReply?.title
                _ = message.location.map { $0.latitude.isFinite && $0.longitude.isFinite }
                _ = message.timestamp.flatMap(TimeInterval.init)
            }
            _ = value.statuses?.compactMap { $0.errors?.first?.code }
        }
    }

    fuzzUSSDPath(input, bytes)
    return 0
}

/// The USSD path as Africa's Talking sends it (`text=2*3*Block 6`), walked over menus whose sizes the first byte picks.
func fuzzUSSDPath(_ path: String, _ bytes: [UInt8]) {
    let seed = Int(bytes.first ?? 0)
    let (topics, categories, languages) = (seed % 8, (seed / 8) % 10, seed % 12)
    let walk = USSDPath(path, topics: topics, categories: categories, languages: languages)
    switch walk.screen {
    case .answer(let n, let page): require(n >= 0 && n < topics && page >= 0, "topic \(n) of \(topics)")
    case .location(let n): require(n >= 0 && n < categories, "category \(n) of \(categories)")
    case .action(.file(let n, _), let page): require(n >= 0 && n < categories && page >= 0, "filing category \(n) of \(categories)")
    case .action(.language(let n), _): require(n >= 0 && n < languages, "language \(n) of \(languages)")
    case .action(.status(let reference), _): require(!reference.isEmpty, "an empty reference was looked up")
    default: break
    }
    // A choice that is not on its screen leaves the screen where it was.
    if walk.invalid {
        let shorter = path.lastIndex(of: "*").map { String(path[..<$0]) } ?? ""
        let before = USSDPath(shorter, topics: topics, categories: categories, languages: languages)
        require(before.screen == walk.screen, "an invalid choice moved \(before.screen) to \(walk.screen)")
    }
    // Paging: every screen within its limit, nothing lost but the spaces between screens.
    let limit = 21 + seed % 170  // screens are at least 20 characters, plus the ellipsis
    let pages = USSDPath.pages(path, limit: limit)
    require(!pages.isEmpty && pages.allSatisfy { $0.count <= max(20, limit) }, "a page over \(limit) characters")
    let unspaced = { (s: String) in Array(s.unicodeScalars.filter { $0 != " " }) }
    require(unspaced(pages.joined()) == unspaced(path), "paging lost text")
    require(USSDPath.fit(path, limit).count <= limit, "fit went over \(limit)")
}
