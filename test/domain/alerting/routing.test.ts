import { describe, expect, it } from 'vitest';
import { receiversFor, routingProblems } from '../../../src/domain/alerting/routing.ts';
import type { Receiver, Route } from '../../../src/domain/catalogue.ts';
import type { Claim } from '../../../src/domain/claim.ts';
import { always, claim } from '../builders.ts';

const receiver = (name: string): Receiver => ({ name, kind: 'webhook', url: `https://hooks.example/${name}` });
const receivers = ['pager', 'slack', 'audit'].map(receiver);
const routes: Route[] = [
  { owner: 'support-ops', receivers: ['pager', 'slack'] },
  { owner: '*', receivers: ['audit', 'slack'] },
  { owner: 'billing', receivers: ['pager'] },
];

describe('routes per claim owner', () => {
  it.each<[string, string, string[]]>([
    [
      'an owner gets its own receivers and the catch-all ones, each once, in order',
      'support-ops',
      ['pager', 'slack', 'audit'],
    ],
    ['an owner with no route of its own gets only the catch-all receivers', 'marketing', ['audit', 'slack']],
    ['a later route for an owner adds its receivers after earlier ones', 'billing', ['audit', 'slack', 'pager']],
  ])('%s', (_name, owner, expected) => {
    expect(receiversFor(owner, routes, receivers).map((r) => r.name)).toEqual(expected);
  });

  it('reports routes naming unknown receivers and owners no route covers', () => {
    const owned = (owner: string): Claim => ({ ...claim({ hours: always('UTC') }), owner });
    const problems = routingProblems({
      claims: [owned('support-ops'), owned('marketing')],
      receivers,
      routes: [{ owner: 'support-ops', receivers: ['pager', 'nobody'] }],
    });
    expect(problems.errors).toEqual(['route 1 (owner "support-ops") names receiver "nobody", which is not defined']);
    expect(problems.unrouted).toEqual(['marketing']);
  });
});
