import { fixed } from './mention.ts';
import type { Rule } from './mention.ts';

const human = { family: 'human' } as const;

const ROLE = String.raw`(?:agents?|advis[eo]rs?|representatives?|reps|experts?|specialists?|engineers?|consultants?|nurses?|doctors?|vets?|pharmacists?|operators?|(?:claims\s+)?handlers?|account\s+managers?)`;

/** A person is promised: "a real person", "live agent", "speak to someone", a named role, or no machines. */
export const PEOPLE_RULES: readonly Rule[] = [
  fixed(
    'people.real-person',
    new RegExp(String.raw`\breal,?\s+(?:live\s+)?(?:persons?|people|humans?|voices?|staff|${ROLE})\b`, 'gi'),
    human,
  ),
  fixed('people.human', /\b(?:an?|to|by|with)\s+(?:live\s+)?human(?:\s+beings?)?\b|\bhumans\b|\bhuman beings?\b/gi, human),
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
