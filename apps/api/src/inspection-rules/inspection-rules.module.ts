import { Module } from '@nestjs/common';
import { InspectionRuleController } from './inspection-rule.controller';
import { InspectionRuleService } from './inspection-rule.service';

@Module({ controllers: [InspectionRuleController], providers: [InspectionRuleService] })
export class InspectionRulesModule {}
