// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "DeskBot",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "deskbot", targets: ["DeskBot"]),
        .library(name: "Locales", targets: ["Locales"]),
        .library(name: "Intents", targets: ["Intents"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // ICU behind plain C types: no ICU type crosses into Swift.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc")]
        ),
        .target(name: "Locales", dependencies: ["CICU"], swiftSettings: swiftSettings),
        .target(name: "Intents", dependencies: ["Locales"], swiftSettings: swiftSettings),
        // The desk itself: conversation, domain, corpus loading, SMS/USSD shaping and the storage protocol.
        // No GRDB, Hummingbird, PostgresNIO or ArgumentParser here.
        .target(
            name: "DeskCore",
            dependencies: [
                "Locales", "Intents",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The SQLite implementation of the storage protocol (GRDB).
        .target(
            name: "DeskStoreSQLite",
            dependencies: [
                "DeskCore", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for the webhook's hot reads on GRDB's prepared statements (`HotQuery`).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        // The PostgreSQL implementation of the storage protocol (postgres-nio), for several `serve` instances.
        .target(
            name: "DeskStorePostgres",
            dependencies: [
                "DeskCore", "Intents",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "DeskBot",
            dependencies: [
                "Locales", "Intents", "DeskCore", "DeskStoreSQLite", "DeskStorePostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "LocalesTests", dependencies: ["Locales"], swiftSettings: swiftSettings),
        .testTarget(name: "IntentsTests", dependencies: ["Intents", "Locales"], swiftSettings: swiftSettings),
        .testTarget(
            name: "DeskBotTests",
            dependencies: [
                "DeskBot", "DeskCore", "DeskStoreSQLite", "DeskStorePostgres", "Intents", "Locales",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
    ]
)
