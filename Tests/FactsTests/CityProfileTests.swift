import Facts
import Foundation
import IndicatorStore
import XCTest

/// The city profile: parsed with every problem at its position, and the German forms with
/// articles a template needs, by the noun's gender.
final class CityProfileTests: XCTestCase {
    func testAProfileGivesNamesAndTheLevelsNouns() throws {
        let profile = try CityProfile.parse("""
            name: Neustadt
            official_name: {de: Stadt Neustadt, en: City of Neustadt}
            committee: {de: Ausschuss für Soziales}
            levels:
              district:
                de: {singular: Gemeinde, plural: Gemeinden, dative_plural: Gemeinden, gender: feminine}
                en: {singular: municipality, plural: municipalities}
            """, file: "city.yaml")
        let de = ProfileFact(profile, cityName: "ignored", language: .de)
        XCTAssertEqual(de.name, "Neustadt")
        XCTAssertEqual(de.officialName, "Stadt Neustadt")
        XCTAssertEqual(de.genitive, "von Neustadt", "no genitive given: „von NAME“")
        XCTAssertEqual(de.organisation, "Stadt Neustadt", "no organisation: the official name")
        XCTAssertEqual(de.committee, "Ausschuss für Soziales")
        XCTAssertEqual([de.district.theAccusative, de.district.eachAccusative, de.district.oneDative, de.district.noneDative,
                        de.district.inTheDative, de.district.aNominative, de.district.compound],
                       ["die Gemeinde", "jede Gemeinde", "einer Gemeinde", "keiner Gemeinde", "in der Gemeinde", "Eine Gemeinde", "Gemeinde"])
        XCTAssertEqual(de.subdistrict.plural, "Stadtbezirke", "a level the profile leaves out keeps the general noun")
        let en = ProfileFact(profile, cityName: "ignored", language: .en)
        XCTAssertEqual([en.officialName, en.committee, en.district.plural], ["City of Neustadt", "committee", "municipalities"])
        XCTAssertEqual(profile.noun(.district).forms(.de).dativePlural, "Gemeinden")
        XCTAssertEqual(ProfileFact(.general, cityName: "Lübeck", language: .de).district.theAccusative, "den Stadtteil")
    }

    func testEveryProblemOfAProfileIsReportedWithItsPosition() {
        XCTAssertThrowsError(try CityProfile.parse("""
            name: Neustadt
            levels:
              district:
                de: {singular: Bezirk, gender: sächlich}
              ward: {}
            motto: hallo
            """, file: "city.yaml")) { error in
            let lines = (error as? ImportFailure)?.lines ?? []
            XCTAssertEqual(lines.count, 4, lines.joined(separator: "\n"))
            XCTAssertTrue(lines.contains { $0.hasPrefix("city.yaml:4:5: levels.district.de needs singular and plural") }, lines.joined(separator: "\n"))
            XCTAssertTrue(lines.contains { $0.hasPrefix("city.yaml:4:5: levels.district needs the German and the English nouns") }, lines.joined(separator: "\n"))
            XCTAssertTrue(lines.contains { $0.hasPrefix("city.yaml:5:3: unknown area level \"ward\"") }, lines.joined(separator: "\n"))
            XCTAssertTrue(lines.contains { $0.hasPrefix("city.yaml:6:1: unknown key \"motto\"") }, lines.joined(separator: "\n"))
        }
    }

    func testTheProfileIsTheFileNextToTheStoreOrTheOneTheEnvironmentNames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = folder.appendingPathComponent("city.sqlite").path
        XCTAssertNil(CityProfile.file(forStore: store, environment: [:]))
        XCTAssertEqual(try CityProfile.forStore(store, environment: [:]), .general)
        try "name: Neustadt\n".write(to: folder.appendingPathComponent("city.yaml"), atomically: true, encoding: .utf8)
        XCTAssertEqual(try CityProfile.forStore(store, environment: [:]).name, "Neustadt")
        XCTAssertEqual(CityProfile.file(forStore: store, environment: ["CIVICBRIEF_CITY": "/elsewhere/city.yaml"]), "/elsewhere/city.yaml")
    }
}
