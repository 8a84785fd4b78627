import Foundation

extension Double {
    /// Points as a gradebook shows them: at most two decimals, no trailing zeros (`8.5`, `10`, `3.33`).
    public var pointsText: String {
        let rounded = (self * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
