# Decides each case of the policy spec with the real oslo.policy and Ironic 21.4's default rules (scope
# enforcement and the new defaults on, as Ironic has them since 24.0). Reads the cases as JSON on stdin.
import json, sys
from oslo_config import cfg
from oslo_policy import policy as oslo_policy
from ironic.common import policy as ipolicy
conf = cfg.ConfigOpts()
conf([], project='ironic')
enf = oslo_policy.Enforcer(conf)
enf.conf.set_override('enforce_scope', True, group='oslo_policy')
enf.conf.set_override('enforce_new_defaults', True, group='oslo_policy')
enf.register_defaults(ipolicy.list_policies())
enf.load_rules()
assert enf.conf.oslo_policy.enforce_scope, 'scope'
cases = json.load(sys.stdin)
out = []
for c in cases:
    try:
        ok = enf.enforce(c['rule'], c['target'], c['creds'], do_raise=False)
    except oslo_policy.InvalidScope:
        ok = False
    out.append(bool(ok))
print(json.dumps(out))
