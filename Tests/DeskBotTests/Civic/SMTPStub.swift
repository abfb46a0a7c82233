import Foundation
import NIOCore
import NIOPosix
import Synchronization

@testable import DeskBot

/// A minimal SMTP server on 127.0.0.1 for tests: accepts every message and keeps its recipient and data.
final class SMTPStub: Sendable {
    struct Message: Sendable {
        let from: String
        let to: [String]
        let data: String
        /// The decoded subject and body.
        var subject: String {
            data.components(separatedBy: "\r\n").first { $0.hasPrefix("Subject: ") }.map { String($0.dropFirst(9)) } ?? ""
        }
        var body: String {
            guard let range = data.range(of: "\r\n\r\n") else { return "" }
            let base64 = data[range.upperBound...].replacingOccurrences(of: "\r\n", with: "")
            return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    /// The messages received, shared with the connection tasks.
    final class Inbox: Sendable {
        let messages = Mutex<[Message]>([])
    }

    private let received = Inbox()
    private let server: NIOAsyncChannel<NIOAsyncChannel<String, ByteBuffer>, Never>
    private let task: Task<Void, Never>
    let port: Int

    var messages: [Message] { received.messages.withLock { $0 } }

    init() async throws {
        server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    return try NIOAsyncChannel<String, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        port = server.channel.localAddress?.port ?? 0
        let server = server
        let received = received
        task = Task {
            try? await server.executeThenClose { connections in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in connections {
                        group.addTask { try? await Self.serve(connection, into: received) }
                    }
                }
            }
        }
    }

    func stop() async {
        task.cancel()
        try? await server.channel.close()
    }

    private static func serve(_ connection: NIOAsyncChannel<String, ByteBuffer>, into received: Inbox) async throws {
        try await connection.executeThenClose { inbound, outbound in
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            try await say("220 stub ESMTP")
            var from = ""
            var to: [String] = []
            var data: [String]?
            for try await line in inbound {
                if var lines = data {
                    if line == "." {
                        received.messages.withLock { $0.append(Message(from: from, to: to, data: lines.joined(separator: "\r\n"))) }
                        data = nil
                        to = []
                        try await say("250 queued")
                    } else {
                        lines.append(line)
                        data = lines
                    }
                    continue
                }
                let command = line.uppercased()
                if command.hasPrefix("EHLO") {
                    try await say("250-stub")
                    try await say("250 SIZE 1000000")
                } else if command.hasPrefix("MAIL FROM:") {
                    from = String(line.dropFirst(10))
                    try await say("250 ok")
                } else if command.hasPrefix("RCPT TO:") {
                    to.append(String(line.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "<>")))
                    try await say("250 ok")
                } else if command == "DATA" {
                    data = []
                    try await say("354 go ahead")
                } else if command == "QUIT" {
                    try await say("221 bye")
                    return
                } else {
                    try await say("502 not implemented")
                }
            }
        }
    }
}
