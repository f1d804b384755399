import { Writable } from 'node:stream';
import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { PinoLogger } from '../../src/adapters/logging/pino-logger';
import { describeLoggerContract } from './logger.contract';

describeLoggerContract('PinoLogger', () => {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  const logger = new PinoLogger({ level: 'debug', secrets: [], destination });
  return {
    logger,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
});

describeLoggerContract('RecordingLogger', () => {
  const logger = new RecordingLogger();
  return { logger, lines: () => logger.records.map((r) => ({ ...r.fields, level: r.level, msg: r.msg })) };
});
