import type { Skill } from '../domain/model/resources';
import type { Sandbox } from './sandbox.port';

export interface InstalledSkill {
  skill: Skill;
  /** Directory inside the sandbox, as shown to the model in LOCATION. */
  location: string;
  /** True when the artifact could not be fetched and only SKILL.md was written. */
  skillMdOnly: boolean;
  /** True when the same hash was already present in a reused sandbox. */
  alreadyPresent: boolean;
}

export interface SkillInstaller {
  /** Installs every skill; throws SkillInstallError naming the skill on failure. */
  install(sandbox: Sandbox, skills: Skill[], signal?: AbortSignal): Promise<InstalledSkill[]>;
}
