/** Service identifiers of the composition root. One per port or use case. */
export const TOKENS = {
  Config: Symbol.for('Config'),
  Logger: Symbol.for('Logger'),
  Sequelize: Symbol.for('Sequelize'),
  TranslateError: Symbol.for('TranslateError'),
  DatabaseHealth: Symbol.for('DatabaseHealth'),
  CheckHealth: Symbol.for('CheckHealth'),
  Routes: Symbol.for('Routes'),
  HttpApp: Symbol.for('HttpApp'),
} as const;
