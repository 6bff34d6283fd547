/** A message line's content: the popup's and the options page's stores set one. */
export interface Banner {
  tone: 'error' | 'success';
  /** Bold lead-in, e.g. "Not saved." */
  title: string;
  text: string;
}

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
