"""ironic-inspector's API through openstacksdk's baremetal_introspection proxy (e2e/cli/inspector-client.e2e.spec.ts).

Debian's python3-ironic-inspector-client is an empty transitional package (no `baremetal introspection`
commands), so the real client here is openstacksdk, as metal3 and the ironic CLI's successors use it.

Usage: python3 openstacksdk-introspection.py INSPECTOR_URL COMMAND [ARGS]. Prints one JSON document.
  start NODE [manage_boot] | status NODE | wait NODE | list | abort NODE | data NODE FILE
  rule-import FILE | rule-list | rule-show UUID | rule-delete UUID | rule-purge
"""
import json
import sys

import openstack

inspector, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
conn = openstack.connection.Connection(
    auth_type='none',
    baremetal_introspection_endpoint_override=inspector + '/',
    baremetal_introspection_api_version='1',
)
proxy = conn.baremetal_introspection


def status(i):
    return {'uuid': i.id, 'state': i.state, 'finished': i.is_finished, 'error': i.error,
            'started_at': i.started_at, 'finished_at': i.finished_at}


def body(response):
    if response.status_code >= 400:
        print(json.dumps({'status': response.status_code, 'error': response.json()}))
        sys.exit(1)
    return response.json() if response.content else None


if command == 'start':
    manage_boot = None if len(args) < 2 else args[1] == 'true'
    out = status(proxy.start_introspection(args[0], manage_boot=manage_boot))
elif command == 'status':
    out = status(proxy.get_introspection(args[0]))
elif command == 'wait':
    out = status(proxy.wait_for_introspection(args[0], timeout=60, ignore_error=True))
elif command == 'list':
    out = [status(i) for i in proxy.introspections()]
elif command == 'abort':
    proxy.abort_introspection(args[0])
    out = {'aborted': args[0]}
elif command == 'data':
    data = proxy.get_introspection_data(args[0])
    with open(args[1], 'w') as f:
        json.dump(data, f)
    out = {'saved': args[1]}
elif command == 'rule-import':
    with open(args[0]) as f:
        rules = json.load(f)
    out = [body(proxy.post('rules', json=r, microversion='1.6')) for r in (rules if isinstance(rules, list) else [rules])]
elif command == 'rule-list':
    out = body(proxy.get('rules'))['rules']
elif command == 'rule-show':
    out = body(proxy.get('rules/' + args[0]))
elif command == 'rule-delete':
    body(proxy.delete('rules/' + args[0]))
    out = {'deleted': args[0]}
elif command == 'rule-purge':
    body(proxy.delete('rules'))
    out = {'purged': True}
else:
    raise SystemExit('unknown command ' + command)
print(json.dumps(out))
