import { resolveBackendOptions, usesTls } from '../../src/adapters/grpc/grpc-backend-options';
import { backoffDelayMs } from '../../src/adapters/grpc/retry-policy';

describe('retry backoff', () => {
  it('grows exponentially up to the cap, with at least half of each step fixed', () => {
    const low = (attempt: number) => backoffDelayMs(attempt, 200, 5_000, () => 0);
    const high = (attempt: number) => backoffDelayMs(attempt, 200, 5_000, () => 1);
    expect([0, 1, 2, 3, 4, 5, 6].map(low)).toEqual([100, 200, 400, 800, 1600, 2500, 2500]);
    expect([0, 1, 2, 3, 4, 5, 6].map(high)).toEqual([200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('the default 6 retries wait at least ~5.6 s in total, enough to ride out a 5 s outage', () => {
    const minimum = [0, 1, 2, 3, 4, 5].reduce((sum, attempt) => sum + backoffDelayMs(attempt, 200, 5_000, () => 0), 0);
    expect(minimum).toBeGreaterThan(5_000);
  });
});

describe('backend options', () => {
  it('uses TLS when asked or when the endpoint ends with :443, like the Python runner', () => {
    expect(usesTls({ endpoint: 'api.stigmer.ai:443', tls: false })).toBe(true);
    expect(usesTls({ endpoint: 'localhost:7234', tls: true })).toBe(true);
    expect(usesTls({ endpoint: 'localhost:7234', tls: false })).toBe(false);
    expect(usesTls({ endpoint: 'host:4430', tls: false })).toBe(false);
  });

  it('defaults: 16 MiB send, 64 MiB receive (skill zips), keepalive ≥ 60 s; explicit values win, undefined does not', () => {
    const base = { endpoint: 'x:1', apiKey: 'k', tls: false, timeoutMs: 1000, maxRetries: 2 };
    expect(resolveBackendOptions(base)).toMatchObject({ maxSendMessageBytes: 16 * 1024 * 1024, maxReceiveMessageBytes: 64 * 1024 * 1024 });
    expect(resolveBackendOptions(base).keepaliveTimeMs).toBeGreaterThanOrEqual(60_000);
    expect(resolveBackendOptions({ ...base, retryBaseDelayMs: undefined, retryMaxDelayMs: 50 })).toMatchObject({ retryBaseDelayMs: 200, retryMaxDelayMs: 50 });
  });
});
