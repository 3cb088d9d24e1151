import Foundation
import Yams

// Observation rows of an import (long or wide CSV), checked cell by cell against the known areas
// and indicators.

extension PlanBuilder {
    // MARK: Observations

    mutating func addObservations(_ f: LoadedFile) {
        guard case .csv(let table, let header, let convention) = f.content, let headerRow = table.rows.first else { return }
        let headerPos = SourcePosition(file: f.path, line: headerRow.line, column: 1)
        var observations: [Observation] = []
        let rows = table.rows.count - 1
        valueCells = [:]
        discarded = []
        if f.kind == .long {
            let missing = Columns.longRequired.filter { header[$0] == nil }
            for m in missing {
                problem(headerPos, "missing required column \"\(m)\" (German: \(Columns.germanName[m] ?? m))",
                        "the header needs indicator, area, period and value (or indikator, gebiet, zeitraum, wert)")
            }
            guard missing.isEmpty else { return }
            for row in rowsMatchingHeader(table, file: f.path) {
                let c = { (name: String) in Self.cell(row, header, name, file: f.path) }
                guard let ind = c("indicator"), let area = c("area"), let period = c("period"), let value = c("value") else { continue }
                if let o = observation(indicator: ind, area: area, period: period, value: value, numerator: c("numerator"),
                                       denominator: c("denominator"), status: c("status"), note: c("note"),
                                       convention: convention, factor: 1) {
                    observations.append(o)
                }
            }
        } else if let mapping {
            var usable: [(column: Int, spec: WideMapping.Column, indicator: Indicator, period: Period?)] = []
            for spec in mapping.columns {
                guard let column = header[Columns.normalize(spec.header.text)] else {
                    problem(headerPos, "missing column \(quoted(spec.header.text)) named in the mapping (\(spec.header.position.file):\(spec.header.position.line))",
                            "correct the column name in the mapping or the file's header")
                    continue
                }
                guard let ind = knownIndicator(spec.indicator.text) else {
                    problem(spec.indicator.position, "unknown indicator \(quoted(spec.indicator.text))",
                            "import its definition first (indicator metadata CSV or YAML) or correct the code")
                    continue
                }
                if let u = spec.unit, Unit(lenient: u.text) != ind.unit {
                    problem(u.position, "unit \(quoted(u.text)) does not match indicator \(ind.code), which is measured in \(ind.unit.rawValue)",
                            "convert the column (factor:) or map it to an indicator with that unit")
                    continue
                }
                var fixed: Period?
                if let pf = mapping.period {
                    guard let p = periodFor(pf, indicator: ind) else { continue }
                    fixed = p
                }
                usable.append((column, spec, ind, fixed))
            }
            if header[Columns.normalize(mapping.areaCodeColumn.text)] == nil {
                problem(headerPos, "missing column \(quoted(mapping.areaCodeColumn.text)) named as area_code_column in the mapping",
                        "correct area_code_column in the mapping")
                return
            }
            if let pc = mapping.periodColumn, header[Columns.normalize(pc.text)] == nil {
                problem(headerPos, "missing column \(quoted(pc.text)) named as period_column in the mapping", "correct period_column in the mapping")
                return
            }
            for row in rowsMatchingHeader(table, file: f.path) {
                guard let area = Self.cell(row, header, Columns.normalize(mapping.areaCodeColumn.text), file: f.path) else { continue }
                let periodCell = mapping.periodColumn.flatMap { Self.cell(row, header, Columns.normalize($0.text), file: f.path) }
                for u in usable {
                    guard let value = Self.cell(row, header, Columns.normalize(u.spec.header.text), file: f.path),
                          !value.text.trimmingWhitespace().isEmpty else { continue }  // empty cell: no data, nothing written
                    let period = periodCell ?? Field(text: u.period?.description ?? "", position: mapping.period?.position ?? value.position)
                    if let o = observation(indicator: Field(text: u.indicator.code, position: u.spec.indicator.position), area: area,
                                           period: period, value: value, numerator: nil, denominator: nil, status: nil, note: nil,
                                           convention: convention, factor: u.spec.factor) {
                        observations.append(o)
                    }
                }
            }
        }
        reportUnknownCodes(file: f.path)
        files.append(.init(name: f.path, digest: FileDigest(raw: f.sha256, text: f.text, valueCells: valueCells, discarded: discarded),
                           kind: f.kind, encoding: f.encoding, rowsRead: rows,
                           observations: observations, areaCodes: [], indicatorCodes: []))
    }

    /// One problem per unknown code of the file, at its first row, with the number of rows naming it:
    /// values imported before their definition should say so once, not fifty times.
    mutating func reportUnknownCodes(file: String) {
        for key in unknownOrder where key.file == file {
            guard let (first, rows) = unknownCodes[key] else { continue }
            let count = rows == 1 ? "" : " (in \(rows) rows; this is the first)"
            if key.isIndicator {
                problem(first, "unknown indicator \(quoted(key.code))\(count)",
                        "import its definition first (indicator metadata CSV or YAML) or correct the code")
            } else if Int(digits: key.code) != nil, knownArea("0" + key.code) != nil {
                // Spreadsheets turn 01 into 1 unless the column is formatted as text.
                problem(first, "unknown area \(quoted(key.code)) (did you mean \"0\(key.code)\"?)\(count)",
                        "format the area column as text so leading zeros survive the export")
            } else {
                problem(first, "unknown area \(quoted(key.code))\(count)",
                        "import it first (area metadata CSV or YAML) or correct the code (codes keep leading zeros, e.g. 01)")
            }
        }
        unknownOrder.removeAll { $0.file == file }
    }

    mutating func unknown(_ field: Field, isIndicator: Bool) {
        let key = UnknownCode(isIndicator: isIndicator, code: field.text, file: field.position.file)
        if let seen = unknownCodes[key] {
            unknownCodes[key] = (seen.first, seen.rows + 1)
        } else {
            unknownCodes[key] = (field.position, 1)
            unknownOrder.append(key)
        }
    }

    mutating func periodFor(_ f: Field, indicator: Indicator) -> Period? {
        guard let p = Period.parse(f.text, granularity: indicator.granularity) else {
            problem(f.position, "period \(quoted(f.text)) is not a period", "write 2024-10 (month), 2024-Q3 (quarter), 2024 (year) or 31.12.2024 (reference date)")
            return nil
        }
        guard p.granularity == indicator.granularity else {
            let example: String
            switch indicator.granularity {
            case .month: example = "a month like 2024-10 or a reference date like 31.10.2024"
            case .quarter: example = "a quarter like 2024-Q3 or a reference date like 30.09.2024"
            case .year: example = "a year like 2024 or a reference date like 31.12.2024"
            }
            problem(f.position, "period \(quoted(f.text)) is a \(p.granularity.rawValue) but indicator \(indicator.code) is \(indicator.granularity.adjective)",
                    "write \(example)")
            return nil
        }
        return p
    }

    func parseNumber(_ text: String, _ convention: NumberConvention) -> Double? { convention.parse(text) }

    mutating func observation(indicator: Field, area: Field, period: Field, value: Field, numerator: Field?,
                                      denominator: Field?, status: Field?, note: Field?, convention: NumberConvention,
                                      factor: Double) -> Observation? {
        let before = problems.count
        let ind = knownIndicator(indicator.text)
        if ind == nil { unknown(indicator, isIndicator: true) }
        let areaKnown = knownArea(area.text) != nil
        if !areaKnown { unknown(area, isIndicator: false) }
        var p: Period?
        if let ind {
            p = periodFor(period, indicator: ind)
        } else if Period(period.text) == nil && CalendarDay(period.text) == nil {
            problem(period.position, "period \(quoted(period.text)) is not a period", "write 2024-10 (month), 2024-Q3 (quarter), 2024 (year) or 31.12.2024 (reference date)")
        }
        var st = ObservationStatus.final
        var explicitStatus = false
        if let status, !status.text.trimmingWhitespace().isEmpty {
            if let s = ObservationStatus(lenient: status.text) { st = s; explicitStatus = true } else {
                problem(status.position, "unknown status \(quoted(status.text))",
                        "use final, provisional, suppressed or missing (or endgültig, vorläufig, gesperrt, fehlend)")
            }
        }
        var v: Double?
        let raw = value.text.trimmingWhitespace()
        var symbol = false
        if st.hasValue {
            if raw.isEmpty {
                problem(value.position, "value is empty", "write a number, or set status to missing or suppressed")
            } else if !explicitStatus && (raw.lowercased() == "x" || raw == ".") {
                // German statistical symbols: x = secret (suppressed), . = unknown (missing).
                st = raw == "." ? .missing : .suppressed
                symbol = true
            } else if let n = parseNumber(raw, convention) {
                let scaled = n * factor
                v = scaled
                if let ind { checkRange(scaled, raw: raw, unit: ind.unit, at: value.position) }
            } else {
                problem(value.position, "value \(quoted(raw)) is not a number",
                        "write it like \(convention.example) (this file uses \(convention.rawValue)), or leave it empty and set status to missing")
            }
        }
        // Suppressed and missing cells never keep a value, even if the file carries one; the cells are
        // remembered so the file's recorded SHA-256 is taken without them (see `FileDigest`).
        var num: Double?, den: Double?
        if st.hasValue {
            (num, den) = counts(numerator: numerator, denominator: denominator, convention: convention)
        } else {
            for f in [symbol ? nil : value, numerator, denominator].compactMap({ $0 }) where !f.text.trimmingWhitespace().isEmpty {
                if let r = f.range { discarded.append(r) }
            }
        }
        let noteText = note.flatMap { n in n.text.trimmingWhitespace().isEmpty ? nil : clean(n, "the note", multiline: true) }
        guard let ind, let p, areaKnown else { return nil }
        let key = Observation.Key(indicator: ind.code, area: area.text, period: p)
        let rowStart = SourcePosition(file: value.position.file, line: value.position.line, column: 1)
        if let first = seenKeys[key] {
            problem(rowStart, "duplicate row for indicator \(ind.code), area \(area.text), period \(p) (first at \(Self.describe(first, from: rowStart)))",
                    "keep one row per indicator, area and period")
            return nil
        }
        seenKeys[key] = rowStart
        guard problems.count == before else { return nil }
        if st.hasValue {
            valueCells[key] = [value, numerator, denominator].compactMap { $0?.range }
        }
        return Observation(indicator: ind.code, area: area.text, period: p, value: v, numerator: num, denominator: den,
                           status: st, note: noteText)
    }

    /// A cell's numerator (a count, not negative) and denominator (a population, positive), when given.
    mutating func counts(numerator: Field?, denominator: Field?, convention: NumberConvention) -> (Double?, Double?) {
        var num: Double?, den: Double?
        if let f = numerator, !f.text.trimmingWhitespace().isEmpty {
            if let n = parseNumber(f.text, convention) {
                if n < 0 { problem(f.position, "negative numerator \(quoted(f.text))", "numerators are counts and cannot be negative") } else { num = n }
            } else {
                problem(f.position, "numerator \(quoted(f.text)) is not a number", "write it like \(convention.example) (this file uses \(convention.rawValue))")
            }
        }
        if let f = denominator, !f.text.trimmingWhitespace().isEmpty {
            if let n = parseNumber(f.text, convention) {
                if n <= 0 { problem(f.position, "denominator \(quoted(f.text)) is not positive", "a denominator is a population and must be greater than 0") } else { den = n }
            } else {
                problem(f.position, "denominator \(quoted(f.text)) is not a number", "write it like \(convention.example) (this file uses \(convention.rawValue))")
            }
        }
        return (num, den)
    }

    mutating func checkRange(_ v: Double, raw: String, unit: Unit, at: SourcePosition) {
        switch unit {
        case .percent where v < 0 || v > 100:
            problem(at, "percentage \(quoted(raw)) is outside 0–100", "check the value; shares are written in percent (9,3 rather than 0,093)")
        case .count where v < 0:
            problem(at, "negative count \(quoted(raw))", "counts cannot be negative; check the value")
        case .perThousand where v < 0:
            problem(at, "negative rate per 1,000 \(quoted(raw))", "rates cannot be negative; check the value")
        default:
            break
        }
    }
}
