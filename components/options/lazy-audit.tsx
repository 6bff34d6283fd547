/**
 * The QA section's audit, loaded when the QA section shows it (its own chunk): apart from
 * ./lazy-parts.tsx, which lazily loads the QA section itself.
 */
import { lazyComponent, loadingNote } from '../shared/lazy';

export const AuditPanel = lazyComponent(
  () => import('./AuditPanel').then((m) => m.AuditPanel),
  loadingNote,
);
