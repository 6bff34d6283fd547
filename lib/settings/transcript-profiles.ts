/**
 * The settings key `transcriptProfiles`: an admin's corrections to how a console's conversation is
 * read (lib/platforms/transcript-profile.ts), per platform — any profile value, and the names its bots
 * post under. For example:
 *
 *   "transcriptProfiles": {
 *     "salesforce": { "botNames": ["Acme Helper"], "values": { "meta": ".chatMeta" } }
 *   }
 *
 * Checked here: the platform, the keys (each platform's profile names them) and lengths. Whether a
 * selector parses is checked where there is a DOM (the content script, which keeps the shipped
 * value for a selector it cannot read and says so in its diagnostics).
 */
import { z } from 'zod';
import {
  isPlatformId,
  platformDescriptor,
  platformIds,
  quotedList,
} from '../platforms/descriptor-registry';

export const PROFILE_LIMITS = { valueLength: 500, botNames: 50, botNameLength: 100 } as const;

const ProfileOverride = z.strictObject({
  values: z
    .record(
      z.string(),
      z
        .string({ error: 'a profile value is text (a CSS selector, a class or attribute name)' })
        .trim()
        .min(1, 'a profile value cannot be empty: leave the key out to use the shipped value')
        .max(PROFILE_LIMITS.valueLength),
    )
    .optional(),
  botNames: z
    .array(
      z
        .string({ error: 'a bot name is text' })
        .trim()
        .min(1, 'a bot name cannot be empty')
        .max(PROFILE_LIMITS.botNameLength),
    )
    .min(1, 'list at least one bot name, or leave botNames out to use the shipped names')
    .max(PROFILE_LIMITS.botNames)
    .optional(),
});

export const TranscriptProfiles = z
  .record(z.string(), ProfileOverride)
  .default({})
  .superRefine((profiles, ctx) => {
    for (const [platform, override] of Object.entries(profiles)) {
      if (!isPlatformId(platform)) {
        ctx.addIssue({
          code: 'custom',
          path: [platform],
          message: `not a platform: use ${quotedList(platformIds)}`,
        });
        continue;
      }
      const shape = platformDescriptor(platform).transcriptProfile.shape;
      for (const key of Object.keys(override.values ?? {})) {
        if (key in shape) continue;
        ctx.addIssue({
          code: 'custom',
          path: [platform, 'values', key],
          message: `not a key of the ${platformDescriptor(platform).name} transcript profile: use ${quotedList(Object.keys(shape))}`,
        });
      }
    }
  });
export type TranscriptProfiles = z.infer<typeof TranscriptProfiles>;
