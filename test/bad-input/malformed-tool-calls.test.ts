import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { FaultStack } from '../support/fault/fault-stack';
import { malformedToolCallModel } from '../support/fault/malformed-tool-call-model';
import { agentWithInstance } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { statusText } from '../support/fault/status-text';

describeWithServices('bad input: a model emitting malformed tool calls (OpenAI protocol)', ['temporal'], () => {
  let stack: FaultStack;
  let unknownTool: StubServer;
  let plain: StubServer;

  beforeAll(async () => {
    unknownTool = await startOpenAiStub({
      playback: 'by-history',
      script: { name: 'unknown-tool', turns: [{ toolCalls: [{ name: 'launch_rockets', args: { count: 3 } }] }, { text: 'That tool does not exist; done.' }] },
    });
    plain = await startOpenAiStub({ playback: 'by-history', script: { name: 'plain', turns: [{ text: 'Hi.' }] } });
    stack = await FaultStack.start({ resources: agentWithInstance('tool-agent') });
    stack.router
      .route('unknown-tool', unknownTool)
      .route('invalid-json', malformedToolCallModel('execute', '{"command": "touch cut-off-ran', 'The arguments were broken; done.'))
      .route('not-an-object', malformedToolCallModel('execute', '["touch", "array-ran"]', 'The arguments were broken; done.'))
      .route('plain', plain);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await unknownTool?.close();
    await plain?.close();
  }, 60_000);

  it('a call to a tool that does not exist is FAILED with the list of real tools, and the model goes on', async () => {
    const { status } = await stack.runToEnd({ agent: 'tool-agent', message: 'Launch.', modelName: 'unknown-tool' });
    expect(status.phase).toBe('COMPLETED');
    expect(status.toolCalls).toEqual([
      expect.objectContaining({ name: 'launch_rockets', status: 'FAILED', error: expect.stringMatching(/^Error: launch_rockets is not a valid tool, try one of \[.*\bexecute\b.*\]/) }),
    ]);
    expect(status.messages.at(-1)).toMatchObject({ type: 'AI', content: 'That tool does not exist; done.' });
  });

  it.each([
    ['cut-off JSON', 'invalid-json', 'not valid JSON, probably cut off', '{"command": "touch cut-off-ran'],
    ['arguments that are not an object', 'not-an-object', 'Malformed args.', '["touch", "array-ran"]'],
  ])('%s: the call is FAILED and NOT run, the model is told and goes on', async (_what, model, why, raw) => {
    const before = stack.files();
    const run = await stack.runToEnd({ agent: 'tool-agent', message: 'Touch a file.', modelName: model });
    expect(run.status.phase).toBe('COMPLETED');
    expect(run.status.toolCalls).toEqual([
      expect.objectContaining({
        name: 'execute',
        status: 'FAILED',
        error: `Error: the arguments of this execute call could not be used (${why}): ${JSON.stringify(raw)}. It was not run; send the call again with complete JSON object arguments.`,
      }),
    ]);
    expect(statusText(run.status)).toContain('AI: The arguments were broken; done.');
    // Not run: no file was touched, in the workspace or anywhere else.
    expect([...stack.files()].filter((path) => !before.has(path) && /ran$/.test(path))).toEqual([]);
    expect(stack.escapedPaths(before, run.sessionId)).toEqual([]);
  });

  it('the worker keeps serving: a normal execution afterwards completes', async () => {
    const { status } = await stack.runToEnd({ agent: 'tool-agent', message: 'Say hi.', modelName: 'plain' });
    expect([status.phase, status.messages.at(-1)?.content]).toEqual(['COMPLETED', 'Hi.']);
  });
});
