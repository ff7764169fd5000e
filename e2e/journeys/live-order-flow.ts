import type { Page } from 'playwright-core';
import { chatMessage, ordersHeading, placeOrder, register, signIn, statusBadge, typeMessage } from '../lib/app.js';
import { markNoReload, stillNoReload, type BrowserSession } from '../lib/browser.js';
import { assert, type Run } from '../lib/harness.js';
import type { PageGlobals } from '../lib/in-page.js';
import { apiClient, type Stack } from '../lib/stack.js';

const LIVE_TIMEOUT = 10_000;
const NOT_LIVE = 'live events (GET /api/events → SSE) are not reaching the page';

/** Waits for a live change; on timeout says what is most likely broken instead of a bare locator error. */
async function live(what: string, wait: Promise<unknown>): Promise<void> {
  try {
    await wait;
  } catch (err) {
    throw new Error(`${what} did not happen within ${LIVE_TIMEOUT / 1000} s without a reload: ${NOT_LIVE}?\n  (${(err as Error).message.split('\n')[0]})`, { cause: err });
  }
}

async function noReloadSince(page: Page, who: string): Promise<void> {
  assert(await stillNoReload(page), `${who}'s page was reloaded; the change must arrive live`);
}

/** The flow: order → staff sees it → confirms → customer sees it → chat both ways → logout. */
export async function liveOrderFlow(run: Run, browser: BrowserSession, stack: Stack): Promise<void> {
  await run.journey('Live order flow (two browser contexts, no reloads)', async (step) => {
    const api = apiClient(stack.apiUrl);
    const person = { name: 'Riley Customer', email: `riley.${Date.now()}@example.test`, password: 'correct horse battery' };
    let staff!: Page;
    let customer!: Page;
    let number = 0;
    let orderPath = '';

    await step('GET /api/events streams for a signed-in user (live delivery is available)', async () => {
      const token = await api.login(stack.accounts.staff.email, stack.accounts.staff.password);
      const ctrl = new AbortController();
      const timer = setTimeout(() => ctrl.abort(), 5000);
      try {
        const res = await fetch(`${stack.apiUrl}/api/events`, { headers: { Authorization: `Bearer ${token}` }, signal: ctrl.signal });
        const type = res.headers.get('content-type') ?? '(none)';
        assert(res.status === 200 && type.startsWith('text/event-stream'),
          `GET /api/events answered ${res.status} with content-type ${type}: live delivery is not available yet (src/adapters/live/), so the live steps cannot pass`);
        const first = await res.body!.getReader().read();
        assert(!first.done, 'the event stream closed without sending anything');
      } finally {
        clearTimeout(timer);
        ctrl.abort();
      }
    });

    await step('staff signs in and keeps the orders list open', async () => {
      staff = await browser.actor('staff');
      await signIn(staff, stack.accounts.staff);
      await markNoReload(staff);
    });

    await step('a customer registers (second browser context)', async () => {
      customer = await browser.actor('customer');
      await register(customer, person);
      await customer.getByText('No orders yet.').waitFor();
      await markNoReload(customer);
    });

    await step('the customer places an order', async () => {
      number = await placeOrder(customer, [{ name: 'Espresso beans 1kg', quantity: '2', price: '18.50' }], 'Leave it at the door, please.');
      orderPath = new URL(customer.url()).pathname;
      assert((await statusBadge(customer).textContent()) === 'Pending', 'a new order should be Pending');
      await noReloadSince(customer, 'the customer');
    });

    await step("the order appears on top of the staff's list without a reload", async () => {
      const firstRow = staff.locator('.order-list > li').first();
      await live(`Order #${number} appearing on the staff's list`, firstRow.getByRole('link', { name: `Order #${number}`, exact: true }).waitFor({ timeout: LIVE_TIMEOUT }));
      assert((await firstRow.locator('.badge').textContent()) === 'Pending', 'the new row should say Pending');
      await noReloadSince(staff, 'the staff member');
    });

    await step('staff opens the order and confirms it', async () => {
      await staff.getByRole('link', { name: `Order #${number}`, exact: true }).click();
      await staff.getByRole('heading', { level: 1, name: `Order #${number}` }).waitFor();
      await staff.getByRole('button', { name: 'Confirm order' }).click();
      await staff.locator('.page-head .badge', { hasText: 'Confirmed' }).waitFor();
    });

    await step("the customer's page shows Confirmed (badge and history) without a reload", async () => {
      await live('the status change reaching the customer', customer.locator('.page-head .badge', { hasText: 'Confirmed' }).waitFor({ timeout: LIVE_TIMEOUT }));
      await customer.locator('.timeline', { hasText: 'Pending → Confirmed' }).waitFor();
      await noReloadSince(customer, 'the customer');
    });

    const question = 'Hello! Could it arrive before noon?';
    await step('the customer writes in the chat (Enter sends); staff sees it live', async () => {
      await customer.locator('.chat').scrollIntoViewIfNeeded();
      await customer.getByText('No messages yet — ask us anything about this order.').waitFor();
      await typeMessage(customer, [question], 'enter');
      const own = chatMessage(customer, question);
      await own.locator('.msg__author', { hasText: 'You' }).waitFor();
      await own.getByText('Sending…').waitFor({ state: 'detached' });
      assert((await own.getAttribute('class'))?.split(' ').includes('msg--own'), 'our own message should look different');
      assert((await customer.getByLabel('Your message').inputValue()) === '', 'the field should be empty after sending');
      await live('the message reaching staff', chatMessage(staff, question).waitFor({ timeout: LIVE_TIMEOUT }));
      assert((await chatMessage(staff, question).locator('.msg__author').textContent()) === person.name, "staff should see the customer's name");
      await noReloadSince(staff, 'the staff member');
    });

    const reply = ['Yes, we can do that.', '<b>Not bold</b> & <script>alert(1)</script>'];
    await step('staff replies (Shift+Enter line break, Send button); the customer sees it live, as plain text', async () => {
      await typeMessage(staff, reply, 'button');
      await chatMessage(staff, reply[0]!).getByText('Sending…').waitFor({ state: 'detached' });
      const received = chatMessage(customer, reply[0]!);
      await live('the reply reaching the customer', received.waitFor({ timeout: LIVE_TIMEOUT }));
      const body = received.locator('.msg__body');
      assert((await body.innerText()) === reply.join('\n'), `the line break should be kept; got ${JSON.stringify(await body.innerText())}`);
      assert((await body.locator('b, script').count()) === 0, 'a message body must never become markup');
      const meta = await received.locator('.msg__meta').innerText();
      assert(meta.includes('Sam Staff') && /staff/i.test(meta), `author name and role should show; got ${JSON.stringify(meta)}`);
      await noReloadSince(customer, 'the customer');
    });

    const update = 'Your order is being packed.';
    await step("a message for an order that is not on screen shows as unread on the customer's list, live", async () => {
      await customer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
      await ordersHeading(customer).waitFor();
      await typeMessage(staff, [update], 'enter');
      const row = customer.locator('.order-list > li', { hasText: `Order #${number}` });
      await live('the unread badge', row.locator('.unread', { hasText: '1 unread' }).waitFor({ timeout: LIVE_TIMEOUT }));
      await noReloadSince(customer, 'the customer');
    });

    await step('opening the conversation marks it read: the badge goes, also for the server (after a reload)', async () => {
      await customer.getByRole('link', { name: `Order #${number}`, exact: true }).click();
      await chatMessage(customer, update).waitFor();
      const read = customer.waitForResponse((r) => r.url().endsWith('/read') && r.request().method() === 'POST');
      await customer.locator('.chat__end').scrollIntoViewIfNeeded();
      const response = await read;
      assert(response.status() === 204, `POST …/read answered ${response.status()}`);
      assert(JSON.stringify(response.request().postDataJSON()).includes('lastReadMessageId'), 'the read marker names a message');
      await customer.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Orders' }).click();
      const row = customer.locator('.order-list > li', { hasText: `Order #${number}` });
      await row.waitFor();
      assert((await row.locator('.unread').count()) === 0, 'the unread badge should be gone');
      await customer.reload();
      await row.waitFor();
      assert((await row.locator('.unread').count()) === 0, 'after a reload the server still counts unread messages: the read marker did not land');
    });

    await step('the customer logs out: event stream closed, no token in localStorage, protected URLs go to /login', async () => {
      const streamClosed = customer.waitForEvent('requestfailed', { predicate: (r) => new URL(r.url()).pathname === '/api/events', timeout: 5000 });
      await customer.getByRole('button', { name: 'Log out' }).click();
      await customer.waitForURL('**/login');
      await streamClosed.catch(() => {
        throw new Error('the GET /api/events request was not aborted by logging out');
      });
      const stored = await customer.evaluate(() => Object.entries((globalThis as unknown as PageGlobals).localStorage));
      assert(!stored.some(([key, value]) => key === 'orderly.token' || /^[\w-]+\.[\w-]+\.[\w-]+$/.test(String(value))), `a token is still stored: ${JSON.stringify(stored.map(([k]) => k))}`);
      await customer.goto(orderPath);
      await customer.waitForURL((url) => url.pathname === '/login' && url.searchParams.get('redirect') === orderPath);
      await customer.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    });

    await step('close both contexts', async () => {
      await Promise.all([staff.context().close(), customer.context().close()]);
    });
  });
}
