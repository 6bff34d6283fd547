import type { Banner } from './mappings-store';

/** The panel's one message line: a refusal (alert) or a confirmation (status), dismissible. */
export function BannerMessage({ banner, onDismiss }: { banner: Banner; onDismiss(): void }) {
  return (
    <div
      class={`banner banner--${banner.tone}`}
      role={banner.tone === 'error' ? 'alert' : 'status'}
    >
      <p class="banner__text">
        <strong>{banner.title}</strong> {banner.text}
      </p>
      <button
        type="button"
        class="button button--icon"
        aria-label="Dismiss message"
        onClick={onDismiss}
      >
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}
