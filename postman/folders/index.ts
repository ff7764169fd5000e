import type { FolderDef } from '../lib.js';
import { auth } from './auth.js';
import { chat } from './chat.js';
import { generalRules } from './general-rules.js';
import { lifecycle } from './lifecycle.js';
import { live } from './live.js';
import { orders } from './orders.js';
import { operations } from './operations.js';
import { users } from './users.js';

/** The folders in run order: later folders reuse variables (tokens, ids) set by earlier ones. */
export const folders: FolderDef[] = [operations, generalRules, auth, users, orders, lifecycle, chat, live];
