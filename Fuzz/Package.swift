// swift-tools-version:6.0
// Coverage-guided fuzz targets (libFuzzer) for DeskBot's text pipeline, kept out of the root package so the app's
// build is untouched. Build and run them with `scripts/fuzz.sh TARGET SECONDS`; see README.md.
import Foundation
import PackageDescription

// A path dependency is identified by its folder's name (the root package may be checked out as `DeskBot`,
// `main`, a worktree…), so the products are looked up under that name.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootIdentity = root.lastPathComponent.lowercased()

let swiftSettings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "DeskBotFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Declares libFuzzer's driver, which the targets' `main` calls.
        .target(name: "FuzzDriver"),
        // The real corpus loader and SMS shaping: DeskCore's files (symlinked, not copied: `package` declarations are
        // visible only inside one package), and the checks the targets share.
        .target(
            name: "FuzzSupport",
            dependencies: [
                "FuzzDriver",
                .product(name: "Locales", package: rootIdentity),
                .product(name: "Intents", package: rootIdentity),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzNormalizer",
            dependencies: ["FuzzDriver", "FuzzSupport", .product(name: "Locales", package: rootIdentity)],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzLanguageID",
            dependencies: ["FuzzDriver", "FuzzSupport", .product(name: "Locales", package: rootIdentity)],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzClassifier",
            dependencies: [
                "FuzzDriver", "FuzzSupport", .product(name: "Locales", package: rootIdentity),
                .product(name: "Intents", package: rootIdentity),
            ],
            swiftSettings: swiftSettings
        ),
        // The gateways' decoding (the executable target's files, symlinked: FormBody, KannelQuery, TelegramUpdate,
        // GenericMessage), which imports only Foundation.
        .executableTarget(
            name: "FuzzGateways",
            dependencies: ["FuzzDriver", "FuzzSupport"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzSMS",
            dependencies: [
                "FuzzDriver", "FuzzSupport",
                .product(name: "Locales", package: rootIdentity), .product(name: "Intents", package: rootIdentity),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "FuzzCorpusLoader",
            dependencies: [
                "FuzzDriver", "FuzzSupport",
                .product(name: "Locales", package: rootIdentity), .product(name: "Intents", package: rootIdentity),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
