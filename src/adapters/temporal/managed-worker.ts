import { setTimeout as sleep } from 'node:timers/promises';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { describeError } from '../../domain/errors/domain-errors';
import type { Logger } from '../../ports/logger.port';
import type { TemporalConnectionOptions } from './connection-options';

/** A running Temporal worker as the composition root sees it. */
export interface WorkerHandle {
  /** Resolves once connected and polling; rejects if startup fails or shutdown came first. */
  readonly started: Promise<void>;
  /** Settles when the worker has fully stopped: resolves after a clean drain, rejects on a fatal error. */
  readonly done: Promise<void>;
  /** For /readyz: connected, running, and the relevant poller is polling. */
  isReady(): boolean;
  /** Stops polling, lets running tasks finish within the grace period, then cancels them. Idempotent. */
  shutdown(): Promise<void>;
}

export interface ManagedWorkerOptions {
  /** For log lines, e.g. "activity worker". */
  name: string;
  connection: TemporalConnectionOptions;
  logger: Logger;
  /** Which poller must be healthy for isReady(). */
  poller: 'activity' | 'workflow';
  /** Signals that start a graceful shutdown; a second identical signal falls back to Node's default (exit). */
  shutdownSignals: NodeJS.Signals[];
  createWorker: (connection: NativeConnection) => Promise<Worker>;
}

const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

/**
 * Connects (retrying while Temporal is unreachable, so the process can start before the server), creates the
 * worker, runs it, and wires signals to a graceful shutdown.
 */
export function startManagedWorker(options: ManagedWorkerOptions): WorkerHandle {
  const log = options.logger.child({ component: options.name });
  const stop = new AbortController();
  let worker: Worker | undefined;
  let markStarted: () => void = () => undefined;
  let failStart: (err: unknown) => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    markStarted = resolve;
    failStart = reject;
  });
  started.catch(() => undefined); // callers may only await `done`

  const onSignal = (signal: NodeJS.Signals): void => {
    log.info(`received ${signal}: stopping polling and draining running executions`);
    void handle.shutdown().catch(() => undefined);
  };
  for (const signal of options.shutdownSignals) process.once(signal, onSignal);

  const done = (async () => {
    let connection: NativeConnection | undefined;
    try {
      connection = await connectWithRetry(options.connection, log, stop.signal);
      if (!connection) return;
      worker = await options.createWorker(connection);
      const running = worker.run();
      if (stop.signal.aborted) {
        // Shutdown was requested while the worker was being created: release it cleanly.
        worker.shutdown();
      } else {
        log.info('worker started', { address: options.connection.address });
        markStarted();
      }
      await running;
      log.info('worker stopped');
    } finally {
      for (const signal of options.shutdownSignals) process.off(signal, onSignal);
      await connection?.close().catch(() => undefined);
    }
  })();
  done.then(
    () => failStart(new Error(`${options.name} stopped before it started`)),
    (err: unknown) => failStart(err),
  );

  const handle: WorkerHandle = {
    started,
    done,
    isReady() {
      if (!worker) return false;
      const status = worker.getStatus();
      const poller = options.poller === 'activity' ? status.activityPollerState : status.workflowPollerState;
      return status.runState === 'RUNNING' && poller === 'POLLING';
    },
    async shutdown() {
      stop.abort();
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
  return handle;
}

/** Undefined when shutdown was requested while waiting; transport errors are retried, anything else is fatal. */
async function connectWithRetry(
  options: TemporalConnectionOptions,
  log: Logger,
  stopSignal: AbortSignal,
): Promise<NativeConnection | undefined> {
  let delay = FIRST_RETRY_MS;
  while (!stopSignal.aborted) {
    try {
      return await NativeConnection.connect(options);
    } catch (err) {
      if (!isTransportError(err)) throw err;
      log.warn(`cannot reach Temporal at ${options.address}; retrying in ${Math.round(delay / 1000)} s`, {
        error: describeError(err),
      });
      await sleep(delay, undefined, { signal: stopSignal }).catch(() => undefined);
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }
  return undefined;
}

function isTransportError(err: unknown): boolean {
  return err instanceof Error && err.name === 'TransportError';
}
