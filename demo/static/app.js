// Peerbot demo web chat.
//
// Everything the bot sends is data: it is turned into DOM nodes with
// createElement and textContent only, never parsed as HTML.
"use strict";

(function () {
  const api = "demo/api/";
  const state = {
    people: [],        // [{id, name, language, blocked}]
    selected: null,    // person id
    unread: new Map(), // person id -> count
    nodes: new Map(),  // message id -> element, for the selected person
    loading: 0,        // bumps on every chat switch, to drop stale loads
  };

  const $ = (id) => document.getElementById(id);
  const el = (tag, cls, text) => {
    const n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };

  // ---------- HTTP ----------

  async function call(method, path, body) {
    const opts = { method, headers: {} };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    const res = await fetch(api + path, opts);
    const type = res.headers.get("Content-Type") || "";
    const data = type.includes("json") ? await res.json() : null;
    if (!res.ok) {
      const msg = (data && (data.detail || data.title)) || res.statusText;
      throw new Error(msg);
    }
    return data;
  }

  let toastTimer = 0;
  function toast(text, isError) {
    const t = $("toast");
    t.textContent = text;
    t.className = isError ? "toast error" : "toast";
    t.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { t.hidden = true; }, isError ? 5000 : 3500);
  }

  function attempt(p) {
    return p.catch((err) => toast(err.message, true));
  }

  // ---------- People ----------

  const colors = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];

  function personById(id) {
    return state.people.find((p) => p.id === id) || null;
  }

  function renderPeople() {
    const list = $("people");
    list.replaceChildren();
    state.people.forEach((p, i) => {
      const li = el("li");
      const b = el("button");
      b.type = "button";
      b.setAttribute("aria-current", String(p.id === state.selected));
      const av = el("span", "avatar", initials(p.name));
      av.style.background = colors[i % colors.length];
      const name = el("span", "pname", p.name);
      name.appendChild(el("span", "plang", p.language ? "app language: " + p.language : "no app language"));
      b.append(av, name);
      if (p.blocked) b.appendChild(el("span", "tag-blocked", "blocked"));
      const n = state.unread.get(p.id);
      if (n) b.appendChild(el("span", "badge", String(n)));
      b.addEventListener("click", () => select(p.id));
      li.appendChild(b);
      list.appendChild(li);
    });
  }

  function initials(name) {
    const parts = String(name).trim().split(/\s+/);
    return parts.map((s) => s.charAt(0)).join("").slice(0, 2).toUpperCase() || "?";
  }

  function upsertPerson(p) {
    const i = state.people.findIndex((q) => q.id === p.id);
    if (i >= 0) state.people[i] = p; else state.people.push(p);
    renderPeople();
    if (p.id === state.selected) renderHeader();
  }

  async function loadPeople() {
    state.people = await call("GET", "people");
    if (state.selected === null || !personById(state.selected)) {
      state.selected = state.people.length ? state.people[0].id : null;
    }
    renderPeople();
    await loadMessages();
  }

  async function addPerson(ev) {
    ev.preventDefault();
    const language = $("add-lang").value;
    const p = await call("POST", "people", { language });
    upsertPerson(p);
    await select(p.id);
  }

  // addGroup makes a staff group where the selected person writes and
  // presses buttons (for referral requests: /linkgroup CODE there).
  async function addGroup() {
    const member = personById(state.selected);
    if (!member || member.member) return;
    const name = window.prompt("Group name", "Staff group");
    if (name === null) return;
    const g = await call("POST", "groups", { name, member: member.id });
    upsertPerson(g);
    await select(g.id);
  }

  async function select(id) {
    state.selected = id;
    state.unread.delete(id);
    renderPeople();
    await loadMessages();
    $("text").focus();
  }

  // ---------- Chat ----------

  function renderHeader() {
    const p = personById(state.selected);
    const block = $("block");
    $("chat-title").textContent = p ? p.name : "No one selected";
    $("chat-sub").textContent = !p ? "" : p.member ? "Group: you write as " + ((personById(p.member) || {}).name || "its member")
      : "Telegram app language: " + (p.language || "none") + (p.blocked ? " · has blocked the bot" : "");
    block.hidden = !p || !!p.member;
    if (p) {
      block.textContent = p.blocked ? "Unblock bot" : "Block bot";
      block.setAttribute("aria-pressed", String(p.blocked));
    }
    for (const id of ["text", "send", "send-sticker", "send-voice", "send-photo", "send-location"]) $(id).disabled = !p;
  }

  async function loadMessages() {
    const token = ++state.loading;
    renderHeader();
    const box = $("messages");
    for (const n of state.nodes.values()) n.remove();
    state.nodes.clear();
    if (state.selected === null) { updateEmpty(); return; }
    const msgs = await call("GET", "people/" + state.selected + "/messages");
    if (token !== state.loading) return; // the person changed meanwhile
    for (const m of msgs) placeMessage(m, false);
    updateEmpty();
    box.scrollTop = box.scrollHeight;
  }

  function updateEmpty() {
    const p = personById(state.selected);
    const none = state.nodes.size === 0;
    $("empty").hidden = !none;
    $("start").hidden = !p;
    $("empty-text").textContent = p
      ? "No messages yet. Press Start, as a person opening the bot in Telegram would."
      : "Add a person on the left to start.";
  }

  // placeMessage inserts or replaces one message, keeping id order.
  function placeMessage(m, live) {
    const box = $("messages");
    const old = state.nodes.get(m.id);
    const json = JSON.stringify(m);
    // A send shows its message from the response; the event that follows
    // brings the same message again.
    if (old && old.dataset.json === json) return;
    const node = renderMessage(m);
    node.dataset.json = json;
    if (old) {
      old.replaceWith(node);
      if (live) flash(node);
    } else {
      let before = null;
      for (const [id, n] of state.nodes) {
        if (id > m.id && (before === null || Number(before.dataset.id) > id)) before = n;
      }
      box.insertBefore(node, before);
    }
    state.nodes.set(m.id, node);
    if (live && !old) box.scrollTop = box.scrollHeight;
  }

  function removeMessage(id) {
    const n = state.nodes.get(id);
    if (n) { n.remove(); state.nodes.delete(id); updateEmpty(); }
  }

  function flash(node) {
    node.classList.add("flash");
    setTimeout(() => node.classList.remove("flash"), 1300);
  }

  // Line icons as SVG path data, so no emoji font is needed.
  const icons = {
    photo: ["M3 5h18v14H3z", "M3 16l5-5 4 4 3-3 6 6", "M15.5 9.5m-1.5 0a1.5 1.5 0 1 0 3 0a1.5 1.5 0 1 0-3 0"],
    sticker: ["M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0-18 0", "M8 14s1.5 2 4 2 4-2 4-2", "M9 9.5h.01", "M15 9.5h.01"],
    voice: ["M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3z", "M19 11a7 7 0 0 1-14 0", "M12 18v3"],
    document: ["M6 3h8l4 4v14H6z", "M14 3v4h4"],
    location: ["M12 21s-7-6-7-11a7 7 0 0 1 14 0c0 5-7 11-7 11z", "M12 10m-2 0a2 2 0 1 0 4 0a2 2 0 1 0-4 0"],
    other: ["M12 12m-9 0a9 9 0 1 0 18 0a9 9 0 1 0-18 0", "M9.1 9a3 3 0 0 1 5.8 1c0 2-3 2.5-3 4", "M12 17h.01"],
    bellOff: ["M18 16V11a6 6 0 0 0-9.5-4.9", "M6 11v5l-2 2h13", "M10 20a2 2 0 0 0 4 0", "M3 3l18 18"],
  };

  function icon(name, label) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("class", "icon");
    if (label) {
      svg.setAttribute("role", "img");
      svg.setAttribute("aria-label", label);
      const title = document.createElementNS(ns, "title");
      title.textContent = label;
      svg.appendChild(title);
    } else {
      svg.setAttribute("aria-hidden", "true");
    }
    for (const d of Object.hasOwn(icons, name) ? icons[name] : icons.other) {
      const p = document.createElementNS(ns, "path");
      p.setAttribute("d", d);
      svg.appendChild(p);
    }
    return svg;
  }

  const mediaLabels = {
    photo: "Photo",
    sticker: "Sticker",
    voice: "Voice note",
    document: "Document",
    location: "Location",
  };

  function renderMessage(m) {
    const wrap = el("div", "msg " + (m.from === "bot" ? "bot" : "me"));
    wrap.dataset.id = String(m.id);
    const bubble = el("div", "bubble");
    if (m.image) {
      // A chart the bot drew and uploaded.
      const img = el("img", "chart");
      img.src = m.image;
      img.alt = mediaLabels.photo;
      bubble.appendChild(img);
    } else if (m.kind && m.kind !== "text") {
      wrap.classList.add("kind-" + m.kind);
      const box = el("div", "media " + m.kind);
      box.appendChild(icon(Object.hasOwn(mediaLabels, m.kind) ? m.kind : "other"));
      box.appendChild(el("span", "", m.media_label || mediaLabels[m.kind] || "Unsupported message"));
      bubble.appendChild(box);
    }
    if (m.text) {
      const t = el("div", "text");
      t.appendChild(PeerbotRender.renderEntities(m.text, m.entities || [], (cmd) => attempt(sendText(cmd))));
      bubble.appendChild(t);
    }
    const meta = el("div", "meta");
    if (m.silent) meta.appendChild(icon("bellOff", "Sent silently"));
    if (m.edited) meta.appendChild(el("span", "edited", "edited"));
    meta.appendChild(el("time", "", clock(m.date)));
    bubble.appendChild(meta);
    wrap.appendChild(bubble);
    if (m.keyboard && m.keyboard.length) wrap.appendChild(renderKeyboard(m));
    return wrap;
  }

  function clock(unix) {
    if (!unix) return "";
    const d = new Date(unix * 1000);
    return String(d.getHours()).padStart(2, "0") + ":" + String(d.getMinutes()).padStart(2, "0");
  }

  function renderKeyboard(m) {
    const kb = el("div", "keyboard");
    for (const row of m.keyboard) {
      const r = el("div", "kb-row");
      for (const btn of row) {
        const b = el("button", "", btn.text);
        b.type = "button";
        if (btn.url) {
          b.className = "link";
          b.title = btn.url;
          b.addEventListener("click", () => {
            const u = PeerbotRender.safeURL(btn.url);
            if (u) window.open(u, "_blank", "noopener,noreferrer");
            else toast("Link: " + btn.url, false);
          });
        } else if (btn.data !== undefined) {
          b.addEventListener("click", () => press(m.id, btn.data, b));
        } else {
          b.disabled = true;
        }
        r.appendChild(b);
      }
      kb.appendChild(r);
    }
    return kb;
  }

  async function press(messageID, data, button) {
    const who = state.selected;
    button.disabled = true;
    try {
      await call("POST", "people/" + who + "/press", { message_id: messageID, data });
    } catch (err) {
      toast(err.message, true);
    } finally {
      button.disabled = false;
    }
  }

  // ---------- Sending ----------

  function sendText(text) {
    if (state.selected === null) return Promise.resolve();
    return call("POST", "people/" + state.selected + "/text", { text });
  }

  async function submitText(ev) {
    ev.preventDefault();
    const input = $("text");
    const text = input.value;
    const who = state.selected;
    if (!text.trim()) return;
    input.value = "";
    try {
      const m = await sendText(text);
      if (m && m.id && state.selected === who) { placeMessage(m, true); updateEmpty(); }
    } catch (err) {
      input.value = text; // keep what was typed
      toast(err.message, true);
    }
  }

  function sendMedia(kind) {
    const who = state.selected;
    if (who === null) return;
    attempt(call("POST", "people/" + who + "/" + kind, {}).then((m) => {
      if (m && m.id && state.selected === who) { placeMessage(m, true); updateEmpty(); }
    }));
  }

  // shareLocation shares a point, as Telegram's location button would;
  // it defaults to central Lisbon, where the demo directory has services.
  function shareLocation() {
    const who = state.selected;
    if (who === null) return;
    const answer = window.prompt("Latitude, longitude", "38.7230, -9.1360");
    if (!answer) return;
    const [lat, lon] = answer.split(",").map((v) => parseFloat(v.trim()));
    attempt(call("POST", "people/" + who + "/location", {latitude: lat, longitude: lon}).then((m) => {
      if (m && m.id && state.selected === who) { placeMessage(m, true); updateEmpty(); }
    }));
  }

  async function toggleBlock() {
    const p = personById(state.selected);
    if (!p) return;
    const updated = await call("POST", "people/" + p.id + (p.blocked ? "/unblock" : "/block"), {});
    upsertPerson(updated);
  }

  // ---------- Live updates ----------

  let typingTimer = 0;

  function listen() {
    const es = new EventSource(api + "events");
    let opened = false;
    es.addEventListener("open", () => {
      // After a reconnect, reload: events may have been missed.
      if (opened) attempt(loadPeople());
      opened = true;
    });
    es.addEventListener("message", (ev) => {
      const d = JSON.parse(ev.data);
      if (d.person_id === state.selected) {
        if (d.message.from === "bot" && !d.message.edited) { clearTimeout(typingTimer); renderHeader(); }
        placeMessage(d.message, true);
        updateEmpty();
      } else if (!d.message.edited && d.message.from === "bot") {
        state.unread.set(d.person_id, (state.unread.get(d.person_id) || 0) + 1);
        renderPeople();
      }
    });
    es.addEventListener("deleted", (ev) => {
      const d = JSON.parse(ev.data);
      if (d.person_id === state.selected) removeMessage(d.message_id);
    });
    es.addEventListener("person", (ev) => upsertPerson(JSON.parse(ev.data)));
    es.addEventListener("action", (ev) => {
      const d = JSON.parse(ev.data);
      if (d.person_id !== state.selected || d.action !== "typing") return;
      // Telegram shows "typing" for up to five seconds or until a message.
      $("chat-sub").textContent = "bot is typing…";
      clearTimeout(typingTimer);
      typingTimer = setTimeout(renderHeader, 5000);
    });
    es.addEventListener("notice", (ev) => {
      const d = JSON.parse(ev.data);
      if (d.person_id === state.selected && d.text) toast(d.text, false);
    });
  }

  // ---------- Partner console ----------

  // The console acts as the demo's drug-checking partner and organisation
  // through Peerbot's real API; the demo server holds their tokens.
  const consoleState = {
    alert: null,  // identifier naming the alert that Update and Withdraw change
    label: "",    // what that alert is, for the page
    busy: false,
  };

  async function loadConsole() {
    const info = await call("GET", "console");
    if (!info.enabled) return;
    const region = $("c-region");
    for (const c of info.countries) {
      const group = el("optgroup");
      group.label = c.name;
      const whole = el("option", "", "All of " + c.name + " (" + c.code + ")");
      whole.value = c.code;
      group.appendChild(whole);
      for (const r of c.regions) {
        const o = el("option", "", r.name + " (" + r.code + ")");
        o.value = r.code;
        group.appendChild(o);
      }
      region.appendChild(group);
    }
    if (region.querySelector('option[value="PL-14"]')) region.value = "PL-14";
    for (const p of info.presets) {
      const o = el("option", "", p.title);
      o.value = p.id;
      $("c-preset").appendChild(o);
    }
    for (const s of info.severities) {
      const o = el("option", "", s);
      o.value = s;
      $("c-severity").appendChild(o);
    }
    $("c-severity").value = "caution";
    $("console").hidden = false;
    renderConsoleState();
  }

  function renderConsoleState() {
    $("c-update").disabled = consoleState.busy || !consoleState.alert;
    $("c-withdraw").disabled = consoleState.busy || !consoleState.alert;
    $("c-status").disabled = consoleState.busy || !consoleState.alert;
    $("c-publish").disabled = consoleState.busy;
    $("c-campaign").disabled = consoleState.busy;
    $("c-current").textContent = consoleState.alert ? "Current alert: " + consoleState.label : "";
  }

  async function consoleAction(path, body, onOK) {
    if (consoleState.busy) return;
    consoleState.busy = true;
    renderConsoleState();
    try {
      const res = await call(body === undefined ? "GET" : "POST", path, body);
      showResult(res);
      if (res.ok && onOK) onOK(res);
    } catch (err) {
      toast(err.message, true);
    } finally {
      consoleState.busy = false;
      renderConsoleState();
    }
  }

  function publishAlert(ev) {
    ev.preventDefault();
    const region = $("c-region");
    const preset = $("c-preset");
    const body = {
      preset: preset.value,
      region: region.value,
      severity: $("c-severity").value,
      cap: $("c-cap").checked,
    };
    const label = preset.options[preset.selectedIndex].textContent + ", " +
      region.options[region.selectedIndex].textContent;
    return consoleAction("console/alerts", body, (res) => {
      consoleState.alert = res.alert;
      consoleState.label = label + " (" + res.alert + ")";
    });
  }

  function changeAlert(action) {
    if (!consoleState.alert) return;
    const path = "console/alerts/" + encodeURIComponent(consoleState.alert) + "/" + action;
    return consoleAction(path, { cap: $("c-cap").checked });
  }

  function alertStatus() {
    if (!consoleState.alert) return;
    return consoleAction("console/alerts/" + encodeURIComponent(consoleState.alert));
  }

  function sendCampaign() {
    return consoleAction("console/campaigns", { region: $("c-region").value });
  }

  // localPath lets through only paths on this server, as the API's links
  // are ("/alerts/12.cap").
  function localPath(p) {
    return typeof p === "string" && p.startsWith("/") && !p.startsWith("//") ? p : null;
  }

  function link(href, text) {
    const a = el("a", "", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }

  function pretty(raw) {
    try { return JSON.stringify(raw, null, 2); } catch (_) { return String(raw); }
  }

  function showResult(res) {
    const box = $("c-result");
    box.replaceChildren();
    box.className = "console-result" + (res.ok ? "" : " failed");
    for (const c of res.calls) {
      const ok = c.status >= 200 && c.status < 300;
      const line = el("div", "call");
      line.append(el("span", "", c.method + " " + c.path + (c.content_type ? " (" + c.content_type + ")" : "") + " → "),
        el("span", ok ? "status-ok" : "status-bad", c.status + " " + c.status_text));
      box.appendChild(line);
      const a = c.answer;
      if (ok && a && typeof a === "object") {
        const parts = [];
        if (a.id !== undefined) parts.push("id " + a.id);
        if (a.msg_type) parts.push(a.msg_type);
        if (a.status) parts.push("status " + a.status);
        if (a.chain_id !== undefined && a.chain_id !== a.id) parts.push("alert " + a.chain_id);
        if (parts.length) box.appendChild(el("div", "", parts.join(" · ")));
        const d = a.delivery;
        if (d && typeof d === "object") {
          box.appendChild(el("div", "", "Delivery: " + d.recipients + " recipients · " + d.sent + " sent · " +
            d.pending + " pending · " + d.blocked + " blocked · " + d.failed + " failed"));
        }
      } else if (a && typeof a === "object") {
        box.appendChild(el("div", "problem", (a.detail || a.title || "") + (a.field ? " (field: " + a.field + ")" : "")));
      }
      if (c.body) {
        const sent = el("details");
        sent.append(el("summary", "", "What was sent"), el("pre", "", c.body));
        box.appendChild(sent);
      }
      const answer = el("details");
      answer.append(el("summary", "", "API answer"), el("pre", "", pretty(a)));
      box.appendChild(answer);
    }
    const links = el("div", "links");
    const l = res.links || {};
    if (localPath(l.cap)) links.appendChild(link(l.cap, "This version as CAP"));
    if (localPath(l.mirror)) links.appendChild(link(l.mirror, "Public mirror"));
    if (links.childNodes.length) box.appendChild(links);
    const first = res.calls.length ? res.calls[0] : null;
    if (res.ok && first && first.method === "POST" && first.path.startsWith("/api/v1/alerts")) {
      box.appendChild(el("div", "hint", "People who follow the region see it arrive in their chats; an update or withdrawal edits it there."));
    } else if (res.ok && first && first.path.startsWith("/api/v1/campaigns")) {
      box.appendChild(el("div", "hint", "The campaign goes to people in the region who have not muted campaigns, after any alerts."));
    }
  }

  // ---------- Start ----------

  document.addEventListener("DOMContentLoaded", () => {
    $("add-form").addEventListener("submit", (ev) => attempt(addPerson(ev)));
    $("add-group").addEventListener("click", () => attempt(addGroup()));
    $("composer").addEventListener("submit", submitText);
    $("start").addEventListener("click", () => attempt(sendText("/start")));
    $("send-sticker").addEventListener("click", () => sendMedia("sticker"));
    $("send-voice").addEventListener("click", () => sendMedia("voice"));
    $("send-photo").addEventListener("click", () => sendMedia("photo"));
    $("send-location").addEventListener("click", shareLocation);
    $("block").addEventListener("click", () => attempt(toggleBlock()));
    $("alert-form").addEventListener("submit", publishAlert);
    $("c-update").addEventListener("click", () => changeAlert("update"));
    $("c-withdraw").addEventListener("click", () => changeAlert("withdraw"));
    $("c-status").addEventListener("click", alertStatus);
    $("c-campaign").addEventListener("click", sendCampaign);
    listen();
    attempt(loadPeople());
    attempt(loadConsole());
  });
})();
