/**
 * What the panel remembers per console (platform and host): the corner the agent put it in,
 * whether they folded it or keep it open, and the handoff they folded while it needed them (so it does not open
 * again by itself for that one). Kept in the extension's own storage (`browser.storage.local`, which
 * no page can read or write), so it holds across reloads, windows and "Refresh view". Read back by
 * hand (no zod in a content script): anything of another shape is ignored.
 */
import { CORNERS, type Corner } from './panel-state';

export interface PanelMemory {
  corner?: Corner;
  collapsed?: boolean;
  dismissed?: string;
  /** "Keep open": a settled handoff does not fold the panel. */
  pinned?: boolean;
}

/** The slice of `browser.storage` used here. */
export interface PanelStorage {
  local: {
    get(key: string): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
  };
}

export const panelMemoryKey = (platform: string, host: string) => `panel:${platform}:${host}`;

export function panelMemoryOf(stored: unknown): PanelMemory {
  if (typeof stored !== 'object' || stored === null) return {};
  const { corner, collapsed, dismissed, pinned } = stored as Record<string, unknown>;
  const memory: PanelMemory = {};
  if (CORNERS.includes(corner as Corner)) memory.corner = corner as Corner;
  if (typeof collapsed === 'boolean') memory.collapsed = collapsed;
  if (typeof pinned === 'boolean') memory.pinned = pinned;
  if (typeof dismissed === 'string' && dismissed.length <= 400) memory.dismissed = dismissed;
  return memory;
}

/** The console's memory, or nothing when storage cannot be read (the defaults then). */
export async function loadPanelMemory(storage: PanelStorage, key: string): Promise<PanelMemory> {
  try {
    return panelMemoryOf((await storage.local.get(key))[key]);
  } catch {
    return {};
  }
}

/** Keeps a change; a failure to store loses only the memory, never the panel's state now. */
export async function savePanelMemory(
  storage: PanelStorage,
  key: string,
  memory: PanelMemory,
): Promise<void> {
  try {
    await storage.local.set({ [key]: memory });
  } catch {
    // The extension was reloaded or storage is full: the panel works on, unremembered.
  }
}
