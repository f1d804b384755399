import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { runDevWorkflowWorker, runWorker, type WorkerHandle } from '../../../src/adapters/temporal';
import { payloadConverterPath } from '../../../src/adapters/temporal/payload/payload-converter';
import type { TemporalSettings } from '../../../src/adapters/temporal/settings';
import { FakeStigmerBackend } from '../../../src/adapters/fakes/fake-stigmer-backend';
import { RecordingLogger } from '../../../src/adapters/fakes/recording-logger';
import { RecordingMetrics } from '../../../src/adapters/fakes/recording-metrics';
import type { DevServer } from '../../../src/adapters/temporal/dev/temporal-dev-server';
import { ScriptedExecuteAgent, type Script } from './scripted-execute-agent';

/** Bundles test/support/temporal/test-workflows.ts (the invoke workflow + the raw-payload caller) once per file. */
export function bundleTestWorkflows(): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: require.resolve('./test-workflows'),
    payloadConverterPath,
    logger: new DefaultLogger('WARN'),
  });
}

export function settingsFor(server: DevServer, overrides: Partial<TemporalSettings> = {}): TemporalSettings {
  return {
    address: server.address,
    namespace: server.namespace,
    taskQueue: `runner-${randomUUID()}`,
    maxConcurrency: 4,
    tls: false,
    shutdownGraceMs: 5_000,
    heartbeatIntervalMs: 1_000,
    ...overrides,
  };
}

export interface RunnerUnderTest {
  agent: ScriptedExecuteAgent;
  handle: WorkerHandle;
  settings: TemporalSettings;
  metrics: RecordingMetrics;
}

/**
 * One dev server's worth of test plumbing: a client with the shared payload converter, the dev workflow worker
 * (TS copy of the Go workflow) writing into a fake backend, and runner workers on per-test task queues.
 */
export class TestStack {
  readonly logger = new RecordingLogger();
  readonly workflowTaskQueue = `stigmer-${randomUUID()}`;
  private readonly runners: WorkerHandle[] = [];
  private workflowWorker: WorkerHandle | undefined;

  private constructor(
    readonly server: DevServer,
    readonly client: Client,
    /** Receives the use case's deliveries and the workflow's FAILED writes (like stigmer-server's store). */
    readonly backend: FakeStigmerBackend,
  ) {}

  static async start(server: DevServer, workflowBundle: WorkflowBundle): Promise<TestStack> {
    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, namespace: server.namespace, dataConverter: { payloadConverterPath } });
    const stack = new TestStack(server, client, new FakeStigmerBackend());
    stack.workflowWorker = runDevWorkflowWorker({
      temporal: settingsFor(server),
      workflowTaskQueue: stack.workflowTaskQueue,
      writeStatus: (id, status) => stack.backend.updateExecutionStatus(id, status),
      logger: stack.logger,
      workflowBundle,
      shutdownSignals: [],
    });
    await stack.workflowWorker.started;
    return stack;
  }

  /** Starts an activities-only runner worker on its own task queue. */
  async startRunner(script: Script, overrides: Partial<TemporalSettings> = {}): Promise<RunnerUnderTest> {
    const agent = new ScriptedExecuteAgent(this.backend, script);
    const settings = settingsFor(this.server, overrides);
    const metrics = new RecordingMetrics();
    const handle = runWorker({
      temporal: settings,
      executeAgent: agent,
      cleanupSandbox: async () => undefined,
      logger: this.logger,
      metrics,
      shutdownSignals: [],
    });
    this.runners.push(handle);
    await handle.started;
    return { agent, handle, settings, metrics };
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.runners.map((runner) => runner.shutdown()));
    await this.workflowWorker?.shutdown().catch(() => undefined);
    await this.client.connection.close();
  }
}
