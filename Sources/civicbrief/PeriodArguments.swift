import ArgumentParser
import IndicatorStore
import Publishing

// `--period` is read once, here, into a typed value that the library takes as it is; what cannot be
// read is a usage error (exit 1) that says how to write a period.

/// `--period` of render, check, facts and index compute: 2026-10 (month), 2026-Q3 (quarter) or 2026 (year).
func periodArgument(_ text: String) throws -> Period {
    guard let period = Period(text) else {
        throw ValidationError("not a period — write 2026-10 (month), 2026-Q3 (quarter) or 2026 (year)")
    }
    return period
}

/// `publish --period`: as `periodArgument`, or latest-complete or latest.
func periodSelectionArgument(_ text: String) throws -> PeriodSelection {
    guard let selection = PeriodSelection(text) else {
        throw ValidationError("not a period — write latest-complete, latest, 2026-10, 2026-Q3 or 2026")
    }
    return selection
}
