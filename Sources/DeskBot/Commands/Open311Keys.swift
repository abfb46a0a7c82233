import ArgumentParser
import DeskCore
import Foundation

/// `deskbot open311 keys add|list|revoke`: the API keys Open311 clients need to create service requests.
struct Open311Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open311", abstract: "Staff: the Open311 GeoReport v2 API (served by `deskbot serve` at /open311/v2/).",
        subcommands: [Keys.self])

    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API keys for POST requests: issued once, stored only as their SHA-256.", subcommands: [Add.self, List.self, Revoke.self])
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a key; it is printed once and cannot be shown again.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "Who the key is for, e.g. fixmystreet-riverside.") var name: String

        func validate() throws {
            guard !name.isEmpty, name.count <= 100, !name.contains(where: { $0.isNewline }) else {
                throw ValidationError("the name must be 1–100 characters on one line")
            }
        }

        func run() async throws {
            let (store, _) = try options.openStore()
            try await options.prepare(store)
            var bytes = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for i in bytes.indices { bytes[i] = UInt8.random(in: 0...255, using: &generator) }
            let key = "o311_" + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
                .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            do {
                _ = try await store.addAPIKey(APIKeyRecord(name: name, hash: Open311API.hash(key), createdAt: Date()))
            } catch let error as CivicError {
                await options.close(store)
                throw ValidationError(error.description)
            }
            await options.close(store)
            print(key)
            printError("API key `\(name)` issued. It is shown only now: give it to the client (api_key=…).")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keys (names and dates; never the keys).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let (store, _) = try options.openStore()
            try await options.prepare(store)
            let keys = try await store.apiKeys()
            await options.close(store)
            print(StaffFormat.table([["name", "issued", "revoked"]] + keys.map {
                [$0.name, Open311.datetime($0.createdAt), $0.revokedAt.map(Open311.datetime) ?? ""]
            }))
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: POST requests with it get 403 from now on.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The key's name.") var name: String

        func run() async throws {
            let (store, _) = try options.openStore()
            try await options.prepare(store)
            let revoked = try await store.revokeAPIKey(name: name, at: Date())
            await options.close(store)
            guard revoked else { throw ValidationError("no active API key named `\(name)`") }
            print("API key `\(name)` revoked.")
        }
    }
}
