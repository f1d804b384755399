import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, extname, join, relative } from 'node:path';
import { create, type DescMessage, fromJson, type JsonObject, type JsonValue, type MessageShape } from '@bufbuild/protobuf';
import { parseAllDocuments } from 'yaml';
import { InvalidInputError } from '../../domain/errors/domain-errors';
import { type Agent, AgentSchema } from '../proto/gen/ai/stigmer/agentic/agent/v1/api_pb';
import { type AgentExecution, AgentExecutionSchema } from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { type AgentInstance, AgentInstanceSchema } from '../proto/gen/ai/stigmer/agentic/agentinstance/v1/api_pb';
import { type Environment, EnvironmentSchema } from '../proto/gen/ai/stigmer/agentic/environment/v1/api_pb';
import { type Session, SessionSchema } from '../proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import { type Skill, SkillSchema } from '../proto/gen/ai/stigmer/agentic/skill/v1/api_pb';
import { SkillSpecSchema } from '../proto/gen/ai/stigmer/agentic/skill/v1/spec_pb';
import { SkillState, SkillStatusSchema } from '../proto/gen/ai/stigmer/agentic/skill/v1/status_pb';
import { API_VERSION } from '../proto/mapping/resources.mapping';

/**
 * The data directory of the embedded backend. Resources people write are YAML in the shape of Stigmer manifests
 * (apiVersion/kind/metadata/spec, proto JSON field names); what the API writes lives under `state/` as JSON.
 *
 *   agents/*.yaml  agent-instances/*.yaml  sessions/*.yaml  environments/*.yaml
 *   skills/<slug>/{skill.yaml, SKILL.md, artifact.zip}
 *   state/{agents,agent-instances,sessions,executions}/<id>.json   (override declared resources by id)
 */

export interface KindInfo<D extends DescMessage> {
  folder: string;
  kind: string;
  idPrefix: string;
  schema: D;
}

export const AGENT_KIND: KindInfo<typeof AgentSchema> = { folder: 'agents', kind: 'Agent', idPrefix: 'agt', schema: AgentSchema };
export const AGENT_INSTANCE_KIND: KindInfo<typeof AgentInstanceSchema> = {
  folder: 'agent-instances',
  kind: 'AgentInstance',
  idPrefix: 'ain',
  schema: AgentInstanceSchema,
};
export const SESSION_KIND: KindInfo<typeof SessionSchema> = { folder: 'sessions', kind: 'Session', idPrefix: 'ses', schema: SessionSchema };
export const ENVIRONMENT_KIND: KindInfo<typeof EnvironmentSchema> = {
  folder: 'environments',
  kind: 'Environment',
  idPrefix: 'env',
  schema: EnvironmentSchema,
};
export const SKILL_KIND: KindInfo<typeof SkillSchema> = { folder: 'skills', kind: 'Skill', idPrefix: 'skl', schema: SkillSchema };
export const EXECUTION_KIND: KindInfo<typeof AgentExecutionSchema> = {
  folder: 'executions',
  kind: 'AgentExecution',
  idPrefix: 'aex',
  schema: AgentExecutionSchema,
};

export const STATE_DIR = 'state';
export const DECLARED_FOLDERS = ['agents', 'agent-instances', 'sessions', 'environments', 'skills'] as const;

export interface LoadedSkill {
  skill: Skill;
  /** Absolute path of the artifact zip, when the skill has one. */
  artifactPath?: string;
}

export interface DeclaredResources {
  agents: Agent[];
  agentInstances: AgentInstance[];
  sessions: Session[];
  environments: Environment[];
  skills: LoadedSkill[];
}

export interface StateResources {
  agents: Agent[];
  agentInstances: AgentInstance[];
  sessions: Session[];
  executions: AgentExecution[];
}

export async function loadDeclaredResources(dataDir: string): Promise<DeclaredResources> {
  return {
    agents: await loadYamlFolder(dataDir, AGENT_KIND),
    agentInstances: await loadYamlFolder(dataDir, AGENT_INSTANCE_KIND),
    sessions: await loadYamlFolder(dataDir, SESSION_KIND),
    environments: await loadYamlFolder(dataDir, ENVIRONMENT_KIND),
    skills: await loadSkills(dataDir),
  };
}

export async function loadStateResources(dataDir: string): Promise<StateResources> {
  return {
    agents: await loadStateFolder(dataDir, AGENT_KIND),
    agentInstances: await loadStateFolder(dataDir, AGENT_INSTANCE_KIND),
    sessions: await loadStateFolder(dataDir, SESSION_KIND),
    executions: await loadStateFolder(dataDir, EXECUTION_KIND),
  };
}

export function statePath(dataDir: string, kind: { folder: string }, id: string): string {
  return join(dataDir, STATE_DIR, kind.folder, `${id}.json`);
}

/**
 * Parses one YAML file holding one or more resources (`---` separated) of the given kind, filling what a
 * person may leave out: apiVersion, kind, metadata.slug (file name), name, org (`local`), owner scope, id.
 */
export function parseResourceYaml<D extends DescMessage>(
  text: string,
  kind: KindInfo<D>,
  label: string,
  fileSlug: string = basename(label, extname(label)),
): MessageShape<D>[] {
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  const resources: MessageShape<D>[] = [];
  for (const doc of list) {
    if (doc.errors.length > 0) throw new InvalidInputError(label, `YAML syntax error: ${doc.errors[0].message}`);
    const json: unknown = doc.toJSON();
    if (json === null || json === undefined) continue;
    if (typeof json !== 'object' || Array.isArray(json)) throw new InvalidInputError(label, `expected a ${kind.kind} mapping`);
    const defaultSlug = list.length === 1 ? fileSlug : undefined;
    resources.push(decodeResource(withDefaults(json as JsonObject, kind, label, defaultSlug), kind, label));
  }
  return resources;
}

function withDefaults(json: JsonObject, kind: KindInfo<DescMessage>, label: string, defaultSlug: string | undefined): JsonObject {
  if (json.kind !== undefined && json.kind !== kind.kind) {
    throw new InvalidInputError(`${label} kind`, `expected ${kind.kind} (folder ${kind.folder}/), got ${JSON.stringify(json.kind)}`);
  }
  const metadata = { ...asObject(json.metadata) };
  const slug = typeof metadata.slug === 'string' && metadata.slug ? metadata.slug : defaultSlug;
  if (!slug) throw new InvalidInputError(`${label} metadata.slug`, 'is required when a file holds several resources');
  metadata.slug = slug;
  metadata.name ??= slug;
  metadata.org ??= 'local';
  // `organization` satisfies every kind's owner-scope rule the real server validates.
  metadata.ownerScope ??= 'organization';
  metadata.id ??= `${kind.idPrefix}-${slug}`;
  return { ...json, apiVersion: json.apiVersion ?? API_VERSION, kind: kind.kind, metadata };
}

function asObject(value: JsonValue | undefined): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function decodeResource<D extends DescMessage>(json: JsonValue, kind: KindInfo<D>, label: string): MessageShape<D> {
  try {
    return fromJson(kind.schema, json);
  } catch (err) {
    throw new InvalidInputError(label, `not a valid ${kind.kind}: ${(err as Error).message}`, { cause: err });
  }
}

async function loadYamlFolder<D extends DescMessage>(dataDir: string, kind: KindInfo<D>): Promise<MessageShape<D>[]> {
  const folder = join(dataDir, kind.folder);
  const resources: MessageShape<D>[] = [];
  for (const name of await listFiles(folder)) {
    if (!/\.ya?ml$/.test(name)) continue;
    const label = relative(dataDir, join(folder, name));
    resources.push(...parseResourceYaml(await readFile(join(folder, name), 'utf8'), kind, label));
  }
  return resources;
}

async function loadStateFolder<D extends DescMessage>(dataDir: string, kind: KindInfo<D>): Promise<MessageShape<D>[]> {
  const folder = join(dataDir, STATE_DIR, kind.folder);
  const resources: MessageShape<D>[] = [];
  for (const name of await listFiles(folder)) {
    const path = join(folder, name);
    // A temp file is a write that never reached its rename (crash): the previous file is still intact.
    if (name.endsWith('.tmp')) {
      await rm(path, { force: true });
      continue;
    }
    if (!name.endsWith('.json')) continue;
    const label = relative(dataDir, path);
    let json: JsonValue;
    try {
      json = JSON.parse(await readFile(path, 'utf8')) as JsonValue;
    } catch (err) {
      throw new InvalidInputError(label, `not valid JSON: ${(err as Error).message}`, { cause: err });
    }
    resources.push(decodeResource(json, kind, label));
  }
  return resources;
}

/** A skill is a folder: SKILL.md (required), skill.yaml (metadata, tag) and artifact.zip (optional). */
async function loadSkills(dataDir: string): Promise<LoadedSkill[]> {
  const root = join(dataDir, SKILL_KIND.folder);
  const skills: LoadedSkill[] = [];
  for (const name of await listDirs(root)) {
    const dir = join(root, name);
    const label = relative(dataDir, dir);
    const yamlText = (await readOptional(join(dir, 'skill.yaml')))?.toString('utf8') ?? '{}';
    const declared = parseResourceYaml(yamlText, SKILL_KIND, `${label}/skill.yaml`, name);
    if (declared.length !== 1) throw new InvalidInputError(`${label}/skill.yaml`, 'must declare exactly one skill');
    const skill = declared[0];
    const spec = (skill.spec ??= create(SkillSpecSchema));
    const skillMd = await readOptional(join(dir, 'SKILL.md'));
    if (skillMd !== undefined) spec.skillMd = skillMd.toString('utf8');
    if (!spec.skillMd.trim()) throw new InvalidInputError(`${label}/SKILL.md`, 'is required and must not be empty');
    const artifactPath = join(dir, 'artifact.zip');
    const artifact = await readOptional(artifactPath);
    const versionHash = artifact === undefined ? '' : createHash('sha256').update(artifact).digest('hex');
    // A local skill is usable as soon as its folder exists; the storage key mirrors stigmer-server's layout.
    skill.status = create(SkillStatusSchema, {
      versionHash,
      artifactStorageKey: artifact === undefined ? '' : `skills/${versionHash}.zip`,
      state: SkillState.READY,
    });
    skills.push({ skill, artifactPath: artifact === undefined ? undefined : artifactPath });
  }
  return skills;
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(missingAsEmpty);
  return entries.filter((e) => e.isFile()).map((e) => e.name).sort();
}

async function listDirs(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch(missingAsEmpty);
  return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

function missingAsEmpty(err: NodeJS.ErrnoException): never[] {
  if (err.code === 'ENOENT') return [];
  throw err;
}

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    if (!(await stat(path)).isFile()) return undefined;
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
