import { Connection } from '@temporalio/client';
import { temporalConnectionOptions } from '../../../adapters/temporal/connection-options';
import type { Config } from '../../config/config';
import { CheckFailure, duration, errorText, type DoctorCheck } from './check';

const GRPC_NOT_FOUND = 5;
const NAMESPACE_STATES: Record<number, string> = { 1: 'registered', 2: 'deprecated', 3: 'deleted' };

/** Connects to TEMPORAL_SERVICE_ADDRESS (TLS / API key as the worker would) and describes the namespace. */
export function temporalCheck(config: Config, timeoutMs: number): DoctorCheck {
  const { address, namespace } = config.temporal;
  return {
    name: 'Temporal',
    required: true,
    fix: `start a Temporal server (\`agent-runner dev\` starts a local one), or set TEMPORAL_SERVICE_ADDRESS to a reachable host:port (now ${address})`,
    async run(signal) {
      const options = temporalConnectionOptions(config.temporal);
      // lazy + ensureConnected, not connect(): a failed connect() would leave its channel open behind us.
      const connection = Connection.lazy({ ...options, connectTimeout: timeoutMs });
      const closeOnAbort = () => void connection.close().catch(() => undefined);
      signal.addEventListener('abort', closeOnAbort, { once: true });
      try {
        try {
          await connection.ensureConnected();
        } catch (err) {
          throw new CheckFailure(`cannot connect to ${address}${options.tls ? ' (TLS)' : ''}: ${connectReason(err, timeoutMs)}`);
        }
        const described = await connection
          .withDeadline(Date.now() + timeoutMs, () => connection.workflowService.describeNamespace({ namespace }))
          .catch((err: unknown) => {
            if (grpcCode(err) === GRPC_NOT_FOUND) {
              throw new CheckFailure(
                `namespace "${namespace}" does not exist on ${address}`,
                `create it (temporal operator namespace create --namespace ${namespace}) or set TEMPORAL_NAMESPACE to an existing one`,
              );
            }
            throw new CheckFailure(`${address} answered but describing namespace "${namespace}" failed: ${temporalReason(err)}`);
          });
        const state = NAMESPACE_STATES[described.namespaceInfo?.state ?? 0] ?? 'state unknown';
        return `${address}, namespace ${namespace} (${state}); the worker polls task queue ${config.temporal.taskQueue}`;
      } finally {
        signal.removeEventListener('abort', closeOnAbort);
        await connection.close().catch(() => undefined);
      }
    },
  };
}

function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown; cause?: { code?: unknown } } | undefined)?.code ?? (err as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The SDK wraps the gRPC error; its details say more than "Failed to connect to Temporal server". */
function temporalReason(err: unknown): string {
  const cause = (err as { cause?: { details?: unknown } } | undefined)?.cause;
  const details = (err as { details?: unknown } | undefined)?.details ?? cause?.details;
  return typeof details === 'string' && details ? details : errorText(err);
}

function connectReason(err: unknown, timeoutMs: number): string {
  const reason = temporalReason(err);
  return /before the deadline/i.test(reason) ? `no answer within ${duration(timeoutMs)}` : reason;
}
