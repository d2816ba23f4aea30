// Scheduled: enqueues movements whose settlement date has come (T+1, T+2), and any still
// pending after it (a settlement that failed, a T+0 message the stream could not deliver).
import * as moneyDeps from '../deps/money';
import { releaseDue } from '../../shared/money';
import { logger } from '../../shared/platform';

export const handler = async (): Promise<{ released: number }> => {
  const result = await releaseDue(moneyDeps.release());
  logger.info('settlement release', result);
  return result;
};
