/// The 64 bits a student's variant of a problem is drawn from.
///
/// The course derives it with a keyed hash of its secret, the person and the problem, so the bank's public source
/// is not enough to work out anyone's variant; everything after that is the small, well-known generator below.
public struct VariantSeed: Sendable, Hashable {
    public var value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// The random numbers of one named draw, independent of every other name's, so adding a parameter to a
    /// question leaves the others' values as they were.
    func generator(for stream: String) -> SplitMix64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in stream.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return SplitMix64(state: value ^ hash)
    }
}

/// Steele, Lea and Flood's SplitMix64: a fixed algorithm, so a seed draws the same variant on every platform and
/// in every version of the standard library.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound`, by Lemire's multiply-and-reject method (no modulo bias).
    mutating func next(below bound: Int) -> Int {
        precondition(bound > 0)
        let range = UInt64(bound)
        let threshold = (0 &- range) % range
        while true {
            let product = next().multipliedFullWidth(by: range)
            if product.low >= threshold { return Int(product.high) }
        }
    }

    /// The indices `0..<count` in a uniformly random order (Fisher–Yates).
    mutating func permutation(of count: Int) -> [Int] {
        var order = Array(0..<count)
        for index in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(index, next(below: index + 1))
        }
        return order
    }
}
