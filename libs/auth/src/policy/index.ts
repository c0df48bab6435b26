export * from './check-string';
export * from './default-policy';
export * from './policy';
export * from './inspector-policy';
export * from './inspection-rule-policy';
export * from './later-node-policy';
export * from './runbook-policy';
