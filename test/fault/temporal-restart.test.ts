import { Connection } from '@temporalio/client';
import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { FaultStack } from '../support/fault/fault-stack';
import { agentWithInstance } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { statusText } from '../support/fault/status-text';
import { eventually } from '../support/temporal/eventually';

describeWithServices('fault: the Temporal server restarts under a running worker', ['temporal'], () => {
  let stack: FaultStack;
  let model: StubServer;

  beforeAll(async () => {
    model = await startOpenAiStub({ playback: 'by-history', script: { name: 'restart', turns: [{ text: 'Still here after the restart.' }] } });
    stack = await FaultStack.start({ resources: agentWithInstance('restart-agent') });
    stack.router.route('default', model);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await model?.close();
  }, 60_000);

  async function readyz(): Promise<number> {
    return (await fetch(`http://127.0.0.1:${stack.worker!.httpPort}/readyz`)).status;
  }

  it('reconnects and resumes polling: an execution started after the restart completes', async () => {
    const before = await stack.runToEnd({ agent: 'restart-agent', message: 'Before the restart.' });
    expect(before.status.phase).toBe('COMPLETED');

    await stack.temporal.stop();
    await expect(Connection.connect({ address: stack.temporal.address, connectTimeout: 1_000 })).rejects.toThrow();
    // Long enough for the pollers to fail and back off several times.
    await eventually('poll failures to be logged', () => stack.logger.records.some((r) => /poll/i.test(r.msg) && r.level === 'warn'), 30_000);
    await stack.temporal.restart(); // same port, same database file

    await eventually('the worker to poll again', () => stack.worker!.isReady(), 60_000);
    expect(await readyz()).toBe(200);
    const after = await stack.runToEnd({ agent: 'restart-agent', message: 'After the restart.' });
    expect(after.status.phase).toBe('COMPLETED');
    expect(statusText(after.status)).toContain('AI: Still here after the restart.');
    // Same database file: the history from before the restart is still there.
    await expect(before.handle.describe()).resolves.toMatchObject({ status: { name: 'COMPLETED' } });
  }, 150_000);
});
