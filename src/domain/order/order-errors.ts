import type { OrderStatus } from './order-status.js';

/** The order's rules refused a change; each subclass names which rule. */
export abstract class OrderRuleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** No such move from the current status for anyone (including terminal statuses). */
export class InvalidStatusTransitionError extends OrderRuleError {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
    readonly allowed: OrderStatus[],
  ) {
    super(`An order cannot move from ${from} to ${to}.`);
  }
}

/** The move exists, but this actor's role may not make it. */
export class TransitionNotPermittedError extends OrderRuleError {
  constructor(
    readonly from: OrderStatus,
    readonly to: OrderStatus,
  ) {
    super(`You may not move this order from ${from} to ${to}.`);
  }
}

export class CancellationReasonRequiredError extends OrderRuleError {
  constructor() {
    super('Cancelling a confirmed order needs a reason in `note`.');
  }
}

/** Items, quantities, prices or texts outside the limits of API.md. */
export class InvalidOrderError extends OrderRuleError {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}
