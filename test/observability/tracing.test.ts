import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-node';
import { MockActivityEnvironment } from '@temporalio/testing';
import { createTracingInterceptors, tracesUrl } from '../../src/adapters/observability/tracing';

const execFileAsync = promisify(execFile);
const noop = (): void => undefined;
/** The mock environment logs failed activities; these tests fail activities on purpose. */
const quiet = { logger: { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: noop } };

describe('createTracingInterceptors', () => {
  it('turns each activity into a span named after the activity type', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracingInterceptors('http://127.0.0.1:4318', { exporter, registerGlobal: false });
    const env = new MockActivityEnvironment({ activityType: 'ExecuteGraphton', activityId: 'a-1' }, { ...quiet, interceptors: tracing.activityInterceptors });

    await expect(env.run(async (x: number) => x * 2, 21)).resolves.toBe(42);

    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['RunActivity:ExecuteGraphton']);
    expect(spans[0].attributes['temporalActivityId']).toBe('a-1');
    expect(spans[0].resource.attributes['service.name']).toBe('agent-runner');
    await tracing.shutdown();
  });

  it('records a failed activity as an error span and still rethrows', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracingInterceptors('http://127.0.0.1:4318', { exporter, registerGlobal: false });
    const env = new MockActivityEnvironment({ activityType: 'CleanupSandbox' }, { ...quiet, interceptors: tracing.activityInterceptors });

    await expect(
      env.run(async () => {
        throw new Error('sandbox gone');
      }),
    ).rejects.toThrow('sandbox gone');

    const [span] = exporter.getFinishedSpans();
    expect(span.status.code).toBe(2); // SpanStatusCode.ERROR
    await tracing.shutdown();
  });

  it('exports spans over OTLP/HTTP to <endpoint>/v1/traces on shutdown', async () => {
    const received: { path: string; body: string }[] = [];
    const collector = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body });
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as AddressInfo;
    try {
      const child = join(__dirname, 'otlp-export-child.ts');
      await execFileAsync(process.execPath, ['-r', '@swc-node/register', child, `http://127.0.0.1:${port}`], { cwd: join(__dirname, '..', '..') });

      expect(received).toHaveLength(1);
      expect(received[0].path).toBe('/v1/traces');
      expect(received[0].body).toContain('RunActivity:EnsureThread');
      expect(received[0].body).toContain('9.9.9');
    } finally {
      await new Promise<void>((resolve) => collector.close(() => resolve()));
    }
  });
});

describe('tracesUrl', () => {
  it('appends the traces path to a base endpoint and keeps a full one', () => {
    expect(tracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl('http://collector:4318/otlp/')).toBe('http://collector:4318/otlp/v1/traces');
    expect(tracesUrl('https://collector/v1/traces')).toBe('https://collector/v1/traces');
  });
});
