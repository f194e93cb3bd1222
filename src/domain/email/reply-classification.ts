import { deliveryStatuses, hasHeader, headerValue, type MailMessage } from './mail-message.ts';
import { replyText } from './reply-text.ts';

/**
 * - human: a person wrote it (also a personal holding reply, or an agent's answer relayed by a helpdesk);
 * - auto-reply: an automatic acknowledgement, out-of-office or vacation reply;
 * - bounce: the mail was not delivered (a failed DSN, an NDR): the outcome becomes `rejected`;
 * - delivery-notice: a delay warning or a delivery/read report: neither a response nor a refusal.
 */
export type ReplyLabel = 'human' | 'auto-reply' | 'bounce' | 'delivery-notice';

export interface ReplyClassification {
  readonly label: ReplyLabel;
  /** Why, as short phrases with their weight, e.g. "auto-submitted: auto-replied (+5)". Shown in the evidence. */
  readonly signals: readonly string[];
}

interface Rule {
  readonly name: string;
  readonly weight: number;
  readonly test: RegExp;
}

const DAEMON_SENDER =
  /^(mailer-daemon|postmaster|mail-daemon|mdaemon|bounce[s]?)(@|$)|^microsoftexchange[0-9a-f]{20,}@/i;
const DAEMON_NAME = /^(mail delivery (system|subsystem|service)|microsoft outlook|mailer-daemon)$/i;
const BOUNCE_SUBJECT =
  /^(undeliverable|undelivered mail returned to sender|mail delivery failed|returned mail\b|failure notice|delivery status notification \(failure\)|delivery failure|message not delivered|delivery has failed|non[- ]delivery|could not be delivered|delivery status notification: (error|failed|failure))/i;
const DELAY_SUBJECT =
  /(\bdelay(ed)?\b|warning: could not send message for past|still being retried|delivery status notification \(delay\))/i;

const SUBJECT_RULES: readonly Rule[] = [
  {
    name: 'auto-reply subject',
    weight: 2,
    test: /^(\[?auto(matic|matische)?[ -]?(reply|response|antwort)\]?|autoreply|out of (the )?office|ooo\b|abwesen|réponse automatique|absence|away:|on vacation|vacation reply)/i,
  },
  {
    name: 'acknowledgement subject',
    weight: 2,
    test: /\b(request|ticket|case|message|e-?mail|enquiry|inquiry) (received|created|logged|opened|submitted)\b/i,
  },
  { name: 'acknowledgement subject', weight: 2, test: /\bwe('ve| have) (received|got) your\b/i },
];

const AUTO_PHRASES: readonly Rule[] = [
  {
    name: 'says it is automated',
    weight: 2,
    test: /\b(an? )?(automated|auto-?generated|automatically generated|automatic) (message|response|reply|e-?mail|notification|acknowledge?ment|confirmation)\b/i,
  },
  {
    name: 'says not to reply',
    weight: 1,
    test: /\b(please )?do not reply( directly)? to this (e-?mail|message)\b|\bthis (mailbox|address|inbox) is not monitored\b/i,
  },
  {
    name: 'confirms receipt',
    weight: 1,
    test: /\b(we('ve| have)|I('ve| have)) (successfully )?received your (e-?mail|message|request|enquiry|inquiry|query|ticket|support request)\b|\byour (support )?(request|ticket|case|incident|enquiry|inquiry|message)( [A-Z]*\(?#?[\w-]*\d[\w-]*\)?| (number|no\.?|id) \S+)? has been (received|created|logged|opened|submitted|registered|forwarded)\b|\ba (support )?ticket has been (created|opened|logged)\b/i,
  },
  {
    name: 'promises a later reply',
    weight: 2,
    test: /\b(a|one of our|the next available) ((member|members) of (our|the) (\w+ )?team|(support |customer |service )?(agent|representative|specialist|advisor|adviser)s?|team members?)( \w+)? will\b/i,
  },
  {
    name: 'promises a later reply',
    weight: 2,
    test: /\b(we|our (\w+ )?team) (will|'ll|aim to|try to|endeavou?r to|strive to) (get back to|respond to|reply to|be in touch with|contact) you\b/i,
  },
  {
    name: 'ticket reference',
    weight: 1,
    test: /\b(ticket|case|reference|request|tracking) (number|no\.?|id|#)\s*[:#]?\s*[\w-]*\d/i,
  },
  {
    name: 'out of office',
    weight: 2,
    test: /\b(I am|I'm|I will be|I'll be) (currently )?(out of (the )?office|away( from (the office|my desk))?|on (annual |parental |sick )?leave|on vacation|on holiday|travell?ing|not in the office)\b/i,
  },
  {
    name: 'out of office',
    weight: 2,
    test: /\bwith limited access to (e-?mail|my (e-?mail|inbox))\b|\b(upon|on|after) my return\b|\buntil I return\b/i,
  },
  {
    name: 'helpdesk template',
    weight: 1,
    test: /\b(type your )?reply above this line\b|\bto (add|view) (additional )?comments?\b|\b(view|check|track) the (status|progress) of (your|this) (ticket|request|case|incident)\b/i,
  },
];

const HUMAN_PHRASES: readonly Rule[] = [
  {
    name: 'writes in the first person',
    weight: 1,
    test: /\bI(?:'ve| have| had|'ll| will|'d| can| just| checked| looked| see| refunded| updated| fixed| sent| spoke| asked| found| noticed| understand| apologi[sz]e)\b/,
  },
  {
    name: 'an agent comment relayed by a helpdesk',
    weight: 2,
    test: /^\s*[\p{Lu}][\p{L}'’-]+(?: [\p{Lu}][\p{L}'’-]+){0,2} (commented|replied|responded|wrote a reply)( \([^)]*\))?:?\s*$/mu,
  },
];

const CLOSING =
  /^(best|best regards|best wishes|kind regards|regards|warm regards|many thanks|thanks|thank you|cheers|sincerely|all the best|take care|speak soon)[,.!]?$/i;
const NOT_A_PERSON =
  /\b(team|support|service|services|care|desk|helpdesk|department|customer|customers|no-?reply|center|centre|operations|billing|inc|ltd|llc|gmbh)\b/i;

/** A closing line followed by a short name line that is not a team: the reply is signed by a person. */
function signedByPerson(fresh: string): boolean {
  const lines = fresh
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.some((line, i) => {
    const next = lines[i + 1];
    return (
      CLOSING.test(line) &&
      next !== undefined &&
      next.split(/\s+/).length <= 4 &&
      /^\p{Lu}/u.test(next) &&
      !NOT_A_PERSON.test(next)
    );
  });
}

function bounceOrNotice(message: MailMessage, signals: string[]): ReplyLabel | undefined {
  const type = message.contentType;
  if (type.startsWith('multipart/report') && /report-type="?disposition-notification/.test(type)) {
    signals.push('a read or disposition report');
    return 'delivery-notice';
  }
  const subject = message.subject.trim();
  const dsn = message.parts.some(
    (p) => p.contentType === 'message/delivery-status' || p.contentType === 'message/global-delivery-status',
  );
  if ((type.startsWith('multipart/report') && /report-type="?delivery-status/.test(type)) || dsn) {
    const actions = deliveryStatuses(message).map((s) => s.action ?? 'failed');
    if (actions.includes('failed') || (actions.length === 0 && !DELAY_SUBJECT.test(subject))) {
      signals.push(`a delivery status notification: ${actions.join(', ') || 'failed'}`);
      return 'bounce';
    }
    signals.push(`a delivery status notification: ${actions.join(', ') || 'delayed'}`);
    return 'delivery-notice';
  }
  if (hasHeader(message, 'x-failed-recipients')) {
    signals.push('X-Failed-Recipients header');
    return 'bounce';
  }
  const sender = message.from;
  const fromDaemon =
    sender !== undefined && (DAEMON_SENDER.test(sender.address) || DAEMON_NAME.test(sender.name.trim()));
  const nullSender = headerValue(message, 'return-path') === '<>';
  if (fromDaemon || nullSender) {
    if (DELAY_SUBJECT.test(subject) && !BOUNCE_SUBJECT.test(subject)) {
      signals.push('a delay warning from a mail system');
      return 'delivery-notice';
    }
    if (
      BOUNCE_SUBJECT.test(subject) ||
      /\b(could not be delivered|wasn't able to deliver|permanent (error|failure)|user unknown|no such user|mailbox unavailable)\b/i.test(
        message.text,
      )
    ) {
      signals.push(`a non-delivery report from ${fromDaemon ? 'a mail system' : 'the null sender'}`);
      return 'bounce';
    }
  }
  return undefined;
}

function headerSignals(message: MailMessage, add: (name: string, weight: number) => void): boolean {
  const autoSubmitted = headerValue(message, 'auto-submitted')?.toLowerCase();
  if (autoSubmitted !== undefined && !autoSubmitted.startsWith('no')) {
    if (autoSubmitted.startsWith('auto-replied')) {
      add('auto-submitted: auto-replied', 5);
      return true;
    }
    add(`auto-submitted: ${autoSubmitted.split(/[\s;(]/)[0] ?? autoSubmitted}`, 2);
  }
  for (const name of [
    'x-autoreply',
    'x-autorespond',
    'x-autoresponder',
    'x-autoreply-from',
    'x-mail-autoreply',
    'x-autogenerated',
  ]) {
    if (hasHeader(message, name) && !/^(no|false)$/i.test(headerValue(message, name) ?? '')) {
      add(`${name} header`, 5);
      return true;
    }
  }
  const precedence = (headerValue(message, 'precedence') ?? headerValue(message, 'x-precedence'))?.toLowerCase();
  if (precedence === 'auto_reply') {
    add('precedence: auto_reply', 5);
    return true;
  }
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list') add(`precedence: ${precedence}`, 1);
  if (hasHeader(message, 'x-auto-response-suppress')) add('x-auto-response-suppress header', 1);
  if (message.from !== undefined && /^(no-?reply|do-?not-?reply|noreply-)/i.test(message.from.address))
    add('sent from a no-reply address', 1);
  return false;
}

/**
 * Classifies a reply to the probe's mail. Bounces and delivery notices are recognised first (DSN structure, mail
 * system senders, X-Failed-Recipients). An RFC 3834 `Auto-Submitted: auto-replied`, `X-Autoreply`/`X-Autorespond` or
 * `Precedence: auto_reply` makes it an auto-reply outright; otherwise weaker header, subject and content signals are
 * weighed against signs of a person (first person, a personal signature, a quoted original, an agent's comment relayed
 * by a helpdesk): auto-reply when the automatic side has at least 2 points and more than the human side.
 */
export function classifyReply(message: MailMessage): ReplyClassification {
  const signals: string[] = [];
  const notice = bounceOrNotice(message, signals);
  if (notice !== undefined) return { label: notice, signals };
  let auto = 0;
  let human = 0;
  const addAuto = (name: string, weight: number): void => {
    auto += weight;
    signals.push(`${name} (+${weight})`);
  };
  if (headerSignals(message, addAuto)) return { label: 'auto-reply', signals };
  const seen = new Set<string>();
  const apply = (rules: readonly Rule[], text: string, add: (name: string, weight: number) => void): void => {
    for (const rule of rules) {
      if (seen.has(rule.name) || !rule.test.test(text)) continue;
      seen.add(rule.name);
      add(rule.name, rule.weight);
    }
  };
  // A subject starting "Re:" repeats the earlier message's subject (perhaps an acknowledgement's): it says nothing here.
  if (!/^\s*(re|aw|sv|antw)\s*:/i.test(message.subject)) apply(SUBJECT_RULES, message.subject, addAuto);
  const reply = replyText(message.text);
  apply(AUTO_PHRASES, reply.fresh, addAuto);
  const addHuman = (name: string, weight: number): void => {
    human += weight;
    signals.push(`${name} (-${weight})`);
  };
  apply(HUMAN_PHRASES, reply.fresh, addHuman);
  if (signedByPerson(reply.fresh)) addHuman('signed by a person', 1);
  if (reply.quotesOriginal) addHuman('quotes the original', 1);
  return { label: auto >= 2 && auto > human ? 'auto-reply' : 'human', signals };
}
