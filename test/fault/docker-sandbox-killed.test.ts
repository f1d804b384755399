import Dockerode from 'dockerode';
import { LABELS } from '../../src/adapters/sandbox/docker/docker-sandbox-provider';
import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { dockerForTestFile } from '../support/docker/docker-harness';
import { FaultStack } from '../support/fault/fault-stack';
import { plainPayload, startRawActivityCalls } from '../support/fault/raw-activities';
import { agentWithInstance } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { statusText } from '../support/fault/status-text';
import { eventually } from '../support/temporal/eventually';

const { docker, describeDocker } = dockerForTestFile();

describeDocker('Docker', () => {
  describeWithServices('fault: the Docker sandbox container is killed in the middle of a command', ['temporal'], () => {
    let stack: FaultStack;
    let model: StubServer;
    const client = (): Dockerode => new Dockerode({ socketPath: docker.socketPath });
    const containersOf = async (sessionId: string) =>
      client().listContainers({ all: true, filters: { label: [`${LABELS.session}=${sessionId}`] } });

    beforeAll(async () => {
      process.env.DOCKER_HOST = docker.dockerHost; // the worker's Docker client reads it
      model = await startOpenAiStub({
        playback: 'by-history',
        script: {
          name: 'docker-kill',
          turns: [
            { toolCalls: [{ name: 'execute', args: { command: 'sleep 60' } }] },
            { text: 'The command did not finish: the sandbox went away.' },
          ],
        },
      });
      stack = await FaultStack.start({
        resources: agentWithInstance('docker-agent'),
        env: { SANDBOX_TYPE: 'docker', STIGMER_SANDBOX_IMAGE: docker.image, STIGMER_SANDBOX_AUTO_PULL: 'false', STIGMER_SANDBOX_NETWORK: 'none', STIGMER_SANDBOX_MEMORY_MB: '256' },
      });
      stack.router.route('default', model);
    }, 180_000);

    afterAll(async () => {
      await stack?.stop();
      await model?.close();
    }, 60_000);

    it('the tool call FAILS naming the stopped container, the run still ends, the next turn restarts it, cleanup leaves no container', async () => {
      const run = await stack.startRun({ agent: 'docker-agent', message: 'Sleep for a minute.' });
      await eventually('the command to run', () => stack.status(run.executionId)?.toolCalls.some((c) => c.status === 'RUNNING'), 60_000);
      const [container] = await containersOf(run.sessionId);
      await client().getContainer(container.Id).kill();
      await run.handle.result(); // nothing hangs: no 60 s wait, no heartbeat timeout

      const status = stack.requireStatus(run.executionId);
      expect({ toolCalls: status.toolCalls, status: statusText(status) }).toMatchObject({
        toolCalls: [
          expect.objectContaining({
            name: 'execute',
            status: 'FAILED',
            error: expect.stringMatching(new RegExp(`^sandbox ${container.Id}: the container stopped while the command was running \\(exit code 137\\)`)),
          }),
        ],
      }); // the whole status is in the diff when this fails
      expect(status.phase).toBe('COMPLETED'); // the model was told and answered
      expect(statusText(status)).toContain('AI: The command did not finish: the sandbox went away.');

      // The session keeps its container: the next turn starts it again instead of leaving it behind and making another.
      const next = await stack.runToEnd({ sessionId: run.sessionId, message: 'Try again.' });
      expect(next.status.phase).toBe('COMPLETED');
      expect((await containersOf(run.sessionId)).map((c) => [c.Id, c.State])).toEqual([[container.Id, 'running']]);

      // CleanupSandbox (the activity, as Temporal delivers it) removes it.
      const sandboxId = stack.backend.store.getSession(run.sessionId)?.spec?.sandboxId;
      expect(sandboxId).toBe(container.Id);
      const cleanup = await startRawActivityCalls(stack, [{ activityType: 'CleanupSandbox', args: [plainPayload(sandboxId)] }]);
      await cleanup.result();
      expect(await containersOf(run.sessionId)).toEqual([]);
    }, 180_000);
  });
});
