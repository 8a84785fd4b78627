import Foundation

/// Turns `module|offset` addresses printed by the scheduler runtime into functions and source lines.
struct Symbolizer: Sendable {
    /// The host path of the executable the addresses belong to.
    var executable: String

    /// The location of each address, in order; nil for addresses in shared libraries or without symbols.
    ///
    /// `returnAddresses` are addresses just after a call, moved back into the call for the lookup.
    func locate(_ addresses: [String], returnAddresses: Bool) -> [CodeLocation?] {
        var offsets: [Int: String] = [:]
        for (index, address) in addresses.enumerated() {
            let parts = address.split(separator: "|")
            guard parts.count == 2, !Self.isSharedLibrary(parts[0]),
                let offset = UInt64(parts[1].dropFirst(2), radix: 16), offset > 0
            else { continue }
            offsets[index] = "0x" + String(returnAddresses ? offset - 1 : offset, radix: 16)
        }
        guard !offsets.isEmpty else { return addresses.map { _ in nil } }
        let order = offsets.keys.sorted()
        guard
            let output = HostTool.output(
                "/usr/bin/addr2line", ["-f", "-C", "-e", executable] + order.map { offsets[$0]! })
        else { return addresses.map { _ in nil } }
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        var result: [CodeLocation?] = addresses.map { _ in nil }
        for (position, index) in order.enumerated() where 2 * position + 1 < lines.count {
            let function = String(lines[2 * position].prefix(SanitizerWarning.maxNameLength))
            guard function != "??" else { continue }
            let place = CodeLocation.splitFileLine(lines[2 * position + 1].prefix { $0 != " " })
            result[index] = CodeLocation(function: function, file: place?.file, line: place?.line)
        }
        return result
    }

    private static func isSharedLibrary(_ module: Substring) -> Bool {
        module.hasSuffix(".so") || module.contains(".so.")
    }
}
