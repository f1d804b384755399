import { InvalidInputError } from '../../domain/errors/domain-errors';
import type { Agent, AgentInstance, Environment, ResourceRef, Session, Skill } from '../../domain/model/resources';
import type { StigmerBackend } from '../../ports/stigmer-backend.port';

export interface ResolvedAgent {
  session: Session;
  instance: AgentInstance;
  agent: Agent;
  /** Skills of the agent and of its sub-agents, deduplicated, in declaration order. */
  skills: Skill[];
  /** Environments in the instance's reference order (merge order). */
  environments: Environment[];
}

/** execution → session → agent instance → agent, then skills and environments in parallel (order kept). */
export async function resolveAgent(backend: StigmerBackend, sessionId: string): Promise<ResolvedAgent> {
  if (!sessionId) throw new InvalidInputError('spec.session_id', 'is required: the execution has no session');
  const session = await backend.getSession(sessionId);
  if (!session.agentInstanceId) throw new InvalidInputError(`session ${sessionId} spec.agent_instance_id`, 'is empty');
  const instance = await backend.getAgentInstance(session.agentInstanceId);
  if (!instance.agentId) throw new InvalidInputError(`agent instance ${instance.meta.id} spec.agent_id`, 'is empty');
  const agent = await backend.getAgent(instance.agentId);
  const skillRefs = uniqueRefs([...agent.skillRefs, ...agent.subAgents.flatMap((s) => s.skillRefs)]);
  const [skills, environments] = await Promise.all([
    Promise.all(skillRefs.map((ref) => backend.getSkillByReference(ref))),
    Promise.all(instance.environmentRefs.map((ref) => backend.getEnvironmentByReference(ref))),
  ]);
  return { session, instance, agent, skills: uniqueSkills(skills), environments };
}

/** Which of the resolved skills a sub-agent declared (matched by slug). */
export function skillsForRefs(skills: Skill[], refs: ResourceRef[]): Skill[] {
  const slugs = new Set(refs.map((r) => r.slug));
  return skills.filter((s) => slugs.has(s.meta.slug));
}

function uniqueRefs(refs: ResourceRef[]): ResourceRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = `${ref.org}/${ref.slug}@${ref.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function uniqueSkills(skills: Skill[]): Skill[] {
  const seen = new Set<string>();
  return skills.filter((s) => {
    const key = s.meta.id || `${s.meta.slug}@${s.versionHash}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
