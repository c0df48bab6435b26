import { Module } from '@nestjs/common';
import { RunbookController } from './runbook.controller';
import { RunbookService } from './runbook.service';

@Module({ controllers: [RunbookController], providers: [RunbookService] })
export class RunbooksModule {}
