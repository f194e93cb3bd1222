/** Dependency rules: the domain is pure; the app depends only on the domain; adapters never reach into the CLI. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds pure logic: no Node built-ins, frameworks, I/O clients or outer layers.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: {
        pathNot: '^src/domain',
      },
    },
    {
      name: 'domain-no-node-builtins',
      comment: 'src/domain must not import node:* or any core module.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'app-depends-on-domain-only',
      comment: 'Use cases talk to the world through ports (src/app/ports.ts), not through adapters or libraries.',
      severity: 'error',
      from: { path: '^src/app' },
      to: { pathNot: '^src/(app|domain)', dependencyTypes: ['local', 'npm', 'core'] },
    },
    {
      name: 'no-cli-from-inside',
      comment: 'Only the composition root (src/main.ts, src/cli) wires things together.',
      severity: 'error',
      from: { path: '^src/(domain|app|adapters|desk)' },
      to: { path: '^src/(cli|main\\.ts)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
