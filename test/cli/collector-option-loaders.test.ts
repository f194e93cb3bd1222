import { describe, expect, it } from 'vitest';
import { COLLECTOR_OPTION_SCHEMAS } from '../../src/adapters/collectors/collector-factory.ts';
import { loadCollectorOptionSchemas } from '../../src/cli/collector-option-loaders.ts';
import { COLLECTOR_PLATFORMS } from '../../src/domain/population/collector-spec.ts';

describe('collector option schemas loaded on demand (kept validate)', () => {
  it('give each platform the very schema the collector factory checks with, and only the platforms asked for', async () => {
    const lazy = await loadCollectorOptionSchemas(COLLECTOR_PLATFORMS);
    expect([...lazy.keys()].sort()).toEqual([...COLLECTOR_PLATFORMS].sort());
    for (const platform of COLLECTOR_PLATFORMS) expect(lazy.get(platform)).toBe(COLLECTOR_OPTION_SCHEMAS[platform]);
    const one = await loadCollectorOptionSchemas(['prometheus', 'prometheus']);
    expect([...one.keys()]).toEqual(['prometheus']);
  });
});
