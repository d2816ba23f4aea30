// The http edge: access by the route table's rule, parsing, and the one mapping of results
// and errors to HTTP status and RFC 9457 bodies; the OpenAPI generator. Its public entry,
// for the functions (entry points) and the local gateway; no module code imports it.
export * from './errors';
export * from './gateway-responses';
export * from './openapi';
export * from './route';
