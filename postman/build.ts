import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { everyResponse } from './every-response.js';
import { folders } from './folders/index.js';
import { collection, environment } from './lib.js';

export const COLLECTION_PATH = fileURLToPath(new URL('./orderly.postman_collection.json', import.meta.url));
export const ENVIRONMENT_PATH = fileURLToPath(new URL('./orderly.postman_environment.json', import.meta.url));

export function renderCollection(): string {
  return `${JSON.stringify(collection(folders, everyResponse), null, 2)}\n`;
}

export function renderEnvironment(): string {
  return `${JSON.stringify(environment('http://localhost:3000'), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(COLLECTION_PATH, renderCollection());
  writeFileSync(ENVIRONMENT_PATH, renderEnvironment());
  console.log(`wrote ${COLLECTION_PATH} and ${ENVIRONMENT_PATH}`);
}
