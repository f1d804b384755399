/**
 * The ExecuteAgent use case with real sandbox adapters: a session gets exactly one sandbox even when its first two
 * turns race, and a Daytona sandbox that auto-stopped between turns is started again with its files, not replaced.
 */
import { randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';
import type { AgentEvent } from '../../src/domain/events/agent-event';
import type { FakeRunStep } from '../../src/adapters/fakes/fake-agent-runtime';
import { DaytonaSandboxProvider } from '../../src/adapters/sandbox/daytona/daytona-sandbox-provider';
import { DockerSandboxProvider, LABELS } from '../../src/adapters/sandbox/docker/docker-sandbox-provider';
import { probeBubblewrap } from '../../src/adapters/sandbox/local/bubblewrap';
import type { SandboxProvider } from '../../src/ports/sandbox.port';
import { executionRequest, ids } from '../support/fixtures';
import { buildHarness, type Harness } from '../support/use-case-harness';
import { FakeDaytonaServer } from '../support/daytona/fake-daytona-server';
import { dockerForTestFile } from '../support/docker/docker-harness';

const TIMEOUT = 90_000;
const ev = (event: AgentEvent): FakeRunStep => ({ event });

/** A turn that really uses the sandbox: writes a file with the injected env, then answers. */
const turn = (file: string): FakeRunStep[] => [
  { act: async (request) => void (await request.sandbox.exec(`echo "$GREETING from ${file}" >> ${file}`, { env: request.env })) },
  ev({ kind: 'model_turn_start' }),
  ev({ kind: 'text_token', text: 'done' }),
  ev({ kind: 'model_turn_end', toolCalls: [] }),
  { waitMs: 200 },
];

function harnessWith(provider: SandboxProvider, steps: FakeRunStep[]): Harness {
  return buildHarness(steps, { sandboxProvider: provider as never });
}

async function twoConcurrentFirstTurns(h: Harness): Promise<string[]> {
  const [a, b] = await Promise.all([
    h.useCase.execute(executionRequest({ executionId: 'aex-first-a' }), 'thread', new AbortController().signal),
    h.useCase.execute(executionRequest({ executionId: 'aex-first-b' }), 'thread', new AbortController().signal),
  ]);
  expect([a.phase, b.phase]).toEqual(['COMPLETED', 'COMPLETED']);
  return h.runtime.requests.map((r) => r.sandbox.id);
}

const { docker, describeDocker } = dockerForTestFile();

describeDocker('session sandbox with Docker', () => {
  const testRun = `reuse-${process.pid}-${randomBytes(3).toString('hex')}`;
  const client = (): Dockerode => new Dockerode({ socketPath: docker.socketPath });
  const provider = (): DockerSandboxProvider =>
    new DockerSandboxProvider({
      image: docker.image,
      autoPull: false,
      cleanup: true,
      ttlSeconds: 3600,
      network: 'none',
      memoryMb: 256,
      cpus: 0.5,
      pidsLimit: 128,
      user: '1000:1000',
      skillsRoot: '/bin/skills',
      labels: { 'ai.stigmer.test-run': testRun },
      connection: { socketPath: docker.socketPath },
    });
  const containers = () =>
    client().listContainers({ all: true, filters: { label: [`ai.stigmer.test-run=${testRun}`, `${LABELS.session}=${ids.session}`] } });

  afterAll(async () => {
    for (const c of await containers()) await client().getContainer(c.Id).remove({ force: true }).catch(() => undefined);
  }, TIMEOUT);

  it('two concurrent first turns of the same session create exactly one container', async () => {
    const h = harnessWith(provider(), turn('turns.txt'));
    const used = await twoConcurrentFirstTurns(h);
    const list = await containers();
    expect(list).toHaveLength(1);
    expect(new Set(used)).toEqual(new Set([list[0].Id]));
    expect(h.backend.sessions.get(ids.session)!.sandboxId).toBe(list[0].Id);
    const sandbox = await provider().open(list[0].Id, { org: 'acme', sessionId: ids.session, executionId: 'check' });
    expect((await sandbox!.exec('cat turns.txt')).output).toBe('hello from turns.txt\nhello from turns.txt\n');
  }, TIMEOUT);
});

const bwrap = probeBubblewrap();
if (!bwrap.usable && process.env.CI === 'true') throw new Error(`bubblewrap is required in CI for the fake Daytona server: ${bwrap.reason}`);
if (!bwrap.usable) console.error(`SKIPPING Daytona session tests (set CI=true to make this a failure): ${bwrap.reason}`);

(bwrap.usable ? describe : describe.skip)('session sandbox with Daytona (real SDK, fake Daytona server)', () => {
  const server = new FakeDaytonaServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop(), TIMEOUT);
  const provider = (): DaytonaSandboxProvider =>
    new DaytonaSandboxProvider({
      apiKey: server.key,
      apiUrl: server.apiUrl,
      useDeprecatedPolling: true,
      autoStopMinutes: 15,
      readyTimeoutMs: 20_000,
      skillsRoot: '/opt/skills',
    });
  const liveSandboxes = () => [...server.sandboxes.values()].filter((s) => s.state !== 'destroyed' && s.labels['ai.stigmer.session'] === ids.session);

  afterEach(() => {
    for (const s of server.sandboxes.values()) s.state = 'destroyed';
  });

  const createsSince = (mark: number) => server.requests.slice(mark).filter((r) => r === 'POST /api/sandbox').length;

  it('two concurrent first turns of the same session create exactly one sandbox', async () => {
    const mark = server.requests.length;
    const h = harnessWith(provider(), turn('turns.txt'));
    const used = await twoConcurrentFirstTurns(h);
    const live = liveSandboxes();
    expect(live).toHaveLength(1);
    expect(new Set(used)).toEqual(new Set([live[0].id]));
    expect(createsSince(mark)).toBe(1);
  }, TIMEOUT);

  it('a stopped Daytona sandbox is started and reused with its files intact', async () => {
    const mark = server.requests.length;
    const h = harnessWith(provider(), turn('notes.txt'));
    const first = await h.useCase.execute(executionRequest({ executionId: 'aex-turn-1' }), 'thread', new AbortController().signal);
    expect(first.phase).toBe('COMPLETED');
    const sandboxId = h.backend.sessions.get(ids.session)!.sandboxId;
    expect(sandboxId).not.toBe('');

    server.stopSandbox(sandboxId); // Daytona's idle auto-stop between turns
    const second = await h.useCase.execute(executionRequest({ executionId: 'aex-turn-2' }), 'thread', new AbortController().signal);
    expect(second.phase).toBe('COMPLETED');

    expect(h.backend.sessions.get(ids.session)!.sandboxId).toBe(sandboxId);
    expect(h.runtime.requests.map((r) => r.sandbox.id)).toEqual([sandboxId, sandboxId]);
    expect(server.requests).toContain(`POST /api/sandbox/${sandboxId}/start`);
    expect(createsSince(mark)).toBe(1);
    const sandbox = await provider().open(sandboxId, { org: 'acme', sessionId: ids.session, executionId: 'check' });
    // Written by turn 1 before the stop, appended by turn 2 after the start.
    expect((await sandbox!.exec('cat notes.txt')).output).toBe('hello from notes.txt\nhello from notes.txt\n');
  }, TIMEOUT);
});
