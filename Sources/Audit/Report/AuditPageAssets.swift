/// The audit page's only style sheet and script, inlined: the page loads nothing (its
/// Content-Security-Policy forbids every fetch), so it opens the same offline, in a mail
/// attachment or on a file share.
enum AuditPageAssets {
    /// The Content-Security-Policy: no network at all; only the page's own inline style and script.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"

    /// The style sheet.
    static let style = """
        :root { --high: #c62828; --medium: #e65100; --low: #b58900; --info: #1565c0; --ok: #2e7d32;
          --bg: #f5f6f8; --card: #fff; --ink: #1c2230; --muted: #5c6778; --line: #e2e6ec; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink); background: var(--bg); }
        code, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 12px; }
        header { background: #1c2230; color: #fff; padding: 22px 32px 20px; }
        header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
        header p { margin: 2px 0; color: #c7cdd8; }
        .counts { display: flex; gap: 12px; margin-top: 16px; flex-wrap: wrap; }
        .count { border-radius: 8px; padding: 8px 16px; min-width: 104px; background: rgba(255, 255, 255, .08);
          border-left: 4px solid #888; }
        .count b { display: block; font-size: 26px; line-height: 1.1; }
        .count.high { border-color: #ff6e6e; } .count.medium { border-color: #ffa040; }
        .count.low { border-color: #ffd54f; } .count.info { border-color: #64b5f6; }
        main { padding: 24px 32px 40px; display: grid; gap: 22px; max-width: 1500px; }
        .pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 22px; align-items: start; }
        .pair > section { min-width: 0; }
        section { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 18px 22px; }
        h2 { margin: 0 0 12px; font-size: 17px; }
        h3 { margin: 18px 0 8px; font-size: 14px; color: var(--muted); font-weight: 600; }
        .filters { margin-bottom: 8px; color: var(--muted); }
        .filters label { margin-right: 16px; cursor: pointer; }
        #shown { margin-left: 8px; }
        ol.findings { list-style: none; margin: 0; padding: 0; }
        li.finding { display: grid; grid-template-columns: 76px 210px 1fr; gap: 14px; padding: 9px 0;
          border-top: 1px solid var(--line); align-items: baseline; }
        .sev { font-weight: 700; text-transform: uppercase; font-size: 11px; letter-spacing: .05em; padding: 2px 0;
          border-radius: 10px; color: #fff; text-align: center; }
        .sev.high { background: var(--high); } .sev.medium { background: var(--medium); }
        .sev.low { background: var(--low); } .sev.info { background: var(--info); }
        .kind { color: var(--muted); }
        .none { color: var(--ok); font-weight: 600; }
        .scroll { overflow-x: auto; }
        table { border-collapse: collapse; }
        table.matrix th.acct { writing-mode: vertical-rl; transform: rotate(180deg); font-weight: 500; padding: 6px 3px;
          white-space: nowrap; vertical-align: bottom; }
        table.matrix th.key { text-align: left; padding: 4px 12px 4px 0; font-weight: 500; white-space: nowrap; }
        table.matrix th.key small { color: var(--muted); margin-left: 6px; }
        table.matrix td { width: 28px; min-width: 28px; height: 26px; text-align: center; border: 1px solid var(--line);
          font-size: 14px; cursor: default; }
        table.matrix .hl { outline: 2px solid #1c2230; outline-offset: -2px; }
        .st-granted-verified { background: #e6f4e7; color: var(--ok); }
        .st-granted { background: #e3effb; color: var(--info); }
        .st-granted-not-verified { background: #fff5d6; color: #8a6200; }
        .st-role-unknown { background: #efe3f5; color: #6a1b9a; }
        .st-role-missing { background: #fde3e3; color: var(--high); font-weight: 700; }
        .st-outside-resource-directory { background: var(--high); color: #fff; font-weight: 700; }
        .st-wildcard { background: #4a148c; color: #fff; font-weight: 700; }
        .legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 4px 0 12px; color: var(--muted); }
        .legend span.swatch { display: inline-block; width: 22px; height: 20px; line-height: 20px; text-align: center;
          border: 1px solid var(--line); margin-right: 6px; border-radius: 3px; }
        .gauge { display: grid; grid-template-columns: minmax(200px, 1.4fr) minmax(100px, 1fr) minmax(150px, 1fr); gap: 12px;
          align-items: center; padding: 5px 0; }
        .bar { height: 12px; background: #e9edf2; border-radius: 6px; overflow: hidden; }
        .fill { height: 100%; border-radius: 6px; }
        .fill.ok { background: var(--ok); } .fill.warn { background: var(--medium); } .fill.full { background: var(--high); }
        .fill.unknown { background: repeating-linear-gradient(45deg, #cfd6df, #cfd6df 6px, #e9edf2 6px, #e9edf2 12px); width: 100%; }
        .value { color: var(--muted); }
        table.principals { width: 100%; margin: 4px 0 14px; }
        table.principals th, table.principals td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--line);
          vertical-align: top; }
        table.principals th { color: var(--muted); font-weight: 600; font-size: 12px; }
        .tag { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; background: #eef1f5; margin-right: 4px; }
        .tag.bad { background: #fde3e3; color: var(--high); } .tag.good { background: #e6f4e7; color: var(--ok); }
        footer { color: var(--muted); padding: 0 32px 28px; }
        """

    /// The script: severity filters for the findings, and a matrix cell's column highlighted under the pointer.
    static let script = """
        (function () {
          "use strict";
          var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-severity]"));
          var items = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
          var shown = document.getElementById("shown");
          function apply() {
            var on = {};
            boxes.forEach(function (box) { on[box.getAttribute("data-severity")] = box.checked; });
            var count = 0;
            items.forEach(function (item) {
              var visible = on[item.getAttribute("data-severity")] !== false;
              item.hidden = !visible;
              if (visible) { count += 1; }
            });
            if (shown) { shown.textContent = count + " of " + items.length + " shown"; }
          }
          boxes.forEach(function (box) { box.addEventListener("change", apply); });
          var matrix = document.querySelector("table.matrix");
          var lit = [];
          if (matrix) {
            matrix.addEventListener("mouseover", function (event) {
              lit.forEach(function (cell) { cell.classList.remove("hl"); });
              lit = [];
              var cell = event.target.closest ? event.target.closest("[data-col]") : null;
              if (!cell) { return; }
              var column = cell.getAttribute("data-col");
              lit = Array.prototype.slice.call(matrix.querySelectorAll("[data-col='" + column + "']"));
              lit.forEach(function (each) { each.classList.add("hl"); });
            });
          }
          apply();
          document.documentElement.setAttribute("data-ready", "yes");
        })();
        """
}
