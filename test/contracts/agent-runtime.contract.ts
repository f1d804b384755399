import type { AgentEvent } from '../../src/domain/events/agent-event';
import type { AgentRunRequest, AgentRuntime } from '../../src/ports/agent-runtime.port';

export interface AgentRuntimeSubject {
  runtime: AgentRuntime;
  /** A request whose run streams some text and ends normally, quickly. */
  quickRequest(): AgentRunRequest;
  /** A request whose run emits a text token early and then keeps going for seconds, so it can be aborted mid-way. */
  slowRequest(): AgentRunRequest;
  cleanup(): Promise<void>;
}

/** Generous bound for a run to stop after its signal is aborted; the contract is "promptly", not a timing. */
const STOP_BOUND_MS = 10_000;

interface Outcome {
  events: AgentEvent[];
  error?: unknown;
  /** True when the iteration neither ended nor threw within the bound. */
  hung: boolean;
}

/** Iterates a run, calling `onEvent` for each event, and gives up (hung) after STOP_BOUND_MS of waiting. */
async function drive(events: AsyncIterable<AgentEvent>, onEvent: (event: AgentEvent) => void = () => undefined): Promise<Outcome> {
  const seen: AgentEvent[] = [];
  const iterator = events[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), STOP_BOUND_MS);
  });
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), hung]);
      if (next === 'hung') {
        void iterator.return?.().catch(() => undefined);
        return { events: seen, hung: true };
      }
      if (next.done) return { events: seen, hung: false };
      seen.push(next.value);
      onEvent(next.value);
    }
  } catch (error) {
    return { events: seen, error, hung: false };
  } finally {
    clearTimeout(timer);
  }
}

/** Behaviour every AgentRuntime must show (run against the fake runtime and the LangGraph runtime). */
export function describeAgentRuntimeContract(name: string, factory: () => Promise<AgentRuntimeSubject>): void {
  describe(`AgentRuntime contract: ${name}`, () => {
    let subject: AgentRuntimeSubject;

    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    it('runs a simple request to a normal end, streaming at least one text token', async () => {
      const outcome = await drive(subject.runtime.run(subject.quickRequest(), new AbortController().signal));

      expect(outcome.hung).toBe(false);
      expect(outcome.error).toBeUndefined();
      const kinds = outcome.events.map((e) => e.kind);
      expect(kinds).toContain('text_token');
      const text = outcome.events.flatMap((e) => (e.kind === 'text_token' ? [e.text] : [])).join('');
      expect(text.length).toBeGreaterThan(0);
    });

    it('throws instead of running when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('cancelled before the run'));

      const outcome = await drive(subject.runtime.run(subject.slowRequest(), controller.signal));

      expect(outcome.hung).toBe(false);
      expect(outcome.error).toBeDefined();
      expect(outcome.events.filter((e) => e.kind === 'text_token')).toHaveLength(0);
    });

    it('stops by throwing when the signal is aborted while running', async () => {
      const controller = new AbortController();

      const outcome = await drive(subject.runtime.run(subject.slowRequest(), controller.signal), (event) => {
        if (event.kind === 'text_token' && !controller.signal.aborted) controller.abort(new Error('cancelled mid-run'));
      });

      expect(controller.signal.aborted).toBe(true);
      expect(outcome.hung).toBe(false);
      expect(outcome.error).toBeDefined();
      expect(outcome.events.some((e) => e.kind === 'text_token')).toBe(true);
    });
  });
}
