// A service's container env on Kubernetes, from its config's ${VAR} references (env-plan.ts):
// fixed values inline, credentials from the service's Secret, operator settings from the
// platform ConfigMap. Only names the YAML reads are set (plus the OpenTelemetry SDK's own), so a
// manifest cannot carry a variable nothing reads.
import type { EnvVar } from 'kubernetes-types/core/v1.js';
import { findEnvRefs } from './env-refs.js';
import { KUBE_ADDRESSES, planServiceEnv, type EnvPlanEntry } from './env-plan.js';
import type { DeployService } from './service-catalog.js';

/** ConfigMap of platform-wide settings (collector address, operator-provided URLs). */
export const PLATFORM_CONFIGMAP = 'vigil-env';

const OTLP_ENDPOINT = 'OTEL_EXPORTER_OTLP_ENDPOINT';

/** The Secret holding a service's credentials, one key per variable. */
export function secretName(service: string): string {
  return `${service}-secrets`;
}

/** The plan of `service` on Kubernetes (empty without a config file). */
export function kubeEnvPlan(
  service: DeployService,
  services: readonly DeployService[],
): EnvPlanEntry[] {
  if (service.configText === undefined) return [];
  return planServiceEnv(service, services, KUBE_ADDRESSES, findEnvRefs(service.configText));
}

/** Container env of `service`: OTel SDK variables first, then its config's, by name. */
export function kubeEnv(service: DeployService, services: readonly DeployService[]): EnvVar[] {
  const plan = kubeEnvPlan(service, services);
  // A config that reads the collector address itself (Telemetry.Endpoint) needs the key; for
  // the SDK alone it is optional. Either way one entry: a repeated env name is an error to
  // server-side apply and a silent last-one-wins elsewhere.
  const endpointInPlan = plan.some((e) => e.name === OTLP_ENDPOINT && e.source.kind === 'platform');
  const env: EnvVar[] = [
    {
      name: OTLP_ENDPOINT,
      valueFrom: {
        configMapKeyRef: {
          name: PLATFORM_CONFIGMAP,
          key: OTLP_ENDPOINT,
          ...(endpointInPlan ? {} : { optional: true }),
        },
      },
    },
    { name: 'OTEL_SERVICE_NAME', value: service.name },
  ];
  for (const entry of plan) {
    const { name, source } = entry;
    if (name === OTLP_ENDPOINT && endpointInPlan) continue;
    switch (source.kind) {
      case 'value':
        env.push({ name, value: source.value });
        break;
      case 'secret':
        env.push({
          name,
          valueFrom: { secretKeyRef: { name: secretName(service.name), key: name } },
        });
        break;
      case 'platform':
        env.push({ name, valueFrom: { configMapKeyRef: { name: PLATFORM_CONFIGMAP, key: name } } });
        break;
      case 'default':
        break;
    }
  }
  return env;
}
