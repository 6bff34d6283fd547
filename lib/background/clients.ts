/**
 * The platforms' API clients, one per platform, each built by its descriptor
 * (`Platform.createClient`, lib/platforms/<platform>/index.ts) when first needed.
 */

import type { ClientDeps } from '../platforms/platform';
import type { PlatformClient } from '../platforms/platform-client';
import { backgroundPlatform } from '../platforms/registry';
import type { PlatformId } from '../platforms/types';

export function platformClients(deps: ClientDeps) {
  const clients = new Map<PlatformId, PlatformClient>();
  return {
    /** The platform's client; throws UnknownPlatformError for a platform that is not registered. */
    clientFor(platform: PlatformId): PlatformClient {
      let client = clients.get(platform);
      if (!client) {
        client = backgroundPlatform(platform).createClient(deps);
        clients.set(platform, client);
      }
      return client;
    },
  };
}
