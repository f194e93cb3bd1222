import { extractClaims } from './src/domain/copy/extract-claims.ts';
const [copy, format] = [process.argv[2] as string, (process.argv[3] ?? 'text') as 'text'];
for (const c of extractClaims(copy, { format })) console.log(JSON.stringify(c));
