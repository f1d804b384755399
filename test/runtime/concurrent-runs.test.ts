import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildRuntime, collect, localSandbox, ofKind, runRequest } from './support/runtime-fixture';

const SCRIPT_PATH = join(__dirname, '../../examples/scripts/example-agent.yaml');

describe('one runtime, concurrent runs', () => {
  it('keeps runs apart: each gets its own script playback, sandbox, env, sub-agent ids and loop-guard state', async () => {
    const { runtime } = buildRuntime({ maxRetries: 0, scriptPath: SCRIPT_PATH });
    const sandboxes = await Promise.all([localSandbox(), localSandbox()]);
    try {
      const runs = await Promise.all(
        sandboxes.map((local, i) =>
          collect(
            runtime.run(
              runRequest(local.sandbox, {
                executionId: `aex-${i}`,
                threadId: `thread-${i}`,
                env: { PROJECT_NAME: `project-${i}` },
                subAgents: [{ name: 'researcher', description: 'Looks up facts.', systemPrompt: 'You research.', mcpToolSelections: {} }],
              }),
              new AbortController().signal,
            ),
          ),
        ),
      );
      runs.forEach(({ events, error }, i) => {
        expect(error).toBeUndefined();
        expect(ofKind(events, 'todos_written')).toHaveLength(3);
        expect(ofKind(events, 'subagent_end')).toHaveLength(1);
        expect(ofKind(events, 'notice')).toEqual([]);
        expect(ofKind(events, 'tool_end').find((e) => e.name === 'execute')!.result).toContain(`project: project-${i}`);
        expect(readFileSync(join(sandboxes[i].sandbox.workdir, 'notes.txt'), 'utf8')).toBe('Hello from the example agent.\n');
      });
      const taskIds = runs.map(({ events }) => ofKind(events, 'subagent_start')[0].id);
      runs.forEach(({ events }, i) => {
        const foreign = events.filter((e) => e.subAgentId && e.subAgentId !== taskIds[i]);
        expect(foreign).toEqual([]);
      });
    } finally {
      sandboxes.forEach((s) => s.cleanup());
    }
  }, 60_000);
});
