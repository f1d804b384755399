import { createHash, randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';
import { InvalidInputError, SandboxUnavailableError } from '../../src/domain/errors/domain-errors';
import { DockerSandboxProvider, LABELS, type DockerSandboxOptions } from '../../src/adapters/sandbox/docker/docker-sandbox-provider';
import { SandboxSkillInstaller } from '../../src/adapters/skills/sandbox-skill-installer';
import { buildZip } from '../skills/zip-builders';
import { dockerForTestFile } from '../support/docker/docker-harness';
import { describeSandboxConformance } from './sandbox-conformance';

const { docker, describeDocker } = dockerForTestFile();
const testRun = `docker-test-${process.pid}-${randomBytes(3).toString('hex')}`;
const TIMEOUT = 60_000;

function options(overrides: Partial<DockerSandboxOptions> = {}): DockerSandboxOptions {
  return {
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
    ...overrides,
  };
}
const client = (): Dockerode => new Dockerode({ socketPath: docker.socketPath });
const spec = (session = `ses-${randomBytes(4).toString('hex')}`) => ({ org: 'acme', sessionId: session, executionId: 'aex-docker-test' });

describeDocker('Docker sandbox', () => {
  afterAll(async () => {
    // Whatever a failed test left behind.
    const left = await client().listContainers({ all: true, filters: { label: [`ai.stigmer.test-run=${testRun}`] } });
    await Promise.all(left.map((c) => client().getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  }, TIMEOUT);

  describeSandboxConformance(
    'docker',
    async () => ({
      provider: new DockerSandboxProvider(options()),
      stopBehindTheBack: async (id) => {
        await client().getContainer(id).stop({ t: 1 });
      },
    }),
    { realShell: true, testTimeoutMs: TIMEOUT },
  );

  describe('container settings', () => {
    it('labels and hardens the container, runs commands as the non-root user in /workspace', async () => {
      const provider = new DockerSandboxProvider(options({ memoryMb: 300, cpus: 0.5, pidsLimit: 100 }));
      const sandbox = await provider.create({ org: 'acme', sessionId: 'ses-labels', executionId: 'aex-labels' });
      try {
        const info = await client().getContainer(sandbox.id).inspect();
        expect(info.Config.Labels).toMatchObject({
          [LABELS.org]: 'acme',
          [LABELS.session]: 'ses-labels',
          [LABELS.execution]: 'aex-labels',
          [LABELS.managedBy]: 'agent-runner',
        });
        expect(info.Config.User).toBe('1000:1000');
        expect(info.Config.WorkingDir).toBe('/workspace');
        expect(info.HostConfig.CapDrop).toEqual(['ALL']);
        expect(info.HostConfig.SecurityOpt).toContain('no-new-privileges:true');
        expect(info.HostConfig.Memory).toBe(300 * 1024 * 1024);
        expect(info.HostConfig.NanoCpus).toBe(5e8);
        expect(info.HostConfig.PidsLimit).toBe(100);
        expect(info.HostConfig.NetworkMode).toBe('none');
        expect(info.Config.Env ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/AGENT_RUNNER|_KEY=/)]));
        expect((await sandbox.exec('id -u; pwd')).output).toBe('1000\n/workspace\n');
        expect((await sandbox.exec('cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d " "')).output.trim()).toBe('lo');
        expect(provider.describeIsolation()).toMatch(/user 1000:1000.*capabilities dropped.*network none/);
      } finally {
        await provider.destroy(sandbox.id);
      }
    }, TIMEOUT);

    it('gives uploaded workspace files to the sandbox user and keeps skills root-owned and read-only', async () => {
      const provider = new DockerSandboxProvider(options());
      const sandbox = await provider.create(spec());
      try {
        await sandbox.upload([
          { path: 'deep/dir/file.txt', content: Buffer.from('mine') },
          { path: '/bin/skills/h1/SKILL.md', content: Buffer.from('skill') },
        ]);
        expect((await sandbox.exec('stat -c %u deep deep/dir deep/dir/file.txt')).output).toBe('1000\n1000\n1000\n');
        expect((await sandbox.exec('echo more >> deep/dir/file.txt && touch deep/dir/new')).exitCode).toBe(0);
        expect((await sandbox.exec('stat -c %u /bin/skills/h1/SKILL.md')).output).toBe('0\n');
        expect((await sandbox.exec('cat /bin/skills/h1/SKILL.md')).output).toBe('skill');
        expect((await sandbox.exec('echo tampered > /bin/skills/h1/SKILL.md')).exitCode).not.toBe(0);
      } finally {
        await provider.destroy(sandbox.id);
      }
    }, TIMEOUT);

    it('refuses uploads and downloads through a symlink the agent planted', async () => {
      const provider = new DockerSandboxProvider(options());
      const sandbox = await provider.create(spec());
      try {
        await sandbox.exec('ln -s /etc etc-link && ln -s /etc/passwd passwd-link');
        await expect(sandbox.upload([{ path: 'etc-link/passwd', content: Buffer.from('root::0:0::/:/bin/sh\n') }])).rejects.toBeInstanceOf(InvalidInputError);
        await expect(sandbox.download('etc-link/group')).rejects.toThrow(/symlink/);
        await expect(sandbox.download('passwd-link')).rejects.toThrow(/symlink/);
        expect((await sandbox.exec('head -n 1 /etc/passwd')).output).toBe('root:x:0:0:root:/root:/bin/sh\n');
        await sandbox.upload([{ path: 'real.txt', content: Buffer.from('inside') }]);
        await sandbox.exec('ln -s real.txt alias.txt');
        expect(Buffer.from(await sandbox.download('alias.txt')).toString()).toBe('inside');
      } finally {
        await provider.destroy(sandbox.id);
      }
    }, TIMEOUT);

    it('installs a skill that commands can run', async () => {
      const provider = new DockerSandboxProvider(options());
      const sandbox = await provider.create(spec());
      try {
        const zip = await buildZip([
          { name: 'SKILL.md', content: '# hello' },
          { name: 'bin/hello.sh', content: '#!/bin/sh\necho "hello from the skill"\n' },
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
        expect(installed.location).toBe(`/bin/skills/${hash}`);
        expect((await sandbox.exec(`${installed.location}/bin/hello.sh`)).output).toBe('hello from the skill\n');
        const again = await installer.install(sandbox, [skill]);
        expect(again[0].alreadyPresent).toBe(true);
      } finally {
        await provider.destroy(sandbox.id);
      }
    }, TIMEOUT);
  });

  describe('lifecycle', () => {
    it('returns undefined for a container removed behind its back, and for a container it does not manage', async () => {
      const provider = new DockerSandboxProvider(options());
      const sandbox = await provider.create(spec());
      await client().getContainer(sandbox.id).remove({ force: true });
      expect(await provider.open(sandbox.id, spec())).toBeUndefined();

      const foreign = await client().createContainer({ Image: docker.image, Cmd: ['sleep', '60'], Labels: { 'ai.stigmer.test-run': testRun } });
      try {
        expect(await provider.open(foreign.id, spec())).toBeUndefined();
      } finally {
        await foreign.remove({ force: true });
      }
    }, TIMEOUT);

    it('only stops containers on destroy when cleanup is off, and open starts them again with their files', async () => {
      const provider = new DockerSandboxProvider(options({ cleanup: false }));
      const sandbox = await provider.create(spec());
      try {
        await sandbox.upload([{ path: 'kept.txt', content: Buffer.from('kept') }]);
        await provider.destroy(sandbox.id);
        expect((await client().getContainer(sandbox.id).inspect()).State.Running).toBe(false);
        const reopened = await provider.open(sandbox.id, spec());
        expect((await reopened!.exec('cat kept.txt')).output).toBe('kept');
      } finally {
        await client().getContainer(sandbox.id).remove({ force: true });
      }
    }, TIMEOUT);

    it('reaps containers idle past the TTL, including those a crashed worker left, but not busy ones', async () => {
      let now = Date.now();
      const first = new DockerSandboxProvider(options({ ttlSeconds: 60, now: () => now }));
      const idle = await first.create(spec());
      const busy = await first.create(spec());
      await idle.exec('true');
      const running = busy.exec('sleep 8', { timeoutMs: 30_000 });
      await new Promise((r) => setTimeout(r, 1000));

      // A new worker (no memory of these containers) an hour later.
      now += 3600_000;
      const restarted = new DockerSandboxProvider(options({ ttlSeconds: 60, now: () => now }));
      const reaped = await restarted.reapIdle();
      expect(reaped).toContain(idle.id);
      expect(reaped).not.toContain(busy.id);
      expect(await restarted.open(idle.id, spec())).toBeUndefined();
      expect((await running).exitCode).toBe(0);
      await restarted.destroy(busy.id);
    }, TIMEOUT);

    it('keeps containers used within the TTL', async () => {
      let now = Date.now();
      const provider = new DockerSandboxProvider(options({ ttlSeconds: 600, now: () => now }));
      const sandbox = await provider.create(spec());
      now += 300_000;
      await sandbox.exec('true');
      now += 400_000; // 700 s since creation, 400 s since the last use
      expect(await provider.reapIdle()).not.toContain(sandbox.id);
      await provider.destroy(sandbox.id);
    }, TIMEOUT);
  });

  describe('errors', () => {
    it('names the image when it is missing and pulling is off', async () => {
      const provider = new DockerSandboxProvider(options({ image: 'agent-runner-test/not-here:never', autoPull: false }));
      const error = await provider.create(spec()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SandboxUnavailableError);
      expect((error as Error).message).toMatch(/agent-runner-test\/not-here:never.*STIGMER_SANDBOX_AUTO_PULL/);
    }, TIMEOUT);

    it('names the image when it is missing and cannot be pulled', async () => {
      const provider = new DockerSandboxProvider(options({ image: '127.0.0.1:9/agent-runner/missing:1', autoPull: true }));
      await expect(provider.create(spec())).rejects.toThrow(/127\.0\.0\.1:9\/agent-runner\/missing:1 is not on the Docker host and could not be pulled/);
    }, TIMEOUT);

    it('says the daemon is unreachable', async () => {
      const provider = new DockerSandboxProvider(options({ connection: { socketPath: '/nonexistent/docker.sock' } }));
      await expect(provider.create(spec())).rejects.toThrow(/Docker daemon is not reachable/);
    }, TIMEOUT);
  });
});
