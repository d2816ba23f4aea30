// Market risk (M3.2-a..c): price data, returns, portfolios of series, VaR and expected
// shortfall by three methods, stress tests, backtests and market indicators. Pure domain
// code, reached as the `MarketRisk` namespace of the risk module's public entry.
export * from './prices';
export * from './returns';
export * from './portfolio';
export * from './stats';
export * from './random';
export * from './var';
export * from './stress';
export * from './backtest';
export * from './config';
export * from './indicators';
export * from './report';
export * from './stage';
export * from './results';
