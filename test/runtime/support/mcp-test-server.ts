import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface McpTestServer {
  url: string;
  /** Headers and query of every MCP request received. */
  seen: { headers: IncomingHttpHeaders; query: URLSearchParams }[];
  close(): Promise<void>;
}

/**
 * A real MCP server (official SDK, streamable HTTP, stateless) on 127.0.0.1 with a few tools:
 * `add` sums two numbers, `whoami` reports the auth header and tenant it was called with, `fail` always fails,
 * `unlisted` exists but is not meant to be enabled.
 */
export async function startMcpTestServer(): Promise<McpTestServer> {
  const seen: McpTestServer['seen'] = [];
  const build = (headers: IncomingHttpHeaders, query: URLSearchParams) => {
    const server = new McpServer({ name: 'test-tools', version: '1.0.0' });
    server.registerTool('add', { description: 'Adds two numbers.', inputSchema: { a: z.number(), b: z.number() } }, async ({ a, b }) => ({
      content: [{ type: 'text', text: String(a + b) }],
    }));
    server.registerTool('whoami', { description: 'Says who is calling.', inputSchema: {} }, async () => ({
      content: [{ type: 'text', text: `auth=${headers.authorization ?? ''} tenant=${query.get('tenant') ?? ''}` }],
    }));
    server.registerTool('fail', { description: 'Always fails.', inputSchema: {} }, async () => ({
      isError: true,
      content: [{ type: 'text', text: 'the backend refused the request' }],
    }));
    server.registerTool('unlisted', { description: 'Not enabled for the agent.', inputSchema: {} }, async () => ({ content: [{ type: 'text', text: 'unlisted' }] }));
    return server;
  };
  const http: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    seen.push({ headers: req.headers, query: url.searchParams });
    if (url.pathname !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    const server = build(req.headers, url.searchParams);
    res.on('close', () => {
      void transport.close();
      void server.close();
    });
    void server.connect(transport).then(() => transport.handleRequest(req, res));
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}
