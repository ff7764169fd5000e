import type { OrderStatus } from '../../api/types';

export const STATUS_LABELS: Record<OrderStatus, string> = {
  pending: 'Pending',
  confirmed: 'Confirmed',
  preparing: 'Preparing',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
};

/** Button text for a move *to* the status. */
export const ACTION_LABELS: Record<OrderStatus, string> = {
  pending: 'Reopen',
  confirmed: 'Confirm order',
  preparing: 'Start preparing',
  shipped: 'Mark as shipped',
  delivered: 'Mark as delivered',
  cancelled: 'Cancel order',
};

/** API.md lifecycle: cancelling from these needs a reason (the server answers 422 without). */
export const CANCEL_NEEDS_REASON: readonly OrderStatus[] = ['confirmed', 'preparing'];
