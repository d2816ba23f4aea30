// The customer's data rights (issue 14, M2.5-d, M7.1-a/b, PIPL): GET and PUT their consents
// per purpose, GET their export, POST an erasure. The customer id comes from the verified
// token only: nobody reaches another customer's data here.
import { systemClock } from '../../shared/kernel';
import {
  AML_RETENTION_YEARS,
  changeConsent,
  consentView,
  DataRightsRepo,
} from '../../shared/identity';
import { eraseCustomer, exportCustomerData } from '../../shared/insight';
import { ApplicationsRepo, LoansRepo } from '../../shared/credit';
import { ScreeningRepo } from '../../shared/compliance';
import { ENV, requireEnv } from '../../shared/platform';
import {
  assessments,
  audit,
  customerKeys,
  customers,
  fieldCrypto,
  holdings,
  identity,
  ledger,
  transactionsOn,
} from '../deps/adapters';
import { serveRoutes } from '../http';
import { DATA_RIGHTS_ROUTES } from '../routes/data-rights';

const rights = () => new DataRightsRepo(requireEnv(ENV.tables.customers));

const consentDeps = () => ({
  customers: customers(),
  rights: rights(),
  tx: transactionsOn('customers'),
  clock: systemClock,
});

const loans = () => new LoansRepo(requireEnv(ENV.tables.ledger));

export const handler = serveRoutes(DATA_RIGHTS_ROUTES, {
  getMyConsents: async (req) => ({
    body: await consentView(req.principal.username, consentDeps()),
  }),
  putMyConsent: async (req) => ({
    body: await changeConsent(
      req.principal.username,
      {
        key: req.idempotencyKey,
        operation: req.operationId,
        input: { purpose: req.params.purpose, ...req.body },
        requestId: req.requestId,
      },
      consentDeps(),
    ),
  }),
  exportMyData: async (req) => ({
    body: await exportCustomerData(req.principal.username, {
      customers: customers(),
      rights: rights(),
      crypto: fieldCrypto(),
      audit: audit(),
      ledger: ledger(),
      holdings: holdings(),
      assessments: assessments(),
      applications: new ApplicationsRepo(requireEnv(ENV.tables.ledger)),
      loans: loans(),
      clock: systemClock,
      // Customer service's complaints join here when that module is merged (issue 14).
      extra: {},
    }),
  }),
  eraseMe: async (req) => ({
    body: await eraseCustomer(
      req.principal.username,
      { key: req.idempotencyKey, operation: req.operationId },
      {
        customers: customers(),
        rights: rights(),
        keys: customerKeys(),
        identity: identity(),
        audit: audit(),
        ledger: ledger(),
        tx: transactionsOn('customers'),
        holdings: holdings(),
        loans: loans(),
        clock: systemClock,
        retentionYears: AML_RETENTION_YEARS,
        screening: new ScreeningRepo(requireEnv(ENV.tables.compliance)),
      },
    ),
  }),
});
