import { request } from 'node:http';
import { type HealthServer, type ReadinessChecks, startHealthServer } from '../../src/adapters/observability/health-server';
import { PrometheusMetrics } from '../../src/adapters/observability/prometheus-metrics';

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

function get(port: number, path: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('health server over HTTP', () => {
  let server: HealthServer;
  let checks: ReadinessChecks | Error;
  const metrics = new PrometheusMetrics({ processMetrics: false });

  beforeAll(async () => {
    server = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      metrics,
      readiness: () => {
        if (checks instanceof Error) throw checks;
        return checks;
      },
    });
  });
  afterAll(() => server.close());

  it('answers /healthz with 200 even when not ready', async () => {
    checks = { temporalConnected: false };
    const reply = await get(server.port, '/healthz');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ status: 'ok' });
  });

  it('answers /readyz with 200 when every check holds', async () => {
    checks = { temporalConnected: true, temporalPolling: true, backendReachable: true };
    const reply = await get(server.port, '/readyz');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ status: 'ready', checks });
  });

  it('answers /readyz with 503 naming what is not ready', async () => {
    checks = { temporalConnected: true, temporalPolling: false, backendReachable: false };
    const reply = await get(server.port, '/readyz');
    expect(reply.status).toBe(503);
    expect(reply.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toEqual({ status: 'not ready', notReady: ['temporalPolling', 'backendReachable'], checks });
  });

  it('answers /readyz with 503 when the readiness probe throws', async () => {
    checks = new Error('worker not started');
    const reply = await get(server.port, '/readyz?verbose=1');
    expect(reply.status).toBe(503);
    expect(JSON.parse(reply.body)).toEqual({ status: 'not ready', error: 'readiness probe failed: worker not started' });
  });

  it('serves the Prometheus exposition on /metrics', async () => {
    metrics.executionStarted();
    metrics.executionFinished('COMPLETED', 2000);
    const reply = await get(server.port, '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.contentType).toMatch(/^text\/plain/);
    expect(reply.body).toMatch(/^agent_runner_executions_total\{phase="COMPLETED"\} 1$/m);
  });

  it('answers HEAD without a body, rejects other methods and unknown paths', async () => {
    const head = await get(server.port, '/healthz', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect((await get(server.port, '/healthz', 'POST')).status).toBe(405);
    expect((await get(server.port, '/nope')).status).toBe(404);
  });
});

describe('health server readiness timeout', () => {
  it('reports not ready when the readiness probe never settles', async () => {
    const server = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      metrics: new PrometheusMetrics({ processMetrics: false }),
      readiness: () => new Promise<ReadinessChecks>(() => undefined),
      readinessTimeoutMs: 50,
    });
    try {
      const reply = await get(server.port, '/readyz');
      expect(reply.status).toBe(503);
      expect(JSON.parse(reply.body).error).toMatch(/timed out/);
    } finally {
      await server.close();
    }
  });

  it('refuses to start on a port that is taken', async () => {
    const first = await startHealthServer({ host: '127.0.0.1', port: 0, metrics: new PrometheusMetrics({ processMetrics: false }), readiness: () => ({}) });
    try {
      await expect(
        startHealthServer({ host: '127.0.0.1', port: first.port, metrics: new PrometheusMetrics({ processMetrics: false }), readiness: () => ({}) }),
      ).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});
