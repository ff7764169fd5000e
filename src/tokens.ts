/** Service identifiers of the composition root. One per port or use case. */
export const TOKENS = {
  Config: Symbol.for('Config'),
  Logger: Symbol.for('Logger'),
  Sequelize: Symbol.for('Sequelize'),
  TranslateError: Symbol.for('TranslateError'),
  JwtKeys: Symbol.for('JwtKeys'),
  DatabaseHealth: Symbol.for('DatabaseHealth'),
  CheckHealth: Symbol.for('CheckHealth'),
  Clock: Symbol.for('Clock'),
  IdGenerator: Symbol.for('IdGenerator'),
  UserRepository: Symbol.for('UserRepository'),
  /** Announces user changes to every instance (invalidates their user caches); main.ts starts and closes it. */
  UserChangeFeed: Symbol.for('UserChangeFeed'),
  PasswordHasher: Symbol.for('PasswordHasher'),
  TokenIssuer: Symbol.for('TokenIssuer'),
  LoginThrottle: Symbol.for('LoginThrottle'),
  AccountUseCases: Symbol.for('AccountUseCases'),
  OrderRepository: Symbol.for('OrderRepository'),
  /** Orders with the caller's unread counts in one read (the Sequelize adapter joins both stores). */
  OrderViews: Symbol.for('OrderViews'),
  OrderUseCases: Symbol.for('OrderUseCases'),
  MessageRepository: Symbol.for('MessageRepository'),
  EventLog: Symbol.for('EventLog'),
  ChatUseCases: Symbol.for('ChatUseCases'),
  /** Live events: the cross-instance wake-up (LISTEN/NOTIFY) and the per-process SSE hub; main.ts starts and shuts down the hub. */
  EventBus: Symbol.for('EventBus'),
  LiveEventHub: Symbol.for('LiveEventHub'),
  Routes: Symbol.for('Routes'),
  HttpApp: Symbol.for('HttpApp'),
} as const;
