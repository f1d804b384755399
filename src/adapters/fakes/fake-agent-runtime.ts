import type { AgentEvent } from '../../domain/events/agent-event';
import type { AgentRunRequest, AgentRuntime } from '../../ports/agent-runtime.port';

/** One step of a scripted run: emit an event, wait, throw, or run a callback with the request (e.g. touch the sandbox). */
export type FakeRunStep =
  | { event: AgentEvent }
  | { waitMs: number }
  | { fail: Error }
  | { act: (request: AgentRunRequest, signal: AbortSignal) => Promise<void> | void };

/**
 * Agent runtime that plays a fixed list of steps. Honours the abort signal between and during waits, like the
 * real runtime stops its model stream.
 */
export class FakeAgentRuntime implements AgentRuntime {
  readonly requests: AgentRunRequest[] = [];

  constructor(private readonly steps: FakeRunStep[] | ((request: AgentRunRequest) => FakeRunStep[])) {}

  async *run(request: AgentRunRequest, signal: AbortSignal): AsyncIterable<AgentEvent> {
    this.requests.push(request);
    const steps = typeof this.steps === 'function' ? this.steps(request) : this.steps;
    for (const step of steps) {
      signal.throwIfAborted();
      if ('event' in step) yield step.event;
      else if ('waitMs' in step) await abortableWait(step.waitMs, signal);
      else if ('fail' in step) throw step.fail;
      else await step.act(request, signal);
    }
  }
}

function abortableWait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
