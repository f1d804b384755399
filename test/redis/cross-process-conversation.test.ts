import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describeWithRedis, useRedisServer } from '../support/redis/redis-test-server';

const run = promisify(execFile);
const CHILD = join(__dirname, '../support/redis/chat-turn.child.ts');

async function turnInNewProcess(port: number, prefix: string, threadId: string, message: string, reply: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', CHILD, String(port), prefix, threadId, message, reply], {
    cwd: join(__dirname, '../..'),
    timeout: 60_000,
  });
  return JSON.parse(stdout) as string[];
}

describeWithRedis('conversation memory across processes', () => {
  const server = useRedisServer();

  it('process B continues the thread process A started: its model receives turn 1', async () => {
    const prefix = `xproc:${randomUUID()}:`;
    const threadId = `thread-${randomUUID()}`;

    const seenByA = await turnInNewProcess(server().port, prefix, threadId, 'my name is Ada', 'hello Ada');
    const seenByB = await turnInNewProcess(server().port, prefix, threadId, 'what is my name?', 'Ada');

    expect(seenByA).toEqual(['my name is Ada']);
    expect(seenByB).toEqual(['my name is Ada', 'hello Ada', 'what is my name?']);
  }, 120_000);
});
