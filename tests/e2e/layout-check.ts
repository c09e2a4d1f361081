import type { Page } from "@playwright/test";

export type TLayoutProblem = { kind: "page-scroll" | "outside" | "cut" | "word-broken"; what: string };

/**
 * Measures the rendered page against a viewport width: the document must not scroll sideways,
 * every visible element must lie inside the viewport (or inside a box that scrolls sideways on
 * its own) and not be cut by an ancestor that hides overflow, and no ordinary word may be broken
 * between two letters across lines.
 */
export function layoutProblems(page: Page, width: number): Promise<TLayoutProblem[]> {
  return page.evaluate((vw) => {
    const out: { kind: "page-scroll" | "outside" | "cut" | "word-broken"; what: string }[] = [];
    const name = (el: Element) => {
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? `.${el.className.split(" ").join(".")}` : ""} "${text}"`;
    };
    if (document.documentElement.scrollWidth > vw)
      out.push({ kind: "page-scroll", what: `scrollWidth ${document.documentElement.scrollWidth} > ${vw}` });
    const scrollsSideways = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x === "auto" || x === "scroll") return true;
      }
      return false;
    };
    const clipper = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const x = getComputedStyle(p).overflowX;
        if (x === "hidden" || x === "clip") return p;
        if (x === "auto" || x === "scroll") return null;
      }
      return null;
    };
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return r.width > 0 && r.height > 0 && cs.visibility !== "hidden" && cs.display !== "none";
    };
    const elements = document.querySelectorAll(
      "h1, h2, p, button, input, select, textarea, a, label, .badge, td, th, li, dt, dd, .card, .alarm-card, strong, code",
    );
    for (const el of elements) {
      if (!visible(el) || el.closest("[hidden], details:not([open]) > :not(summary)")) continue;
      const r = el.getBoundingClientRect();
      if ((r.left < -1 || r.right > vw + 1) && !scrollsSideways(el))
        out.push({ kind: "outside", what: `${name(el)} ${Math.round(r.left)}–${Math.round(r.right)}` });
      const c = clipper(el);
      if (c) {
        const cr = c.getBoundingClientRect();
        if (r.right > cr.right + 1 || r.left < cr.left - 1) out.push({ kind: "cut", what: `${name(el)} cut by ${name(c)}` });
      }
    }
    // Ordinary words (split at spaces, hyphens, slashes, dots) on one line each; long tokens (IDs, hex) may wrap.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const parent = n.parentElement;
      if (!parent || !visible(parent) || parent.closest("pre, script, style, option, select")) continue;
      const text = n.textContent ?? "";
      for (const m of text.matchAll(/[^\s\-/.,:;·×()]+/g)) {
        if (m[0].length < 2 || m[0].length > 24) continue;
        const range = document.createRange();
        range.setStart(n, m.index ?? 0);
        range.setEnd(n, (m.index ?? 0) + m[0].length);
        const tops = new Set([...range.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top)));
        if (tops.size > 1) out.push({ kind: "word-broken", what: `"${m[0]}" in ${name(parent)}` });
      }
    }
    return out.slice(0, 20);
  }, width);
}
