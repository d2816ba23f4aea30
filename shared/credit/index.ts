// Credit: consumer-loan applications and the two credit scorecards (an expert one from
// configured weights, a statistical one fitted from data), with the measures that backtest
// them (issue 13, M3.1). Pure so far: loans, routes and storage arrive with the rest of the
// issue. The public entry of the module: other modules and the functions import only this.
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
export * from './adapters/applications-repo';
export * from './flows/applications';
export * from './schemas';
