import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { createLocalRun } from '../../src/adapters/local-backend';
import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { returnedStatus } from '../support/fault/activity-result';
import { FaultStack } from '../support/fault/fault-stack';
import { AGENT_EXECUTION_TYPE, bytes, plainPayload, protoJsonPayload, startRawActivityCalls } from '../support/fault/raw-activities';
import { agentWithInstance } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { activityOutcomes } from '../support/temporal/history';
import type { PlainPayload } from '../support/temporal/test-workflows';

const thread = plainPayload('thread-bad-input');
const SESSION_JSON = '{"metadata":{"id":"ses-1"},"spec":{"agentInstanceId":"ain-1"}}';

describeWithServices('bad input: malformed activity payloads, sent raw through Temporal', ['temporal'], () => {
  let stack: FaultStack;
  let model: StubServer;

  beforeAll(async () => {
    model = await startOpenAiStub({ playback: 'by-history', script: { name: 'ok', turns: [{ text: 'All good.' }] } });
    stack = await FaultStack.start({ resources: agentWithInstance('payload-agent') });
    stack.router.route('default', model);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await model?.close();
  }, 60_000);

  /** The activity's failure message when it failed (the workflow fails with it). */
  async function failureOf(activityType: string, args: PlainPayload[]): Promise<string> {
    const handle = await startRawActivityCalls(stack, [{ activityType, args }]);
    const err = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WorkflowFailedError);
    const activity = (err as WorkflowFailedError).cause;
    expect(activity).toBeInstanceOf(ActivityFailure);
    expect((activity as ActivityFailure).cause).toBeInstanceOf(ApplicationFailure);
    return (activity as ActivityFailure).cause!.message;
  }

  /** The status ExecuteGraphton returned when it answered with one. */
  async function returnedFor(args: PlainPayload[]) {
    const handle = await startRawActivityCalls(stack, [{ activityType: 'ExecuteGraphton', args }]);
    await handle.result();
    expect((await activityOutcomes(handle)).map((a) => a.outcome)).toEqual(['completed']);
    return (await returnedStatus(handle))!;
  }

  describe('payloads the worker cannot decode fail the activity with a message naming the problem', () => {
    it('invalid JSON in a json/protobuf AgentExecution', async () => {
      expect(await failureOf('ExecuteGraphton', [protoJsonPayload(AGENT_EXECUTION_TYPE, '{"metadata": {"id": "aex-x"'), thread])).toMatch(
        /^Failed to parse activity args for activity ExecuteGraphton: cannot decode json\/protobuf payload of type ai\.stigmer\.agentic\.agentexecution\.v1\.AgentExecution: .*JSON/,
      );
    });

    it('an unknown messageType', async () => {
      expect(await failureOf('ExecuteGraphton', [protoJsonPayload('ai.stigmer.nope.v1.Nope', '{}'), thread])).toBe(
        'Failed to parse activity args for activity ExecuteGraphton: json/protobuf payload has unknown messageType "ai.stigmer.nope.v1.Nope"',
      );
    });

    it('no messageType at all', async () => {
      const payload = { metadata: { encoding: bytes('json/protobuf') }, data: bytes('{}') };
      expect(await failureOf('ExecuteGraphton', [payload, thread])).toBe(
        'Failed to parse activity args for activity ExecuteGraphton: json/protobuf payload has no "messageType" metadata, so its message type is unknown',
      );
    });

    it('an unknown encoding', async () => {
      const payload = { metadata: { encoding: bytes('xml/whatever') }, data: bytes('<a/>') };
      expect(await failureOf('ExecuteGraphton', [payload, thread])).toBe('Failed to parse activity args for activity ExecuteGraphton: Unknown encoding: xml/whatever');
    });

    it('invalid JSON as an EnsureThread argument', async () => {
      const payload = { metadata: { encoding: bytes('json/plain') }, data: bytes('{not json') };
      expect(await failureOf('EnsureThread', [payload, plainPayload('')])).toMatch(/^Failed to parse activity args for activity EnsureThread: .*JSON/);
    });
  });

  describe('decodable payloads that are not a usable AgentExecution get a FAILED status back', () => {
    it.each([
      ['another message type (a Session)', protoJsonPayload('ai.stigmer.agentic.session.v1.Session', SESSION_JSON), 'the execution argument is a ai.stigmer.agentic.session.v1.Session, not an AgentExecution'],
      ['a number', plainPayload(42), 'the execution argument must be an AgentExecution, got number'],
      ['an array', plainPayload([{ metadata: { id: 'aex-1' } }]), 'the execution argument must be an AgentExecution, got an array'],
      ['binary data', { metadata: { encoding: bytes('binary/plain') }, data: bytes('garbage') }, 'the execution argument must be an AgentExecution, got binary data'],
      [
        'a spec of the wrong type',
        plainPayload({ metadata: { id: 'aex-plain' }, spec: 'oops' }),
        'the execution argument is not a valid AgentExecution: cannot decode message ai.stigmer.agentic.agentexecution.v1.AgentExecutionSpec from JSON: "oops"',
      ],
      ['no execution id', protoJsonPayload(AGENT_EXECUTION_TYPE, '{"spec":{"sessionId":"ses-1","message":"hi"}}'), 'invalid execution.metadata.id: is required (the execution id is empty)'],
    ])('%s', async (_what, payload, reason) => {
      const status = await returnedFor([payload, thread]);
      expect(status.phase).toBe('FAILED');
      expect(status.error).toBe(`invalid ExecuteGraphton input: ${reason}`);
    });

    it('no arguments at all', async () => {
      const status = await returnedFor([]);
      expect([status.phase, status.error]).toEqual(['FAILED', 'invalid ExecuteGraphton input: the execution argument is missing']);
    });

    it('an execution the backend does not know ends FAILED at once: the refused status is not retried for minutes', async () => {
      const execution = '{"metadata":{"id":"aex-unknown"},"spec":{"sessionId":"ses-unknown","message":"hi"},"status":{"phase":"EXECUTION_PENDING"}}';
      const status = await returnedFor([protoJsonPayload(AGENT_EXECUTION_TYPE, execution), plainPayload(17)]);
      expect([status.phase, status.error]).toEqual(['FAILED', 'session ses-unknown not found']);
      expect(stack.logger.records.some((r) => r.msg === 'final status was refused by the backend; not retrying')).toBe(true);
    });
  });

  it('a 2+ MB AgentExecution is refused by Temporal itself (default 2 MB payload limit): it never reaches the runner', async () => {
    const run = await createLocalRun(stack.backend.store, { agent: 'payload-agent', message: 'x'.repeat(2_200_000) });
    const refused = await stack.startWorkflow(run.execution).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(Error);
    expect(String((refused as Error).cause)).toContain('Blob data size exceeds limit');
    expect(stack.requireStatus(run.executionId).phase).toBe('PENDING'); // stigmer-server sees the start fail; nothing ran
  });

  it('the worker keeps serving: a normal execution afterwards completes', async () => {
    const run = await stack.runToEnd({ agent: 'payload-agent', message: 'Still there?' });
    expect(run.status.phase).toBe('COMPLETED');
  });
});
