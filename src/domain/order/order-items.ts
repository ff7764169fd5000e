import { InvalidOrderError } from './order-errors.js';
import { ORDER_LIMITS as L } from './order-limits.js';

export interface OrderItem {
  name: string;
  quantity: number;
  unitPriceCents: number;
}

const hasNul = (s: string) => s.includes('\u0000');

/** The item rules of API.md; the HTTP schema checks the same limits first, this is the aggregate's own guard. */
export function validateItems(items: OrderItem[]): void {
  if (items.length < L.minItems || items.length > L.maxItems) {
    throw new InvalidOrderError(`An order has ${L.minItems} to ${L.maxItems} items.`, 'items');
  }
  items.forEach((item, i) => {
    const name = item.name.trim();
    if (name.length < 1 || name.length > L.itemNameMax || hasNul(name)) {
      throw new InvalidOrderError(`Item names are 1 to ${L.itemNameMax} characters.`, `items.${i}.name`);
    }
    if (!Number.isInteger(item.quantity) || item.quantity < L.minQuantity || item.quantity > L.maxQuantity) {
      throw new InvalidOrderError(`Quantities are whole numbers from ${L.minQuantity} to ${L.maxQuantity}.`, `items.${i}.quantity`);
    }
    if (!Number.isInteger(item.unitPriceCents) || item.unitPriceCents < 0 || item.unitPriceCents > L.maxUnitPriceCents) {
      throw new InvalidOrderError(`Prices are whole cents from 0 to ${L.maxUnitPriceCents}.`, `items.${i}.unitPriceCents`);
    }
  });
}

/** Notes are optional text up to the limit; blank means none. */
export function validateNote(note: string | null): string | null {
  if (note === null) return null;
  const trimmed = note.trim();
  if (trimmed.length > L.noteMax || hasNul(trimmed)) throw new InvalidOrderError(`Notes are at most ${L.noteMax} characters.`, 'note');
  return trimmed === '' ? null : trimmed;
}
