import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { LangGraphAgentRuntime, type LangGraphRuntimeOptions } from '../../../src/adapters/langgraph/langgraph-agent-runtime';
import { LangChainChatModelFactory } from '../../../src/adapters/llm/langchain-chat-model-factory';
import type { LlmClientOptions } from '../../../src/adapters/llm/llm-client-options';
import type { ScriptInput } from '../../../src/adapters/llm/scripted/script.schema';
import { RecordingLogger } from '../../../src/adapters/fakes/recording-logger';
import { InMemoryConversationStore } from '../../../src/adapters/memory/in-memory-conversation-store';
import type { LocalSandbox } from '../../../src/adapters/sandbox/local/local-sandbox';
import { LocalSandboxProvider } from '../../../src/adapters/sandbox/local/local-sandbox-provider';
import type { AgentEvent } from '../../../src/domain/events/agent-event';
import type { LlmProvider } from '../../../src/domain/model-selection/model-selection';
import type { AgentRunRequest } from '../../../src/ports/agent-runtime.port';
import type { ConversationStore } from '../../../src/ports/conversation-store.port';
import { startAnthropicStub } from '../../support/llm/anthropic-stub';
import { startOllamaStub } from '../../support/llm/ollama-stub';
import { startOpenAiStub } from '../../support/llm/openai-stub';
import type { StubOptions, StubServer } from '../../support/llm/stub-server';

type Isolation = 'none' | 'bubblewrap';

/**
 * A real local sandbox in a fresh temp dir. No bubblewrap by default so it runs anywhere;
 * RUNTIME_TEST_ISOLATION=bubblewrap runs the runtime suites under bubblewrap instead.
 */
export async function localSandbox(isolation: Isolation = (process.env.RUNTIME_TEST_ISOLATION as Isolation | undefined) ?? 'none'): Promise<{ sandbox: LocalSandbox; provider: LocalSandboxProvider; cleanup(): void }> {
  const root = mkdtempSync(join(tmpdir(), 'runtime-test-'));
  const provider = new LocalSandboxProvider({ rootDir: root, isolation });
  const sandbox = await provider.create({ org: 'acme', sessionId: 'ses-runtime', executionId: 'aex-runtime' });
  return { sandbox, provider, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export type HttpProvider = Exclude<LlmProvider, 'scripted'>;

export const STUB_STARTERS: Record<HttpProvider, (options: StubOptions) => Promise<StubServer>> = {
  openai: startOpenAiStub,
  anthropic: startAnthropicStub,
  ollama: startOllamaStub,
};

/** Client options pointing every provider at one stub; the keys are fake and only meaningful to the stubs. */
export function clientOptionsFor(provider: HttpProvider, stub: StubServer, overrides: Partial<LlmClientOptions> = {}): LlmClientOptions {
  return {
    maxRetries: 0,
    openaiApiKey: 'sk-test-openai',
    anthropicApiKey: 'sk-ant-test',
    openaiBaseUrl: provider === 'openai' ? `${stub.url}/v1` : undefined,
    anthropicBaseUrl: provider === 'anthropic' ? stub.url : undefined,
    ollamaBaseUrl: provider === 'ollama' ? stub.url : undefined,
    ...overrides,
  };
}

export interface RuntimeUnderTest {
  runtime: LangGraphAgentRuntime;
  logger: RecordingLogger;
  conversations: ConversationStore;
}

export function buildRuntime(options: LlmClientOptions, runtimeOptions: LangGraphRuntimeOptions = {}, conversations?: ConversationStore): RuntimeUnderTest {
  const logger = new RecordingLogger();
  const store = conversations ?? new InMemoryConversationStore({ ttlMs: 600_000, maxCheckpoints: 1_000 });
  return { runtime: new LangGraphAgentRuntime(new LangChainChatModelFactory(options), store, logger, runtimeOptions), logger, conversations: store };
}

export function runRequest(sandbox: AgentRunRequest['sandbox'], overrides: Partial<AgentRunRequest> = {}): AgentRunRequest {
  return {
    executionId: 'aex-runtime',
    threadId: 'thread-runtime',
    systemPrompt: 'You are a careful test agent.',
    sandboxIsolation: 'local test workspace',
    userMessage: 'Do the thing.',
    model: { provider: 'scripted', model: 'example-agent', maxTokens: 321, temperature: 0.25, source: 'environment' },
    sandbox,
    env: {},
    subAgents: [],
    mcpServers: [],
    recursionLimit: 100,
    commandTimeoutMs: 20_000,
    ...overrides,
  };
}

/** Runs to the end; returns the events and the error the run ended with (if any). */
export async function collect(events: AsyncIterable<AgentEvent>): Promise<{ events: AgentEvent[]; error?: unknown }> {
  const seen: AgentEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
    return { events: seen };
  } catch (error) {
    return { events: seen, error };
  }
}

export function ofKind<K extends AgentEvent['kind']>(events: AgentEvent[], kind: K): Extract<AgentEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<AgentEvent, { kind: K }> => e.kind === kind);
}

/** The text a run's main agent streamed, per model turn. */
export function turnTexts(events: AgentEvent[], subAgentId?: string): string[] {
  const texts: string[] = [];
  for (const event of events) {
    if (event.subAgentId !== subAgentId) continue;
    if (event.kind === 'model_turn_start') texts.push('');
    if (event.kind === 'text_token') texts[texts.length - 1] += event.text;
  }
  return texts;
}

/** Writes a script to a temp file for the in-process scripted provider (which reads STIGMER_LLM_SCRIPT). */
export function scriptFile(script: ScriptInput): string {
  const dir = mkdtempSync(join(tmpdir(), 'script-'));
  const path = join(dir, 'script.yaml');
  writeFileSync(path, stringifyYaml(script));
  return path;
}

export interface ServedScript {
  /** Client options that make `provider` play the script. */
  options: LlmClientOptions;
  /** The protocol stub, for HTTP providers. */
  stub?: StubServer;
  close(): Promise<void>;
}

/** Plays a script through `provider`: an in-process scripted model, or the real client against its stub. */
export async function serveScript(
  provider: LlmProvider,
  script: ScriptInput,
  overrides: Partial<LlmClientOptions> = {},
  stubOptions: Omit<StubOptions, 'script'> = {},
): Promise<ServedScript> {
  if (provider === 'scripted') return { options: { maxRetries: 0, scriptPath: scriptFile(script), ...overrides }, close: async () => undefined };
  const stub = await STUB_STARTERS[provider]({ script, ...stubOptions });
  return { options: clientOptionsFor(provider, stub, overrides), stub, close: () => stub.close() };
}

export function modelFor(provider: LlmProvider): AgentRunRequest['model'] {
  return { provider, model: 'test-model', maxTokens: 512, temperature: 0, source: 'environment' };
}
