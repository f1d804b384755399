import type { Logger } from '../../src/ports/logger.port';

export interface LoggerSubject {
  /** A logger that writes every level (debug and up). */
  logger: Logger;
  /** Every line written so far, flattened: `level` (name), `msg`, and the fields and bindings as top-level keys. */
  lines(): Record<string, unknown>[];
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

/** Behaviour every Logger must show (run against PinoLogger and RecordingLogger). */
export function describeLoggerContract(name: string, factory: () => LoggerSubject): void {
  describe(`Logger contract: ${name}`, () => {
    let subject: LoggerSubject;

    beforeEach(() => {
      subject = factory();
    });

    it.each(LEVELS)('%s(msg, fields) writes one line with its level, message and fields', (level) => {
      expect(() => subject.logger[level](`a ${level} line`, { executionId: 'aex-1', attempt: 2 })).not.toThrow();
      const lines = subject.lines();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level, msg: `a ${level} line`, executionId: 'aex-1', attempt: 2 });
    });

    it('accepts a message without fields, and nested or odd field values', () => {
      expect(() => {
        subject.logger.info('no fields');
        subject.logger.warn('nested', { error: { message: 'boom', code: 'X' }, list: [1, 2], nothing: undefined, empty: null });
      }).not.toThrow();
      const lines = subject.lines();
      expect(lines.map((l) => l.msg)).toEqual(['no fields', 'nested']);
      expect(lines[1]).toMatchObject({ error: { message: 'boom', code: 'X' }, list: [1, 2], empty: null });
    });

    it('child(bindings) returns a Logger whose lines carry the bindings alongside their own fields', () => {
      const child = subject.logger.child({ sessionId: 'ses-1', executionId: 'aex-1' });
      child.info('from the child', { step: 'install' });
      child.error('child error', { reason: 'x' });
      subject.logger.info('from the parent');

      const lines = subject.lines();
      expect(lines).toHaveLength(3);
      expect(lines[0]).toMatchObject({ level: 'info', msg: 'from the child', sessionId: 'ses-1', executionId: 'aex-1', step: 'install' });
      expect(lines[1]).toMatchObject({ level: 'error', msg: 'child error', sessionId: 'ses-1', reason: 'x' });
      // Bindings belong to the child only.
      expect(lines[2]).toMatchObject({ msg: 'from the parent' });
      expect(lines[2]).not.toHaveProperty('sessionId');
    });

    it('merges nested child bindings', () => {
      subject.logger.child({ sessionId: 'ses-1' }).child({ executionId: 'aex-2' }).warn('grandchild');
      expect(subject.lines()).toEqual([expect.objectContaining({ level: 'warn', msg: 'grandchild', sessionId: 'ses-1', executionId: 'aex-2' })]);
    });
  });
}
