import { Module } from '@nestjs/common';
import { DeployTemplateController } from './deploy-template.controller';
import { DeployTemplateService } from './deploy-template.service';

@Module({ controllers: [DeployTemplateController], providers: [DeployTemplateService] })
export class DeployTemplatesModule {}
