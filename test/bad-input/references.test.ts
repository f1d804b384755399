import { GrpcStigmerBackend } from '../../src/adapters/grpc/grpc-stigmer-backend';
import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { runStoredExecution } from '../support/fault/executions';
import { FaultStack } from '../support/fault/fault-stack';
import { agent, agentWithInstance, instance } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { TamperingBackend } from '../support/fault/tampering-backend';

describeWithServices('bad input: references to nothing, missing session id, invalid runtime_env names', ['temporal'], () => {
  let stack: FaultStack;
  let model: StubServer;

  beforeAll(async () => {
    model = await startOpenAiStub({ playback: 'by-history', script: { name: 'ok', turns: [{ text: 'All good.' }] } });
    const plain = agentWithInstance('ref-agent');
    const ghost = agentWithInstance('ghost-agent');
    const noSkill = agentWithInstance('no-skill-agent', { skills: ['missing-skill'] });
    const noEnv = agentWithInstance('no-env-agent', { environments: ['missing-env'] });
    stack = await FaultStack.start({
      resources: {
        agents: [...plain.agents, ...ghost.agents, ...noSkill.agents, ...noEnv.agents, agent('unused')],
        instances: [...plain.instances, ...ghost.instances, ...noSkill.instances, ...noEnv.instances, instance('unused')],
      },
      // An agent deleted after its instance was made: the embedded backend refuses to hold such an instance.
      overrides: (config) => ({
        backend: new TamperingBackend(new GrpcStigmerBackend({ ...config.backend }), {
          agentInstance: (i) => (i.meta.id === 'ain-ghost-agent' ? { ...i, agentId: 'agt-deleted' } : i),
        }),
      }),
    });
    stack.router.route('default', model);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await model?.close();
  }, 60_000);

  /** Each bad execution fails before a sandbox is made: nothing new may appear in the workspace root. */
  let filesBefore: Set<string>;
  beforeEach(() => {
    filesBefore = stack.files();
  });
  function expectNoWorkspaceChange(): void {
    expect([...stack.files()].filter((path) => !filesBefore.has(path) && path.startsWith('workspace'))).toEqual([]);
  }

  it('an execution without a session id fails naming spec.session_id', async () => {
    const { status } = await runStoredExecution(stack, { sessionId: '', agentId: 'agt-ref-agent', message: 'hi' });
    expect(status.phase).toBe('FAILED');
    expect(status.error).toBe('invalid spec.session_id: is required: the execution has no session');
    expectNoWorkspaceChange();
  });

  it('an unknown session fails naming it', async () => {
    const { status } = await runStoredExecution(stack, { sessionId: 'ses-missing', message: 'hi' });
    expect([status.phase, status.error]).toEqual(['FAILED', 'session ses-missing not found']);
    expectNoWorkspaceChange();
  });

  it('an instance whose agent no longer exists fails naming the agent', async () => {
    const { status } = await stack.runToEnd({ agent: 'ghost-agent', message: 'hi' });
    expect([status.phase, status.error]).toEqual(['FAILED', 'agent agt-deleted not found']);
    expectNoWorkspaceChange();
  });

  it('an unknown skill reference fails naming the skill', async () => {
    const { status } = await stack.runToEnd({ agent: 'no-skill-agent', message: 'hi' });
    expect([status.phase, status.error]).toEqual(['FAILED', 'skill missing-skill not found']);
    expectNoWorkspaceChange();
  });

  it('an unknown environment reference fails naming the environment', async () => {
    const { status } = await stack.runToEnd({ agent: 'no-env-agent', message: 'hi' });
    expect([status.phase, status.error]).toEqual(['FAILED', 'environment missing-env not found']);
    expectNoWorkspaceChange();
  });

  it.each([
    ['BAD-NAME', '"BAD-NAME"'],
    ['1ABC', '"1ABC"'],
    ['A=B', '"A=B"'],
    ['', '(empty name)'],
  ])('runtime_env variable name %j fails naming it', async (name, shown) => {
    const { status } = await stack.runToEnd({ agent: 'ref-agent', message: 'hi', runtimeEnv: { [name]: { value: 'x', isSecret: false } } });
    expect(status.phase).toBe('FAILED');
    expect(status.error).toBe(
      `invalid runtime_env variable ${shown}: environment variable names must start with a letter or "_" and contain only letters, digits and "_"`,
    );
    expectNoWorkspaceChange();
  });

  it('the worker keeps serving: a normal execution afterwards completes', async () => {
    const { status } = await stack.runToEnd({ agent: 'ref-agent', message: 'hi', runtimeEnv: { GOOD_NAME: { value: 'x', isSecret: false } } });
    expect(status.phase).toBe('COMPLETED');
    expect(status.messages.at(-1)).toMatchObject({ type: 'AI', content: 'All good.' });
  });
});
