/**
 * The panel's place in the console page: a custom element with an open shadow root holding its
 * styles and its tree, as WXT's `createShadowRootUi` builds it (the same `html > head + body`
 * inside, the same `:host` reset, keyboard events kept from the page so the console's shortcuts do
 * not fire while the agent types in the panel), without that helper's auto-mount machinery
 * (`@1natsu/wait-element`, `many-keys-map`, `defu`, `@webext-core/isolated-element`): about 2.4 KB
 * gzip of the 30 KB every console page loads, for a panel that always mounts on `<body>`.
 * Removed when the content script's context ends (the extension reloaded or updated).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export interface ShadowHost {
  readonly mounted: boolean;
  mount(): void;
  remove(): void;
}

export function shadowHost(
  ctx: ContentScriptContext,
  options: {
    name: string;
    css: string;
    onMount(body: HTMLElement): void;
    onRemove(body: HTMLElement): void;
  },
): ShadowHost {
  const host = document.createElement(options.name);
  const shadow = host.attachShadow({ mode: 'open' });
  const html = document.createElement('html');
  const head = document.createElement('head');
  const body = document.createElement('body');
  const style = document.createElement('style');
  // The page's styles stop at the shadow root; `all: initial` stops the inherited ones too.
  style.textContent = `:host{all:initial !important;}\n${options.css}`;
  head.append(style);
  html.append(head, body);
  shadow.append(html);
  for (const type of ['keydown', 'keyup', 'keypress']) {
    body.addEventListener(type, (event) => event.stopPropagation());
  }
  let mounted = false;
  const remove = () => {
    if (!mounted) return;
    mounted = false;
    options.onRemove(body);
    host.remove();
  };
  ctx.onInvalidated(remove);
  return {
    get mounted() {
      return mounted;
    },
    mount() {
      if (mounted) return;
      document.body.append(host);
      mounted = true;
      options.onMount(body);
    },
    remove,
  };
}
