import { ConfigurationError, ModelError } from '../../src/domain/errors/domain-errors';
import { buildRuntime, collect, localSandbox, modelFor, ofKind, runRequest, serveScript } from './support/runtime-fixture';

async function run(provider: 'scripted' | 'openai', script: object, overrides: Parameters<typeof runRequest>[1] = {}) {
  const served = await serveScript(provider, script as never);
  const local = await localSandbox();
  try {
    const { runtime } = buildRuntime(served.options);
    return await collect(runtime.run(runRequest(local.sandbox, { model: modelFor(provider), ...overrides }), new AbortController().signal));
  } finally {
    await served.close();
    local.cleanup();
  }
}

describe('how a run fails', () => {
  it('names the recursion limit when the agent does not finish in time', async () => {
    const turns = Array.from({ length: 20 }, (_, i) => ({ toolCalls: [{ name: 'execute', args: { command: `echo ${i}` } }] }));
    const { error, events } = await run('scripted', { name: 'endless', turns }, { recursionLimit: 6 });
    expect(error).toBeInstanceOf(ModelError);
    expect((error as Error).message).toBe('the agent did not finish within the recursion limit of 6 steps (AGENT_RECURSION_LIMIT)');
    expect(ofKind(events, 'tool_start').length).toBeGreaterThan(0);
  }, 30_000);

  it('reports a provider rejecting the key as a ModelError naming the variable, never the key', async () => {
    const served = await serveScript('openai', { name: 'x', turns: [{ text: 'never' }] }, { openaiApiKey: undefined, stigmerApiKey: 'sk-wrong-value' }, { requireApiKey: 'sk-right' });
    const local = await localSandbox();
    try {
      const { runtime } = buildRuntime(served.options);
      const { error } = await collect(runtime.run(runRequest(local.sandbox, { model: modelFor('openai') }), new AbortController().signal));
      expect(error).toBeInstanceOf(ModelError);
      expect((error as Error).message).toBe(`openai at ${served.stub!.url}/v1 rejected the API key from STIGMER_LLM_API_KEY (HTTP 401)`);
    } finally {
      await served.close();
      local.cleanup();
    }
  }, 30_000);

  it('fails before any model call when the provider is not configured', async () => {
    const local = await localSandbox();
    try {
      const { runtime } = buildRuntime({ maxRetries: 0 });
      const { error, events } = await collect(runtime.run(runRequest(local.sandbox, { model: modelFor('anthropic') }), new AbortController().signal));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain('ANTHROPIC_API_KEY is not set');
      expect(events).toEqual([]);
    } finally {
      local.cleanup();
    }
  });

  it('a tool that throws fails only that call', async () => {
    const { error, events } = await run('scripted', {
      name: 'bad-task',
      turns: [{ toolCalls: [{ name: 'task', args: { subagent_type: 'nobody', description: 'x' } }] }, { text: 'recovered' }],
    });
    expect(error).toBeUndefined();
    const [failure] = ofKind(events, 'tool_error');
    expect(failure).toMatchObject({ name: 'task' });
    expect(failure.error).toContain('invoked agent of type nobody');
    expect(ofKind(events, 'subagent_end')).toEqual([expect.objectContaining({ id: failure.toolCallId, output: '', error: failure.error })]);
  }, 30_000);
});
