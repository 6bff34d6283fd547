import type { Notice } from '../../lib/handoff/types';
import { noticeSeverity, severityPrefix } from './view-text';

/**
 * What went wrong and what to do, verbatim from the background (it writes those words for agents).
 * Errors interrupt a screen reader (role="alert"); the rest wait their turn (role="status").
 */
export function NoticeBanner({ notice }: { notice: Notice }) {
  const severity = noticeSeverity(notice.code);
  return (
    <div
      class={`hf-notice hf-notice--${severity}`}
      role={severity === 'error' ? 'alert' : 'status'}
      data-code={notice.code}
    >
      <span class="hf-notice__icon" aria-hidden="true">
        {severity === 'info' ? 'i' : '!'}
      </span>
      <p class="hf-notice__text">
        <span class="hf-sr-only">{severityPrefix[severity]}</span>
        {notice.message}
      </p>
    </div>
  );
}
