import { ORDER_LIMITS as L, type PlaceOrderBody } from '../../api/types';
import { formatCents, parseDollarsToCents } from '../../lib/format';

/** One editable row of the New order form; quantity and price stay text until submit. */
export interface DraftItem {
  key: number;
  name: string;
  quantity: string;
  price: string;
}

let nextKey = 0;
export const emptyItem = (): DraftItem => ({ key: ++nextKey, name: '', quantity: '1', price: '' });

export function parseQuantity(text: string): number | null {
  const trimmed = text.trim();
  return /^\d{1,4}$/.test(trimmed) ? Number(trimmed) : null;
}

/** The row's amount in cents, or null while it is incomplete. */
export function lineCents(item: DraftItem): number | null {
  const quantity = parseQuantity(item.quantity);
  const cents = parseDollarsToCents(item.price);
  return quantity === null || cents === null ? null : quantity * cents;
}

export const draftTotalCents = (items: DraftItem[]): number => items.reduce((sum, item) => sum + (lineCents(item) ?? 0), 0);

const ROW_FIELD_LABELS: Record<string, string> = { name: 'name', quantity: 'quantity', unitPriceCents: 'unit price' };
const FORM_FIELD_LABELS: Record<string, string> = { items: 'Items', note: 'Note', customerId: 'Customer ID' };
const hasNul = (s: string) => s.includes('\u0000');

/** Labels for error paths the server (and validateDraft) use, e.g. `items.2.quantity` → "Item 3 quantity". */
export function labelForPath(path: string): string | undefined {
  const row = /^items\.(\d+)\.(name|quantity|unitPriceCents)$/.exec(path);
  if (row) return `Item ${Number(row[1]) + 1} ${ROW_FIELD_LABELS[row[2] ?? ''] ?? ''}`.trim();
  return FORM_FIELD_LABELS[path];
}

/** API.md's limits, checked here first; errors are keyed by the server's paths so both land in the same place. */
export function validateDraft(items: DraftItem[], note: string, customerId = ''): { errors: Record<string, string>; body: PlaceOrderBody | null } {
  const errors: Record<string, string> = {};
  if (items.length < L.minItems || items.length > L.maxItems) errors.items = `An order has ${L.minItems} to ${L.maxItems} items.`;
  const parsed = items.map((item, i) => {
    const name = item.name.trim();
    const quantity = parseQuantity(item.quantity);
    const unitPriceCents = parseDollarsToCents(item.price);
    if (!name || name.length > L.itemNameMax || hasNul(name)) errors[`items.${i}.name`] = `Item ${i + 1}: enter a name of 1 to ${L.itemNameMax} characters.`;
    if (quantity === null || quantity < L.minQuantity || quantity > L.maxQuantity) {
      errors[`items.${i}.quantity`] = `Item ${i + 1}: quantity must be a whole number from ${L.minQuantity} to ${L.maxQuantity}.`;
    }
    if (unitPriceCents === null || unitPriceCents > L.maxUnitPriceCents) {
      errors[`items.${i}.unitPriceCents`] = `Item ${i + 1}: enter a price from $0.00 to ${formatCents(L.maxUnitPriceCents)}, like 18.50.`;
    }
    return { name, quantity: quantity ?? 0, unitPriceCents: unitPriceCents ?? 0 };
  });
  const trimmedNote = note.trim();
  if (trimmedNote.length > L.noteMax || hasNul(trimmedNote)) errors.note = `Note must be at most ${L.noteMax} characters of text.`;
  if (customerId.trim() && !/^[0-9a-f-]{36}$/i.test(customerId.trim())) errors.customerId = 'Customer ID must be a user ID (a UUID).';
  if (Object.keys(errors).length) return { errors, body: null };
  const body: PlaceOrderBody = { items: parsed };
  if (trimmedNote) body.note = trimmedNote;
  if (customerId.trim()) body.customerId = customerId.trim();
  return { errors, body };
}
