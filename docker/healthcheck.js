'use strict';
// Docker HEALTHCHECK: exits 0 only when the runner's /healthz answers 200. Uses node because the image has no curl.
const http = require('node:http');

const port = Number(process.env.AGENT_RUNNER_HTTP_PORT || 9464);
const bound = process.env.AGENT_RUNNER_HTTP_HOST || '0.0.0.0';
// A wildcard bind is reachable on loopback; a specific address must be asked directly.
const host = bound === '0.0.0.0' || bound === '::' ? '127.0.0.1' : bound;

const req = http.get({ host, port, path: '/healthz', timeout: 4000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', () => process.exit(1));
