import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { INSPECTOR_CORE, InspectorCore } from '../inspector-core';

/** The ramdisk callback (§2.2, §7): public, 200 `{"uuid"}`. */
@Controller('v1/continue')
export class ContinueController {
  constructor(@Inject(INSPECTOR_CORE) private readonly core: InspectorCore) {}

  // The api-ref says 201, ironic-inspector answers 200 and IPA expects that.
  @Post()
  @HttpCode(200)
  continue(@Body() body: unknown) {
    return this.core.processing.process(body);
  }
}
