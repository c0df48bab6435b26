import { Controller } from '@nestjs/common';
import { GetConsoleInformation, RequestOf, SetConsoleMode } from '@ferrum/contracts';
import { Handles } from '@ferrum/transport';
import { ConsoleService } from './console.service';

@Controller()
export class ConsoleController {
  constructor(private readonly consoles: ConsoleService) {}

  @Handles(SetConsoleMode)
  async setConsoleMode(req: RequestOf<typeof SetConsoleMode>) {
    await this.consoles.setConsoleMode(req.node_uuid, req.enabled);
    return null;
  }

  @Handles(GetConsoleInformation)
  consoleInformation(req: RequestOf<typeof GetConsoleInformation>) {
    return this.consoles.consoleInformation(req.node_uuid);
  }
}
