import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { SkillInstallError } from '../../src/domain/errors/domain-errors';
import type { Skill } from '../../src/domain/model/resources';
import { FakeSandboxProvider } from '../../src/adapters/fakes/fake-sandbox';
import { LocalSandboxProvider } from '../../src/adapters/sandbox/local/local-sandbox-provider';
import { SandboxSkillInstaller, type SandboxSkillInstallerOptions } from '../../src/adapters/skills/sandbox-skill-installer';
import type { Sandbox } from '../../src/ports/sandbox.port';
import { buildZip, declareUncompressedSize, renameEntry } from './zip-builders';

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function skillFor(slug: string, artifact?: Uint8Array, overrides: Partial<Skill> = {}): Skill {
  return {
    meta: { id: `skl-${slug}`, name: `Skill ${slug}`, slug, org: 'acme' },
    skillMd: `# ${slug}\nUse it well.`,
    tag: '',
    versionHash: artifact ? sha256(artifact) : '',
    artifactStorageKey: artifact ? `skills/${slug}.zip` : '',
    state: 'READY',
    ...overrides,
  };
}

/** A backend stand-in that serves artifacts by storage key and counts fetches. */
function artifactStore(artifacts: Record<string, Uint8Array>) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetchArtifact = async (key: string): Promise<Uint8Array> => {
    calls.push(key);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 20));
    inFlight--;
    const bytes = artifacts[key];
    if (!bytes) throw new Error(`artifact ${key} not found`);
    return bytes;
  };
  return { fetchArtifact, calls, maxInFlight: () => maxInFlight };
}

function installer(options: Partial<SandboxSkillInstallerOptions> & Pick<SandboxSkillInstallerOptions, 'fetchArtifact'>) {
  return new SandboxSkillInstaller({ skillsRoot: '/bin/skills', downloadConcurrency: 4, ...options });
}

async function localSandbox(): Promise<{ sandbox: Sandbox; root: string }> {
  const root = tempDir('agent-runner-skills-');
  const provider = new LocalSandboxProvider({ rootDir: root, isolation: 'none' });
  return { sandbox: await provider.create({ org: 'acme', sessionId: `ses-${Math.random().toString(36).slice(2)}`, executionId: 'aex' }), root };
}

/** Every regular file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}

describe('SandboxSkillInstaller: installing', () => {
  it('extracts the artifact under <skillsRoot>/<hash>/ with scripts executable, and the location is readable by commands', async () => {
    const zip = await buildZip([
      { name: 'SKILL.md', content: '# from the zip' },
      { name: 'scripts/run.sh', content: '#!/bin/sh\necho "skill script ran"\n' },
      { name: 'lib/helper.py', content: 'print(1)\n' },
      { name: 'docs/', content: '' },
      { name: 'docs/guide.txt', content: 'guide' },
    ]);
    const skill = skillFor('deploy', zip);
    const store = artifactStore({ [skill.artifactStorageKey]: zip });
    const { sandbox } = await localSandbox();
    const [installed] = await installer({ fetchArtifact: store.fetchArtifact }).install(sandbox, [skill]);

    expect(installed.location).toBe(`${sandbox.skillsRoot}/${skill.versionHash}`);
    expect(installed).toMatchObject({ skillMdOnly: false, alreadyPresent: false });
    expect((await sandbox.exec(`cat ${installed.location}/SKILL.md`)).output).toBe('# from the zip');
    expect((await sandbox.exec(`${installed.location}/scripts/run.sh`)).output).toBe('skill script ran\n');
    expect((await sandbox.exec(`test -x ${installed.location}/lib/helper.py`)).exitCode).toBe(0);
    expect((await sandbox.exec(`test -x ${installed.location}/docs/guide.txt`)).exitCode).toBe(1);
  });

  it('uses SKILLS_ROOT when the sandbox does not relocate skills', async () => {
    const zip = await buildZip([{ name: 'SKILL.md', content: 'x' }]);
    const skill = skillFor('plain', zip);
    const sandbox = await new FakeSandboxProvider().create({ org: 'acme', sessionId: 's', executionId: 'e' });
    const [installed] = await installer({ fetchArtifact: artifactStore({ [skill.artifactStorageKey]: zip }).fetchArtifact, skillsRoot: '/bin/skills' }).install(
      sandbox,
      [skill],
    );
    expect(installed.location).toBe(`/bin/skills/${skill.versionHash}`);
    expect(sandbox.fs.files.get(`/bin/skills/${skill.versionHash}/SKILL.md`)).toBeDefined();
  });

  it('writes SKILL.md from the spec when the archive has none', async () => {
    const zip = await buildZip([{ name: 'tool.sh', content: 'echo' }]);
    const skill = skillFor('nomd', zip);
    const sandbox = await new FakeSandboxProvider().create({ org: 'a', sessionId: 's', executionId: 'e' });
    const [installed] = await installer({ fetchArtifact: artifactStore({ [skill.artifactStorageKey]: zip }).fetchArtifact }).install(sandbox, [skill]);
    expect(sandbox.readText(`${installed.location}/SKILL.md`)).toBe(skill.skillMd);
  });

  it('falls back to SKILL.md only when the artifact cannot be fetched, or there is none', async () => {
    const missing = skillFor('missing', Buffer.from('whatever'));
    const none = skillFor('none');
    const sandbox = await new FakeSandboxProvider().create({ org: 'a', sessionId: 's', executionId: 'e' });
    const result = await installer({ fetchArtifact: artifactStore({}).fetchArtifact }).install(sandbox, [missing, none]);
    expect(result.map((r) => r.skillMdOnly)).toEqual([true, true]);
    expect(result[1].location).toBe('/bin/skills/none');
    expect(sandbox.readText(`${result[0].location}/SKILL.md`)).toBe(missing.skillMd);
    expect(sandbox.readText('/bin/skills/none/SKILL.md')).toBe(none.skillMd);
  });

  it('rejects an artifact whose sha256 is not the version hash', async () => {
    const zip = await buildZip([{ name: 'SKILL.md', content: 'x' }]);
    const skill = skillFor('tampered', zip, { versionHash: 'a'.repeat(64) });
    const sandbox = await new FakeSandboxProvider().create({ org: 'a', sessionId: 's', executionId: 'e' });
    await expect(installer({ fetchArtifact: artifactStore({ [skill.artifactStorageKey]: zip }).fetchArtifact }).install(sandbox, [skill])).rejects.toThrow(
      /skill tampered: artifact sha256 [0-9a-f]{64} does not match status.version_hash a{64}/,
    );
  });

  it('skips a skill a reused sandbox already has, without downloading it again', async () => {
    const zip = await buildZip([{ name: 'SKILL.md', content: 'x' }]);
    const skill = skillFor('reused', zip);
    const store = artifactStore({ [skill.artifactStorageKey]: zip });
    const sandbox = await new FakeSandboxProvider().create({ org: 'a', sessionId: 's', executionId: 'e' });
    const inst = installer({ fetchArtifact: store.fetchArtifact });
    const first = await inst.install(sandbox, [skill]);
    const uploadsBefore = sandbox.fs.files.size;
    const second = await inst.install(sandbox, [skill]);
    expect(first[0].alreadyPresent).toBe(false);
    expect(second[0].alreadyPresent).toBe(true);
    expect(store.calls).toHaveLength(1);
    expect(sandbox.fs.files.size).toBe(uploadsBefore);
  });

  it('retries the artifact for a directory that only got SKILL.md last time', async () => {
    const zip = await buildZip([{ name: 'SKILL.md', content: 'full' }, { name: 'run.sh', content: 'echo' }]);
    const skill = skillFor('flaky', zip);
    const sandbox = await new FakeSandboxProvider().create({ org: 'a', sessionId: 's', executionId: 'e' });
    const firstTry = await installer({ fetchArtifact: artifactStore({}).fetchArtifact }).install(sandbox, [skill]);
    expect(firstTry[0].skillMdOnly).toBe(true);
    const secondTry = await installer({ fetchArtifact: artifactStore({ [skill.artifactStorageKey]: zip }).fetchArtifact }).install(sandbox, [skill]);
    expect(secondTry[0]).toMatchObject({ skillMdOnly: false, alreadyPresent: false });
    expect(sandbox.readText(`${secondTry[0].location}/run.sh`)).toBe('echo');
  });

  it('serves artifacts from the worker cache by content hash, and ignores a corrupted cache file', async () => {
    const zip = await buildZip([{ name: 'SKILL.md', content: 'cached' }]);
    const skill = skillFor('cached', zip);
    const store = artifactStore({ [skill.artifactStorageKey]: zip });
    const cacheDir = tempDir('agent-runner-skill-cache-');
    const inst = installer({ fetchArtifact: store.fetchArtifact, cacheDir });
    const provider = new FakeSandboxProvider();
    await inst.install(await provider.create({ org: 'a', sessionId: 's1', executionId: 'e' }), [skill]);
    await inst.install(await provider.create({ org: 'a', sessionId: 's2', executionId: 'e' }), [skill]);
    expect(store.calls).toHaveLength(1);
    expect(existsSync(join(cacheDir, `${skill.versionHash}.zip`))).toBe(true);

    writeFileSync(join(cacheDir, `${skill.versionHash}.zip`), 'corrupted');
    const third = await provider.create({ org: 'a', sessionId: 's3', executionId: 'e' });
    await inst.install(third, [skill]);
    expect(store.calls).toHaveLength(2);
    expect(third.readText(`/bin/skills/${skill.versionHash}/SKILL.md`)).toBe('cached');
  });

  it('downloads in parallel, never more than the configured concurrency, and keeps the order', async () => {
    const zips = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => buildZip([{ name: 'SKILL.md', content: `skill ${n}` }])));
    const skills = zips.map((z, i) => skillFor(`s${i + 1}`, z));
    const store = artifactStore(Object.fromEntries(skills.map((s, i) => [s.artifactStorageKey, zips[i]])));
    const sandbox = await new FakeSandboxProvider().create({ org: 'a', sessionId: 's', executionId: 'e' });
    const result = await installer({ fetchArtifact: store.fetchArtifact, downloadConcurrency: 2 }).install(sandbox, skills);
    expect(result.map((r) => r.skill.meta.slug)).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
    expect(store.maxInFlight()).toBe(2);
  });

  it('installs two skills with the same version hash once, into one directory', async () => {
    const zip = await buildZip([{ name: 'SKILL.md', content: 'same' }]);
    const a = skillFor('alpha', zip);
    const b = skillFor('beta', zip, { artifactStorageKey: 'skills/alpha.zip' });
    const store = artifactStore({ 'skills/alpha.zip': zip });
    const sandbox = await new FakeSandboxProvider().create({ org: 'a', sessionId: 's', executionId: 'e' });
    const result = await installer({ fetchArtifact: store.fetchArtifact }).install(sandbox, [a, b]);
    expect(result[0].location).toBe(result[1].location);
    expect(result.map((r) => r.skill.meta.slug)).toEqual(['alpha', 'beta']);
    expect(store.calls).toHaveLength(1);
  });

  it('stops when the signal is aborted', async () => {
    const skill = skillFor('cancelled');
    const sandbox = await new FakeSandboxProvider().create({ org: 'a', sessionId: 's', executionId: 'e' });
    const controller = new AbortController();
    controller.abort();
    await expect(installer({ fetchArtifact: artifactStore({}).fetchArtifact }).install(sandbox, [skill], controller.signal)).rejects.toThrow(/cancelled/);
  });
});

describe('SandboxSkillInstaller: hostile archives are rejected and nothing is written', () => {
  let hugeHonest: Buffer;
  let hugeLying: Buffer;

  beforeAll(async () => {
    // 1 GiB of zeros, streamed through deflate: about 1 MiB of zip, never 1 GiB in memory.
    hugeHonest = await buildZip([{ name: 'SKILL.md', content: 'x' }, { name: 'big.bin', zeroBytes: 1024 ** 3 }]);
    hugeLying = declareUncompressedSize(hugeHonest, 'big.bin', 1000);
  }, 120_000);

  /** Installs into a real local workspace and asserts the whole workspace tree is still empty afterwards. */
  async function expectRejected(zip: Buffer, message: RegExp): Promise<void> {
    const skill = skillFor('hostile', zip);
    const { sandbox, root } = await localSandbox();
    const before = filesUnder(root);
    const error = await installer({ fetchArtifact: artifactStore({ [skill.artifactStorageKey]: zip }).fetchArtifact })
      .install(sandbox, [skill])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(SkillInstallError);
    expect((error as Error).message).toMatch(/^skill hostile: /);
    expect((error as Error).message).toMatch(message);
    expect(filesUnder(root)).toEqual(before);
  }

  it('zip-slip ../../etc/x', async () => {
    const zip = renameEntry(await buildZip([{ name: 'SKILL.md', content: 'x' }, { name: 'aa/aa/etc/x', content: 'pwned' }]), 'aa/aa/etc/x', '../../etc/x');
    await expectRejected(zip, /"\.\.\/\.\.\/etc\/x" rejected: path contains a "\.\." segment/);
  });

  it('absolute path /etc/passwd', async () => {
    const zip = renameEntry(await buildZip([{ name: 'Xetc/passwd', content: 'root::0:0' }]), 'Xetc/passwd', '/etc/passwd');
    await expectRejected(zip, /"\/etc\/passwd" rejected: absolute path/);
    expect(readFileSync('/etc/passwd', 'utf8')).not.toContain('root::0:0');
  });

  it('symlink to /', async () => {
    const zip = await buildZip([
      { name: 'SKILL.md', content: 'x' },
      { name: 'rootlink', content: '/', mode: 0o120777 },
      { name: 'rootlink/etc/x', content: 'through the link' },
    ]);
    await expectRejected(zip, /"rootlink" rejected: symlink entries are not allowed/);
  });

  it('a 1 GiB zero-filled entry', async () => {
    await expectRejected(hugeHonest, /"big\.bin" rejected: .*(over the|ratio)/);
  }, 60_000);

  it('a 1 GiB entry whose header claims 1000 bytes, caught on the real decompressed bytes', async () => {
    await expectRejected(hugeLying, /"big\.bin" rejected: .*(bytes|stream)/);
  }, 60_000);

  it('a moderately sized entry with a bomb-like compression ratio', async () => {
    const zip = await buildZip([{ name: 'SKILL.md', content: 'x' }, { name: 'dense.bin', zeroBytes: 20 * 1024 * 1024 }]);
    await expectRejected(zip, /"dense\.bin" rejected: compression ratio \d+:1 is over 100:1/);
  }, 60_000);

  it('20,000 tiny files', async () => {
    const zip = await buildZip(Array.from({ length: 20_000 }, (_, i) => ({ name: `f/${i}.txt`, content: 'x', compress: false })));
    await expectRejected(zip, /20000 entries, over the 10000-entry limit/);
  }, 60_000);

  it('something that is not a zip at all', async () => {
    await expectRejected(Buffer.from('this is not a zip archive'), /not a valid zip archive/);
  });
});
