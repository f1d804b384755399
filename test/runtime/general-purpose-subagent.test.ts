import { offeredToolNames, systemPrompt } from '../support/llm/request-views';
import { buildRuntime, collect, localSandbox, modelFor, ofKind, runRequest, serveScript } from './support/runtime-fixture';

const STOP = '[loop guard] STOP';

describe('the general-purpose sub-agent', () => {
  it('has todos, the loop guard and an honest prompt like every other agent of the run', async () => {
    const script = {
      name: 'gp',
      turns: [
        { toolCalls: [{ name: 'task', args: { subagent_type: 'general-purpose', description: 'Keep listing the workspace.' } }] },
        { toolCalls: [{ name: 'write_todos', args: { todos: [{ content: 'List files', status: 'in_progress' }] } }] },
        { when: { lastMessageIncludes: STOP }, text: 'The listing never changes.' },
        { repeat: true, toolCalls: [{ name: 'ls', args: { path: '.' } }] },
      ],
    };
    // The repeat turn would also answer the main agent's next call; it ends there via the loop-guard final answer.
    const served = await serveScript('openai', script);
    const local = await localSandbox();
    try {
      const { runtime } = buildRuntime(served.options);
      const { events, error } = await collect(runtime.run(runRequest(local.sandbox, { model: modelFor('openai') }), new AbortController().signal));

      expect(error).toBeUndefined();
      const [start] = ofKind(events, 'subagent_start');
      expect(start.name).toBe('general-purpose');
      const inside = events.filter((e) => e.subAgentId === start.id);
      expect(ofKind(inside, 'todos_written')).toHaveLength(1);
      expect(ofKind(inside, 'notice').map((n) => n.level)).toEqual(['info', 'warning']);
      expect(ofKind(events, 'subagent_end')[0]).toMatchObject({ id: start.id, output: 'The listing never changes.' });

      const [main, sub] = served.stub!.chatRequests().map((r) => r.body);
      expect(systemPrompt('openai', main)).toContain('one of these sub-agents: `general-purpose`.');
      expect(systemPrompt('openai', sub)).toContain('## Your Capabilities');
      expect(offeredToolNames('openai', sub)).toContain('write_todos');
      expect(offeredToolNames('openai', sub)).not.toContain('task');
    } finally {
      await served.close();
      local.cleanup();
    }
  }, 30_000);
});
