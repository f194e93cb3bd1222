import express from 'express';
import type { Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../../app/ports.ts';
import { apiRoutes, type ApiDeps } from './api.routes.ts';
import { errorHandler, notFound } from './error-handler.ts';
import { Representation, sendRepresentation } from './representation.ts';
import { signoffRoutes, type SignoffHttpDeps } from './signoff.routes.ts';
import { webRoutes } from './web/web.routes.ts';

export interface HttpDeps extends ApiDeps {
  readonly registry: Registry;
  readonly log: Logger;
  /** Returns the reasons Kept is not ready (empty when ready). */
  readonly notReady: () => Promise<readonly string[]>;
  /** The sign-off API and pages (POST /api/signoff, /signoff); left out, the web pages say how to enable them. */
  readonly signoff?: SignoffHttpDeps;
}

export function createHttpApp(deps: HttpDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const reasons = await deps.notReady();
    res
      .status(reasons.length === 0 ? 200 : 503)
      .json({ status: reasons.length === 0 ? 'ready' : 'not ready', reasons });
  });
  // Scrapes between which nothing changed get the same bytes, compressed once (Prometheus asks for gzip); KeptRegistry
  // returns the very same string then, so telling is one comparison.
  let scrape: { text: string; representation: Representation } | undefined;
  app.get('/metrics', async (req, res) => {
    const text = await deps.registry.metrics();
    if (scrape?.text !== text) scrape = { text, representation: new Representation(text, deps.registry.contentType) };
    await sendRepresentation(req, res, scrape.representation);
  });
  app.use('/api', apiRoutes(deps));
  if (deps.signoff !== undefined) app.use('/api', signoffRoutes(deps.signoff));
  app.use('/', webRoutes(deps));
  app.use(notFound());
  // Last: every error a route throws ends here (4xx for bad input, 500 logged with its cause, no internals shown).
  app.use(errorHandler(deps.log));
  return app;
}

export interface RunningServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function listen(app: express.Express, host: string, port: number): Promise<RunningServer> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : port;
  return {
    url: `http://${host}:${actualPort}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
