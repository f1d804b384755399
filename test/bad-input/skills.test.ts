import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GrpcStigmerBackend } from '../../src/adapters/grpc/grpc-stigmer-backend';
import { startLocalBackend } from '../../src/adapters/local-backend';
import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { FaultStack } from '../support/fault/fault-stack';
import { agent, instance, writeResources, type SkillFolder } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { TamperingBackend } from '../support/fault/tampering-backend';
import { buildZip, renameEntry } from '../skills/zip-builders';

const MIB = 1024 * 1024;
/** Five levels up from <workspace>/<org>/<session>/.skills/<hash>/ is the stack's own directory. */
const SLIP_TO_STACK_DIR = '../../../../../slipped.txt';
const SLIP_TO_TMP = `../../../../../../../../../../../../tmp/zip-slip-${process.pid}.txt`;

async function hostileSkills(): Promise<SkillFolder[]> {
  const slipZip = await buildZip([
    { name: 'SKILL.md', content: '# slip' },
    { name: 'A'.repeat(SLIP_TO_STACK_DIR.length), content: 'escaped' },
    { name: 'B'.repeat(SLIP_TO_TMP.length), content: 'escaped' },
  ]);
  const slip = renameEntry(renameEntry(slipZip, 'A'.repeat(SLIP_TO_STACK_DIR.length), SLIP_TO_STACK_DIR), 'B'.repeat(SLIP_TO_TMP.length), SLIP_TO_TMP);
  const symlink = await buildZip([
    { name: 'SKILL.md', content: '# link' },
    { name: 'rootlink', content: '/', mode: 0o120777 },
    { name: 'rootlink/tmp/through-the-link.txt', content: 'escaped' },
  ]);
  const manyFiles = await buildZip(Array.from({ length: 20_000 }, (_, i) => ({ name: `f/${i}.txt`, content: 'x', compress: false })));
  const good = await buildZip([
    { name: 'SKILL.md', content: '# Good skill\nRun tools/hello.sh.' },
    { name: 'tools/hello.sh', content: '#!/bin/sh\necho hello from the skill\n' },
  ]);
  return [
    { slug: 'zip-slip', skillMd: '# Zip slip\nA hostile archive.', artifact: slip },
    { slug: 'symlink', skillMd: '# Symlink\nA hostile archive.', artifact: symlink },
    { slug: 'many-files', skillMd: '# Many files\nA hostile archive.', artifact: manyFiles },
    { slug: 'huge-md', skillMd: `# Huge\n${'All work and no play. '.repeat(Math.ceil((1.2 * MIB) / 22))}` },
    { slug: 'blanked-md', skillMd: '# Blanked on the way\nThe tampering backend empties this one.' },
    { slug: 'good', skillMd: '# Good skill\nRun tools/hello.sh.', artifact: good },
  ];
}

describeWithServices('bad input: hostile and oversized skills, end to end', ['temporal'], () => {
  let stack: FaultStack;
  let model: StubServer;
  let skills: SkillFolder[];

  beforeAll(async () => {
    skills = await hostileSkills();
    model = await startOpenAiStub({ playback: 'by-history', script: { name: 'ok', turns: [{ text: 'All good.' }] } });
    stack = await FaultStack.start({
      resources: {
        agents: skills.map((s) => agent(`uses-${s.slug}`, { skills: [s.slug] })),
        instances: skills.map((s) => instance(`uses-${s.slug}`)),
        skills,
      },
      // The embedded backend refuses an empty SKILL.md (see below); stigmer-server could still send one.
      overrides: (config) => ({
        backend: new TamperingBackend(new GrpcStigmerBackend({ ...config.backend }), {
          skill: (s) => (s.meta.slug === 'blanked-md' ? { ...s, skillMd: '' } : s),
        }),
      }),
    });
    stack.router.route('default', model);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await model?.close();
    rmSync(join('/tmp', `zip-slip-${process.pid}.txt`), { force: true });
  }, 60_000);

  /** Runs the agent using `slug`, and checks that nothing appeared outside the session's workspace. */
  async function runWithSkill(slug: string) {
    const before = stack.files();
    const run = await stack.runToEnd({ agent: `uses-${slug}`, message: 'Use your skill.' });
    expect(stack.escapedPaths(before, run.sessionId)).toEqual([]);
    return run;
  }

  function skillFilesIn(sessionId: string): string[] {
    const dir = join(stack.workspaceDir, 'local', sessionId, '.skills');
    return existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : [];
  }

  it.each([
    ['zip-slip', /^skill zip-slip: .*"(\.\.\/)+.*" rejected: path contains a "\.\." segment/],
    ['symlink', /^skill symlink: .*"rootlink" rejected: symlink entries are not allowed/],
    ['many-files', /^skill many-files: .*20000 entries, over the 10000-entry limit/],
  ])('a %s archive fails the run naming the skill and entry, and writes nothing', async (slug, reason) => {
    const { status, sessionId } = await runWithSkill(slug);
    expect(status.phase).toBe('FAILED');
    expect(status.error).toMatch(reason);
    expect(skillFilesIn(sessionId)).toEqual([]);
    expect(existsSync(join(stack.dir, 'slipped.txt'))).toBe(false);
    expect(existsSync(join('/tmp', `zip-slip-${process.pid}.txt`))).toBe(false);
    expect(existsSync('/tmp/through-the-link.txt')).toBe(false);
  }, 120_000);

  it('a SKILL.md over 1 MiB fails the run naming the skill and the limit', async () => {
    const { status } = await runWithSkill('huge-md');
    expect(status.phase).toBe('FAILED');
    expect(status.error).toMatch(/^skill huge-md: SKILL\.md \(spec\.skill_md\) is \d+ bytes, over the 1048576-byte limit$/);
    expect(model.chatRequests().some((r) => JSON.stringify(r.body).includes('All work and no play'))).toBe(false);
  });

  it('an empty SKILL.md from the backend fails the run naming the skill', async () => {
    const { status } = await runWithSkill('blanked-md');
    expect([status.phase, status.error]).toEqual(['FAILED', 'skill blanked-md: SKILL.md (spec.skill_md) is empty']);
  });

  it('an empty SKILL.md in the embedded backend stops it at startup, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'blank-skill-'));
    try {
      writeResources(dir, { skills: [{ slug: 'blank', skillMd: '  \n' }] });
      await expect(startLocalBackend({ dataDir: dir, port: 0 })).rejects.toThrow('skills/blank/SKILL.md');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the worker keeps serving: an agent with a sound skill completes and gets the skill installed', async () => {
    const { status, sessionId } = await runWithSkill('good');
    expect(status.phase).toBe('COMPLETED');
    expect(skillFilesIn(sessionId).some((f) => f.endsWith('tools/hello.sh'))).toBe(true);
  });
});
