/**
 * Where the agent's panel sits and whether it is open: pure rules, so they are tested without a
 * page. The panel stays out of the way: it folds into the pill once a handoff settled with nothing
 * to fix, and opens by itself only when the agent is needed (a refused field, a failed write, a
 * plan waiting for the agent's confirmation, a sign-in the org asks for).
 */
import type { HandoffView } from '../../lib/handoff/types';
import type { Corner } from '../../lib/platforms/console-layout';
import { signInNoticeOf } from './sign-in';
import { countOutcomes, needsPoll } from './view-text';

export type { Corner };
export const CORNERS: readonly Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

/**
 * `needed`: the agent must look (refused, failed, a plan to confirm, a sign-in). `settled`: written,
 * nothing to fix.
 */
export type Attention = 'needed' | 'settled' | 'none';

export function attentionOf(view: HandoffView | null): Attention {
  // The org asks for a sign-in (Connect, Reconnect as…, or an admin's setup): nothing is read or
  // written until then, and a write waiting for it is not retried away — also before a context.
  if (signInNoticeOf(view)) return 'needed';
  if (!view?.context) return 'none';
  const counts = countOutcomes(view.fields);
  const gaveUp = view.queue?.some((q) => q.state === 'failed') ?? false;
  if (
    view.state === 'awaiting-confirmation' ||
    counts.refused > 0 ||
    gaveUp ||
    (view.state === 'failed' && view.context.trust !== 'unverified')
  ) {
    return 'needed';
  }
  if (view.state === 'done' && counts.pending === 0 && !view.notice) return 'settled';
  return 'none';
}

/**
 * What the auto rule decides for a new view, given the handoff it last acted on: `open`, `fold`,
 * or nothing (null) — the agent's own choice stands until the next handoff result. A handoff the
 * agent folded while it needed them (`dismissed`) does not open again by itself; a panel the agent
 * keeps open (`pinned`) is never folded.
 */
export function autoFold(
  view: HandoffView | null,
  lastActedOn: string | null,
  dismissed: string | null,
  pinned = false,
): { key: string; open: boolean } | null {
  const attention = attentionOf(view);
  if (!view || attention === 'none' || (pinned && attention === 'settled')) return null;
  // Without a context only a sign-in needs the agent: once per record and notice.
  const key = view.context
    ? `${view.context.messageId}|${view.at}|${attention}`
    : `sign-in|${view.record.org}|${view.record.id}|${signInNoticeOf(view)?.code}`;
  if (key === lastActedOn) return null;
  const handoff = handoffKey(view);
  if (attention === 'needed' && handoff !== null && dismissed === handoff) return null;
  return { key, open: attention === 'needed' };
}

/** One handoff of one record, whatever its later views. */
export const handoffKey = (view: HandoffView | null): string | null =>
  view?.context ? `${view.record.org}|${view.record.id}|${view.context.messageId}` : null;

/**
 * When the console's view of the record is refreshed in place by itself: once per read-back of a
 * handoff that wrote something (after the write, or Verify now), when nothing is left to write, and
 * only for a read-back after `since` (a page loaded later already shows what was stored). The key
 * of that read-back, or null: not now.
 */
export function refreshDue(view: HandoffView | null, since: number): string | null {
  const handoff = handoffKey(view);
  const readAt = view?.verifiedAt ?? 0;
  return handoff && view && readAt > since && !needsPoll(view) && countOutcomes(view.fields).written
    ? `${handoff}|${readAt}`
    : null;
}

/** The pill's words once settled: "7 filled ✓". */
export function pillWords(view: HandoffView | null): string | null {
  if (attentionOf(view) !== 'settled' || !view) return null;
  const written = countOutcomes(view.fields).written;
  return written > 0 ? `${written} filled ✓` : null;
}

/** The corner nearest a point of the window (where the agent let the panel go). */
export function cornerAt(x: number, y: number, width: number, height: number): Corner {
  const vertical = y < height / 2 ? 'top' : 'bottom';
  const horizontal = x < width / 2 ? 'left' : 'right';
  return `${vertical}-${horizontal}`;
}

/** The next corner, clockwise: the keyboard's way to move the panel. */
export function nextCorner(corner: Corner): Corner {
  const clockwise: Corner[] = ['top-left', 'top-right', 'bottom-right', 'bottom-left'];
  return clockwise[(clockwise.indexOf(corner) + 1) % clockwise.length] ?? 'bottom-right';
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The panel's box at a corner of the window, at the insets the stylesheet uses. */
export function boxAt(
  corner: Corner,
  size: { width: number; height: number },
  view: { width: number; height: number },
  insets: PanelInsets,
): Box {
  const left = corner.endsWith('left') ? insets.side : view.width - insets.side - size.width;
  const top = corner.startsWith('top') ? insets.top : view.height - insets.bottom - size.height;
  return { left, top, width: size.width, height: size.height };
}

export interface PanelInsets {
  side: number;
  top: number;
  bottom: number;
}

/** The stylesheet's insets (widget.css): clear of the console's header and utility bar. */
export const PANEL_INSETS: PanelInsets = { side: 16, top: 96, bottom: 52 };

/** The open panel at its largest (widget.css: `width: 380px; max-height: 60vh`) in a window. */
export const openPanelSize = (windowHeight: number) => ({ width: 380, height: windowHeight * 0.6 });

const overlaps = (a: Box, b: Box) =>
  a.left < b.left + b.width &&
  b.left < a.left + a.width &&
  a.top < b.top + b.height &&
  b.top < a.top + a.height;

/**
 * The first corner, in the platform's order of preference, where the panel covers none of the
 * boxes to keep clear (the composer, the newest message); the first of the order when every
 * corner covers one (the agent can still move it).
 */
export function clearCorner(
  order: readonly Corner[],
  size: { width: number; height: number },
  view: { width: number; height: number },
  keepClear: readonly Box[],
): Corner {
  const fallback = order[0] ?? 'bottom-right';
  for (const corner of order) {
    const box = boxAt(corner, size, view, PANEL_INSETS);
    if (!keepClear.some((clear) => overlaps(box, clear))) return corner;
  }
  return fallback;
}
