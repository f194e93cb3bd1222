import { z } from 'zod';
import type { LoadOptions, LoadResult } from '../../../src/adapters/catalogue/catalogue.loader.ts';
import { formatDiagnostic } from '../../../src/adapters/catalogue/diagnostic.ts';
import type { ProbeKind } from '../../../src/domain/channel.ts';

/** Shared helpers for the catalogue tests. */

/** Strips the common indentation of a template literal and its first and last empty lines, so YAML reads naturally. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce(
    (out, part, index) => out + part + (index < values.length ? String(values[index]) : ''),
    '',
  );
  const lines = text
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '')
    .split('\n');
  const indent = Math.min(
    ...lines.filter((line) => line.trim() !== '').map((line) => /^ */.exec(line)?.[0].length ?? 0),
  );
  return `${lines.map((line) => line.slice(indent)).join('\n')}\n`;
}

const permissive = z.record(z.string(), z.unknown());

/** Options schemas that accept anything, for every probe kind. */
export const ANY_OPTIONS: ReadonlyMap<ProbeKind, z.ZodType> = new Map<ProbeKind, z.ZodType>([
  ['chat-api', permissive],
  ['browser-chat', permissive],
  ['sip', permissive],
  ['email', permissive],
]);

/** A chat-api options schema as a channel adapter might declare it: strict, with a required greeting. */
export const CHAT_OPTIONS = z.strictObject({
  greeting: z.string().min(1),
  typingDelay: z.string().optional(),
});

export const options = (env: Record<string, string> = {}, optionSchemas = ANY_OPTIONS): LoadOptions => ({
  env,
  optionSchemas,
});

/** The formatted diagnostics of a failed load, or a marker that says it loaded. */
export function formatted(result: LoadResult): string[] {
  return result.ok ? ['(loaded without problems)'] : result.diagnostics.map(formatDiagnostic);
}

/** A valid service file, to pair with a file under test. */
export const SERVICE = {
  file: 'probes/service.yaml',
  text: yaml`
    version: kept/v1
    service:
      name: Demo
      timeZone: Europe/London
  `,
};
