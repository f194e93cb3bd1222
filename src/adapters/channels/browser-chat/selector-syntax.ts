import { createParser } from 'css-selector-parser';

/**
 * Selector syntax checked without a browser, so `kept validate` names a bad selector with its file and line instead
 * of the probe turning `inconclusive` at run time. In-page selectors (messages, markers, shadow hosts, offline
 * panels) run in `querySelectorAll`, so they must be CSS a browser knows today; step and composer selectors go to
 * Playwright, whose own engines (`text=…`, `role=…`, `>>` chains, `:has-text()`) are left to it: only their plain
 * CSS parts are checked, for syntax.
 */
const inPage = createParser({ syntax: 'latest' });
const lenient = createParser({ syntax: 'progressive' });

/** Why `selector` is not CSS a browser runs in the page, or undefined when it is. */
export function cssProblem(selector: string): string | undefined {
  try {
    inPage(selector);
    return undefined;
  } catch (error) {
    return describe(selector, error);
  }
}

/** Engines Playwright reads before `=` (`text=Need help?`, `css=…`, `xpath=…`); such parts are not checked. */
const ENGINE = /^\s*[a-z][a-z0-9_-]*(:light)?\s*=/i;

/** Why `selector` is not a selector Playwright can read, checked part by part (`>>`); undefined when it may be. */
export function playwrightProblem(selector: string): string | undefined {
  for (const part of selector.split('>>')) {
    const text = part.trim();
    if (text === '') return `"${selector}": an empty part around ">>"`;
    if (ENGINE.test(text) || text.startsWith('/') || text.startsWith('"') || text.startsWith("'")) continue;
    try {
      lenient(text);
    } catch (error) {
      return describe(text, error);
    }
  }
  return undefined;
}

function describe(selector: string, error: unknown): string {
  const said = error instanceof Error ? error.message : String(error);
  const reason = said.replace(/^css-selector-parser parse error:\s*/, '').replace(/\s*Pos: \d+\.?$/, '');
  const pos = (error as { position?: unknown }).position;
  const where = typeof pos === 'number' ? ` at character ${pos + 1}` : '';
  return `"${selector}" is not a valid CSS selector${where}: ${reason.replace(/\.$/, '')}`;
}
