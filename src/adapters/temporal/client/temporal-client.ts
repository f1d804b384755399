import { Client, Connection } from '@temporalio/client';
import { temporalConnectionOptions } from '../connection-options';
import { payloadConverterPath } from '../payload/payload-converter';
import type { TemporalSettings } from '../settings';

/** A Temporal client that speaks the same payload encoding as Go (json/protobuf for Stigmer messages). */
export async function createTemporalClient(settings: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect(temporalConnectionOptions(settings));
  return new Client({ connection, namespace: settings.namespace, dataConverter: { payloadConverterPath } });
}
