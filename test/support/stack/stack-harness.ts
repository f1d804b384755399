import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client, WorkflowHandle } from '@temporalio/client';
import pino from 'pino';
import { GrpcStigmerBackend } from '../../../src/adapters/grpc';
import {
  createLocalRun,
  findExamplesDir,
  registerAgentFile,
  startLocalBackend,
  type LocalBackend,
  type LocalRunRequest,
} from '../../../src/adapters/local-backend';
import { PinoLogger } from '../../../src/adapters/logging/pino-logger';
import { statusFromProto } from '../../../src/adapters/proto/mapping/status.mapping';
import { createTemporalClient, runDevWorkflowWorker, startInvokeWorkflow, type WorkerHandle } from '../../../src/adapters/temporal';
import { startWorker, type RunningWorker } from '../../../src/composition/cli/commands/worker';
import { loadConfig, type Config } from '../../../src/composition/config/config';
import { workerSecrets, type ContainerOverrides } from '../../../src/composition/container/build-container';
import type { ScriptInput } from '../../../src/adapters/llm/scripted/script.schema';
import type { ExecutionPhase, ExecutionStatus } from '../../../src/domain/status/execution-status';
import type { StigmerBackend } from '../../../src/ports/stigmer-backend.port';
import { startOpenAiStub } from '../llm/openai-stub';
import type { StubServer } from '../llm/stub-server';
import { ObservedMetrics } from './observed-metrics';
import { startScratchTemporal } from './scratch-temporal';

/**
 * A whole stack in this process, built from the product's own pieces like `startLocalStack`, but with the seams a
 * load, fault or benchmark suite needs: the worker's backend client can be wrapped, container overrides passed,
 * the model served by the OpenAI protocol stub, task queues unique per harness (several can share one Temporal),
 * and everything in a throwaway directory. Binds 127.0.0.1 only.
 */
export interface StackHarnessOptions {
  /** Worker environment on top of the harness defaults (MODE=local, temp dirs, loopback, unique task queue). */
  env?: Record<string, string>;
  /** A running Temporal frontend `host:port`; when absent a scratch dev server is started and stopped by stop(). */
  temporalAddress?: string;
  /** Serves this script with the in-process OpenAI stub (by-history playback) and points the worker at it. */
  model?: { script: ScriptInput | string; latencyMs?: number };
  /** Wraps the worker's real gRPC backend client, e.g. with a StatusRecordingBackend or a fault injector. */
  wrapBackend?: (backend: StigmerBackend) => StigmerBackend;
  /** Other container overrides (sandbox provider, chat models). */
  overrides?: Pick<ContainerOverrides, 'sandboxProvider' | 'chatModels'>;
  /** Parent of the throwaway directory (data, workspaces, logs); removed by stop(). */
  tmpRoot?: string;
}

export interface StartedRun {
  executionId: string;
  sessionId: string;
  handle: WorkflowHandle;
}

export interface FinishedRun extends StartedRun {
  /** The workflow's failure, when it failed (the stored status says why). */
  workflowError?: unknown;
  /** The execution's status as the embedded backend stored it (undefined when it has none). */
  status?: ExecutionStatus;
  phase: ExecutionPhase | 'MISSING';
}

export interface StackHarness {
  config: Config;
  temporalAddress: string;
  backend: LocalBackend;
  worker: RunningWorker;
  client: Client;
  metrics: ObservedMetrics;
  /** The in-process model stub, when `model` was given. */
  model?: StubServer;
  dir: string;
  sandboxRoot: string;
  logFile: string;
  workflowTaskQueue: string;
  /** Registers an agent YAML in the embedded backend; returns its slug for LocalRunRequest.agent. */
  registerAgent(yamlPath: string): Promise<string>;
  startRun(request: LocalRunRequest): Promise<StartedRun>;
  /** Starts a run and waits for its workflow to end. */
  run(request: LocalRunRequest): Promise<FinishedRun>;
  finish(started: StartedRun): Promise<FinishedRun>;
  stop(): Promise<void>;
}

const STUB_MODEL = 'gpt-4o-mini';

export async function startStackHarness(options: StackHarnessOptions = {}): Promise<StackHarness> {
  const dir = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'agent-runner-stack-'));
  const cleanups: (() => Promise<void>)[] = [async () => rmSync(dir, { recursive: true, force: true })];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const temporal = await temporalFor(options.temporalAddress);
    if (temporal.stop) cleanups.push(temporal.stop);

    const backend = await startLocalBackend({ dataDir: join(dir, 'backend'), port: 0, seedFrom: findExamplesDir() });
    cleanups.push(() => backend.stop());

    let model: StubServer | undefined;
    if (options.model) {
      model = await startOpenAiStub({ script: options.model.script, latencyMs: options.model.latencyMs, playback: 'by-history' });
      cleanups.push(() => model!.close());
    }

    const id = randomUUID().slice(0, 8);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? dir,
      MODE: 'local',
      LOG_LEVEL: 'INFO',
      AGENT_RUNNER_DATA_DIR: join(dir, 'data'),
      SANDBOX_ROOT_DIR: join(dir, 'workspace'),
      SKILL_CACHE_DIR: join(dir, 'skill-cache'),
      AGENT_RUNNER_HTTP_HOST: '127.0.0.1',
      AGENT_RUNNER_HTTP_PORT: '0',
      TEMPORAL_AGENT_EXECUTION_RUNNER_TASK_QUEUE: `agent_execution_runner-${id}`,
      ...(model && {
        STIGMER_LLM_PROVIDER: 'openai',
        STIGMER_LLM_MODEL: STUB_MODEL,
        OPENAI_BASE_URL: `${model.url}/v1`,
        OPENAI_API_KEY: 'dummy-stub-key',
      }),
      ...options.env,
      TEMPORAL_SERVICE_ADDRESS: temporal.address,
      STIGMER_BACKEND_ENDPOINT: backend.address,
    };
    const config = loadConfig(env);
    const logFile = join(config.dataDir, 'logs', 'agent-runner.log');
    const destination = pino.destination({ dest: logFile, mkdir: true, sync: false });
    const logger = new PinoLogger({ level: config.logLevel, secrets: workerSecrets(env), destination });
    cleanups.push(async () => destination.flushSync());

    const grpcBackend = (component: string) => new GrpcStigmerBackend({ ...config.backend, logger: logger.child({ component }) });
    const metrics = new ObservedMetrics();
    const workerBackend = options.wrapBackend ? options.wrapBackend(grpcBackend('backend')) : undefined;
    const worker = await startWorker(config, { logger, metrics, ...(workerBackend && { backend: workerBackend }), ...options.overrides }, []);
    cleanups.push(async () => {
      await worker.shutdown();
      await worker.done.catch(() => undefined);
    });

    // The workflow's own writes (FAILED when the activity never ran or died) go through a client of their own,
    // as stigmer-server writes its store itself: they never pass through the worker's (possibly wrapped) backend.
    const workflowBackend = grpcBackend('dev-workflow-backend');
    cleanups.push(async () => workflowBackend.close());
    const workflowTaskQueue = `agent_execution_stigmer-${id}`;
    const workflows: WorkerHandle = runDevWorkflowWorker({
      temporal: config.temporal,
      workflowTaskQueue,
      writeStatus: (executionId, status) => workflowBackend.updateExecutionStatus(executionId, status),
      logger,
      shutdownSignals: [],
    });
    cleanups.push(async () => {
      await workflows.shutdown();
      await workflows.done.catch(() => undefined);
    });
    await Promise.all([worker.started, workflows.started]);
    const client = await createTemporalClient(config.temporal);
    cleanups.push(() => client.connection.close());

    const startRun = async (request: LocalRunRequest): Promise<StartedRun> => {
      const run = await createLocalRun(backend.store, request);
      const handle = await startInvokeWorkflow(client, run.execution, { workflowTaskQueue, activityTaskQueue: config.temporal.taskQueue });
      return { executionId: run.executionId, sessionId: run.sessionId, handle };
    };
    const finish = async (started: StartedRun): Promise<FinishedRun> => {
      let workflowError: unknown;
      await started.handle.result().catch((err: unknown) => (workflowError = err));
      const stored = backend.store.getExecution(started.executionId)?.status;
      const status = stored ? statusFromProto(stored) : undefined;
      return { ...started, workflowError, status, phase: status?.phase ?? 'MISSING' };
    };
    return {
      config,
      temporalAddress: temporal.address,
      backend,
      worker,
      client,
      metrics,
      model,
      dir,
      sandboxRoot: config.sandbox.rootDir,
      logFile,
      workflowTaskQueue,
      registerAgent: async (path) => (await registerAgentFile(backend.store, path)).metadata!.slug,
      startRun,
      finish,
      run: async (request) => finish(await startRun(request)),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

async function temporalFor(address: string | undefined): Promise<{ address: string; stop?: () => Promise<void> }> {
  if (address) return { address };
  return startScratchTemporal();
}
