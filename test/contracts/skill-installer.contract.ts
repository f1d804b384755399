import type { Skill } from '../../src/domain/model/resources';
import type { Sandbox } from '../../src/ports/sandbox.port';
import type { SkillInstaller } from '../../src/ports/skill-installer.port';

export interface SkillInstallerSubject {
  installer: SkillInstaller;
  /** A fresh sandbox with no skills in it. */
  sandbox: Sandbox;
  /** Paths of every file in the sandbox now, to tell whether an install wrote anything. */
  files(): string[];
}

function skill(id: string, slug: string, hashChar: string, skillMd: string): Skill {
  return {
    meta: { id, name: slug, slug, org: 'acme' },
    skillMd,
    tag: '',
    versionHash: hashChar.repeat(64),
    artifactStorageKey: '',
    state: 'READY',
  };
}

/** Behaviour every SkillInstaller must show for skills without artifacts (SKILL.md only). */
export function describeSkillInstallerContract(name: string, factory: () => Promise<SkillInstallerSubject>): void {
  describe(`SkillInstaller contract: ${name}`, () => {
    let subject: SkillInstallerSubject;

    beforeEach(async () => {
      subject = await factory();
    });

    it('writes SKILL.md into each skill location and returns one SKILL.md-only InstalledSkill per skill, in order', async () => {
      const skills = [
        skill('skl-01jcontract00000000000001', 'greeter', 'a', '# Greeter\nSay hello.'),
        skill('skl-01jcontract00000000000002', 'farewell', 'b', '# Farewell\nSay goodbye politely.'),
      ];

      const installed = await subject.installer.install(subject.sandbox, skills);

      expect(installed).toHaveLength(2);
      for (const [i, result] of installed.entries()) {
        expect(result.skill.meta.id).toBe(skills[i].meta.id);
        expect(result.skillMdOnly).toBe(true);
        expect(result.alreadyPresent).toBe(false);
        if (subject.sandbox.skillsRoot) expect(result.location.startsWith(`${subject.sandbox.skillsRoot}/`)).toBe(true);
        const written = await subject.sandbox.download(`${result.location}/SKILL.md`);
        expect(new TextDecoder().decode(written)).toBe(skills[i].skillMd);
      }
      expect(new Set(installed.map((r) => r.location)).size).toBe(2);
    });

    it('installs nothing for an empty list', async () => {
      const before = subject.files();
      await expect(subject.installer.install(subject.sandbox, [])).resolves.toEqual([]);
      expect(subject.files()).toEqual(before);
    });
  });
}
