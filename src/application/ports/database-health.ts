/** Answers whether the database can serve queries right now. Must answer quickly, never hang. */
export interface DatabaseHealth {
  isUp(): Promise<boolean>;
}
