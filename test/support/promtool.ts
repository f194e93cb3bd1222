import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Runs `promtool check metrics` on exposition text; resolves with its exit code and output. */
export async function promtoolCheckMetrics(text: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new Error("promtool is not installed: run scripts/test-all.sh, which installs Debian's prometheus package"),
        );
        return;
      }
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` });
    });
    child.stdin?.end(text);
  });
}

export async function promtoolVersion(): Promise<string> {
  const { stdout } = await run('promtool', ['--version']);
  return stdout.split('\n')[0] ?? '';
}
