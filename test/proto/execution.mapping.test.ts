import { create } from '@bufbuild/protobuf';
import { executionRequestFromProto } from '../../src/adapters/proto/mapping/execution.mapping';
import { AgentExecutionSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { ExecutionPhase } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { InvalidInputError } from '../../src/domain/errors/domain-errors';

describe('executionRequestFromProto', () => {
  it('maps ids, message, model override, runtime env with the secret flag and the initial status', () => {
    const execution = create(AgentExecutionSchema, {
      metadata: { id: 'aex-1', org: 'acme' },
      spec: {
        sessionId: 'ses-1',
        agentId: 'agt-1',
        message: 'hello',
        executionConfig: { modelName: 'claude' },
        runtimeEnv: { TOKEN: { value: 's3cret', isSecret: true }, PLAIN: { value: 'v', isSecret: false } },
      },
      status: { phase: ExecutionPhase.EXECUTION_PENDING },
    });
    const request = executionRequestFromProto(execution, 'stigmer/agent-execution/invoke/aex-1');
    expect(request).toEqual({
      executionId: 'aex-1',
      org: 'acme',
      sessionId: 'ses-1',
      agentId: 'agt-1',
      message: 'hello',
      modelName: 'claude',
      runtimeEnv: { TOKEN: { value: 's3cret', isSecret: true }, PLAIN: { value: 'v', isSecret: false } },
      initialStatus: expect.objectContaining({ phase: 'PENDING', messages: [] }),
      workflowId: 'stigmer/agent-execution/invoke/aex-1',
    });
  });

  it('defaults absent optional parts to empty values', () => {
    const request = executionRequestFromProto(create(AgentExecutionSchema, { metadata: { id: 'aex-2' } }));
    expect(request).toEqual({
      executionId: 'aex-2',
      org: '',
      sessionId: '',
      agentId: '',
      message: '',
      modelName: '',
      runtimeEnv: {},
    });
  });

  it('rejects a missing execution id with an error naming the field', () => {
    const attempt = () => executionRequestFromProto(create(AgentExecutionSchema, { spec: { sessionId: 's' } }));
    expect(attempt).toThrow(InvalidInputError);
    expect(attempt).toThrow(/execution\.metadata\.id/);
  });
});
