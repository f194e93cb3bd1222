import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../../src/domain/copy/extract-claims.ts';
import type { ExtractedClaim } from '../../../src/domain/copy/extracted-claim.ts';

const summary = (c: ExtractedClaim): string =>
  c.unmeasurable !== null ? c.unmeasurable : `${c.channels.join('+')} ${c.hours.kind} ${c.promise?.kind ?? 'none'}`;

describe('several claims in one sentence', () => {
  it.each<[string, string, string[]]>([
    [
      'a bot around the clock and agents in office hours',
      'Chat with our bot 24/7, agents 9-5.',
      ['chat always answered', 'chat weekly human'],
    ],
    [
      'phone hours and chat hours',
      'Phone lines are open Mon-Fri 8am-8pm, live chat 24/7.',
      ['phone weekly answered', 'chat always answered'],
    ],
    [
      'phone at all hours, email within a day',
      'Call us 24/7, or email us and we reply within 24 hours.',
      ['phone always answered', 'email unstated reply'],
    ],
    [
      'an emergency line beside office hours',
      'Customer service is open Mon-Fri 9-5; our 24/7 line is for emergencies only.',
      ['chat+phone+email weekly answered', 'phone always answered'],
    ],
    [
      'self-service beside a staffed phone line',
      'Track your order 24/7 online, or call us Mon-Fri 9-5.',
      ['self-service', 'phone weekly answered'],
    ],
    [
      'praise beside a measurable promise',
      'Our award-winning team answers calls within 60 seconds.',
      ['puffery', 'phone unstated first-response'],
    ],
  ])('%s', (_name, copy, expected) => {
    expect(extractClaims(copy).map(summary)).toEqual(expected);
  });

  it('joins a clause that only adds a person to the claim before it', () => {
    expect(extractClaims('Call us any time – a real person will answer.').map(summary)).toEqual(['phone always human']);
  });

  it('numbers claims in order of appearance', () => {
    const claims = extractClaims('Live chat 24/7. Phone lines open 9-5. Email replies within a day.');
    expect(claims.map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
    expect(claims.map((c) => c.span.start)).toEqual([...claims.map((c) => c.span.start)].sort((a, b) => a - b));
  });
});

describe('claims over several sentences', () => {
  it('lets a label sentence name the channel of the sentences under it', () => {
    const claims = extractClaims('Hotline: 0800 400 500. Open 7am–11pm, seven days a week.');
    expect(claims.map(summary)).toEqual(['phone weekly answered']);
    expect(claims[0]?.because).toContain('channels.inherited: names none, takes "Hotline, 0800 400 500"');
  });

  it('counts a promise said twice in a row once', () => {
    const claims = extractClaims('No chatbots. No ticket queues. Just humans who know the product.');
    expect(claims.map(summary)).toEqual(['chat+phone+email unstated human']);
    expect(claims[0]?.span.text).toBe('No chatbots. No ticket queues. Just humans');
  });
});
