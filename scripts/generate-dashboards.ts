/**
 * Regenerates Kept's Grafana dashboards and provisioning files from code:
 *   node --import tsx scripts/generate-dashboards.ts
 * writes dashboards/*.json and dashboards/provisioning/{datasources,dashboards}/kept.yaml. A test requires the
 * committed files to equal this output, so run it after changing src/adapters/dashboards.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAll } from '../src/adapters/dashboards/dashboards.ts';

const outDir = fileURLToPath(new URL('../dashboards', import.meta.url));
for (const { file, text } of renderAll()) {
  const path = join(outDir, file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text, 'utf8');
  console.log(`wrote ${path}`);
}
