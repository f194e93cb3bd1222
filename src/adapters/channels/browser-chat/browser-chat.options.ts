import { z } from 'zod';
import { placeholdersOf } from '../chat-api/chat-template.ts';
import { cssProblem, playwrightProblem } from './selector-syntax.ts';

/** Placeholders the message, the escalation phrases and form values may use. */
export const TEXT_VARS = ['runId', 'probeId', 'persona', 'email'] as const;

function checkPlaceholders(value: string, ctx: z.RefinementCtx): void {
  for (const name of placeholdersOf(value)) {
    if (!(TEXT_VARS as readonly string[]).includes(name)) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown placeholder {${name}}; use one of ${TEXT_VARS.map((n) => `{${n}}`).join(' ')}`,
      });
    }
  }
}

const template = z.string().superRefine(checkPlaceholders);
const checked = (problem: (value: string) => string | undefined) => (value: string, ctx: z.RefinementCtx) => {
  const said = problem(value);
  if (said !== undefined) ctx.addIssue({ code: 'custom', message: said });
};
const selector = z
  .string()
  .min(1)
  .superRefine(checked(playwrightProblem))
  .describe('a CSS selector (Playwright selectors such as text=… work too)');
/** Selectors that run inside the page (`querySelectorAll`): CSS only, checked at validate. */
const cssSelector = z
  .string()
  .min(1)
  .superRefine(checked(cssProblem))
  .describe('a CSS selector (run inside the page: CSS only)');
const regex = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    try {
      new RegExp(value, 'i');
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(error as Error).message}` });
    }
  })
  .describe('a regular expression, matched case-insensitively');

const inFrame = { frame: selector.optional().describe('run this step inside the iframe matching this selector') };

const step = z
  .union([
    z.strictObject({
      goto: z.string().min(1).describe('open this URL (default: the probe target, opened before the first step)'),
    }),
    z.strictObject({
      click: selector.describe('click this element'),
      launcher: z
        .boolean()
        .optional()
        .describe('this click opens the chat (default: the first click step): its element missing = chat offline'),
      ...inFrame,
    }),
    z.strictObject({
      fill: selector.describe('fill this input'),
      value: template.describe('what to fill in; {persona} {email} {runId} {probeId}'),
      ...inFrame,
    }),
    z.strictObject({
      select: selector.describe('choose in this <select>'),
      value: z.string().describe('the option value or label'),
      ...inFrame,
    }),
    z.strictObject({ check: selector.describe('tick this checkbox'), ...inFrame }),
    z.strictObject({
      press: z.string().min(1).describe('a key, e.g. Enter'),
      on: selector.describe('the element that gets the key'),
      ...inFrame,
    }),
    z.strictObject({ waitFor: selector.describe('wait until this element is visible'), ...inFrame }),
  ])
  .describe(
    'one widget step: goto | click | fill+value | select+value | check | press+on | waitFor, optionally in a frame',
  );

const MARKER_KINDS = ['selector', 'attribute', 'name', 'text', 'named'] as const;

const marker = z
  .strictObject({
    selector: cssSelector.optional().describe('the message element matches this selector or contains a match'),
    attribute: z
      .string()
      .min(1)
      .optional()
      .describe('an attribute of the message element (or its nearest ancestor that has it)'),
    equals: z.string().optional().describe('with attribute: the value equals this'),
    matches: regex.optional().describe('with attribute: the value matches this regular expression'),
    name: regex.optional().describe("the sender's name (see messages.name) matches this regular expression"),
    text: regex.optional().describe("the message's text matches this regular expression"),
    named: z
      .literal(true)
      .optional()
      .describe('the message has a sender name (read with messages.name): with bot markers, a person'),
  })
  .superRefine((m, ctx) => {
    const kinds = MARKER_KINDS.filter((kind) => m[kind] !== undefined);
    if (kinds.length !== 1)
      ctx.addIssue({ code: 'custom', message: `a marker needs exactly one of ${MARKER_KINDS.join(', ')}` });
    const tests = [m.equals, m.matches].filter((t) => t !== undefined).length;
    if (m.attribute === undefined && tests > 0)
      ctx.addIssue({ code: 'custom', message: 'equals and matches go with attribute' });
    if (tests > 1)
      ctx.addIssue({ code: 'custom', message: 'an attribute marker takes at most one of equals, matches' });
  })
  .describe(
    'a test on one message element: { selector } | { attribute, equals? | matches? } | { name } | { text } | { named }',
  );

const markers = z.array(marker);
/** One selector, or several tried in order in each row (the first that matches in it is used). */
const rowSelectors = z.union([cssSelector, z.array(cssSelector).min(1)]);

/** Texts that mean the chat is not staffed: an offline form, a "we're closed" panel (case-insensitive). */
export const DEFAULT_OFFLINE_TEXT = [
  'leave (us )?a message',
  "(we|chat|support|team|agents?)(’|'re| are| is)( currently| now)? (closed|offline|unavailable|away)",
  'outside (of )?(our )?(business|opening|office|support) hours',
  'no (one|agents?|operators?) (is |are )?(currently )?(available|online)',
  'chat is (currently )?(closed|offline|unavailable)',
].join('|');

const schema = z
  .strictObject({
    message: template
      .min(1)
      .describe('what the customer writes first; {persona} {email} {runId} {probeId} are filled in'),
    persona: z.string().min(1).default('Sam Taylor').describe('the customer name the probe plays'),
    email: template
      .min(1)
      .default('kept-probe+{runId}@example.invalid')
      .describe('the e-mail address the probe gives in forms'),
    steps: z
      .array(step)
      .default([])
      .describe('what the customer does before writing: open the launcher, fill the pre-chat form'),
    frame: selector.optional().describe('the chat (composer and messages) lives in the iframe matching this selector'),
    shadow: z
      .array(cssSelector)
      .min(1)
      .optional()
      .describe(
        'the chat lives in the open shadow root of the element matching the first selector (in the page or frame), ' +
          'then of the one matching the next inside that root; without it every open shadow root is observed',
      ),
    composer: z
      .strictObject({
        input: selector.describe('where the customer types'),
        send: selector.optional().describe('the send button; without it the probe presses Enter in the input'),
        typeDelayMs: z
          .number()
          .int()
          .min(0)
          .max(500)
          .default(0)
          .describe('0: fill the input at once; more: type key by key with this pause'),
      })
      .describe('how the customer writes'),
    messages: z
      .strictObject({
        selector: cssSelector.describe('every message element of the conversation, e.g. ".chat-log > li"'),
        text: rowSelectors
          .optional()
          .describe(
            "the message's text inside it, the first of these found in the row (a row with none of them and " +
              "no name, e.g. a system line, is read whole; default: the element's whole text)",
          ),
        name: rowSelectors
          .optional()
          .describe("the sender's name inside it, the first of these found in the row (name markers, transcript)"),
        ignore: markers.default([]).describe('elements that are not messages: typing indicators, date separators'),
        customer: markers
          .default([])
          .describe(
            "the customer's own messages; a message holding what the probe typed (plus a short status such as " +
              '"Sending…") counts as its own anyway',
          ),
      })
      .describe('how to read the conversation'),
    human: markers
      .min(1)
      .optional()
      .describe(
        'a response is from a human when any of these matches (bot markers are tested first); without it a ' +
          'person is any named sender that is not the bot, and unnamed lines are system lines',
      ),
    bot: markers
      .optional()
      .describe('a response is from a bot when any matches; without it every non-human response is'),
    offline: z
      .strictObject({
        text: z
          .union([regex, z.literal(false)])
          .default(DEFAULT_OFFLINE_TEXT)
          .describe('visible text meaning the chat is offline (an offline form, a closed panel); false: none'),
        selector: cssSelector.optional().describe('an element whose presence, visible, means the chat is offline'),
        missingLauncher: z
          .enum(['rejected', 'inconclusive'])
          .default('rejected')
          .describe('when the launcher step finds no launcher on the page: the chat is off (rejected), or ours'),
      })
      .default({ text: DEFAULT_OFFLINE_TEXT, missingLauncher: 'rejected' })
      .describe(
        'how the page says the chat is offline; checked when a step, the composer or the wait for a reply fails',
      ),
    system: markers.default([]).describe('notices ("Priya joined") kept in the transcript, not counted as responses'),
    closed: markers.default([]).describe('notices meaning the service ended or refused the chat'),
    waitForHuman: z
      .boolean()
      .default(true)
      .describe('after a bot response, keep going until a human answers or the time-out'),
    escalation: z
      .strictObject({
        phrases: z
          .array(template.min(1))
          .default([])
          .describe('what the customer writes to ask for a person, one per bot reply'),
        options: z
          .strictObject({
            selector: cssSelector.describe('quick-reply buttons the bot offers'),
            matches: regex.describe(
              'click an offered button whose label matches this (each label once), before writing phrases',
            ),
          })
          .optional()
          .describe('quick-reply buttons to click to reach a person, tried before the phrases are written'),
        handoff: regex
          .optional()
          .describe('a bot message matching this means a person is on the way: stop asking, wait'),
        settleMs: z
          .number()
          .int()
          .min(0)
          .max(60_000)
          .default(500)
          .describe("quiet after the bot's last message before the next request"),
      })
      .default({ phrases: [], settleMs: 500 })
      .describe('how the customer asks for a person after the bot answers'),
    deadEnd: z
      .strictObject({
        repeats: z
          .number()
          .int()
          .min(2)
          .max(20)
          .default(2)
          .describe('the same bot reply, or the same options, this many times after asking = dead end'),
      })
      .default({ repeats: 2 })
      .describe('when to give up: the bot repeating itself or looping through the same options'),
    viewport: z
      .strictObject({
        width: z.number().int().min(200).max(4000).describe('window width in CSS pixels, 200 to 4000 (default 1280)'),
        height: z.number().int().min(200).max(4000).describe('window height in CSS pixels, 200 to 4000 (default 800)'),
      })
      .default({ width: 1280, height: 800 })
      .describe('browser window size'),
    stepTimeoutMs: z
      .number()
      .int()
      .min(100)
      .max(120_000)
      .default(10_000)
      .describe('real ms each step and page load may take'),
    screenshot: z
      .enum(['on-failure', 'always', 'never'])
      .default('on-failure')
      .describe('when to keep a PNG of the page'),
    limits: z
      .strictObject({
        messageChars: z
          .number()
          .int()
          .min(100)
          .max(1_048_576)
          .default(65_536)
          .describe(
            'characters of one message reported by the page and kept (cut with a marker; the message still counts)',
          ),
        messages: z
          .number()
          .int()
          .min(10)
          .max(100_000)
          .default(1_000)
          .describe(
            'messages whose text the page reports; later ones are still timed and classified, their text not kept',
          ),
      })
      .default({ messageChars: 65_536, messages: 1_000 })
      .describe('how much of the transcript the page reports; every cut is recorded in evidence.truncated'),
  })
  .superRefine((options, ctx) => {
    if (options.human === undefined && options.messages.name === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['messages', 'name'],
        message: 'without human markers a person is a named sender: give messages.name (or human markers)',
      });
    }
    if (options.human === undefined && options.bot === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['bot'],
        message: 'without human markers a person is a named sender that is not the bot: give bot markers',
      });
    }
    if (
      options.escalation.options === undefined &&
      options.escalation.phrases.length === 0 &&
      options.escalation.handoff !== undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['escalation', 'handoff'],
        message: 'handoff needs phrases or options to ask with',
      });
    }
  })
  .describe('browser-chat probe options');

export type BrowserChatOptions = z.output<typeof schema>;
export type WidgetStep = BrowserChatOptions['steps'][number];
export type MessageMarker = z.output<typeof marker>;

/** Validates `probe.options` of a browser-chat probe; the catalogue loader reports its issues with file and line. */
export const browserChatOptionsSchema: z.ZodType<BrowserChatOptions> = schema;
