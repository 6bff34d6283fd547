import type { IncomingMessage } from 'node:http';

/**
 * Reads a server-sent events response from Node: calls `onEvent` with each block's `event:` and
 * `data:` lines as they arrive (the simulation sends one-line `data`).
 */
export function readSseEvents(
  res: IncomingMessage,
  onEvent: (event: string, data: string) => void,
): void {
  let buffer = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    buffer += chunk;
    let sep = buffer.indexOf('\n\n');
    while (sep !== -1) {
      const block = buffer.slice(0, sep);
      buffer = buffer.slice(sep + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) onEvent(event, data);
      sep = buffer.indexOf('\n\n');
    }
  });
}
