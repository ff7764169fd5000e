/** Limits of API.md's Orders section; the HTTP schemas and the aggregate both use them. */
export const ORDER_LIMITS = {
  minItems: 1,
  maxItems: 50,
  itemNameMax: 200,
  minQuantity: 1,
  maxQuantity: 1000,
  maxUnitPriceCents: 10_000_000,
  noteMax: 1000,
} as const;

export const ORDER_CURRENCY = 'USD';
