import type { MessageMarker } from './browser-chat.options.ts';

/** The name of the function the page calls back through (`page.exposeBinding`). */
export const BINDING = '__keptBrowserChat';

/** What the in-page observer needs: the message selectors and marker lists, all plain JSON. */
export interface ObserverConfig {
  readonly binding: string;
  readonly selector: string;
  /** Tried in order in each row; the first found is the text (none found and no name: the whole row). */
  readonly text?: readonly string[];
  readonly name?: readonly string[];
  readonly optionSelector?: string;
  /** Shadow hosts, each in the previous one's open shadow root: the chat's root. Without it, every open root. */
  readonly shadow?: readonly string[];
  readonly markers: Readonly<Record<MarkerGroup, readonly MessageMarker[]>>;
  /** Characters of one message's text reported; longer ones are cut with `cutText`'s marker (markers see it all). */
  readonly maxText: number;
  /** Messages whose text is reported; later ones are reported (timed, classified) with a short marker instead. */
  readonly maxMessages: number;
  /** A random value per attempt sent with every event: the page's own scripts can call the binding too. */
  readonly token: string;
}

export type MarkerGroup = 'ignore' | 'customer' | 'human' | 'bot' | 'system' | 'closed';

/** One event the page reports. `pageMs` is the page's own performance.now(), kept for diagnosis only. */
export type PageEvent =
  | {
      readonly type: 'message';
      readonly text: string;
      readonly name?: string;
      readonly flags: Readonly<Record<MarkerGroup, boolean>>;
      readonly pageMs: number;
    }
  | { readonly type: 'sent'; readonly via: string; readonly pageMs: number }
  | { readonly type: 'error'; readonly message: string };

/**
 * The observer installed in the chat's frame, as source text (so no bundler helper can leak into it). It reports
 * every new message element through the binding from inside a MutationObserver callback, i.e. in the same task as
 * the DOM change, and reports the moment the customer sends (the first click, Enter or submit after `arm()`).
 * A message is new when its element was not seen before and its text is not a re-render of one already reported:
 * the key is the text with its occurrence count, so a widget that rebuilds its whole list reports nothing twice,
 * while a bot saying the same thing again is a new message. Elements without text, or matching `ignore`, are
 * looked at again on the next change (a typing bubble that turns into a message is reported when it does).
 * Text is read with textContent, never innerText: innerText forces a layout on every change, which was seen to
 * delay the page's handling of the next message by ~10 ms; an element's text is read once, when it is reported.
 */
export const OBSERVER_SOURCE = String.raw`(config) => {
  const w = window;
  if (w.__keptChat) return 'already installed';
  const call = w[config.binding];
  const report = (event) => { try { call({ ...event, token: config.token }); } catch (e) { /* the probe is gone */ } };
  const clean = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  const compile = (list) => (list || []).map((m) => ({
    ...m,
    nameRe: m.name === undefined ? null : new RegExp(m.name, 'i'),
    textRe: m.text === undefined ? null : new RegExp(m.text, 'i'),
    matchesRe: m.matches === undefined ? null : new RegExp(m.matches, 'i'),
  }));
  const groups = {};
  for (const key of Object.keys(config.markers)) groups[key] = compile(config.markers[key]);
  // Text with a space between elements that are not inline formatting: a name with a badge reads "Ava Virtual
  // agent", not "AvaVirtual agent"; "<b>Hel</b>lo" stays one word.
  const INLINE = new Set(['B', 'I', 'EM', 'STRONG', 'A', 'CODE', 'U', 'S', 'MARK', 'SUB', 'SUP', 'SMALL', 'ABBR',
    'Q', 'KBD', 'VAR', 'TIME', 'DATA', 'BDI', 'BDO', 'WBR', 'FONT', 'DEL', 'INS']);
  const textOf = (node) => {
    let out = '';
    for (const child of node.childNodes) {
      if (child.nodeType === 3) out += child.nodeValue;
      else if (child.nodeType === 1) {
        if (child.tagName === 'SCRIPT' || child.tagName === 'STYLE') continue;
        const inner = textOf(child);
        out += INLINE.has(child.tagName) ? inner : ' ' + inner + ' ';
      }
    }
    return out;
  };
  const first = (el, list) => {
    for (const sel of list || []) { const found = el.querySelector(sel); if (found) return found; }
    return null;
  };
  // Every root to look in: the chat's root (the document, or the named shadow root) and the open shadow roots
  // inside it, however deep. Found again when nodes are added, and every 250 ms (a root attached later).
  const chatRoot = () => {
    let root = w.document;
    for (const host of config.shadow || []) {
      const el = root.querySelector(host);
      if (!el || !el.shadowRoot) return null;
      root = el.shadowRoot;
    }
    return root;
  };
  let roots = [];
  const observed = new Set();
  const collect = () => {
    const top = chatRoot();
    const found = [];
    const walk = (root) => {
      found.push(root);
      for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot);
    };
    if (top) walk(top);
    roots = found;
    for (const root of found) {
      if (observed.has(root)) continue;
      observed.add(root);
      if (mutations) mutations.observe(root, OBSERVE);
      if (root !== w.document) for (const type of ['click', 'keydown', 'submit']) root.addEventListener(type, onSend, true);
    }
  };
  const all = (sel) => roots.flatMap((root) => [...root.querySelectorAll(sel)]);
  const attrOf = (el, attr) => {
    const holder = el.closest('[' + CSS.escape(attr) + ']');
    return holder ? holder.getAttribute(attr) : null;
  };
  const test = (m, el, text, name) => {
    if (m.selector !== undefined) return el.matches(m.selector) || el.querySelector(m.selector) !== null;
    if (m.attribute !== undefined) {
      const value = attrOf(el, m.attribute);
      if (value === null) return false;
      if (m.equals !== undefined) return value === m.equals;
      return m.matchesRe ? m.matchesRe.test(value) : true;
    }
    if (m.named === true) return name !== undefined && name !== '';
    if (m.nameRe) return name !== undefined && m.nameRe.test(name);
    if (m.textRe) return m.textRe.test(text);
    return false;
  };
  const reported = new WeakMap();
  const seenKeys = new Set();
  let sent = 0;
  const cut = (text) => text.length <= config.maxText ? text
    : text.slice(0, config.maxText) + '… [cut: ' + text.length + ' characters, ' + config.maxText + ' kept]';
  // A row's text: the first text selector found in it; a row with none of them is read whole, unless it holds a
  // name (a bubble still being built: looked at again), so a system line with its own layout is kept.
  const readRow = (el) => {
    const nameEl = first(el, config.name);
    const name = nameEl ? clean(textOf(nameEl)) || undefined : undefined;
    if (!config.text) return { text: clean(textOf(el)), name };
    const textEl = first(el, config.text);
    if (textEl) return { text: clean(textOf(textEl)), name };
    return { text: nameEl ? '' : clean(textOf(el)), name };
  };
  const scan = (pageMs = performance.now()) => {
    let els;
    try { els = all(config.selector); } catch (e) { report({ type: 'error', message: String(e) }); return; }
    const counts = new Map();
    for (const el of els) {
      const known = reported.get(el);
      if (known !== undefined) {
        const occurrence = (counts.get(known) ?? 0) + 1;
        counts.set(known, occurrence);
        continue;
      }
      let row;
      try { row = readRow(el); } catch (e) { report({ type: 'error', message: String(e) }); return; }
      const { text, name } = row;
      if (text === '') continue;
      let flags;
      try {
        flags = {};
        for (const key of Object.keys(groups)) flags[key] = groups[key].some((m) => test(m, el, text, name));
      } catch (e) { report({ type: 'error', message: String(e) }); return; }
      if (flags.ignore) continue;
      const occurrence = (counts.get(text) ?? 0) + 1;
      counts.set(text, occurrence);
      const key = occurrence + '\u0000' + text;
      reported.set(el, text);
      if (seenKeys.has(key)) continue;
      seenKeys.add(key);
      sent += 1;
      const shown = sent <= config.maxMessages ? cut(text) : '[cut: a message beyond the first ' + config.maxMessages + ']';
      report({ type: 'message', text: shown, name: name === undefined ? undefined : cut(name).slice(0, 300), flags, pageMs });
    }
  };
  let armed = false;
  const onSend = (event) => {
    if (!armed || (event.type === 'keydown' && event.key !== 'Enter')) return;
    armed = false;
    report({ type: 'sent', via: event.type, pageMs: performance.now() });
  };
  for (const type of ['click', 'keydown', 'submit']) w.addEventListener(type, onSend, true);
  const visible = (el) => el.getClientRects().length > 0 && !el.disabled && el.getAttribute('aria-disabled') !== 'true';
  w.__keptChat = {
    arm: () => { armed = true; },
    disarm: () => { const was = armed; armed = false; return was; },
    options: () => {
      if (!config.optionSelector) return [];
      collect();
      const offered = all(config.optionSelector).filter(visible);
      if (offered.length === 0) return [];
      const owner = (el) => el.closest(config.selector);
      const last = owner(offered[offered.length - 1]);
      return offered.filter((el) => owner(el) === last).map((el) => clean(el.textContent));
    },
  };
  const OBSERVE = { subtree: true, childList: true, characterData: true, attributes: true };
  // The time is read first: finding new shadow roots is not part of the reply's interval.
  const mutations = new MutationObserver((records) => {
    const pageMs = performance.now();
    if (records.some((r) => r.addedNodes.length > 0)) collect();
    scan(pageMs);
  });
  mutations.observe(w.document, OBSERVE);
  observed.add(w.document);
  collect();
  setInterval(() => { const before = roots.length; collect(); if (roots.length !== before) scan(); }, 250);
  scan();
  return 'installed';
}`;

/**
 * Looks in one frame's document and every open shadow root in it for a visible sign that the chat is offline: an
 * element matching `selector`, or visible text matching `text` (an offline form's "Leave us a message", a "we're
 * closed" panel): the innermost element that matches, with its panel's text. Returns it (at most 300 characters).
 */
export const OFFLINE_SOURCE = String.raw`(config) => {
  const re = config.text ? new RegExp(config.text, 'i') : null;
  const clean = (s) => String(s ?? '').replace(/\s+/g, ' ').trim();
  const shown = (el) => {
    if (el.getClientRects().length === 0) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && style.opacity !== '0';
  };
  const roots = [];
  const walk = (root) => { roots.push(root); for (const el of root.querySelectorAll('*')) if (el.shadowRoot) walk(el.shadowRoot); };
  walk(document);
  for (const root of roots) {
    if (config.selector) for (const el of root.querySelectorAll(config.selector)) {
      if (shown(el)) return clean(el.innerText || el.textContent).slice(0, 300) || config.selector;
    }
  }
  if (!re) return null;
  // The innermost visible element whose text matches, widened to its panel (ancestors up to 200 characters).
  const text = (el) => clean(el.innerText);
  for (const root of roots) {
    for (const el of root.querySelectorAll('*')) {
      if (el.tagName === 'SCRIPT' || el.tagName === 'STYLE' || el.tagName === 'NOSCRIPT') continue;
      if (!re.test(text(el)) || [...el.children].some((child) => re.test(text(child))) || !shown(el)) continue;
      let panel = el;
      for (let up = panel.parentElement; up && up !== document.body && up !== document.documentElement; up = up.parentElement) {
        if (text(up).length > 200) break;
        panel = up;
      }
      return text(panel).slice(0, 300);
    }
  }
  return null;
}`;
