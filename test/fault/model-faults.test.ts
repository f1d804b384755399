import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { FaultStack } from '../support/fault/fault-stack';
import { agentWithInstance } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { statusText } from '../support/fault/status-text';

/** STIGMER_LLM_MAX_RETRIES for this suite: 3 attempts per model call. */
const MAX_RETRIES = 2;

describeWithServices('fault: the model endpoint answers 429 and 500 (OpenAI protocol)', ['temporal'], () => {
  let stack: FaultStack;
  const stubs: StubServer[] = [];

  async function modelRoute(name: string, faults: { status: number; message?: string; retryAfterSeconds?: number }[]): Promise<StubServer> {
    const stub = await startOpenAiStub({ script: { name, turns: [{ text: `Answer from ${name}.`, faults }] } });
    stubs.push(stub);
    stack.router.route(name, stub);
    return stub;
  }

  beforeAll(async () => {
    stack = await FaultStack.start({ resources: agentWithInstance('fault-model-agent'), env: { STIGMER_LLM_MAX_RETRIES: String(MAX_RETRIES) } });
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await Promise.all(stubs.map((s) => s.close()));
  }, 60_000);

  it('retries 429 then 500, and when the faults outlast the retries ends FAILED with the provider reason', async () => {
    const stub = await modelRoute('flaky-model', [
      { status: 429, message: 'slow down please', retryAfterSeconds: 0 },
      { status: 500, message: 'upstream exploded' },
      { status: 500, message: 'upstream exploded' },
      { status: 500, message: 'upstream exploded' },
    ]);
    const run = await stack.runToEnd({ agent: 'fault-model-agent', message: 'Say hello.', modelName: 'flaky-model' });

    expect(stub.chatRequests()).toHaveLength(MAX_RETRIES + 1); // the first call and its retries, then no more
    expect(run.status.phase).toBe('FAILED');
    expect(run.status.error).toMatch(/^openai at http:\/\/127\.0\.0\.1:\d+\/v1 failed with HTTP 500 after 2 retries: .*upstream exploded/);
    expect(statusText(run.status)).toContain(`SYSTEM: Execution failed: ${run.status.error}`);
    expect(run.status.completedAt).not.toBe('');
  }, 90_000);

  it('retries a single 429 and completes', async () => {
    const stub = await modelRoute('rate-limited-once', [{ status: 429, message: 'rate limited', retryAfterSeconds: 0 }]);
    const run = await stack.runToEnd({ agent: 'fault-model-agent', message: 'Say hello.', modelName: 'rate-limited-once' });

    expect(stub.chatRequests()).toHaveLength(2);
    expect(run.status.phase).toBe('COMPLETED');
    expect(run.status.error).toBe('');
    expect(statusText(run.status)).toContain('AI: Answer from rate-limited-once.');
  }, 90_000);
});
