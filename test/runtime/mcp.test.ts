import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { McpServerDefinition } from '../../src/domain/model/resources';
import { offeredToolNames, systemPrompt } from '../support/llm/request-views';
import { startMcpTestServer, type McpTestServer } from './support/mcp-test-server';
import { buildRuntime, collect, localSandbox, modelFor, ofKind, runRequest, serveScript, type ServedScript } from './support/runtime-fixture';
import type { AgentEvent } from '../../src/domain/events/agent-event';

const STDIO_MARKER = join(tmpdir(), `mcp-stdio-must-not-run-${process.pid}`);

function servers(mcp: McpTestServer): McpServerDefinition[] {
  return [
    {
      name: 'calc',
      transport: {
        type: 'http',
        url: `${mcp.url}/mcp`,
        headers: { Authorization: 'Bearer ${MCP_TOKEN}' },
        queryParams: { tenant: '{{ TENANT }}' },
        timeoutSeconds: 10,
      },
      enabledTools: ['add', 'whoami', 'fail', 'missing_tool'],
    },
    { name: 'host-tools', transport: { type: 'stdio', command: 'touch', args: [STDIO_MARKER], envPlaceholders: {}, workingDir: '' }, enabledTools: [] },
    {
      name: 'needs-var',
      transport: { type: 'http', url: `${mcp.url}/mcp`, headers: { 'X-Key': '${NOT_SET_ANYWHERE}' }, queryParams: {}, timeoutSeconds: 0 },
      enabledTools: [],
    },
  ];
}

const script = {
  name: 'mcp',
  turns: [
    { toolCalls: [{ name: 'add', args: { a: 2, b: 3 } }] },
    { toolCalls: [{ name: 'whoami', args: {} }] },
    { toolCalls: [{ name: 'fail', args: {} }] },
    { toolCalls: [{ name: 'task', args: { subagent_type: 'calculator', description: 'Add 1 and 1.' } }] },
    { toolCalls: [{ name: 'add', args: { a: 1, b: 1 } }] },
    { text: 'It is 2.' },
    { text: 'All tools tried.' },
  ],
};

describe('MCP servers in a run (openai client)', () => {
  let mcp: McpTestServer;
  let served: ServedScript;
  let events: AgentEvent[];
  let error: unknown;

  beforeAll(async () => {
    mcp = await startMcpTestServer();
    served = await serveScript('openai', script);
    const local = await localSandbox();
    try {
      const { runtime } = buildRuntime(served.options);
      const request = runRequest(local.sandbox, {
        model: modelFor('openai'),
        env: { MCP_TOKEN: 'tok-123', TENANT: 'acme' },
        mcpServers: servers(mcp),
        subAgents: [{ name: 'calculator', description: 'Does sums.', systemPrompt: 'You add numbers.', mcpToolSelections: { calc: ['add'] } }],
      });
      ({ events, error } = await collect(runtime.run(request, new AbortController().signal)));
    } finally {
      local.cleanup();
    }
  }, 60_000);

  afterAll(async () => {
    await served.close();
    await mcp.close();
  });

  it('completes', () => {
    expect(error).toBeUndefined();
  });

  it('calls HTTP MCP tools with placeholders in headers and query resolved from the run env', () => {
    const results = ofKind(events, 'tool_end').filter((e) => !e.subAgentId);
    expect(results.map((e) => [e.name, e.result])).toEqual(
      expect.arrayContaining([
        ['add', '5'],
        ['whoami', 'auth=Bearer tok-123 tenant=acme'],
      ]),
    );
    expect(mcp.seen.every((r) => r.headers.authorization === 'Bearer tok-123' && r.query.get('tenant') === 'acme')).toBe(true);
  });

  it('reports a failing MCP tool as a tool error, and the run goes on', () => {
    const [failure] = ofKind(events, 'tool_error');
    expect(failure).toMatchObject({ name: 'fail' });
    expect(failure.error).toContain('the backend refused the request');
    expect(ofKind(events, 'tool_end').some((e) => e.name === 'fail')).toBe(false);
  });

  it('offers only enabled tools; the sub-agent only its selection', () => {
    const [main] = served.stub!.chatRequests();
    const mainTools = offeredToolNames('openai', main.body);
    expect(mainTools).toEqual(expect.arrayContaining(['add', 'whoami', 'fail']));
    expect(mainTools).not.toContain('unlisted');
    expect(systemPrompt('openai', main.body)).toContain('Tools provided by connected MCP servers: `add`, `whoami`, `fail`.');
    const sub = served.stub!.chatRequests()[4];
    expect(systemPrompt('openai', sub.body)).toContain('You add numbers.');
    const subTools = offeredToolNames('openai', sub.body);
    expect(subTools).toContain('add');
    expect(subTools).not.toContain('whoami');
    const subResult = ofKind(events, 'tool_end').find((e) => e.subAgentId && e.name === 'add');
    expect(subResult?.result).toBe('2');
  });

  it('never starts a stdio server on the host, and says why each unusable server is skipped', () => {
    expect(existsSync(STDIO_MARKER)).toBe(false);
    const notices = ofKind(events, 'notice').map((n) => n.message);
    expect(notices).toEqual(
      expect.arrayContaining([
        'MCP server host-tools is not available in this run: stdio MCP servers are not started: they would run on the worker host instead of inside the sandbox',
        'MCP server needs-var is not available in this run: its settings reference NOT_SET_ANYWHERE, not set in the execution environment',
        'MCP server calc does not offer the enabled tool(s) missing_tool',
      ]),
    );
    expect(notices.join('\n')).not.toContain('tok-123');
  });
});

describe('an unreachable MCP server', () => {
  it('is reported and skipped; the run still completes', async () => {
    const served = await serveScript('scripted', { name: 'plain', turns: [{ text: 'fine' }] });
    const local = await localSandbox();
    try {
      const { runtime } = buildRuntime(served.options);
      const mcpServers: McpServerDefinition[] = [
        { name: 'gone', transport: { type: 'http', url: 'http://127.0.0.1:9/mcp', headers: {}, queryParams: {}, timeoutSeconds: 0 }, enabledTools: [] },
      ];
      const { events, error } = await collect(runtime.run(runRequest(local.sandbox, { model: modelFor('scripted'), mcpServers }), new AbortController().signal));
      expect(error).toBeUndefined();
      expect(ofKind(events, 'notice').map((n) => n.message)).toEqual(['MCP server gone is not available in this run: could not connect (no answer from the server)']);
    } finally {
      await served.close();
      local.cleanup();
    }
  }, 60_000);
});
