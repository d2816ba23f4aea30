// Platform: AWS clients, configuration, logging, the error taxonomy and its problem
// catalogue. The public entry of the module: other modules import only this. The http edge
// has its own entry (shared/platform/http), for the functions alone.
export * from './aws/clients';
export * from './aws/cognito';
export * from './aws/dynamo';
export * from './aws/kms';
export * from './aws/sns';
export * from './aws/sqs';
export * from './config';
export * from './env-names';
export * from './errors';
export * from './logger';
export * from './metrics';
export * from './paginate';
export * from './problems';
export * from './settings-codec';
export * from './queues';
export * from './switches';
export * from './transact';
export * from './aws/sdk/dynamodb';
export * from './aws/sdk/kms';
export * from './aws/sdk/sqs';
export * from './aws/sdk/sns';
export * from './aws/sdk/cognito';
