import { inferComponentType } from '../../../src/domain/status/component-type';

describe('inferComponentType', () => {
  it.each([
    ['execute', 'terminal'],
    ['execute_command', 'terminal'],
    ['Shell', 'terminal'],
    ['bash', 'terminal'],
    ['sh', 'terminal'],
    ['kubectl_get', 'kubernetes'],
    ['k8s_apply', 'kubernetes'],
    ['read_file', 'preview'],
    ['Read', 'preview'],
    ['view_file', 'preview'],
    ['cat', 'preview'],
    ['write_file', 'editor'],
    ['edit_file', 'editor'],
    ['StrReplace', 'editor'],
    ['EditNotebook', 'editor'],
    ['grep', 'search'],
    ['glob', 'search'],
    ['SemanticSearch', 'search'],
    ['find', 'search'],
    ['open_browser', 'browser'],
    ['git_commit', 'git'],
    ['ls', 'filesystem'],
    ['delete', 'filesystem'],
    ['web_search', 'web-search'],
    ['WebSearch', 'web-search'],
    ['task', 'subagent'],
    ['write_todos', 'todo'],
    ['TodoWrite', 'todo'],
    ['fetch_url', 'tool'],
  ])('%s → %s', (name, type) => {
    expect(inferComponentType(name)).toBe(type);
  });
});
