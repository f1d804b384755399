import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalConnectionOptions } from '../../src/adapters/temporal/connection-options';
import type { TemporalSettings } from '../../src/adapters/temporal/settings';
import { ConfigurationError } from '../../src/domain/errors/domain-errors';

const base: TemporalSettings = {
  address: 'temporal:7233',
  namespace: 'default',
  taskQueue: 'agent_execution_runner',
  maxConcurrency: 10,
  tls: false,
  shutdownGraceMs: 30_000,
  heartbeatIntervalMs: 5_000,
};

describe('temporalConnectionOptions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'temporal-tls-'));
  const pem = (name: string) => {
    const path = join(dir, name);
    writeFileSync(path, `-----BEGIN ${name}-----`);
    return path;
  };

  it('is plaintext by default', () => {
    expect(temporalConnectionOptions(base)).toEqual({ address: 'temporal:7233' });
  });

  it('turns TLS on with system roots for TEMPORAL_TLS or an API key', () => {
    expect(temporalConnectionOptions({ ...base, tls: true })).toEqual({ address: 'temporal:7233', tls: true });
    expect(temporalConnectionOptions({ ...base, apiKey: 'k' })).toEqual({ address: 'temporal:7233', tls: true, apiKey: 'k' });
  });

  it('reads a custom CA and an mTLS client pair', () => {
    const options = temporalConnectionOptions({ ...base, tls: true, tlsCaPath: pem('CA'), tlsCertPath: pem('CERT'), tlsKeyPath: pem('KEY') });
    const tls = options.tls as { serverRootCACertificate: Buffer; clientCertPair: { crt: Buffer; key: Buffer } };
    expect(tls.serverRootCACertificate.toString()).toBe('-----BEGIN CA-----');
    expect(tls.clientCertPair.crt.toString()).toBe('-----BEGIN CERT-----');
    expect(tls.clientCertPair.key.toString()).toBe('-----BEGIN KEY-----');
  });

  it('names the variable when a certificate file cannot be read, and never echoes the API key', () => {
    const attempt = () => temporalConnectionOptions({ ...base, apiKey: 'very-secret', tlsCaPath: join(dir, 'missing.pem') });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/TEMPORAL_TLS_CA_PATH: cannot read .*missing\.pem \(ENOENT\)/);
    expect(String(thrownBy(attempt))).not.toContain('very-secret');
  });

  it('requires the client certificate and key together', () => {
    expect(() => temporalConnectionOptions({ ...base, tlsCertPath: pem('C2') })).toThrow(/TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH/);
  });
});

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}
