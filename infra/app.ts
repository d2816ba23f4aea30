// CDK entry point: `npx cdk synth -c env=<local|dev|staging|prod>`.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { loadStageConfig } from './config';
import { buildPlatform } from './platform';

const app = new App();
const config = loadStageConfig(app.node.tryGetContext('env'));
buildPlatform(app, config);
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
