// Scheduled: enqueues movements whose settlement date has come (T+1, T+2), and any T+0
// movement whose enqueue failed after its commit.
import * as moneyDeps from '../deps/money';
import { releaseDue } from '../../shared/money';
import { logger } from '../../shared/platform';

export const handler = async (): Promise<{ released: number }> => {
  const result = await releaseDue(moneyDeps.release());
  logger.info('settlement release', result);
  return result;
};
