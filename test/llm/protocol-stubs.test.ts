import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { HumanMessage, AIMessage } from '@langchain/core/messages';
import { LangChainChatModelFactory } from '../../src/adapters/llm/langchain-chat-model-factory';
import { startOpenAiStub } from '../support/llm/openai-stub';

const ROOT = join(__dirname, '../..');
const script = { name: 'bench', turns: [{ text: 'first answer' }, { text: 'second answer' }] };

describe('protocol stubs as a benchmark backend', () => {
  it('by-history playback gives every concurrent conversation the script from the start, with the configured latency', async () => {
    const stub = await startOpenAiStub({ script, latencyMs: 150, playback: 'by-history' });
    try {
      const factory = new LangChainChatModelFactory({ maxRetries: 0, openaiApiKey: 'sk-bench', openaiBaseUrl: `${stub.url}/v1` });
      const model = factory.create({ provider: 'openai', model: 'bench', source: 'environment' });
      const started = Date.now();
      const firsts = await Promise.all([1, 2, 3, 4].map(() => model.invoke([new HumanMessage('hi')])));
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      expect(firsts.map((m) => m.text)).toEqual(['first answer', 'first answer', 'first answer', 'first answer']);
      const second = await model.invoke([new HumanMessage('hi'), new AIMessage('first answer'), new HumanMessage('more')]);
      expect(second.text).toBe('second answer');
      // Past the end, the last turn keeps answering (a benchmark never runs dry).
      const beyond = await model.invoke([new HumanMessage('a'), new AIMessage('b'), new HumanMessage('c'), new AIMessage('d'), new HumanMessage('e')]);
      expect(beyond.text).toBe('second answer');
    } finally {
      await stub.close();
    }
  });

  it('runs as a standalone process that prints its base URL and serves the script', async () => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', 'test/support/llm/serve.ts', '--provider', 'openai', '--script', 'examples/scripts/example-agent.yaml', '--playback', 'by-history'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const { baseUrl, url } = JSON.parse(line) as { baseUrl: string; url: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const factory = new LangChainChatModelFactory({ maxRetries: 0, openaiApiKey: 'sk-bench', openaiBaseUrl: baseUrl });
      const answer = await factory.create({ provider: 'openai', model: 'example-agent', source: 'environment' }).invoke([new HumanMessage('go')]);
      expect(answer.text).toBe("I'll plan the work first.");
      expect(answer.tool_calls?.[0]?.name).toBe('write_todos');
    } finally {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 30_000);

  it('the standalone process rejects bad arguments with a clear message', async () => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/support/llm/serve.ts', '--provider', 'gemini', '--script', 'x.yaml'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).not.toBe(0);
    expect(stderr).toContain("option '--provider <name>' argument 'gemini' is invalid");
  }, 30_000);
});
