import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../src/adapters/catalogue/interpolate.ts';

const ENV = { HOST: '127.0.0.1', PORT: '8080', EMPTY: '', TOKEN: 's3cr3t' };

describe('interpolate', () => {
  it.each([
    ['a whole string', '${HOST}', '127.0.0.1'],
    ['several variables in one string', 'http://${HOST}:${PORT}/chat', 'http://127.0.0.1:8080/chat'],
    ['a variable set to the empty string', 'a${EMPTY}b', 'ab'],
    ['spaces inside the braces', '${ HOST }', '127.0.0.1'],
    ['$${ as a literal ${', 'cost: $${HOST}', 'cost: ${HOST}'],
    ['a lone dollar sign', 'price $5', 'price $5'],
  ])('fills in %s', (_name, text, expected) => {
    expect(interpolate(text, ENV)).toEqual({ value: expected, problems: [], deferred: [] });
  });

  it('walks mappings and lists, leaves keys, numbers and booleans alone, and reports each problem at its path', () => {
    const document = {
      probes: [{ target: '${HOST}', options: { '${KEY}': 'x', port: 8080, secure: true, token: '${TOKEN}' } }],
      receivers: [{ url: '${MISSING_URL}', secret: '${bad-name}' }],
    };
    expect(interpolate(document, ENV)).toEqual({
      value: {
        probes: [{ target: '127.0.0.1', options: { '${KEY}': 'x', port: 8080, secure: true, token: 's3cr3t' } }],
        receivers: [{ url: '${MISSING_URL}', secret: '${bad-name}' }],
      },
      problems: [
        {
          path: ['receivers', 0, 'url'],
          code: 'env.unset',
          message: 'the environment variable MISSING_URL is not set',
        },
        {
          path: ['receivers', 0, 'secret'],
          code: 'env.bad-name',
          message:
            '"${bad-name}" is not an environment variable reference; write ${NAME} with letters, digits and _, or $${ for a literal ${',
        },
      ],
      deferred: [],
    });
  });

  it('leaves deferred strings as written without reading the environment, and still reports a misspelt reference', () => {
    const document = {
      service: { name: '${HOST}' },
      probes: [{ target: '${HOST}', options: { password: '${UNSET_PASSWORD}', note: 'cost $${HOST}', port: 5060 } }],
      receivers: [{ url: '${bad-name}' }],
    };
    const read: string[] = [];
    const env = new Proxy(ENV as Record<string, string | undefined>, {
      get: (target, name: string) => {
        read.push(name);
        return target[name];
      },
    });
    const deferredPath = (path: readonly PropertyKey[]): boolean => path[0] === 'probes' || path[0] === 'receivers';
    const result = interpolate(document, env, { defer: deferredPath });
    expect(result.value).toEqual({
      service: { name: '127.0.0.1' },
      probes: [{ target: '${HOST}', options: { password: '${UNSET_PASSWORD}', note: 'cost $${HOST}', port: 5060 } }],
      receivers: [{ url: '${bad-name}' }],
    });
    expect(read).toEqual(['HOST']); // once, for service.name; never for a probe's password
    expect(result.deferred).toEqual([
      ['probes', 0, 'target'],
      ['probes', 0, 'options', 'password'],
    ]);
    expect(result.problems.map((p) => [p.path, p.code])).toEqual([[['receivers', 0, 'url'], 'env.bad-name']]);
  });

  it('does not change the value it was given', () => {
    const document = { target: '${HOST}' };
    interpolate(document, ENV);
    expect(document).toEqual({ target: '${HOST}' });
  });
});
