import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Declared resources for the embedded backend's data directory, written as YAML files (JSON is YAML) in the
 * layout of examples/: agents/, agent-instances/, environments/, skills/<slug>/{skill.yaml, SKILL.md, artifact.zip}.
 */
export interface SkillFolder {
  slug: string;
  skillMd: string;
  artifact?: Buffer;
}

export interface ResourceSet {
  agents: object[];
  instances: object[];
  environments: object[];
  skills: SkillFolder[];
}

export interface AgentOptions {
  skills?: string[];
  instructions?: string;
}

export function agent(slug: string, options: AgentOptions = {}): object {
  return {
    metadata: { id: `agt-${slug}`, slug },
    spec: {
      instructions: options.instructions ?? 'You are a test agent. Use the tools you are given.',
      skillRefs: (options.skills ?? []).map((skill) => ({ slug: skill, kind: 'skill' })),
    },
  };
}

/** An instance of `agt-<agentSlug>`, made the agent's only instance (the local backend picks it for new sessions). */
export function instance(agentSlug: string, environments: string[] = []): object {
  return {
    metadata: { id: `ain-${agentSlug}`, slug: `${agentSlug}-instance` },
    spec: { agentId: `agt-${agentSlug}`, environmentRefs: environments.map((slug) => ({ slug, kind: 'environment' })) },
  };
}

/** An agent with its instance. */
export function agentWithInstance(slug: string, options: AgentOptions & { environments?: string[] } = {}): Pick<ResourceSet, 'agents' | 'instances'> {
  return { agents: [agent(slug, options)], instances: [instance(slug, options.environments)] };
}

export function writeResources(dataDir: string, resources: Partial<ResourceSet>): void {
  const folders: [string, object[]][] = [
    ['agents', resources.agents ?? []],
    ['agent-instances', resources.instances ?? []],
    ['environments', resources.environments ?? []],
  ];
  for (const [folder, items] of folders) {
    mkdirSync(join(dataDir, folder), { recursive: true });
    for (const item of items) {
      const slug = (item as { metadata: { slug: string } }).metadata.slug;
      writeFileSync(join(dataDir, folder, `${slug}.yaml`), JSON.stringify(item, null, 2));
    }
  }
  for (const skill of resources.skills ?? []) {
    const dir = join(dataDir, 'skills', skill.slug);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'skill.yaml'), JSON.stringify({ metadata: { id: `skl-${skill.slug}`, slug: skill.slug } }));
    writeFileSync(join(dir, 'SKILL.md'), skill.skillMd);
    if (skill.artifact) writeFileSync(join(dir, 'artifact.zip'), skill.artifact);
  }
}
