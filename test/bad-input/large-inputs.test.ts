import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { returnedStatus } from '../support/fault/activity-result';
import { FaultStack } from '../support/fault/fault-stack';
import { agentWithInstance } from '../support/fault/resources';
import { RestartableTemporal } from '../support/fault/restartable-temporal';
import { describeWithServices } from '../support/fault/services';

const MB = 1_000_000;

describeWithServices('bad input: a 1 MB message, a 2+ MB execution, a command printing 100 MB', ['temporal'], () => {
  let temporal: RestartableTemporal;
  let stack: FaultStack;
  const stubs: StubServer[] = [];

  beforeAll(async () => {
    // Temporal refuses payloads over 2 MB by default (see activity-payloads.test.ts); raised here so the runner gets one.
    temporal = await RestartableTemporal.start({ 'limit.blobSize.error': 16 * MB, 'limit.blobSize.warn': 16 * MB });
    stack = await FaultStack.start({ temporal, resources: agentWithInstance('big-agent') });
    const answer = await startOpenAiStub({ playback: 'by-history', script: { name: 'answer', turns: [{ text: 'Read it all.' }] } });
    const flood = await startOpenAiStub({
      playback: 'by-history',
      script: {
        name: 'flood',
        turns: [{ toolCalls: [{ name: 'execute', args: { command: "head -c 100000000 /dev/zero | tr '\\0' a; echo; echo done-flooding" } }] }, { text: 'That was a lot of output.' }],
      },
    });
    stubs.push(answer, flood);
    stack.router.route('default', answer).route('flood', flood);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await temporal?.dispose();
    await Promise.all(stubs.map((s) => s.close()));
  }, 60_000);

  function bigMessage(chars: number): string {
    return `Summarize this: ${'lorem ipsum '.repeat(Math.ceil(chars / 12))}`.slice(0, chars);
  }

  /** The chat requests' text, to see what the model was given. */
  function sentToModel(stub: StubServer): string {
    return stub.chatRequests().map((r) => JSON.stringify(r.body.messages)).join('\n');
  }

  it('a 1 MB message: the model gets it (paged by the agent), the stored status stays under its budget with the answer kept', async () => {
    const before = stack.files();
    const run = await stack.runToEnd({ agent: 'big-agent', message: bigMessage(MB) });

    expect(run.status.phase).toBe('COMPLETED');
    expect(run.status.messages.map((m) => m.type)).toEqual(['HUMAN', 'AI']);
    expect(run.status.messages[0].content).toMatch(/^Summarize this: lorem ipsum[^]*…\[truncated \d+ characters\]$/);
    expect(run.status.messages[1].content).toBe('Read it all.');
    expect(Buffer.byteLength(JSON.stringify(run.status))).toBeLessThan(900_000);
    // The returned status (what Go's workflow decodes) is the same capped snapshot.
    expect((await returnedStatus(run.handle))?.messages).toEqual(run.status.messages);
    // deepagents keeps a message this large out of the prompt and gives the model a path to read it from.
    expect(sentToModel(stubs[0])).toMatch(/Message content too large and was saved to the filesystem at: \/conversation_history\//);
    expect(stack.escapedPaths(before, run.sessionId)).toEqual([]);
  }, 120_000);

  it('a 2+ MB AgentExecution (over the default Temporal limit) is handled the same way', async () => {
    const run = await stack.runToEnd({ agent: 'big-agent', message: bigMessage(2.2 * MB) });
    expect(run.status.phase).toBe('COMPLETED');
    expect(run.status.messages.map((m) => m.type)).toEqual(['HUMAN', 'AI']);
    expect(Buffer.byteLength(JSON.stringify(run.status))).toBeLessThan(900_000);
  }, 120_000);

  it('a command printing 100 MB: output capped, the run completes, nothing written outside the workspace', async () => {
    const before = stack.files();
    const run = await stack.runToEnd({ agent: 'big-agent', message: 'Flood.', modelName: 'flood' });

    expect(run.status.phase).toBe('COMPLETED');
    const [call] = run.status.toolCalls;
    expect(call.status).toBe('COMPLETED');
    expect(call.result).toMatch(/^a{1000}/);
    expect(call.result.length).toBeLessThanOrEqual(16_384 + 100); // STATUS_MAX_TOOL_RESULT_CHARS plus its marker
    expect(call.result).toMatch(/truncated/);
    // The model got a bounded result (SANDBOX_MAX_OUTPUT_BYTES, then offloaded by the agent), never 100 MB.
    expect(sentToModel(stubs[1]).length).toBeLessThan(1_000_000);
    expect(run.status.messages.at(-1)).toMatchObject({ type: 'AI', content: 'That was a lot of output.' });
    expect(stack.escapedPaths(before, run.sessionId)).toEqual([]);
  }, 120_000);

  it('the worker keeps serving: a normal execution afterwards completes', async () => {
    const run = await stack.runToEnd({ agent: 'big-agent', message: 'A short one.' });
    expect(run.status.phase).toBe('COMPLETED');
  });
});
