/**
 * The settings key `kustomerBotApps` (a settings-file contract: its name and format stay): the
 * Kustomer apps whose outbound messages are a bot's (a third-party bot installed as an app),
 * besides Customer Assist. An automatic message from any other app (a workflow's auto-reply) is a
 * system message, never the bot's (./messages.ts `authorOfApiMessage`).
 */
import { z } from 'zod';

export const KUSTOMER_BOT_APPS_MAX = 20;

export const KustomerBotApps = z
  .array(z.string().trim().min(1, 'an app name cannot be empty').max(100))
  .max(KUSTOMER_BOT_APPS_MAX)
  .default([]);
