import { browser } from 'wxt/browser';
import { forwardPanelShortcut } from '@/lib/background/panel-shortcut';
import { backgroundServices } from '@/lib/background/services';
import { createRouter } from '@/lib/messaging/router';
import { openHandoffDb } from '@/lib/store/db';

export default defineBackground(() => {
  const dbReady = openHandoffDb();
  const servicesReady = dbReady.then((db) =>
    backgroundServices({
      db,
      cookies: browser.cookies,
      alarms: browser.alarms,
      localStorage: browser.storage.local,
      openPage: async (path) => {
        await browser.tabs.create({ url: browser.runtime.getURL(path as '/options.html') });
      },
      managedStorage: browser.storage.managed,
      tabs: browser.tabs,
      // The platforms' own sign-in windows (Salesforce OAuth): webextension-polyfill's promises.
      identity: browser.identity,
    }),
  );
  const routerReady = servicesReady.then((services) => createRouter(services.handlers));
  // Listeners are registered synchronously so the event that wakes the worker is not missed.
  const ownPages = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) =>
    routerReady.then((route) =>
      route(
        message,
        sender.url?.startsWith(ownPages) ? 'extension-page' : 'content-script',
        sender.tab?.id === undefined ? {} : { tabId: sender.tab.id },
      ),
    ),
  );
  browser.alarms.onAlarm.addListener((alarm) => {
    void servicesReady
      .then((services) => services.tasks?.onAlarm(alarm.name))
      .catch(() => undefined);
  });
  forwardPanelShortcut({ commands: browser.commands, tabs: browser.tabs });
  // The organisation's policy changed (Chrome: at once; Firefox: at the next start).
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area !== 'managed') return;
    void servicesReady.then((services) => services.policy.refresh()).catch(() => undefined);
  });
  // Starts the worker with the browser, so writes left pending by the last session resume at once.
  browser.runtime.onStartup.addListener(() => undefined);
  // Every start of the worker (browser start, an alarm, a message, after being stopped): resume.
  void servicesReady.then((services) => services.tasks?.start()).catch(() => undefined);
});
