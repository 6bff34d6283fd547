import { browser } from 'wxt/browser';
import { backgroundHandlers } from '@/lib/engine/handlers';
import { createRouter } from '@/lib/messaging/router';
import { openHandoffDb } from '@/lib/store/db';

export default defineBackground(() => {
  const dbReady = openHandoffDb();
  // The listener is registered synchronously so a message that wakes the worker is not missed.
  const routerReady = dbReady.then((db) =>
    createRouter(backgroundHandlers({ db, cookies: browser.cookies })),
  );
  browser.runtime.onMessage.addListener((message: unknown) =>
    routerReady.then((route) => route(message)),
  );
});
