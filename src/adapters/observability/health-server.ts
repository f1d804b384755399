import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../ports/logger.port';
import type { MetricsExposition } from './prometheus-metrics';

/** Named conditions, each true when met, e.g. { temporalConnected, temporalPolling, backendReachable }. */
export type ReadinessChecks = Record<string, boolean>;
export type ReadinessProbe = () => ReadinessChecks | Promise<ReadinessChecks>;

export interface HealthServerOptions {
  host: string;
  /** 0 picks a free port; the chosen one is returned. */
  port: number;
  metrics: MetricsExposition;
  readiness: ReadinessProbe;
  /** A probe that hangs counts as not ready after this long, so Kubernetes' probe never times out on us. */
  readinessTimeoutMs?: number;
  logger?: Logger;
}

export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

const DEFAULT_READINESS_TIMEOUT_MS = 2000;
const MAX_ERROR_CHARS = 200;

/**
 * Liveness (/healthz: 200 while the process can answer), readiness (/readyz: 200 only when every readiness check
 * holds, else 503 naming the failing ones) and Prometheus (/metrics). Starts even when Temporal is unreachable, so
 * an orchestrator can tell "alive but not ready" from "dead".
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const server = createServer((req, res) => {
    route(req, res, options).catch((err: unknown) => {
      options.logger?.error('health server request failed', { path: req.url, error: errorMessage(err) });
      if (!res.headersSent) sendJson(res, 500, { status: 'error' });
      else res.destroy();
    });
  });
  // Probes and scrapes are short; do not let an idle keep-alive connection hold close() up.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  options.logger?.info('health server listening', { host: options.host, port });
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function route(req: IncomingMessage, res: ServerResponse, options: HealthServerOptions): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendJson(res, 405, { status: 'method not allowed' });
    return;
  }
  const path = (req.url ?? '/').split('?')[0];
  switch (path) {
    case '/healthz':
      sendJson(res, 200, { status: 'ok' });
      return;
    case '/readyz':
      await sendReadiness(res, options);
      return;
    case '/metrics':
      send(res, 200, options.metrics.contentType, await options.metrics.render());
      return;
    default:
      sendJson(res, 404, { status: 'not found', endpoints: ['/healthz', '/readyz', '/metrics'] });
  }
}

async function sendReadiness(res: ServerResponse, options: HealthServerOptions): Promise<void> {
  let checks: ReadinessChecks;
  try {
    checks = await withTimeout(Promise.resolve().then(options.readiness), options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS);
  } catch (err) {
    sendJson(res, 503, { status: 'not ready', error: `readiness probe failed: ${errorMessage(err)}` });
    return;
  }
  const notReady = Object.entries(checks)
    .filter(([, ok]) => ok !== true)
    .map(([name]) => name);
  if (notReady.length === 0) sendJson(res, 200, { status: 'ready', checks });
  else sendJson(res, 503, { status: 'not ready', notReady, checks });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(body)}\n`);
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function errorMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}
