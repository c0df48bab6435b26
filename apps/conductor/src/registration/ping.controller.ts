import { Controller, Inject } from '@nestjs/common';
import { PingConductor } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import type { ConductorConfig } from '../conductor.config';
import { CONFIG } from '../tokens';

/** Answers "are you alive?" on this conductor's own subject: a second conductor of the same hostname asks before it starts. */
@Controller()
export class PingController {
  constructor(@Inject(CONFIG) private readonly config: ConductorConfig) {}

  @Handles(PingConductor)
  ping() {
    return { hostname: this.config.hostname };
  }
}
