// Test harness for static/render.js, run by render_test.go under Node.
// It loads render.js against a minimal DOM that refuses any HTML parsing,
// renders each {text, entities} case read from stdin and prints the trees.
"use strict";
const fs = require("fs");
const vm = require("vm");

class Node {
  constructor() { this.childNodes = []; }
  appendChild(c) {
    if (c instanceof Fragment) this.childNodes.push(...c.childNodes);
    else this.childNodes.push(c);
    return c;
  }
}
class Fragment extends Node {}
class Text { constructor(s) { this.data = String(s); } }
class Element extends Node {
  constructor(tag) {
    super();
    this.tag = String(tag).toLowerCase();
    this.attrs = {};
    const self = this;
    this.classList = { add(c) { self.attrs.class = ((self.attrs.class || "") + " " + c).trim(); } };
  }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  addEventListener() {}
  set className(v) { this.attrs.class = String(v); }
  set href(v) { this.attrs.href = String(v); }
  set target(v) { this.attrs.target = String(v); }
  set rel(v) { this.attrs.rel = String(v); }
  set title(v) { this.attrs.title = String(v); }
  set textContent(v) { this.childNodes = [new Text(v)]; }
  set innerHTML(_) { throw new Error("innerHTML used"); }
  set outerHTML(_) { throw new Error("outerHTML used"); }
  insertAdjacentHTML() { throw new Error("insertAdjacentHTML used"); }
}

const document = {
  createElement: (t) => new Element(t),
  createTextNode: (s) => new Text(s),
  createDocumentFragment: () => new Fragment(),
};

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function serialize(n) {
  if (n instanceof Text) return esc(n.data);
  const inner = n.childNodes.map(serialize).join("");
  if (n instanceof Fragment) return inner;
  const attrs = Object.keys(n.attrs).sort().map((k) => " " + k + '="' + esc(n.attrs[k]) + '"').join("");
  return "<" + n.tag + attrs + ">" + inner + "</" + n.tag + ">";
}

const ctx = vm.createContext({ document, URL });
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), ctx, { filename: "render.js" });
const R = vm.runInContext("PeerbotRender", ctx);

const cases = JSON.parse(fs.readFileSync(0, "utf8"));
const out = cases.map((c) => {
  try {
    return serialize(R.renderEntities(c.text, c.entities, null));
  } catch (err) {
    return "ERROR: " + err.message;
  }
});
process.stdout.write(JSON.stringify(out));
