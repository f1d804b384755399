import { createRegistry, type Registry } from '@bufbuild/protobuf';
import { file_google_protobuf_struct, file_google_protobuf_timestamp } from '@bufbuild/protobuf/wkt';
import { file_ai_stigmer_agentic_agent_v1_api } from '../../proto/gen/ai/stigmer/agentic/agent/v1/api_pb';
import { file_ai_stigmer_agentic_agent_v1_io } from '../../proto/gen/ai/stigmer/agentic/agent/v1/io_pb';
import { file_ai_stigmer_agentic_agent_v1_query } from '../../proto/gen/ai/stigmer/agentic/agent/v1/query_pb';
import { file_ai_stigmer_agentic_agent_v1_spec } from '../../proto/gen/ai/stigmer/agentic/agent/v1/spec_pb';
import { file_ai_stigmer_agentic_agent_v1_status } from '../../proto/gen/ai/stigmer/agentic/agent/v1/status_pb';
import { file_ai_stigmer_agentic_agentexecution_v1_api } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { file_ai_stigmer_agentic_agentexecution_v1_command } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/command_pb';
import { file_ai_stigmer_agentic_agentexecution_v1_enum } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { file_ai_stigmer_agentic_agentexecution_v1_io } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/io_pb';
import { file_ai_stigmer_agentic_agentexecution_v1_query } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/query_pb';
import { file_ai_stigmer_agentic_agentexecution_v1_spec } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/spec_pb';
import { file_ai_stigmer_agentic_agentinstance_v1_api } from '../../proto/gen/ai/stigmer/agentic/agentinstance/v1/api_pb';
import { file_ai_stigmer_agentic_agentinstance_v1_io } from '../../proto/gen/ai/stigmer/agentic/agentinstance/v1/io_pb';
import { file_ai_stigmer_agentic_agentinstance_v1_query } from '../../proto/gen/ai/stigmer/agentic/agentinstance/v1/query_pb';
import { file_ai_stigmer_agentic_agentinstance_v1_spec } from '../../proto/gen/ai/stigmer/agentic/agentinstance/v1/spec_pb';
import { file_ai_stigmer_agentic_environment_v1_api } from '../../proto/gen/ai/stigmer/agentic/environment/v1/api_pb';
import { file_ai_stigmer_agentic_environment_v1_io } from '../../proto/gen/ai/stigmer/agentic/environment/v1/io_pb';
import { file_ai_stigmer_agentic_environment_v1_query } from '../../proto/gen/ai/stigmer/agentic/environment/v1/query_pb';
import { file_ai_stigmer_agentic_environment_v1_spec } from '../../proto/gen/ai/stigmer/agentic/environment/v1/spec_pb';
import { file_ai_stigmer_agentic_executioncontext_v1_spec } from '../../proto/gen/ai/stigmer/agentic/executioncontext/v1/spec_pb';
import { file_ai_stigmer_agentic_session_v1_api } from '../../proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import { file_ai_stigmer_agentic_session_v1_command } from '../../proto/gen/ai/stigmer/agentic/session/v1/command_pb';
import { file_ai_stigmer_agentic_session_v1_io } from '../../proto/gen/ai/stigmer/agentic/session/v1/io_pb';
import { file_ai_stigmer_agentic_session_v1_query } from '../../proto/gen/ai/stigmer/agentic/session/v1/query_pb';
import { file_ai_stigmer_agentic_session_v1_spec } from '../../proto/gen/ai/stigmer/agentic/session/v1/spec_pb';
import { file_ai_stigmer_agentic_skill_v1_api } from '../../proto/gen/ai/stigmer/agentic/skill/v1/api_pb';
import { file_ai_stigmer_agentic_skill_v1_io } from '../../proto/gen/ai/stigmer/agentic/skill/v1/io_pb';
import { file_ai_stigmer_agentic_skill_v1_query } from '../../proto/gen/ai/stigmer/agentic/skill/v1/query_pb';
import { file_ai_stigmer_agentic_skill_v1_spec } from '../../proto/gen/ai/stigmer/agentic/skill/v1/spec_pb';
import { file_ai_stigmer_agentic_skill_v1_status } from '../../proto/gen/ai/stigmer/agentic/skill/v1/status_pb';
import { file_ai_stigmer_commons_apiresource_apiresourcekind_api_resource_kind } from '../../proto/gen/ai/stigmer/commons/apiresource/apiresourcekind/api_resource_kind_pb';
import { file_ai_stigmer_commons_apiresource_enum } from '../../proto/gen/ai/stigmer/commons/apiresource/enum_pb';
import { file_ai_stigmer_commons_apiresource_io } from '../../proto/gen/ai/stigmer/commons/apiresource/io_pb';
import { file_ai_stigmer_commons_apiresource_metadata } from '../../proto/gen/ai/stigmer/commons/apiresource/metadata_pb';
import { file_ai_stigmer_commons_apiresource_status } from '../../proto/gen/ai/stigmer/commons/apiresource/status_pb';

/**
 * Every generated Stigmer proto file, so a payload's `messageType` (a fully-qualified name; several simple names
 * repeat across packages) resolves to its schema. test/temporal/proto-registry.test.ts fails when a file is missing.
 */
export const stigmerRegistry: Registry = createRegistry(
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_ai_stigmer_agentic_agent_v1_api,
  file_ai_stigmer_agentic_agent_v1_io,
  file_ai_stigmer_agentic_agent_v1_query,
  file_ai_stigmer_agentic_agent_v1_spec,
  file_ai_stigmer_agentic_agent_v1_status,
  file_ai_stigmer_agentic_agentexecution_v1_api,
  file_ai_stigmer_agentic_agentexecution_v1_command,
  file_ai_stigmer_agentic_agentexecution_v1_enum,
  file_ai_stigmer_agentic_agentexecution_v1_io,
  file_ai_stigmer_agentic_agentexecution_v1_query,
  file_ai_stigmer_agentic_agentexecution_v1_spec,
  file_ai_stigmer_agentic_agentinstance_v1_api,
  file_ai_stigmer_agentic_agentinstance_v1_io,
  file_ai_stigmer_agentic_agentinstance_v1_query,
  file_ai_stigmer_agentic_agentinstance_v1_spec,
  file_ai_stigmer_agentic_environment_v1_api,
  file_ai_stigmer_agentic_environment_v1_io,
  file_ai_stigmer_agentic_environment_v1_query,
  file_ai_stigmer_agentic_environment_v1_spec,
  file_ai_stigmer_agentic_executioncontext_v1_spec,
  file_ai_stigmer_agentic_session_v1_api,
  file_ai_stigmer_agentic_session_v1_command,
  file_ai_stigmer_agentic_session_v1_io,
  file_ai_stigmer_agentic_session_v1_query,
  file_ai_stigmer_agentic_session_v1_spec,
  file_ai_stigmer_agentic_skill_v1_api,
  file_ai_stigmer_agentic_skill_v1_io,
  file_ai_stigmer_agentic_skill_v1_query,
  file_ai_stigmer_agentic_skill_v1_spec,
  file_ai_stigmer_agentic_skill_v1_status,
  file_ai_stigmer_commons_apiresource_apiresourcekind_api_resource_kind,
  file_ai_stigmer_commons_apiresource_enum,
  file_ai_stigmer_commons_apiresource_io,
  file_ai_stigmer_commons_apiresource_metadata,
  file_ai_stigmer_commons_apiresource_status,
);
