import { InvalidInputError } from '../errors/domain-errors';
import type { Skill } from '../model/resources';

const VERSION_HASH = /^[a-f0-9]{64}$/;
const MAX_NAME_LENGTH = 200;

/**
 * Name of the directory a skill is installed into (under the skills root). Content-addressed by `versionHash`
 * when it is a real hash, so identical versions share a directory; otherwise a sanitized slug. The result is always
 * a single safe path segment, so it can never escape the skills root or break a command line.
 */
export function skillDirectoryName(skill: Pick<Skill, 'meta' | 'versionHash'>): string {
  if (VERSION_HASH.test(skill.versionHash)) return skill.versionHash;
  const label = skill.meta.slug || skill.meta.name || skill.meta.id || '(unnamed)';
  const slug = skill.meta.slug.replace(/\//g, '_').replace(/[^a-zA-Z0-9._-]/g, '_');
  const field = `skill ${label} metadata.slug`;
  if (slug === '') throw new InvalidInputError(field, 'the skill has neither a 64-hex version hash nor a slug');
  if (/^\.+$/.test(slug)) throw new InvalidInputError(field, `"${slug}" cannot be used as a directory name`);
  if (slug.length > MAX_NAME_LENGTH) throw new InvalidInputError(field, `longer than ${MAX_NAME_LENGTH} characters`);
  return slug;
}

export function isVersionHash(value: string): boolean {
  return VERSION_HASH.test(value);
}
