import type { Notice } from '../../lib/handoff/types';
import { noticeSeverity, severityPrefix } from './view-text';

/**
 * What went wrong and what to do, verbatim from the background (it writes those words for agents);
 * the platform's own words, when there are any, behind a disclosure.
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
      <div class="hf-notice__body">
        <p class="hf-notice__text">
          <span class="hf-sr-only">{severityPrefix[severity]}</span>
          {notice.message}
        </p>
        {notice.detail && (
          // The platform's own words (its codes) are an admin's, out of the agent's way.
          <details class="hf-notice__detail">
            <summary>Details for your admin</summary>
            {notice.detail}
          </details>
        )}
      </div>
    </div>
  );
}
