import type { ExecuteAgent } from '../../../src/adapters/temporal';
import type { StigmerBackend } from '../../../src/ports/stigmer-backend.port';
import type { ExecutionRequest } from '../../../src/domain/model/execution';
import { emptyStatus, type ExecutionPhase, type ExecutionStatus } from '../../../src/domain/status/execution-status';

export interface ExecutionCall {
  request: ExecutionRequest;
  threadId: string;
  signal: AbortSignal;
}

/** What one scripted run does; `deliver` sends a terminal status to the backend and returns it. */
export type Script = (call: ExecutionCall, deliver: (phase: ExecutionPhase, text: string) => Promise<ExecutionStatus>) => Promise<ExecutionStatus>;

/**
 * Stands in for the ExecuteAgent use case, honouring its contract: it delivers its terminal status to the
 * backend itself (like the real one) and returns CANCELLED once the signal is aborted.
 */
export class ScriptedExecuteAgent implements ExecuteAgent {
  readonly calls: ExecutionCall[] = [];
  private readonly startedWaiters: (() => void)[] = [];

  constructor(
    private readonly backend: Pick<StigmerBackend, 'updateExecutionStatus'>,
    private script: Script = completeAfter(0),
  ) {}

  use(script: Script): this {
    this.script = script;
    return this;
  }

  async execute(request: ExecutionRequest, threadId: string, signal: AbortSignal): Promise<ExecutionStatus> {
    const call = { request, threadId, signal };
    this.calls.push(call);
    this.startedWaiters.splice(0).forEach((wake) => wake());
    const deliver = async (phase: ExecutionPhase, text: string): Promise<ExecutionStatus> => {
      const status = emptyStatus(phase);
      status.messages.push({ type: phase === 'COMPLETED' ? 'AI' : 'SYSTEM', content: text, timestamp: new Date().toISOString(), toolCalls: [] });
      await this.backend.updateExecutionStatus(request.executionId, status);
      return status;
    };
    return this.script(call, deliver);
  }

  /** Resolves once `count` executions have started. */
  async waitForCalls(count: number): Promise<void> {
    while (this.calls.length < count) await new Promise<void>((resolve) => this.startedWaiters.push(resolve));
  }
}

/** Stays silent for `ms`, then completes; aborting the signal ends it CANCELLED instead. */
export function completeAfter(ms: number): Script {
  return async (call, deliver) => {
    const aborted = await waitOrAbort(ms, call.signal);
    return aborted ? deliver('CANCELLED', 'cancelled') : deliver('COMPLETED', `done: ${call.request.message}`);
  };
}

/** Runs until cancelled, then delivers CANCELLED. */
export const untilCancelled: Script = async (call, deliver) => {
  await waitOrAbort(Number.POSITIVE_INFINITY, call.signal);
  return deliver('CANCELLED', 'cancelled');
};

/** Resolves true when aborted, false when `ms` elapsed. */
export function waitOrAbort(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(true);
    const timer = Number.isFinite(ms) ? setTimeout(() => done(false), ms) : undefined;
    const onAbort = () => done(true);
    function done(aborted: boolean) {
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(aborted);
    }
    signal.addEventListener('abort', onAbort);
  });
}
