import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { runDevWorkflowWorker, startInvokeWorkflow, type WorkerHandle } from '../../../src/adapters/temporal';
import { payloadConverterPath } from '../../../src/adapters/temporal/payload/payload-converter';
import { RecordingLogger } from '../../../src/adapters/fakes/recording-logger';
import { createLocalRun, startLocalBackend, type LocalBackend, type LocalRunRequest } from '../../../src/adapters/local-backend';
import type { AgentExecution } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { statusFromProto, statusToProto } from '../../../src/adapters/proto/mapping/status.mapping';
import { loadConfig, type Config } from '../../../src/composition/config/config';
import type { ContainerOverrides } from '../../../src/composition/container/build-container';
import { startWorker, type RunningWorker } from '../../../src/composition/cli/commands/worker';
import type { ExecutionPhase, ExecutionStatus } from '../../../src/domain/status/execution-status';
import { bundleTestWorkflows } from '../temporal/test-stack';
import { fileTree, newPathsOutside } from './file-tree';
import { ModelRouter } from './model-router';
import { RestartableTemporal } from './restartable-temporal';
import { writeResources, type ResourceSet } from './resources';

export interface FaultStackOptions {
  /** Worker variables on top of the stack's (model router, directories, queues). */
  env?: Record<string, string>;
  /** Declared resources of the embedded backend. */
  resources?: Partial<ResourceSet>;
  /** Instances the in-process worker uses instead of its configured adapters (built from its configuration). */
  overrides?: (config: Config) => ContainerOverrides;
  /** false: no in-process worker (a test runs its own, e.g. a child process with `workerEnv()`). */
  inProcessWorker?: boolean;
  /** A dev server the caller owns (e.g. with other settings); by default the stack starts and disposes its own. */
  temporal?: RestartableTemporal;
}

export interface StartedRun {
  executionId: string;
  sessionId: string;
  handle: WorkflowHandle;
}

/** One workflow bundle per test file (bundling takes seconds). */
let bundle: ReturnType<typeof bundleTestWorkflows> | undefined;

/**
 * The production pieces wired like the local stack, with every part restartable for fault tests: a Temporal dev
 * server on a fixed port and database file, the embedded backend (restartable on the same port and data
 * directory), the invoke workflow (the TS copy of Go's), an OpenAI-protocol model router, and the real worker
 * (startWorker with configuration from env) on its own task queue. All on 127.0.0.1.
 */
export class FaultStack {
  readonly logger = new RecordingLogger();
  readonly runnerTaskQueue = `runner-${randomUUID()}`;
  readonly workflowTaskQueue = `stigmer-${randomUUID()}`;
  readonly backendDataDir: string;
  readonly workspaceDir: string;
  worker: RunningWorker | undefined;
  private currentBackend: LocalBackend | undefined;
  private workflowWorker: WorkerHandle | undefined;
  private client: Client | undefined;

  private constructor(
    readonly dir: string,
    readonly temporal: RestartableTemporal,
    readonly router: ModelRouter,
    private readonly ownsTemporal: boolean,
    private readonly backendPort: number,
    private readonly extraEnv: Record<string, string>,
  ) {
    this.backendDataDir = join(dir, 'backend');
    this.workspaceDir = join(dir, 'workspace');
  }

  static async start(options: FaultStackOptions = {}): Promise<FaultStack> {
    const dir = mkdtempSync(join(tmpdir(), 'fault-stack-'));
    const cleanups: (() => Promise<void>)[] = [];
    try {
      const temporal = options.temporal ?? (await RestartableTemporal.start());
      if (!options.temporal) cleanups.push(() => temporal.dispose());
      const router = await ModelRouter.start();
      cleanups.push(() => router.close());
      mkdirSync(join(dir, 'backend'), { recursive: true });
      writeResources(join(dir, 'backend'), options.resources ?? {});
      const backend = await startLocalBackend({ dataDir: join(dir, 'backend'), port: 0 });
      cleanups.push(() => backend.stop());
      const stack = new FaultStack(dir, temporal, router, !options.temporal, backend.port, options.env ?? {});
      stack.currentBackend = backend;
      cleanups.length = 0;
      try {
        await stack.startWorkflowSide();
        if (options.inProcessWorker !== false) await stack.startInProcessWorker(options.overrides ?? (() => ({})));
      } catch (err) {
        await stack.stop();
        throw err;
      }
      return stack;
    } catch (err) {
      for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }

  /** The backend as it is now (a new object after restartBackend). */
  get backend(): LocalBackend {
    if (!this.currentBackend) throw new Error('the embedded backend is stopped');
    return this.currentBackend;
  }

  get backendAddress(): string {
    return `127.0.0.1:${this.backendPort}`;
  }

  get temporalClient(): Client {
    if (!this.client) throw new Error('the Temporal client is not connected');
    return this.client;
  }

  /** The complete worker environment (what `agent-runner worker` reads), without the parent's variables. */
  workerEnv(extra: Record<string, string> = {}): Record<string, string> {
    return {
      MODE: 'local',
      LOG_LEVEL: 'INFO',
      TEMPORAL_SERVICE_ADDRESS: this.temporal.address,
      TEMPORAL_AGENT_EXECUTION_RUNNER_TASK_QUEUE: this.runnerTaskQueue,
      STIGMER_BACKEND_ENDPOINT: this.backendAddress,
      STIGMER_LLM_PROVIDER: 'openai',
      STIGMER_LLM_MODEL: 'default',
      STIGMER_LLM_MAX_RETRIES: '2',
      OPENAI_BASE_URL: this.router.baseUrl,
      OPENAI_API_KEY: 'sk-fault-suite',
      SANDBOX_ROOT_DIR: this.workspaceDir,
      SKILL_CACHE_DIR: join(this.dir, 'skill-cache'),
      AGENT_RUNNER_DATA_DIR: join(this.dir, 'data'),
      AGENT_RUNNER_HTTP_HOST: '127.0.0.1',
      AGENT_RUNNER_HTTP_PORT: '0',
      STATUS_FLUSH_INTERVAL_MS: '250',
      ...this.extraEnv,
      ...extra,
    };
  }

  /** Creates a session (or reuses one) and a PENDING execution in the backend, then starts the invoke workflow. */
  async startRun(request: LocalRunRequest): Promise<StartedRun> {
    const run = await createLocalRun(this.backend.store, request);
    const handle = await this.startWorkflow(run.execution);
    return { executionId: run.executionId, sessionId: run.sessionId, handle };
  }

  /** Starts the invoke workflow for an execution as given (it may be malformed or absent from the backend). */
  startWorkflow(execution: AgentExecution): Promise<WorkflowHandle> {
    return startInvokeWorkflow(this.temporalClient, execution, { workflowTaskQueue: this.workflowTaskQueue, activityTaskQueue: this.runnerTaskQueue });
  }

  /** Runs to the end of the workflow and returns the stored status. */
  async runToEnd(request: LocalRunRequest): Promise<StartedRun & { status: ExecutionStatus }> {
    const run = await this.startRun(request);
    await run.handle.result().catch(() => undefined);
    return { ...run, status: this.requireStatus(run.executionId) };
  }

  status(executionId: string): ExecutionStatus | undefined {
    const stored = this.currentBackend?.store.getExecution(executionId)?.status;
    return stored ? statusFromProto(stored) : undefined;
  }

  requireStatus(executionId: string): ExecutionStatus {
    const status = this.status(executionId);
    if (!status) throw new Error(`execution ${executionId} is not in the backend`);
    return status;
  }

  /** Polls the stored status until its phase is one of `phases`. */
  async waitForPhase(executionId: string, phases: ExecutionPhase[], timeoutMs = 60_000): Promise<ExecutionStatus> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const status = this.status(executionId);
      if (status && phases.includes(status.phase)) return status;
      if (Date.now() > deadline) throw new Error(`execution ${executionId} did not reach ${phases.join('/')} within ${timeoutMs} ms (phase ${status?.phase ?? 'none'})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Every path under the stack's directory, to compare with `escapedPaths` after a run. */
  files(): Set<string> {
    return fileTree(this.dir);
  }

  /**
   * Paths that appeared since `before` outside what a run of `sessionId` may write: its workspace and sandbox temp
   * directory, and the backend's, worker's and skill cache's own data.
   */
  escapedPaths(before: Set<string>, sessionId: string, org = 'local'): string[] {
    return newPathsOutside(this.dir, before, [
      join('workspace', org, sessionId),
      join('workspace', '.tmp', org, sessionId),
      join('backend', 'state'),
      'data',
      'skill-cache',
    ]);
  }

  async stopBackend(): Promise<void> {
    const backend = this.currentBackend;
    this.currentBackend = undefined;
    await backend?.stop();
  }

  /** Starts the embedded backend again on the same port with the same data directory. */
  async restartBackend(): Promise<void> {
    if (this.currentBackend) return;
    this.currentBackend = await startLocalBackend({ dataDir: this.backendDataDir, port: this.backendPort });
  }

  async stop(): Promise<void> {
    if (this.worker) {
      await this.worker.shutdown().catch(() => undefined);
      await this.worker.done.catch(() => undefined);
    }
    await this.workflowWorker?.shutdown().catch(() => undefined);
    await this.client?.connection.close().catch(() => undefined);
    await this.stopBackend().catch(() => undefined);
    await this.router.close().catch(() => undefined);
    if (this.ownsTemporal) await this.temporal.dispose().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async startWorkflowSide(): Promise<void> {
    const address = this.temporal.address;
    bundle ??= bundleTestWorkflows();
    this.workflowWorker = runDevWorkflowWorker({
      temporal: { ...loadConfig(this.workerEnv()).temporal },
      workflowTaskQueue: this.workflowTaskQueue,
      // stigmer-server's Go worker writes its own store directly.
      writeStatus: async (id, status) => {
        await this.backend.store.updateExecutionStatus(id, statusToProto(status));
      },
      logger: this.logger.child({ component: 'dev-workflow' }),
      workflowBundle: await bundle,
      shutdownSignals: [],
    });
    await this.workflowWorker.started;
    const connection = await Connection.connect({ address });
    this.client = new Client({ connection, namespace: 'default', dataConverter: { payloadConverterPath } });
  }

  private async startInProcessWorker(overrides: (config: Config) => ContainerOverrides): Promise<void> {
    const config = loadConfig(this.workerEnv());
    this.worker = await startWorker(config, { logger: this.logger, ...overrides(config) }, []);
    await this.worker.started;
  }
}
