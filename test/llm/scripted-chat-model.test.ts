import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { LangChainChatModelFactory } from '../../src/adapters/llm/langchain-chat-model-factory';
import { resolveScriptPath } from '../../src/adapters/llm/scripted/create-scripted-model';
import { parseScript } from '../../src/adapters/llm/scripted/load-script';
import { ScriptPlayer } from '../../src/adapters/llm/scripted/script-player';
import { ScriptedChatModel } from '../../src/adapters/llm/scripted/scripted-chat-model';
import { retryTransientFailures } from '../../src/adapters/llm/retry-policy';
import { ConfigurationError } from '../../src/domain/errors/domain-errors';
import type { ModelSelection } from '../../src/domain/model-selection/model-selection';

const scripted = (model: string): ModelSelection => ({ provider: 'scripted', model, source: 'environment' });
const echo = tool(async () => 'ok', { name: 'echo', description: 'Echoes.', schema: z.object({ text: z.string() }) });

function modelFor(turns: object[], maxRetries = 0) {
  return new ScriptedChatModel(new ScriptPlayer(parseScript({ name: 'unit', turns })), { maxRetries, onFailedAttempt: retryTransientFailures });
}

describe('ScriptedChatModel', () => {
  it('streams the text token by token and the tool calls through bindTools, labelled "scripted"', async () => {
    const model = modelFor([{ text: 'Calling echo now.', toolCalls: [{ name: 'echo', args: { text: 'hi' } }] }]);
    const bound = model.bindTools([echo]);
    const chunks = [];
    for await (const chunk of await bound.stream([new HumanMessage('go')])) chunks.push(chunk);
    expect(chunks.filter((c) => c.text).map((c) => c.text)).toEqual(['Calling ', 'echo ', 'now.']);
    const merged = chunks.reduce((a, b) => a.concat(b));
    expect(merged.tool_calls).toEqual([{ name: 'echo', args: { text: 'hi' }, id: 'call_1_0', type: 'tool_call' }]);
    expect(merged.response_metadata).toMatchObject({ model_provider: 'scripted', model_name: 'unit' });
    expect(model._llmType()).toBe('scripted');
    expect(model.getLsParams({} as never)).toMatchObject({ ls_provider: 'scripted', ls_model_name: 'unit' });
  });

  it('retries a transient scripted fault like a provider error, but not a 400', async () => {
    const model = modelFor([{ text: 'recovered', faults: [{ status: 503 }] }, { text: 'never', faults: [{ status: 400, message: 'bad request' }] }], 2);
    expect((await model.invoke([new HumanMessage('a')])).text).toBe('recovered');
    await expect(model.invoke([new HumanMessage('b')])).rejects.toThrow('bad request');
  }, 15_000);

  it('honours the abort signal while waiting', async () => {
    const model = modelFor([{ text: 'late', latencyMs: 30_000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    await expect(model.invoke([new HumanMessage('a')], { signal: controller.signal })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('scripted provider through the factory', () => {
  it('finds a shipped script by model name', () => {
    expect(resolveScriptPath(scripted('example'), { maxRetries: 0 })).toMatch(/examples\/scripts\/example-agent\.yaml$/);
    expect(resolveScriptPath(scripted('example-agent'), { maxRetries: 0 })).toMatch(/examples\/scripts\/example-agent\.yaml$/);
  });

  it('plays STIGMER_LLM_SCRIPT, one fresh player per model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scripted-'));
    const path = join(dir, 'hello.json');
    writeFileSync(path, JSON.stringify({ name: 'hello', turns: [{ text: 'Hello!' }] }));
    const factory = new LangChainChatModelFactory({ maxRetries: 0, scriptPath: path });
    await expect(factory.check(scripted('anything'))).resolves.toBeUndefined();
    expect((await factory.create(scripted('anything')).invoke([new HumanMessage('a')])).text).toBe('Hello!');
    expect((await factory.create(scripted('anything')).invoke([new HumanMessage('a')])).text).toBe('Hello!');
  });

  it('explains a missing or broken script', async () => {
    const factory = new LangChainChatModelFactory({ maxRetries: 0 });
    expect(() => factory.create(scripted('no-such-script'))).toThrow(ConfigurationError);
    expect(() => factory.create(scripted('no-such-script'))).toThrow(/no script for the scripted model "no-such-script": set STIGMER_LLM_SCRIPT/);
    const dir = mkdtempSync(join(tmpdir(), 'scripted-'));
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'name: broken\nturns:\n  - latencyMs: -1\n');
    await expect(new LangChainChatModelFactory({ maxRetries: 0, scriptPath: path }).check(scripted('x'))).rejects.toThrow(/turns\.0/);
  });
});
