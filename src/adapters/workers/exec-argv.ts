import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/**
 * Node flags for a worker process running `entry`: this process's own (so a service started with `--import tsx` gives
 * its workers the same loader), without debugger flags (a second inspector on the same port fails), plus the tsx
 * loader for a TypeScript entry when this process registered tsx another way (bin/kept.js uses tsx's API).
 */
export function workerExecArgv(entry: string, execArgv: readonly string[] = process.execArgv): string[] {
  const flags = execArgv.filter((flag) => !/^--inspect/.test(flag));
  if (!entry.endsWith('.ts') || flags.some((flag) => flag.includes('tsx'))) return flags;
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return [...flags, '--import', loader];
}
