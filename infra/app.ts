// CDK entry point: `npx cdk synth -c env=<local|dev|staging|prod>` (staging and prod refuse
// placeholders unless `-c review=true`: infra/config.ts, deployBlockers).
import { App } from 'aws-cdk-lib';
import { addRulePacks } from './constructs/compliance';
import { loadStageConfig } from './config';
import { buildPlatform } from './platform';

const app = new App();
// `-c review=true` synthesizes a stage whose placeholders are not set yet, to read it.
const review = String(app.node.tryGetContext('review')) === 'true';
const config = loadStageConfig(app.node.tryGetContext('env'), review ? 'review' : 'deploy');
buildPlatform(app, config);
addRulePacks(app);
app.synth();
