import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { signIn } from '../lib/app.js';
import { checkAccessibility, checkNoHorizontalOverflow, DESKTOP, MOBILE, screenshot, SCREENSHOT_DIR, type BrowserSession } from '../lib/browser.js';
import { assert, type Run } from '../lib/harness.js';
import { apiClient, type Stack } from '../lib/stack.js';

const MAX_SCREENSHOT_BYTES = 2 * 1024 * 1024;

/** An order with items, a note and a short conversation, so the detail screen shows everything. */
async function seedOrder(stack: Stack): Promise<string> {
  const api = apiClient(stack.apiUrl);
  const customer = await api.login(stack.accounts.customer.email, stack.accounts.customer.password);
  const staff = await api.login(stack.accounts.staff.email, stack.accounts.staff.password);
  const order = await api.call<{ id: string }>('POST', '/api/orders', {
    items: [{ name: 'Espresso beans 1kg', quantity: 2, unitPriceCents: 1850 }, { name: 'Paper filters (100)', quantity: 1, unitPriceCents: 499 }],
    note: 'Ring twice.\nThe door bell is broken.',
  }, customer);
  await api.call('PATCH', `/api/orders/${order.id}/status`, { status: 'confirmed' }, staff);
  await api.call('POST', `/api/orders/${order.id}/messages`, { body: 'Hi! Can you grind the beans for a moka pot?', clientId: 'seed-1' }, customer);
  await api.call('POST', `/api/orders/${order.id}/messages`, { body: 'Of course.\nWe will grind them fine for a moka pot.', clientId: 'seed-2' }, staff);
  return order.id;
}

/**
 * The main screens at one size: axe (serious/critical fail), a screenshot, and at phone
 * width no horizontal overflow. Each screen is its own (soft) step, so one bad screen does
 * not hide the others.
 */
async function screensAt(run: Run, browser: BrowserSession, stack: Stack, size: 'desktop' | 'mobile', orderId: string): Promise<void> {
  const options: BrowserContextOptions = size === 'desktop' ? DESKTOP : MOBILE;
  const audit = async (page: Page, name: string, fullPage = false) => {
    await page.locator('.skeleton').first().waitFor({ state: 'detached' });
    if (size === 'mobile') await checkNoHorizontalOverflow(page, `${name} (${size})`);
    await checkAccessibility(page, `${name} (${size})`);
    await screenshot(page, `${name}-${size}`, fullPage);
  };

  await run.journey(`Screens at ${size} (${options.viewport?.width}×${options.viewport?.height}): axe${size === 'mobile' ? ', overflow' : ''}, screenshots`, async (step) => {
    let customer!: Page;
    let admin!: Page;
    await step('sign-in page', async () => {
      const page = await browser.actor(`guest ${size}`, options);
      await page.goto('/login');
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await audit(page, 'login');
      await page.context().close();
    }, { soft: true });

    await step('customer signs in', async () => {
      customer = await browser.actor(`customer ${size}`, options);
      await signIn(customer, stack.accounts.customer);
    });
    await step('orders list', async () => {
      await customer.locator('.order-list > li').first().waitFor();
      await audit(customer, 'orders');
    }, { soft: true });
    await step('new order', async () => {
      await customer.goto('/orders/new');
      await customer.getByRole('heading', { level: 1, name: 'New order' }).waitFor();
      await audit(customer, 'new-order');
    }, { soft: true });
    await step('order detail with chat', async () => {
      await customer.goto(`/orders/${orderId}`);
      await customer.locator('.chat .msg').nth(1).waitFor();
      await customer.locator('.timeline').waitFor();
      await audit(customer, 'order-detail', true);
    }, { soft: true });

    await step('admin signs in', async () => {
      admin = await browser.actor(`admin ${size}`, options);
      await signIn(admin, stack.accounts.admin);
    });
    await step('admin users', async () => {
      await admin.goto('/admin/users');
      await admin.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
      await admin.getByText(stack.accounts.staff.email).waitFor();
      await audit(admin, 'admin-users');
    }, { soft: true });
    await step('close contexts', async () => {
      await Promise.all([customer.context().close(), admin.context().close()]);
    });
  });
}

export async function screens(run: Run, browser: BrowserSession, stack: Stack): Promise<void> {
  let orderId = '';
  await run.journey('Screens: data', async (step) => {
    await step('an order with items, a note and messages (through the API)', async () => {
      orderId = await seedOrder(stack);
    });
  });
  if (!orderId) return;
  await screensAt(run, browser, stack, 'desktop', orderId);
  await screensAt(run, browser, stack, 'mobile', orderId);
  await run.journey('Screenshots', async (step) => {
    await step(`PNGs in ${SCREENSHOT_DIR} stay under 2 MB in total`, async () => {
      const files = readdirSync(SCREENSHOT_DIR).filter((f) => f.endsWith('.png'));
      const total = files.reduce((sum, f) => sum + statSync(path.join(SCREENSHOT_DIR, f)).size, 0);
      console.log(`      ${files.length} screenshots, ${(total / 1024).toFixed(0)} KiB: ${files.join(', ')}`);
      assert(files.length >= 10, `expected 10 screenshots, found ${files.length}`);
      assert(total < MAX_SCREENSHOT_BYTES, `screenshots take ${(total / 1024 / 1024).toFixed(2)} MB (limit 2 MB)`);
    });
  });
}
