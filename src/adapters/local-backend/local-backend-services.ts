import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { create } from '@bufbuild/protobuf';
import type { handleServerStreamingCall, handleUnaryCall, Server, UntypedHandleCall } from '@grpc/grpc-js';
import { InvalidInputError, NotFoundError } from '../../domain/errors/domain-errors';
import type { Logger } from '../../ports/logger.port';
import { methodPath, serviceDefinition, type TypedMethod } from '../proto/grpc-bridge';
import { AgentQueryController } from '../proto/gen/ai/stigmer/agentic/agent/v1/query_pb';
import { AgentExecutionCommandController } from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/command_pb';
import { AgentExecutionQueryController } from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/query_pb';
import { AgentInstanceQueryController } from '../proto/gen/ai/stigmer/agentic/agentinstance/v1/query_pb';
import { EnvironmentQueryController } from '../proto/gen/ai/stigmer/agentic/environment/v1/query_pb';
import { SessionCommandController } from '../proto/gen/ai/stigmer/agentic/session/v1/command_pb';
import { SessionQueryController } from '../proto/gen/ai/stigmer/agentic/session/v1/query_pb';
import { GetArtifactResponseSchema } from '../proto/gen/ai/stigmer/agentic/skill/v1/io_pb';
import { SkillQueryController } from '../proto/gen/ai/stigmer/agentic/skill/v1/query_pb';
import { ApiResourceKind } from '../proto/gen/ai/stigmer/commons/apiresource/apiresourcekind/api_resource_kind_pb';
import type { ApiResourceReference } from '../proto/gen/ai/stigmer/commons/apiresource/io_pb';
import { createExecution, createSession, updateSession } from './local-commands';
import type { LocalStore } from './local-store';
import { toServiceError } from './rpc-errors';
import { isTerminalExecution } from './status-merge';

type Handlers = Record<string, UntypedHandleCall>;

/** Registers every service and method the runner (and the local CLI) calls, under their exact wire paths. */
export function registerLocalBackendServices(server: Server, store: LocalStore, logger?: Logger): void {
  const unary = <I extends DescMessage, O extends DescMessage>(
    method: TypedMethod<I, O>,
    handler: (request: MessageShape<I>) => Promise<MessageShape<O>> | MessageShape<O>,
  ): [string, handleUnaryCall<MessageShape<I>, MessageShape<O>>] => [
    method.name,
    (call, callback) => {
      Promise.resolve()
        .then(() => handler(call.request))
        .then(
          (response) => callback(null, response),
          (err: unknown) => callback(toServiceError(err, logger, methodPath(method))),
        );
    },
  ];
  const add = (service: Parameters<typeof serviceDefinition>[0], entries: [string, UntypedHandleCall][]) =>
    server.addService(serviceDefinition(service), Object.fromEntries(entries) as Handlers);

  add(SessionQueryController, [
    unary(SessionQueryController.method.get, (req) => found(store.getSession(requireId(req.value, 'SessionId')), 'Session', req.value)),
  ]);
  add(SessionCommandController, [
    unary(SessionCommandController.method.create, (req) => createSession(store, req)),
    unary(SessionCommandController.method.update, (req) => updateSession(store, req)),
  ]);
  add(AgentInstanceQueryController, [
    unary(AgentInstanceQueryController.method.get, (req) =>
      found(store.getAgentInstance(requireId(req.value, 'AgentInstanceId')), 'AgentInstance', req.value),
    ),
  ]);
  add(AgentQueryController, [
    unary(AgentQueryController.method.get, (req) => found(store.getAgent(requireId(req.value, 'AgentId')), 'Agent', req.value)),
  ]);
  add(SkillQueryController, [
    unary(SkillQueryController.method.get, (req) => found(store.getSkill(requireId(req.value, 'SkillId')), 'Skill', req.value)),
    unary(SkillQueryController.method.getByReference, (req) => found(store.findSkill(validRef(req)), 'Skill', refLabel(req))),
    unary(SkillQueryController.method.getArtifact, async (req) => {
      const key = requireId(req.artifactStorageKey, 'GetArtifactRequest', 'artifact_storage_key');
      const artifact = found(await store.readArtifact(key), 'Artifact', key);
      return create(GetArtifactResponseSchema, { artifact });
    }),
  ]);
  add(EnvironmentQueryController, [
    unary(EnvironmentQueryController.method.getByReference, (req) => {
      if (req.kind !== ApiResourceKind.api_resource_kind_unknown && req.kind !== ApiResourceKind.environment) {
        throw new InvalidInputError('environment reference kind', `kind mismatch: expected environment (53) or unset, got ${req.kind}`);
      }
      return found(store.findEnvironment(validRef(req)), 'Environment', refLabel(req));
    }),
  ]);
  add(AgentExecutionCommandController, [
    unary(AgentExecutionCommandController.method.create, (req) => createExecution(store, req)),
    unary(AgentExecutionCommandController.method.updateStatus, (req) => {
      requireId(req.executionId, 'AgentExecutionUpdateStatusInput', 'execution_id');
      if (!req.status) throw new InvalidInputError('AgentExecutionUpdateStatusInput.status', 'is required');
      return store.updateExecutionStatus(req.executionId, req.status);
    }),
  ]);
  add(AgentExecutionQueryController, [
    unary(AgentExecutionQueryController.method.get, (req) =>
      found(store.getExecution(requireId(req.value, 'AgentExecutionId')), 'AgentExecution', req.value),
    ),
    [AgentExecutionQueryController.method.subscribe.name, subscribeHandler(store, logger)],
  ]);
}

type SubscribeMethod = typeof AgentExecutionQueryController.method.subscribe;

/** Current state first, then every change; the stream ends after a terminal phase (contract §2.2). */
function subscribeHandler(
  store: LocalStore,
  logger?: Logger,
): handleServerStreamingCall<MessageShape<SubscribeMethod['input']>, MessageShape<SubscribeMethod['output']>> {
  return (call) => {
    const id = call.request.value;
    const path = methodPath(AgentExecutionQueryController.method.subscribe);
    let done = false;
    let unsubscribe = () => {};
    const fail = (err: unknown) => {
      done = true;
      unsubscribe();
      call.emit('error', toServiceError(err, logger, path));
    };
    try {
      requireId(id, 'AgentExecutionId');
      const current = found(store.getExecution(id), 'AgentExecution', id);
      const send = (execution: typeof current) => {
        if (done) return;
        call.write(execution);
        if (isTerminalExecution(execution)) {
          done = true;
          unsubscribe();
          call.end();
        }
      };
      unsubscribe = store.watchExecution(id, send);
      call.on('cancelled', () => {
        done = true;
        unsubscribe();
      });
      send(current);
    } catch (err) {
      fail(err);
    }
  };
}

function requireId(value: string, message: string, field = 'value'): string {
  if (!value) throw new InvalidInputError(`${message}.${field}`, 'value is required');
  return value;
}

function found<T>(value: T | undefined, kind: string, id: string): T {
  if (value === undefined) throw new NotFoundError(kind, id);
  return value;
}

const VERSION_PATTERN = /^(|latest|[a-zA-Z0-9._-]+|[a-f0-9]{64})$/;
const MAX_OWNER_SCOPE = 3;

/** The protovalidate rules on ApiResourceReference, plus the handlers' own slug check. */
function validRef(ref: ApiResourceReference): ApiResourceReference {
  if (ref.scope < 0 || ref.scope > MAX_OWNER_SCOPE) throw new InvalidInputError('reference scope', `${ref.scope} is not a defined owner scope`);
  if (!VERSION_PATTERN.test(ref.version)) throw new InvalidInputError('reference version', `${JSON.stringify(ref.version)} is not a valid version`);
  if (!ref.slug) throw new InvalidInputError('reference slug', 'is required');
  return ref;
}

function refLabel(ref: ApiResourceReference): string {
  return `${ref.org ? `${ref.org}/` : ''}${ref.slug}${ref.version ? `@${ref.version}` : ''}`;
}
