/**
 * Dragging the panel to another corner: it follows the pointer, and where it is let go the nearest
 * corner takes it. A press that barely moves is a click (the pill's toggle, a button), not a drag.
 */
import { type Corner, cornerAt } from './panel-state';

/** Below this many pixels of travel a press is a click. */
const DRAG_PX = 6;

export function dragToCorner(event: PointerEvent, panel: HTMLElement, drop: (c: Corner) => void) {
  if (event.button !== 0 || !event.isPrimary) return;
  const start = { x: event.clientX, y: event.clientY };
  const from = panel.getBoundingClientRect();
  let dragging = false;
  const move = (e: PointerEvent) => {
    const dx = e.clientX - start.x;
    const dy = e.clientY - start.y;
    if (!dragging && Math.hypot(dx, dy) < DRAG_PX) return;
    dragging = true;
    panel.dataset.dragging = 'true';
    Object.assign(panel.style, {
      left: `${from.left + dx}px`,
      top: `${from.top + dy}px`,
      right: 'auto',
      bottom: 'auto',
    });
  };
  const end = (e: PointerEvent) => {
    removeEventListener('pointermove', move, true);
    removeEventListener('pointerup', end, true);
    removeEventListener('pointercancel', end, true);
    if (!dragging) return;
    delete panel.dataset.dragging;
    for (const side of ['left', 'top', 'right', 'bottom'] as const) panel.style[side] = '';
    // The click that ends a drag is not a press of the toggle under the pointer.
    const swallow = (c: Event) => c.stopPropagation();
    panel.addEventListener('click', swallow, { capture: true, once: true });
    setTimeout(() => panel.removeEventListener('click', swallow, { capture: true }), 0);
    if (e.type === 'pointerup') drop(cornerAt(e.clientX, e.clientY, innerWidth, innerHeight));
  };
  // The window's, in its capture phase: the pointer leaves the panel as it drags, and no pointer
  // capture (a captured press would send its click to the header, not to the button pressed).
  addEventListener('pointermove', move, true);
  addEventListener('pointerup', end, true);
  addEventListener('pointercancel', end, true);
}
