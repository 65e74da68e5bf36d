// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  .enableUpcomingFeature("MemberImportVisibility"),
  .treatAllWarnings(as: .error),
]

let package = Package(
  name: "Lockstep",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "lockstep", targets: ["lockstep"]),
    .library(name: "LockstepCore", targets: ["LockstepCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // libxml2 from Debian's libxml2-dev: the only C library Lockstep links.
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]
    ),
    // The one module that imports libxml2; it hands out Swift values only.
    .target(
      name: "LockstepXML",
      dependencies: ["CLibXML2"],
      swiftSettings: strictSettings
    ),
    // SHA-256 compression in C: the x86 SHA extensions when the CPU has them, portable rounds otherwise.
    .target(name: "CLockstepSHA256"),
    // UTF-8 validation in C: the Keiser–Lemire lookup with AVX2 when the CPU has it, portable C otherwise.
    .target(name: "CLockstepUTF8"),
    // Page model, extraction, catalogs, rules, diff, check and reports. No ArgumentParser.
    .target(
      name: "LockstepCore",
      dependencies: [
        "LockstepXML", "CLockstepSHA256", "CLockstepUTF8", .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: strictSettings
    ),
    // The command-line front end: one file per subcommand.
    .executableTarget(
      name: "lockstep",
      dependencies: [
        "LockstepCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSettings
    ),
    // The benchmark helper behind scripts/bench and scripts/generate-corpus (not shipped).
    .executableTarget(
      name: "lockstep-bench",
      dependencies: ["LockstepCore"],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "LockstepTests",
      dependencies: ["LockstepCore", "LockstepXML", "lockstep"],
      exclude: ["Golden"],
      resources: [.copy("Fixtures")],
      swiftSettings: strictSettings
    ),
  ],
  swiftLanguageModes: [.v6]
)
