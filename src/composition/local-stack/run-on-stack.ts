import { createLocalRun, type LocalRunRequest } from '../../adapters/local-backend';
import { statusFromProto } from '../../adapters/proto/mapping/status.mapping';
import { startInvokeWorkflow } from '../../adapters/temporal';
import { renderLiveEvents, type RenderLiveEventsOptions } from '../../adapters/terminal';
import type { ExecutionPhase } from '../../domain/status/execution-status';
import type { LiveEventReader } from '../../ports/live-events.port';
import { TOKENS } from '../../ports/tokens';
import type { LocalStack } from './local-stack';

export interface StackRunResult {
  executionId: string;
  sessionId: string;
  phase: ExecutionPhase | undefined;
  error: string;
}

/** How long the live view may lag behind the workflow's end before it is closed (the workflow wrote FAILED itself). */
const AFTER_WORKFLOW_GRACE_MS = 3_000;

/**
 * Creates a session and execution on the embedded backend, starts the invoke workflow and renders the execution's
 * live events until a terminal phase. The final phase is read back from the backend's stored status.
 */
export async function runOnStack(
  stack: LocalStack,
  request: LocalRunRequest,
  out: NodeJS.WritableStream,
  render: RenderLiveEventsOptions = {},
): Promise<StackRunResult> {
  const run = await createLocalRun(stack.backend.store, request);
  const reader = stack.worker.container.get<LiveEventReader>(TOKENS.LiveEventReader);
  const stopFollowing = new AbortController();
  const handle = await startInvokeWorkflow(stack.temporalClient, run.execution);
  // If the activity never ran (or died), the workflow itself writes FAILED and no live event will say so.
  void handle
    .result()
    .catch(() => undefined)
    .then(() => setTimeout(() => stopFollowing.abort(), AFTER_WORKFLOW_GRACE_MS).unref());
  await renderLiveEvents(reader.follow(run.executionId, stopFollowing.signal), out, render);
  await handle.result().catch(() => undefined);
  const stored = stack.backend.store.getExecution(run.executionId)?.status;
  return {
    executionId: run.executionId,
    sessionId: run.sessionId,
    phase: stored ? statusFromProto(stored).phase : undefined,
    error: stored?.error ?? '',
  };
}
