import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { createServer } from 'node:net';
import { z } from 'zod';
import { LangChainChatModelFactory } from '../../src/adapters/llm/langchain-chat-model-factory';
import type { LlmClientOptions } from '../../src/adapters/llm/llm-client-options';
import { ConfigurationError, ModelError } from '../../src/domain/errors/domain-errors';
import type { LlmProvider, ModelSelection } from '../../src/domain/model-selection/model-selection';
import { maxTokens, temperature, type ProtocolName } from '../support/llm/request-views';
import type { StubOptions, StubServer } from '../support/llm/stub-server';
import { clientOptionsFor, STUB_STARTERS } from '../runtime/support/runtime-fixture';

const lookup = tool(async () => 'found', { name: 'lookup', description: 'Looks a word up.', schema: z.object({ word: z.string() }) });
const twoTurns = { name: 'factory', turns: [{ text: 'Let me look.', toolCalls: [{ name: 'lookup', args: { word: 'sandbox' } }] }, { text: 'All done.' }] };

function selection(provider: LlmProvider, overrides: Partial<ModelSelection> = {}): ModelSelection {
  return { provider, model: 'model-x', maxTokens: 777, temperature: 0.4, source: 'environment', ...overrides };
}

async function withStub<T>(provider: ProtocolName, options: Omit<StubOptions, 'script'> & { script?: StubOptions['script'] }, fn: (stub: StubServer) => Promise<T>): Promise<T> {
  const stub = await STUB_STARTERS[provider]({ script: twoTurns, ...options });
  try {
    return await fn(stub);
  } finally {
    await stub.close();
  }
}

/** A port nothing listens on: bind, read the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each<ProtocolName>(['openai', 'anthropic', 'ollama'])('%s client against its protocol stub', (provider) => {
  const factoryFor = (stub: StubServer, overrides: Partial<LlmClientOptions> = {}) => new LangChainChatModelFactory(clientOptionsFor(provider, stub, overrides));

  it('streams text and tool calls, and applies maxTokens and temperature', async () => {
    await withStub(provider, {}, async (stub) => {
      const model = factoryFor(stub).create(selection(provider)).bindTools!([lookup]);
      const chunks = [];
      for await (const chunk of await model.stream([new HumanMessage('hi')])) chunks.push(chunk);
      const text = chunks.map((c) => c.text).join('');
      const calls = chunks.flatMap((c) => c.tool_call_chunks ?? []);
      expect(text).toBe('Let me look.');
      expect(chunks.filter((c) => c.text).length).toBeGreaterThan(1);
      expect(calls.find((c) => c.name)?.name).toBe('lookup');
      expect(JSON.parse(calls.map((c) => c.args ?? '').join(''))).toEqual({ word: 'sandbox' });

      const answer = await model.invoke([new HumanMessage('hi')]);
      expect(answer.text).toBe('All done.');
      for (const request of stub.chatRequests()) {
        expect(maxTokens(provider, request.body)).toBe(777);
        expect(temperature(provider, request.body)).toBe(0.4);
        expect(request.body.model).toBe('model-x');
      }
    });
  });

  it('retries a 429 (without retry-after) and a 500, then answers', async () => {
    const script = { name: 'flaky', turns: [{ text: 'after 429', faults: [{ status: 429 }] }, { text: 'after 500', faults: [{ status: 500 }] }] };
    await withStub(provider, { script }, async (stub) => {
      const model = factoryFor(stub, { maxRetries: 2 }).create(selection(provider));
      expect((await model.invoke([new HumanMessage('a')])).text).toBe('after 429');
      expect((await model.invoke([new HumanMessage('b')])).text).toBe('after 500');
      expect(stub.chatRequests()).toHaveLength(4);
    });
  }, 30_000);

  it('gives up after maxRetries with an error naming the endpoint and the status', async () => {
    const script = { name: 'down', turns: [{ text: 'never', faults: [{ status: 503 }, { status: 503 }, { status: 503 }] }] };
    await withStub(provider, { script }, async (stub) => {
      const model = factoryFor(stub, { maxRetries: 1 }).create(selection(provider)).bindTools!([lookup]);
      const failure = model.invoke([new HumanMessage('a')]);
      await expect(failure).rejects.toBeInstanceOf(ModelError);
      await expect(failure).rejects.toThrow(`${provider} at ${provider === 'openai' ? `${stub.url}/v1` : stub.url} failed with HTTP 503 after 1 retries`);
      expect(stub.chatRequests()).toHaveLength(2);
    });
  }, 30_000);

  it('says which endpoint is unreachable', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const factory = new LangChainChatModelFactory({
      maxRetries: 0,
      openaiApiKey: 'sk-a',
      anthropicApiKey: 'sk-b',
      openaiBaseUrl: url,
      anthropicBaseUrl: url,
      ollamaBaseUrl: url,
    });
    await expect(factory.create(selection(provider)).invoke([new HumanMessage('a')])).rejects.toThrow(`cannot reach ${provider} at ${url}`);
    await expect(factory.check(selection(provider))).rejects.toThrow(new RegExp(`cannot reach ${provider} at ${url}/.*ECONNREFUSED`));
  });

  it('check() passes against a live endpoint', async () => {
    await withStub(provider, {}, async (stub) => {
      await expect(factoryFor(stub).check(selection(provider, { model: 'factory' }))).resolves.toBeUndefined();
    });
  });
});

describe.each<[ProtocolName, string, keyof LlmClientOptions]>([
  ['openai', 'OPENAI_API_KEY', 'openaiApiKey'],
  ['anthropic', 'ANTHROPIC_API_KEY', 'anthropicApiKey'],
])('%s API keys', (provider, variable, field) => {
  const otherField: keyof LlmClientOptions = field === 'openaiApiKey' ? 'anthropicApiKey' : 'openaiApiKey';

  it(`names ${variable} when no key is set, and never borrows the other provider's key`, () => {
    const factory = new LangChainChatModelFactory({ maxRetries: 0, [otherField]: 'sk-other-provider' });
    expect(() => factory.create(selection(provider))).toThrow(ConfigurationError);
    expect(() => factory.create(selection(provider))).toThrow(`${variable} is not set`);
  });

  it('uses its own key, else STIGMER_LLM_API_KEY', async () => {
    await withStub(provider, { requireApiKey: 'sk-own' }, async (stub) => {
      const own = new LangChainChatModelFactory(clientOptionsFor(provider, stub, { [field]: 'sk-own', stigmerApiKey: 'sk-shared' }));
      await expect(own.create(selection(provider)).invoke([new HumanMessage('a')])).resolves.toBeDefined();
    });
    await withStub(provider, { requireApiKey: 'sk-shared' }, async (stub) => {
      const shared = new LangChainChatModelFactory(clientOptionsFor(provider, stub, { [field]: undefined, [otherField]: 'sk-other', stigmerApiKey: 'sk-shared' }));
      await expect(shared.create(selection(provider)).invoke([new HumanMessage('a')])).resolves.toBeDefined();
    });
  });

  it('reports a rejected key with the variable it came from, without the key, and does not retry it', async () => {
    await withStub(provider, { requireApiKey: 'sk-right' }, async (stub) => {
      const factory = new LangChainChatModelFactory(clientOptionsFor(provider, stub, { [field]: 'sk-wrong-secret-value', maxRetries: 3 }));
      const model = factory.create(selection(provider)).bindTools!([lookup]);
      const error = await model.invoke([new HumanMessage('a')]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ModelError);
      expect((error as Error).message).toContain(`rejected the API key from ${variable} (HTTP 401)`);
      expect((error as Error).message).not.toContain('sk-wrong-secret-value');
      expect(stub.chatRequests()).toHaveLength(1);
      await expect(factory.check(selection(provider))).rejects.toThrow(`rejected the API key from ${variable} (HTTP 401)`);
    });
  });

  it('reports the same way on the content-block event stream (streamEvents v3 path)', async () => {
    await withStub(provider, { requireApiKey: 'sk-right' }, async (stub) => {
      const factory = new LangChainChatModelFactory(clientOptionsFor(provider, stub, { [field]: 'sk-wrong' }));
      const drain = async () => {
        for await (const event of factory.create(selection(provider))._streamChatModelEvents([new HumanMessage('a')], {} as never)) void event;
      };
      await expect(drain()).rejects.toThrow(`rejected the API key from ${variable} (HTTP 401)`);
    });
  });
});

describe('base URLs', () => {
  it('STIGMER_LLM_BASE_URL only applies to the configured provider', async () => {
    await withStub('openai', {}, async (stub) => {
      const factory = new LangChainChatModelFactory({ maxRetries: 0, provider: 'openai', baseUrl: `${stub.url}/v1`, openaiApiKey: 'sk-a' });
      await expect(factory.create(selection('openai')).invoke([new HumanMessage('a')])).resolves.toBeDefined();
      expect(stub.chatRequests()).toHaveLength(1);
      // Not borrowed by another provider: ollama still has no address.
      expect(() => factory.create(selection('ollama'))).toThrow('OLLAMA_BASE_URL is not set');
    });
  });

  it('ollama needs OLLAMA_BASE_URL', () => {
    expect(() => new LangChainChatModelFactory({ maxRetries: 0 }).create(selection('ollama'))).toThrow('OLLAMA_BASE_URL is not set');
  });

  it('ollama check() names a model that is not pulled', async () => {
    await withStub('ollama', {}, async (stub) => {
      const factory = new LangChainChatModelFactory({ maxRetries: 0, ollamaBaseUrl: stub.url });
      await expect(factory.check(selection('ollama', { model: 'qwen2.5-coder:7b' }))).rejects.toThrow(
        `ollama at ${stub.url} does not have model "qwen2.5-coder:7b" (run: ollama pull qwen2.5-coder:7b); it has: factory`,
      );
    });
  });
});
