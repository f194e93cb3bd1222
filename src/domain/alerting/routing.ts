import type { Catalogue, Receiver, Route } from '../catalogue.ts';

/** Every owner, in a route. */
export const ANY_OWNER = '*';

/**
 * The receivers a claim owner's alerts go to: every route for that owner or for `*`, in catalogue order, each receiver
 * once. Unknown receiver names are skipped here; `routingProblems` reports them at start-up.
 */
export function receiversFor(owner: string, routes: readonly Route[], receivers: readonly Receiver[]): Receiver[] {
  const byName = new Map(receivers.map((r) => [r.name, r]));
  const out: Receiver[] = [];
  const seen = new Set<string>();
  for (const route of routes) {
    if (route.owner !== owner && route.owner !== ANY_OWNER) continue;
    for (const name of route.receivers) {
      const receiver = byName.get(name);
      if (receiver === undefined || seen.has(name)) continue;
      seen.add(name);
      out.push(receiver);
    }
  }
  return out;
}

/**
 * What is wrong with a catalogue's routing, in sentences: routes naming receivers that do not exist (an error: alerts
 * would be lost) and claim owners no route covers (their breaches reach nobody).
 */
export function routingProblems(catalogue: Pick<Catalogue, 'claims' | 'routes' | 'receivers'>): {
  readonly errors: readonly string[];
  readonly unrouted: readonly string[];
} {
  const names = new Set(catalogue.receivers.map((r) => r.name));
  const errors: string[] = [];
  catalogue.routes.forEach((route, i) => {
    for (const name of route.receivers) {
      if (!names.has(name))
        errors.push(`route ${i + 1} (owner "${route.owner}") names receiver "${name}", which is not defined`);
    }
  });
  const owners = [...new Set(catalogue.claims.map((c) => c.owner))];
  const unrouted = owners.filter((owner) => receiversFor(owner, catalogue.routes, catalogue.receivers).length === 0);
  return { errors, unrouted };
}
