/// Durations as the timings CivicBrief prints and records them (`--timings`, the run manifest,
/// progress lines): milliseconds or seconds as a `Double`.
extension Duration {
    public var milliseconds: Double { Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15 }
    public var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
