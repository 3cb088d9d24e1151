/// The decimal digits of a `Double` as a person wrote it, and rounding on those digits.
///
/// Rounding works on the shortest decimal text that reads back as the same `Double` (Swift's
/// `description`), not on the binary value: `2.675` is stored as 2.67499999…, but was written and
/// is shown as `2.675`, so it rounds to `2.68`. Ties round half away from zero (`0.125` → `0.13`,
/// `-0.125` → `-0.13`). This is what a reader checking the table by hand expects.
struct DecimalText: Equatable, Sendable {
    var negative: Bool
    /// Digits before the decimal point, without leading zeros (at least one digit).
    var integer: [UInt8]
    /// Digits after the decimal point.
    var fraction: [UInt8]

    init(negative: Bool, integer: [UInt8], fraction: [UInt8]) {
        var integer = integer
        while integer.count > 1, integer.first == 0 { integer.removeFirst() }
        if integer.isEmpty { integer = [0] }
        self.negative = negative
        self.integer = integer
        self.fraction = fraction
    }

    /// Nil for NaN and infinities: they are not numbers a reader can be shown.
    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        var text = Substring(String(value))  // "-1.5e-05", "1234567.891", "1e+16"
        let negative = text.first == "-"
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            guard let parsed = Int(text[text.index(after: e)...]) else { return nil }
            exponent = parsed
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0], frac = parts.count > 1 ? parts[1] : ""
        var digits: [UInt8] = []
        for c in Array(whole.utf8) + Array(frac.utf8) {
            guard c >= 48 && c <= 57 else { return nil }
            digits.append(c - 48)
        }
        let point = whole.count + exponent
        if point <= 0 {
            self.init(negative: negative, integer: [0], fraction: Array(repeating: 0, count: -point) + digits)
        } else if point >= digits.count {
            self.init(negative: negative, integer: digits + Array(repeating: 0, count: point - digits.count), fraction: [])
        } else {
            self.init(negative: negative, integer: Array(digits[..<point]), fraction: Array(digits[point...]))
        }
    }

    var isZero: Bool { integer.allSatisfy { $0 == 0 } && fraction.allSatisfy { $0 == 0 } }

    /// Rounded to exactly `places` fraction digits, half away from zero.
    func rounded(places: Int) -> DecimalText {
        let places = max(0, places)
        if fraction.count <= places {
            return DecimalText(negative: negative, integer: integer,
                               fraction: fraction + Array(repeating: 0, count: places - fraction.count))
        }
        var kept = integer + fraction[..<places]
        if fraction[places] >= 5 {
            var i = kept.count - 1
            while i >= 0 {
                if kept[i] == 9 { kept[i] = 0; i -= 1 } else { kept[i] += 1; break }
            }
            if i < 0 { kept.insert(1, at: 0) }
        }
        let intCount = kept.count - places
        return DecimalText(negative: negative, integer: Array(kept[..<intCount]), fraction: Array(kept[intCount...]))
    }

    /// The value as a `Double` again (after rounding, for comparisons on what the reader sees).
    var doubleValue: Double {
        let text = (negative ? "-" : "") + integer.map(String.init).joined()
            + (fraction.isEmpty ? "" : "." + fraction.map(String.init).joined())
        return Double(text) ?? 0
    }
}

extension Double {
    /// The value rounded to `places` decimals the way it is displayed (see `DecimalText`).
    /// NaN and infinities are returned unchanged.
    public func roundedForDisplay(places: Int) -> Double {
        guard let d = DecimalText(self) else { return self }
        let r = d.rounded(places: places)
        return r.isZero ? 0 : r.doubleValue
    }
}
