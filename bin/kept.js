#!/usr/bin/env node
// Runs the compiled CLI in dist/ (built by `npm ci` through the `prepare` script, or `npm run build`): no TypeScript
// compiler at run time. A checkout without dist/ runs the TypeScript source through tsx instead, and says so.
import { existsSync } from 'node:fs';

const built = new URL('../dist/main.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  process.stderr.write(
    'kept: no build in dist/ (npm run build makes one); running the source through tsx, which starts slower\n',
  );
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
