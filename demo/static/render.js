// Rendering of Telegram message text with entities into DOM nodes.
//
// Bot text is data: it only ever becomes text nodes (createTextNode) inside
// elements chosen here by entity type, never markup for the HTML parser.
// Links keep an href only for http, https and mailto.
"use strict";

var PeerbotRender = (function () {
  function el(tag, cls) {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    return n;
  }

  // renderEntities returns a DocumentFragment holding text formatted by
  // entities. Offsets are in UTF-16 code units, which is what JavaScript
  // strings index by. onCommand(text) is called when a /command is clicked.
  function renderEntities(text, entities, onCommand) {
    text = String(text);
    const frag = document.createDocumentFragment();
    const ents = (entities || [])
      .filter((e) => e && Number.isInteger(e.offset) && Number.isInteger(e.length) &&
        e.length > 0 && e.offset >= 0 && e.offset + e.length <= text.length)
      .slice()
      .sort((a, b) => a.offset - b.offset || b.length - a.length);
    build(frag, text, 0, text.length, ents, onCommand);
    return frag;
  }

  // build renders text[start:end) into parent; ents all start inside that
  // range and are sorted. Telegram entities nest but never overlap partly;
  // a partly overlapping one is cut at its parent's end.
  function build(parent, text, start, end, ents, onCommand) {
    let pos = start;
    let i = 0;
    while (i < ents.length) {
      const e = ents[i];
      const from = Math.max(e.offset, pos);
      const to = Math.min(e.offset + e.length, end);
      let j = i + 1;
      const inner = [];
      while (j < ents.length && ents[j].offset < to) {
        const x = ents[j];
        // Shift a child that starts before its (cut) parent to the parent's start.
        inner.push(x.offset < from ? Object.assign({}, x, { offset: from, length: x.length - (from - x.offset) }) : x);
        j++;
      }
      i = j;
      if (from >= to) continue;
      if (from > pos) parent.appendChild(document.createTextNode(text.slice(pos, from)));
      const [outer, content] = entityNode(e, text.slice(from, to), onCommand);
      build(content, text, from, to, inner.filter((x) => x.length > 0), onCommand);
      parent.appendChild(outer);
      pos = to;
    }
    if (pos < end) parent.appendChild(document.createTextNode(text.slice(pos, end)));
  }

  // entityNode returns the element for one entity and the element its text
  // goes into (they differ for pre, which wraps a code element).
  function entityNode(e, covered, onCommand) {
    let n;
    switch (e.type) {
      case "bold": n = el("strong"); break;
      case "italic": n = el("em"); break;
      case "underline": n = el("u"); break;
      case "strikethrough": n = el("s"); break;
      case "code": n = el("code"); break;
      case "pre": {
        const pre = el("pre");
        if (e.language) pre.setAttribute("data-lang", String(e.language));
        const code = el("code");
        pre.appendChild(code);
        return [pre, code];
      }
      case "blockquote":
      case "expandable_blockquote": n = el("blockquote"); break;
      case "spoiler": {
        const s = el("span", "spoiler");
        s.title = "Spoiler: click to show";
        s.addEventListener("click", () => s.classList.add("shown"));
        n = s;
        break;
      }
      case "text_link": n = link(e.url); break;
      case "url": n = link(/^[a-z][a-z0-9+.-]*:/i.test(covered) ? covered : "http://" + covered); break;
      case "email": n = link("mailto:" + covered); break;
      case "bot_command": {
        const a = el("a", "cmd");
        a.title = "Send " + covered;
        const cmd = covered.replace(/@\S+$/, "");
        a.addEventListener("click", () => { if (onCommand) onCommand(cmd); });
        n = a;
        break;
      }
      case "mention":
      case "hashtag":
      case "cashtag":
      case "text_mention": n = el("span", "mention"); break;
      default: n = el("span");
    }
    return [n, n];
  }

  function link(url) {
    const a = el("a");
    const safe = safeURL(url);
    if (safe) {
      a.href = safe;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
    }
    a.title = String(url || "");
    return a;
  }

  // safeURL lets through only web and mail links, so a javascript: URL in a
  // message can never run. It returns null for anything else.
  function safeURL(u) {
    try {
      const parsed = new URL(String(u));
      return ["http:", "https:", "mailto:"].includes(parsed.protocol) ? parsed.href : null;
    } catch (_) {
      return null;
    }
  }

  return { renderEntities, safeURL };
})();
