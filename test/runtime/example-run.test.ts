import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registeredCapabilities, toolNames } from '../../src/adapters/langgraph/agent/capabilities';
import { loadScriptFile } from '../../src/adapters/llm/scripted/load-script';
import type { AgentEvent } from '../../src/domain/events/agent-event';
import type { LlmProvider } from '../../src/domain/model-selection/model-selection';
import { conversation, maxTokens, offeredToolNames, systemPrompt, temperature, type ProtocolName } from '../support/llm/request-views';
import type { StubServer } from '../support/llm/stub-server';
import { buildRuntime, clientOptionsFor, collect, localSandbox, ofKind, runRequest, STUB_STARTERS, turnTexts, type HttpProvider } from './support/runtime-fixture';

const SCRIPT_PATH = join(__dirname, '../../examples/scripts/example-agent.yaml');
const script = loadScriptFile(SCRIPT_PATH);
const researcher = { name: 'researcher', description: 'Looks up facts.', systemPrompt: 'You research briefly.', mcpToolSelections: {} };

/**
 * The example script through the real runtime with each real client against its protocol stub (and the in-process
 * scripted provider): the model writes a file, reads it back with `execute`, writes todos, delegates to the
 * researcher sub-agent and answers. Everything happens in a real local sandbox.
 */
describe.each<LlmProvider>(['scripted', 'openai', 'anthropic', 'ollama'])('example agent run with the %s client', (provider) => {
  let stub: StubServer | undefined;
  let events: AgentEvent[];
  let error: unknown;
  let workspace: string;
  let cleanup: () => void;

  beforeAll(async () => {
    const local = await localSandbox();
    cleanup = local.cleanup;
    workspace = local.sandbox.workdir;
    if (provider !== 'scripted') stub = await STUB_STARTERS[provider]({ script });
    const options = stub ? clientOptionsFor(provider as HttpProvider, stub) : { maxRetries: 0, scriptPath: SCRIPT_PATH };
    const { runtime } = buildRuntime(options);
    const request = runRequest(local.sandbox, {
      model: { provider, model: 'example-agent', maxTokens: 321, temperature: 0.25, source: 'environment' },
      env: { PROJECT_NAME: 'stigmer-demo' },
      subAgents: [researcher],
    });
    ({ events, error } = await collect(runtime.run(request, new AbortController().signal)));
  }, 60_000);

  afterAll(async () => {
    await stub?.close();
    cleanup();
  });

  it('completes without error', () => {
    expect(error).toBeUndefined();
  });

  it('streams every main-agent turn token by token, matching the script', () => {
    const mainTurns = turnTexts(events);
    expect(mainTurns).toEqual(script.turns.filter((_, i) => i !== 5).map((t) => t.text ?? ''));
    const tokens = ofKind(events, 'text_token').filter((e) => !e.subAgentId);
    expect(tokens.length).toBeGreaterThan(mainTurns.filter(Boolean).length);
  });

  it('reports the requested tool calls at each turn end', () => {
    const ends = ofKind(events, 'model_turn_end').filter((e) => !e.subAgentId);
    expect(ends.map((e) => e.toolCalls.map((c) => c.name))).toEqual([['write_todos'], ['write_file'], ['execute'], ['write_todos'], ['task'], ['write_todos'], []]);
    expect(ends[1].toolCalls[0].args).toEqual({ file_path: 'notes.txt', content: 'Hello from the example agent.\n' });
  });

  it('runs the tools for real: the file is in the workspace and execute read it back with the run env', () => {
    expect(readFileSync(join(workspace, 'notes.txt'), 'utf8')).toBe('Hello from the example agent.\n');
    const results = Object.fromEntries(ofKind(events, 'tool_end').map((e) => [e.name, e.result]));
    expect(results.write_file).toBe("Successfully wrote to 'notes.txt'");
    expect(results.execute).toBe('Hello from the example agent.\nproject: stigmer-demo\n\n[Command succeeded with exit code 0]');
    const starts = ofKind(events, 'tool_start').map((e) => e.toolCallId);
    const finished = ofKind(events, 'tool_end').map((e) => e.toolCallId);
    expect(finished.sort()).toEqual(starts.sort());
    expect(ofKind(events, 'tool_error')).toEqual([]);
  });

  it('reports the todo list each time it is written', () => {
    const todos = ofKind(events, 'todos_written');
    expect(todos).toHaveLength(3);
    expect(todos[0].todos).toEqual([
      { content: 'Write notes.txt', status: 'in_progress' },
      { content: 'Read notes.txt back with execute', status: 'pending' },
      { content: 'Ask the researcher sub-agent', status: 'pending' },
    ]);
    expect(todos[2].todos.every((t) => t.status === 'completed')).toBe(true);
  });

  it('tags the sub-agent run with the id of the task call that started it', () => {
    const task = ofKind(events, 'tool_start').find((e) => e.name === 'task')!;
    const [start] = ofKind(events, 'subagent_start');
    const [end] = ofKind(events, 'subagent_end');
    const answer = script.turns[5].text!;
    expect(start).toEqual({ kind: 'subagent_start', id: task.toolCallId, name: 'researcher', input: 'In one sentence, what is a sandbox in software?' });
    expect(end).toEqual({ kind: 'subagent_end', id: task.toolCallId, output: answer });
    expect(turnTexts(events, task.toolCallId)).toEqual([answer]);
    const inside = events.filter((e) => e.subAgentId === task.toolCallId).map((e) => e.kind);
    expect(new Set(inside)).toEqual(new Set(['model_turn_start', 'text_token', 'model_turn_end']));
    // Everything the sub-agent emitted happened between its start and end.
    const positions = events.map((e, i) => (e.subAgentId === task.toolCallId ? i : -1)).filter((i) => i >= 0);
    expect(Math.min(...positions)).toBeGreaterThan(events.indexOf(start));
    expect(Math.max(...positions)).toBeLessThan(events.indexOf(end));
  });

  if (provider === 'scripted') return;

  describe('what the provider received', () => {
    const protocol = provider as ProtocolName;
    const bodies = () => stub!.chatRequests().map((r) => r.body);

    it('every call carried maxTokens and temperature', () => {
      expect(bodies()).toHaveLength(script.turns.length);
      for (const body of bodies()) {
        expect(maxTokens(protocol, body)).toBe(321);
        expect(temperature(protocol, body)).toBe(0.25);
      }
    });

    it('the main agent was offered exactly the tools the capabilities section lists, and the prompt says so', () => {
      const main = bodies()[0];
      const capabilities = registeredCapabilities({ delegates: true, mcpTools: [], subAgents: [], isolation: '', workdir: workspace });
      expect(offeredToolNames(protocol, main)).toEqual(toolNames(capabilities).sort());
      const prompt = systemPrompt(protocol, main);
      expect(prompt).toContain('You are a careful test agent.');
      expect(prompt).toContain('## Your Capabilities');
      expect(prompt).toContain(`Your workspace is \`${workspace}\``);
      expect(prompt).toContain('one of these sub-agents: `general-purpose`, `researcher`');
    });

    it('the sub-agent got its own prompt and no task tool', () => {
      const sub = bodies()[5];
      expect(systemPrompt(protocol, sub)).toContain('You research briefly.');
      expect(offeredToolNames(protocol, sub)).not.toContain('task');
      expect(offeredToolNames(protocol, sub)).toContain('write_todos');
      expect(conversation(protocol, sub)).toEqual(['user: In one sentence, what is a sandbox in software?']);
    });

    it('each call carried the conversation so far, tool results included', () => {
      const last = conversation(protocol, bodies()[7]);
      expect(last[0]).toBe('user: Do the thing.');
      expect(last.join('\n')).toContain('project: stigmer-demo');
      expect(last.join('\n')).toContain(script.turns[5].text!);
      expect(last.filter((line) => line.startsWith('assistant:'))).toHaveLength(6);
    });
  });
});
