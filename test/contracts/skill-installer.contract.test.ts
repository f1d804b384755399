import { FakeSandboxProvider } from '../../src/adapters/fakes/fake-sandbox';
import { SandboxSkillInstaller } from '../../src/adapters/skills/sandbox-skill-installer';
import type { SkillInstaller } from '../../src/ports/skill-installer.port';
import { SkillMdInstaller } from '../support/use-case-harness';
import { describeSkillInstallerContract, type SkillInstallerSubject } from './skill-installer.contract';

async function overFakeSandbox(installer: SkillInstaller): Promise<SkillInstallerSubject> {
  const sandbox = await new FakeSandboxProvider().create({ org: 'o', sessionId: 's', executionId: 'e' });
  return { installer, sandbox, files: () => [...sandbox.fs.files.keys()].sort() };
}

describeSkillInstallerContract('SandboxSkillInstaller', () =>
  overFakeSandbox(
    new SandboxSkillInstaller({
      fetchArtifact: async () => {
        throw new Error('no artifacts in this suite');
      },
      skillsRoot: '/bin/skills',
      downloadConcurrency: 2,
    }),
  ),
);

describeSkillInstallerContract('SkillMdInstaller (test double)', () => overFakeSandbox(new SkillMdInstaller()));
