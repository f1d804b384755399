import { Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import type { Logger } from '../../../ports/logger.port';
import { temporalConnectionOptions } from '../connection-options';
import { DEFAULT_WORKFLOW_TASK_QUEUE } from '../contract';
import { startManagedWorker, type WorkerHandle } from '../managed-worker';
import { payloadConverterPath } from '../payload/payload-converter';
import { PortBackedTemporalLogger, ensureTemporalRuntime } from '../runtime';
import type { TemporalSettings } from '../settings';
import { createStigmerActivities, type StatusWriter } from './stigmer-activities';

export interface DevWorkflowWorkerDeps {
  /** Connection settings; `taskQueue` here is the runner's queue and is not used by this worker. */
  temporal: TemporalSettings;
  /** Queue the invoke workflow runs on (Go: `agent_execution_stigmer`). */
  workflowTaskQueue?: string;
  writeStatus: StatusWriter;
  logger: Logger;
  /** A bundle from bundleInvokeWorkflow(), to avoid re-bundling (tests build one per file). */
  workflowBundle?: WorkflowBundle;
  shutdownSignals?: NodeJS.Signals[];
}

const WORKFLOWS_PATH = require.resolve('../workflows/index');

/** Bundles the TypeScript invoke workflow with the shared payload converter (takes a few seconds). */
export async function bundleInvokeWorkflow(logger?: Logger): Promise<WorkflowBundle> {
  return bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    payloadConverterPath,
    ...(logger ? { logger: new PortBackedTemporalLogger(logger.child({ component: 'workflow-bundler' })) } : {}),
  });
}

/**
 * Dev stack / tests only: stands in for stigmer-server's Go worker by running the TypeScript copy of the invoke
 * workflow plus its UpdateExecutionStatus and callback activities. The production runner never calls this.
 */
export function runDevWorkflowWorker(deps: DevWorkflowWorkerDeps): WorkerHandle {
  const connection = temporalConnectionOptions(deps.temporal);
  ensureTemporalRuntime(deps.logger);
  const workflowSource = deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath: WORKFLOWS_PATH };
  return startManagedWorker({
    name: 'dev workflow worker',
    connection,
    logger: deps.logger,
    poller: 'workflow',
    shutdownSignals: deps.shutdownSignals ?? ['SIGTERM', 'SIGINT'],
    createWorker: (nativeConnection) =>
      Worker.create({
        connection: nativeConnection,
        namespace: deps.temporal.namespace,
        taskQueue: deps.workflowTaskQueue ?? DEFAULT_WORKFLOW_TASK_QUEUE,
        ...workflowSource,
        activities: createStigmerActivities(deps.writeStatus, deps.logger.child({ component: 'dev-workflow' })),
        dataConverter: { payloadConverterPath },
      }),
  });
}
