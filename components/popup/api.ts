import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import type { FieldSpec } from '../../lib/platforms/types';

/**
 * What the mappings panel needs from the background. The popup entrypoint implements it with the
 * typed messages (`mappings:*`, `catalog:fields`); tests pass a fake.
 */
export interface MappingsApi {
  list(): Promise<Mapping[]>;
  /** Rejects with Error(message) when the background refuses the mapping; the message is shown as is. */
  save(m: MappingInput): Promise<Mapping>;
  remove(id: string): Promise<void>;
  /** Known fields from the cached catalog; may be [] (then the admin types API names). */
  fields(object: string): Promise<FieldSpec[]>;
}
