import type { MessageMarker } from './browser-chat.options.ts';

/** The name of the function the page calls back through (`page.exposeBinding`). */
export const BINDING = '__keptBrowserChat';

/** What the in-page observer needs: the message selectors and marker lists, all plain JSON. */
export interface ObserverConfig {
  readonly binding: string;
  readonly selector: string;
  readonly text?: string;
  readonly name?: string;
  readonly optionSelector?: string;
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
  const read = (el, sel) => {
    const node = sel ? el.querySelector(sel) : el;
    return node ? clean(node.textContent) : '';
  };
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
    if (m.nameRe) return name !== undefined && m.nameRe.test(name);
    if (m.textRe) return m.textRe.test(text);
    return false;
  };
  const reported = new WeakMap();
  const seenKeys = new Set();
  let sent = 0;
  const cut = (text) => text.length <= config.maxText ? text
    : text.slice(0, config.maxText) + '… [cut: ' + text.length + ' characters, ' + config.maxText + ' kept]';
  const scan = () => {
    const pageMs = performance.now();
    let els;
    try { els = w.document.querySelectorAll(config.selector); } catch (e) { report({ type: 'error', message: String(e) }); return; }
    const counts = new Map();
    for (const el of els) {
      const known = reported.get(el);
      if (known !== undefined) {
        const occurrence = (counts.get(known) ?? 0) + 1;
        counts.set(known, occurrence);
        continue;
      }
      const text = read(el, config.text);
      if (text === '') continue;
      const name = config.name ? read(el, config.name) || undefined : undefined;
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
      const offered = [...w.document.querySelectorAll(config.optionSelector)].filter(visible);
      if (offered.length === 0) return [];
      const owner = (el) => el.closest(config.selector);
      const last = owner(offered[offered.length - 1]);
      return offered.filter((el) => owner(el) === last).map((el) => clean(el.textContent));
    },
  };
  new MutationObserver(scan).observe(w.document, { subtree: true, childList: true, characterData: true, attributes: true });
  scan();
  return 'installed';
}`;
