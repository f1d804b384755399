import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { ConfigurationError } from '../../domain/errors/domain-errors';
import type { TemporalSettings } from './settings';

/** Options shared by the worker's NativeConnection and the client's Connection. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

/**
 * Plaintext unless TLS, mTLS or an API key is configured. Certificate files are read here so a wrong path fails at
 * startup with the variable's name, not deep inside the native bridge.
 */
export function temporalConnectionOptions(settings: TemporalSettings): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = { address: settings.address };
  if (settings.apiKey) options.apiKey = settings.apiKey;
  const wantsTls = settings.tls || Boolean(settings.apiKey) || Boolean(settings.tlsCertPath) || Boolean(settings.tlsCaPath);
  if (!wantsTls) return options;
  if (Boolean(settings.tlsCertPath) !== Boolean(settings.tlsKeyPath)) {
    throw new ConfigurationError('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together for mTLS');
  }
  const tls: TLSConfig = {};
  if (settings.tlsCaPath) tls.serverRootCACertificate = readPem('TEMPORAL_TLS_CA_PATH', settings.tlsCaPath);
  if (settings.tlsCertPath && settings.tlsKeyPath) {
    tls.clientCertPair = {
      crt: readPem('TEMPORAL_TLS_CERT_PATH', settings.tlsCertPath),
      key: readPem('TEMPORAL_TLS_KEY_PATH', settings.tlsKeyPath),
    };
  }
  options.tls = Object.keys(tls).length > 0 ? tls : true;
  return options;
}

function readPem(variable: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    // Duck-typed: fs errors may come from another realm (e.g. under Jest), where instanceof Error fails.
    const reason = (err as NodeJS.ErrnoException | undefined)?.code ?? 'unreadable';
    throw new ConfigurationError(`${variable}: cannot read ${path} (${reason})`);
  }
}
