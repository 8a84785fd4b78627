/// The pages' only stylesheet, compiled into the program so a static build needs no files beside it.
///
/// Small screens first; colours keep a contrast of at least 4.5:1 on their backgrounds, and every link and
/// control shows where the keyboard focus is.
enum Stylesheet {
    static let css = """
        :root { --ink: #1a1a1a; --muted: #4a4a4a; --paper: #ffffff; --line: #c8c8c8; --soft: #f3f4f6;
          --accent: #0b5cad; --good: #146c2e; --bad: #a4161a; --warn: #7a4b00; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
          background: var(--paper); }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, summary:focus { outline: 3px solid #f5a623; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 8px; top: 8px; background: var(--paper); padding: 4px 8px; z-index: 1; }
        header.top { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; justify-content: space-between;
          padding: 8px 16px; background: #12355b; color: #ffffff; }
        header.top a, header.top .who { color: #ffffff; }
        header.top form { margin: 0; }
        main { max-width: 72rem; margin: 0 auto; padding: 8px 16px 48px; }
        h1 { font-size: 1.6rem; margin: 16px 0 8px; }
        h2 { font-size: 1.3rem; margin: 28px 0 8px; border-bottom: 1px solid var(--line); }
        h3 { font-size: 1.1rem; margin: 20px 0 6px; }
        .muted { color: var(--muted); }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; margin: 8px 0; min-width: 50%; }
        th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
        th { background: var(--soft); }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        .pass { color: var(--good); font-weight: 600; }
        .fail { color: var(--bad); font-weight: 600; }
        .late { color: var(--warn); font-weight: 600; }
        ol.trace { list-style: none; padding-left: 0; font-size: .95rem; }
        ol.trace li.switch { color: var(--muted); border-top: 1px dashed var(--line); margin-top: 4px; }
        .tag { display: inline-block; padding: 0 6px; border: 1px solid var(--line); border-radius: 4px;
          font-size: .85rem; }
        button, input[type=submit] { font: inherit; padding: 6px 14px; border-radius: 4px; border: 1px solid #0a4a8a;
          background: var(--accent); color: #ffffff; cursor: pointer; }
        header.top button { background: transparent; border-color: #ffffff; }
        label { display: block; font-weight: 600; margin: 12px 0 4px; }
        input[type=password] { font: inherit; width: 100%; max-width: 32rem; padding: 6px; border: 1px solid #767676;
          border-radius: 4px; }
        .notice { border-left: 4px solid var(--bad); background: #fdecec; padding: 8px 12px; }
        pre { background: var(--soft); padding: 8px; overflow-x: auto; font-size: .9rem; line-height: 1.4; }
        .source { display: flex; background: var(--soft); overflow-x: auto; }
        .source pre { margin: 0; overflow: visible; }
        .source .gutter { color: var(--muted); text-align: right; user-select: none; border-right: 1px solid var(--line); }
        .c-com { color: #4d5b4d; font-style: italic; } .c-str, .c-chr { color: #8a1c00; }
        .c-kw { color: #6a1b9a; font-weight: 600; } .c-ty { color: #00567a; } .c-num { color: #7a3e00; }
        .c-pp { color: #5c4700; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px 32px; }
        figure { margin: 8px 0; max-width: 100%; overflow-x: auto; }
        figcaption { font-weight: 600; }
        svg.chart .bar { fill: #6b8fb8; } svg.chart .bar.hi { fill: var(--good); }
        svg.chart text { font-size: 12px; fill: var(--ink); } svg.chart .axis { stroke: var(--muted); }
        meter { width: 8rem; }
        summary { cursor: pointer; padding: 4px 0; font-weight: 600; }
        @media (max-width: 40rem) { body { font-size: 15px; } th, td { padding: 4px 6px; } h1 { font-size: 1.35rem; } }
        """
}
