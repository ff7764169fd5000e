import type { Locator, Page } from 'playwright-core';
import type { Account } from './stack.js';

/** What a person does in the SPA, through labels and roles (as a screen reader user would find them). */

export async function signIn(page: Page, account: Pick<Account, 'email' | 'password'>): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Email', { exact: true }).fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/orders');
  await ordersHeading(page).waitFor();
}

export async function register(page: Page, person: { name: string; email: string; password: string }): Promise<void> {
  await page.goto('/register');
  await page.getByLabel('Name', { exact: true }).fill(person.name);
  await page.getByLabel('Email', { exact: true }).fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.locator('form').getByRole('button', { name: /create/i }).click();
  await page.waitForURL('**/orders');
  await ordersHeading(page).waitFor();
}

export const ordersHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'Orders' });

/** Fills the New order form (reached through the header link, without a reload) and places it; returns the order's number. */
export async function placeOrder(page: Page, items: Array<{ name: string; quantity: string; price: string }>, note: string): Promise<number> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New order' }).click();
  await page.getByRole('heading', { level: 1, name: 'New order' }).waitFor();
  for (const [i, item] of items.entries()) {
    if (i > 0) await page.getByRole('button', { name: 'Add item' }).click();
    await page.locator(`#item-${i}-name`).fill(item.name);
    await page.locator(`#item-${i}-quantity`).fill(item.quantity);
    await page.locator(`#item-${i}-price`).fill(item.price);
  }
  await page.getByLabel('Note (optional)').fill(note);
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  const heading = await page.getByRole('heading', { level: 1, name: /^Order #\d+$/ }).textContent();
  return Number(heading?.replace(/\D/g, ''));
}

export const statusBadge = (page: Page) => page.locator('.page-head .badge');
export const chatMessages = (page: Page) => page.locator('.chat .msg');
export const chatMessage = (page: Page, text: string): Locator => chatMessages(page).filter({ hasText: text });

/** Types into the chat field; Enter sends (Shift+Enter for line breaks inside `lines`). */
export async function typeMessage(page: Page, lines: string[], send: 'enter' | 'button'): Promise<void> {
  const field = page.getByLabel('Your message');
  await field.click();
  for (const [i, line] of lines.entries()) {
    if (i > 0) await field.press('Shift+Enter');
    await field.pressSequentially(line, { delay: 0 });
  }
  if (send === 'enter') await field.press('Enter');
  else await page.getByRole('button', { name: 'Send', exact: true }).click();
}

/** The order's id from a detail URL. */
export const orderIdFrom = (url: string) => /\/orders\/([0-9a-f-]{36})/.exec(url)?.[1] ?? '';
