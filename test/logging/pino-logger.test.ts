import { Writable } from 'node:stream';
import { PinoLogger } from '../../src/adapters/logging/pino-logger';

const CANARY = 'sk-canary-3f9a1c77e2';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[]; raw: () => string } {
  let raw = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      raw += chunk.toString();
      done();
    },
  });
  return { stream, raw: () => raw, lines: () => raw.trim().split('\n').map((l) => JSON.parse(l)) };
}

describe('PinoLogger', () => {
  it('writes JSON lines with the level, message, fields and child bindings', () => {
    const out = capture();
    const log = new PinoLogger({ level: 'debug', secrets: [], destination: out.stream });
    log.child({ execution_id: 'aex-1', session_id: 'ses-1' }).info('started', { thread_id: 't' });
    const [line] = out.lines();
    expect(line).toMatchObject({ level: 'info', msg: 'started', execution_id: 'aex-1', session_id: 'ses-1', thread_id: 't', service: 'agent-runner' });
  });

  it('masks a worker secret, and its base64 form, wherever it appears (message, fields, nested, child loggers)', () => {
    const out = capture();
    const log = new PinoLogger({ level: 'debug', secrets: [CANARY], destination: out.stream });
    log.warn(`calling with ${CANARY}`, { header: `Bearer ${CANARY}`, nested: { b64: Buffer.from(CANARY).toString('base64') } });
    log.child({ key: CANARY }).error('child line');
    expect(out.raw()).not.toContain(CANARY);
    expect(out.raw()).not.toContain(Buffer.from(CANARY).toString('base64').replace(/=+$/, ''));
    expect(out.raw()).toContain('[REDACTED]');
    expect(out.lines()).toHaveLength(2);
  });

  it('respects the level', () => {
    const out = capture();
    const log = new PinoLogger({ level: 'warn', secrets: [], destination: out.stream });
    log.info('hidden');
    log.warn('shown');
    expect(out.lines().map((l) => l.msg)).toEqual(['shown']);
  });
});
