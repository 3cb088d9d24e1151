import Foundation
import XCTest
import IndicatorStore
@testable import Facts

/// The MSS method against a hand-computed example. The expected numbers were computed independently
/// with Python (exact fractions for means and variances, 50-digit decimals for square roots):
/// five areas with status values, four with dynamics, one excluded by population, one suppressed.
final class SocialIndexTests: XCTestCase {
    static let definitionYAML = """
        code: test_index
        name: Testindex
        level: district
        status_indicators: [i1, i2, i3]
        dynamics_years: 2
        minimum_population: 300

        """

    func definition(_ extra: String = "") throws -> SocialIndexDefinition {
        try SocialIndexDefinition.parse(Self.definitionYAML + extra, file: "test.yaml")
    }

    static func obs(_ i: Int, _ area: String, _ year: Int, _ v: Double?, _ status: ObservationStatus = .final) -> Observation {
        Observation(indicator: "i\(i)", area: area, period: .year(year)!, value: v, status: status)
    }

    static func area(_ code: String, _ pop: Int?, _ now: [Double?], _ then: [Double?], suppressed: Int? = nil) -> SocialIndex.AreaInput {
        SocialIndex.AreaInput(
            area: code, population: pop,
            current: now.enumerated().map { j, v in
                j + 1 == suppressed ? obs(j + 1, code, 2024, nil, .suppressed) : v.map { obs(j + 1, code, 2024, $0) } },
            base: then.enumerated().map { j, v in v.map { obs(j + 1, code, 2022, $0) } })
    }

    /// A–E included; E has no base value for i2; F has 200 residents; G has i3 suppressed.
    static let example: [SocialIndex.AreaInput] = [
        area("A", 1000, [5, 8, 12], [6, 8.5, 13]),
        area("B", 2000, [7, 10, 20], [6.5, 9, 18]),
        area("C", 1500, [3, 4, 6], [3.5, 4.5, 7]),
        area("D", 800, [10, 15, 30], [9, 14, 31]),
        area("E", 500, [6, 9, 15], [5, nil, 14]),
        area("F", 200, [50, 50, 50], [1, 1, 1]),
        area("G", 900, [4, 5, nil], [4, 5, 6], suppressed: 3),
    ]

    func testStandardDeviationKinds() {
        let xs = [5.0, 7, 3, 10, 6]
        XCTAssertEqual(SocialIndex.mean(xs), 6.2, accuracy: 1e-15)
        XCTAssertEqual(SocialIndex.standardDeviation(xs, kind: .sample)!, 2.5884358211089569, accuracy: 1e-15)
        XCTAssertEqual(SocialIndex.standardDeviation(xs, kind: .population)!, 2.3151673805580451, accuracy: 1e-15)
        XCTAssertNil(SocialIndex.standardDeviation([1], kind: .sample))
        XCTAssertNil(SocialIndex.zScores([2, 2, 2], kind: .sample), "no variation, no z-values")
    }

    func testEveryIntermediateValueOfTheHandComputedExample() throws {
        let results = try SocialIndex.compute(try definition(), areas: Self.example)
        let by = Dictionary(uniqueKeysWithValues: results.map { ($0.area, $0) })
        XCTAssertEqual(results.map(\.area), ["A", "B", "C", "D", "E", "F", "G"])

        // Status z-values per indicator (means 6.2, 9.2, 16.6; sample sd 2.58843…, 3.96232…, 9.04433…).
        let statusZ: [String: [Double]] = [
            "A": [-0.46360044557175345, -0.30285267907504126, -0.5086056493998734],
            "B": [0.3090669637145023, 0.2019017860500275, 0.3759259147738195],
            "C": [-1.2362678548580093, -1.3123616093251789, -1.172004322530143],
            "D": [1.468068077643886, 1.4637879488626995, 1.4815903699909356],
            "E": [-0.07726674092862558, -0.05047544651250688, -0.1769063128347386],
        ]
        let statusSum: [String: Double] = ["A": -1.2750587740466681, "B": 0.8868946645383493, "C": -3.7206337867133312,
                                           "D": 4.4134463964975215, "E": -0.30464850027587104]
        let statusIndex: [String: Double] = ["A": -0.42604574762165254, "B": 0.29634532000096325, "C": -1.2432055961277932,
                                             "D": 1.4747007023184118, "E": -0.1017946785699293]
        let statusClass: [String: Int] = ["A": 2, "B": 2, "C": 1, "D": 3, "E": 2]
        for (code, zs) in statusZ {
            let r = try XCTUnwrap(by[code])
            XCTAssertEqual(r.statusState, .computed)
            let comps = r.components.filter { $0.kind == .status }
            XCTAssertEqual(comps.map(\.indicator), ["i1", "i2", "i3"])
            for (c, z) in zip(comps, zs) { XCTAssertEqual(c.z, z, accuracy: 1e-12, "\(code) \(c.indicator)") }
            XCTAssertEqual(try XCTUnwrap(r.statusSum), statusSum[code]!, accuracy: 1e-12, code)
            XCTAssertEqual(try XCTUnwrap(r.statusIndex), statusIndex[code]!, accuracy: 1e-12, code)
            XCTAssertEqual(r.statusClass, statusClass[code], code)
        }

        // Dynamics over A–D: changes in percentage points, z, sum, index.
        let change: [String: [Double]] = ["A": [-1, -0.5, -1], "B": [0.5, 1, 2], "C": [-0.5, -0.5, -1], "D": [1, 1, -1]]
        let dynamicsZ: [String: [Double]] = [
            "A": [-1.0954451150103321, -0.8660254037844386, -0.5],
            "B": [0.5477225575051661, 0.8660254037844386, 1.5],
            "C": [-0.5477225575051661, -0.8660254037844386, -0.5],
            "D": [1.0954451150103321, 0.8660254037844386, -0.5],
        ]
        let dynamicsSum: [String: Double] = ["A": -2.461470518794771, "B": 2.9137479612896047, "C": -1.9137479612896047,
                                             "D": 1.461470518794771]
        let dynamicsIndex: [String: Double] = ["A": -0.9451573053548419, "B": 1.1188231386675658, "C": -0.7348423848303731,
                                               "D": 0.5611765515176492]
        let dynamicsClass: [String: Int] = ["A": 2, "B": 3, "C": 2, "D": 2]
        for (code, zs) in dynamicsZ {
            let r = try XCTUnwrap(by[code])
            XCTAssertEqual(r.dynamicsState, .computed)
            let comps = r.components.filter { $0.kind == .dynamics }
            for (j, (c, z)) in zip(comps, zs).enumerated() {
                XCTAssertEqual(c.raw, change[code]![j], accuracy: 1e-12)
                XCTAssertEqual(c.z, z, accuracy: 1e-12, "\(code) \(c.indicator)")
            }
            XCTAssertEqual(try XCTUnwrap(r.dynamicsSum), dynamicsSum[code]!, accuracy: 1e-12, code)
            XCTAssertEqual(try XCTUnwrap(r.dynamicsIndex), dynamicsIndex[code]!, accuracy: 1e-12, code)
            XCTAssertEqual(r.dynamicsClass, dynamicsClass[code], code)
        }

        // E: status yes, dynamics no (a base value is missing) — a state, not a number.
        let e = try XCTUnwrap(by["E"])
        XCTAssertEqual(e.dynamicsState, .inputMissing)
        XCTAssertNil(e.dynamicsIndex)
        XCTAssertNil(e.dynamicsClass)
        XCTAssertEqual(e.components.filter { $0.kind == .dynamics }.count, 0)
    }

    func testExcludedAndSuppressedAreasGetAStateAndNoNumbers() throws {
        let results = try SocialIndex.compute(try definition(), areas: Self.example)
        let f = try XCTUnwrap(results.first { $0.area == "F" })
        XCTAssertEqual(f.statusState, .excludedPopulation)
        XCTAssertEqual(f.dynamicsState, .excludedPopulation)
        let g = try XCTUnwrap(results.first { $0.area == "G" })
        XCTAssertEqual(g.statusState, .inputSuppressed)
        XCTAssertEqual(g.dynamicsState, .inputSuppressed)
        for r in [f, g] {
            XCTAssertNil(r.statusIndex); XCTAssertNil(r.statusSum); XCTAssertNil(r.statusClass)
            XCTAssertNil(r.dynamicsIndex); XCTAssertTrue(r.components.isEmpty)
        }
        // F's extreme values did not enter the standardisation: A's index is the one computed without F and G.
        XCTAssertEqual(results.first { $0.area == "A" }?.statusIndex ?? 0, -0.42604574762165254, accuracy: 1e-12)

        // Exactly at the minimum is included; unknown population is a state of its own.
        var edge = Self.example
        edge[5].population = 300
        edge[6] = Self.area("G", nil, [4, 5, 6], [4, 5, 6])
        let again = try SocialIndex.compute(try definition(), areas: edge)
        XCTAssertEqual(again.first { $0.area == "F" }?.statusState, .computed)
        XCTAssertEqual(again.first { $0.area == "G" }?.statusState, .populationUnknown)
    }

    func testPopulationStandardDeviationChangesTheIndexAndTheClass() throws {
        let results = try SocialIndex.compute(try definition("standard_deviation: population\n"), areas: Self.example)
        let d = try XCTUnwrap(results.first { $0.area == "D" })
        // Independently: statistics.pstdev in Python.
        XCTAssertEqual(try XCTUnwrap(d.statusSum), 4.934383078809973, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(d.statusIndex), 1.6487655084253252, accuracy: 1e-12)
        XCTAssertEqual(d.statusClass, 4, "1.65 with n instead of 1.47 with n − 1: sehr niedrig instead of niedrig")
    }

    func testBoundaryValuesBelongToTheDocumentedClass() throws {
        let def = try definition()
        func status(_ v: Double, _ basis: ClassificationBasis = .rounded) -> String? {
            SocialIndex.classify(v, classes: def.statusClasses, basis: basis, decimals: 2)?.key
        }
        func dynamics(_ v: Double, _ basis: ClassificationBasis = .rounded) -> String? {
            SocialIndex.classify(v, classes: def.dynamicsClasses, basis: basis, decimals: 2)?.key
        }
        XCTAssertEqual(status(-1.0), "mittel")
        XCTAssertEqual(status(-1.004), "mittel", "shown as -1,00")
        XCTAssertEqual(status(-1.005), "hoch", "shown as -1,01")
        XCTAssertEqual(status(1.0), "mittel")
        XCTAssertEqual(status(1.004999), "mittel", "shown as 1,00")
        XCTAssertEqual(status(1.005), "niedrig", "shown as 1,01 (half away from zero on the decimal text)")
        XCTAssertEqual(status(1.5), "niedrig")
        XCTAssertEqual(status(1.504), "niedrig")
        XCTAssertEqual(status(1.505), "sehr_niedrig")
        XCTAssertEqual(status(-3), "hoch")
        XCTAssertEqual(status(7), "sehr_niedrig")
        XCTAssertEqual(dynamics(-1.0), "stabil")
        XCTAssertEqual(dynamics(-1.01), "positiv")
        XCTAssertEqual(dynamics(1.0), "stabil")
        XCTAssertEqual(dynamics(1.004), "stabil")
        XCTAssertEqual(dynamics(1.01), "negativ")
        // Unrounded: the boundary owners are the same, but 1.004 is past 1.0.
        XCTAssertEqual(status(1.0, .unrounded), "mittel")
        XCTAssertEqual(status(1.004, .unrounded), "niedrig")
        XCTAssertEqual(status(-1.004, .unrounded), "hoch")
        XCTAssertEqual(dynamics(1.004, .unrounded), "negativ")
    }

    func testTheShippedDefinitionLoadsWithTheDocumentedChoices() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let def = try SocialIndexDefinition.load(path: root.appendingPathComponent("Templates/index/mss-luebeck.yaml").path)
        XCTAssertEqual(def.code, "mss_luebeck")
        XCTAssertEqual(def.level, .subdistrict)
        XCTAssertEqual(def.statusIndicators, ["arb_alq", "arm_sgb2", "arm_kinder_sgb2"])
        XCTAssertEqual(def.dynamicsYears, 2)
        XCTAssertEqual(def.minimumPopulation, 300)
        XCTAssertEqual(def.standardDeviation, .sample)
        XCTAssertEqual(def.classifyOn, .rounded)
        XCTAssertEqual(def.statusClasses, SocialIndexDefinition.mssStatusClasses)
        XCTAssertEqual(def.dynamicsClasses, SocialIndexDefinition.mssDynamicsClasses)
        XCTAssertEqual(def.basePeriod(for: .month(2026, 10)!), .month(2024, 10)!)
    }

    func testABadDefinitionNamesEveryProblemWithItsPosition() {
        let text = """
            code: x
            name: y
            level: city
            status_indicators: [a, a]
            standard_deviation: median
            colour: red
            status_classes:
              - {key: a, name_de: a, name_en: a, upper: 1.0}
              - {key: b, name_de: b, name_en: b}

            """
        XCTAssertThrowsError(try SocialIndexDefinition.parse(text, file: "bad.yaml")) { error in
            let lines = (error as? ImportFailure)?.lines ?? []
            XCTAssertEqual(lines, [
                "bad.yaml:6:1: unknown key \"colour\" — use one of: code, name, level, status_indicators, dynamics_years, minimum_population, standard_deviation, classify_on, decimals, status_classes, dynamics_classes",
                "bad.yaml:5:21: \"standard_deviation\" must be one of sample, population — write e.g. standard_deviation: sample",
                "bad.yaml:8:5: class \"a\" must say who owns its boundary 1.0 — add includes_upper: true (the value 1.0 is in this class) or false (in the next)",
                "bad.yaml:3:8: \"level\" must be district (Stadtteil) or subdistrict (Stadtbezirk) — write level: subdistrict",
                "bad.yaml:4:20: \"status_indicators\" must be a list of distinct indicator codes — write e.g. status_indicators: [arb_alq, arm_sgb2, arm_kinder_sgb2]",
            ].sorted())
        }
    }
}
