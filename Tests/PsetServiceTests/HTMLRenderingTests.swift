import Foundation
import Testing

@testable import PsetService

@Suite("HTML rendering")
struct HTMLRenderingTests {
    @Test("Interpolated text is escaped; fragments are kept")
    func escaping() {
        let name = "<img src=x onerror=\"alert('1')\"> & co"
        let fragment: HTML = "<b>\(name)</b>"
        #expect(fragment.description == "<b>&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co</b>")
        let nested: HTML = "<p>\(fragment)</p>"
        #expect(nested.description.hasPrefix("<p><b>&lt;img"))
    }

    @Test("C is highlighted by token, and everything in it is escaped")
    func highlighting() {
        let source = """
            #include <pthread.h>
            /* a <comment> */ static int n = 42; // done
            char *s = "a\\"<b>"; char c = '<';
            """
        let html = CHighlighter.highlight(source).description
        #expect(html.contains("<span class=\"c-pp\">#include &lt;pthread.h&gt;</span>"))
        #expect(html.contains("<span class=\"c-com\">/* a &lt;comment&gt; */</span>"))
        #expect(html.contains("<span class=\"c-kw\">static</span> <span class=\"c-ty\">int</span> n"))
        #expect(html.contains("<span class=\"c-num\">42</span>"))
        #expect(html.contains("<span class=\"c-com\">// done</span>"))
        #expect(html.contains("<span class=\"c-str\">&quot;a\\&quot;&lt;b&gt;&quot;</span>"))
        #expect(html.contains("<span class=\"c-chr\">&#39;&lt;&#39;</span>"))
    }

    @Test("Unterminated comments and strings, and stray bytes, come out escaped")
    func hostileSource() {
        for source in ["/* never closed <x>", "\"open string <y>", "#define A \\\n<z>", "\u{0}<\u{FFFD}>"] {
            let html = CHighlighter.highlight(source).description
            #expect(!html.contains("<x>") && !html.contains("<y>") && !html.contains("<z>"))
            #expect(
                !html.replacingOccurrences(of: "<span class=\"c-[a-z]+\">", with: "", options: .regularExpression)
                    .replacingOccurrences(of: "</span>", with: "").contains("<"))
        }
    }

    @Test("The chart is an SVG with a title, a description and one bar per value")
    func chart() {
        let chart = BarChart(
            title: "Scores <all>", bars: [.init(label: "a", value: 3), .init(label: "b", value: 0, highlighted: true)])
        let svg = chart.svg.description
        #expect(svg.hasPrefix("<svg class=\"chart\""))
        #expect(svg.contains("<title>Scores &lt;all&gt;</title>"))
        #expect(svg.contains("<desc>students per bar: a: 3, b: 0</desc>"))
        #expect(svg.components(separatedBy: "<rect").count == 3)
    }
}
