import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import { catalogueLocations, DEFAULT_LOCATION, probeLocations } from '../../../src/domain/catalogue.ts';
import { formatted, options, SERVICE, yaml } from './catalogue.support.ts';

const FILE = yaml`
  version: kept/v1
  claims:
    - { id: chat-24-7, copy: "24/7 chat", publishedAt: https://x.invalid, owner: ops, channels: [chat], hours: 24/7,
        promise: { human: any }, target: absolute }
  probes:
    - id: from-two
      channel: chat-api
      target: http://127.0.0.1:1
      schedule: { cron: "*/5 * * * *" }
      verifies: [chat-24-7]
      locations: [uk, us-east]
    - id: from-anywhere
      channel: chat-api
      target: http://127.0.0.1:1
      schedule: { cron: "*/5 * * * *" }
      verifies: [chat-24-7]
`;

describe('probe locations in the catalogue', () => {
  it('are kept as listed; a probe that names none runs from the one default location', () => {
    const result = parseCatalogue([SERVICE, { file: 'probes/case.yaml', text: FILE }], options());
    expect(formatted(result)).toEqual(['(loaded without problems)']);
    if (!result.ok) return;
    const [fromTwo, fromAnywhere] = result.catalogue.probes;
    expect(fromTwo?.locations).toEqual(['uk', 'us-east']);
    expect(fromAnywhere?.locations).toBeUndefined();
    expect(probeLocations(fromTwo ?? {})).toEqual(['uk', 'us-east']);
    expect(probeLocations(fromAnywhere ?? {})).toEqual([DEFAULT_LOCATION]);
    // The catalogue's locations: every value a `location` label may take, sorted.
    expect(catalogueLocations(result.catalogue.probes)).toEqual(['default', 'uk', 'us-east']);
  });
});
