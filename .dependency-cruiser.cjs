/**
 * Dependency rules: the domain is pure; the app depends only on the domain; adapters never reach into the CLI;
 * wire protocols (src/protocols) are a library of their own, shared by the probe and the demo desk, which never
 * import each other.
 */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'src/domain holds pure logic: no Node built-ins, frameworks, I/O clients or outer layers.',
      severity: 'error',
      from: { path: '^src/domain' },
      to: {
        pathNot: '^src/(domain|protocols)/',
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
      name: 'protocols-stand-alone',
      comment: 'src/protocols (SIP, SDP, RTP, G.711 codecs) is a neutral library: it imports only itself.',
      severity: 'error',
      from: { path: '^src/protocols/' },
      to: { pathNot: '^src/protocols/' },
    },
    {
      name: 'protocols-no-node-builtins',
      comment: 'Codecs work on strings and Uint8Array: no node:* (no Buffer, sockets or crypto).',
      severity: 'error',
      from: { path: '^src/protocols/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'desk-apart-from-channels',
      comment: 'The demo desk is a peer the probe measures: it shares protocol code, never the probe code under test.',
      severity: 'error',
      from: { path: '^src/desk/' },
      to: { path: '^src/adapters/channels/' },
    },
    {
      name: 'adapters-apart-from-desk',
      comment: 'Adapters (the probe) never use the demo desk.',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/desk/' },
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
