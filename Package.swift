// swift-tools-version:6.0
// CivicBrief: indicator store → facts → templates → document → layout (charts drawn) → PDF → PDF/UA finishing.
// One target per pipeline stage; dependencies only point forward (see ../shared/DESIGN.md).
import PackageDescription

let package = Package(
    name: "CivicBrief",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "civicbrief", targets: ["civicbrief"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/stencilproject/Stencil", from: "0.15.1"),
    ],
    targets: [
        // System libraries from Debian (installed by `make deps`).
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo",
                       providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        // Cairo alone, with its FreeType backend, for the PDF stage (which draws without Pango).
        .systemLibrary(name: "CCairo", pkgConfig: "cairo-ft", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CQPDF", pkgConfig: "libqpdf", providers: [.apt(["libqpdf-dev"])]),
        .systemLibrary(name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
                       providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CHyphen", providers: [.apt(["libhyphen-dev"])]),
        .systemLibrary(name: "CProcessControl"),

        // Helpers every stage may use: the atomic file writer and its errors for people, where shipped
        // folders and default outputs are, durations as printed.
        .target(name: "Support"),

        // Pipeline stages.
        .target(name: "IndicatorStore", dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Yams", package: "Yams"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Facts", dependencies: ["IndicatorStore", "Support", .product(name: "Yams", package: "Yams")]),
        // The synthetic demo city's data, generated and imported through the store's writer.
        .target(name: "DemoStore", dependencies: ["IndicatorStore"]),
        .target(name: "Document"),
        // Chart spec and values → drawing, asked for by Layout (labels measured with the document's fonts).
        .target(name: "Charts", dependencies: ["Document", "Facts"]),
        .target(name: "Layout", dependencies: ["Document", "Charts", "CPangoCairo", "CHyphen", "Support"]),
        .target(name: "PDFOutput", dependencies: ["Document", "Layout", "CCairo"]),
        .target(name: "Accessibility", dependencies: ["CQPDF", "PDFOutput", "Document", "Layout"]),
        .target(name: "Narrative", dependencies: [
            "Facts", "IndicatorStore", "Document", "CCmarkGFM", "Support",
            .product(name: "Stencil", package: "Stencil"),
            .product(name: "Yams", package: "Yams"),
        ]),
        .target(name: "Publishing", dependencies: ["Narrative", "Document", "Layout", "PDFOutput", "Accessibility", "DemoStore",
                                                   "IndicatorStore", "Facts", "Support", "CCmarkGFM", "CProcessControl",
                                                   .product(name: "Yams", package: "Yams")]),
        .executableTarget(name: "civicbrief", dependencies: [
            "IndicatorStore", "Document", "Layout", "PDFOutput", "Accessibility", "Narrative", "Publishing", "Support",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], plugins: ["BuildInfo"]),
        // `buildCommit` for `civicbrief --version`, from git at build time.
        .plugin(name: "BuildInfo", capability: .buildTool()),

        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "DemoStoreTests", dependencies: ["DemoStore", "IndicatorStore"]),
        .testTarget(name: "IndicatorStoreTests", dependencies: ["IndicatorStore", "DemoStore"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "FactsTests", dependencies: ["Facts", "IndicatorStore", "DemoStore", "Support"]),
        .testTarget(name: "DocumentTests", dependencies: ["Document"]),
        .testTarget(name: "LayoutTests", dependencies: ["CPangoCairo", "Document", "Layout", "PDFOutput"]),
        .testTarget(name: "NarrativeTests", dependencies: ["Narrative", "Facts", "IndicatorStore", "Document", "DemoStore"]),
        .testTarget(name: "PDFOutputTests", dependencies: ["PDFOutput", "Layout", "Document"]),
        .testTarget(name: "ChartsTests", dependencies: ["Charts", "Document", "Facts", "Layout", "PDFOutput"]),
        .testTarget(name: "AccessibilityTests", dependencies: ["Accessibility", "CPangoCairo", "Document", "Support", "Layout"]),
        .testTarget(name: "PublishingTests", dependencies: ["Publishing", "IndicatorStore", "Narrative", "Document", "Layout", "DemoStore"]),
    ],
    swiftLanguageModes: [.v6]
)
