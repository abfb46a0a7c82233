import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A small SMTP client (RFC 5321) over SwiftNIO for the city's relay: EHLO, AUTH PLAIN (when a user is set), MAIL
/// FROM, RCPT TO, DATA, QUIT. With `tls` the connection is TLS from its first byte (implicit TLS, the submission
/// port 465 of RFC 8314), the server's certificate checked against the system's trust roots (or `caFile`) and its
/// name. A password is never sent without TLS, except to a relay on this machine (127.0.0.1, ::1, localhost).
/// The body is sent base64-encoded UTF-8 (no 8BITMIME or dot-stuffing needed), the subject RFC 2047-encoded.
struct SMTPClient: Sendable {
    var host: String
    var port: Int
    var from: String
    var helo: String = "deskbot.localdomain"
    var timeout: TimeAmount = .seconds(15)
    /// Implicit TLS, and the certificate authority to trust instead of the system's (a city's own CA; tests).
    var tls = false
    var caFile: String?
    /// AUTH PLAIN credentials (`smtp_username`, and `smtp_password` or `DESKBOT_SMTP_PASSWORD`).
    var username: String?
    var password: String?

    /// Whether a password may go over this connection.
    var mayAuthenticate: Bool { tls || ["127.0.0.1", "::1", "localhost"].contains(host) }

    /// A failed exchange: `permanent` for a 5xx reply to this message (its sender, recipient or content: it is not
    /// retried), otherwise temporary. A refused login or TLS setup is the relay's configuration, not the message's:
    /// the notice stays queued and goes out once the operator fixes it.
    struct Failure: Error, CustomStringConvertible {
        let code: Int
        let stage: String
        var permanent: Bool { (500..<600).contains(code) && ["MAIL", "RCPT", "DATA", "message"].contains(stage) }
        var description: String { code == 0 ? "SMTP \(stage): connection failed" : "SMTP \(stage): reply \(code)" }
    }

    /// Sends one message; throws `Failure` (never with the address or text in it).
    func send(to recipient: String, subject: String, body: String, date: Date = Date()) async throws {
        guard !recipient.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "<" || $0 == ">" }) else {
            throw Failure(code: 553, stage: "RCPT")
        }
        if username != nil, !mayAuthenticate { throw Failure(code: 530, stage: "AUTH without TLS") }
        let tlsContext: NIOSSLContext?
        do {
            tlsContext = tls ? try Self.tlsContext(caFile: caFile) : nil
        } catch {
            throw Failure(code: 0, stage: "TLS configuration")
        }
        let serverName = host.first?.isNumber == true || host.contains(":") ? nil : host
        let channel: NIOAsyncChannel<String, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(timeout)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tlsContext {
                            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                        return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw Failure(code: 0, stage: "connect")
        }
        let message = Self.message(from: from, to: recipient, subject: subject, body: body, date: date)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var replies = inbound.makeAsyncIterator()
                    /// Reads one (possibly multi-line) reply and checks its code.
                    func expect(_ ok: Int, _ stage: String) async throws {
                        while true {
                            guard let line = try await replies.next() else { throw Failure(code: 0, stage: stage) }
                            let code = Int(line.prefix(3)) ?? 0
                            if line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" { continue }
                            guard code / 100 == ok / 100 else { throw Failure(code: code, stage: stage) }
                            return
                        }
                    }
                    func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
                    try await expect(220, "greeting")
                    try await say("EHLO \(helo)")
                    try await expect(250, "EHLO")
                    if let username {
                        // RFC 4616: authorization id (empty), user, password, NUL-separated, base64.
                        let token = Data(([0] + Array(username.utf8) + [0] + Array((password ?? "").utf8))).base64EncodedString()
                        try await say("AUTH PLAIN \(token)")
                        try await expect(235, "AUTH")
                    }
                    try await say("MAIL FROM:<\(from)>")
                    try await expect(250, "MAIL")
                    try await say("RCPT TO:<\(recipient)>")
                    try await expect(250, "RCPT")
                    try await say("DATA")
                    try await expect(354, "DATA")
                    try await outbound.write(ByteBuffer(string: message + "\r\n.\r\n"))
                    try await expect(250, "message")
                    try await say("QUIT")
                    _ = try? await replies.next()
                }
            }
            group.addTask {
                try await Task.sleep(for: .seconds(Double(timeout.nanoseconds) / 1e9 * 2))
                throw Failure(code: 0, stage: "timeout")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// TLS 1.2 or later, the peer's certificate and name verified (against `caFile` when given).
    static func tlsContext(caFile: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile { configuration.trustRoots = .file(caFile) }
        return try NIOSSLContext(configuration: configuration)
    }

    /// The message: headers, a blank line, the base64 body in 76-character lines.
    static func message(from: String, to: String, subject: String, body: String, date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        let domain = from.split(separator: "@").last.map(String.init) ?? "localhost"
        let encodedSubject = subject.allSatisfy(\.isASCII) ? subject : "=?UTF-8?B?\(Data(subject.utf8).base64EncodedString())?="
        let base64 = Data(body.utf8).base64EncodedString()
        var lines: [String] = []
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(76)))
            rest = rest.dropFirst(76)
        }
        return [
            "From: <\(from)>", "To: <\(to)>", "Subject: \(encodedSubject.replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\n", with: " "))",
            "Date: \(f.string(from: date))", "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "",
        ].joined(separator: "\r\n") + "\r\n" + lines.joined(separator: "\r\n")
    }
}

/// Splits the server's replies into lines (CRLF or LF), at most 4 KiB each.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = String

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > 4096 { throw SMTPClient.Failure(code: 0, stage: "reply too long") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readString(length: length) ?? ""
        buffer.moveReaderIndex(forwardBy: 1)
        if line.hasSuffix("\r") { line.removeLast() }
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
