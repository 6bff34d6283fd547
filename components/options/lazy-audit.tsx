/**
 * The QA section's audit, loaded when the QA section shows it (its own chunk): apart from
 * ./lazy-parts.tsx (the options entry imports that one; this one only the lazy QA section).
 */
import { lazyComponent, loadingNote } from '../shared/lazy';

export const AuditPanel = lazyComponent(
  () => import('./AuditPanel').then((m) => m.AuditPanel),
  loadingNote,
);
