import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSandboxBackend } from 'deepagents';
import { createAgentBackend } from '../../src/adapters/langgraph/sandbox/agent-backend';
import { PortBackedSandbox } from '../../src/adapters/langgraph/sandbox/port-backed-sandbox';
import { conversation } from '../support/llm/request-views';
import { buildRuntime, collect, localSandbox, modelFor, ofKind, runRequest, serveScript } from './support/runtime-fixture';

const encode = (text: string) => new TextEncoder().encode(text);

describe('PortBackedSandbox over a real local sandbox', () => {
  let local: Awaited<ReturnType<typeof localSandbox>>;
  let bridge: PortBackedSandbox;
  const controller = new AbortController();

  beforeEach(async () => {
    local = await localSandbox();
    bridge = new PortBackedSandbox(local.sandbox, { env: { PROJECT: 'demo' }, commandTimeoutMs: 400, signal: controller.signal });
  });
  afterEach(() => local.cleanup());

  it('gives every command the run env and none of the worker env', async () => {
    process.env.WORKER_ONLY_SECRET = 'must-not-leak';
    try {
      const result = await bridge.execute('echo "$PROJECT ${WORKER_ONLY_SECRET:-absent}"; pwd');
      expect(result).toEqual({ output: `demo absent\n${local.sandbox.workdir}\n`, exitCode: 0, truncated: false });
    } finally {
      delete process.env.WORKER_ONLY_SECRET;
    }
  });

  it('stops a command at the run timeout and says so', async () => {
    const result = await bridge.execute('echo started; sleep 20');
    expect(result.exitCode).toBeNull();
    expect(result.output).toBe('started\n\n[Command timed out after 400 ms and was stopped]');
  });

  it('reports per-file results for uploads and downloads (partial success)', async () => {
    expect(await bridge.uploadFiles([['ok.txt', encode('fine')], ['../escape.txt', encode('no')]])).toEqual([
      { path: 'ok.txt', error: null },
      { path: '../escape.txt', error: 'invalid_path' },
    ]);
    const [ok, missing] = await bridge.downloadFiles(['ok.txt', 'missing.txt']);
    expect(new TextDecoder().decode(ok.content!)).toBe('fine');
    expect(missing).toEqual({ path: 'missing.txt', content: null, error: 'file_not_found' });
  });

  it('supports every derived file operation through the port', async () => {
    const file = join(local.sandbox.workdir, 'notes.md');
    expect((await bridge.write(file, 'alpha\nbeta\n')).error).toBeUndefined();
    expect((await bridge.edit(file, 'beta', 'gamma')).error).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe('alpha\ngamma\n');
    const read = await bridge.read(file);
    expect(String(read.content)).toContain('gamma');
    expect((await bridge.grep('gamma', local.sandbox.workdir)).matches).toEqual([{ path: file, line: 2, text: 'gamma' }]);
    expect((await bridge.glob('*.md', local.sandbox.workdir)).files?.map((f) => f.path)).toEqual(['notes.md']);
    expect((await bridge.ls(local.sandbox.workdir)).files?.map((f) => f.path)).toContain(file);
  });

  it('stays a sandbox backend (execute available) when wrapped for the state routes', () => {
    expect(isSandboxBackend(createAgentBackend(bridge))).toBe(true);
    expect(createAgentBackend(bridge).id).toBe(local.sandbox.id);
  });
});

describe('large tool results', () => {
  it('are evicted into graph state, not written into the sandbox', async () => {
    const big = { toolCalls: [{ name: 'execute', args: { command: "head -c 120000 /dev/zero | tr '\\0' 'a'" } }] };
    const served = await serveScript('openai', { name: 'big', turns: [big, { text: 'ok' }] });
    const local = await localSandbox();
    try {
      const { runtime } = buildRuntime(served.options);
      const { events, error } = await collect(runtime.run(runRequest(local.sandbox, { model: modelFor('openai') }), new AbortController().signal));
      expect(error).toBeUndefined();
      expect(ofKind(events, 'tool_end')[0].result.length).toBeGreaterThan(100_000);
      const toolMessage = conversation('openai', served.stub!.chatRequests()[1].body).find((line) => line.startsWith('tool:'))!;
      expect(toolMessage).toContain('/large_tool_results/');
      expect(toolMessage.length).toBeLessThan(20_000);
      expect(existsSync(join(local.sandbox.workdir, 'large_tool_results'))).toBe(false);
      expect(existsSync('/large_tool_results')).toBe(false);
    } finally {
      await served.close();
      local.cleanup();
    }
  }, 30_000);
});
