import { describe, expect, it } from 'vitest';
import { channelOptionSchemas } from '../../src/cli/channel-options.ts';
import { optionSchemas } from '../../src/cli/channel-registry.ts';

describe('channel option schemas without the channels', () => {
  it('are the very schemas the channel registry checks and prepares with, for every kind it has', () => {
    const registry = optionSchemas();
    const light = channelOptionSchemas();
    expect([...light.keys()].sort()).toEqual([...registry.keys()].sort());
    for (const [kind, schema] of registry) expect(light.get(kind), kind).toBe(schema);
  });
});
