import { SandboxUnavailableError } from '../../src/domain/errors/domain-errors';
import { FakeSandboxProvider } from '../../src/adapters/fakes/fake-sandbox';
import { describeSandboxConformance } from './sandbox-conformance';

describeSandboxConformance(
  'fake',
  async () => {
    const provider = new FakeSandboxProvider();
    return { provider, stopBehindTheBack: async (id) => provider.stop(id) };
  },
  { realShell: false },
);

describe('FakeSandboxProvider test knobs', () => {
  const spec = { org: 'acme', sessionId: 'ses-1', executionId: 'aex-1' };

  it('counts creates and records destroyed ids', async () => {
    const provider = new FakeSandboxProvider();
    const a = await provider.create(spec);
    await provider.create(spec);
    await provider.destroy(a.id);
    expect(provider.createdCount).toBe(2);
    expect(provider.destroyed).toEqual([a.id]);
  });

  it('fails the next creates with the configured error', async () => {
    const provider = new FakeSandboxProvider();
    provider.failNextCreates = 1;
    await expect(provider.create(spec)).rejects.toBeInstanceOf(SandboxUnavailableError);
    await expect(provider.create(spec)).resolves.toBeDefined();
    expect(provider.createdCount).toBe(1);
  });

  it('reports unhealthy sandboxes provider-wide or one at a time', async () => {
    const provider = new FakeSandboxProvider();
    const sandbox = await provider.create(spec);
    sandbox.unhealthy = true;
    expect(await sandbox.health()).toBe(false);
    sandbox.unhealthy = false;
    provider.healthy = false;
    expect(await sandbox.health()).toBe(false);
    provider.healthy = true;
    expect(await sandbox.health()).toBe(true);
  });

  it('treats a sandbox marked gone as missing', async () => {
    const provider = new FakeSandboxProvider();
    const sandbox = await provider.create(spec);
    provider.markGone(sandbox.id);
    expect(await provider.open(sandbox.id, spec)).toBeUndefined();
    await expect(sandbox.exec('true')).rejects.toBeInstanceOf(SandboxUnavailableError);
  });

  it('records the env each exec got, including the per-command env', async () => {
    const provider = new FakeSandboxProvider();
    const sandbox = await provider.create(spec);
    await sandbox.exec('echo $A', { env: { A: 'one' } });
    expect(sandbox.execs[0]).toMatchObject({ command: 'echo $A', cwd: '/workspace', env: { A: 'one', LANG: 'C.UTF-8' } });
  });

  it('lets a test script a command', async () => {
    const provider = new FakeSandboxProvider();
    const sandbox = await provider.create(spec);
    sandbox.commandHandler = (command) =>
      command.startsWith('git ') ? { exitCode: 0, output: 'scripted git', truncated: false, timedOut: false } : undefined;
    expect((await sandbox.exec('git status')).output).toBe('scripted git');
    expect((await sandbox.exec('echo real')).output).toBe('real\n');
  });
});
