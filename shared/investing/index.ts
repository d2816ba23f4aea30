// Investing: the risk questionnaire, product ratings, suitability, orders, holdings, recommendations.
// The public entry of the module: other modules and the functions import only this.
export * from './adapters/assessments-repo';
export * from './adapters/holdings';
export * from './adapters/products-repo';
export * from './domain/product-rating';
export * from './domain/questionnaire';
export * from './domain/recommendations';
export * from './domain/suitability-config';
export * from './domain/suitability';
export * from './flows/assessments';
export * from './flows/orders';
export * from './flows/products';
export * from './flows/recommendations';
export * from './schemas';
