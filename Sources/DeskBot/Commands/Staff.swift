import DeskCore
import ArgumentParser
import Foundation

struct Staff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Staff accounts of the web console (/admin): add, list, disable, enable.",
        subcommands: [Add.self, List.self, Disable.self, Enable.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an account; the password is read from standard input (first line).")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The login name (a–z, 0–9, dot, dash, underscore).") var name: String
        @Option(help: "clerk, supervisor or admin.") var role: String
        @Option(help: "The console's language for this account: en or ur.") var language = "en"

        func validate() throws {
            guard StaffAccounts.validName(name) else { throw ValidationError(StaffAccounts.nameRule) }
            guard StaffRole(rawValue: role) != nil else { throw ValidationError("--role must be clerk, supervisor or admin") }
            guard ConsoleLabels.languages.contains(language) else { throw ValidationError("--language must be en or ur") }
        }

        func run() async throws {
            guard let password = readLine(strippingNewline: true), password.count >= StaffAccounts.minimumPassword else {
                throw ValidationError(StaffAccounts.passwordRule + " (read from standard input)")
            }
            let (store, _) = try options.openStore()
            try await options.prepare(store)
            do {
                try await StaffAccounts(store: store).add(name: name, role: StaffRole(rawValue: role) ?? .clerk, password: password, language: language, at: Date())
                try await store.appendAudit(AuditRecord(staff: "cli", action: "staff added", subject: name, detail: role, at: Date()))
            } catch let error as StaffStoreError {
                await options.close(store)
                throw ValidationError(error.description)
            }
            await options.close(store)
            print("added \(name) (\(role))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the accounts (never their passwords).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let (store, _) = try options.openStore()
            try await options.prepare(store)
            let now = Date()
            let rows = try await store.staffAccounts().map { a in
                [a.name, a.role, a.language, a.disabled ? "disabled" : ((a.lockedUntil ?? now) > now ? "locked" : "active"), Open311.datetime(a.createdAt)]
            }
            await options.close(store)
            print(StaffFormat.table([["name", "role", "language", "state", "created"]] + rows))
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; its sessions end at once.")
        @OptionGroup var options: GlobalOptions
        @Argument var name: String
        func run() async throws { try await Staff.set(name, disabled: true, options: options) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable an account again (and lift a lock-out).")
        @OptionGroup var options: GlobalOptions
        @Argument var name: String
        func run() async throws { try await Staff.set(name, disabled: false, options: options) }
    }

    static func set(_ name: String, disabled: Bool, options: GlobalOptions) async throws {
        let (store, _) = try options.openStore()
        try await options.prepare(store)
        do {
            try await StaffAccounts(store: store).setDisabled(name, disabled)
            try await store.appendAudit(AuditRecord(staff: "cli", action: disabled ? "staff disabled" : "staff enabled", subject: name, at: Date()))
        } catch let error as StaffStoreError {
            await options.close(store)
            throw ValidationError(error.description)
        }
        await options.close(store)
        print("\(name) \(disabled ? "disabled" : "enabled")")
    }
}
