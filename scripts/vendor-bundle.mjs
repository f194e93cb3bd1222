// After `tsc -p tsconfig.build.json` (npm run build, and `npm ci` through prepare.mjs): bundles the few packages every
// `kept validate` loads into one ES module each, dist/vendor/<name>.js, and points dist/'s imports of them there.
// Node 20 pays per module it resolves and links: zod is 95 modules (60 of them locales), yaml 48; one file each takes
// about 100 ms of CPU off `kept validate` (BENCHMARKS.md "CLI start-up"). Same code, same versions (node_modules'),
// bundled by esbuild (tsx's, a runtime dependency). The source and the tests, run through tsx, import the packages
// as usual. Nothing here is needed for dist/ to work: without esbuild, dist/ keeps its plain imports and says so.
//   node scripts/vendor-bundle.mjs [dist]
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';

/**
 * Only packages with no subpath import in dist/ and imported by no other runtime package (a second copy would be a
 * second zod registry): both are checked below or by hand (npm ls <name>). commander: every command loads it.
 */
const VENDORED = ['zod', 'yaml', 'commander'];

const dist = process.argv[2] ?? 'dist';
const root = process.cwd();
const require = createRequire(join(root, 'package.json'));

function loadEsbuild() {
  for (const from of [join(root, 'package.json'), require.resolve('tsx/package.json')]) {
    try {
      return createRequire(from)('esbuild');
    } catch {
      // try the next place
    }
  }
  return undefined;
}

const jsFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'vendor' ? [] : jsFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** `from 'name'`, `import('name')`, `import 'name'`: the package itself, never a subpath. */
const importsOf = (name) => new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\bimport\\s+)(['"])${escape(name)}\\2`, 'g');
const subpathImportsOf = (name) => new RegExp(`(\\bfrom\\s*|\\bimport\\s*\\(\\s*|\\bimport\\s+)(['"])${escape(name)}/`);

/** An import rewritten by an earlier run (`'../vendor/zod.js'`), to be put back to the package's name. */
const vendoredImportsOf = (name) => new RegExp(`(['"])(?:\\.\\.?/)+vendor/${escape(name)}\\.js\\1`, 'g');

// Every run starts from plain imports and no bundles: an incremental tsc re-emits only the files that changed, so a
// run that could not bundle must not leave some files on an old dist/vendor/ and others on node_modules (two copies
// of commander would break its `instanceof CommanderError`).
rmSync(join(dist, 'vendor'), { recursive: true, force: true });
const files = jsFiles(dist).map((path) => {
  const original = readFileSync(path, 'utf8');
  const text = VENDORED.reduce((t, name) => t.replace(vendoredImportsOf(name), `$1${name}$1`), original);
  return { path, original, text };
});

const esbuild = loadEsbuild();
if (esbuild === undefined)
  process.stderr.write('kept: esbuild not found, so dist/ imports its packages from node_modules (slower start-up)\n');
for (const name of esbuild === undefined ? [] : VENDORED) {
  const subpath = files.find((file) => subpathImportsOf(name).test(file.text));
  if (subpath !== undefined) {
    // Bundling the package and not its subpath would load two copies of it.
    process.stderr.write(`kept: ${subpath.path} imports a subpath of ${name}; ${name} is not bundled\n`);
    continue;
  }
  // The package's named exports as Node gives them (for a CommonJS package, what its exports hold at load).
  const exported = Object.keys(await import(name)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key));
  const outfile = join(dist, 'vendor', `${name}.js`);
  const built = await esbuild
    .build({
      stdin: { contents: `export { ${exported.join(', ')} } from '${name}';\n`, resolveDir: root, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile,
      legalComments: 'inline',
      // A CommonJS package's require() of Node's own modules (commander's node:events), in an ES module.
      banner: {
        js: "import { createRequire as __keptRequire } from 'node:module';\nconst require = __keptRequire(import.meta.url);",
      },
      logLevel: 'error',
    })
    .then(() => true)
    .catch((error) => {
      // An esbuild without its binary (an install with --ignore-scripts may lack it): dist/ imports the package.
      process.stderr.write(`kept: could not bundle ${name} (${error.message.split('\n')[0]}); dist/ imports it\n`);
      return false;
    });
  if (!built) continue;
  for (const file of files) {
    const path = relative(dirname(file.path), outfile).split(sep).join('/');
    const toVendor = path.startsWith('.') ? path : `./${path}`;
    file.text = file.text.replace(importsOf(name), (_, lead, quote) => `${lead}${quote}${toVendor}${quote}`);
  }
}
for (const file of files) {
  if (file.text !== file.original) writeFileSync(file.path, file.text);
}
