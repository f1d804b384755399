import { createHash } from 'node:crypto';
import { ConfigurationError, InvalidInputError, SandboxUnavailableError } from '../../src/domain/errors/domain-errors';
import { probeBubblewrap } from '../../src/adapters/sandbox/local/bubblewrap';
import { DAYTONA_LABELS, DaytonaSandboxProvider, type DaytonaSandboxOptions } from '../../src/adapters/sandbox/daytona/daytona-sandbox-provider';
import { SandboxSkillInstaller } from '../../src/adapters/skills/sandbox-skill-installer';
import { buildZip } from '../skills/zip-builders';
import { FakeDaytonaServer } from '../support/daytona/fake-daytona-server';
import { describeSandboxConformance } from './sandbox-conformance';

// The fake Daytona server runs each sandbox's commands under bubblewrap (so absolute sandbox paths are real).
const bwrap = probeBubblewrap();
if (!bwrap.usable && process.env.CI === 'true') throw new Error(`bubblewrap is required in CI for the fake Daytona server: ${bwrap.reason}`);
if (!bwrap.usable) console.error(`SKIPPING Daytona sandbox tests (set CI=true to make this a failure): ${bwrap.reason}`);
const describeDaytona = bwrap.usable ? describe : describe.skip;

const TIMEOUT = 60_000;
const spec = (sessionId = `ses-${Math.random().toString(36).slice(2)}`) => ({ org: 'acme', sessionId, executionId: 'aex-daytona' });

function options(server: FakeDaytonaServer, overrides: Partial<DaytonaSandboxOptions> = {}): DaytonaSandboxOptions {
  return {
    apiKey: server.key,
    apiUrl: server.apiUrl,
    useDeprecatedPolling: true,
    autoStopMinutes: 15,
    readyTimeoutMs: 20_000,
    skillsRoot: '/opt/skills',
    workdir: '/home/daytona',
    ...overrides,
  };
}

describeDaytona('Daytona sandbox (real SDK against the fake Daytona server)', () => {
  const server = new FakeDaytonaServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop(), TIMEOUT);

  describeSandboxConformance(
    'daytona',
    async () => ({
      provider: new DaytonaSandboxProvider(options(server)),
      stopBehindTheBack: async (id) => server.stopSandbox(id),
    }),
    { realShell: true, testTimeoutMs: TIMEOUT },
  );

  describe('creating', () => {
    it('creates from the snapshot with labels, env vars and the auto-stop interval', async () => {
      const provider = new DaytonaSandboxProvider(options(server, { snapshot: 'dev-tools-v3', envVars: { TEAM: 'blue' }, autoStopMinutes: 30 }));
      const sandbox = await provider.create({ org: 'acme', sessionId: 'ses-create', executionId: 'aex-create' });
      const stored = server.sandboxes.get(sandbox.id)!;
      expect(stored.snapshot).toBe('dev-tools-v3');
      expect(stored.autoStopInterval).toBe(30);
      expect(stored.labels).toMatchObject({
        [DAYTONA_LABELS.org]: 'acme',
        [DAYTONA_LABELS.session]: 'ses-create',
        [DAYTONA_LABELS.execution]: 'aex-create',
        [DAYTONA_LABELS.managedBy]: 'agent-runner',
      });
      expect((await sandbox.exec('echo "$TEAM"')).output).toBe('blue\n');
      expect(provider.describeIsolation()).toMatch(/snapshot dev-tools-v3/);
      await provider.destroy(sandbox.id);
    }, TIMEOUT);

    it('creates from an image when no snapshot is configured', async () => {
      const provider = new DaytonaSandboxProvider(options(server, { image: 'debian:12-slim' }));
      const sandbox = await provider.create(spec());
      expect(server.sandboxes.get(sandbox.id)!.image).toBe('debian:12-slim');
      await provider.destroy(sandbox.id);
    }, TIMEOUT);

    it('waits, with backoff, for a sandbox that is still creating and a toolbox that is not up yet', async () => {
      const slow = new FakeDaytonaServer({ apiKey: 'slow-key', createDelayMs: 1200 });
      await slow.start();
      try {
        slow.toolboxDown = true;
        setTimeout(() => (slow.toolboxDown = false), 2500);
        const provider = new DaytonaSandboxProvider(options(slow));
        const sandbox = await provider.create(spec());
        expect((await sandbox.exec('echo up')).output).toBe('up\n');
        expect(slow.requests.filter((r) => r === `POST /tb/${sandbox.id}/process/execute`).length).toBeGreaterThan(1);
      } finally {
        await slow.stop();
      }
    }, TIMEOUT);

    it('gives up within the ready timeout, deletes the sandbox and says why', async () => {
      const stuck = new FakeDaytonaServer({ apiKey: 'stuck-key' });
      await stuck.start();
      try {
        stuck.toolboxDown = true;
        const provider = new DaytonaSandboxProvider(options(stuck, { readyTimeoutMs: 1500 }));
        const error = await provider.create(spec()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SandboxUnavailableError);
        expect((error as Error).message).toMatch(/did not run a command within 2 s \(DAYTONA_READY_TIMEOUT_SECONDS\); it was deleted/);
        expect([...stuck.sandboxes.values()].map((s) => s.state)).toEqual(['destroyed']);
      } finally {
        await stuck.stop();
      }
    }, TIMEOUT);

    it('reports a rejected API key as a configuration error naming DAYTONA_API_KEY', async () => {
      const provider = new DaytonaSandboxProvider(options(server, { apiKey: 'wrong-key' }));
      const error = await provider.create(spec()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toMatch(/DAYTONA_API_KEY/);
    }, TIMEOUT);

    it('reports an unreachable Daytona as sandbox unavailable', async () => {
      const provider = new DaytonaSandboxProvider(options(server, { apiUrl: 'http://127.0.0.1:9/api' }));
      await expect(provider.create(spec())).rejects.toBeInstanceOf(SandboxUnavailableError);
    }, TIMEOUT);

    it('refuses to start without an API key', () => {
      expect(() => new DaytonaSandboxProvider(options(server, { apiKey: '' }))).toThrow(/DAYTONA_API_KEY is required/);
    });
  });

  describe('reopening', () => {
    it('starts a stopped sandbox (never replaces it) and keeps its files', async () => {
      const provider = new DaytonaSandboxProvider(options(server));
      const sandbox = await provider.create(spec());
      await sandbox.exec('echo "turn one" > notes.txt');
      server.stopSandbox(sandbox.id);
      expect(await sandbox.health()).toBe(false);
      const reopened = await provider.open(sandbox.id, spec());
      expect(reopened?.id).toBe(sandbox.id);
      expect((await reopened!.exec('cat notes.txt')).output).toBe('turn one\n');
      expect(server.requests).toContain(`POST /api/sandbox/${sandbox.id}/start`);
      expect([...server.sandboxes.keys()].filter((id) => id === sandbox.id)).toHaveLength(1);
      await provider.destroy(sandbox.id);
    }, TIMEOUT);

    it('answers undefined for a deleted sandbox and for one in the error state', async () => {
      const provider = new DaytonaSandboxProvider(options(server));
      const deleted = await provider.create(spec());
      await provider.destroy(deleted.id);
      expect(await provider.open(deleted.id, spec())).toBeUndefined();

      const broken = await provider.create(spec());
      server.breakSandbox(broken.id);
      expect(await provider.open(broken.id, spec())).toBeUndefined();
    }, TIMEOUT);
  });

  describe('files', () => {
    it('refuses uploads and downloads through a symlink the agent planted', async () => {
      const provider = new DaytonaSandboxProvider(options(server));
      const sandbox = await provider.create(spec());
      await sandbox.exec('mkdir -p /tmp/outside && ln -s /tmp/outside link-dir && echo secret > /tmp/outside/s.txt && ln -s /etc/hostname host-link');
      await expect(sandbox.upload([{ path: 'link-dir/planted.txt', content: Buffer.from('x') }])).rejects.toBeInstanceOf(InvalidInputError);
      await expect(sandbox.download('link-dir/s.txt')).rejects.toThrow(/symlink/);
      await expect(sandbox.download('host-link')).rejects.toThrow(/symlink to outside/);
      expect((await sandbox.exec('test -e /tmp/outside/planted.txt')).exitCode).toBe(1);
      await sandbox.upload([{ path: 'real.txt', content: Buffer.from('inside') }]);
      await sandbox.exec('ln -s real.txt alias.txt');
      expect(Buffer.from(await sandbox.download('alias.txt')).toString()).toBe('inside');
      await provider.destroy(sandbox.id);
    }, TIMEOUT);

    it('installs a skill under the skills root that commands can run', async () => {
      const provider = new DaytonaSandboxProvider(options(server));
      const sandbox = await provider.create(spec());
      const zip = await buildZip([
        { name: 'SKILL.md', content: '# hello' },
        { name: 'bin/hello.sh', content: '#!/bin/sh\necho "hello from daytona"\n' },
      ]);
      const hash = createHash('sha256').update(zip).digest('hex');
      const installer = new SandboxSkillInstaller({ fetchArtifact: async () => zip, skillsRoot: '/bin/skills', downloadConcurrency: 2 });
      const skill = {
        meta: { id: 'skl-1', name: 'Hello', slug: 'hello', org: 'acme' },
        skillMd: '# hello',
        tag: '',
        versionHash: hash,
        artifactStorageKey: `skills/${hash}.zip`,
        state: 'READY' as const,
      };
      const [installed] = await installer.install(sandbox, [skill]);
      expect(installed.location).toBe(`/opt/skills/${hash}`);
      expect((await sandbox.exec(`${installed.location}/bin/hello.sh`)).output).toBe('hello from daytona\n');
      await provider.destroy(sandbox.id);
    }, TIMEOUT);
  });
});
