import Foundation

/// Files that hold citizens' data or the pseudonym key are readable by their owner only (0600). One found
/// readable by others (copied, restored from a backup, created by an older version) is fixed, with a warning.
package enum PrivateFiles {
    /// Makes `path` owner-only if it exists and others could read or write it; returns the warning to show then.
    @discardableResult
    package static func secure(_ path: String, warn: (String) -> Void = PrivateFiles.standardError) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0
        else { return false }
        do {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            warn("warning: \(path) was readable by other users (mode \(String(mode, radix: 8))); it holds citizens' data, so it is now 0600")
        } catch {
            warn("warning: \(path) is readable by other users (mode \(String(mode, radix: 8))) and could not be made 0600: \(error)")
        }
        return true
    }

    package static func standardError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}
