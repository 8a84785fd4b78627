import PsetModel

extension SeedToken {
    /// The `index`th seed of a fixed sequence named by `label`, so that regrades explore the same schedules.
    static func sequence(_ label: String, index: Int) -> SeedToken {
        var state = label.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        state &+= UInt64(index) &* 0x9e37_79b9_7f4a_7c15
        var mixed = (state ^ (state >> 30)) &* 0xbf58_476d_1ce4_e5b9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94d0_49bb_1331_11eb
        return SeedToken(value: mixed ^ (mixed >> 31))
    }
}
