import Testing

@testable import DeskBot

/// What the SMTP client decides before it connects (the exchange itself is tested against aiosmtpd by
/// `scripts/smtp-tls.py`: implicit TLS, AUTH, a wrong password, an untrusted certificate).
struct SMTPClientTests {
    @Test func aPasswordIsNeverSentInTheClearToAnotherMachine() async {
        let relay = SMTPClient(host: "relay.riverside.example.org", port: 25, from: "desk@riverside.example.org", username: "deskbot", password: "secret")
        #expect(!relay.mayAuthenticate)
        await #expect {
            try await relay.send(to: "water@riverside.example.org", subject: "CMP-2026-000001", body: "no water")
        } throws: { error in
            (error as? SMTPClient.Failure)?.stage == "AUTH without TLS"
        }
        #expect(SMTPClient(host: "relay.riverside.example.org", port: 465, from: "d@x.org", tls: true, username: "u").mayAuthenticate)
        #expect(SMTPClient(host: "127.0.0.1", port: 2525, from: "d@x.org", username: "u").mayAuthenticate)
    }

    @Test func onlyAMessagesOwnRefusalIsPermanent() {
        #expect(SMTPClient.Failure(code: 550, stage: "RCPT").permanent)
        #expect(SMTPClient.Failure(code: 554, stage: "message").permanent)
        // The relay's configuration (a password, TLS): the notice stays queued until the operator fixes it.
        #expect(!SMTPClient.Failure(code: 535, stage: "AUTH").permanent)
        #expect(!SMTPClient.Failure(code: 421, stage: "RCPT").permanent)
        #expect(!SMTPClient.Failure(code: 0, stage: "connect").permanent)
    }
}
