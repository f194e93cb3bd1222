// `npm ci` / `npm install` run this (package.json "prepare"): builds src/ to dist/ with tsc -p tsconfig.build.json,
// then bundles zod, yaml and commander into dist/vendor/ (scripts/vendor-bundle.mjs), as `npm run build` does.
// An install without dev dependencies (`npm ci --omit=dev`) has no TypeScript compiler: it skips the build and says
// so; bin/kept.js then runs the source through tsx (a runtime dependency). A failed build fails the install.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

let tsc;
try {
  tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
} catch {
  process.stderr.write(
    'kept: no TypeScript compiler (dev dependencies omitted), so no build here; bin/kept.js runs dist/ if one is copied in, else the source through tsx\n',
  );
  process.exit(0);
}
const build = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
// The packages every command loads, one file each in dist/vendor/ (scripts/vendor-bundle.mjs): a faster start.
const vendor = spawnSync(process.execPath, ['scripts/vendor-bundle.mjs'], { stdio: 'inherit' });
process.exit(vendor.status ?? 1);
