import type { Mapping, MappingInput } from '../../lib/mapping/schema';
import type { FieldSpec, PlatformId } from '../../lib/platforms/types';
import type { PolicyStatus } from '../../lib/settings/managed';
import type { CredentialsApi } from '../shared/credentials';

/**
 * What the popup needs from the background. The popup entrypoint implements it with the typed
 * messages (`mappings:*`, `catalog:fields`, `credentials:*`); tests pass a fake. Every method
 * rejects with Error(message) when the background refuses; the message is shown as is.
 */
export interface MappingsApi extends CredentialsApi {
  /** Every platform's mappings: the popup lists one target's, and new ids must avoid them all. */
  list(): Promise<Mapping[]>;
  /**
   * The first `limit` mappings (by id) of one platform object: what the list shows first, asked
   * for beside `list()` so it can paint before every mapping has arrived. Optional.
   */
  firstRows?(platform: PlatformId, object: string, limit: number): Promise<Mapping[]>;
  save(m: MappingInput): Promise<Mapping>;
  remove(id: string): Promise<void>;
  /** Known fields of a platform object from the cached catalogs; may be [] (then the admin types names). */
  fields(platform: PlatformId, object: string): Promise<FieldSpec[]>;
  /** What the organisation's policy sets: those mappings are listed read-only. Optional. */
  policyStatus?(): Promise<PolicyStatus>;
}
