import { existsSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LangGraphAgentRuntime } from '../../src/adapters/langgraph/langgraph-agent-runtime';
import { LangChainChatModelFactory } from '../../src/adapters/llm/langchain-chat-model-factory';
import { loadScriptFile } from '../../src/adapters/llm/scripted/load-script';
import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { InMemoryConversationStore } from '../../src/adapters/memory/in-memory-conversation-store';
import { LocalSandboxProvider } from '../../src/adapters/sandbox/local/local-sandbox-provider';
import type { LlmProvider } from '../../src/domain/model-selection/model-selection';
import type { ExecutionStatus } from '../../src/domain/status/execution-status';
import type { StubServer } from '../support/llm/stub-server';
import { agent, executionRequest, ids, seededBackend, CANARY_SECRET } from '../support/fixtures';
import { buildHarness, testSettings } from '../support/use-case-harness';
import { clientOptionsFor, STUB_STARTERS, type HttpProvider } from './support/runtime-fixture';

const SCRIPT_PATH = join(__dirname, '../../examples/scripts/example-agent.yaml');

/**
 * Acceptance, end to end through the ExecuteAgent use case: real runtime, real local sandbox, real provider client
 * against its protocol stub, playing the example script. The stored status is what stigmer-server would keep.
 */
describe.each<LlmProvider>(['openai', 'anthropic', 'ollama', 'scripted'])('ExecuteAgent with the real runtime and the %s client', (provider) => {
  let status: ExecutionStatus;
  let stored: ExecutionStatus;
  let workspace: string;
  let stub: StubServer | undefined;
  let root: string;
  let logs: RecordingLogger;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'acceptance-'));
    if (provider !== 'scripted') stub = await STUB_STARTERS[provider]({ script: loadScriptFile(SCRIPT_PATH) });
    const clientOptions = stub ? clientOptionsFor(provider as HttpProvider, stub) : { maxRetries: 0, scriptPath: SCRIPT_PATH };
    logs = new RecordingLogger();
    const runtime = new LangGraphAgentRuntime(new LangChainChatModelFactory(clientOptions), new InMemoryConversationStore({ ttlMs: 600_000, maxCheckpoints: 100 }), logs);
    const sandboxProvider = new LocalSandboxProvider({ rootDir: root, isolation: 'none' });
    const backend = seededBackend().addAgent(
      agent({
        subAgents: [
          { name: 'researcher', description: 'Looks up facts.', instructions: 'You research the question and answer briefly.', mcpServers: [], mcpToolSelections: {}, skillRefs: [] },
        ],
      }),
    );
    const harness = buildHarness([], {
      backend,
      runtime,
      sandboxProvider,
      settings: { ...testSettings, llm: { provider, model: 'example-agent', maxTokens: 512, temperature: 0 } },
    });
    status = await harness.useCase.execute(executionRequest(), 'thread-acceptance', new AbortController().signal);
    stored = backend.storedStatus.get(ids.execution)!;
    const sandboxId = backend.sessions.get(ids.session)!.sandboxId;
    workspace = (await sandboxProvider.open(sandboxId))!.workdir;
  }, 60_000);

  afterAll(async () => {
    await stub?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('completes, and the backend stored the same terminal status', () => {
    expect(status.phase).toBe('COMPLETED');
    expect(status.error).toBe('');
    expect(stored.phase).toBe('COMPLETED');
    expect(stored.toolCalls).toEqual(status.toolCalls);
  });

  it('has at least two AI messages, the last one being the final answer', () => {
    const ai = status.messages.filter((m) => m.type === 'AI' && m.content);
    expect(ai.length).toBeGreaterThanOrEqual(2);
    expect(ai.at(-1)!.content).toMatch(/^Done\. I wrote notes\.txt, read it back with execute/);
  });

  it('records COMPLETED tool calls with their real results', () => {
    const byName = (name: string) => status.toolCalls.filter((c) => c.name === name);
    expect(byName('write_file')).toEqual([expect.objectContaining({ status: 'COMPLETED', result: "Successfully wrote to 'notes.txt'" })]);
    expect(byName('execute')).toEqual([expect.objectContaining({ status: 'COMPLETED', args: expect.objectContaining({ command: expect.stringContaining('cat notes.txt') }) })]);
    expect(byName('execute')[0].result).toContain('Hello from the example agent.');
    expect(byName('execute')[0].result).toContain('[Command succeeded with exit code 0]');
    expect(status.toolCalls.every((c) => c.status === 'COMPLETED')).toBe(true);
  });

  it('keeps the todos, all completed at the end', () => {
    const todos = Object.values(status.todos);
    expect(todos.map((t) => t.content).sort()).toEqual(['Ask the researcher sub-agent', 'Read notes.txt back with execute', 'Write notes.txt']);
    expect(todos.every((t) => t.status === 'COMPLETED')).toBe(true);
  });

  it('records one sub-agent execution with its output', () => {
    expect(status.subAgentExecutions).toHaveLength(1);
    expect(status.subAgentExecutions[0]).toMatchObject({
      name: 'researcher',
      status: 'COMPLETED',
      input: 'In one sentence, what is a sandbox in software?',
      output: 'A sandbox is an isolated environment where code runs without affecting the rest of the system.',
    });
  });

  it('leaves the file in the session workspace', () => {
    expect(existsSync(join(workspace, 'notes.txt'))).toBe(true);
    expect(readFileSync(join(workspace, 'notes.txt'), 'utf8')).toBe('Hello from the example agent.\n');
  });

  it('never logs or stores the environment secret', () => {
    expect(JSON.stringify(status)).not.toContain(CANARY_SECRET);
    expect(logs.dump()).not.toContain(CANARY_SECRET);
  });
});

describe('the loop guard through ExecuteAgent', () => {
  it('ends COMPLETED with the final answer, the refused call FAILED and the reason in the messages', async () => {
    const root = mkdtempSync(join(tmpdir(), 'acceptance-loop-'));
    const script = {
      name: 'stuck',
      turns: [
        { when: { lastMessageIncludes: '[loop guard] STOP' }, text: 'I could not make progress.' },
        { repeat: true, toolCalls: [{ name: 'execute', args: { command: 'echo same' } }] },
      ],
    };
    const stub = await STUB_STARTERS.anthropic({ script });
    try {
      const runtime = new LangGraphAgentRuntime(
        new LangChainChatModelFactory(clientOptionsFor('anthropic', stub)),
        new InMemoryConversationStore({ ttlMs: 600_000, maxCheckpoints: 100 }),
        new RecordingLogger(),
      );
      const harness = buildHarness([], {
        backend: seededBackend(),
        runtime,
        sandboxProvider: new LocalSandboxProvider({ rootDir: root, isolation: 'none' }),
        settings: { ...testSettings, llm: { provider: 'anthropic', model: 'claude-test' } },
      });
      const status = await harness.useCase.execute(executionRequest(), 'thread-loop', new AbortController().signal);

      expect(status.phase).toBe('COMPLETED');
      expect(status.toolCalls.map((c) => c.status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED']);
      expect(status.messages.filter((m) => m.type === 'AI' && m.content).at(-1)!.content).toBe('I could not make progress.');
      expect(status.messages.some((m) => m.content.includes('loop guard stopped the run'))).toBe(true);
    } finally {
      await stub.close();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a secret from the environment seen by a command', () => {
  it('reaches the command, but the stored status and the logs only show it redacted', async () => {
    const root = mkdtempSync(join(tmpdir(), 'acceptance-secret-'));
    const stub = await STUB_STARTERS.openai({
      script: { name: 'secret', turns: [{ toolCalls: [{ name: 'execute', args: { command: 'echo "token=$API_TOKEN"' } }] }, { text: 'The token is set.' }] },
    });
    try {
      const logs = new RecordingLogger();
      const runtime = new LangGraphAgentRuntime(
        new LangChainChatModelFactory(clientOptionsFor('openai', stub)),
        new InMemoryConversationStore({ ttlMs: 600_000, maxCheckpoints: 100 }),
        logs,
      );
      const backend = seededBackend();
      const harness = buildHarness([], {
        backend,
        runtime,
        sandboxProvider: new LocalSandboxProvider({ rootDir: root, isolation: 'none' }),
        settings: { ...testSettings, llm: { provider: 'openai', model: 'gpt-test' } },
      });
      const status = await harness.useCase.execute(executionRequest(), 'thread-secret', new AbortController().signal);

      expect(status.phase).toBe('COMPLETED');
      // The command really got the secret (the model saw the tool output)...
      expect(JSON.stringify(stub.chatRequests()[1].body)).toContain(`token=${CANARY_SECRET}`);
      // ...but nothing persisted or logged carries it.
      expect(status.toolCalls[0].result).toContain('token=[REDACTED]');
      expect(JSON.stringify(backend.statusUpdates.get(ids.execution))).not.toContain(CANARY_SECRET);
      expect(logs.dump()).not.toContain(CANARY_SECRET);
    } finally {
      await stub.close();
      rmSync(root, { recursive: true, force: true });
    }
  }, 60_000);
});
