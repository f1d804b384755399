import { buildCapabilitiesSection, withCapabilities } from '../../../src/domain/prompt/capabilities-section';

const none = { tools: [], subAgents: [], mcpTools: [], isolation: '' };

describe('buildCapabilitiesSection', () => {
  it('is empty when nothing is registered', () => {
    expect(buildCapabilitiesSection(none)).toBe('');
  });

  it('describes every registered capability and only those', () => {
    const text = buildCapabilitiesSection({
      tools: ['ls', 'read_file', 'write_file', 'edit_file', 'glob', 'grep', 'execute', 'task', 'write_todos', 'fetch_url'],
      subAgents: ['general-purpose', 'researcher'],
      mcpTools: ['github_create_issue'],
      isolation: 'Docker container, no network',
    });
    expect(text).toBe(
      '\n\n## Your Capabilities\n\n' +
        '### Planning\nUse `write_todos` to break multi-step work into a todo list, and update it as items are started and completed.\n\n' +
        "### File System\nFile tools: `ls`, `read_file`, `write_file`, `edit_file`, `glob`, `grep`. File paths are absolute and start with '/'.\n\n" +
        '### Shell Commands\nUse `execute` to run shell commands. Isolation: Docker container, no network.\n\n' +
        '### Sub-agents\nUse `task` to delegate a self-contained piece of work to one of these sub-agents: `general-purpose`, `researcher`.\n\n' +
        '### MCP Tools\nTools provided by connected MCP servers: `github_create_issue`.\n\n' +
        '### Other Tools\nAlso available: `fetch_url`.',
    );
  });

  it('never mentions execute, write_todos or task when they are not registered', () => {
    const text = buildCapabilitiesSection({ ...none, tools: ['ls', 'read_file'], subAgents: ['researcher'], isolation: 'host process, no isolation' });
    expect(text).not.toContain('execute');
    expect(text).not.toContain('write_todos');
    expect(text).not.toContain('task');
    expect(text).not.toContain('researcher');
    expect(text).toContain('You cannot run shell commands in this run. Isolation: host process, no isolation.');
  });

  it('does not claim any isolation when none is described', () => {
    const text = buildCapabilitiesSection({ ...none, tools: ['execute'] });
    expect(text).toBe('\n\n## Your Capabilities\n\n### Shell Commands\nUse `execute` to run shell commands.');
    expect(text).not.toMatch(/isolat|secure/i);
  });

  it('mentions task without a list when no sub-agent names are given', () => {
    expect(buildCapabilitiesSection({ ...none, tools: ['task'] })).toContain('delegate a self-contained piece of work to a sub-agent.');
  });

  it('appends to the base prompt', () => {
    expect(withCapabilities('Base', { ...none, tools: ['ls'] })).toBe(
      "Base\n\n## Your Capabilities\n\n### File System\nFile tools: `ls`. File paths are absolute and start with '/'.",
    );
  });
});
