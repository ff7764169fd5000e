import {
  DataTypes,
  Model,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type ModelStatic,
  type Sequelize,
} from 'sequelize';
import type { ActorRole, OrderStatus } from '../../../domain/order/order-status.js';

/** Row types only (see defineOrderModels). bigint columns (number, total_cents, ids) arrive from pg as strings; the mapper converts them. */
export class OrderModel extends Model<InferAttributes<OrderModel>, InferCreationAttributes<OrderModel>> {
  declare id: string;
  /** Assigned by the order_number_seq default; read back with RETURNING. */
  declare number: CreationOptional<string>;
  declare customerId: string;
  declare customerName: string;
  declare status: OrderStatus;
  declare totalCents: number | string;
  declare currency: string;
  declare note: string | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class OrderItemModel extends Model<InferAttributes<OrderItemModel>, InferCreationAttributes<OrderItemModel>> {
  declare orderId: string;
  declare position: number;
  declare name: string;
  declare quantity: number;
  declare unitPriceCents: number;
}

export class OrderHistoryModel extends Model<InferAttributes<OrderHistoryModel>, InferCreationAttributes<OrderHistoryModel>> {
  declare id: CreationOptional<string>;
  declare orderId: string;
  declare fromStatus: OrderStatus | null;
  declare toStatus: OrderStatus;
  declare actorId: string;
  declare actorName: string;
  declare actorRole: ActorRole;
  declare note: string | null;
  declare at: Date;
}

export class EventModel extends Model<InferAttributes<EventModel>, InferCreationAttributes<EventModel>> {
  declare id: CreationOptional<string>;
  declare type: string;
  declare orderId: string;
  declare customerId: string;
  declare payload: unknown;
  declare createdAt: CreationOptional<Date>;
}

export interface OrderModels {
  Order: ModelStatic<OrderModel>;
  Item: ModelStatic<OrderItemModel>;
  History: ModelStatic<OrderHistoryModel>;
  Event: ModelStatic<EventModel>;
}

const options = (tableName: string) => ({ tableName, underscored: true, timestamps: false });

/**
 * Maps the tables of migrations/ (the schema itself is owned by the migrations). Defined
 * per Sequelize instance (not Model.init on shared classes), so two instances in one
 * process never rebind each other's models.
 */
export function defineOrderModels(sequelize: Sequelize): OrderModels {
  const m = sequelize.models;
  if (m.OrderModel && m.OrderItemModel && m.OrderHistoryModel && m.EventModel) {
    return { Order: m.OrderModel, Item: m.OrderItemModel, History: m.OrderHistoryModel, Event: m.EventModel } as OrderModels;
  }
  return {
    Order: sequelize.define<OrderModel>('OrderModel', {
      id: { type: DataTypes.UUID, primaryKey: true },
      number: { type: DataTypes.BIGINT },
      customerId: { type: DataTypes.UUID, allowNull: false },
      customerName: { type: DataTypes.TEXT, allowNull: false },
      status: { type: DataTypes.TEXT, allowNull: false },
      totalCents: { type: DataTypes.BIGINT, allowNull: false },
      currency: { type: DataTypes.TEXT, allowNull: false },
      note: { type: DataTypes.TEXT },
      version: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    }, options('orders')),
    Item: sequelize.define<OrderItemModel>('OrderItemModel', {
      orderId: { type: DataTypes.UUID, primaryKey: true },
      position: { type: DataTypes.SMALLINT, primaryKey: true },
      name: { type: DataTypes.TEXT, allowNull: false },
      quantity: { type: DataTypes.INTEGER, allowNull: false },
      unitPriceCents: { type: DataTypes.INTEGER, allowNull: false },
    }, options('order_items')),
    History: sequelize.define<OrderHistoryModel>('OrderHistoryModel', {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      orderId: { type: DataTypes.UUID, allowNull: false },
      fromStatus: { type: DataTypes.TEXT },
      toStatus: { type: DataTypes.TEXT, allowNull: false },
      actorId: { type: DataTypes.UUID, allowNull: false },
      actorName: { type: DataTypes.TEXT, allowNull: false },
      actorRole: { type: DataTypes.TEXT, allowNull: false },
      note: { type: DataTypes.TEXT },
      at: { type: DataTypes.DATE, allowNull: false },
    }, options('order_status_history')),
    Event: sequelize.define<EventModel>('EventModel', {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      type: { type: DataTypes.TEXT, allowNull: false },
      orderId: { type: DataTypes.UUID, allowNull: false },
      customerId: { type: DataTypes.UUID, allowNull: false },
      payload: { type: DataTypes.JSONB, allowNull: false },
      createdAt: { type: DataTypes.DATE },
    }, options('events')),
  };
}
