import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../../src/adapters/catalogue/catalogue.loader.ts';
import { channelOptionSchemas } from '../../../../src/cli/channel-options.ts';
import { formatted, options, SERVICE, yaml } from '../../catalogue/catalogue.support.ts';

/** A browser-chat probe for the shadow-DOM page, with `selector` as its message selector (line 20). */
function catalogue(selector: string, step = 'text=Chat with us'): string {
  return yaml`
    version: kept/v1
    claims:
      - id: chat-answer
        copy: "We answer chats"
        publishedAt: https://example.org
        owner: support
        channels: [chat]
        hours: 24/7
        promise: { answered: true }
        target: absolute
    probes:
      - id: web-chat
        channel: browser-chat
        target: https://example.org/help
        schedule: { cron: "*/10 * * * *" }
        verifies: [chat-answer]
        options:
          message: Hello
          messages:
            selector: "${selector}"
            name: .who
          steps: [{ click: "${step}" }]
          shadow: [help-dock]
          composer: { input: input.compose }
          bot: [{ attribute: data-from, equals: bot }]
  `;
}

const load = (text: string): string[] =>
  formatted(parseCatalogue([SERVICE, { file: 'probes/web.yaml', text }], options({}, channelOptionSchemas())));

describe('kept validate checks the browser-chat selectors without a browser', () => {
  it('loads a probe whose selectors are valid, with no human markers (a person is a named sender not the bot)', () => {
    expect(load(catalogue('li.bubble'))).toEqual(['(loaded without problems)']);
  });

  it('reports an in-page selector that is not CSS at its file:line, naming the character', () => {
    expect(load(catalogue('li.bubble[data-from=bot'))).toEqual([
      'probes/web.yaml:20:19: probe "web-chat": "li.bubble[data-from=bot" is not a valid CSS selector at character 23: Expected end of attribute selector',
    ]);
  });

  it("reports a Playwright pseudo-class where the page's own CSS runs", () => {
    expect(load(catalogue('li:has-text(\\"Ava\\")'))).toEqual([
      'probes/web.yaml:20:19: probe "web-chat": "li:has-text(\"Ava\")" is not a valid CSS selector at character 12: Unknown pseudo-class: "has-text"',
    ]);
  });

  it('leaves Playwright engines in steps to Playwright, and checks their CSS parts', () => {
    expect(load(catalogue('li', 'help-dock >> button:has-text(\\"Chat\\")'))).toEqual(['(loaded without problems)']);
    expect(load(catalogue('li', 'help-dock >> button[type='))).toEqual([
      'probes/web.yaml:22:24: probe "web-chat": "button[type=" is not a valid CSS selector at character 12: Unexpected end of input',
    ]);
  });
});
