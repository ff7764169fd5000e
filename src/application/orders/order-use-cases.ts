import type { Clock } from '../ports/clock.js';
import type { IdGenerator } from '../ports/id-generator.js';
import type { MessageRepository } from '../ports/message-repository.js';
import type { OrderRepository } from '../ports/order-repository.js';
import type { UserRepository } from '../ports/user-repository.js';
import { GetOrder } from './get-order.js';
import { ListOrders } from './list-orders.js';
import { PlaceOrder } from './place-order.js';
import { UpdateOrderStatus } from './update-order-status.js';

export interface OrderPorts {
  orders: OrderRepository;
  users: UserRepository;
  messages: MessageRepository;
  clock: Clock;
  ids: IdGenerator;
}

export function orderUseCases(p: OrderPorts) {
  return {
    placeOrder: new PlaceOrder(p.orders, p.users, p.clock, p.ids),
    listOrders: new ListOrders(p.orders, p.messages),
    getOrder: new GetOrder(p.orders, p.messages),
    updateOrderStatus: new UpdateOrderStatus(p.orders, p.messages, p.clock),
  };
}

export type OrderUseCases = ReturnType<typeof orderUseCases>;
