import { STOPPED_ANSWER } from '../../src/adapters/langgraph/loop-guard/loop-guard.middleware';
import type { LlmProvider } from '../../src/domain/model-selection/model-selection';
import { conversation, type ProtocolName } from '../support/llm/request-views';
import { buildRuntime, collect, localSandbox, modelFor, ofKind, runRequest, serveScript, turnTexts } from './support/runtime-fixture';

const STUCK_CALL = { name: 'execute', args: { command: 'echo same' } };
const FINAL_ANSWER = 'I could not make progress: the command always prints the same thing.';

/** A model that repeats one tool call forever, unless it is asked to stop (then it answers). */
const stuckButObedient = {
  name: 'stuck',
  turns: [
    { when: { lastMessageIncludes: '[loop guard] STOP' }, text: FINAL_ANSWER },
    { repeat: true, toolCalls: [STUCK_CALL] },
  ],
};

async function runScript(provider: LlmProvider, script: object) {
  const served = await serveScript(provider, script as never);
  const local = await localSandbox();
  try {
    const { runtime, logger } = buildRuntime(served.options);
    const result = await collect(runtime.run(runRequest(local.sandbox, { model: modelFor(provider) }), new AbortController().signal));
    return { ...result, logger, requests: served.stub?.chatRequests() ?? [] };
  } finally {
    await served.close();
    local.cleanup();
  }
}

describe.each<LlmProvider>(['scripted', 'openai', 'anthropic', 'ollama'])('loop guard in a real graph (%s client)', (provider) => {
  it('stops a model repeating the same call: 4 run, the 5th is refused, a final answer ends the run and a notice says why', async () => {
    const { events, error, requests, logger } = await runScript(provider, stuckButObedient);

    expect(error).toBeUndefined();
    const requested = ofKind(events, 'model_turn_end').flatMap((e) => e.toolCalls.map((c) => c.name));
    expect(requested).toEqual(['execute', 'execute', 'execute', 'execute', 'execute']);
    expect(ofKind(events, 'tool_start').map((e) => e.name)).toEqual(['execute', 'execute', 'execute', 'execute']);
    expect(turnTexts(events).at(-1)).toBe(FINAL_ANSWER);
    // The refused 5th call is reported as failed, so no requested call is left pending.
    const fifth = ofKind(events, 'model_turn_end')[4].toolCalls[0];
    expect(ofKind(events, 'tool_error')).toEqual([{ kind: 'tool_error', toolCallId: fifth.id, name: 'execute', error: '[loop guard] Not run: repeated identical call to `execute`.' }]);

    const notices = ofKind(events, 'notice');
    expect(notices.map((n) => n.level)).toEqual(['info', 'warning']);
    expect(notices[1].message).toMatch(/loop guard stopped the run: `execute` was called with identical arguments 5 times within the last 10 tool calls/);
    expect(logger.records.some((r) => r.level === 'warn' && String(r.fields.notice).includes('loop guard stopped the run'))).toBe(true);

    if (provider !== 'scripted') {
      // The provider accepted the guard's messages: a warning inside the 3rd tool result, then a user message.
      const seen = conversation(provider as ProtocolName, requests.at(-1)!.body).join('\n');
      expect(seen.match(/\[loop guard\] You have called `execute` with the same arguments 3 times in a row/g)).toHaveLength(1);
      expect(seen).toContain('[loop guard] STOP');
      expect(requests).toHaveLength(6);
      // The final call forbids tools where the protocol can say so (Ollama has no tool_choice).
      const expectedChoice = { openai: 'none', anthropic: { type: 'none' }, ollama: undefined }[provider as ProtocolName];
      expect(requests.at(-1)!.body.tool_choice).toEqual(expectedChoice);
      expect(requests.slice(0, -1).every((r) => r.body.tool_choice === undefined || r.body.tool_choice === 'auto')).toBe(true);
    }
  }, 30_000);
});

describe('loop guard when the model ignores the stop request', () => {
  it('drops its tool calls and ends the run on a final AI message', async () => {
    const { events, error } = await runScript('scripted', { name: 'stubborn', turns: [{ repeat: true, toolCalls: [STUCK_CALL] }] });

    expect(error).toBeUndefined();
    expect(ofKind(events, 'tool_start')).toHaveLength(4);
    const ends = ofKind(events, 'model_turn_end');
    expect(ends).toHaveLength(6);
    expect(ends.at(-1)!.toolCalls).toEqual([]);
    expect(turnTexts(events).at(-1)).toBe(STOPPED_ANSWER);
  }, 30_000);
});

describe('loop guard below the stop threshold', () => {
  it('warns once after 3 identical calls in a row and lets the model change course', async () => {
    const script = {
      name: 'recovers',
      turns: [
        { toolCalls: [STUCK_CALL] },
        { toolCalls: [STUCK_CALL] },
        { toolCalls: [STUCK_CALL] },
        { toolCalls: [{ name: 'execute', args: { command: 'echo different' } }] },
        { toolCalls: [STUCK_CALL] },
        { text: 'Done.' },
      ],
    };
    const { events, error, requests } = await runScript('openai', script);

    expect(error).toBeUndefined();
    expect(ofKind(events, 'tool_start')).toHaveLength(5);
    expect(ofKind(events, 'notice').map((n) => n.level)).toEqual(['info']);
    const seen = conversation('openai', requests.at(-1)!.body).join('\n');
    expect(seen.match(/\[loop guard\]/g)).toHaveLength(1);
    expect(turnTexts(events).at(-1)).toBe('Done.');
  }, 30_000);

  it('counts arguments canonically: the same call with keys in another order is still the same call', async () => {
    const turns = [0, 1, 2, 3, 4, 5].map((i) => ({ toolCalls: [{ name: 'grep', args: i % 2 ? { pattern: 'x', path: '.' } : { path: '.', pattern: 'x' } }] }));
    const { events } = await runScript('scripted', { name: 'reordered', turns: [{ when: { lastMessageIncludes: '[loop guard] STOP' }, text: 'ok' }, ...turns] });
    expect(ofKind(events, 'tool_start')).toHaveLength(4);
    expect(ofKind(events, 'notice').map((n) => n.level)).toEqual(['info', 'warning']);
  }, 30_000);
});
