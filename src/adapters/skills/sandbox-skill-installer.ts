import { posix } from 'node:path';
import { CancelledError, SkillInstallError, describeError } from '../../domain/errors/domain-errors';
import type { Skill } from '../../domain/model/resources';
import { SKILL_MD } from '../../domain/skills/archive-entry';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from '../../domain/skills/archive-limits';
import { fileModeFor, REGULAR_FILE_MODE } from '../../domain/skills/file-mode';
import { isVersionHash, skillDirectoryName } from '../../domain/skills/skill-directory';
import type { Logger } from '../../ports/logger.port';
import type { FileUpload, Sandbox } from '../../ports/sandbox.port';
import type { InstalledSkill, SkillInstaller } from '../../ports/skill-installer.port';
import { ArtifactCache, sha256Hex } from './artifact-cache';
import { boundedMap } from './bounded-map';
import { markerUpload, readMarker, type SkillMarker } from './skill-marker';
import { walkSkillArchive } from './skill-archive';

export interface SandboxSkillInstallerOptions {
  /** Downloads an artifact by storage key (the composition root passes backend.getSkillArtifact). */
  fetchArtifact: (artifactStorageKey: string) => Promise<Uint8Array>;
  /** SKILLS_ROOT: used when the sandbox does not say where its skills live (Sandbox.skillsRoot). */
  skillsRoot: string;
  /** SKILL_CACHE_DIR: worker-side artifact cache by content hash; undefined disables caching. */
  cacheDir?: string;
  /** SKILL_DOWNLOAD_CONCURRENCY. */
  downloadConcurrency: number;
  limits?: ArchiveLimits;
  logger?: Logger;
  /** Uploads are sent in batches of about this many bytes, so a large skill is never held whole in memory. */
  uploadBatchBytes?: number;
}

/** What one skill needs before anything is written: its directory, and either "already there" or content. */
interface PreparedSkill {
  skill: Skill;
  location: string;
  alreadyPresent: boolean;
  /** True when the directory holds (or will hold) only SKILL.md. */
  skillMdOnly: boolean;
  /** Validated zip, or undefined when only SKILL.md is installed. */
  artifact?: Uint8Array;
  identity: string;
}

/**
 * Installs skills into a sandbox: artifacts are fetched in parallel (bounded) or served from the worker cache,
 * verified against their version hash, validated entry by entry and extracted in-process, then uploaded under
 * `<skillsRoot>/<hash or slug>/` with scripts executable. A marker written last lets a reused sandbox skip skills
 * it already has. A missing or unfetchable artifact degrades to SKILL.md only; a bad archive is an error.
 */
export class SandboxSkillInstaller implements SkillInstaller {
  private readonly cache: ArtifactCache;
  private readonly limits: ArchiveLimits;

  constructor(private readonly options: SandboxSkillInstallerOptions) {
    this.cache = new ArtifactCache(options.cacheDir);
    this.limits = options.limits ?? DEFAULT_ARCHIVE_LIMITS;
  }

  async install(sandbox: Sandbox, skills: Skill[], signal?: AbortSignal): Promise<InstalledSkill[]> {
    const root = sandbox.skillsRoot ?? this.options.skillsRoot;
    // Skills sharing a version hash share a directory: prepare and write each directory once.
    const firstByLocation = new Map<string, number>();
    const locations = skills.map((skill, index) => {
      const location = posix.join(root, directoryFor(skill));
      if (!firstByLocation.has(location)) firstByLocation.set(location, index);
      return location;
    });
    const unique = [...firstByLocation.values()];
    const prepared = await boundedMap(unique, this.options.downloadConcurrency, (index) =>
      this.prepare(sandbox, skills[index], locations[index], signal),
    );
    const results = new Map<string, InstalledSkill>();
    for (const p of prepared) {
      throwIfAborted(signal);
      if (!p.alreadyPresent) await this.write(sandbox, p, signal);
      results.set(p.location, { skill: p.skill, location: p.location, skillMdOnly: p.skillMdOnly, alreadyPresent: p.alreadyPresent });
    }
    return skills.map((skill, index) => ({ ...results.get(locations[index])!, skill }));
  }

  private async prepare(sandbox: Sandbox, skill: Skill, location: string, signal?: AbortSignal): Promise<PreparedSkill> {
    throwIfAborted(signal);
    const label = skillLabel(skill);
    this.checkSkillMd(skill, label);
    const marker = await readMarker(sandbox, location);
    const hash = isVersionHash(skill.versionHash) ? skill.versionHash : undefined;
    const fullInstallPresent = hash !== undefined && marker !== undefined && !marker.skillMdOnly && marker.identity === hash;
    if (fullInstallPresent) return { skill, location, alreadyPresent: true, skillMdOnly: false, identity: hash };
    const artifact = await this.fetch(skill, hash, signal);
    if (artifact) {
      await walkSkillArchive(label, artifact, this.limits); // validation pass: nothing is written if this throws
      const identity = hash ?? sha256Hex(artifact);
      const present = marker !== undefined && !marker.skillMdOnly && marker.identity === identity;
      return { skill, location, alreadyPresent: present, skillMdOnly: false, artifact: present ? undefined : artifact, identity };
    }
    const identity = `skill-md:${sha256Hex(Buffer.from(skill.skillMd))}`;
    const present = marker?.skillMdOnly === true && marker.identity === identity;
    return { skill, location, alreadyPresent: present, skillMdOnly: true, identity };
  }

  /** spec.skill_md goes into the prompt whole: it must exist (min_len 1 upstream) and respect the SKILL.md limit. */
  private checkSkillMd(skill: Skill, label: string): void {
    if (!skill.skillMd.trim()) throw new SkillInstallError(`skill ${label}: SKILL.md (spec.skill_md) is empty`);
    const bytes = Buffer.byteLength(skill.skillMd, 'utf8');
    if (bytes > this.limits.maxSkillMdBytes) {
      throw new SkillInstallError(`skill ${label}: SKILL.md (spec.skill_md) is ${bytes} bytes, over the ${this.limits.maxSkillMdBytes}-byte limit`);
    }
  }

  /** The artifact bytes, or undefined when there is none or it cannot be fetched (the run goes on with SKILL.md). */
  private async fetch(skill: Skill, hash: string | undefined, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    if (!skill.artifactStorageKey) return undefined;
    const cached = hash ? await this.cache.get(hash) : undefined;
    if (cached) return cached;
    let bytes: Uint8Array;
    try {
      bytes = await this.options.fetchArtifact(skill.artifactStorageKey);
    } catch (err) {
      throwIfAborted(signal);
      this.options.logger?.warn('skill artifact could not be fetched; installing SKILL.md only', {
        skill: skillLabel(skill),
        storage_key: skill.artifactStorageKey,
        error: describeError(err),
      });
      return undefined;
    }
    throwIfAborted(signal);
    if (hash) {
      const actual = sha256Hex(bytes);
      if (actual !== hash) {
        throw new SkillInstallError(`skill ${skillLabel(skill)}: artifact sha256 ${actual} does not match status.version_hash ${hash}`);
      }
      await this.cache.put(hash, bytes).catch((err: unknown) =>
        this.options.logger?.warn('skill artifact cache write failed', { skill: skillLabel(skill), error: describeError(err) }),
      );
    }
    return bytes;
  }

  private async write(sandbox: Sandbox, p: PreparedSkill, signal?: AbortSignal): Promise<void> {
    const label = skillLabel(p.skill);
    const batchLimit = this.options.uploadBatchBytes ?? 8 * 1024 * 1024;
    let batch: FileUpload[] = [];
    let batchBytes = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      throwIfAborted(signal);
      await sandbox.upload(batch).catch((err: unknown) => {
        throw new SkillInstallError(`skill ${label}: upload to ${p.location} failed: ${describeError(err)}`, { cause: err });
      });
      batch = [];
      batchBytes = 0;
    };
    let hasSkillMd = false;
    if (p.artifact) {
      await walkSkillArchive(label, p.artifact, this.limits, async (file) => {
        if (file.path === SKILL_MD) hasSkillMd = true;
        batch.push({ path: posix.join(p.location, file.path), content: file.content, mode: fileModeFor(file.path) });
        batchBytes += file.content.length;
        if (batchBytes >= batchLimit) await flush();
      });
    }
    if (!hasSkillMd) batch.push({ path: posix.join(p.location, SKILL_MD), content: Buffer.from(p.skill.skillMd), mode: REGULAR_FILE_MODE });
    await flush();
    const marker: SkillMarker = { format: 1, identity: p.identity, skillMdOnly: !p.artifact };
    batch.push(markerUpload(p.location, marker));
    await flush();
  }
}

function directoryFor(skill: Skill): string {
  try {
    return skillDirectoryName(skill);
  } catch (err) {
    throw new SkillInstallError(`skill ${skillLabel(skill)}: ${describeError(err)}`, { cause: err });
  }
}

function skillLabel(skill: Skill): string {
  return skill.meta.slug || skill.meta.name || skill.meta.id || '(unnamed skill)';
}

function throwIfAborted(signal?: AbortSignal): void {
  if (signal?.aborted) throw new CancelledError('skill installation cancelled');
}
