import { stringify } from 'yaml';
import type { OpenSloDocument } from './openslo.types.ts';

/** Documents as one multi-document YAML stream (`---` between them), with a header naming the source. */
export function openSloYaml(documents: readonly OpenSloDocument[], source: string): string {
  const header = `# OpenSLO v1 documents written by \`kept export openslo\` from ${source}\n`;
  const body = documents.map((doc) => stringify(doc, { lineWidth: 0 })).join('---\n');
  return `${header}${body}`;
}
