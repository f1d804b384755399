import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { Metadata, type Client } from '@grpc/grpc-js';
import { BackendUnavailableError } from '../../domain/errors/domain-errors';
import { deserializerFor, methodPath, serializerFor, type TypedMethod } from '../proto/grpc-bridge';
import type { ResolvedBackendOptions } from './grpc-backend-options';
import { type CallTarget, codeName, isServiceError, toDomainError } from './grpc-errors';
import { RETRYABLE_CODES, backoffDelayMs } from './retry-policy';

interface PendingSleep {
  timer: ReturnType<typeof setTimeout>;
  reject: (err: Error) => void;
}

/**
 * Unary calls over the shared channel: bearer auth metadata and a deadline on every attempt, retries with
 * jittered exponential backoff on UNAVAILABLE / DEADLINE_EXCEEDED for idempotent calls, domain errors out.
 */
export class UnaryCaller {
  private closed = false;
  private readonly sleeps = new Set<PendingSleep>();

  constructor(
    private readonly client: Client,
    private readonly options: ResolvedBackendOptions,
  ) {}

  async call<I extends DescMessage, O extends DescMessage>(
    method: TypedMethod<I, O>,
    request: MessageShape<I>,
    target: CallTarget,
    idempotent: boolean,
  ): Promise<MessageShape<O>> {
    for (let attempt = 0; ; attempt++) {
      this.ensureOpen(target);
      try {
        return await this.once(method, request);
      } catch (err) {
        const retryable = idempotent && isServiceError(err) && RETRYABLE_CODES.has(err.code) && attempt < this.options.maxRetries;
        if (!retryable || this.closed) throw toDomainError(err, target, this.options.endpoint, attempt + 1);
        const delayMs = backoffDelayMs(attempt, this.options.retryBaseDelayMs, this.options.retryMaxDelayMs);
        this.options.logger?.debug('stigmer backend call failed, retrying', {
          method: methodPath(method),
          code: codeName(err.code),
          attempt: attempt + 1,
          delayMs: Math.round(delayMs),
        });
        await this.sleep(delayMs);
      }
    }
  }

  /** Stops pending retries; later calls fail fast. */
  close(): void {
    this.closed = true;
    for (const pending of this.sleeps) {
      clearTimeout(pending.timer);
      pending.reject(new BackendUnavailableError(`stigmer backend client for ${this.options.endpoint} was closed`));
    }
    this.sleeps.clear();
  }

  private once<I extends DescMessage, O extends DescMessage>(method: TypedMethod<I, O>, request: MessageShape<I>): Promise<MessageShape<O>> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(
        methodPath(method),
        serializerFor(method.input),
        deserializerFor(method.output),
        request,
        this.metadata(),
        { deadline: Date.now() + this.options.timeoutMs },
        (err, response) => (err || !response ? reject(err ?? new Error('empty response')) : resolve(response)),
      );
    });
  }

  private metadata(): Metadata {
    const metadata = new Metadata();
    if (this.options.apiKey) metadata.set('authorization', `Bearer ${this.options.apiKey}`);
    return metadata;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const pending: PendingSleep = {
        timer: setTimeout(() => {
          this.sleeps.delete(pending);
          resolve();
        }, ms),
        reject,
      };
      this.sleeps.add(pending);
    });
  }

  private ensureOpen(target: CallTarget): void {
    if (this.closed) {
      throw new BackendUnavailableError(
        `stigmer backend client for ${this.options.endpoint} is closed: cannot ${target.operation} ${target.id}`,
      );
    }
  }
}
