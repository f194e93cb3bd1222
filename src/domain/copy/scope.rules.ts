import { fixed } from './mention.ts';
import type { Rule } from './mention.ts';

const DASH = String.raw`[\s\-‐‑–]`;

/** Wording that makes a claim absolute: every attempt, every hour. The 24/7 family carries its own flag. */
export const ABSOLUTE_RULES: readonly Rule[] = [
  fixed(
    'absolute.every',
    /\bevery\s+(?:single\s+)?(?:support\s+)?(?:call|email|e-mail|message|enquiry|inquiry|request|question|chat|customer|ticket|time|complaint|query|one)s?\b/gi,
    { family: 'absolute' },
  ),
  fixed(
    'absolute.all',
    /\ball\s+(?:of\s+)?(?:our\s+|your\s+)?(?!other\b)(?:[a-z-]+\s+){0,2}?(?:calls|emails|e-mails|messages|enquiries|inquiries|requests|tickets|questions|chats|customers|complaints|queries)\b/gi,
    { family: 'absolute' },
  ),
  fixed('absolute.always', /\balways\b/gi, { family: 'absolute' }),
  fixed('absolute.never', /\bnever\b/gi, { family: 'absolute' }),
  fixed('absolute.guarantee', /\bguarantee[sd]?\b|\bwithout (?:fail|exception)\b/gi, { family: 'absolute' }),
];

/** Wording that turns a clause off or out of scope. */
export const SCOPE_RULES: readonly Rule[] = [
  fixed(
    'negation.not',
    /\bnot\b|\bcannot\b|\bno longer\b|\bunable\b|\bused to\b|\bneither\b|\bnor\b|\bunavailable\b|\bsuspended\b|n[’']t\b(?!\s+worry)/gi,
    { family: 'negation' },
  ),
  fixed('negation.closed', /\bclosed\b/gi, { family: 'closed' }),
  fixed('self-service.automated', /\bautomated\b|\bself[\s-]?service\b|\bIVR\b/gi, {
    family: 'self-service',
    automated: true,
  }),
  fixed(
    'self-service.online',
    /\bhelp\s?cent(?:re|er)s?\b|\bFAQs?\b|\bknowledge\s?base\b|\bportal\b|\bonline\b|\bmobile app\b|\b(?:in|via|on|with) (?:the|our) app\b|\btrack\b|\bmanage your\b|\bcheck your\b|\bpayments?\b|\bmeter readings?\b|\brenew\b|\bdownload\b|\bforums?\b|\bcommunity\b|\bdocs\b|\bdocumentation\b|\blockers?\b|\bhelp articles?\b|\bguides\b|\bstatus page\b/gi,
    { family: 'self-service', automated: false },
  ),
  fixed(
    'out-of-scope.not-contact',
    /\bstores?\b|\bbranch(?:es)?\b|\blounges?\b|\bnetwork\b|\bcheck-in\b|\bdeliver(?:y|ies)\b|\brefunds?\b|\breturns\b|\bairport\b|\bloans?\b|\buptime\b|\boffices? (?:is|are)\b|\bin person\b/gi,
    { family: 'out-of-scope' },
  ),
];

/** Praise that no probe can measure. */
export const PUFFERY_RULES: readonly Rule[] = [
  fixed('puffery.world-class', new RegExp(String.raw`\bworld${DASH}?class\b|\bworld${DASH}leading\b`, 'gi'), {
    family: 'puffery',
  }),
  fixed('puffery.award-winning', new RegExp(String.raw`\baward${DASH}?winning\b`, 'gi'), { family: 'puffery' }),
  fixed(
    'puffery.best-in-class',
    new RegExp(
      String.raw`\bbest${DASH}in${DASH}class\b|\bindustry${DASH}leading\b|\bsecond to none\b|\bfirst${DASH}class\b|\bunbeatable\b|\bunrivall?ed\b|\boutstanding\b|\bexceptional\b|\blegendary\b|\bexemplary\b|\b(?:five|5)${DASH}star\b|\bbest (?:customer )?(?:service|support)\b`,
      'gi',
    ),
    { family: 'puffery' },
  ),
  fixed(
    'puffery.we-care',
    /\bwe care\b|\b(?:truly |really |genuinely )?cares?\b(?= about| for|\.|,|$)|\bthat cares\b|\bwho care\b/gi,
    {
      family: 'puffery',
    },
  ),
  fixed(
    'puffery.friendly',
    /\bfriendly\b|\bhelpful\b|\breimagined\b|\bpersonal touch\b|\bwith a smile\b|\btop priority\b|\bnumber one priority\b/gi,
    { family: 'puffery' },
  ),
];

/** Speed without a number: no promise to measure. */
export const VAGUE_RULES: readonly Rule[] = [
  fixed(
    'vague.fast',
    new RegExp(
      String.raw`\b(?:fast|quick(?:ly)?|speedy|swift(?:ly)?|rapid(?:ly)?|prompt(?:ly)?|lightning${DASH}fast|snappy)\b`,
      'gi',
    ),
    { family: 'vague' },
  ),
  fixed(
    'vague.soon',
    /\bas soon as (?:possible|we can)\b|\basap\b|\bin no time\b|\bin (?:seconds|minutes)\b|\bwon[’']?t keep you waiting\b|\bwithout delay\b|\bno (?:long )?waits?\b/gi,
    { family: 'vague' },
  ),
];
