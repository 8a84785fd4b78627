// swift-tools-version: 6.2
import PackageDescription

/// Settings every Swift target shares, as in Hummingbird's own manifest.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "pset",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pset", targets: ["pset"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // The problem-bank DSL and the model it builds: sets, questions, coding tasks, validation.
        .target(name: "PsetModel", swiftSettings: swiftSettings),
        // The course's problem bank, written in the DSL.
        .target(name: "PsetBank", dependencies: ["PsetModel"], path: "problems", swiftSettings: swiftSettings),
        // What must happen between fork and exec, in C; everything else about sandboxing is Swift.
        .target(name: "CPsetSandbox"),
        .target(
            name: "PsetSandbox",
            dependencies: ["CPsetSandbox", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // Compiles submissions, runs tests, detects races and explores schedules.
        .target(
            name: "PsetGrader",
            dependencies: ["PsetModel", "PsetSandbox", .product(name: "Logging", package: "swift-log")],
            resources: [.embedInCode("Runtime")],
            swiftSettings: swiftSettings
        ),
        // The SQL migrations of SQLite and PostgreSQL, compiled into the program.
        .target(
            name: "PsetMigrations", path: "migrations",
            resources: [.embedInCode("sqlite"), .embedInCode("postgres")], swiftSettings: swiftSettings),
        // SQLite through GRDB: people, attempts, the grading queue.
        .target(
            name: "PsetStore",
            dependencies: ["PsetModel", "PsetMigrations", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL through postgres-nio: the same store as SQLite's, for several API nodes sharing one database.
        .target(
            name: "PsetPostgres",
            dependencies: [
                "PsetModel", "PsetStore", "PsetMigrations",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The rules of the course: answering, revealing, scoring, grading submissions.
        .target(
            name: "PsetCourse",
            dependencies: ["PsetModel", "PsetStore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        // Pushing grades to Canvas over its REST API.
        .target(
            name: "PsetCanvas",
            dependencies: ["PsetModel", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: swiftSettings
        ),
        // `pset serve`: the HTTP API on Hummingbird.
        .target(
            name: "PsetService",
            dependencies: [
                "PsetCourse",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            resources: [.embedInCode("openapi.json")],
            swiftSettings: swiftSettings
        ),
        // The `pset` commands.
        .target(
            name: "PsetCLI",
            dependencies: [
                "PsetBank", "PsetCanvas", "PsetCourse", "PsetPostgres", "PsetService", "PsetSandbox", "PsetGrader",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "pset", dependencies: ["PsetCLI"], swiftSettings: swiftSettings),
        // `pset-bench`: measurements that are not tests: sandbox overhead, grading time, service throughput.
        .executableTarget(
            name: "pset-bench",
            dependencies: [
                "PsetBank", "PsetCourse", "PsetGrader", "PsetModel", "PsetPostgres", "PsetSandbox", "PsetService",
                "PsetStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Sources/PsetBenchmarks",
            swiftSettings: swiftSettings
        ),

        .testTarget(name: "PsetModelTests", dependencies: ["PsetModel", "PsetBank"], swiftSettings: swiftSettings),
        // The course databases the tests run on: SQLite in memory, or a PostgreSQL database of their own.
        .target(
            name: "PsetTestDatabases",
            dependencies: [
                "PsetPostgres", "PsetStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PsetTestDatabases",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PsetStoreTests",
            dependencies: [
                "PsetStore", "PsetModel", "PsetMigrations", "PsetPostgres", "PsetTestDatabases",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PsetCourseTests",
            dependencies: ["PsetCourse", "PsetStore", "PsetModel"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "PsetSandboxTests", dependencies: ["PsetSandbox"], swiftSettings: swiftSettings),
        .testTarget(name: "PsetGraderTests", dependencies: ["PsetGrader", "PsetBank"], swiftSettings: swiftSettings),
        .testTarget(
            name: "PsetServiceTests",
            dependencies: [
                "PsetService", "PsetBank", "PsetTestDatabases",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PsetCanvasTests",
            dependencies: [
                "PsetCanvas", "pset",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PsetCLITests",
            dependencies: ["pset", "PsetCLI", "PsetCourse", "PsetModel", "PsetPostgres", "PsetTestDatabases"],
            swiftSettings: swiftSettings),
    ]
)
