/** The browser's shortcut reaches the active tab's panel; other commands and failures do nothing. */
import { describe, expect, it, vi } from 'vitest';
import {
  forwardPanelShortcut,
  panelCommand,
  TOGGLE_PANEL_COMMAND,
} from '@/lib/background/panel-shortcut';
import { TOGGLE_PANEL } from '@/lib/sensor/own-messages';

function setUp(active: { id?: number }[] = [{ id: 7 }]) {
  let listener: ((command: string, tab?: { id?: number }) => void) | undefined;
  const sendMessage = vi.fn(async () => undefined);
  forwardPanelShortcut({
    commands: {
      onCommand: {
        addListener: (l) => {
          listener = l;
        },
      },
    },
    tabs: { query: vi.fn(async () => active), sendMessage },
  });
  const press = async (command: string, tab?: { id?: number }) => {
    listener?.(command, tab);
    await new Promise((r) => setTimeout(r, 0));
  };
  return { press, sendMessage };
}

describe('the panel shortcut', () => {
  it('is declared with a default the agent can change in the browser', () => {
    expect(panelCommand[TOGGLE_PANEL_COMMAND].suggested_key.default).toBe('Alt+Shift+H');
  });

  it('tells the tab it was pressed in, else the active tab', async () => {
    const { press, sendMessage } = setUp();
    await press(TOGGLE_PANEL_COMMAND, { id: 3 });
    expect(sendMessage).toHaveBeenLastCalledWith(3, TOGGLE_PANEL);
    await press(TOGGLE_PANEL_COMMAND);
    expect(sendMessage).toHaveBeenLastCalledWith(7, TOGGLE_PANEL);
  });

  it('ignores other commands, and a tab without the panel', async () => {
    const { press, sendMessage } = setUp([]);
    await press('something-else', { id: 3 });
    await press(TOGGLE_PANEL_COMMAND);
    expect(sendMessage).not.toHaveBeenCalled();
    sendMessage.mockRejectedValueOnce(new Error('Receiving end does not exist.'));
    await expect(press(TOGGLE_PANEL_COMMAND, { id: 4 })).resolves.toBeUndefined();
  });
});
