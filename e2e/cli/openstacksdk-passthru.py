"""Vendor passthru through openstacksdk, which uses the `?method=` URL form (e2e/cli/baremetal-lifecycle.e2e.spec.ts).

Usage: python3 openstacksdk-passthru.py ENDPOINT NODE. Prints one JSON line per call: status, URL and body.
"""
import json
import sys

import openstack

endpoint, node_ident = sys.argv[1], sys.argv[2]
conn = openstack.connection.Connection(auth_type='none', baremetal_endpoint_override=endpoint + '/', baremetal_api_version='1')


def report(name, response):
    print(json.dumps({'call': name, 'status': response.status_code, 'url': response.url, 'body': response.json() if response.content else None}))


node = conn.baremetal.get_node(node_ident)
report('node', conn.baremetal.call_node_vendor_passthru(node, 'POST', 'third_method_sync', {'bar': 'meow'}))
report('node_async', conn.baremetal.call_node_vendor_passthru(node, 'POST', 'second_method', {'bar': 'kazoo'}))
# Ferrum's demonstration driver methods: fake-hardware has none, as on Ironic.
driver = conn.baremetal.get_driver('ferrum-demo')
report('driver', conn.baremetal.call_driver_vendor_passthru(driver, 'GET', 'echo'))
print(json.dumps({'call': 'driver_methods', 'body': conn.baremetal.list_driver_vendor_passthru(driver)}))
