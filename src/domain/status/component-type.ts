export const MAIN_AGENT_TOOLS = 'main-agent-tools';
export const SUB_AGENT_TOOLS = 'sub-agent-tools';

const PREVIEW = ['read', 'read_file', 'view_file', 'cat'];
const EDITOR = ['write', 'write_file', 'edit_file', 'strreplace', 'editnotebook'];
const SEARCH = ['grep', 'glob', 'semanticsearch', 'find'];
const FILESYSTEM = ['ls', 'delete'];
const TERMINAL = ['shell', 'bash', 'sh'];
const TODO = ['write_todos', 'todowrite'];

/** The UI component a tool call is rendered with, inferred from the tool name as the original runner did. */
export function inferComponentType(toolName: string): string {
  const name = toolName.toLowerCase();
  if (name.startsWith('execute') || TERMINAL.includes(name)) return 'terminal';
  if (name.startsWith('kubectl') || name.startsWith('k8s')) return 'kubernetes';
  if (PREVIEW.includes(name)) return 'preview';
  if (EDITOR.includes(name)) return 'editor';
  if (SEARCH.includes(name)) return 'search';
  if (name.includes('browser')) return 'browser';
  if (name.startsWith('git')) return 'git';
  if (FILESYSTEM.includes(name)) return 'filesystem';
  if (name.includes('web') && name.includes('search')) return 'web-search';
  if (name === 'task') return 'subagent';
  if (TODO.includes(name)) return 'todo';
  return 'tool';
}
