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

/** Maps the `users` table of migrations/; the schema itself is owned by the migrations. */
export function defineUserModel(sequelize: Sequelize): typeof UserModel {
  if (sequelize.models.UserModel) return sequelize.models.UserModel as typeof UserModel;
  UserModel.init(
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
  return UserModel;
}
