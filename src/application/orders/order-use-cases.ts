import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { MessageRepository } from '../ports/message-repository.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { OrderViews } from '../ports/order-views.js';
import type { UserRepository } from '../ports/user-repository.js';
import { GetOrder } from './get-order.js';
import { ListOrders } from './list-orders.js';
import { composedOrderViews } from './order-view.js';
import { PlaceOrder } from './place-order.js';
import { UpdateOrderStatus } from './update-order-status.js';

export interface OrderPorts {
  orders: OrderRepository;
  users: UserRepository;
  messages: MessageRepository;
  clock: Clock;
  ids: IdGenerator;
  /** Orders with the caller's unread counts in one read; composed from `orders` and `messages` when absent. */
  views?: OrderViews;
}

export function orderUseCases(p: OrderPorts) {
  const views = p.views ?? composedOrderViews(p.orders, p.messages);
  return {
    placeOrder: new PlaceOrder(p.orders, p.users, p.clock, p.ids),
    listOrders: new ListOrders(views),
    getOrder: new GetOrder(views),
    updateOrderStatus: new UpdateOrderStatus(p.orders, views, p.clock),
  };
}

export type OrderUseCases = ReturnType<typeof orderUseCases>;
