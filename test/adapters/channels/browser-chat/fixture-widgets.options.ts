/** Catalogue options for the widget pages in test/fixtures/widgets, as a user would write them for each page. */

const ask = {
  phrases: ['Can I talk to a person, please?'],
  handoff: 'finding a colleague',
  settleMs: 150,
};

/** The shadow-DOM widget: composer in `help-dock`'s open shadow root, the thread in a nested one. */
export const shadowWidgetOptions = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  message: 'Hi, my last bill was charged twice ({runId}).',
  steps: [{ click: 'text=Chat with us' }],
  shadow: ['help-dock'],
  composer: { input: 'input.compose', send: 'button.send' },
  messages: { selector: 'li.bubble', name: '.who' },
  human: [{ attribute: 'data-from', equals: 'agent' }],
  bot: [{ attribute: 'data-from', equals: 'bot' }],
  system: [{ attribute: 'data-from', equals: 'system' }],
  escalation: ask,
  ...extra,
});

/** The badge-only widget: a person is any named sender that is not the bot (no human markers at all). */
export const badgeWidgetOptions = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  message: 'Hello, a card payment I did not make is on my statement ({runId}).',
  steps: [{ click: '#talk-open' }],
  composer: { input: '#msg' },
  messages: { selector: 'ol.feed > li', text: '.tx', name: '.nm' },
  bot: [{ selector: '.badge' }],
  escalation: ask,
  ...extra,
});

/** The offline-capable widget, with the steps and composer of its open chat (what a user writes on a good day). */
export const offlineWidgetOptions = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  message: 'Where is my parcel? ({runId})',
  steps: [
    { click: '#chat-bubble' },
    { fill: '#who input[name=name]', value: '{persona}' },
    { click: '#who button[type=submit]' },
    { waitFor: '#chat-input' },
  ],
  composer: { input: '#chat-input', send: '#chat-send' },
  messages: { selector: '#lines > .line', customer: [{ selector: '.me' }] },
  human: [{ selector: '.agent' }],
  bot: [{ selector: '.bot' }],
  system: [{ selector: '.system' }],
  escalation: ask,
  stepTimeoutMs: 1_500,
  ...extra,
});
