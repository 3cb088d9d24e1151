import Testing
@testable import Publishing

@Suite struct ShardTests {
    @Test func shardsCoverEveryPositionExactlyOnce() {
        for n in 1...5 {
            let shards = (1...n).map { Shard(index: $0, count: n) }
            for p in 0..<23 { #expect(shards.filter { $0.contains(position: p) }.count == 1) }
        }
    }

    @Test func parsesAndRejects() {
        #expect(Shard("2/3") == Shard(index: 2, count: 3))
        #expect(Shard("0/3") == nil)
        #expect(Shard("4/3") == nil)
        #expect(Shard("1-3") == nil)
    }
}
