import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { FakeAgentRuntime } from '../../src/adapters/fakes/fake-agent-runtime';
import { FakeSandboxProvider } from '../../src/adapters/fakes/fake-sandbox';
import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { LangGraphAgentRuntime } from '../../src/adapters/langgraph/langgraph-agent-runtime';
import { LangChainChatModelFactory } from '../../src/adapters/llm/langchain-chat-model-factory';
import { InMemoryConversationStore } from '../../src/adapters/memory/in-memory-conversation-store';
import type { AgentRunRequest } from '../../src/ports/agent-runtime.port';
import type { Sandbox } from '../../src/ports/sandbox.port';
import { describeAgentRuntimeContract } from './agent-runtime.contract';

function request(sandbox: Sandbox, model: string, overrides: Partial<AgentRunRequest> = {}): AgentRunRequest {
  return {
    executionId: 'aex-contract',
    threadId: `thread-contract-${Math.random().toString(36).slice(2)}`,
    systemPrompt: 'You are a careful test agent.',
    sandboxIsolation: 'fake in-memory sandbox',
    userMessage: 'Say hello.',
    model: { provider: 'scripted', model, source: 'environment' },
    sandbox,
    env: {},
    subAgents: [],
    mcpServers: [],
    recursionLimit: 25,
    commandTimeoutMs: 10_000,
    ...overrides,
  };
}

async function fakeSandbox(): Promise<Sandbox> {
  return new FakeSandboxProvider().create({ org: 'o', sessionId: 's', executionId: 'e' });
}

describeAgentRuntimeContract('FakeAgentRuntime', async () => {
  const sandbox = await fakeSandbox();
  const runtime = new FakeAgentRuntime((req) => [
    { event: { kind: 'model_turn_start' } },
    { event: { kind: 'text_token', text: 'Hello' } },
    ...(req.userMessage === 'slow' ? [{ waitMs: 5000 }] : []),
    { event: { kind: 'text_token', text: ' there.' } },
    { event: { kind: 'model_turn_end', toolCalls: [] } },
  ]);
  return {
    runtime,
    quickRequest: () => request(sandbox, 'fake'),
    slowRequest: () => request(sandbox, 'fake', { userMessage: 'slow' }),
    cleanup: async () => undefined,
  };
});

describeAgentRuntimeContract('LangGraphAgentRuntime (scripted model)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agent-runtime-contract-'));
  const quickScript = join(dir, 'quick.yaml');
  const slowScript = join(dir, 'slow.yaml');
  writeFileSync(quickScript, stringifyYaml({ name: 'contract-quick', turns: [{ text: 'Hello from the scripted model.' }] }));
  const longText = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
  writeFileSync(slowScript, stringifyYaml({ name: 'contract-slow', tokenDelayMs: 25, turns: [{ text: longText }] }));
  const sandbox = await fakeSandbox();
  const runtime = new LangGraphAgentRuntime(
    new LangChainChatModelFactory({ provider: 'scripted', maxRetries: 0 }),
    new InMemoryConversationStore({ ttlMs: 600_000, maxCheckpoints: 1_000 }),
    new RecordingLogger(),
  );
  return {
    runtime,
    // No scriptPath in the client options: a model name ending in .yaml is read as the script file.
    quickRequest: () => request(sandbox, quickScript),
    slowRequest: () => request(sandbox, slowScript),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});
