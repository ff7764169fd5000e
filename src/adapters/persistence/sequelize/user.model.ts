import { DataTypes, Model, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Role } from '../../../domain/user/role.js';

export class UserModel extends Model<InferAttributes<UserModel>, InferCreationAttributes<UserModel>> {
  declare id: string;
  declare email: string;
  declare name: string;
  declare role: Role;
  declare passwordHash: string;
  declare disabled: boolean;
  declare tokenVersion: number;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}

/**
 * Maps the `users` table of migrations/; the schema itself is owned by the migrations.
 * Each Sequelize instance gets its own subclass: init() on the shared class would re-bind
 * every earlier repository to whichever database initialised it last.
 */
export function defineUserModel(sequelize: Sequelize): typeof UserModel {
  if (sequelize.models.UserModel) return sequelize.models.UserModel as typeof UserModel;
  class BoundUserModel extends UserModel {}
  BoundUserModel.init(
    {
      id: { type: DataTypes.UUID, primaryKey: true },
      email: { type: DataTypes.TEXT, allowNull: false },
      name: { type: DataTypes.TEXT, allowNull: false },
      role: { type: DataTypes.TEXT, allowNull: false },
      passwordHash: { type: DataTypes.TEXT, allowNull: false },
      disabled: { type: DataTypes.BOOLEAN, allowNull: false },
      tokenVersion: { type: DataTypes.INTEGER, allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, modelName: 'UserModel', tableName: 'users', underscored: true, timestamps: false },
  );
  return BoundUserModel;
}
