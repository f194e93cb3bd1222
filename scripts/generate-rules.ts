/**
 * Regenerates alerts/ from the demo catalogue (probes/demo.yaml): `node --import tsx scripts/generate-rules.ts`.
 * Stands in for `kept rules` until the CLI command is wired; both call writeRules with the same options.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../src/adapters/catalogue/diagnostic.ts';
import { DEMO_RULES, loadDemoCatalogue } from '../src/adapters/alerting/rules/demo-rules.ts';
import { writeRules } from '../src/adapters/alerting/rules/write-rules.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const result = await loadDemoCatalogue(root);
if (!result.ok) {
  for (const diagnostic of result.diagnostics) console.error(formatDiagnostic(diagnostic));
  process.exit(1);
}
for (const path of await writeRules(result.catalogue, join(root, DEMO_RULES.outDir), DEMO_RULES.options))
  console.log(`wrote ${path}`);
