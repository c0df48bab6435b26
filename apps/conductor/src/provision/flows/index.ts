import type { ProvisionEvent } from '@ferrum/state-machines';
import { AbortFlow } from './abort.flow';
import { AdoptFlow } from './adopt.flow';
import { CleanFlow } from './clean.flow';
import { DeleteFlow } from './delete.flow';
import { DeployFlow } from './deploy.flow';
import { FlowDeps, ProvisionFlow, nothingMore } from './flow';
import { InspectFlow } from './inspect.flow';
import { ManageFlow } from './manage.flow';
import { ProvideFlow } from './provide.flow';
import { RescueFlow, UnrescueFlow } from './rescue.flow';
import { ServiceFlow } from './service.flow';
import { UnholdFlow } from './unhold.flow';

export { FlowDeps, ProvisionFlow } from './flow';
export { resumeSteps } from './resume';

/** The flow of each user event; the internal events (done, fail, wait, resume) have none of their own. */
export function provisionFlows(deps: FlowDeps): (event: ProvisionEvent) => ProvisionFlow {
  const flows: Partial<Record<ProvisionEvent, ProvisionFlow>> = {
    manage: new ManageFlow(deps),
    provide: new ProvideFlow(deps),
    clean: new CleanFlow(deps),
    inspect: new InspectFlow(deps),
    deploy: new DeployFlow(deps),
    rebuild: new DeployFlow(deps, true),
    delete: new DeleteFlow(deps),
    adopt: new AdoptFlow(deps),
    rescue: new RescueFlow(deps),
    unrescue: new UnrescueFlow(deps),
    abort: new AbortFlow(deps),
    service: new ServiceFlow(deps),
    unhold: new UnholdFlow(deps),
  };
  return (event) => flows[event] ?? nothingMore;
}
