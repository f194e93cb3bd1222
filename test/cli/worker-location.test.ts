import { describe, expect, it } from 'vitest';
import { parseCatalogue } from '../../src/adapters/catalogue/catalogue.loader.ts';
import { openSqliteStore } from '../../src/adapters/stores/sqlite/sqlite.store.ts';
import { observationToJson } from '../../src/adapters/json/observation.json.ts';
import { observationPoint } from '../../src/adapters/stores/influx/influx.points.ts';
import { checkWorkerLocation, noteLocations } from '../../src/cli/commands/run-fleet.ts';
import type { Observation } from '../../src/domain/observation.ts';
import { options, SERVICE, yaml } from '../adapters/catalogue/catalogue.support.ts';

const FILE = yaml`
  version: kept/v1
  claims:
    - { id: chat-24-7, copy: "24/7 chat", publishedAt: https://x.invalid, owner: ops, channels: [chat], hours: 24/7,
        promise: { human: any }, target: absolute }
  probes:
    - { id: from-two, channel: chat-api, target: "http://127.0.0.1:1", schedule: { cron: "*/5 * * * *" },
        verifies: [chat-24-7], locations: [uk, us-east] }
`;

const loaded = parseCatalogue([SERVICE, { file: 'probes/case.yaml', text: FILE }], options());
const catalogue = loaded.ok ? loaded.catalogue : undefined;

describe('kept worker --location', () => {
  it("takes a location the catalogue's probes run from and refuses any other, saying which there are", () => {
    if (catalogue === undefined) throw new Error('the catalogue did not load');
    expect(() => checkWorkerLocation(catalogue, 'uk')).not.toThrow();
    expect(() => checkWorkerLocation(catalogue, 'us-east')).not.toThrow();
    expect(() => checkWorkerLocation(catalogue, 'default')).toThrow(
      '--location "default" is not a location of the catalogue\'s probes; they run from uk, us-east',
    );
    expect(() => checkWorkerLocation(catalogue, 'US East')).toThrow(
      '--location "US East" is not a location of the catalogue\'s probes (a location is lower-case letters, digits and dashes); they run from uk, us-east',
    );
  });
});

describe('a single-machine kept run with locations', () => {
  it('says once that it runs each probe once, from here; nothing when no probe names a location', () => {
    if (catalogue === undefined) throw new Error('the catalogue did not load');
    const said: [string, unknown][] = [];
    const log = { info: (m: string, f?: unknown) => said.push([m, f]), warn: () => undefined, error: () => undefined };
    noteLocations(catalogue, log);
    expect(said).toEqual([
      [
        'locations are for a fleet (--queue): this single-machine kept run runs each probe once, from here',
        { locations: 'uk, us-east', probes: 'from-two' },
      ],
    ]);
    said.length = 0;
    noteLocations({ ...catalogue, probes: catalogue.probes.map(({ locations: _l, ...p }) => p) }, log);
    expect(said).toEqual([]);
  });
});

describe("an observation's location", () => {
  const made: Observation = {
    id: '0190f1a2-0000-7000-8000-000000000001',
    probeId: 'from-two',
    kind: 'chat-api',
    startedAt: Date.UTC(2026, 11, 7, 9),
    outcome: 'answered',
    timings: { totalMs: 900, humanMs: 800 },
    humanReached: true,
    location: 'us-east',
    evidence: {},
  };

  it('is stored and read back by the SQLite store, and shown in its JSON only when it has one', async () => {
    const store = await openSqliteStore({ path: ':memory:' });
    try {
      const { location: _l, ...local } = made;
      const other = { ...local, id: '0190f1a2-0000-7000-8000-000000000002', startedAt: made.startedAt + 1 };
      await store.record(made, []);
      await store.record(other, []);
      const read = await store.observations({ from: 0, to: 8.64e15, limit: 10 });
      expect(read.find((o) => o.id === made.id)).toEqual(made);
      expect(read.find((o) => o.id === other.id)).toEqual(other);
      expect(observationToJson(made).location).toBe('us-east');
      expect('location' in observationToJson(other)).toBe(false);
      // InfluxDB: a tag (bounded by the catalogue's locations), beside the probe, kind and outcome.
      expect(observationPoint(made).tags).toEqual({
        probe: 'from-two',
        kind: 'chat-api',
        outcome: 'answered',
        location: 'us-east',
      });
      expect(observationPoint(other).tags).toEqual({ probe: 'from-two', kind: 'chat-api', outcome: 'answered' });
    } finally {
      await store.close();
    }
  });
});
