import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WidgetSession } from './widget.session.ts';

/** A file name part made safe: letters, digits, dot, dash and underscore only. */
function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100) || '_';
}

export interface KeptEvidence {
  /** Paths relative to the evidence directory. */
  readonly attachments: string[];
  readonly details: Record<string, unknown>;
}

/**
 * Keeps what a failed or dead-ended attempt looked like: a full-page PNG screenshot and the page's console errors
 * (also in the details), as files `browser-chat/<probe>/<run>.png` and `.console.txt` under the evidence directory.
 * A screenshot that cannot be taken (the browser is gone) is noted, never fatal.
 */
export async function keepEvidence(
  evidenceDir: string,
  ids: { probeId: string; runId: string },
  session: WidgetSession | undefined,
  browserAlive: boolean,
): Promise<KeptEvidence> {
  const relativeDir = join('browser-chat', safe(ids.probeId));
  const stem = join(relativeDir, safe(ids.runId));
  const attachments: string[] = [];
  const details: Record<string, unknown> = {};
  try {
    await mkdir(join(evidenceDir, relativeDir), { recursive: true });
  } catch (error) {
    details.evidenceError = `the evidence directory is not writable: ${(error as Error).message}`;
    return { attachments, details };
  }
  if (session !== undefined && browserAlive) {
    try {
      await session.screenshot(join(evidenceDir, `${stem}.png`));
      attachments.push(`${stem}.png`);
    } catch (error) {
      details.screenshotError = (error as Error).message.split('\n')[0];
    }
  } else {
    details.screenshotError = 'the browser was gone';
  }
  const consoleErrors = session?.consoleErrors ?? [];
  details.consoleErrors = [...consoleErrors];
  if (consoleErrors.length > 0) {
    try {
      await writeFile(join(evidenceDir, `${stem}.console.txt`), `${consoleErrors.join('\n')}\n`);
      attachments.push(`${stem}.console.txt`);
    } catch (error) {
      details.evidenceError = (error as Error).message;
    }
  }
  return { attachments, details };
}
