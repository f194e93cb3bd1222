/**
 * Makes HTTPS requests with Kept's chat-API HTTP client in a process of its own, so the process can be started with
 * NODE_EXTRA_CA_CERTS (read once, at start-up) as a Kept that trusts a private CA is:
 *   node --import tsx https-client.main.ts <url> <count>
 * Each request goes through a client of its own (its own agent and connection, as each attempt has) and prints one
 * JSON line: {"status", "text"} or {"error": code or message}.
 */
import { systemClock } from '../../../../src/adapters/clock/system.clock.ts';
import { HttpClient } from '../../../../src/adapters/channels/chat-api/http-client.ts';

const [url = '', count = '1'] = process.argv.slice(2);
for (let i = 0; i < Number(count); i += 1) {
  const client = new HttpClient(systemClock);
  try {
    const reply = await client.request({
      method: 'GET',
      url: `${url}?n=${i}`,
      headers: { accept: 'application/json' },
      signal: AbortSignal.timeout(10_000),
    });
    process.stdout.write(`${JSON.stringify({ status: reply.status, text: reply.text })}\n`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    process.stdout.write(`${JSON.stringify({ error: typeof code === 'string' ? code : String(error) })}\n`);
  } finally {
    client.close();
  }
}
