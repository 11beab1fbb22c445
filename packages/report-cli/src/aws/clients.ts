import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { XRayClient } from '@aws-sdk/client-xray';

export interface AwsClients {
  lambda: LambdaClient;
  xray: XRayClient;
  logs: CloudWatchLogsClient;
}

/**
 * The three clients, configured only through the standard SDK v3 chain: credentials, region,
 * retries and endpoints (AWS_ENDPOINT_URL_LAMBDA / _XRAY / _CLOUDWATCH_LOGS, config-file `services`)
 * all come from the environment and the shared config; `--region` and `--profile` are passed as the
 * SDK's own `region` and `profile` settings, so nothing here bypasses that chain.
 */
export function createAwsClients(options: { region?: string; profile?: string }): AwsClients {
  const config = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
  };
  return { lambda: new LambdaClient(config), xray: new XRayClient(config), logs: new CloudWatchLogsClient(config) };
}

export function destroyAwsClients(clients: AwsClients): void {
  clients.lambda.destroy();
  clients.xray.destroy();
  clients.logs.destroy();
}
