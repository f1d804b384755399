/** What the agent really has this run; the capabilities text is derived from nothing else. */
export interface RegisteredCapabilities {
  /** Names of the built-in tools registered with the model (e.g. ls, read_file, execute, task, write_todos). */
  tools: readonly string[];
  /** Sub-agents reachable through the `task` tool. */
  subAgents: readonly string[];
  /** Tools loaded from MCP servers. */
  mcpTools: readonly string[];
  /** How commands and files are isolated, as the sandbox provider describes it; '' when unknown. */
  isolation: string;
  /** Sandbox directory commands start in and relative paths resolve against; omitted when unknown. */
  workdir?: string;
}

const FILE_TOOLS = ['ls', 'read_file', 'write_file', 'edit_file', 'delete', 'glob', 'grep'];
const SECTION_HEADER = '\n\n## Your Capabilities\n\n';

/**
 * The "Your Capabilities" section of the system prompt. Every sentence is backed by a registered tool or the given
 * isolation text, so the model is never told about a tool or a guarantee it does not have. '' when nothing applies.
 */
export function buildCapabilitiesSection(caps: RegisteredCapabilities): string {
  const tools = new Set(caps.tools);
  const mcp = new Set(caps.mcpTools);
  const sections = [
    planning(tools),
    fileSystem(tools, caps.workdir),
    execution(tools, caps.isolation),
    delegation(tools, caps.subAgents),
    list('MCP Tools', 'Tools provided by connected MCP servers', [...mcp]),
    list('Other Tools', 'Also available', [...tools].filter((t) => !isDescribedTool(t) && !mcp.has(t))),
  ].filter((s): s is string => s !== undefined);
  return sections.length === 0 ? '' : SECTION_HEADER + sections.join('\n\n');
}

/** Appends the capabilities section to the base prompt (instructions + skills). */
export function withCapabilities(basePrompt: string, caps: RegisteredCapabilities): string {
  return basePrompt + buildCapabilitiesSection(caps);
}

function planning(tools: Set<string>): string | undefined {
  if (!tools.has('write_todos')) return undefined;
  return '### Planning\nUse `write_todos` to break multi-step work into a todo list, and update it as items are started and completed.';
}

function fileSystem(tools: Set<string>, workdir?: string): string | undefined {
  const present = FILE_TOOLS.filter((t) => tools.has(t));
  if (present.length === 0) return undefined;
  const where = workdir ? ` Your workspace is \`${workdir}\`: keep your files there (e.g. \`${workdir.replace(/\/$/, '')}/notes.md\`); relative paths and commands start in it.` : '';
  return `### File System\nFile tools: ${codeList(present)}. File paths are absolute and start with '/'.${where}`;
}

function execution(tools: Set<string>, isolation: string): string | undefined {
  const where = isolation.trim() ? ` Isolation: ${isolation.trim()}.` : '';
  if (tools.has('execute')) return `### Shell Commands\nUse \`execute\` to run shell commands.${where}`;
  if (!where) return undefined;
  return `### Environment\nYou cannot run shell commands in this run.${where}`;
}

function delegation(tools: Set<string>, subAgents: readonly string[]): string | undefined {
  if (!tools.has('task')) return undefined;
  const lead = '### Sub-agents\nUse `task` to delegate a self-contained piece of work to';
  return subAgents.length === 0 ? `${lead} a sub-agent.` : `${lead} one of these sub-agents: ${codeList(subAgents)}.`;
}

function list(title: string, lead: string, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  return `### ${title}\n${lead}: ${codeList(names)}.`;
}

function isDescribedTool(name: string): boolean {
  return FILE_TOOLS.includes(name) || ['write_todos', 'execute', 'task'].includes(name);
}

function codeList(names: readonly string[]): string {
  return names.map((n) => `\`${n}\``).join(', ');
}
