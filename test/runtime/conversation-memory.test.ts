import type { LlmProvider } from '../../src/domain/model-selection/model-selection';
import { conversation, type ProtocolName } from '../support/llm/request-views';
import { buildRuntime, collect, localSandbox, modelFor, ofKind, runRequest, serveScript, turnTexts } from './support/runtime-fixture';

describe.each<ProtocolName>(['openai', 'anthropic', 'ollama'])('conversation memory through the checkpointer (%s client)', (provider) => {
  it('turn 2 on the same thread sees turn 1; another thread does not', async () => {
    const served = await serveScript(provider, {
      name: 'memory',
      turns: [{ text: 'Hello Ada.' }, { text: 'You are Ada.' }, { text: 'I do not know your name.' }],
    });
    const local = await localSandbox();
    try {
      const { runtime } = buildRuntime(served.options);
      const run = (threadId: string, userMessage: string) =>
        collect(runtime.run(runRequest(local.sandbox, { model: modelFor(provider), threadId, userMessage }), new AbortController().signal));

      expect((await run('thread-a', 'My name is Ada.')).error).toBeUndefined();
      const second = await run('thread-a', 'What is my name?');
      const other = await run('thread-b', 'What is my name?');

      expect(turnTexts(second.events)).toEqual(['You are Ada.']);
      const [, secondCall, otherCall] = served.stub!.chatRequests();
      expect(conversation(provider, secondCall.body)).toEqual(['user: My name is Ada.', 'assistant: Hello Ada.', 'user: What is my name?']);
      expect(conversation(provider, otherCall.body)).toEqual(['user: What is my name?']);
      expect(turnTexts(other.events)).toEqual(['I do not know your name.']);
    } finally {
      await served.close();
      local.cleanup();
    }
  }, 30_000);
});

describe('loop guard state across turns', () => {
  it('starts fresh on each run: 4 identical calls per turn never reach the stop threshold', async () => {
    const call = { toolCalls: [{ name: 'execute', args: { command: 'echo same' } }] };
    // The scripted provider replays its script from the top on every run.
    const served = await serveScript('scripted' as LlmProvider, { name: 'two-turns', turns: [call, call, call, call, { text: 'done' }] });
    const local = await localSandbox();
    try {
      const { runtime } = buildRuntime(served.options);
      const request = runRequest(local.sandbox, { model: modelFor('scripted'), threadId: 'thread-loop' });
      const first = await collect(runtime.run(request, new AbortController().signal));
      const second = await collect(runtime.run({ ...request, userMessage: 'Again.' }, new AbortController().signal));

      for (const turn of [first, second]) {
        expect(turn.error).toBeUndefined();
        expect(ofKind(turn.events, 'tool_start')).toHaveLength(4);
        expect(ofKind(turn.events, 'notice').map((n) => n.level)).toEqual(['info']);
      }
      expect(turnTexts(second.events).at(-1)).toBe('done');
    } finally {
      await served.close();
      local.cleanup();
    }
  }, 30_000);
});
