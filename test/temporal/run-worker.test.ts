import { runWorker } from '../../src/adapters/temporal';
import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { RecordingMetrics } from '../../src/adapters/fakes/recording-metrics';
import { ConfigurationError } from '../../src/domain/errors/domain-errors';
import { freePort } from '../../src/adapters/temporal/dev/temporal-dev-server';
import { eventually } from '../support/temporal/eventually';

const deps = (address: string, logger = new RecordingLogger()) => ({
  temporal: {
    address,
    namespace: 'default',
    taskQueue: 'agent_execution_runner',
    maxConcurrency: 1,
    tls: false,
    shutdownGraceMs: 1_000,
    heartbeatIntervalMs: 5_000,
  },
  executeAgent: { execute: async () => Promise.reject(new Error('never called')) },
  cleanupSandbox: async () => undefined,
  logger,
  metrics: new RecordingMetrics(),
  shutdownSignals: [] as NodeJS.Signals[],
});

describe('runWorker without a reachable Temporal', () => {
  it('keeps retrying (not ready, warning with the address) until shut down, then stops cleanly', async () => {
    const address = `127.0.0.1:${await freePort()}`; // nothing listens there
    const logger = new RecordingLogger();
    const handle = runWorker(deps(address, logger));
    await eventually('a retry warning', () => logger.records.find((r) => r.level === 'warn' && r.msg.includes(address)), 15_000);
    expect(handle.isReady()).toBe(false);
    await expect(handle.shutdown()).resolves.toBeUndefined();
    await expect(handle.started).rejects.toThrow(/stopped before it started/);
  });

  it('rejects unusable TLS settings at once with the variable name', () => {
    const bad = deps('127.0.0.1:1');
    expect(() => runWorker({ ...bad, temporal: { ...bad.temporal, tlsCaPath: '/nonexistent/ca.pem' } })).toThrow(ConfigurationError);
  });
});
