import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError } from '../../src/domain/errors/domain-errors';
import type { AgentEvent } from '../../src/domain/events/agent-event';
import type { LlmProvider } from '../../src/domain/model-selection/model-selection';
import type { StubServer } from '../support/llm/stub-server';
import { buildRuntime, localSandbox, modelFor, runRequest, serveScript } from './support/runtime-fixture';

/** Generous bound: cancellation must end the run promptly, not wait for the model or the command to finish. */
const PROMPT_END_MS = 5_000;

interface CancelledRun {
  events: AgentEvent[];
  error: unknown;
  /** Time from abort to the end of the iteration. */
  endedAfterMs: number;
}

/** Iterates a run and aborts once `abortWhen` says so (checked on each event and every 20 ms). */
async function runAndCancel(
  provider: LlmProvider,
  script: object,
  abortWhen: (events: AgentEvent[], workdir: string, stub?: StubServer) => boolean,
  isolation?: 'none',
) {
  const served = await serveScript(provider, script as never);
  const local = await localSandbox(isolation);
  const controller = new AbortController();
  const events: AgentEvent[] = [];
  let abortedAt = 0;
  const watcher = setInterval(() => {
    if (!abortedAt && abortWhen(events, local.sandbox.workdir, served.stub)) {
      abortedAt = Date.now();
      controller.abort(new Error('cancelled by the test'));
    }
  }, 20);
  try {
    const { runtime } = buildRuntime(served.options);
    let error: unknown;
    try {
      for await (const event of runtime.run(runRequest(local.sandbox, { model: modelFor(provider) }), controller.signal)) events.push(event);
    } catch (err) {
      error = err;
    }
    const run: CancelledRun = { events, error, endedAfterMs: Date.now() - abortedAt };
    // The HTTP request itself must be abandoned too, not left running after the graph stopped.
    const deadline = Date.now() + PROMPT_END_MS;
    while (served.stub && served.stub.abandonedCalls() === 0 && Date.now() < deadline) await sleep(20);
    return { run, workdir: local.sandbox.workdir, stub: served.stub };
  } finally {
    clearInterval(watcher);
    await served.close();
    local.cleanup();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.each<LlmProvider>(['scripted', 'openai', 'anthropic', 'ollama'])('cancellation (%s client)', (provider) => {
  it('mid-stream: stops the token stream and ends the run with CancelledError', async () => {
    const longText = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const { run, stub } = await runAndCancel(provider, { name: 'slow-text', tokenDelayMs: 25, turns: [{ text: longText }] }, (events) =>
      events.some((e) => e.kind === 'text_token'),
    );

    expect(run.error).toBeInstanceOf(CancelledError);
    expect((run.error as Error).message).toBe('cancelled by the test');
    expect(run.endedAfterMs).toBeLessThan(PROMPT_END_MS);
    const streamed = run.events.filter((e) => e.kind === 'text_token').length;
    expect(streamed).toBeGreaterThan(0);
    expect(streamed).toBeLessThan(400);
    if (stub) expect(stub.chatRequests()).toHaveLength(1);
    if (stub) expect(stub.abandonedCalls()).toBe(1);
  }, 30_000);

  it('before the first token: a model still thinking is abandoned at once', async () => {
    // Abort once the model call is really waiting on the provider (for the scripted model, once the turn began).
    const { run, stub } = await runAndCancel(provider, { name: 'slow-start', latencyMs: 60_000, turns: [{ text: 'too late' }] }, (events, _workdir, server) =>
      server ? server.chatRequests().length > 0 : events.some((e) => e.kind === 'model_turn_start'),
    );
    expect(run.error).toBeInstanceOf(CancelledError);
    expect(run.endedAfterMs).toBeLessThan(PROMPT_END_MS);
    if (stub) expect(stub.abandonedCalls()).toBe(1);
  }, 30_000);
});

describe('cancellation during a command', () => {
  it('kills the running command and its children: no orphan process is left', async () => {
    // The shell starts a background child and waits for it; the test kills neither. Host isolation only: under
    // bubblewrap the PIDs the command sees are in its own namespace, which dies with it anyway.
    const command = 'sleep 60 & echo $! > child.pid; echo $$ > shell.pid; wait';
    let pids: number[] = [];
    const { run } = await runAndCancel('scripted', { name: 'long-command', turns: [{ toolCalls: [{ name: 'execute', args: { command } }] }, { text: 'never' }] }, (_events, workdir) => {
      const files = ['child.pid', 'shell.pid'].map((f) => join(workdir, f));
      if (!files.every((f) => existsSync(f) && readFileSync(f, 'utf8').trim())) return false;
      pids = files.map((f) => Number(readFileSync(f, 'utf8').trim()));
      return true;
    }, 'none');

    expect(run.error).toBeInstanceOf(CancelledError);
    expect(run.endedAfterMs).toBeLessThan(PROMPT_END_MS);
    expect(pids).toHaveLength(2);
    const deadline = Date.now() + PROMPT_END_MS;
    while (pids.some(isAlive) && Date.now() < deadline) await sleep(50);
    expect(pids.filter(isAlive)).toEqual([]);
  }, 30_000);
});
