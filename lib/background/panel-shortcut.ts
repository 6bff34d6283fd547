/**
 * The browser's keyboard shortcut for the agent's panel (`commands` in the manifest; agents change
 * the keys in the browser's shortcut settings): the background hears it and tells the active tab,
 * whose console content script folds or opens the panel. A tab without the panel does not answer,
 * which is not an error.
 */
import { TOGGLE_PANEL } from '../sensor/own-messages';

export const TOGGLE_PANEL_COMMAND = 'toggle-panel';

/** The manifest's `commands` entry. */
export const panelCommand = {
  [TOGGLE_PANEL_COMMAND]: {
    suggested_key: { default: 'Alt+Shift+H' },
    description: 'Fold or open the Handoff Fields panel',
  },
};

export interface ShortcutDeps {
  commands: {
    onCommand: { addListener(listener: (command: string, tab?: { id?: number }) => void): void };
  };
  tabs: {
    query(q: { active: true; currentWindow: true }): Promise<{ id?: number }[]>;
    sendMessage(tabId: number, message: unknown): Promise<unknown>;
  };
}

export function forwardPanelShortcut({ commands, tabs }: ShortcutDeps): void {
  commands.onCommand.addListener((command, tab) => {
    if (command !== TOGGLE_PANEL_COMMAND) return;
    void (async () => {
      const id = tab?.id ?? (await tabs.query({ active: true, currentWindow: true }))[0]?.id;
      if (id !== undefined) await tabs.sendMessage(id, TOGGLE_PANEL);
    })().catch(() => undefined);
  });
}
