import { mkdtempSync, rmSync, writeFileSync, existsSync, symlinkSync, readFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError, SandboxUnavailableError } from '../../src/domain/errors/domain-errors';
import { probeBubblewrap } from '../../src/adapters/sandbox/local/bubblewrap';
import { LocalSandboxProvider, type LocalSandboxOptions } from '../../src/adapters/sandbox/local/local-sandbox-provider';
import { describeSandboxConformance, processStateCommand } from './sandbox-conformance';

const roots: string[] = [];
function newRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'agent-runner-local-'));
  roots.push(root);
  return root;
}
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function provider(overrides: Partial<LocalSandboxOptions> = {}): LocalSandboxProvider {
  return new LocalSandboxProvider({ rootDir: newRoot(), isolation: 'none', ...overrides });
}

const bwrap = probeBubblewrap();
if (!bwrap.usable) {
  if (process.env.CI === 'true') throw new Error(`bubblewrap is required in CI for the local sandbox tests: ${bwrap.reason}`);
  console.error(`SKIPPING bubblewrap local sandbox tests: ${bwrap.reason}`);
}
const describeWithBwrap = bwrap.usable ? describe : describe.skip;

describeSandboxConformance('local (no isolation)', async () => ({ provider: provider() }), { realShell: true });
if (bwrap.usable) {
  describeSandboxConformance('local (bubblewrap)', async () => ({ provider: provider({ isolation: 'bubblewrap' }) }), { realShell: true });
}

describe('LocalSandboxProvider workspaces', () => {
  it('puts each session in <root>/<org>/<session>/ and reuses it across turns', async () => {
    const root = newRoot();
    const p = new LocalSandboxProvider({ rootDir: root, isolation: 'none' });
    const first = await p.create({ org: 'acme', sessionId: 'ses-01abc', executionId: 'aex-1' });
    expect(first.id).toBe('acme/ses-01abc');
    expect(first.workdir).toBe(join(realpathSync(root), 'acme', 'ses-01abc'));
    await first.upload([{ path: 'note.txt', content: Buffer.from('turn one') }]);
    const second = await p.create({ org: 'acme', sessionId: 'ses-01abc', executionId: 'aex-2' });
    expect(Buffer.from(await second.download('note.txt')).toString()).toBe('turn one');
  });

  it('maps an empty org to _ and sanitises unsafe ids without collisions', async () => {
    const root = newRoot();
    const p = new LocalSandboxProvider({ rootDir: root, isolation: 'none' });
    const noOrg = await p.create({ org: '', sessionId: 'ses-1', executionId: 'aex' });
    expect(noOrg.id).toBe('_/ses-1');
    const evil = await p.create({ org: '../..', sessionId: 'a/b', executionId: 'aex' });
    const similar = await p.create({ org: '../..', sessionId: 'a_b', executionId: 'aex' });
    expect(evil.workdir.startsWith(realpathSync(root) + '/')).toBe(true);
    expect(evil.id.split('/')).toHaveLength(2);
    expect(evil.id).not.toContain('..');
    expect(evil.id).not.toBe(similar.id);
  });

  it('rejects ids that are not workspace paths when opening', async () => {
    const p = provider();
    expect(await p.open('../../etc', { org: '', sessionId: '', executionId: '' })).toBeUndefined();
    expect(await p.open('a/b/c', { org: '', sessionId: '', executionId: '' })).toBeUndefined();
  });

  it('keeps skills under <workspace>/.skills, a path commands can read', async () => {
    const p = provider();
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses-skills', executionId: 'aex' });
    expect(sandbox.skillsRoot).toBe(`${sandbox.workdir}/.skills`);
    await sandbox.upload([{ path: `${sandbox.skillsRoot}/abc/SKILL.md`, content: Buffer.from('# skill') }]);
    expect((await sandbox.exec(`cat ${sandbox.skillsRoot}/abc/SKILL.md`)).output).toBe('# skill');
  });

  it('fails clearly when the workspace was removed under a sandbox', async () => {
    const p = provider();
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses-gone', executionId: 'aex' });
    await p.destroy(sandbox.id);
    await expect(sandbox.exec('true')).rejects.toBeInstanceOf(SandboxUnavailableError);
    expect(await sandbox.health()).toBe(false);
  });
});

describe('LocalSandbox file containment', () => {
  it('rejects absolute paths outside the workspace and writes nothing there', async () => {
    const p = provider();
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses-abs', executionId: 'aex' });
    const outside = join(newRoot(), 'outside.txt');
    await expect(sandbox.upload([{ path: outside, content: Buffer.from('x') }])).rejects.toBeInstanceOf(InvalidInputError);
    expect(existsSync(outside)).toBe(false);
  });

  it('rejects a batch with one bad path without writing the good ones', async () => {
    const p = provider();
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses-batch', executionId: 'aex' });
    await expect(
      sandbox.upload([
        { path: 'good.txt', content: Buffer.from('x') },
        { path: '../bad.txt', content: Buffer.from('x') },
      ]),
    ).rejects.toThrow(/bad\.txt/);
    expect(existsSync(join(sandbox.workdir, 'good.txt'))).toBe(false);
  });

  it('refuses to write or read through a symlink that leaves the workspace', async () => {
    const p = provider();
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses-link', executionId: 'aex' });
    const outsideDir = newRoot();
    writeFileSync(join(outsideDir, 'secret.txt'), 'worker secret');
    symlinkSync(outsideDir, join(sandbox.workdir, 'escape-dir'));
    symlinkSync(join(outsideDir, 'secret.txt'), join(sandbox.workdir, 'escape-file'));
    symlinkSync('/', join(sandbox.workdir, 'root-link'));

    await expect(sandbox.upload([{ path: 'escape-dir/planted.txt', content: Buffer.from('x') }])).rejects.toThrow(/symlink/);
    await expect(sandbox.upload([{ path: 'root-link/tmp/planted-by-agent.txt', content: Buffer.from('x') }])).rejects.toThrow(/symlink/);
    await expect(sandbox.upload([{ path: 'escape-file', content: Buffer.from('overwritten') }])).rejects.toThrow(/symlink/);
    await expect(sandbox.download('escape-file')).rejects.toThrow(/symlink/);
    await expect(sandbox.download('escape-dir/secret.txt')).rejects.toThrow(/symlink/);
    expect(existsSync(join(outsideDir, 'planted.txt'))).toBe(false);
    expect(existsSync('/tmp/planted-by-agent.txt')).toBe(false);
    expect(readFileSync(join(outsideDir, 'secret.txt'), 'utf8')).toBe('worker secret');
  });

  it('follows a symlink that stays inside the workspace', async () => {
    const p = provider();
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses-inlink', executionId: 'aex' });
    await sandbox.upload([{ path: 'real.txt', content: Buffer.from('inside') }]);
    symlinkSync(join(sandbox.workdir, 'real.txt'), join(sandbox.workdir, 'alias.txt'));
    expect(Buffer.from(await sandbox.download('alias.txt')).toString()).toBe('inside');
  });

  it('rejects invalid env names, naming the variable', async () => {
    const sandbox = await provider().create({ org: 'acme', sessionId: 'ses-env', executionId: 'aex' });
    await expect(sandbox.exec('true', { env: { 'BAD-NAME': 'x' } })).rejects.toThrow(/env\.BAD-NAME/);
  });
});

describe('LocalSandbox processes', () => {
  it('kills background jobs when the command exits, so they never hold the output open', async () => {
    const sandbox = await provider().create({ org: 'acme', sessionId: 'ses-bg', executionId: 'aex' });
    const result = await sandbox.exec('sleep 60 & echo $! > bg.pid; echo started');
    expect(result.exitCode).toBe(0);
    expect(result.output.trim()).toBe('started');
    const check = await sandbox.exec(processStateCommand('bg.pid'));
    expect(check.output.trim()).toBe('gone');
  });

  it('reports death by signal as 128 + signal number', async () => {
    const sandbox = await provider().create({ org: 'acme', sessionId: 'ses-sig', executionId: 'aex' });
    expect((await sandbox.exec('kill -TERM $$')).exitCode).toBe(143);
  });
});

describe('LocalSandboxProvider isolation modes', () => {
  it('says when commands run directly on the host', () => {
    expect(provider({ isolation: 'none' }).describeIsolation()).toMatch(/directly on the worker host/);
  });

  it('refuses to create a sandbox when bubblewrap is required but cannot run', async () => {
    const p = provider({ isolation: 'bubblewrap', bwrapPath: '/nonexistent/bwrap' });
    await expect(p.create({ org: 'acme', sessionId: 'ses', executionId: 'aex' })).rejects.toThrow(/SANDBOX_ISOLATION=bubblewrap/);
    expect(p.describeIsolation()).toMatch(/unavailable/);
  });

  it('falls back to no isolation in auto mode when bubblewrap cannot run', async () => {
    const p = provider({ isolation: 'auto', bwrapPath: '/nonexistent/bwrap' });
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses', executionId: 'aex' });
    expect((await sandbox.exec('echo ok')).output).toBe('ok\n');
    expect(p.describeIsolation()).toMatch(/directly on the worker host/);
  });
});

describeWithBwrap('LocalSandbox under bubblewrap', () => {
  it('says so in describeIsolation (auto picks it)', () => {
    expect(provider({ isolation: 'auto' }).describeIsolation()).toMatch(/bubblewrap/);
  });

  it('hides host files outside the workspace and keeps the system read-only', async () => {
    const p = provider({ isolation: 'bubblewrap' });
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses-bw', executionId: 'aex' });
    const outsideDir = newRoot();
    writeFileSync(join(outsideDir, 'host-secret.txt'), 'worker secret');
    expect((await sandbox.exec(`cat ${outsideDir}/host-secret.txt`)).exitCode).not.toBe(0);
    expect((await sandbox.exec(`ls ${process.env.HOME ?? '/root'}`)).exitCode).not.toBe(0);
    expect((await sandbox.exec('touch /usr/agent-runner-probe')).exitCode).not.toBe(0);
    expect(existsSync('/usr/agent-runner-probe')).toBe(false);
    expect((await sandbox.exec('cat /etc/shadow')).output).not.toMatch(/root:/);
    expect((await sandbox.exec('echo written > inside.txt && cat inside.txt')).output).toBe('written\n');
  });

  it('lets commands read skills but not change them', async () => {
    const p = provider({ isolation: 'bubblewrap' });
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses-bw-skills', executionId: 'aex' });
    await sandbox.upload([{ path: `${sandbox.skillsRoot}/h1/SKILL.md`, content: Buffer.from('skill text') }]);
    expect((await sandbox.exec(`cat ${sandbox.skillsRoot}/h1/SKILL.md`)).output).toBe('skill text');
    expect((await sandbox.exec(`echo tampered > ${sandbox.skillsRoot}/h1/SKILL.md`)).exitCode).not.toBe(0);
    expect(readFileSync(join(sandbox.skillsRoot!, 'h1/SKILL.md'), 'utf8')).toBe('skill text');
  });

  it('keeps /tmp per session and across commands', async () => {
    const p = provider({ isolation: 'bubblewrap' });
    const a = await p.create({ org: 'acme', sessionId: 'ses-tmp-a', executionId: 'aex' });
    const b = await p.create({ org: 'acme', sessionId: 'ses-tmp-b', executionId: 'aex' });
    await a.exec('echo mine > /tmp/marker');
    expect((await a.exec('cat /tmp/marker')).output).toBe('mine\n');
    expect((await b.exec('cat /tmp/marker')).exitCode).not.toBe(0);
  });

  it('cuts the network when asked', async () => {
    const p = provider({ isolation: 'bubblewrap', shareNetwork: false });
    const sandbox = await p.create({ org: 'acme', sessionId: 'ses-nonet', executionId: 'aex' });
    const result = await sandbox.exec('cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d " "');
    expect(result.output.trim().split('\n')).toEqual(['lo']);
  });
});
