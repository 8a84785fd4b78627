import PsetModel

extension SeedToken {
    /// PCT's bug depth the schedule explores (one more than its change points): the seed's top four bits, plus one.
    public var depth: Int { Int(value >> 60) + 1 }

    /// The `index`th schedule of the fixed sequence named by `label`, exploring bug depth `depth` (1...16), its
    /// change points among the first 2^`lengthBits` steps at most (0: a length nobody measured).
    static func schedule(_ label: String, index: Int, depth: Int, lengthBits: Int) -> SeedToken {
        let random = sequence(label, index: index).value & (1 << 55 - 1)
        return SeedToken(
            value: UInt64(min(max(depth, 1), 16) - 1) << 60 | UInt64(min(max(lengthBits, 0), 31)) << 55 | random)
    }

    /// The `index`th seed of a fixed sequence named by `label`, so that regrades explore the same schedules.
    static func sequence(_ label: String, index: Int) -> SeedToken {
        var state = label.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        state &+= UInt64(index) &* 0x9e37_79b9_7f4a_7c15
        var mixed = (state ^ (state >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        return SeedToken(value: mixed ^ (mixed >> 31))
    }
}
