/**
 * Renders the store art from its sources, in Debian's Chromium (`npm run store:art`): the icons
 * the manifest lists (public/icon/<size>.png), the stores' listing icons, promotional tiles and
 * screenshots (docs/store/images/). The PNGs are committed, so neither a build nor an add-on
 * reviewer needs Chromium; run this again only after changing docs/store/art/ or the screenshots
 * in docs/. Sizes are the ones each store asks for (docs/store/README.md).
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { chromiumPath } from '../support/chromium';

const ROOT = resolve(import.meta.dirname, '../..');
const at = (path: string) => resolve(ROOT, path);

/** An icon: the artwork drawn `size` pixels square, inside `padding` transparent pixels a side. */
interface IconArt {
  out: string;
  size: number;
  padding: number;
}

const ICONS: IconArt[] = [
  // The toolbar and menus: the artwork fills the square, so it stays legible at 16 pixels.
  { out: 'public/icon/16.png', size: 16, padding: 0 },
  { out: 'public/icon/32.png', size: 32, padding: 0 },
  { out: 'public/icon/48.png', size: 48, padding: 2 },
  // The Chrome Web Store's rule for the 128 icon in the package: 96 pixels of artwork, 16 of
  // transparent padding a side. The Web Store and Edge Add-ons show this one.
  { out: 'public/icon/128.png', size: 128, padding: 16 },
  // AMO's listing icon (128, shown at 64 and 32) and Edge Add-ons' logo (300 recommended).
  { out: 'docs/store/images/amo-icon-128.png', size: 128, padding: 8 },
  { out: 'docs/store/images/amo-icon-64.png', size: 64, padding: 4 },
  { out: 'docs/store/images/edge-logo-300.png', size: 300, padding: 24 },
];

/** A promotional tile: the icon, the name and what it does, on the icon's colour. */
const TILES = [
  { out: 'docs/store/images/promo-tile-440x280.png', width: 440, height: 280 },
  { out: 'docs/store/images/promo-marquee-1400x560.png', width: 1400, height: 560 },
];

/** Store screenshots: the README's 1440×900 captures, scaled to the stores' 1280×800. */
const SCREENSHOTS = [
  {
    from: 'docs/widget-on-console.png',
    out: 'docs/store/images/screenshot-salesforce-1280x800.png',
  },
  {
    from: 'docs/widget-on-kustomer.png',
    out: 'docs/store/images/screenshot-kustomer-1280x800.png',
  },
];

const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;

async function shoot(
  browser: Browser,
  out: string,
  width: number,
  height: number,
  html: string,
  transparent: boolean,
) {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  await page.setContent(html, { waitUntil: 'load' });
  await mkdir(dirname(at(out)), { recursive: true });
  await page.screenshot({ path: at(out), omitBackground: transparent });
  await page.close();
  console.log(`${out} (${width}×${height})`);
}

function tileHtml(icon: string, width: number, height: number): string {
  const unit = height / 280;
  const px = (n: number) => `${Math.round(n * unit)}px`;
  return `<body style="margin:0;width:${width}px;height:${height}px;display:flex;align-items:center;
    justify-content:center;gap:${px(20)};font-family:'DejaVu Sans',sans-serif;color:#fff;
    background:linear-gradient(160deg,#14857a,#0b4f49)">
    <img src="${icon}" style="width:${px(88)};height:${px(88)};flex:none">
    <div style="max-width:${px(260)}"><div style="font-size:${px(28)};font-weight:bold">Handoff Fields</div>
    <div style="font-size:${px(15)};line-height:1.4;margin-top:${px(8)}">Fills Case and conversation
    fields from the context a chatbot hands off, as the agent.</div></div></body>`;
}

async function main() {
  const icon = dataUrl('image/svg+xml', await readFile(at('docs/store/art/icon.svg')));
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  try {
    for (const { out, size, padding } of ICONS) {
      const art = size - 2 * padding;
      const html = `<body style="margin:0;background:transparent"><img src="${icon}"
        style="position:absolute;left:${padding}px;top:${padding}px;width:${art}px;height:${art}px"></body>`;
      await shoot(browser, out, size, size, html, true);
    }
    for (const { out, width, height } of TILES)
      await shoot(browser, out, width, height, tileHtml(icon, width, height), false);
    for (const { from, out } of SCREENSHOTS) {
      const shot = dataUrl('image/png', await readFile(at(from)));
      const html = `<body style="margin:0"><img src="${shot}" style="width:1280px;height:800px;display:block"></body>`;
      await shoot(browser, out, 1280, 800, html, false);
    }
  } finally {
    await browser.close();
  }
}

await main();
