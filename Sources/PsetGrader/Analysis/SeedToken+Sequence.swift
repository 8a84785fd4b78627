import PsetModel

extension SeedToken {
    /// PCT's bug depth the schedule explores (one more than its change points).
    public var depth: Int { isFocused ? top - (Self.focusBase - 2) : top + 1 }

    /// Whether its change points fall only on the shared-memory accesses made holding no lock (a focused run).
    public var isFocused: Bool { top >= Self.focusBase }

    /// The seed's top four bits: the depth minus one, or from `focusBase` up a focused run's depth plus
    /// `focusBase` - 2 (as the runtime reads them).
    private var top: Int { Int(value >> 60) }

    static let focusBase = 8

    /// The `index`th schedule of the fixed sequence named by `label`, exploring bug depth `depth` (1...8, focused
    /// 2...9), its change points among the first 2^`lengthBits` steps at most (0: a length nobody measured), or in
    /// a focused run among the first 2^`lengthBits` accesses made holding no lock.
    static func schedule(
        _ label: String, index: Int, depth: Int, lengthBits: Int, focused: Bool = false
    ) -> SeedToken {
        let random = sequence(label, index: index).value & (1 << 55 - 1)
        let top = focused ? min(max(depth, 2), 9) + focusBase - 2 : min(max(depth, 1), focusBase) - 1
        return SeedToken(value: UInt64(top) << 60 | UInt64(min(max(lengthBits, 0), 31)) << 55 | random)
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
