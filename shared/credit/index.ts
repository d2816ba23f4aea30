// Credit: consumer-loan applications decided in the request by one of two credit
// scorecards (an expert one from configured weights, a statistical one fitted from data),
// the measures that backtest them, and the loans approved applications become (issue 13,
// M3.1, M1-a). The public entry of the module: other modules and the functions import only
// this.
export * from './domain/application';
export * from './domain/assessment';
export * from './domain/expert-scorecard';
export * from './domain/default-expert-scorecard';
export * from './domain/statistical-scorecard';
export * from './domain/metrics';
export * from './domain/binning';
export * from './domain/logistic';
export * from './domain/fit';
export * from './domain/random';
export * from './domain/shipped-statistical-scorecard';
export * from './domain/policy';
export * from './domain/loan';
export * from './adapters/applications-repo';
export * from './flows/applications';
export * from './flows/loans';
export * from './adapters/loans-repo';
export * from './schemas';
