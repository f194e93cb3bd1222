import { fixed } from './mention.ts';
import type { Rule } from './mention.ts';

/** How and whom a customer reaches: channel wording, and wording that promises a person. */
const phone = { family: 'channel', channel: 'phone' } as const;
const chat = { family: 'channel', channel: 'chat' } as const;
const email = { family: 'channel', channel: 'email' } as const;

/** Channels as copy names them. "support", "customer service" and "we" name no channel: all three are meant. */
export const CHANNEL_RULES: readonly Rule[] = [
  fixed(
    'channel.phone',
    /\b(?:tele)?phones?\b|\bhot ?lines?\b|\bhelp ?lines?\b|\bfreephone\b|\btoll[\s-]free\b/gi,
    phone,
  ),
  fixed('channel.call', /\bcall(?:s|ing|ed)?\b|\bcall-?backs?\b|\bvoicemail\b|\bring us\b/gi, phone),
  // "lines open", "phone lines", "a 24/7 line"; never "online" (no word boundary there).
  fixed('channel.line', /\blines?\b/gi, phone),
  fixed('channel.pick-up', /\bpick(?:s|ed)? up\b|\bon hold\b|\bhold music\b/gi, phone),
  {
    id: 'channel.phone-number',
    pattern: /(?<![\w@.:/])\+?(?:\(\d{1,5}\)\s?)?\d[\d\s.\u2011-]{6,}\d(?![\w@])/g,
    read: (match) => ((match[0].match(/\d/g) ?? []).length >= 8 ? phone : null),
  },
  fixed('channel.chat', /\b(?:live[\s-]?|web[\s-]?|in-app\s|online\s)?chat(?:s|ting)?\b|\bwebchat\b/gi, chat),
  fixed(
    'channel.messaging',
    /\bmessenger\b|\bwhats ?app\b|\bfacebook\b|\bmessage us\b|\bin-app messag\w*|\bDM us\b/gi,
    chat,
  ),
  fixed('channel.email', /\be-?mail(?:s|ed|ing)?\b|\binbox\b/gi, email),
  fixed('channel.email-address', /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, email),
  fixed(
    'channel.ticket',
    /\btickets?\b|\b(?:web|contact|online) forms?\b|\bform submissions?\b|\bsecure messages?\b/gi,
    email,
  ),
  fixed('channel.bot', /\b(?:chat)?bots?\b|\b(?:virtual|AI|digital) (?:assistants?|agents?)\b/gi, { family: 'bot' }),
  fixed(
    'channel.service',
    /\bsupport\b|\bcustomer (?:service|care|support|relations)\b|\bcontact cent(?:re|er)s?\b|\b(?:help|service) ?desk\b/gi,
    { family: 'service' },
  ),
];

const human = { family: 'human' } as const;

const ROLE = String.raw`(?:agents?|advis[eo]rs?|representatives?|reps|experts?|specialists?|engineers?|consultants?|nurses?|doctors?|vets?|pharmacists?|operators?|(?:claims\s+)?handlers?|account\s+managers?)`;

/** A person is promised: "a real person", "live agent", "speak to someone", a named role, or no machines. */
export const PEOPLE_RULES: readonly Rule[] = [
  fixed(
    'people.real-person',
    new RegExp(String.raw`\breal,?\s+(?:live\s+)?(?:persons?|people|humans?|voices?|staff|${ROLE})\b`, 'gi'),
    human,
  ),
  fixed(
    'people.human',
    /\b(?:an?|to|by|with)\s+(?:live\s+)?human(?:\s+beings?)?\b|\bhumans\b|\bhuman beings?\b/gi,
    human,
  ),
  fixed('people.person', /\b(?:a|one|live)\s+person\b|\bpeople\b/gi, human),
  fixed('people.live-agent', new RegExp(String.raw`\blive\s+${ROLE}`, 'gi'), human),
  fixed('people.someone', /\bsome(?:one|body)\b/gi, human),
  // "virtual agent" and "AI agent" are bots (channel.bot), not people.
  fixed('people.role', new RegExp(String.raw`(?<!\b(?:virtual|AI|digital|automated)\s)\b${ROLE}\b`, 'gi'), human),
  fixed('people.team-member', /\b(?:a\s+)?member of (?:our|the) (?:\w+\s+)?team\b|\bteam members?\b/gi, human),
  // "no bots", "not a chatbot", "never use automated phone menus", "you won't find a chatbot here".
  fixed(
    'people.no-bots',
    /\b(?:no|not|never(?:\s+use)?|without|won[’']?t\s+find|zero)\s+(?:an?\s+|any\s+|more\s+)?(?:(?:chat)?bots?|robots?|AI|machines?|automated\s+(?:phone\s+)?(?:menus?|systems?|messages?|responses?|replies|lines?|options?)|automation|call[\s-]cent(?:re|er)\s+scripts?|scripts?|IVRs?|phone\s+trees?|press\s+1)\b/gi,
    human,
  ),
];
