import { setTimeout as sleep } from 'node:timers/promises';
import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { returnedStatus } from '../support/fault/activity-result';
import { FaultStack } from '../support/fault/fault-stack';
import { agentWithInstance } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { statusText } from '../support/fault/status-text';
import { eventually } from '../support/temporal/eventually';

const OUTAGE_MS = 30_000;

describeWithServices('fault: the Stigmer backend is down for 30 s in the middle of a run', ['temporal'], () => {
  let stack: FaultStack;
  let model: StubServer;

  beforeAll(async () => {
    model = await startOpenAiStub({
      playback: 'by-history',
      script: {
        name: 'outage',
        turns: [
          { toolCalls: [{ name: 'execute', args: { command: 'echo before-the-outage' } }] },
          { toolCalls: [{ name: 'execute', args: { command: 'echo during-the-outage' } }], latencyMs: 1_000 },
          { text: 'Both commands ran; finished while the backend was away.', latencyMs: 1_000 },
        ],
      },
    });
    stack = await FaultStack.start({ resources: agentWithInstance('outage-agent'), env: { STATUS_FINAL_RETRY_SECONDS: '120' } });
    stack.router.route('default', model);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await model?.close();
  }, 60_000);

  it('delivers the terminal status once the backend is back: COMPLETED with the full message list', async () => {
    const run = await stack.startRun({ agent: 'outage-agent', message: 'Run two commands, then report.' });
    await stack.waitForPhase(run.executionId, ['IN_PROGRESS']);

    await stack.stopBackend();
    const downSince = Date.now();
    // The run goes on without the backend: the model is asked for its last turn, so the agent finished while it was down.
    await eventually('the final model turn', () => model.chatRequests().length >= 3, 25_000);
    await eventually('the terminal status to be retried', () => stack.logger.records.some((r) => r.msg === 'final status update failed; retrying'), 25_000);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - downSince)));
    await stack.restartBackend();

    await run.handle.result();
    const stored = stack.requireStatus(run.executionId);
    expect(stored.phase).toBe('COMPLETED');
    expect(stored.error).toBe('');
    const contents = statusText(stored);
    expect(contents).toContain('HUMAN: Run two commands, then report.');
    expect(contents).toContain('before-the-outage');
    expect(contents).toContain('during-the-outage');
    expect(contents).toContain('AI: Both commands ran; finished while the backend was away.');
    expect(stored.toolCalls.map((c) => [c.status, c.result.trim()])).toEqual([
      ['COMPLETED', expect.stringContaining('before-the-outage')],
      ['COMPLETED', expect.stringContaining('during-the-outage')],
    ]);
    // Nothing was lost or reordered: what is stored is exactly the snapshot the activity returned to the workflow.
    const returned = await returnedStatus(run.handle);
    expect(stored.messages).toEqual(returned?.messages);
    expect(stack.logger.records.some((r) => r.msg === 'final status delivered after retries')).toBe(true);
  }, 150_000);
});
