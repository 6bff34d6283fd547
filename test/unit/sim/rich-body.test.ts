// @vitest-environment node
/**
 * The rich (HTML) message body allowlist both simulated consoles render through, and the plain text
 * a rich message stores (Salesforce's entry text, Kustomer's `preview`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SimError } from '../../sim/client';
import { richFragment, richPlainText } from '../../sim/rich-body';
import { SEED } from '../../sim/seed';
import { CASE1, MS1, type SimFixture, startFixture } from '../../sim/testing';

/** The allowed DOM of `html`, serialised. */
async function allowed(html: string): Promise<string> {
  const fragment = await richFragment(html);
  const box = (fragment.ownerDocument as Document).createElement('div');
  box.append(fragment);
  return box.innerHTML;
}

describe('the allowlist', () => {
  it('drops scripts and styles with their content, and every event handler and style attribute', async () => {
    expect(
      await allowed(
        '<p onclick="steal()" style="color:red">Hi<script>alert(1)</script><style>p{}</style></p>' +
          '<img src="x" onerror="alert(1)"><b onmouseover="x()">bold</b>',
      ),
    ).toBe('<p>Hi</p><b>bold</b>');
  });

  it('keeps the text of elements it drops (tables, headings, fonts, forms)', async () => {
    expect(
      await allowed(
        '<h1>Title</h1><table><tr><td>cell</td></tr></table><font color=red>red</font>' +
          '<form action="https://evil.example"><button>Go</button></form>',
      ),
    ).toBe('TitlecellredGo');
  });

  it('keeps the allowed elements and attributes: class, title, aria-label, datetime, data-kt, data-kt-*', async () => {
    expect(
      await allowed(
        '<div class="slds-chat-message__meta" aria-label="said Chatbot at 9:00 AM" id="x" role="note">' +
          '<span class="slds-avatar" title="Chatbot">C</span>Chatbot • 9:00 AM</div>' +
          '<div data-kt="timelineItem" data-kt-type="message" data-kt-direction="out" data-other="1">' +
          '<span data-kt="messageAuthor">Ada Bot</span><span data-kt="botBadge">Bot</span></div>' +
          '<time datetime="2026-11-20T09:12:00Z">9:12 AM</time><abbr title="Account">Acct</abbr>' +
          '<ul><li><em>one</em></li></ul><ol><li><i>two</i><br><strong>three</strong></li></ol>' +
          '<blockquote>quoted</blockquote>',
      ),
    ).toBe(
      '<div class="slds-chat-message__meta" aria-label="said Chatbot at 9:00 AM">' +
        '<span class="slds-avatar" title="Chatbot">C</span>Chatbot • 9:00 AM</div>' +
        '<div data-kt="timelineItem" data-kt-type="message" data-kt-direction="out">' +
        '<span data-kt="messageAuthor">Ada Bot</span><span data-kt="botBadge">Bot</span></div>' +
        '<time datetime="2026-11-20T09:12:00Z">9:12 AM</time><abbr title="Account">Acct</abbr>' +
        '<ul><li><em>one</em></li></ul><ol><li><i>two</i><br><strong>three</strong></li></ol>' +
        '<blockquote>quoted</blockquote>',
    );
  });

  it('keeps an https link (with rel=noopener noreferrer), drops javascript:, data:, http: and relative hrefs', async () => {
    expect(
      await allowed(
        '<a href="https://help.example.com/a?b=1" target="_blank">ok</a>' +
          '<a href="javascript:alert(1)">js</a><a href=" JaVa&#x09;script:alert(1)">js2</a>' +
          '<a href="data:text/html,x">data</a><a href="http://plain.example">http</a>' +
          '<a href="/lightning/r/Case/x/view">relative</a><span href="https://x.example">span</span>',
      ),
    ).toBe(
      '<a href="https://help.example.com/a?b=1" rel="noopener noreferrer">ok</a>' +
        '<a>js</a><a>js2</a><a>data</a><a>http</a><a>relative</a><span>span</span>',
    );
  });

  it('drops comments and content that would run or load (iframe, svg, template, noscript)', async () => {
    expect(
      await allowed(
        'a<!-- note --><iframe src="https://x.example">f</iframe><svg><text>t</text></svg>' +
          '<template><b>t</b></template><noscript>n</noscript>b',
      ),
    ).toBe('ab');
  });
});

describe('the stored text of a rich body', () => {
  it('is what a plain-text view shows: a line per <br> and block end, source white space collapsed', async () => {
    expect(
      await richPlainText(
        '<p>Thanks for   writing,\n   Jamie.</p>' +
          '<blockquote><p>On Monday, Jamie wrote:</p>Handoff context<br>Account Tier: Gold<br>' +
          'VIP: yes</blockquote><ul><li>one</li><li>two</li></ul><div>Acme <b>Support</b></div>',
      ),
    ).toBe(
      'Thanks for writing, Jamie.\nOn Monday, Jamie wrote:\nHandoff context\nAccount Tier: Gold\n' +
        'VIP: yes\none\ntwo\nAcme Support',
    );
  });

  it('keeps blank lines from <br><br>, drops the text of scripts, decodes entities', async () => {
    expect(await richPlainText('a<br><br>b &amp; c&nbsp;d<script>alert(1)</script><br>')).toBe(
      'a\n\nb & c\u00a0d',
    );
    expect(await richPlainText('')).toBe('');
  });
});

describe('posting rich messages through the control API', () => {
  let f: SimFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(async () => {
    await f.sim.close();
  });
  beforeEach(async () => {
    await f.client.reset();
  });

  const html =
    '<p>We got your message.</p><blockquote>Handoff context<br>Account Tier: Gold</blockquote>';

  it('Salesforce: the entry keeps the HTML and stores its plain text', async () => {
    const posted = await f.client.postMessage({
      org: 'acme',
      recordId: CASE1,
      author: 'bot',
      html,
    });
    const { messages } = await f.client.messages('acme', MS1);
    expect(messages).toEqual([
      expect.objectContaining({
        entryId: posted.entryId,
        text: 'We got your message.\nHandoff context\nAccount Tier: Gold',
        html,
      }),
    ]);
    // An edit with text makes it a plain message again; an edit with html a rich one.
    await f.client.editMessage({
      org: 'acme',
      recordId: CASE1,
      entryId: posted.entryId,
      text: 'x',
    });
    expect((await f.client.messages('acme', MS1)).messages[0]).not.toHaveProperty('html');
    await f.client.editMessage({
      org: 'acme',
      recordId: CASE1,
      entryId: posted.entryId,
      html: '<b>y</b>',
    });
    expect((await f.client.messages('acme', MS1)).messages[0]).toMatchObject({
      text: 'y',
      html: '<b>y</b>',
    });
  });

  it('Kustomer: the timeline item keeps the HTML and stores its plain text', async () => {
    const conversation = SEED.kustomer.ids.conversation3;
    const posted = await f.client.kustomerPostMessage({
      org: 'acme',
      recordId: conversation,
      author: 'workflow',
      html,
    });
    const items = (await f.client.kustomerMessages('acme', conversation)).items;
    expect(items.find((i) => i.id === posted.entryId)).toMatchObject({
      text: 'We got your message.\nHandoff context\nAccount Tier: Gold',
      html,
    });
  });

  it('refuses both text and html, or an html that is not a string', async () => {
    await expect(
      f.client.postMessage({ org: 'acme', recordId: CASE1, author: 'bot', text: 'a', html: 'b' }),
    ).rejects.toThrow(SimError);
    await expect(
      f.client.kustomerPostMessage({
        org: 'acme',
        recordId: SEED.kustomer.ids.conversation1,
        author: 'bot',
        html: 42 as unknown as string,
      }),
    ).rejects.toThrow(/"html" must be a string/);
  });
});
