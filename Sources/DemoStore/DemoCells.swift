#if canImport(Glibc)
import Glibc
#endif
import IndicatorStore

extension DemoData {
    /// One period of one indicator: the city's target value, the districts' populations and noise, and
    /// the status and note every generated cell carries. Each kind of indicator makes its cells here, in
    /// the order districts, Stadtbezirke, city (the order the random streams are drawn in).
    struct PeriodCells {
        var spec: Spec
        var period: Period
        var cityTarget: Double
        var populations: [Int]
        var noise: [Double]
        var status: ObservationStatus
        var note: String?
        var withSubdistricts: Bool

        var ind: Indicator { spec.indicator }

        /// District `i`'s share of the city's value, before scaling.
        func weight(_ i: Int) -> Double {
            let d = districts[i]
            return profileFactor(d, spec.profile) * exp(spec.sensitivity * d.deprivation) * (1 + spec.noise * noise[i])
        }

        func observation(_ area: String, value: Double?, numerator: Double? = nil, denominator: Double? = nil,
                         status: ObservationStatus? = nil, note: String?? = nil) -> Observation {
            Observation(indicator: ind.code, area: area, period: period, value: value, numerator: numerator, denominator: denominator,
                        status: status ?? self.status, note: note ?? self.note)
        }

        func population() -> [Observation] {
            var out = districts.enumerated().map { i, d in observation(d.code, value: Double(populations[i])) }
            out.append(observation(cityCode, value: Double(populations.reduce(0, +))))
            if withSubdistricts {
                for (code, v) in subdistrictPopulations(year: min(period.year, 2026)) { out.append(observation(code, value: v)) }
            }
            return out
        }

        /// Numerator ÷ denominator × `scale`; the denominator is `share` of the residents. Numerators of
        /// 1 or 2 persons are suppressed (`Disclosure`).
        func rate(scale: Double, share: Double, subRNG: inout SplitMix64) -> [Observation] {
            let n = districts.count
            let dens = (0..<n).map { i in max(1, (Double(populations[i]) * share * (spec.profile == .old ? districts[i].old : 1)).rounded()) }
            let raw = (0..<n).map(weight)
            let k = cityTarget * dens.reduce(0, +) / zip(raw, dens).map(*).reduce(0, +)
            var out: [Observation] = []
            var nums: [Double] = []
            for i in 0..<n {
                let rate = min(raw[i] * k, scale * 0.99)
                let num = (rate / scale * dens[i]).rounded()
                nums.append(num)
                let code = districts[i].code
                if num > 0 && num < 3 {
                    out.append(observation(code, value: nil, status: .suppressed, note: Disclosure.note))
                } else {
                    out.append(observation(code, value: round(num / dens[i] * scale, ind.decimals), numerator: num, denominator: dens[i]))
                }
            }
            if withSubdistricts { out += subdistrictRates(scale: scale, nums: nums, dens: dens, subRNG: &subRNG) }
            let num = nums.reduce(0, +), den = dens.reduce(0, +)
            out.append(observation(cityCode, value: round(num / den * scale, ind.decimals), numerator: num, denominator: den))
            return out
        }

        /// Each district's numerator and denominator split over its Stadtbezirke, so they add up exactly.
        func subdistrictRates(scale: Double, nums: [Double], dens: [Double], subRNG: inout SplitMix64) -> [Observation] {
            var out: [Observation] = []
            for (i, d) in districts.enumerated() {
                let members = subdistricts.filter { $0.district == d.code }
                let subDens = split(dens[i], weights: members.map(\.weight))
                let subNums = split(nums[i], weights: zip(members, subDens).map { m, den in
                    den * exp(spec.sensitivity * m.deprivation) * (1 + spec.noise * subRNG.gaussian())
                })
                for (j, m) in members.enumerated() {
                    if subDens[j] == 0 {
                        out.append(observation(m.code, value: nil, status: .missing, note: "Keine Einwohner in der Bezugsgruppe"))
                    } else if subNums[j] > 0 && subNums[j] < 3 {
                        out.append(observation(m.code, value: nil, status: .suppressed, note: Disclosure.note))
                    } else {
                        out.append(observation(m.code, value: round(subNums[j] / subDens[j] * scale, ind.decimals),
                                               numerator: subNums[j], denominator: subDens[j]))
                    }
                }
            }
            return out
        }

        /// Counts that add up to the city's; counts of 1 or 2 persons are suppressed when `personCases`.
        func count(personCases: Bool) -> [Observation] {
            let raw = (0..<districts.count).map { Double(populations[$0]) * weight($0) }
            let k = cityTarget / raw.reduce(0, +)
            var out: [Observation] = []
            var total = 0.0
            for i in 0..<districts.count {
                let count = (raw[i] * k).rounded()
                total += count
                let code = districts[i].code
                if personCases && count > 0 && count < 3 {
                    out.append(observation(code, value: nil, status: .suppressed, note: Disclosure.note))
                } else {
                    out.append(observation(code, value: count))
                }
            }
            out.append(observation(cityCode, value: total))
            return out
        }

        /// Means per district; the city's is their mean weighted by residents, over the districts with a value.
        func mean() -> [Observation] {
            var out: [Observation] = []
            var weighted = 0.0, weights = 0.0
            for (i, d) in districts.enumerated() {
                if let why = spec.missing[d.code] {
                    out.append(observation(d.code, value: nil, status: .missing, note: why))
                    continue
                }
                let v = round(cityTarget * (1 + spec.sensitivity * d.deprivation + spec.noise * noise[i]), ind.decimals)
                weighted += v * Double(populations[i]); weights += Double(populations[i])
                out.append(observation(d.code, value: v))
            }
            out.append(observation(cityCode, value: round(weighted / weights, ind.decimals),
                                   note: spec.missing.isEmpty ? note : "Mittel der Stadtteile mit Wert, gewichtet nach Einwohnern"))
            return out
        }
    }
}
