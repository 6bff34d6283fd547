/**
 * Parts of the popup and the options page that load their code when first shown (each its own
 * chunk), so a page's first paint — its list of mappings — does not wait for its editor, catalogs
 * or bench, nor for zod, which only those parts need.
 */
import type { ComponentType, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** The usual fallback: a status that says the part is on its way. */
export const loadingNote = (
  <p class="empty" role="status">
    Loading…
  </p>
);

export interface LazyComponent<P> {
  (props: P): JSX.Element | null;
  /** Loads the code now (e.g. while the page is idle); resolves once the component can render. */
  preload(): Promise<unknown>;
}

/**
 * A component whose code is `load`ed the first time it renders. Until then it renders `fallback`;
 * once loaded (by anyone), it renders at once. If the code cannot be loaded (the extension was
 * updated under the page), it says so.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  fallback: JSX.Element | null = null,
): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () => {
    loading ??= load().then((component) => {
      loaded = component;
      return component;
    });
    return loading;
  };
  function Lazy(props: P): JSX.Element | null {
    // Held in state, so a render that showed the fallback is always followed by one that shows
    // the part: also when the code arrives (say, from an idle-time preload) after that render but
    // before its effect runs, which then finds the code already here.
    const [Loaded, setLoaded] = useState<ComponentType<P> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (Loaded) return;
      let live = true;
      preload().then(
        (component) => live && setLoaded(() => component),
        () => live && setFailed(true),
      );
      return () => {
        live = false;
      };
    }, []);
    if (Loaded) return <Loaded {...props} />;
    if (failed) {
      return (
        <p class="empty" role="alert">
          This part of the page could not be loaded. Reload the page.
        </p>
      );
    }
    return fallback;
  }
  Lazy.preload = preload;
  return Lazy;
}
