/// A bar chart drawn as SVG on the server: one bar per value, labelled with the value, so it reads without
/// JavaScript, on any screen, and to a screen reader through its title and description.
struct BarChart: Sendable {
    struct Bar: Sendable {
        var label: String
        var value: Int
        /// Drawn in the accent colour: the correct option, full marks.
        var highlighted = false
    }

    var title: String
    var bars: [Bar]
    /// What a bar counts, for the description ("students").
    var unit = "students"

    private static let barWidth = 36
    private static let gap = 10
    private static let height = 140
    private static let labelSpace = 34

    var svg: HTML {
        let width = max(1, bars.count) * (Self.barWidth + Self.gap) + Self.gap
        let total = Self.height + Self.labelSpace
        let top = max(1, bars.map(\.value).max() ?? 1)
        let summary = bars.map { "\($0.label): \($0.value)" }.joined(separator: ", ")
        let drawn: [HTML] = bars.enumerated().map { index, bar in
            let x = Self.gap + index * (Self.barWidth + Self.gap)
            let barHeight = bar.value == 0 ? 0 : max(2, bar.value * (Self.height - 20) / top)
            let y = Self.height - barHeight
            let centre = x + Self.barWidth / 2
            return """
                <rect class="\(bar.highlighted ? "bar hi" : "bar")" x="\(x)" y="\(y)" width="\(Self.barWidth)" \
                height="\(barHeight)"></rect><text class="value" x="\(centre)" y="\(y - 4)" \
                text-anchor="middle">\(bar.value)</text><text class="label" x="\(centre)" y="\(Self.height + 16)" \
                text-anchor="middle">\(bar.label)</text>
                """
        }
        return """
            <svg class="chart" viewBox="0 0 \(width) \(total)" width="\(width)" height="\(total)" role="img" \
            aria-label="\(title)"><title>\(title)</title><desc>\(unit) per bar: \(summary)</desc>\
            <line class="axis" x1="0" y1="\(Self.height)" x2="\(width)" y2="\(Self.height)"></line>\(drawn)</svg>
            """
    }
}
